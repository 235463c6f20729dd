"""Fixing twice must change nothing: count the pages where it does.

    python -m ocrfix.synth devset build/devset     # once
    python bench/idempotence.py build/devset [-v]

Runs ``ocrfix.fix`` on seeds 000 and 001 and every synthetic dev page, then
again on its own output, and prints how many pages the second run changed
(with ``-v``, the first changed lines of each). Exits 0 either way: this is
a measurement, reported in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from check_identical import ROOT, inputs  # the same pages: seeds 000/001 and the dev set

import ocrfix


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("devset", type=Path, nargs="?", default=ROOT / "build" / "devset")
    ap.add_argument("-v", action="store_true", help="show the first changed lines of each page")
    args = ap.parse_args(argv)
    changed = []
    files = inputs(args.devset)
    for path in files:
        once = ocrfix.fix(path.read_text("utf-8"))
        twice = ocrfix.fix(once)
        if once != twice:
            changed.append(path.name)
            if args.v:
                diff = [l for l in difflib.unified_diff(once.splitlines(), twice.splitlines(), lineterm="", n=0)
                        if l[:1] in "+-" and not l.startswith(("+++", "---"))]
                print(f"{path.name}:", *(l[:120] for l in diff[:2]), sep="\n  ")
    print(f"pages changed by a second run: {len(changed)} of {len(files)}" + (f" ({', '.join(changed)})" if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
