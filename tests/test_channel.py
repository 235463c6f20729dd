"""Channel details of the decoder, each on one paragraph with a fixed style."""

from __future__ import annotations

import pytest

from ocrfix import decode, lexicon
from ocrfix.lm import load_model


def context(style: str) -> decode.DocContext:
    ctx = decode.DocContext(load_model(), decode.channel_for(style), break_spaces=style == "spaces")
    return ctx


@pytest.mark.parametrize("style", ["spaces", "nospace"])
def test_space_beside_a_wide_mark_is_not_a_headline_separator(style):
    ctx = context(style)
    assert decode.decode_text("扶贫8年， 200户农民走上致富道路", "headline", ctx) == "扶贫8年，200户农民走上致富道路"


@pytest.mark.parametrize("style", ["spaces", "nospace"])
def test_caption_credit_after_a_sentence_keeps_its_space(style):
    ctx = context(style)
    text = "市民在广场上观看文艺演出。 记者 王洋 摄"
    assert decode.decode_text(text, "caption", ctx) == text


@pytest.mark.parametrize("style", ["spaces", "nospace"])
def test_a_photo_credit_at_the_end_of_a_body_paragraph_keeps_its_spaces(style):
    # A caption read as body text (its first sentence reads like one): the
    # credit's name still stands apart from 记者, as at a paragraph's start.
    ctx = context(style)
    text = "全市已有三万多人参加无偿献血，医疗用血全部来自公民自愿无偿献血。 记者 姜红旭 摄"
    assert decode.decode_text(text, "body", ctx) == text


def test_stray_space_rates_differ_before_and_after_a_mark():
    ch = decode.channel_for("spaces")
    assert ch.space_before_mark > ch.space_after_mark


def test_no_quotation_mark_just_inside_a_title_bracket():
    assert not decode._fits("“", "《", "百")
    assert not decode._fits("”", "凤", "》")
    assert not decode._fits("“", "『", "春")
    assert decode._fits("“", "，", "百")


def test_the_page_prior_adapts_only_where_drops_leave_spaces():
    """The second pass moves the quotation prior by the space-marked pairs
    the first pass restored; where drops seldom leave a space there are too
    few to measure the page's quoting by."""
    for style, moves in (("spaces", True), ("nospace", False)):
        ctx = decode.DocContext(load_model(), decode.channel_for(style))
        assert (ctx.adapt_quote_prior(0, 2000) != 0.0) is moves


def test_the_word_before_a_colon_moves_the_speech_prior():
    """Mined from the train split (lexicons/colon_quotes.tsv): a quotation
    mostly opens after 说：, almost never after 报道：."""
    assert lexicon.colon_word_odds("他高兴地说") > 0.5
    assert lexicon.colon_word_odds("据新华社报道") < -0.5
    assert lexicon.colon_word_odds("") == 0.0


def test_where_drops_leave_nothing_a_label_colon_opens_no_quotation():
    ctx = context("nospace")
    assert ctx.channel.colon_word_gain > decode.channel_for("spaces").colon_word_gain
    assert decode.decode_text("图片：村民在新修的路上散步。", "body", ctx) == "图片：村民在新修的路上散步。"
    said = "会议指出：要把农业放在经济工作的首位。"
    assert decode.decode_text(said, "body", ctx) == "会议指出：“要把农业放在经济工作的首位。”"


def test_the_width_grid_prices_a_break_by_how_far_it_falls_from_a_full_line():
    """A justified line is full: a break on a multiple of the width is
    cheap, one a whole cell off it costs more, one further off far more."""
    ch = decode.channel_for("spaces")
    on, near, off = (decode._grid_cost(cells, 3, 16.0, ch) for cells in (16.0, 15.0, 13.0))
    assert on == ch.break_on_grid and near == ch.break_near_grid and off == ch.break_off_grid
    assert on > near > off
    assert decode._grid_cost(16.5, 3, 16.0, ch) == on  # half a cell: the width's own slack


def test_the_first_lines_indent_shifts_every_multiple_of_the_width():
    """The first line is indented two cells: its break falls two cells short
    of the width, and so does the next break where that one left no space."""
    ch = decode.channel_for("spaces")
    assert decode._grid_cost(14.0, 0, 16.0, ch) == ch.break_on_grid
    assert decode._grid_cost(30.0, 0, 16.0, ch) == ch.break_on_grid + ch.missed_break
    assert decode._grid_cost(30.0, 2, 16.0, ch) == ch.break_off_grid + ch.missed_break


def test_a_line_may_end_a_cell_past_the_width_on_a_hanging_mark():
    ch = decode.channel_for("spaces")
    assert decode._grid_cost(17.0, 3, 16.0, ch, hang=True) == ch.break_on_grid
    assert decode._grid_cost(17.0, 3, 16.0, ch) == ch.break_near_grid


def test_where_drops_leave_nothing_a_space_between_body_characters_is_a_marks_trace():
    """Where dropped marks seldom leave a space, line breaks and lone commas
    leave none either: on a page long enough to show that style, a space
    between two body characters is a quotation mark's trace, and reading it
    as stray or as a lost comma scores far below the quotation (a confidence
    near 1, not a coin's toss). A short text keeps the stray space's cost:
    a few spaces there may be line breaks too few to show."""
    nospace, spaces = decode.channel_for("nospace"), decode.channel_for("spaces")
    assert nospace.lone_mark_space < spaces.lone_mark_space
    text = "全市开展了平安家庭 创建活动。"
    page = [text] + ["今年全市新建改建农村公路三百公里，农民出行更加方便。"] * 80
    model = load_model()
    short, long = decode.DocContext.for_texts(page[:3], model), decode.DocContext.for_texts(page, model)
    assert not short.break_spaces and not long.break_spaces
    assert short.channel.stray_space == spaces.stray_space
    assert long.channel.stray_space == decode.NOSPACE_STRAY_SPACE < spaces.stray_space
    closing = decode.explain(text, "body", long)[-1]
    assert closing["chosen"] == "”"
    assert max(score for insert, score in closing["alternatives"].items() if "”" not in insert) < -4.5
