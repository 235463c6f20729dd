"""ocrfix against its peers: quality (``ocrfix eval``) and speed, side by side.

    python -m ocrfix.synth devset build/devset     # once
    pip install autocorrect-py datatrove ftfy      # the peers; not ocrfix dependencies
    python bench/peers.py build/devset [--out build/peers] [--runs 3]

Systems, each a ``str -> str`` function run in this process over seed 000
and every synthetic dev page:

- ``input``: the page unchanged;
- ``regex``: the obvious regex fix (``ocrfix.baseline.regex_fix``, what
  ``python -m ocrfix.baseline`` runs);
- ``autocorrect``: ``autocorrect_py.format`` (PyPI ``autocorrect-py``), the
  CJK copywriting formatter: spaces between CJK and Latin/digits, full-width
  punctuation beside CJK;
- ``ftfy-datatrove``: ftfy through datatrove's own ``FTFYFormatter()`` with
  its defaults, the CJK-safe ones (``fix_character_width=False``: ftfy's
  default would turn ``，`` into ``,``; ``uncurl_quotes=False``;
  ``fix_line_breaks=False``; no Unicode normalisation);
- ``ocrfix``: ``ocrfix.fix`` with the default model.

A peer that is not installed is reported and skipped. Predictions go to
OUT/SYSTEM/{seed,dev}/NAME.txt and are scored by the CLI,
``ocrfix eval --json --gold G --input G --pred OUT/SYSTEM/SET`` (the JSON in
OUT/eval/), then printed as markdown tables. Speed is characters per CPU
second of the function alone (one process, one core, loading excluded),
fastest of ``--runs`` passes; ocrfix is timed once per page (it is slow
enough to time).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ocrfix
from ocrfix.baseline import regex_fix

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9e6876d41bf3072b"
KINDS = ("quote", "punct", "space", "join", "order")


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def load_systems() -> tuple[dict[str, tuple[str, Callable[[str], str]]], list[str]]:
    """name -> (label with version, function); and one line per missing peer."""
    systems: dict[str, tuple[str, Callable[[str], str]]] = {
        "input": ("unchanged input", lambda text: text),
        "regex": ("regex baseline (`python -m ocrfix.baseline`)", regex_fix),
    }
    missing = []
    try:
        import autocorrect_py

        systems["autocorrect"] = (f"autocorrect-py {_version('autocorrect-py')} (`autocorrect_py.format`)", autocorrect_py.format)
    except ImportError:
        missing.append("autocorrect: skipped, `autocorrect-py` is not installed (pip install autocorrect-py)")
    try:
        from datatrove.pipeline.formatters import FTFYFormatter

        formatter = FTFYFormatter()
        systems["ftfy-datatrove"] = (
            f"ftfy {_version('ftfy')} with datatrove {_version('datatrove')}'s `FTFYFormatter()` settings",
            formatter.format,
        )
    except ImportError as exc:
        missing.append(f"ftfy-datatrove: skipped, {exc.name or exc} is not installed (pip install datatrove ftfy)")
    systems["ocrfix"] = (f"ocrfix {ocrfix.__version__}", ocrfix.fix)
    return systems, missing


def page_sets(devset: Path, out: Path) -> dict[str, Path]:
    """The gold folders: seed 000 alone (copied with its gold and article map) and the dev set."""
    seed_dir = out / "seed-input"
    seed_dir.mkdir(parents=True, exist_ok=True)
    for suffix in (".txt", ".gold.txt", ".articles.json"):
        shutil.copy(f"{SEED}{suffix}", seed_dir)
    return {"seed": seed_dir, "dev": devset}


def inputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt") if not p.name.endswith(".gold.txt"))


def predict(fn: Callable[[str], str], pages: list[Path], dest: Path, runs: int) -> tuple[int, float]:
    """Write fn(page) for every page into dest; (characters, CPU seconds of fn)."""
    dest.mkdir(parents=True, exist_ok=True)
    chars, seconds = 0, 0.0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        best = None
        for _ in range(runs):
            t0 = time.process_time()
            result = fn(text)
            t = time.process_time() - t0
            best = t if best is None else min(best, t)
        (dest / page.name).write_text(result, encoding="utf-8")
        chars += len(text)
        seconds += best
    return chars, seconds


def evaluate(gold: Path, pred: Path, dest: Path) -> dict:
    cmd = [sys.executable, "-m", "ocrfix", "eval", "--json", "--gold", str(gold), "--input", str(gold), "--pred", str(pred)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-2000:]}")
    dest.write_text(done.stdout, encoding="utf-8")
    return json.loads(done.stdout)


def table(title: str, rows: list[tuple[str, dict, float | None]]) -> None:
    print(f"\n### {title}\n")
    print("| system | " + " | ".join(KINDS) + " | CER after | content lost / added vs input | chars/s per core |")
    print("|---|" + "---:|" * (len(KINDS) + 3))
    for label, r, speed in rows:
        f1 = " | ".join("—" if r["repairs"][k]["f1"] is None else f"{r['repairs'][k]['f1']:.3f}" for k in KINDS)
        c = r["content"]
        shown = "—" if speed is None else f"{speed:,.0f}"
        print(f"| {label} | {f1} | {r['cer']['after']['rate']:.4f} | {c['lost_vs_input']} / {c['added_vs_input']} | {shown} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("devset", type=Path, help="folder of synthetic dev pages with gold (python -m ocrfix.synth devset DIR)")
    ap.add_argument("--out", type=Path, default=Path("build/peers"), help="predictions and eval JSON (default build/peers)")
    ap.add_argument("--runs", type=int, default=3, help="timing passes of the fast systems; fastest kept (default 3)")
    args = ap.parse_args()
    if not inputs(args.devset):
        print(f"no pages in {args.devset}; run python -m ocrfix.synth devset {args.devset}", file=sys.stderr)
        return 2
    systems, missing = load_systems()
    for line in missing:
        print(f"peers.py: {line}", file=sys.stderr)
    shutil.rmtree(args.out, ignore_errors=True)
    sets = page_sets(args.devset, args.out)
    (args.out / "eval").mkdir(parents=True, exist_ok=True)
    ocrfix.fix("本报讯 日前 ,我市报送的信息\n\n记者 陈晓苏 报道")  # model, lexicons and jieba loaded outside the timing
    results: dict[tuple[str, str], tuple[dict, float | None]] = {}
    for name, (label, fn) in systems.items():
        for set_name, gold in sets.items():
            pred = args.out / name / set_name
            chars, seconds = predict(fn, inputs(gold), pred, 1 if name == "ocrfix" else args.runs)
            speed = None if name == "input" else chars / max(seconds, 1e-9)
            results[name, set_name] = (evaluate(gold, pred, args.out / "eval" / f"{set_name}-{name}.json"), speed)
            print(f"peers.py: {name} on {set_name}: {chars:,} chars, {seconds:.3f} CPU s", file=sys.stderr)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Measured by `python bench/peers.py {args.devset}` (ocrfix from {Path(ocrfix.__file__).parent}; "
          f"nproc {os.cpu_count()}, load average {load}).")
    for line in missing:
        print(f"\n- {line}")
    dev_groups = sorted(results["input", "dev"][0].get("groups", {}))
    for set_name, title, pick, speed_ok in (  # speed is timed per page set, not per style
        ("seed", "Seed 000 against its gold", lambda r: r["total"], True),
        ("dev", "Synthetic dev set, all styles", lambda r: r["total"], True),
        *(("dev", f"Synthetic dev set, style {g}", lambda r, g=g: r["groups"][g], False) for g in dev_groups),
    ):
        first = pick(results["input", set_name][0])
        pages = f"{first['pages']} page{'s' if first['pages'] != 1 else ''}"
        heading = f"{title} ({pages}, CER before {first['cer']['before']['rate']:.4f})"
        table(heading, [(systems[n][0], pick(results[n, set_name][0]), results[n, set_name][1] if speed_ok else None)
                        for n in systems])
    return 0


if __name__ == "__main__":
    sys.exit(main())
