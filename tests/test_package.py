"""The package as users get it: public names, console script, package data.

``lexicons/`` is the one home of the mined lexicons; the wheel ships them in
``ocrfix/data/`` (pyproject.toml maps the package ``ocrfix.data`` to
``lexicons/``). These tests check that mapping statically; ``.ci/run``
installs the wheel in a fresh virtual environment and restores a seed page
with it (README command 1).
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import ocrfix

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_public_names():
    for name in ocrfix.__all__:
        assert hasattr(ocrfix, name), name
    from ocrfix.batch import fix_batch

    assert ocrfix.fix_batch is fix_batch


def test_console_script_and_extras():
    project = PYPROJECT["project"]
    assert project["scripts"]["ocrfix"] == "ocrfix.cli:main"
    extras = project["optional-dependencies"]
    assert {"test", "datatrove", "datasets"} <= set(extras)
    test_extra = " ".join(extras["test"])
    for needed in ("pytest", "hypothesis", "pytest-benchmark"):
        assert needed in test_extra


def _shipped(patterns: list[str], relative: str) -> bool:
    return any(fnmatch.fnmatch(relative, p) for p in patterns)


def test_every_lexicon_file_is_package_data():
    """Each lexicon that code reads (``*.txt``, ``*.tsv``) lands in ``ocrfix/data/``."""
    assert SETUPTOOLS["package-dir"]["ocrfix.data"] == "lexicons"
    assert "ocrfix.data" in SETUPTOOLS["packages"]
    patterns = SETUPTOOLS["package-data"]["ocrfix.data"]
    lexicons = ROOT / "lexicons"
    files = [p.relative_to(lexicons).as_posix() for p in lexicons.rglob("*") if p.is_file() and p.suffix in (".txt", ".tsv")]
    assert files, "no lexicon files found"
    missing = [f for f in files if not _shipped(patterns, f)]
    assert not missing, f"lexicons not in the wheel: {missing}; extend package-data for ocrfix.data"


def test_model_is_package_data():
    patterns = SETUPTOOLS["package-data"]["ocrfix"]
    assert _shipped(patterns, "py.typed")
    model = ocrfix.Config().model_path()
    assert model.is_file()
    assert _shipped(patterns, f"data/{model.name}")


def test_lookups_find_the_lexicons():
    """In a source tree or an editable install the code reads ``lexicons/``;
    installed from a wheel it reads ``ocrfix/data/``: the same files."""
    from ocrfix import roles

    directory = roles.lexicon_dir()
    assert directory.is_dir()
    assert sorted(p.name for p in directory.glob("*.txt")) == sorted(
        p.name for p in (ROOT / "lexicons" / "furniture").glob("*.txt")
    )


def _readme_commands() -> list[str]:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    commands = _readme_commands()
    assert len(commands) >= 2
    install_and_fix, install_and_test = commands[0], commands[1]
    assert "\n" not in install_and_fix and "\n" not in install_and_test
    assert install_and_fix.startswith("pip install . && ocrfix fix - < seeds/")
    assert (ROOT / install_and_fix.rsplit("< ", 1)[1]).is_file()
    assert "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines(), ".ci/run must run README command 2 as written"
