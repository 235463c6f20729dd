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
