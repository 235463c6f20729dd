"""Page.parse / Page.render: blocks, lines, gaps and their offsets."""

from __future__ import annotations

import pytest

from ocrfix.page import Block, Page


def spans(page: Page) -> list[tuple[int, int, str]]:
    return [(b.start, b.end, b.text) for b in page.blocks]


def test_blocks_and_lines_with_offsets():
    source = "标题\n\n第一行\n第二行"
    page = Page.parse(source)
    assert spans(page) == [(0, 2, "标题"), (4, 11, "第一行\n第二行")]
    lines = page.blocks[1].lines
    assert [(line.start, line.end, line.text) for line in lines] == [(4, 7, "第一行"), (8, 11, "第二行")]
    assert page.gaps == ((0, 0), (2, 4), (11, 11))
    assert page.render() == source


def test_single_line_is_one_block_of_one_line():
    page = Page.parse("记者 张三")
    assert spans(page) == [(0, 5, "记者 张三")]
    assert [line.text for line in page.blocks[0].lines] == ["记者 张三"]


def test_crlf_lines_and_blocks():
    source = "标题\r\n\r\n第一行\r\n第二行\r\n"
    page = Page.parse(source)
    assert [b.text for b in page.blocks] == ["标题", "第一行\r\n第二行"]
    assert [line.text for line in page.blocks[1].lines] == ["第一行", "第二行"]
    line = page.blocks[1].lines[1]
    assert source[line.start : line.end] == "第二行"
    assert page.render() == source


def test_leading_and_trailing_blank_lines_are_gaps():
    source = "\n\n  \n正文。\n\n\n"
    page = Page.parse(source)
    assert spans(page) == [(5, 8, "正文。")]
    assert page.gaps == ((0, 5), (8, len(source)))
    assert page.render() == source


@pytest.mark.parametrize("source", ["", " ", "\n", "\n\n\n", " \t\u3000\r\n \n", "\r\n\r\n"])
def test_whitespace_only_input_has_no_blocks(source):
    page = Page.parse(source)
    assert page.blocks == ()
    assert page.gaps == ((0, len(source)),)
    assert page.render() == source


def test_many_blank_lines_make_one_separator():
    source = "第一段。\n\n\n\n\n第二段。"
    page = Page.parse(source)
    assert [b.text for b in page.blocks] == ["第一段。", "第二段。"]
    assert page.gaps[1] == (4, 9)


def test_blank_line_holding_spaces_separates_blocks():
    source = "第一段。  \n \u3000\t\n  第二段。"
    page = Page.parse(source)
    assert [b.text for b in page.blocks] == ["第一段。", "第二段。"]
    assert page.render() == source


def test_single_line_break_stays_inside_the_block():
    page = Page.parse("今年以来，全市新建农村公路\n一百二十公里。")
    assert len(page.blocks) == 1
    assert len(page.blocks[0].lines) == 2


def test_indent_inside_the_block_is_kept_in_its_line():
    source = "标题\n\n\u3000\u3000第一行\n\u3000\u3000第二行"
    page = Page.parse(source)
    # The first line's indent is part of the separator; later lines keep theirs.
    assert page.blocks[1].lines[1].text == "\u3000\u3000第二行"
    assert page.render() == source


def test_lone_carriage_return_is_not_a_line_break():
    page = Page.parse("甲\r乙")
    assert [line.text for line in page.blocks[0].lines] == ["甲\r乙"]


def test_block_indices_and_default_role():
    page = Page.parse("一\n\n二\n\n三")
    assert [b.index for b in page.blocks] == [0, 1, 2]
    assert {b.role for b in page.blocks} == {"unknown"}
    assert not any(b.is_blank for b in page.blocks)


@pytest.mark.parametrize("source", ["\x1f", "标题\n\n\x1c\n\n正文"])
def test_parse_never_returns_a_blank_block(source):
    """parse() and Block.is_blank share one idea of whitespace (regex ``\\s`` and
    U+3000), so the separators U+001C..U+001F, which ``str.strip()`` removes,
    are content to both."""
    assert not any(b.is_blank for b in Page.parse(source).blocks)


def test_is_blank_counts_the_ideographic_space():
    assert Block(0, 0, 3, " \u3000\t", ()).is_blank


def test_parse_rejects_bytes_with_a_hint():
    with pytest.raises(TypeError, match="decode bytes first"):
        Page.parse("标题".encode())
