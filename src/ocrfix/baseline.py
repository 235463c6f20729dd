"""The obvious regex fix: the baseline every ocrfix result is compared with.

Two rules, applied everywhere, no model: delete the spaces between two Han
characters, and widen ``, : ; ! ? ( )`` next to a Han character (dropping the
spaces around the mark). It restores no quotation mark, joins no block and
reorders nothing.

>>> regex_fix("本报讯 日前 ,我市报送的 信息")
'本报讯日前，我市报送的信息'
>>> regex_fix("每晚19:30到 21:30 ,记者 陈晓苏")
'每晚19:30到 21:30，记者陈晓苏'

Run it over pages to get the baseline predictions for ``ocrfix eval``::

    python -m ocrfix.baseline seeds/ out/regex/
"""

from __future__ import annotations

import sys
from pathlib import Path

import regex

from .chardata import WIDEN

_SPACE = r"[ \t\u3000]"
_SPACE_BETWEEN_HAN_RE = regex.compile(rf"(?<=\p{{Han}}){_SPACE}+(?=\p{{Han}})")
_NARROW_BESIDE_HAN_RE = regex.compile(
    rf"(?<=\p{{Han}}){_SPACE}*([,:;!?()]){_SPACE}*|{_SPACE}*([,:;!?()]){_SPACE}*(?=\p{{Han}})"
)


def regex_fix(text: str) -> str:
    """Apply the two baseline rules to ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"regex_fix() needs text as str, not {type(text).__name__}")
    text = _NARROW_BESIDE_HAN_RE.sub(lambda m: WIDEN[m.group(1) or m.group(2)], text)
    return _SPACE_BETWEEN_HAN_RE.sub("", text)


def main(argv: list[str] | None = None) -> int:
    """``python -m ocrfix.baseline SRC DEST``: fix SRC (a page, or every
    ``NAME.txt`` in a folder except ``*.gold.txt``) into the folder DEST."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m ocrfix.baseline SRC DEST   (SRC: a page or a folder of NAME.txt)", file=sys.stderr)
        return 2
    src, dest = Path(args[0]), Path(args[1])
    pages = [src] if src.is_file() else sorted(p for p in src.glob("*.txt") if not p.name.endswith(".gold.txt"))
    if not pages:
        print(f"ocrfix.baseline: error: no pages in {src}", file=sys.stderr)
        return 1
    dest.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (dest / page.name).write_text(regex_fix(page.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    # Run the package's own module, not this copy of it (``python -m``
    # loads the file a second time as ``__main__``, with state of its own).
    from ocrfix.baseline import main as _main

    sys.exit(_main())
