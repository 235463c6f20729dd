"""Long inputs: one huge paragraph (a single line with no break) and many
pages in one text are restored in pieces, so time and memory stay linear
(the numbers are in docs/benchmarks.md; no timing is asserted here)."""

from collections import Counter

import ocrfix
from ocrfix.chardata import content_chars
from ocrfix.decode import MAX_PARAGRAPH
from ocrfix.restore import LAYOUT_WINDOW

SENTENCE = "全市质量建设水平大幅提升 ,质量文化深入人心。我市 质量创强 的热度更高。"


def check(text: str) -> ocrfix.Fixed:
    fixed = ocrfix.fix_and_explain(text)
    assert ocrfix.apply_edits(text, fixed.edits) == fixed.text
    assert Counter(content_chars(fixed.text)) == Counter(content_chars(text))
    return fixed


def test_a_single_line_longer_than_a_paragraph_piece():
    text = SENTENCE * (3 * MAX_PARAGRAPH // len(SENTENCE))
    fixed = check(text)
    assert "\n" not in fixed.text
    assert " ," not in fixed.text  # every piece was decoded, not only the first


def test_more_blocks_than_one_layout_window():
    text = "\n\n".join([SENTENCE] * (LAYOUT_WINDOW + 20))
    fixed = check(text)
    assert fixed.text.count("\n\n") >= LAYOUT_WINDOW  # blocks of separate windows stay apart


def test_a_narrow_beam_never_runs_dry(tmp_path):
    # With a beam this narrow every hypothesis can outrun a quotation's span
    # limit (it did on this synthetic page); the decoder must fall back to
    # decoding without quotes, not fail.
    from ocrfix import synth

    synth.make_devset(tmp_path, n_pages=24, styles=("spaces",))
    page = tmp_path / "syn-spaces-011.txt"
    text = page.read_text(encoding="utf-8")
    fixed = ocrfix.fix_and_explain(text, ocrfix.Config(beam=1))
    assert ocrfix.apply_edits(text, fixed.edits) == fixed.text


def test_articles_of_separate_layout_windows_have_separate_numbers():
    from ocrfix.config import Config
    from ocrfix.lm import load_model
    from ocrfix.page import Page
    from ocrfix.restore import plan_paragraphs

    page_text = "\n\n".join(["春节期间全市供电安全", "本报讯 今年春节期间，全市电力供应平稳有序，各项保障措施落实到位。"] * 3)
    text = "\n\n".join([page_text] * (LAYOUT_WINDOW // 6 + 12))
    paragraphs = plan_paragraphs(Page.parse(text), load_model(), Config())
    windows: dict[int, set[int]] = {}
    for p in paragraphs:
        if p.article >= 0:
            windows.setdefault(p.article, set()).update(k // LAYOUT_WINDOW for k in p.blocks)
    # each window numbers its own articles: no number stands for two
    assert len(windows) > 40 and all(len(w) == 1 for w in windows.values())


def test_a_column_break_in_a_later_layout_window_is_joined():
    # a window's blocks keep their place in the whole input (Block.index),
    # while its layout numbers them from 0: a join there must use the
    # window's own numbering (it raised KeyError, and the two must agree on
    # which blocks are adjacent)
    from ocrfix.config import Config
    from ocrfix.lm import load_model
    from ocrfix.page import Page
    from ocrfix.restore import plan_paragraphs

    cut = ["本报讯 今年全市将完成两百个老旧小区的改造任务，改造内容包括供水管网、道路、绿化和停车设", "施，资金由市财政统一安排。"]
    text = "\n\n".join([SENTENCE] * (LAYOUT_WINDOW + 5) + cut + [SENTENCE])
    paragraphs = plan_paragraphs(Page.parse(text), load_model(), Config())
    joined = [p for p in paragraphs if len(p.blocks) > 1]
    assert [p.blocks for p in joined] == [(LAYOUT_WINDOW + 5, LAYOUT_WINDOW + 6)]
    assert joined[0].trace.text == cut[0] + "\n" + cut[1] and 0.5 < joined[0].joins[0] <= 1.0
    assert "停车设施" in check(text).text  # the word cut by the column break is whole again
