"""Every repair switch can be turned off on a real page: the restoration
still runs, keeps its invariants, and makes no edit of that repair."""

from collections import Counter
from pathlib import Path

import pytest

import ocrfix
from ocrfix.chardata import content_chars

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "000_9e6876d41bf3072b.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("switch", ["quotes", "spaces", "punct", "join", "move", "hyphen", "document_memory"])
def test_a_repair_switched_off_on_the_seed_page(switch):
    fixed = ocrfix.fix_and_explain(SEED, ocrfix.Config(**{switch: False}))
    assert ocrfix.apply_edits(SEED, fixed.edits) == fixed.text
    assert Counter(content_chars(fixed.text)) == Counter(content_chars(SEED))
    repair = {"quotes": "quote", "spaces": "space"}.get(switch, switch)
    assert repair not in {e.repair for e in fixed.edits}


def test_all_decoder_repairs_off_leaves_only_layout():
    fixed = ocrfix.fix_and_explain(SEED, ocrfix.Config(quotes=False, spaces=False, punct=False))
    assert {e.repair for e in fixed.edits} <= {"join", "move", "hyphen", "layout"}


#: One paragraph whose OCR dropped both quotation marks and left no trace.
SAID = "老人笑着说:今年的收成比去年好多了。"


def test_a_paragraph_alone_is_too_short_to_show_its_marks_were_dropped():
    assert "“" not in ocrfix.fix(SAID)
    assert "“" not in ocrfix.fix(SAID, ocrfix.Config(silent_quotes=False))


def test_silent_quotes_declared_for_short_records():
    config = ocrfix.Config(silent_quotes=True)
    once = ocrfix.fix(SAID, config)
    assert once == "老人笑着说：“今年的收成比去年好多了。”"
    assert ocrfix.fix(once, config) == once  # a restored text shows its marks: fixing twice changes nothing


def test_silent_quotes_off_restores_only_marks_a_space_or_line_end_stands_for():
    fixed = ocrfix.fix_and_explain(SEED, ocrfix.Config(silent_quotes=False))
    quotes = [e for e in fixed.edits if e.repair == "quote"]
    assert quotes and all(any(c.isspace() for c in e.old) for e in quotes), [e for e in quotes if not e.old.strip()]


def test_a_declared_line_width_tells_line_breaks_from_dropped_marks():
    # one line of a column 16 cells wide (indented 2): a space 5 cells in is
    # no line break, so it stands for a dropped mark
    text = "今年的收成 比去年好多了。"
    assert ocrfix.fix(text) == "今年的收成比去年好多了。"  # too short to show its width
    config = ocrfix.Config(line_width=16)
    once = ocrfix.fix(text, config)
    assert once == "今年的收成，比去年好多了。"
    assert ocrfix.fix(once, config) == once


def test_a_line_width_is_a_column_width_or_none():
    assert ocrfix.Config(line_width=None).line_width is None
    with pytest.raises(ValueError, match="line_width"):
        ocrfix.Config(line_width=3)


def test_a_beam_keeps_at_least_one_hypothesis():
    """A beam of 0 would leave the search nothing to extend (the Python
    search failed on it, the compiled one would return no decoding)."""
    assert ocrfix.Config(beam=1).beam == 1
    for beam in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="beam"):
            ocrfix.Config(beam=beam)
    assert ocrfix.fix("他说 质量兴农 不是口号。", ocrfix.Config(beam=1))  # the narrowest beam still decodes


def test_estimate_line_width_reads_a_sample():
    line = "一二三四五六七八九十一二三四五六 "
    assert ocrfix.estimate_line_width([line * 3 + "一", line * 3 + "一二"]) == 16.0  # 4 lines whose breaks show
    assert ocrfix.estimate_line_width("没有空格的文字。") is None
