"""Sweep decoder or layout settings over folders of synthetic pages.

    python bench/sweep.py build/devset /tmp/dev7 --channel '{"_nospace": {"silent_open_anywhere": -0.5}}'
    OCRFIX_MODEL=build/tune/fit.klm OCRFIX_LEXICON=build/tune/quoted_terms.tsv \\
        python bench/sweep.py build/tune/big --channel '{"_spaces": {"lone_mark_space": -1.5}}'
    python bench/sweep.py build/devset --config '{"document_memory": false}'
    python bench/sweep.py build/devset --restore '{"MEMORY_CONFIDENCE": 0.8}'
    python bench/sweep.py build/devset --decode '{"WEAK_PAIR_BAR": "both"}'
    python bench/sweep.py build/devset --layout '{"TOPIC_WEIGHT": 6.75}' --clean dev:16:0

Each ``--channel``, ``--config`` or ``--layout`` value is one variant,
measured against the settings as they are (printed first). With several
folders a ``pooled`` row sums their counts (tp/fp/fn) for each variant, so
a change is judged on all the pages at once, not on one set's noise:

- ``--channel`` replaces fields of the decoder's :class:`ocrfix.decode.Channel`
  after :func:`ocrfix.decode.channel_for` made it; fields under ``"_spaces"``
  or ``"_nospace"`` apply to that damage style only. Each page is restored
  whole (``ocrfix.fix``) and scored with ``ocrfix.evaluate``: quote F1
  (tp/fp/fn), punctuation and space F1 per style, repairs against the input.
- ``--config`` passes fields to :class:`ocrfix.Config`.
- ``--restore`` sets module constants of :mod:`ocrfix.restore`
  (``MEMORY_CONFIDENCE``: which quotations document memory keeps);
  ``--decode`` those of :mod:`ocrfix.decode` (``WEAK_PAIR_BAR``).
- ``--layout`` sets module constants of :mod:`ocrfix.layout` and scores
  layout alone (``bench/bench_layout.py``'s reading): join and order F1
  and, with ``--clean SPLIT:N:SEEDS`` (``dev:16:0``, ``tune:32:0-3``), how
  many clean pages get a join or move (a ``clean`` row per variant).

The folders hold ``syn-*.txt`` pages with their ``.gold.txt`` (and, for
``--layout``, ``.articles.json``): ``python -m ocrfix.synth devset DIR``,
``bash bench/tune_set.sh``. Nothing is written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import ocrfix
from ocrfix import Config, decode
from ocrfix.evaluate import aggregate, evaluate_page

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: The variant the worker processes restore with (set before they fork).
_CURRENT: dict = {}
_CONFIG: dict = {}
_CHANNEL_FOR = decode.channel_for


def _channel_for(style: str, base=None):
    channel = _CHANNEL_FOR(style, base)
    changes = {k: v for k, v in _CURRENT.items() if not k.startswith("_")}
    changes.update(_CURRENT.get("_" + style, {}))
    return dataclasses.replace(channel, **changes) if changes else channel


def _patch_channel() -> None:
    """Route every caller of ``channel_for`` through the variant."""
    for module in list(sys.modules.values()):
        if module is not None and getattr(module, "channel_for", None) is _CHANNEL_FOR:
            module.channel_for = _channel_for


def _restore(path: str) -> tuple[str, dict]:
    page = Path(path)
    text = page.read_text(encoding="utf-8")
    gold = page.with_name(page.name[: -len(".txt")] + ".gold.txt").read_text(encoding="utf-8")
    return page.name, evaluate_page(gold, ocrfix.fix(text, Config(**_CONFIG)), text)


def _pages(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("syn-*[0-9].txt"))


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def decoder_counts(folder: Path, jobs: int) -> dict[str, dict[str, tuple[int, int, int]]]:
    """Repairs tp/fp/fn of quote, punct and space per damage style."""
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_restore, _pages(folder)))
    out = {}
    for style in ("spaces", "nospace"):
        mine = [r for name, r in results if name.startswith("syn-" + style)]
        if mine:
            total = aggregate(mine)["repairs"]
            out[style] = {k: (total[k]["tp"], total[k]["fp"], total[k]["fn"]) for k in ("quote", "punct", "space")}
    return out


def decoder_line(counts: dict[str, dict[str, tuple[int, int, int]]]) -> str:
    parts = []
    for style, kinds in counts.items():
        q = kinds["quote"]
        parts.append(f"{style:7} quote {_f1(*q):.3f} ({q[0]}/{q[1]}/{q[2]}) "
                     f"punct {_f1(*kinds['punct']):.3f} space {_f1(*kinds['space']):.3f}")
    return " | ".join(parts)


def _pool(rows: list[dict]) -> dict:
    """tp/fp/fn summed over folders (nested dicts of count triples)."""
    out: dict = {}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, dict):
                out[key] = _pool([out.get(key, {}), value])
            else:
                old = out.get(key, (0, 0, 0))
                out[key] = tuple(a + b for a, b in zip(old, value))
    return out


def layout_counts(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Layout-alone tp/fp/fn of joins and reading order."""
    import bench_layout

    from ocrfix.lm import load_model

    model, config = load_model(), Config()
    totals = {"join": (0, 0, 0), "order": (0, 0, 0)}
    for path in _pages(folder):
        page = Path(path)
        stem = page.name[: -len(".txt")]
        gold = page.with_name(stem + ".gold.txt").read_text(encoding="utf-8")
        articles = json.loads(page.with_name(stem + ".articles.json").read_text(encoding="utf-8"))["articles"]
        result, *_ = bench_layout.score_page(page.read_text(encoding="utf-8"), gold, articles, model, config)
        for kind in totals:
            totals[kind] = tuple(a + b for a, b in zip(totals[kind], bench_layout._counts(result, kind)))
    return totals


def layout_line(totals: dict[str, tuple[int, int, int]]) -> str:
    return " ".join(f"{kind} {_f1(tp, fp, fn):.3f} ({tp}/{fp}/{fn})" for kind, (tp, fp, fn) in totals.items())


def clean_changed(clean: list) -> int:
    """How many of the clean pages the layout changes."""
    import bench_layout

    from ocrfix.lm import load_model

    model, config = load_model(), Config()
    return sum(bench_layout.render(p.ocr, model, config)[0].rstrip("\n") != p.ocr.rstrip("\n") for p in clean)


def _clean_pages(spec: str | None) -> list:
    if not spec:
        return []
    from ocrfix import synth

    split, n, seeds = spec.split(":")
    first, _, last = seeds.partition("-")
    return [p for seed in range(int(first), int(last or first) + 1) for p in synth.clean_pages(int(n), seed=seed, split=split)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path, help="folders of synthetic pages with their gold")
    kinds = ap.add_mutually_exclusive_group(required=True)
    kinds.add_argument("--channel", action="append", type=json.loads, help="decoder channel fields (JSON), one variant each")
    kinds.add_argument("--config", action="append", type=json.loads, help="ocrfix.Config fields (JSON), one variant each")
    kinds.add_argument("--layout", action="append", type=json.loads, help="ocrfix.layout constants (JSON), one variant each")
    kinds.add_argument("--restore", action="append", type=json.loads,
                       help="ocrfix.restore constants (JSON), one variant each (MEMORY_CONFIDENCE)")
    kinds.add_argument("--decode", action="append", type=json.loads,
                       help="ocrfix.decode constants (JSON), one variant each")
    ap.add_argument("--clean", help="with --layout: clean pages SPLIT:N:SEEDS (dev:16:0, tune:32:0-3)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="processes for decoder sweeps (default 2)")
    args = ap.parse_args(argv)
    if args.layout:
        from ocrfix import layout

        clean = _clean_pages(args.clean)
        for variant in [{}] + args.layout:
            saved = {name: getattr(layout, name) for name in variant}
            for name, value in variant.items():
                if not hasattr(layout, name):
                    ap.error(f"ocrfix.layout has no {name}")
                setattr(layout, name, value)
            try:
                rows = []
                for folder in args.dirs:
                    rows.append(layout_counts(folder))
                    print(f"{folder.name:10} {json.dumps(variant, ensure_ascii=False):40} {layout_line(rows[-1])}", flush=True)
                if len(rows) > 1:
                    print(f"{'pooled':10} {json.dumps(variant, ensure_ascii=False):40} {layout_line(_pool(rows))}", flush=True)
                if clean:
                    print(f"{'clean':10} {json.dumps(variant, ensure_ascii=False):40} pages changed {clean_changed(clean)}/{len(clean)}", flush=True)
            finally:
                for name, value in saved.items():
                    setattr(layout, name, value)
        return 0
    _patch_channel()
    from ocrfix import restore

    # module constants, set before the workers fork (so they see them)
    module = restore if args.restore else decode if args.decode else None
    for variant in [{}] + (args.channel or args.config or args.restore or args.decode):
        _CURRENT.clear()
        _CONFIG.clear()
        if args.channel:
            _CURRENT.update(variant)
        elif args.config:
            _CONFIG.update(variant)
        for name in variant if module else ():
            if not hasattr(module, name):
                ap.error(f"{module.__name__} has no {name}")
        saved = {name: getattr(module, name) for name in variant} if module else {}
        for name in saved:
            setattr(module, name, variant[name])
        try:
            rows = []
            for folder in args.dirs:
                rows.append(decoder_counts(folder, args.jobs))
                print(f"{folder.name:10} {json.dumps(variant, ensure_ascii=False):40} {decoder_line(rows[-1])}", flush=True)
            if len(rows) > 1:
                print(f"{'pooled':10} {json.dumps(variant, ensure_ascii=False):40} {decoder_line(_pool(rows))}", flush=True)
        finally:
            for name, value in saved.items():
                setattr(module, name, value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
