"""Properties every restoration keeps, whatever the input.

Random Unicode rarely reaches the interesting paths, so most properties also
run on newspaper-like text: Han characters, full-width and narrowed
punctuation, quotation marks, digits, Latin, spaces, line breaks and blank
lines. Example counts come from the hypothesis profile (``conftest.py``);
the page-sized tests run a quarter of them.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import ocrfix
from ocrfix.chardata import content_chars, is_han
from ocrfix.page import Page

#: Page-sized inputs cost more per example.
PAGES = settings(max_examples=max(10, settings().max_examples // 4))

HAN = "我市质量创新发展工作会议今年全国人民政府经济企业记者报道新华社北京月日电说表示指出强调春节"
FULL_PUNCT = "，。、：；！？（）《》…—·"
NARROW_PUNCT = ",:;!?()"
QUOTE_MARKS = "“”‘’"
SPACES = [" ", " ", " ", "\u3000", "  ", "\t"]
BREAKS = ["\n", "\n", "\r\n", "\n\n", "\n\n\n", "\n \n"]

han = st.sampled_from(HAN) | st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
token = st.one_of(
    han,
    han,
    han,
    han,
    st.text(HAN, min_size=2, max_size=6),
    st.sampled_from(FULL_PUNCT),
    st.sampled_from(NARROW_PUNCT),
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(SPACES),
    st.sampled_from(BREAKS),
    st.text("0123456789", min_size=1, max_size=4),
    st.text("ABCGNabcxyz", min_size=1, max_size=5),
    st.sampled_from([".", "%", "-", "/", "℃", "~", "@", "：", "19:30", "3.5%", "CN33-0014", "G20"]),
)
#: Newspaper-like text: a few lines to a short paragraph.
news_text = st.lists(token, max_size=40).map("".join)


@st.composite
def news_page(draw):
    """Blocks of newspaper-like text, some printed in narrow columns."""
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        text = draw(st.lists(token, min_size=1, max_size=30).map("".join))
        width = draw(st.sampled_from([0, 8, 13, 16]))
        if width:
            sep = draw(st.sampled_from([" ", "", "\n"]))
            text = sep.join(text[i : i + width] for i in range(0, len(text), width))
        blocks.append(text)
    seps = draw(st.lists(st.sampled_from(["\n\n", "\n\n\n", "\r\n\r\n", "\n \n"]), min_size=len(blocks), max_size=len(blocks)))
    page = "".join(b + s for b, s in zip(blocks, seps))
    return draw(st.sampled_from(["", "\n", "\n\n"])) + page[: -len(seps[-1])] + draw(st.sampled_from(["", "\n", "\n\n"]))


any_text = st.text() | news_text


def check_page(source: str) -> None:
    page = Page.parse(source)
    assert page.render() == source
    assert len(page.gaps) == len(page.blocks) + 1
    pos = 0
    for gap, block in zip(page.gaps, page.blocks):
        assert gap[0] == pos and gap[1] == block.start, (gap, block)
        assert not source[gap[0] : gap[1]].strip(), "a gap holds only whitespace"
        assert block.text == source[block.start : block.end]
        assert block.text and block.text[0] not in " \t\r\n\u3000" and block.text[-1] not in " \t\r\n\u3000"
        assert block.lines[0].start == block.start and block.lines[-1].end == block.end
        for line in block.lines:
            assert line.text == source[line.start : line.end]
            assert "\n" not in line.text
        pos = block.end
    assert page.gaps[-1] == (pos, len(source))
    assert [b.index for b in page.blocks] == list(range(len(page.blocks)))


@given(any_text)
def test_page_round_trip(text):
    check_page(text)


@PAGES
@given(news_page())
def test_page_round_trip_on_pages(text):
    check_page(text)


def check_fix(text: str) -> str:
    fixed = ocrfix.fix_and_explain(text)
    assert isinstance(fixed.text, str)
    assert fixed.text == ocrfix.fix(text)
    assert ocrfix.apply_edits(text, fixed.edits) == fixed.text
    previous_end = 0
    for edit in fixed.edits:
        assert 0.0 <= edit.confidence <= 1.0, edit
        assert text[edit.start : edit.end] == edit.old, edit
        assert edit.start >= previous_end, "edits are sorted and never overlap"
        assert edit.old != edit.new, edit
        previous_end = edit.end
    # Letters and digits are never added or removed, only moved.
    assert Counter(content_chars(fixed.text)) == Counter(content_chars(text))
    return fixed.text


@given(any_text)
@example("")
@example("\n\n\n")
@example("\ud800")
@example("日前 ,我市\r\n\r\n,")
def test_fix_explains_and_keeps_content(text):
    check_fix(text)


@PAGES
@given(news_page())
def test_fix_explains_and_keeps_content_on_pages(text):
    check_fix(text)


@given(any_text)
@example("数据来源(新华社),2016年")
@example("中文),x")
@example("我\r\n我\n我")  # a CRLF line break inside a box of short lines was joined, the LF one kept
@example("我 \n我\n我")
@example("房子建不起来 就摘下乌纱 帽")  # read as a headline until its comma went in: decoded again as body
@example("决议所做出的努力也应得到客观公正的\n评价。我们衷心希望有关方面恢复协调与合作,\n早日了结遗留问题,使该地区恢复安定\n与重建 。")
def test_fix_is_idempotent(text):
    once = ocrfix.fix(text)
    assert ocrfix.fix(once) == once


@PAGES
@given(news_page())
@example("我我\n,")  # a narrowed mark at a line start, beside Han once the line is joined
@example("我我业业\n\n\n。业业业业业 (我业业业业业业CN33- 0014")  # removing or keeping a space: a tie
@example("A我!\n\n我我我我A")  # a junction the layout made is always decided
def test_fix_is_idempotent_on_pages(text):
    once = ocrfix.fix(text)
    assert ocrfix.fix(once) == once


@given(news_text)
def test_no_narrow_mark_left_between_han(text):
    out = ocrfix.fix(text)
    squeezed = "".join(c for c in out if c not in " \t\u3000")
    for before, mark, after in zip(squeezed, squeezed[1:], squeezed[2:]):
        assert not (mark in NARROW_PUNCT and is_han(before) and is_han(after)), (out, before + mark + after)


@given(st.one_of(st.binary(), st.integers(), st.none(), st.lists(st.text())))
def test_fix_rejects_non_str(value):
    with pytest.raises(TypeError, match="str"):
        ocrfix.fix(value)


@PAGES
@given(news_page())
def test_fix_is_idempotent_with_silent_quotes_declared(text):
    # a declared style must not undo what lets a restored text settle: it
    # shows its marks, so a second run restores none where nothing points
    config = ocrfix.Config(silent_quotes=True)
    once = ocrfix.fix(text, config)
    assert ocrfix.fix(once, config) == once


@PAGES
@given(news_page())
def test_fix_is_idempotent_with_a_line_width_declared(text):
    # a restored text shows no line-break spaces: the declared grid is not laid over it
    config = ocrfix.Config(line_width=16)
    once = ocrfix.fix(text, config)
    assert ocrfix.fix(once, config) == once
