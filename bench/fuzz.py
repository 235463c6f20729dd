"""Damaged pages made worse: what every restoration must still hold.

Takes synthetic pages (``python -m ocrfix.synth devset DIR``; the tuning
pages, so that nothing is learnt from the dev split) and makes each of
``--count`` inputs from one of them by a random operation:

- ``slice``: a cut of up to 3,000 characters from anywhere in the page;
- ``shuffle``: its blocks in random order, a random number of them;
- ``concat``: two pages one after the other (a file that holds two);
- ``lines``: its blank lines made single line breaks, CRLF or a line
  holding a space (the second seed style, a Windows file);
- ``noise``: one character in twenty replaced by a space, a line break,
  an ASCII comma, a quotation mark, a hyphen or nothing;
- ``as is``: the page itself.

Each input is restored and checked: no exception, the edits replay to the
output, the content characters (Han, digits, Latin) are the input's, and
restoring the output changes nothing. Prints the count per operation and
writes each failing input to ``--out``.

    python bench/fuzz.py build/tune/big --count 2000 --seed 1
"""

from __future__ import annotations

import argparse
import random
import sys
import traceback
from collections import Counter
from pathlib import Path

import ocrfix
from ocrfix.chardata import content_chars
from ocrfix.edits import apply_edits

OPERATIONS = ("slice", "shuffle", "concat", "lines", "noise", "as is")


def mutate(op: str, text: str, other: str, rng: random.Random) -> str:
    if op == "slice":
        start = rng.randrange(len(text))
        return text[start : start + rng.randrange(1, 3000)]
    if op == "shuffle":
        blocks = text.split("\n\n")
        rng.shuffle(blocks)
        return "\n\n".join(blocks[: rng.randrange(1, len(blocks) + 1)])
    if op == "concat":
        return text + "\n\n" + other
    if op == "lines":
        return text.replace("\n\n", rng.choice(["\n", "\r\n\r\n", "\n \n", "\n\n\n"]))
    if op == "noise":
        return "".join(c if rng.random() > 0.05 else rng.choice([" ", "", "\n", ",", "“", "”", "-"]) for c in text)
    return text


def check(text: str) -> str | None:
    """What is wrong with the restoration of ``text`` (None: nothing)."""
    try:
        fixed = ocrfix.fix_and_explain(text)
    except Exception:  # noqa: BLE001  (any exception is a finding)
        return "exception\n" + traceback.format_exc(limit=4)
    if apply_edits(text, fixed.edits) != fixed.text:
        return "edits do not replay"
    if Counter(content_chars(text)) != Counter(content_chars(fixed.text)):
        return "content characters changed"
    if ocrfix.fix(fixed.text) != fixed.text:
        return "not idempotent"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", type=Path, help="a folder of synthetic pages")
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("build/fuzz"), help="where failing inputs are written")
    args = ap.parse_args(argv)
    files = sorted(p for p in args.pages.glob("syn-*.txt") if not p.name.endswith(".gold.txt"))
    if not files:
        print(f"no syn-*.txt pages in {args.pages}", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in files]
    rng = random.Random(args.seed)
    tried: Counter = Counter()
    failed: Counter = Counter()
    for n in range(args.count):
        op = rng.choice(OPERATIONS)
        text = mutate(op, rng.choice(texts), rng.choice(texts), rng)
        tried[op] += 1
        why = check(text)
        if why is not None:
            kind = why.split("\n")[0]
            failed[op, kind] += 1
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{args.seed}-{n}-{op.replace(' ', '_')}.txt").write_text(text, encoding="utf-8")
            print(f"input {n} ({op}): {why}", file=sys.stderr)
    print(f"{'operation':10} {'inputs':>7} {'exception':>10} {'no replay':>10} {'content':>8} {'not idempotent':>15}")
    for op in OPERATIONS:
        row = [failed[op, k] for k in ("exception", "edits do not replay", "content characters changed", "not idempotent")]
        print(f"{op:10} {tried[op]:7d} {row[0]:10d} {row[1]:10d} {row[2]:8d} {row[3]:15d}")
    total = sum(failed.values())
    print(f"inputs {args.count}, failing {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
