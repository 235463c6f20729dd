"""Character classes, punctuation tables and the patterns built from them.

Everything here is a constant or a pure function of one character or string,
built once at import.

>>> is_han("质"), is_han("G"), is_content("G"), is_content("，")
(True, False, True, False)
>>> content_chars("我市“质量创强”获 G20 批示")
'我市质量创强获G20批示'
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import regex

from ._charclasses import HAN, LETTER_OR_NUMBER, WHITESPACE

#: Quotation marks a newspaper sets around quoted and coined terms.
OPEN_DOUBLE, CLOSE_DOUBLE, OPEN_SINGLE, CLOSE_SINGLE = "“", "”", "‘", "’"
QUOTES = OPEN_DOUBLE + CLOSE_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE

#: ASCII marks that OCR gives for full-width Chinese marks, and their repair.
WIDEN = {
    ",": "，",
    ":": "：",
    ";": "；",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
}
NARROW = {v: k for k, v in WIDEN.items()}

#: Full-width marks that end a sentence or clause.
SENTENCE_END = "。！？"
#: Marks that may not start a printed line (they hang on the line before)
#: and marks that may not end one (they move to the next): no line break
#: falls before the first or after the second.
NO_LINE_START = "，。、；：！？）》〉】”’…·,.;:!?)"
NO_LINE_END = "（《〈【“‘("
#: Marks inside a sentence (a space after one is never a real separator).
CLAUSE_MARKS = "，、；："
CLAUSE_END = CLAUSE_MARKS + SENTENCE_END
#: All full-width punctuation the decoder treats as tokens of its own.
WIDE_PUNCT = "，。、：；！？（）《》〈〉【】—…·「」『』" + QUOTES

#: Whitespace OCR leaves inside a line (a space, an ideographic space, a tab).
INLINE_SPACE = " \t\u3000\u00a0"

#: The hot patterns below are the ``regex`` module's Unicode classes
#: (``\p{Han}``, ``[\p{L}\p{N}]``, ``\s``) spelt out as code-point ranges
#: (``ocrfix/_charclasses.py``, written by ``python scripts/charclasses.py``) for
#: the standard ``re`` engine, which runs such simple patterns about twice
#: as fast; ``tests/test_chardata.py`` checks the ranges against ``regex``.
HAN_RE = re.compile(f"[{HAN}]")
#: Content characters: letters (Han included) and digits. ocrfix never adds,
#: removes or changes one of these; only punctuation, whitespace and block
#: order change.
CONTENT_RE = regex.compile(r"[\p{L}\p{N}]")
NOT_CONTENT_RE = re.compile(f"[^{LETTER_OR_NUMBER}]+")
LATIN_DIGIT_RE = regex.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")


@functools.lru_cache(maxsize=1 << 16)
def is_han(ch: str) -> bool:
    """True for a Han (CJK ideograph) character (the first of ``ch``)."""
    return bool(ch) and HAN_RE.match(ch) is not None


def is_content(ch: str) -> bool:
    """True for a letter or digit of any script: the characters ocrfix keeps."""
    return bool(ch) and CONTENT_RE.match(ch) is not None


def is_latin_or_digit(ch: str) -> bool:
    """True for an ASCII or full-width Latin letter or digit."""
    return bool(ch) and LATIN_DIGIT_RE.match(ch) is not None


def is_wide(ch: str) -> bool:
    """True for a character that takes a full print cell (Han, full-width mark)."""
    if is_han(ch) or ch in WIDE_PUNCT or ch == "\u3000":
        return True
    return "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def content_chars(text: str) -> str:
    """The content characters of ``text`` in order, everything else removed."""
    return NOT_CONTENT_RE.sub("", text)


#: The characters :func:`is_wide` accepts, as one class.
WIDE_RE = re.compile(f"[{HAN}\uff00-\uffef\u3000-\u303f{re.escape(WIDE_PUNCT)}]")
#: Whitespace as the ``regex`` module's ``\\s`` (the standard ``re``'s also
#: takes the information separators U+001C-U+001F), as a class body.
SPACE_CLASS = WHITESPACE


def print_cells(text: str) -> float:
    """Width of ``text`` in print cells: 1 for a wide character, 0.5 otherwise."""
    if not text:
        return 0
    # Whole and half cells add up exactly in any order: the sum of
    # ``1.0 if is_wide(ch) else 0.5`` over the characters.
    wide = len(WIDE_RE.findall(text))
    return wide + 0.5 * (len(text) - wide)


#: The ``regex`` classes :mod:`ocrfix._charclasses` spells out.
CLASSES = {"HAN": r"\p{Han}", "LETTER_OR_NUMBER": r"[\p{L}\p{N}]", "WHITESPACE": r"\s"}


def class_ranges(pattern: str) -> str:
    """The code points the ``regex`` character class ``pattern`` matches, as
    the body of a standard ``re`` class (``\\uXXXX-\\uXXXX`` ranges)."""
    every = "".join(map(chr, range(0x110000)))
    points = [ord(c) for c in regex.findall(pattern, every)]
    ranges: list[list[int]] = []
    for cp in points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])

    def esc(cp: int) -> str:  # an escape the ``re`` engine reads (the file holds raw strings)
        return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"

    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges)


def write_classes(path: Path | None = None) -> Path:
    """Write :mod:`ocrfix._charclasses` from the installed ``regex`` module."""
    path = path or Path(__file__).with_name("_charclasses.py")
    lines = [
        '"""The ``regex`` module\'s Unicode classes as code-point ranges for the standard',
        "``re`` engine (see :mod:`ocrfix.chardata`). Written by ``python scripts/charclasses.py``",
        f"with regex {regex.__version__}; ``tests/test_chardata.py`` checks them against it.",
        '"""',
        "",
    ]
    for name, pattern in CLASSES.items():
        lines.append(f"#: {pattern}")
        lines.append(f'{name} = r"{class_ranges(pattern)}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
