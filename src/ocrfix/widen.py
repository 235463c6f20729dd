"""Width repair: ASCII punctuation that OCR gave for full-width Chinese marks.

A narrow ``, : ; ! ? ( )`` next to Chinese text becomes ``，：；！？（）``;
inside a run of digits or Latin (``19:30``, ``3,000``, ``(a)``) it stays.
Spaces around the mark are left to the decoder: a space before ``，`` may be
a stray or a dropped ``”``.

>>> widen_text("日前 ,我市报送的信息")
'日前 ，我市报送的信息'
>>> widen_text("数据来源(新华社),2016年")
'数据来源（新华社），2016年'
>>> widen_text("每晚19:30到21:30之间")
'每晚19:30到21:30之间'
>>> widen_text("平均值为3.2,是12名选手中最高的")
'平均值为3.2，是12名选手中最高的'
>>> widen_text("副省长作出批示:永康")
'副省长作出批示：永康'
>>> widen_text("全市新建农村公路\\n,改造危桥十座")
'全市新建农村公路\\n，改造危桥十座'
"""

from __future__ import annotations

import regex

from .chardata import WIDEN
from .edits import Trace

_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’《》…—]"
_CJK_RE = regex.compile(_CJK)
_MARK = r"[,:;!?()]"
# A narrow mark; _beside_chinese looks past spaces to decide whether it sits
# beside Chinese text (the spaces themselves are the decoder's to decide).
_HAN_RE = regex.compile(r"\p{Han}")
_WIDEN_RE = regex.compile(rf"({_MARK})")


#: What may stand between a mark and its neighbour: spaces, and the line
#: breaks inside a paragraph, which the decoder joins (``我我\n,`` is ``我我，``).
_GAP = " \t\r\n"


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The nearest character before ``start`` and after ``end`` that is not
    a gap ("" at the text's edge), read in place: copying the text before
    each mark was quadratic in a long paragraph's length.

    >>> _neighbours("我 \\n, 们", 3, 4)
    ('我', '们')
    """
    i = start
    while i > 0 and text[i - 1] in _GAP:
        i -= 1
    j = end
    while j < len(text) and text[j] in _GAP:
        j += 1
    return (text[i - 1] if i > 0 else ""), (text[j] if j < len(text) else "")


def _beside_chinese(text: str, start: int, end: int, mark: str) -> bool:
    before, after = _neighbours(text, start, end)
    is_cjk = lambda c: bool(c) and _CJK_RE.match(c) is not None  # noqa: E731
    if mark in "()":
        # A bracket beside Chinese text is Chinese, whatever it encloses:
        # 缩写（MOF）, （记者 张三）.
        return is_cjk(before) or is_cjk(after)
    if mark in ":," and before[-1:].isdigit() and after[:1].isdigit():
        return False
    if mark in "!?;" and after in ("", "\n") and _HAN_RE.search(text[max(0, start - 40) : start]):
        return True  # a Chinese sentence's end, even after 15% or a Latin word
    # After a Latin word a narrow mark may belong to it (``Python,C``); after
    # a number it ends the clause as any mark does (``为3．2，是``, ``1：在``).
    return is_cjk(before) or (is_cjk(after) and not (before.isascii() and before.isalpha()))


def widen_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, new)`` for each narrow mark beside Chinese text.

    Marks side by side (``),``) are decided together: a mark beside one that
    is widened counts as beside Chinese text, so one pass reaches the fixed
    point and fixing twice changes nothing.
    """
    chars = list(text)
    spans: dict[int, str] = {}
    partner = _bracket_pairs(text)
    changed = True
    while changed:
        changed = False
        current = "".join(chars)
        for m in _WIDEN_RE.finditer(current):
            k = m.start(1)
            if k in spans:
                continue
            mark = m.group(1)
            if k in partner:
                # A bracket pair goes together, decided by its opening
                # bracket: 中国(China) widens, f(x)的值 stays.
                opening = min(k, partner[k])
                if not _beside_chinese(current, opening, opening + 1, "("):
                    continue
                for j in (k, partner[k]):
                    spans[j] = WIDEN[text[j]]
                    chars[j] = WIDEN[text[j]]
                changed = True
            elif _beside_chinese(current, k, m.end(1), mark):
                spans[k] = WIDEN[mark]
                chars[k] = WIDEN[mark]
                changed = True
    return [(k, k + 1, new) for k, new in sorted(spans.items())]


def _bracket_pairs(text: str) -> dict[int, int]:
    """Offsets of matching ASCII ( ) pairs, both ways."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for k, c in enumerate(text):
        if c == "(":
            stack.append(k)
        elif c == ")" and stack:
            j = stack.pop()
            pairs[j], pairs[k] = k, j
    return pairs


def widen_text(text: str) -> str:
    chars = list(text)
    for start, _, new in widen_spans(text):
        chars[start] = new
    return "".join(chars)


def widen_trace(trace: Trace, confidence: float = 0.99) -> Trace:
    return trace.apply_local((s, e, new, "punct", confidence) for s, e, new in widen_spans(trace.text))
