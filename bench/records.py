"""Short records: each block of a page restored on its own, as a corpus
pipeline with one paragraph a record would run ocrfix.

    python -m ocrfix.synth devset build/devset     # once
    python bench/records.py build/devset [--silent auto on off] [--line-width page corpus]

Every synthetic page is cut into its blocks; each block is restored by
itself (``ocrfix.fix``) with ``Config(silent_quotes=None / True / False)``
(``auto`` / ``on`` / ``off``), then
restored again from its own output (fixing twice must change nothing). The
restored blocks are put back together in their order and scored against the
page's gold with ``ocrfix.evaluate``: quotation-mark, punctuation and space
F1 (repairs against the input) per damage style. Joins and reading order
are not scored: a record holds one block, so nothing can be joined or moved.
``--line-width`` also declares the column width (``Config.line_width``),
estimated with ``ocrfix.estimate_line_width`` from each record's whole page
(``page``) or from every page in the folder (``corpus``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ocrfix import Config, estimate_line_width, fix
from ocrfix.evaluate import aggregate, evaluate_page
from ocrfix.page import Page

KINDS = ("quote", "punct", "space")
#: ``--silent`` values: Config.silent_quotes.
SILENT = {"auto": None, "on": True, "off": False}


def restore_records(text: str, config: Config) -> tuple[str, int]:
    """``text`` restored a block at a time, its blocks' separators kept, and
    how many blocks a second run changed."""
    page = Page.parse(text)
    out, pos, unsettled = [], 0, 0
    for block in page.blocks:
        once = fix(block.text, config)
        if fix(once, config) != once:
            unsettled += 1
        out.append(text[pos : block.start])
        out.append(once)
        pos = block.end
    out.append(text[pos:])
    return "".join(out), unsettled


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("devset", type=Path)
    ap.add_argument("--silent", nargs="+", default=list(SILENT), choices=list(SILENT), help="silent_quotes settings to compare")
    ap.add_argument("--line-width", nargs="*", default=[], choices=["page", "corpus"], help="also declare the column width, estimated per page or over the folder")
    args = ap.parse_args(argv)
    pages = sorted(p for p in args.devset.glob("syn-*.txt") if not p.name.endswith(".gold.txt"))
    if not pages:
        print(f"no syn-*.txt pages in {args.devset}; run python -m ocrfix.synth devset {args.devset}", file=sys.stderr)
        return 2
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    corpus = estimate_line_width(list(texts.values()))
    print("silent        pages           " + "  ".join(f"{k:>22}" for k in KINDS) + "  unsettled")
    for style, widths in [(s, w) for w in [None, *args.line_width] for s in args.silent]:
        groups: dict[str, list[dict]] = {}
        unsettled = blocks = 0
        for path in pages:
            text = texts[path]
            width = None if widths is None else corpus if widths == "corpus" else estimate_line_width(text)
            config = Config(silent_quotes=SILENT[style], line_width=width)
            restored, changed = restore_records(text, config)
            unsettled += changed
            blocks += len(Page.parse(text).blocks)
            gold = path.with_name(path.stem + ".gold.txt").read_text(encoding="utf-8")
            groups.setdefault(path.stem.rsplit("-", 1)[0], []).append(evaluate_page(gold, restored, text))
        for group, results in sorted(groups.items()):
            rep = aggregate(results)["repairs"]
            cells = "  ".join(f"{rep[k]['f1']:.3f} ({rep[k]['tp']}/{rep[k]['fp']}/{rep[k]['fn']})".rjust(22) for k in KINDS)
            label = style if widths is None else f"{style}+{widths}"
            print(f"{label:<13} {group:<15} {cells}  {unsettled} of {blocks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
