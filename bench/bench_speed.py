"""Restoration speed against one plain LM pass, on the synthetic dev pages.

    python -m ocrfix.synth devset build/devset     # once
    python bench/bench_speed.py build/devset [--scaling] [--warm | --warm-on DIR]

Prints, per damage style and overall: characters per second of the whole
``ocrfix.fix`` (layout and decoding), the layout's share of it (one plan of
the input page; and every plan the restoration makes, timed inside it: the
restored page is planned again to see that it settles), and of one
plain scoring pass of the same text with the same model (tokenise every
paragraph, score it once), and the ratio between them. ``--scaling`` also
times 1 KB, 100 KB and 1 MB inputs made of the same pages. ``--warm`` restores
the pages once before timing, so the process's table of KenLM transitions
already holds theirs: an upper bound, not a long run's steady state, since
a corpus run does not see its pages twice. ``--warm-on DIR`` restores
another folder's pages first (the tuning pages, say): the table warmed on
text it has not seen, which is what a long run has (about as fast as cold:
docs/benchmarks.md). Single process, one core;
the model is loaded before timing.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import ocrfix
from ocrfix import Config
from ocrfix.layout import plan
from ocrfix.lm import load_model, tokenize
from ocrfix.page import Page
from ocrfix import restore
from ocrfix.restore import warm_up


def lm_pass(model, text: str) -> None:
    for block in Page.parse(text).blocks:
        model.score(tokenize(block.text))


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


class PlanClock:
    """Times every ``restore.plan_paragraphs`` call while installed."""

    def __init__(self):
        self.seconds = 0.0
        self._plan = restore.plan_paragraphs

    def __call__(self, *args):
        t0 = time.perf_counter()
        try:
            return self._plan(*args)
        finally:
            self.seconds += time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("devset", type=Path)
    ap.add_argument("--scaling", action="store_true")
    ap.add_argument("--warm", action="store_true", help="restore the pages once before timing them")
    ap.add_argument("--warm-on", type=Path, metavar="DIR",
                    help="restore another folder's pages before timing (a table warmed on text it has not seen)")
    args = ap.parse_args()
    pages = sorted(p for p in args.devset.glob("syn-*.txt") if not p.name.endswith(".gold.txt"))
    if not pages:
        print(f"no syn-*.txt pages in {args.devset}; run python -m ocrfix.synth devset {args.devset}", file=sys.stderr)
        return 2
    model = load_model()
    config = Config()
    warm_up(config)  # the model, lexicons and jieba load outside the timing
    ocrfix.fix("预热。")
    if args.warm_on:
        for path in sorted(p for p in args.warm_on.glob("syn-*.txt") if not p.name.endswith(".gold.txt")):
            ocrfix.fix(path.read_text(encoding="utf-8"))
    if args.warm:
        for path in pages:
            ocrfix.fix(path.read_text(encoding="utf-8"))
    rows = {}
    clock = restore.plan_paragraphs = PlanClock()
    for path in pages:
        style = path.stem.rsplit("-", 1)[0]
        text = path.read_text(encoding="utf-8")
        planned = clock.seconds
        fix_s = timed(ocrfix.fix, text)
        plans_s = clock.seconds - planned
        layout_s = timed(lambda t: plan(Page.parse(t), model, config), text)
        lm_s = timed(lm_pass, model, text)
        acc = rows.setdefault(style, [0, 0.0, 0.0, 0.0, 0.0])
        acc[0] += len(text)
        acc[1] += fix_s
        acc[2] += layout_s
        acc[3] += lm_s
        acc[4] += plans_s
    restore.plan_paragraphs = clock._plan
    total = [sum(r[k] for r in rows.values()) for k in range(5)]
    rows["all"] = total
    print(f"{'pages':14} {'chars':>9} {'fix chars/s':>12} {'layout share':>13} {'all plans':>10} {'LM pass chars/s':>16} {'fix / LM pass':>14}")
    for name, (chars, fix_s, layout_s, lm_s, plans_s) in rows.items():
        print(f"{name:14} {chars:9d} {chars / fix_s:12,.0f} {layout_s / fix_s:13.1%} {plans_s / fix_s:10.1%} {chars / lm_s:16,.0f} {fix_s / lm_s:13.1f}x")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MB")
    if args.scaling:
        corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in pages)
        for size in (1_000, 100_000, 1_000_000):
            text = (corpus * (size // len(corpus) + 1))[:size]
            cut = text.rfind("\n\n")
            text = text[:cut] if cut > size // 2 else text
            seconds = timed(ocrfix.fix, text)
            print(f"input {len(text):>9,d} chars: {seconds:8.2f} s  ({len(text) / seconds:,.0f} chars/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
