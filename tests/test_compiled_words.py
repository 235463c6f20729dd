"""The compiled word starts (``ocrfix._cwords``) are jieba's, position for position.

:func:`ocrfix.lexicon.word_starts` asks jieba where words start (a dropped
quotation does not open inside a word; a column break inside a word joins
without a space). Its compiled walk must give what ``jieba.cut(text,
HMM=False)`` gives: on every line of the seed pages and the test pages, on
random strings over the characters each step of jieba treats differently,
and on edge cases.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from ocrfix import lexicon

ROOT = Path(__file__).resolve().parents[1]

_cwords = pytest.importorskip("ocrfix._cwords", reason="the compiled word starts were not built")


def _compiled(text: str) -> tuple[int, ...]:
    import jieba

    return _cwords.word_starts(text, lexicon.jieba_freq(), math.log(jieba.dt.total))


def _page_lines() -> list[str]:
    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append(text)
        out.extend(text.splitlines())
    return out


EDGES = [
    "", "a", "中", "ab c", "\r\n", "a\r\nb", "\r\r\n\n", "\n\r", "中国abc123人民", "G20峰会", "3.5%的增长",
    "CN33-0014", "x\x00y中文\x00", "ｆｕｌｌ全角ＡＢＣ", "  中 国  ", "a1b2c3中", "中a中", "\U00020000中国",
    "\t\v\f中\u3000国", "龥龦鿕鿖", "永康#1&2_3", "——“中国”，",
]


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases(text):
    assert _compiled(text) == lexicon.jieba_word_starts(text)


def test_page_lines():
    lines = _page_lines()
    assert len(lines) > 100
    for text in lines:
        assert _compiled(text) == lexicon.jieba_word_starts(text), text


def test_random_strings():
    """Runs of jieba's word class and the rest, ASCII letters and digits
    (merged into one word), whitespace (``\\r\\n`` one word) and the
    ``\\x00`` the decoder puts for a multi-character token."""
    rng = random.Random(1998)
    alphabet = "中国人民政府发展经济建设的了是在有和不abcXYZ019 .-_%+#&，。“”：\r\n\t\x00"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert _compiled(text) == lexicon.jieba_word_starts(text), repr(text)


def test_the_dictionary_is_read_live():
    """A word added to jieba's dictionary (a user's ``jieba.add_word``)
    counts at once, as it does for jieba."""
    import jieba

    text = "坐标系统计划"
    before = _compiled(text)
    assert before == lexicon.jieba_word_starts(text)
    freq = lexicon.jieba_freq()
    saved = {k: freq.get(k) for k in ("标系", "标系统", "标")}
    total = jieba.dt.total
    try:
        jieba.add_word("标系统", 10**6)
        assert _compiled(text) == lexicon.jieba_word_starts(text) != before
    finally:
        for k, v in saved.items():
            if v is None:
                freq.pop(k, None)
            else:
                freq[k] = v
        jieba.dt.total = total


def test_word_starts_runs_the_compiled_walk():
    assert lexicon.COMPILED_WORDS or _cwords is None
    lexicon.word_starts.cache_clear()
    assert lexicon.word_starts("启动世贸敦促") == (2, 4)
