"""The datatrove step: OcrfixFormatter inside datatrove's own executor."""

from __future__ import annotations

import gzip
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import ocrfix

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _pages() -> list[str]:
    seed_pages = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*_*.txt")) if p.name.count(".") == 1]
    lines = [
        "本报讯 日前 ,我市报送的信息被采用。",
        "副省长朱从玖作出批示:永康 成功通过验收!",
        "“质量创强”，获省领导批示。",  # already clean
    ]
    return seed_pages + lines


def test_module_imports_without_datatrove_and_names_the_extra():
    """Without datatrove, importing works and creating the step says what to install."""
    code = (
        "import sys; sys.modules['datatrove'] = None\n"
        "import ocrfix.pipeline as p\n"
        "try:\n    p.OcrfixFormatter()\n"
        "except ImportError as e:\n    print('ImportError:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "ImportError:" in out and "ocrfix[datatrove]" in out


def test_formatter_pickles_cheaply_and_counts_edits():
    pytest.importorskip("datatrove")
    from ocrfix.pipeline import OcrfixFormatter

    step = OcrfixFormatter()
    assert len(pickle.dumps(step)) < 4096  # the config, not a model
    assert step.format("批示:永康") == ocrfix.fix("批示:永康")
    assert step.stats["edits"].total == 1
    assert step.stats["edits_punct"].total == 1
    assert step.format("") == ""


def test_local_executor_two_tasks(tmp_path):
    pytest.importorskip("datatrove")
    pytest.importorskip("orjson")  # datatrove's JsonlReader needs it
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from ocrfix.pipeline import OcrfixFormatter

    pages = _pages()
    inp = tmp_path / "in"
    inp.mkdir()
    records = [{"id": f"p{i}", "text": t, "source": "test"} for i, t in enumerate(pages)]
    # two shards, one per task
    for shard, part in enumerate((records[::2], records[1::2])):
        with open(inp / f"shard{shard}.jsonl", "w", encoding="utf-8") as f:
            for r in part:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")

    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(inp)),
            OcrfixFormatter(add_edits=True),
            JsonlWriter(str(tmp_path / "out"), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()

    out: dict[str, dict] = {}
    for path in sorted((tmp_path / "out").iterdir()):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                out[r["id"]] = r
    assert set(out) == {r["id"] for r in records}
    for r in records:
        fixed = ocrfix.fix_and_explain(r["text"])
        got = out[r["id"]]
        assert got["text"] == fixed.text
        assert got["metadata"]["source"] == "test"
        edits = [ocrfix.Edit.from_dict(d) for d in got["metadata"]["ocrfix"]["edits"]]
        assert ocrfix.apply_edits(r["text"], edits) == got["text"]

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step_stats = next(s["stats"] for s in stats if "ocrfix" in s["name"])
    expected = sum(len(ocrfix.fix_and_explain(t).edits) for t in pages)
    assert expected > 0
    assert step_stats["edits"]["total"] == expected
    assert step_stats["edits_punct"]["total"] > 0
    assert step_stats["total"] == len(pages)
