"""Memory of a long restoration run: resident set size after each round.

    python bench/memory.py build/devset [--rounds 10]
    python bench/memory.py build/devset build/devsets/seed7 ... --rounds 1 --every 100

Restores every ``syn-*.txt`` page of the given sets, ``--rounds`` times over,
in one process (as a corpus run does), and prints the process's resident set
size (Linux ``/proc/self/status``) after each round, or after every
``--every`` pages. What the process keeps between pages (the KenLM transition
table, the gap-plan and option caches) must level off, not grow with the
number of pages.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

import ocrfix


def rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", type=Path, nargs="+")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--every", type=int, default=0, help="print after every N pages instead of every round")
    args = ap.parse_args()
    pages = [p for d in args.sets for p in sorted(d.glob("syn-*.txt")) if not p.name.endswith(".gold.txt")]
    if not pages:
        print("no syn-*.txt pages in the given sets", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in pages]
    print(f"{len(texts)} pages, {args.rounds} rounds; RSS before: {rss_mb()} MB")
    done = 0
    for r in range(1, args.rounds + 1):
        for text in texts:
            ocrfix.fix(text)
            done += 1
            if args.every and done % args.every == 0:
                gc.collect()
                print(f"after {done} pages: {rss_mb()} MB", flush=True)
        if not args.every:
            gc.collect()
            print(f"after round {r}: {rss_mb()} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
