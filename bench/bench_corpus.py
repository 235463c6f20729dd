"""Corpus-scale speed and resources of ``ocrfix fix`` on the synthetic dev pages.

    python -m ocrfix.synth devset build/devset     # once
    python bench/bench_corpus.py build/devset [--runs 5] [--only throughput,startup,memory,scaling,jobs]

Prints markdown tables (the ones in docs/benchmarks-corpus.md):

- throughput: characters per second of ``ocrfix.fix`` (layout and decoding)
  in one process, by wall clock and by CPU time (= per core), against one
  plain LM scoring pass of the same text in the same run (``lm_pass`` from
  bench_speed.py); each page timed ``--runs`` times, fastest kept;
- startup: wall time of the interpreter alone, ``import ocrfix``, import plus
  model and lexicon load, and ``ocrfix fix`` on one page (seed 000), each the
  median of ``--runs`` subprocesses;
- memory: peak RSS of ``ocrfix fix`` over the folder of dev pages, with
  ``--jobs 1`` and ``--jobs 2`` (per process from ``wait4``; for the whole
  process tree, sampled RSS and PSS, PSS counting the shared model mapping once);
- scaling: ``ocrfix.fix`` on 1 KB, 100 KB and 1 MB of concatenated dev pages;
- jobs: in-place ``ocrfix fix --jobs 1`` against ``--jobs 2`` on a folder
  holding every dev page twice, and whether the two results are identical.

The machine line (nproc, CPU model, load average) is printed first and last:
on a shared machine, wall times move with the load, CPU times much less.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ocrfix  # noqa: E402
from bench_speed import lm_pass  # noqa: E402  (one plain LM scoring pass, shared with bench_speed.py)
from ocrfix.lm import load_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9e6876d41bf3072b.txt"
# Two paragraphs: the first multi-block page loads jieba (about 0.45 s), which a
# one-line warm-up such as bench_speed.py's does not; everything is loaded after this.
WARM_UP = "本报讯 日前 ,我市报送的信息\n\n记者 陈晓苏 报道"
SECTIONS = ("throughput", "startup", "memory", "scaling", "jobs")


# -- machine ------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_line() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: nproc {os.cpu_count()} ({len(os.sched_getaffinity(0))} usable), CPU {cpu_model()}, "
        f"Python {platform.python_version()}, ocrfix {ocrfix.__version__} from {Path(ocrfix.__file__).parent}, load average {load}"
    )


def dev_pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt") if not p.name.endswith(".gold.txt"))


# -- timing helpers -----------------------------------------------------------


def clock(fn, *args) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - w0, time.process_time() - c0


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS (kB) of a process and its descendants."""

    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.rss = self.pss = self.procs = 0
        self.done = threading.Event()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree

    @staticmethod
    def _rollup(pid: int) -> tuple[int, int]:
        rss = pss = 0
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
        except OSError:
            pass
        return rss, pss

    def run(self) -> None:
        while not self.done.is_set():
            tree = self._tree()
            sums = [self._rollup(pid) for pid in tree]
            self.rss = max(self.rss, sum(r for r, _ in sums))
            self.pss = max(self.pss, sum(p for _, p in sums))
            self.procs = max(self.procs, len(tree))
            self.done.wait(self.every)


def run_child(cmd: list[str], sample: bool = False, env: dict | None = None) -> dict:
    """Run ``cmd``; its wall time, CPU time and peak RSS (from wait4: the largest
    single process among it and its children), optionally the tree's summed RSS/PSS."""
    w0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampler = TreeSampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - w0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.done.set()
        sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {stderr.decode(errors='replace')[-2000:]}")
    out = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024}
    if sampler:
        out.update(tree_rss_mb=sampler.rss / 1024, tree_pss_mb=sampler.pss / 1024, procs=sampler.procs)
    return out


def ocrfix_cmd() -> list[str]:
    """``ocrfix`` as run from a shell, by the same interpreter."""
    return [sys.executable, "-m", "ocrfix"]


# -- sections -----------------------------------------------------------------


def throughput(pages: list[Path], runs: int) -> None:
    model = load_model()
    ocrfix.fix(WARM_UP)  # model, lexicons and jieba loaded outside the timing
    rows: dict[str, list[float]] = {}
    for path in pages:
        text = path.read_text(encoding="utf-8")
        fix_t = min((clock(ocrfix.fix, text) for _ in range(runs)), key=lambda t: t[1])
        lm_t = min((clock(lm_pass, model, text) for _ in range(runs)), key=lambda t: t[1])
        style = path.stem.rsplit("-", 1)[0]
        for key in (style, "all"):
            acc = rows.setdefault(key, [0, 0.0, 0.0, 0.0, 0.0])
            acc[0] += len(text)
            acc[1] += fix_t[0]
            acc[2] += fix_t[1]
            acc[3] += lm_t[0]
            acc[4] += lm_t[1]
    rows["all"] = rows.pop("all")
    print(f"\n### Throughput: `ocrfix.fix` vs one LM pass, one process (fastest of {runs} runs per page)\n")
    print("| pages | chars | fix chars/s (wall) | fix chars/s per core (CPU) | LM pass chars/s (CPU) | fix / LM pass (CPU) | fix / LM pass (wall) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (chars, fw, fc, lw, lc) in rows.items():
        print(f"| {name} | {chars:,} | {chars / fw:,.0f} | {chars / fc:,.0f} | {chars / lc:,.0f} | {fc / lc:.1f}x | {fw / lw:.1f}x |")
    print("\nTargets (issue 4): >= 50,000 chars/s per core and <= 20x one LM pass.")


def startup(pages: list[Path], runs: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ocrfix-startup-"))
    try:
        cases = [
            ("`python -c pass` (interpreter alone)", [sys.executable, "-c", "pass"]),
            ("`python -c 'import ocrfix'`", [sys.executable, "-c", "import ocrfix"]),
            ("import + everything loaded (`ocrfix.fix(WARM_UP)`: model, lexicons, jieba)",
             [sys.executable, "-c", f"import ocrfix; ocrfix.fix({WARM_UP!r})"]),
            (f"`ocrfix fix -q -o TMP {SEED.relative_to(ROOT)}` ({len(SEED.read_text(encoding='utf-8')):,} chars)",
             [*ocrfix_cmd(), "fix", "-q", "-o", str(tmp), str(SEED)]),
        ]
        print(f"\n### Start-up: wall time of a fresh process (median of {runs}, min-max)\n")
        print("| command | median s | min s | max s | CPU s (median) |")
        print("|---|---:|---:|---:|---:|")
        for label, cmd in cases:
            run_child(cmd)  # warm the page cache
            res = [run_child(cmd) for _ in range(runs)]
            walls = [r["wall"] for r in res]
            cpu = statistics.median(r["cpu"] for r in res)
            print(f"| {label} | {statistics.median(walls):.2f} | {min(walls):.2f} | {max(walls):.2f} | {cpu:.2f} |")
        print("\nImport breakdown: `python -X importtime -c 'import ocrfix' 2>&1 | sort -t'|' -k2 -n | tail`.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def memory(pages: list[Path], runs: int) -> None:  # one run each: it is the peak that counts
    chars = sum(len(p.read_text(encoding="utf-8")) for p in pages)
    print(f"\n### Peak memory: `ocrfix fix -q -o TMP FOLDER` over {len(pages)} dev pages ({chars:,} chars)\n")
    print("| run | wall s | peak RSS, largest process (wait4) | peak RSS, whole tree (sampled) | peak PSS, whole tree (sampled) | processes |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="ocrfix-mem-") as tmp:
        folder = Path(tmp, "in")
        folder.mkdir()
        for p in pages:
            shutil.copy(p, folder / p.name)
        for jobs in (1, 2):
            out = Path(tmp, f"out{jobs}")
            r = run_child([*ocrfix_cmd(), "fix", "-q", "--jobs", str(jobs), "-o", str(out), str(folder)], sample=True)
            print(f"| `--jobs {jobs}` | {r['wall']:.1f} | {r['maxrss_mb']:.0f} MB | {r['tree_rss_mb']:.0f} MB "
                  f"| {r['tree_pss_mb']:.0f} MB | {r['procs']} |")


def corpus_text(pages: list[Path], size: int) -> str:
    """``size`` characters of dev pages joined by blank lines, cut at a paragraph end."""
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in pages)
    text = (corpus * (size // len(corpus) + 1))[:size]
    cut = text.rfind("\n\n")
    return text[:cut] if cut > size // 2 else text


_TIME_ONE = """
import sys, time, ocrfix
text = sys.stdin.read()
ocrfix.fix(WARM)
w0, c0 = time.perf_counter(), time.process_time()
ocrfix.fix(text)
print(time.perf_counter() - w0, time.process_time() - c0)
"""


def scaling(pages: list[Path], runs: int, limit: float = 300.0) -> None:
    """Each size in a fresh process (so a slow one can be stopped at ``limit`` seconds)."""
    print("\n### Scaling: one `ocrfix.fix` call on concatenated dev pages (a fresh process per call)\n")
    print("| input | chars | UTF-8 bytes | runs | wall s | CPU s | chars/s per core (CPU) | CPU µs per char |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    code = _TIME_ONE.replace("WARM", repr(WARM_UP))
    for label, size, n in (("1 KB", 1_000, max(runs, 5)), ("100 KB", 100_000, 1), ("1 MB", 1_000_000, 1)):
        text = corpus_text(pages, size)
        best = None
        for _ in range(n):
            try:
                done = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True,
                                      timeout=limit, check=True)
            except subprocess.TimeoutExpired:
                best = None
                break
            wall, cpu = map(float, done.stdout.split())
            best = (wall, cpu) if best is None or cpu < best[1] else best
        if best is None:
            print(f"| {label} | {len(text):,} | {len(text.encode()):,} | {n} | > {limit:.0f} (stopped) | | | |")
            continue
        print(f"| {label} | {len(text):,} | {len(text.encode()):,} | {n} | {best[0]:.2f} | {best[1]:.2f} "
              f"| {len(text) / best[1]:,.0f} | {best[1] / len(text) * 1e6:.1f} |")
    print("\nSizes count characters (as bench_speed.py --scaling does); a Han character is 3 UTF-8 bytes.")


def _fill(folder: Path, pages: list[Path]) -> dict[str, Path]:
    """Copy every page into ``folder`` twice (NAME-a.txt, NAME-b.txt); name -> source."""
    folder.mkdir()
    source = {}
    for copy in ("a", "b"):
        for p in pages:
            shutil.copy(p, folder / f"{p.stem}-{copy}.txt")
            source[f"{p.stem}-{copy}.txt"] = p
    return source


def _differ(a: Path, b: Path, names: list[str]) -> list[str]:
    return [name for name in names if not filecmp.cmp(a / name, b / name, shallow=False)]


def jobs(pages: list[Path], runs: int) -> None:
    chars = 2 * sum(len(p.read_text(encoding="utf-8")) for p in pages)
    with tempfile.TemporaryDirectory(prefix="ocrfix-jobs-") as tmp:
        print(f"\n### `ocrfix fix -q --jobs N FOLDER`, in place, on {2 * len(pages)} pages (the dev pages twice, {chars:,} chars)\n")
        print("| run | wall s (median) | all runs s | CPU s, all processes (median) | chars/s (wall) | speed-up "
              "| files differing from the first `--jobs 1` run |")
        print("|---|---:|---|---:|---:|---:|---|")
        results: dict[int, list[tuple[dict, Path]]] = {}
        source: dict[str, Path] = {}
        for n in range(runs):
            for j in (1, 2):  # interleaved, so changes in load hit both alike
                folder = Path(tmp, f"jobs{j}-{n}")
                source = _fill(folder, pages)
                cmd = [*ocrfix_cmd(), "fix", "-q", "--jobs", str(j), str(folder)]
                results.setdefault(j, []).append((run_child(cmd), folder))
        names = sorted(source)
        first = results[1][0][1]
        base = statistics.median(r["wall"] for r, _ in results[1])
        for j, res in results.items():
            wall = statistics.median(r["wall"] for r, _ in res)
            walls = ", ".join(f"{r['wall']:.1f}" for r, _ in res)
            diffs = sorted({name for _, folder in res for name in _differ(first, folder, names)})
            shown = "none" if not diffs else f"{len(diffs)}: {', '.join(diffs[:4])}{' ...' if len(diffs) > 4 else ''}"
            print(f"| `--jobs {j}` | {wall:.1f} | {walls} | {statistics.median(r['cpu'] for r, _ in res):.1f} "
                  f"| {chars / wall:,.0f} | {base / wall:.2f}x | {shown} |")
        changed = sum(not filecmp.cmp(first / name, source[name], shallow=False) for name in names)
        print(f"\n{changed} of {len(names)} files were changed by the fix.")
        # The same comparison with the hash seed fixed: whether differences come from
        # --jobs or from str hashing (set and dict order) inside ocrfix.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        fixed = {}
        for j in (1, 2):
            folder = Path(tmp, f"seed0-jobs{j}")
            _fill(folder, pages)
            run_child([*ocrfix_cmd(), "fix", "-q", "--jobs", str(j), str(folder)], env=env)
            fixed[j] = folder
        diffs = _differ(fixed[1], fixed[2], names)
        print(f"With PYTHONHASHSEED=0 for both: `--jobs 2` differs from `--jobs 1` in {len(diffs)} files"
              f"{': ' + ', '.join(diffs) if diffs else ''}.")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("devset", type=Path, help="folder of synthetic dev pages (python -m ocrfix.synth devset DIR)")
    ap.add_argument("--runs", type=int, default=5, help="repetitions for medians and minima (default 5)")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {','.join(SECTIONS)}")
    args = ap.parse_args()
    pages = dev_pages(args.devset)
    if not pages:
        print(f"no pages in {args.devset}; run python -m ocrfix.synth devset {args.devset}", file=sys.stderr)
        return 2
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        print(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    print(machine_line())
    t0 = time.perf_counter()
    for name in SECTIONS:
        if name in wanted:
            globals()[name](pages, args.runs)
            sys.stdout.flush()
    print(f"\n{machine_line()}; {time.perf_counter() - t0:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
