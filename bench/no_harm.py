"""Do no harm: ocrfix over clean text, as printed.

    python bench/no_harm.py [--split dev] [--limit N] [--show 20] [--silent-quotes]

Runs ``ocrfix.fix`` on every paragraph of the dev split as the paper printed
it (quotes and full-width marks intact) and counts what changed: edits,
and changed marks per 10,000 characters. Prints the first ``--show``
changes, so the false changes can be listed in the known-failures file.
``--silent-quotes``: with ``Config(silent_quotes=True)``, what declaring
that the OCR dropped quotation marks without a trace costs on text that
never lost them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

import ocrfix
from ocrfix import corpus


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--silent-quotes", action="store_true", help="declare silent drops (Config.silent_quotes=True)")
    args = ap.parse_args()
    config = ocrfix.Config(silent_quotes=True if args.silent_quotes else None)
    lines = corpus.load_split(args.split)
    if args.limit:
        lines = lines[: args.limit]
    chars = changed = 0
    kinds: Counter = Counter()
    shown = 0
    t0 = time.perf_counter()
    for k, line in enumerate(lines):
        fixed = ocrfix.fix_and_explain(line, config)
        chars += len(line)
        for edit in fixed.edits:
            changed += max(len(edit.old.strip()), len(edit.new.strip()), 1)
            kinds[edit.repair] += 1
            if shown < args.show:
                shown += 1
                lo, hi = max(0, edit.start - 12), edit.end + 12
                print(f"[{k}] {edit.repair}: {line[lo:edit.start]}[{edit.old}->{edit.new}]{line[edit.end:hi]}", file=sys.stderr)
    seconds = time.perf_counter() - t0
    print(f"{len(lines)} paragraphs, {chars} characters, {sum(kinds.values())} edits {dict(kinds)}")
    print(f"changed marks per 10,000 characters: {changed / chars * 10000:.2f}  ({chars / seconds:,.0f} chars/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
