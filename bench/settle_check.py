"""Window rivals that stop where they rejoin the best path, checked against
reading them on to the end: how many margins (and confidences) differ, and
how many gaps the stop saves.

    python bench/settle_check.py build/devset [build/tune/pages ...]
    OCRFIX_MODEL=build/tune/fit.klm OCRFIX_LEXICON=build/tune/quoted_terms.tsv python bench/settle_check.py build/tune/big
    python bench/settle_check.py --flat seeds/000_9e6876d41bf3072b.txt

``--flat PAGE`` instead times ``ocrfix.fix`` on the page read as one
paragraph (every line end a space: a page whose breaks were lost), once,
twice and three times over, with the stop and without it.

Every window search that may stop early (``decode.SETTLE_RIVALS``) is run a
second time without the stop; the margin is the best path's score at the
gap the rival ended on minus the rival's. The restoration itself runs with
the stop, as the library does.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import ocrfix
from ocrfix import decode


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="folders of syn-*.txt pages")
    ap.add_argument("--flat", type=Path, help="time this page read as one paragraph, with and without the stop")
    args = ap.parse_args(argv)
    if args.flat:
        return flat(args.flat)
    search = decode._search
    rows: list[tuple[float, float, int]] = []

    def checked(atoms, gaps, ctx, proposals, width, lo=0, hi=None, start=None, compiled=None, memo=None, settle=None):
        got = search(atoms, gaps, ctx, proposals, width, lo, hi, start, compiled, memo, settle)
        if settle is not None and got[0] is not None:
            trail = settle[1]
            full = search(atoms, gaps, ctx, proposals, width, lo, hi, start, compiled, memo)
            end = len(atoms) if hi is None else hi
            stopped = got[0].path[10]
            early = trail[stopped][0] - got[0].score
            whole = decode.UNCONTESTED if full[0] is None else trail[end][0] - full[0].score
            rows.append((early, whole, end - stopped))
        return got

    decode._search = checked
    try:
        for d in args.dirs:
            for page in sorted(d.glob("syn-*[0-9].txt")):
                ocrfix.fix(page.read_text(encoding="utf-8"))
    finally:
        decode._search = search
    if not rows:
        print("no window search could stop early")
        return 0
    same = sum(abs(a - b) < 1e-9 for a, b, _ in rows)
    conf = [(a, b) for a, b, _ in rows if abs(decode.margin_confidence(a) - decode.margin_confidence(b)) > 1e-6]
    print(f"window searches that may stop early: {len(rows)}")
    print(f"  stopped before the end: {sum(s > 0 for *_, s in rows)}, gaps saved per search: {statistics.mean(s for *_, s in rows):.1f}")
    print(f"  margins identical: {same}; confidences that differ: {len(conf)}")
    for a, b in sorted(conf, key=lambda ab: -abs(ab[0] - ab[1]))[:10]:
        print(f"    stopped {a:8.3f} ({decode.margin_confidence(a):.3f})  read to the end {b:8.3f} ({decode.margin_confidence(b):.3f})")
    return 0


def flat(path: Path) -> int:
    """Time the page at ``path`` read as one paragraph, with the stop and without."""
    page = path.read_text(encoding="utf-8")
    ocrfix.fix(page)  # model, lexicons and jieba loaded
    for times in (1, 2, 3):
        text = page.replace("\n", " ") * times
        row = []
        for stop in (False, True):
            decode.SETTLE_RIVALS = stop
            t0 = time.perf_counter()
            ocrfix.fix(text)
            row.append(time.perf_counter() - t0)
        decode.SETTLE_RIVALS = True
        print(f"{len(text):6d} chars in one paragraph: {row[0]:.2f} s read to the end, {row[1]:.2f} s with the stop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
