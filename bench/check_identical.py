"""Check that a performance change leaves every output exactly as it was.

    python bench/check_identical.py --save build/identical-ref.json   # before the change
    python bench/check_identical.py build/identical-ref.json          # after it

Runs ``ocrfix.fix_and_explain`` over seeds 000 and 001 and every synthetic dev
page (``build/devset``; ``python -m ocrfix.synth devset build/devset`` makes
it) and compares the text and the edits (confidences rounded to 6 places)
with the saved reference. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import ocrfix

ROOT = Path(__file__).resolve().parent.parent


def inputs(devset: Path) -> list[Path]:
    seeds = sorted(p for p in (ROOT / "seeds").glob("00[01]_*.txt") if not p.name.endswith(".gold.txt"))
    pages = sorted(p for p in devset.glob("syn-*.txt") if not p.name.endswith(".gold.txt"))
    return seeds + pages


def run(paths: list[Path]) -> dict:
    out = {}
    for path in paths:
        fixed = ocrfix.fix_and_explain(path.read_text(encoding="utf-8"))
        out[path.name] = {
            "text": fixed.text,
            "edits": [[e.start, e.end, e.old, e.new, e.repair, round(e.confidence, 6)] for e in fixed.edits],
        }
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("reference", type=Path)
    ap.add_argument("--save", action="store_true", help="write the reference instead of comparing")
    ap.add_argument("--devset", type=Path, default=ROOT / "build" / "devset")
    args = ap.parse_args()
    paths = inputs(args.devset)
    if len(paths) < 50:
        print(f"expected 2 seeds and 48 dev pages, found {len(paths)}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    got = run(paths)
    seconds = time.perf_counter() - t0
    if args.save:
        args.reference.parent.mkdir(parents=True, exist_ok=True)
        args.reference.write_text(json.dumps(got, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"saved {len(got)} pages to {args.reference} ({seconds:.1f} s)")
        return 0
    ref = json.loads(args.reference.read_text(encoding="utf-8"))
    bad = 0
    for name in sorted(set(ref) | set(got)):
        a, b = ref.get(name), got.get(name)
        if a == b:
            continue
        bad += 1
        if a is None or b is None:
            print(f"{name}: only in {'reference' if b is None else 'this run'}")
            continue
        if a["text"] != b["text"]:
            print(f"{name}: text differs")
        ea, eb = [tuple(e) for e in a["edits"]], [tuple(e) for e in b["edits"]]
        for e in sorted(set(ea) - set(eb))[:5]:
            print(f"{name}: - {e}")
        for e in sorted(set(eb) - set(ea))[:5]:
            print(f"{name}: + {e}")
    n_edits = sum(len(v["edits"]) for v in got.values())
    if bad:
        print(f"DIFFERENT: {bad} of {len(ref)} pages ({seconds:.1f} s)")
        return 1
    print(f"identical: {len(got)} pages, {n_edits} edits ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
