"""Short pieces with a comma inside: the layout's join into the next block.

    OCRFIX_MODEL=build/tune/fit.klm OCRFIX_LEXICON=build/tune/quoted_terms.tsv \\
        python bench/comma_pieces.py build/tune/pages build/tune/big --clean tune:32:0-11

A body block of at most 24 content characters, with a comma inside and no
mark at its end (``layout.short_comma_line``), may be the first printed line of a paragraph a column
break cut (it reads on into the next block) or an intertitle
(`依法行事，不仅仅是企业`: a paragraph of its own). For every such block the
layout weighs against the block right after it, this prints the join's
score and the cues it is made of (``layout.junction_scores``: pmi across the
junction, how well the piece ends and the next block starts; the line width
cue), and whether the join is right: on a synthetic page, whether the gold
reads the two on (their content characters run on inside one gold
paragraph); on a clean page a join is never right. A score above 0 joins;
a join a rule forbids is not listed (``--rule-off`` weighs them without
the intertitle rule). Nothing is written.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

from ocrfix import Config, layout
from ocrfix.chardata import content_chars
from ocrfix.lm import load_model
from ocrfix.page import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sweep import _clean_pages, _pages  # noqa: E402  (the sweep's page folders and clean pages)


def _gold_paragraphs(text: str) -> str:
    """The content characters of each paragraph, paragraphs kept apart."""
    return "\x00".join(content_chars(p) for p in text.split("\n\n"))


def harvest(pages: list[tuple[str, str, str]], model, config: Config) -> list[dict]:
    """``pages``: (kind, input text, gold text). One row per comma piece."""
    rows: list[dict] = []
    current: dict = {}
    weigh = layout._Layout.join_score

    def join_score(self, i: int, j: int, rank: int) -> float:
        score = weigh(self, i, j, rank)
        left = self.texts[i].strip()
        chars = content_chars(left)
        if rank == 0 and j == i + 1 and self.roles[i] == "body" and layout.short_comma_line(left) and score > -1e8:
            pmi, ends, starts = layout.junction_scores(self.model, self.texts[i], self.texts[j])
            rows.append({
                "kind": current["kind"], "score": score, "pmi": pmi, "ends": ends, "starts": starts,
                "width": layout._width_cue(self.page.blocks[i], self.width), "left": left, "right": self.texts[j][:12],
                "right_join": (chars[-6:] + content_chars(self.texts[j])[:6]) in current["gold"],
            })
        return score

    layout._Layout.join_score = join_score
    try:
        for kind, text, gold in pages:
            current.update(kind=kind, gold=_gold_paragraphs(gold))
            layout.plan(Page.parse(text), model, config)
    finally:
        layout._Layout.join_score = weigh
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="folders of synthetic pages with their gold")
    ap.add_argument("--clean", help="clean pages SPLIT:N:SEEDS (tune:32:0-11)")
    ap.add_argument("--rows", action="store_true", help="print every piece, not only the wrong joins and the joins left out")
    ap.add_argument("--rule-off", action="store_true",
                    help="weigh the joins without the intertitle rule (a join it forbids is not listed otherwise)")
    args = ap.parse_args(argv)
    if args.rule_off:
        layout.INTERTITLE_PMI = -math.inf
    pages = []
    for folder in args.dirs:
        for name in _pages(folder):
            path = Path(name)
            gold = path.with_name(path.stem + ".gold.txt").read_text(encoding="utf-8")
            pages.append((path.stem.split("-")[1], path.read_text(encoding="utf-8"), gold))
    # a clean page is its own gold: every block is a paragraph
    pages += [("clean", p.ocr, p.ocr) for p in _clean_pages(args.clean)]
    rows = harvest(pages, load_model(), Config())
    for r in rows:
        if args.rows or r["right_join"] != (r["score"] > 0):
            print(f"{r['kind']:8} {'right' if r['right_join'] else 'wrong':5} score {r['score']:5.2f} pmi {r['pmi']:5.2f} "
                  f"ends {r['ends']:5.2f} starts {r['starts']:5.2f} width {r['width']:4.1f}  {r['left'][:26]} || {r['right']}")
    counts = Counter((r["kind"], r["right_join"], r["score"] > 0) for r in rows)
    # joined or left apart, and whether that is right by the gold
    print(f"{'pages':8} {'pieces':>6} {'joined, right':>14} {'joined, wrong':>14} {'apart, wrong':>13} {'apart, right':>13}")
    for kind in sorted({r["kind"] for r in rows}):
        c = {k[1:]: v for k, v in counts.items() if k[0] == kind}
        print(f"{kind:8} {sum(c.values()):6d} {c.get((True, True), 0):14d} {c.get((False, True), 0):14d} "
              f"{c.get((True, False), 0):13d} {c.get((False, False), 0):13d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
