"""The character classes ocrfix's hot patterns spell out for the standard
``re`` engine (read off the installed ``regex`` at import) are the
``regex`` module's, code point for code point."""

from __future__ import annotations

import random
import re

import regex

from ocrfix import chardata, lm
from ocrfix.layout import _NOT_HAN_RE


EVERY = "".join(map(chr, range(0x110000)))


def test_the_patterns_match_what_their_regex_forms_match():
    pairs = [
        (chardata.HAN_RE, regex.compile(r"\p{Han}")),
        (chardata.NOT_CONTENT_RE, regex.compile(r"[^\p{L}\p{N}]+")),
        (chardata.WIDE_RE, regex.compile("[\\p{Han}\uff00-\uffef\u3000-\u303f" + regex.escape(chardata.WIDE_PUNCT) + "]")),
        (_NOT_HAN_RE, regex.compile(r"[^\p{Han}]+")),
        (re.compile(f"[{chardata.SPACE_CLASS}]"), regex.compile(r"\s")),
    ]
    for ours, theirs in pairs:
        assert ours.findall(EVERY) == theirs.findall(EVERY), theirs.pattern


def _regex_spans(text: str) -> list[tuple[str, int, int]]:
    """lm.token_spans as it was written with the ``regex`` module."""
    pattern = regex.compile(rf"(\s*)(?:([{lm._DIGIT}]+(?:[.．][{lm._DIGIT}]+)*)|([{lm._LETTER}]+)|(\S))")
    spans, pos = [], 0
    for ws, num, lat, char in pattern.findall(text):
        start = pos + len(ws)
        if char:
            pos = start + 1
            spans.append((lm.UNK if "\ud800" <= char <= "\udfff" else char, start, pos))
        elif num:
            pos = start + len(num)
            spans.append((lm.NUM, start, pos))
        else:
            pos = start + len(lat)
            spans.append((lm.LAT, start, pos))
    return spans


def test_token_spans_are_as_with_the_regex_module():
    """Whitespace and tokens alike, the information separators U+001C-U+001F
    included (``re``'s ``\\s`` takes them, ``regex``'s does not)."""
    rng = random.Random(7)
    alphabet = "中国 \t\n\u3000\xa0\x1c\x1d\x1e\x1f\x85\u2028ab1２．.，“”\ud800" + "".join(map(chr, range(0x2000, 0x200c)))
    texts = ["", " ", "\x1c中\x1f", "共 3.5 万", "ＡＰＥＣ 1998年"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        assert lm.token_spans(text) == _regex_spans(text), repr(text)
