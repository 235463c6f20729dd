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

import regex

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


def _class_ranges(pattern: str, every: str) -> str:
    """The code points the ``regex`` character class ``pattern`` matches,
    as the body of a standard ``re`` class (``\\uXXXX-\\uXXXX`` ranges)."""

    def esc(cp: int) -> str:
        return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"

    out = []
    for m in regex.finditer(pattern + "+", every):
        a, b = m.start(), m.end() - 1
        out.append(esc(a) if a == b else f"{esc(a)}-{esc(b)}")
    return "".join(out)


def _classes() -> tuple[str, str]:
    """The ``regex`` module's ``\\p{Han}`` and ``\\s``
    as code-point ranges, read off the installed ``regex`` (its Unicode
    version) at import: a scan of every code point, about 13 ms."""
    # every code point in order, as UTF-32-LE bytes laid out plane by plane
    # (code point = b0 + 256 * b1 + 65536 * b2)
    n = 0x110000
    raw = bytearray(4 * n)
    raw[0::4] = bytes(range(256)) * (n // 256)
    raw[1::4] = b"".join(bytes([v]) * 256 for v in range(256)) * (n // 65536)
    raw[2::4] = b"".join(bytes([v]) * 65536 for v in range(n // 65536))
    every = raw.decode("utf-32-le", "surrogatepass")
    return _class_ranges(r"\p{Han}", every), _class_ranges(r"\s", every)


#: The hot patterns of a few ranges (Han, wide characters, whitespace) run
#: on the standard ``re`` engine, which runs them about twice as fast as
#: ``regex``, with ``regex``'s Unicode classes spelt out as ranges (``re``
#: has no ``\\p{...}``, and its ``\\s`` also takes U+001C-U+001F);
#: ``tests/test_chardata.py`` compares them with ``regex`` on every code
#: point. (``re`` tries a class's ranges one by one: the hundreds of
#: ``[\\p{L}\\p{N}]`` stay with ``regex``, four times faster there.)
HAN_CLASS, SPACE_CLASS = _classes()
HAN_RE = re.compile(f"[{HAN_CLASS}]")
#: Content characters: letters (Han included) and digits. ocrfix never adds,
#: removes or changes one of these; only punctuation, whitespace and block
#: order change.
CONTENT_RE = regex.compile(r"[\p{L}\p{N}]")
NOT_CONTENT_RE = regex.compile(r"[^\p{L}\p{N}]+")
LATIN_DIGIT_RE = regex.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
#: A sentence end, full width or as OCR narrowed it.
ANY_SENTENCE_END_RE = regex.compile(f"[{SENTENCE_END}!?]")


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
WIDE_RE = re.compile(f"[{HAN_CLASS}\uff00-\uffef\u3000-\u303f{re.escape(WIDE_PUNCT)}]")


def print_cells(text: str) -> float:
    """Width of ``text`` in print cells: 1 for a wide character, 0.5 otherwise."""
    if not text:
        return 0
    # Whole and half cells add up exactly in any order: the sum of
    # ``1.0 if is_wide(ch) else 0.5`` over the characters.
    wide = len(WIDE_RE.findall(text))
    return wide + 0.5 * (len(text) - wide)
