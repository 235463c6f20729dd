"""Speed of the character model: the "one LM pass" yardstick.

    python bench/bench_lm.py [--model PATH] [--lines N] [--repeat R] [--json]

Measures, on the People's Daily 1998 dev split:

- cold load: a fresh process imports kenlm and maps the model (both are in
  ``cold_load_s``; importing ocrfix.lm is reported apart), after the
  model file has been evicted from the page cache (posix_fadvise DONTNEED),
  and again with the file cached (warm);
- RSS of that process before and after loading;
- whole-sentence scoring, ``CharModel.score`` on token lists, in tokens/s
  (and with tokenisation included);
- incremental scoring, ``CharModel.advance`` one token at a time (KenLM's
  BaseScore with in/out states), in calls/s.

Each throughput is the best of ``--repeat`` runs. No assertions: numbers go
into docs/model.md and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from ocrfix import corpus, lm
from ocrfix.config import Config

_LOAD_PROBE = r"""
import json, os, sys, time
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) * 1024
before = rss()
t0 = time.perf_counter()
from ocrfix.lm import CharModel
m = CharModel(sys.argv[1])
t1 = time.perf_counter()
m.model
t2 = time.perf_counter()
m.score("他说：“新年好！”")
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_score_s": t3 - t2,
                  "rss_before": before, "rss_after": rss()}))
"""


def _evict(path: Path) -> bool:
    if not hasattr(os, "posix_fadvise"):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    return True


def load_probe(path: Path, cold: bool) -> dict:
    evicted = _evict(path) if cold else False
    out = subprocess.run([sys.executable, "-c", _LOAD_PROBE, str(path)], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    result["evicted"] = evicted
    return result


def best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped model")
    parser.add_argument("--lines", type=int, default=1000, help="dev lines to score (default 1000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    path = (args.model or Config().model_path()).resolve()
    cold = load_probe(path, cold=True)
    warm = load_probe(path, cold=False)

    model = lm.CharModel(path)
    model.model
    lines = corpus.load_split("dev")[: args.lines]
    token_lists = [lm.tokenize(line) for line in lines]
    n_tokens = sum(len(t) for t in token_lists)

    def whole():
        for tokens in token_lists:
            model.score(tokens)

    def whole_text():
        for line in lines:
            model.score(line)

    def incremental():
        advance = model.advance
        for tokens in token_lists:
            state = model.begin()
            for token in tokens:
                _, state = advance(state, token)

    t_whole = best_of(args.repeat, whole)
    t_text = best_of(args.repeat, whole_text)
    t_inc = best_of(args.repeat, incremental)

    result = {
        "model": str(path),
        "size_bytes": path.stat().st_size,
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "lines": len(lines),
        "tokens": n_tokens,
        "cold_load_s": round(cold["load_s"], 4),
        "cold_import_ocrfix_lm_s": round(cold["import_s"], 4),
        "cold_evicted": cold["evicted"],
        "warm_load_s": round(warm["load_s"], 4),
        "rss_before_mb": round(warm["rss_before"] / 2**20, 1),
        "rss_after_load_mb": round(warm["rss_after"] / 2**20, 1),
        "score_tokens_per_s": round(n_tokens / t_whole),
        "score_with_tokenize_tokens_per_s": round(n_tokens / t_text),
        "advance_calls_per_s": round(n_tokens / t_inc),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:34} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
