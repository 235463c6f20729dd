"""The corpus benchmarks run end to end on a tiny input (no timing checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9e6876d41bf3072b"


def _one_page_devset(tmp_path: Path) -> Path:
    dev = tmp_path / "dev"
    dev.mkdir()
    text = SEED.with_suffix(".txt").read_text(encoding="utf-8")
    gold = Path(f"{SEED}.gold.txt").read_text(encoding="utf-8")
    # a slice of the seed, named like a dev page so the style grouping works
    (dev / "syn-spaces-000.txt").write_text(text[:300], encoding="utf-8")
    (dev / "syn-spaces-000.gold.txt").write_text(gold[:300], encoding="utf-8")
    return dev


def _whole_seed_devset(tmp_path: Path) -> Path:
    """The whole seed page and its gold, named like a dev page."""
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "syn-spaces-000.txt").write_text(SEED.with_suffix(".txt").read_text(encoding="utf-8"), encoding="utf-8")
    (dev / "syn-spaces-000.gold.txt").write_text(Path(f"{SEED}.gold.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return dev


def _bench(script: str, *args: str) -> subprocess.CompletedProcess:
    """Run ``bench/SCRIPT`` with ``args``; it must exit 0."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_bench_corpus_runs(tmp_path):
    dev = _one_page_devset(tmp_path)
    done = _bench("bench_corpus.py", str(dev), "--runs", "1", "--only", "throughput,jobs")
    assert "fix / LM pass" in done.stdout
    assert "`--jobs 2`" in done.stdout


def test_peers_runs(tmp_path):
    dev = _one_page_devset(tmp_path)
    done = _bench("peers.py", str(dev), "--out", str(tmp_path / "out"), "--runs", "1")
    assert "| unchanged input |" in done.stdout
    assert "| regex baseline" in done.stdout
    assert "| ocrfix " in done.stdout


def test_idempotence_bench_runs(tmp_path):
    dev = _one_page_devset(tmp_path)
    done = _bench("idempotence.py", str(dev))
    assert "pages changed by a second run:" in done.stdout


def test_layout_confidence_bench_runs(tmp_path):
    # the whole seed page: its column breaks give joins to band
    dev = _whole_seed_devset(tmp_path)
    done = _bench("layout_confidence.py", "--fit", str(dev))
    assert done.stdout.startswith("joins\n") and "Brier score" in done.stdout
    assert "fitted JOIN_CONF_SLOPE" in done.stdout


def test_sweep_runs(tmp_path):
    dev = _one_page_devset(tmp_path)
    done = _bench("sweep.py", str(dev), "--channel", '{"_spaces": {"quote_bonus": 0.3}}', "-j", "1")
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and lines[0].split()[1] == "{}" and '"quote_bonus": 0.3' in lines[1]
    assert all("spaces  quote" in line for line in lines)


def test_records_bench_runs(tmp_path):
    dev = _one_page_devset(tmp_path)
    done = _bench("records.py", str(dev), "--silent", "auto", "on")
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    assert [r[:2] for r in rows] == [["auto", "syn-spaces"], ["on", "syn-spaces"]]


def test_quote_state_counts():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import quote_state
    finally:
        sys.path.pop(0)
    base, logs = quote_state.quotation_state(["他说：“好。”大家笑了。", "没有引号。"])
    # 2 of 15 characters (quotation marks not counted) stand inside the
    # quotation; one closing mark, after `。`
    assert abs(base - 2 / 15) < 1e-9 and len(logs) == 1
    counts = quote_state.attributions(["“我们去。”他说，走吧。", "会开完了。他说，散会。"])
    assert counts["说", "，", True, True] == 1 and counts["说", "，", True, False] == 1


def test_memory_runs(tmp_path):
    dev = _one_page_devset(tmp_path)
    done = _bench("memory.py", str(dev), "--rounds", "2")
    assert "1 pages, 2 rounds" in done.stdout
    assert "after round 2:" in done.stdout


def test_settle_check_runs(tmp_path):
    # the whole seed page: a column grid, so window rivals may stop early
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "syn-spaces-000.txt").write_text(SEED.with_suffix(".txt").read_text(encoding="utf-8"), encoding="utf-8")
    done = _bench("settle_check.py", str(dev))
    assert "window searches that may stop early:" in done.stdout
    assert "margins identical:" in done.stdout


def test_fuzz_bench_runs(tmp_path):
    dev = _one_page_devset(tmp_path)
    done = _bench("fuzz.py", str(dev), "--count", "6", "--out", str(tmp_path / "fuzz"))
    assert "inputs 6, failing" in done.stdout
    assert "not idempotent" in done.stdout


def test_comma_pieces_bench_runs(tmp_path):
    # (it reads its pages with bench/sweep.py's helpers: a rename there must show here)
    dev = _whole_seed_devset(tmp_path)
    done = _bench("comma_pieces.py", str(dev), "--rule-off")
    header = [line for line in done.stdout.splitlines() if line.startswith("pages ")]
    assert header and "joined, wrong" in header[0]


def test_layout_bench_why_runs(tmp_path):
    from ocrfix import synth

    synth.make_devset(tmp_path, n_pages=4, styles=("spaces",))
    done = _bench("bench_layout.py", "--dir", str(tmp_path), "--why")
    assert "reading-order pairs counted wrong (type, why, whose blocks):" in done.stdout
    assert "displaced head groups repaired, by what the OCR reads after them:" in done.stdout
