"""Claims in the docs that a command prints: the command still prints them."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

from ocrfix import decode

ROOT = Path(__file__).resolve().parents[1]


def test_the_worked_example_in_how_it_works_is_what_the_decoder_prints(monkeypatch):
    doc = (ROOT / "docs" / "how-it-works.md").read_text(encoding="utf-8")
    command = re.search(r"`(python -m ocrfix\.decode [^`]+)`", doc).group(1)
    shown = doc[doc.index("```\n", doc.index(command)) + 4 :]
    shown = shown[: shown.index("```")]
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert decode.main(shlex.split(command)[3:]) == 0
    assert out.getvalue() == shown


def test_the_worked_example_runs_as_documented_with_python_m():
    """``python -m`` loads the module a second time as ``__main__``: the
    command must still run the package's own decoder (it once crashed in
    the compiled search, whose tables live in ``ocrfix.decode``)."""
    doc = (ROOT / "docs" / "how-it-works.md").read_text(encoding="utf-8")
    command = re.search(r"`(python -m ocrfix\.decode [^`]+)`", doc).group(1)
    shown = doc[doc.index("```\n", doc.index(command)) + 4 :]
    shown = shown[: shown.index("```")]
    result = subprocess.run([sys.executable, *shlex.split(command)[1:]], cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout.decode("utf-8") == shown


def test_the_readme_example_is_what_fix_prints_for_the_seed_page():
    import ocrfix

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("<!-- example:start -->") : readme.index("<!-- example:end -->")]
    before, after = re.findall(r"```text\n(.*?)```", example, flags=re.S)
    page = (ROOT / "seeds" / "000_9e6876d41bf3072b.txt").read_text(encoding="utf-8")
    assert before.strip() in page
    assert after.strip() in ocrfix.fix(page).split("\n\n")
