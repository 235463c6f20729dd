"""The whole restoration: page-level evidence and fixing twice."""

from __future__ import annotations

from pathlib import Path

import pytest

import ocrfix
from ocrfix.decode import DocContext
from ocrfix.lm import load_model

TWICE = sorted((Path(__file__).parent / "data" / "twice").glob("*.txt"))

BODY = "他说，“质量第一”是我们的原则。" * 40
BYLINES = ["本报记者 张明 李华", "通讯员 王强", "记者 赵刚 摄"]


def test_separators_are_no_evidence_of_dropped_quotes():
    """Spaces in bylines separate names: on a page that has its quotation
    marks they do not let the decoder restore quotes OCR left no trace of."""
    texts = [*BYLINES, BODY]
    roles = ["byline", "byline", "credit", "body"]
    assert not DocContext.for_texts(texts, load_model(), roles=roles).silent_quotes


def test_a_page_without_quotation_marks_shows_ocr_spacing_anywhere():
    body = BODY.replace("“", "").replace("”", "")[:200]
    texts = [*BYLINES, body]
    roles = ["byline", "byline", "credit", "body"]
    assert DocContext.for_texts(texts, load_model(), roles=roles).silent_quotes


def test_spaces_in_running_text_are_evidence():
    body = "我市 文明城市 创建取得新进展，各地 示范区 建设 全面铺开。"
    assert DocContext.for_texts([body], load_model(), roles=["body"]).silent_quotes


@pytest.mark.parametrize("path", TWICE, ids=lambda p: p.stem)
def test_fixing_twice_changes_nothing(path):
    """Dev pages whose restored text once read as another damage style (no
    line-break spaces left): a second run decided what the first left."""
    once = ocrfix.fix(path.read_text(encoding="utf-8"))
    assert ocrfix.fix(once) == once
