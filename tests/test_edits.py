"""Edit, apply_edits, Trace, classify, LineIndex, and the API's type checks."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ocrfix
from ocrfix.chardata import content_chars
from ocrfix.edits import Edit, LineIndex, Trace, apply_edits, classify


def triples(edits):
    return [(e.start, e.end, e.old, e.new, e.repair) for e in edits]


# -- Edit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        ((-1, 0, "", "“"), "0 <= start <= end"),
        ((3, 2, "", "“"), "0 <= start <= end"),
        ((0, 2, " ", "“"), "old text has 1"),
    ],
)
def test_edit_rejects_bad_offsets(args, message):
    with pytest.raises(ValueError, match=message):
        Edit(*args, "quote")


@pytest.mark.parametrize("confidence", [-0.01, 1.01, math.nan])
def test_edit_rejects_confidence_outside_0_1(confidence):
    with pytest.raises(ValueError, match="confidence"):
        Edit(0, 1, " ", "“", "quote", confidence)


def test_edit_dict_round_trip():
    edit = Edit(2, 3, " ", "“", "quote", 0.875)
    assert Edit.from_dict(edit.to_dict()) == edit
    assert Edit.from_dict({"start": 0, "end": 1, "old": ",", "new": "，", "repair": "punct"}).confidence == 1.0


# -- apply_edits --------------------------------------------------------------------------


def test_apply_edits_replays():
    text = "我市 质量创强 获省领导批示"
    edits = [Edit(2, 3, " ", "“", "quote", 0.9), Edit(7, 8, " ", "”", "quote", 0.9)]
    assert apply_edits(text, edits) == "我市“质量创强”获省领导批示"
    assert apply_edits(text, reversed(edits)) == "我市“质量创强”获省领导批示", "order of the list does not matter"
    assert apply_edits(text, iter(edits)) == "我市“质量创强”获省领导批示", "any iterable"
    assert apply_edits(text, []) == text


def test_apply_edits_mismatch_is_a_clear_value_error():
    with pytest.raises(ValueError, match=r"edit 0 expects ';' at 1:2 but the text has ','"):
        apply_edits("a,b", [Edit(1, 2, ";", "；", "punct")])


def test_apply_edits_past_the_end():
    with pytest.raises(ValueError, match=r"expects ',' at 5:6 but the text has ''"):
        apply_edits("a,b", [Edit(5, 6, ",", "，", "punct")])


@pytest.mark.parametrize(
    "edits",
    [
        [Edit(0, 2, "ab", "", "space"), Edit(1, 3, "bc", "", "space")],
        [Edit(1, 2, "b", "x", "move"), Edit(1, 2, "b", "y", "move")],
        [Edit(0, 3, "abc", "", "move"), Edit(1, 1, "", "“", "quote")],
    ],
)
def test_apply_edits_overlap_is_a_value_error(edits):
    with pytest.raises(ValueError, match="overlaps an earlier edit"):
        apply_edits("abcd", edits)


def test_insertions_at_one_offset_keep_list_order():
    edits = [Edit(1, 1, "", "”", "quote"), Edit(1, 1, "", "，", "punct")]
    assert apply_edits("ab", edits) == "a”，b"
    assert apply_edits("ab", edits[::-1]) == "a，”b"


def test_insertion_goes_before_a_replacement_at_the_same_offset():
    edits = [Edit(1, 2, " ", "", "space"), Edit(1, 1, "", "“", "quote")]
    assert apply_edits("a b", edits) == "a“b"


def test_insertion_at_the_end_of_a_replacement():
    edits = [Edit(2, 2, "", "”", "quote"), Edit(1, 2, ",", "，", "punct")]
    assert apply_edits("a,b", edits) == "a，”b"


def test_apply_edits_needs_str():
    with pytest.raises(TypeError, match="str"):
        apply_edits(b"a,b", [])


# -- classify -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, repair",
    [
        (" ", "“", "quote"),
        ("", "”", "quote"),
        (" ", "”，", "quote"),
        ("‘", "", "quote"),
        (",", "，", "punct"),
        (" ,", "，", "punct"),
        ("", "，", "punct"),
        ("-\n", "", "hyphen"),
        ("\n\n", "", "join"),
        ("\n", "", "join"),
        (" ", "", "space"),
        ("\u3000", "", "space"),
        ("", "\n\n", "layout"),
        ("\n\n\n", "\n\n", "layout"),
        ("甲乙\n\n", "", "move"),
        ("", "9", "move"),
    ],
)
def test_classify(old, new, repair):
    assert classify(old, new) == repair


# -- Trace --------------------------------------------------------------------------------


def test_trace_of_is_the_identity():
    trace = Trace.of("本报讯 日前")
    assert trace.text == "本报讯 日前" and len(trace) == 6
    assert trace.edits() == ()
    part = Trace.of("甲乙丙丁", 1, 3)
    assert part.text == "乙丙" and part.src == [1, 2]


def test_trace_replace_quotes_and_confidence():
    trace = Trace.of("我市 质量创强 获批").replace(7, 8, "”", "quote", 0.7).replace(2, 3, "“", "quote", 0.8)
    assert trace.text == "我市“质量创强”获批"
    assert [(e.start, e.old, e.new, e.repair, e.confidence) for e in trace.edits()] == [
        (2, " ", "“", "quote", 0.8),
        (7, " ", "”", "quote", 0.7),
    ]


def test_trace_deletion_keeps_its_repair_and_confidence():
    trace = Trace.of("质量 创强").replace(2, 3, "", "space", 0.6)
    assert trace.edits() == (Edit(2, 3, " ", "", "space", 0.6),)


def test_trace_replace_leaves_the_original_alone():
    trace = Trace.of("甲 乙")
    trace.replace(1, 2, "", "space")
    assert trace.text == "甲 乙" and trace.edits() == ()


def test_trace_edits_are_minimal():
    # Replacing a span with text that shares its ends edits only the middle.
    trace = Trace.of("甲，乙").replace(0, 3, "甲，”乙", "quote", 0.9)
    assert triples(trace.edits()) == [(2, 2, "", "”", "quote")]


def test_trace_apply_local_in_one_pass():
    trace = Trace.of("日前 ,我市 质量").apply_local([(6, 7, "“", "quote", 0.9), (2, 4, "，", "punct", 0.99)])
    assert trace.text == "日前，我市“质量"
    assert triples(trace.edits()) == [(2, 4, " ,", "，", "punct"), (6, 7, " ", "“", "quote")]


def test_trace_apply_local_insertions_keep_order():
    trace = Trace.of("甲乙").apply_local([(1, 1, "”", "quote", 0.9), (1, 1, "，", "punct", 0.9)])
    assert trace.text == "甲”，乙"
    assert apply_edits("甲乙", trace.edits()) == "甲”，乙"


def test_trace_apply_local_overlap_is_a_value_error():
    with pytest.raises(ValueError, match="overlapping"):
        Trace.of("abcd").apply_local([(0, 2, "", "space", 1.0), (1, 3, "", "space", 1.0)])


def test_trace_concat_inserts_strings_under_a_repair():
    source = "甲乙\n丙丁"
    t = Trace.of(source)
    joined = Trace.concat([t.slice(0, 2), t.slice(3, 5)], source)
    assert joined.text == "甲乙丙丁"
    assert triples(joined.edits()) == [(2, 3, "\n", "", "join")]
    spaced = Trace.concat([t.slice(0, 2), "\n\n", t.slice(3, 5)], source)
    assert triples(spaced.edits()) == [(3, 3, "", "\n", "layout")]


SOURCE = "甲乙丙\n\n丁戊\n\n己庚辛\n\n壬"
BLOCKS = [(0, 3), (5, 7), (9, 12), (14, 15)]


def reorder(order, source=SOURCE, blocks=BLOCKS):
    trace = Trace.of(source)
    parts: list = []
    for k, i in enumerate(order):
        if k:
            parts.append("\n\n")
        parts.append(trace.slice(*blocks[i]))
    return Trace.concat(parts, source)


def test_headline_moved_to_the_top_is_a_move():
    trace = reorder([1, 0, 2, 3])
    assert trace.text == "丁戊\n\n甲乙丙\n\n己庚辛\n\n壬"
    edits = trace.edits()
    assert {e.repair for e in edits} == {"move"}
    assert apply_edits(SOURCE, edits) == trace.text
    # Only the smaller block counts as moved.
    assert sum(len(content_chars(e.new)) for e in edits) == 2


@given(st.permutations(range(len(BLOCKS))))
def test_any_block_order_replays(order):
    trace = reorder(order)
    edits = trace.edits()
    assert apply_edits(SOURCE, edits) == trace.text
    assert all(e.repair == "move" for e in edits if content_chars(e.old + e.new))
    assert (edits == ()) == (list(order) == sorted(order))


def test_move_with_an_edit_inside_the_moved_block_replays():
    trace = Trace.of(SOURCE)
    moved = trace.slice(9, 12).replace(1, 1, "“", "quote", 0.8)
    out = Trace.concat([moved, "\n\n", trace.slice(0, 7), trace.slice(12, 15)], SOURCE)
    assert apply_edits(SOURCE, out.edits()) == out.text == "己“庚辛\n\n甲乙丙\n\n丁戊\n\n壬"


def test_a_move_keeps_its_text_whatever_the_confidence_inside():
    """A move is two edits (insert here, delete there); the moved text may also
    carry a low-confidence repair. Edits are derived from the trace and never
    filtered afterwards, so both halves always travel together."""
    trace = Trace.of(SOURCE)
    moved = trace.slice(9, 12).replace(1, 1, "“", "quote", 0.3)
    out = Trace.concat([moved, "\n\n", trace.slice(0, 7), trace.slice(12, 15)], SOURCE)
    edits = out.edits()
    assert apply_edits(SOURCE, edits) == out.text
    assert Counter(content_chars(out.text)) == Counter(content_chars(SOURCE))
    moves = [e for e in edits if e.repair == "move"]
    assert Counter(content_chars("".join(e.new for e in moves))) == Counter(content_chars("".join(e.old for e in moves)))


PAGE_WITH_MOVES = (
    "天津河东区程林庄路上有一处花园别墅区。这是那些失去父母双亲的孤苦孩子们的温馨之家,"
    "中国天津SOS儿童村。\n\n天津SOS儿童村的春天:孩子们的家\n\n本报记者傲腾"
)


@pytest.mark.parametrize("min_confidence", [0.0, 0.5, 0.9, 1.0])
def test_restore_never_loses_text_of_a_move(min_confidence):
    """Stages decide with ``min_confidence``; restore() filters nothing afterwards,
    so at any threshold a move's halves come together and every letter and digit
    is still there exactly once."""
    fixed = ocrfix.fix_and_explain(PAGE_WITH_MOVES, ocrfix.Config(min_confidence=min_confidence))
    assert apply_edits(PAGE_WITH_MOVES, fixed.edits) == fixed.text
    assert Counter(content_chars(fixed.text)) == Counter(content_chars(PAGE_WITH_MOVES))
    moves = [e for e in fixed.edits if e.repair == "move"]
    assert Counter(content_chars("".join(e.new for e in moves))) == Counter(content_chars("".join(e.old for e in moves)))


@st.composite
def local_edits(draw):
    text = draw(st.text("甲乙 ,“\n", max_size=12))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        new = draw(st.text("，“” \n", max_size=2))
        edits.append((start, end, new, draw(st.sampled_from(["quote", "punct", "space"])), draw(st.floats(0, 1))))
    return text, edits


@given(local_edits())
def test_trace_edits_replay_local_edits(case):
    text, edits = case
    trace = Trace.of(text).apply_local(edits)
    derived = trace.edits()
    assert apply_edits(text, derived) == trace.text
    assert all(0 <= e.confidence <= 1 for e in derived)


# -- LineIndex ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, offset, line_col",
    [
        ("ab\ncd", 0, (1, 1)),
        ("ab\ncd", 2, (1, 3)),
        ("ab\ncd", 3, (2, 1)),
        ("ab\ncd", 5, (2, 3)),
        ("", 0, (1, 1)),
        ("甲\n\n乙", 3, (3, 1)),
        ("甲\r\n乙", 3, (2, 1)),
    ],
)
def test_line_index(text, offset, line_col):
    assert LineIndex(text).line_col(offset) == line_col


# -- the API's type checks ----------------------------------------------------------------


def test_fix_rejects_bytes_and_says_to_decode():
    with pytest.raises(TypeError, match=r"str, not bytes: decode it first"):
        ocrfix.fix("日前".encode())


@pytest.mark.parametrize("value", [None, 42, ["日前"]])
def test_fix_rejects_other_types_and_says_what_to_pass(value):
    with pytest.raises(TypeError, match=rf"not {type(value).__name__}: pass the page text as str"):
        ocrfix.fix(value)


def test_fix_and_explain_rejects_a_config_that_is_not_a_config():
    with pytest.raises(TypeError, match="ocrfix.Config"):
        ocrfix.fix_and_explain("日前", {"quotes": False})
