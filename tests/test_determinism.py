"""The same input gives the same output in every process, whatever the hash
seed (``--jobs 2`` must equal ``--jobs 1``)."""

import os
import subprocess
import sys
from pathlib import Path

SEED_PAGE = Path(__file__).resolve().parents[1] / "seeds" / "000_9e6876d41bf3072b.txt"

SCRIPT = "import sys, ocrfix; sys.stdout.write(ocrfix.fix(open(sys.argv[1], encoding='utf-8').read()))"


def run_with_hash_seed(seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(SEED_PAGE)], capture_output=True, env=env, check=True)
    return done.stdout.decode("utf-8")


def test_output_does_not_depend_on_the_hash_seed():
    outputs = {run_with_hash_seed(seed) for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def test_transition_table_starting_over_changes_nothing(monkeypatch):
    """A long run starts its table of KenLM transitions over past
    ``decode.CACHE_LIMIT``. It may do so only between paragraphs: a rival
    search starts from the best path's nodes, which name their states by id
    in the table they were scored in. With a limit of 0 the table starts
    over before every paragraph, and the page comes out as it does in one."""
    import ocrfix
    from ocrfix import decode

    text = SEED_PAGE.read_text(encoding="utf-8")
    expected = ocrfix.fix_and_explain(text)
    monkeypatch.setattr(decode, "CACHE_LIMIT", 0)
    again = ocrfix.fix_and_explain(text)
    assert again.text == expected.text
    assert again.edits == expected.edits


def test_threads_starting_the_table_over_change_nothing(monkeypatch):
    """Each page's context holds its paragraph's table to the paragraph's
    end, so another thread starting the shared table over meanwhile
    changes nothing."""
    from concurrent.futures import ThreadPoolExecutor

    import ocrfix
    from ocrfix import decode

    text = SEED_PAGE.read_text(encoding="utf-8")
    expected = ocrfix.fix(text)
    monkeypatch.setattr(decode, "CACHE_LIMIT", 0)
    with ThreadPoolExecutor(max_workers=3) as pool:
        outputs = list(pool.map(ocrfix.fix, [text] * 3))
    assert outputs == [expected] * 3
