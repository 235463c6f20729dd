"""The compiled beam search (``ocrfix._csearch``) decodes exactly as the Python one.

Every search that restoring a page makes (the main decoding, a weak mark's
window rival started from the best path, a forced or barred decoding) is run
both ways and compared: the scores bit for bit, every field of each final
hypothesis, and its whole path, node by node. The paths must also share
their nodes where the Python search's do, since the confidences read the
point where two paths part.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ocrfix
from ocrfix import decode

ROOT = Path(__file__).resolve().parents[1]

PAGES = [
    ROOT / "seeds" / "000_9e6876d41bf3072b.txt",  # drops leave spaces
    ROOT / "seeds" / "001_44ba6d77c15facc7.txt",  # drops leave nothing
    ROOT / "tests" / "data" / "twice" / "syn-spaces-008.txt",
    ROOT / "tests" / "data" / "twice" / "syn-spaces-019.txt",
]


def test_the_compiled_search_is_built():
    """CI builds it (``pip install -e .``); a red test here means the
    install fell back to the Python search, which is slower, not wrong."""
    assert decode._compiled_search is not None, "ocrfix._csearch was not built"


def _path_nodes(node) -> list[tuple]:
    out = []
    while node is not None:
        out.append(node)
        node = node[9]
    return out


def _same_path(a, b) -> None:
    nodes_a, nodes_b = _path_nodes(a), _path_nodes(b)
    assert len(nodes_a) == len(nodes_b)
    for x, y in zip(nodes_a, nodes_b):
        assert x[:9] == y[:9] and x[10] == y[10], (x[:9], x[10], y[:9], y[10])
        assert x[8] is y[8]  # the very option object


def _same_hyp(a, b) -> None:
    assert (a.score, a.q, a.opened, a.silent, a.speech, a.cells, a.lines) == (
        b.score, b.q, b.opened, b.silent, b.speech, b.cells, b.lines)
    assert a.state == b.state
    _same_path(a.path, b.path)


@pytest.fixture
def both_ways(monkeypatch):
    """Run every ``decode._search`` call both ways, compare, count them."""
    if decode._compiled_search is None:
        pytest.skip("ocrfix._csearch is not built")
    python_search = decode._search
    calls = {"searches": 0, "windows": 0, "settled": 0}

    def compare(atoms, gaps, ctx, proposals, width, lo=0, hi=None, start=None, compiled=None, memo=None, settle=None):
        monkeypatch.setattr(decode, "COMPILED", False)
        want = python_search(atoms, gaps, ctx, proposals, width, lo, hi, start, compiled, memo, settle)
        monkeypatch.setattr(decode, "COMPILED", True)
        got = decode._compiled_search(atoms, gaps, ctx, proposals, width, lo, hi, start, compiled, memo, settle)
        calls["searches"] += 1
        calls["windows"] += start is not None
        # a rival that rejoined the best path before its window's end
        calls["settled"] += want[0] is not None and want[0].path[10] != (len(atoms) if hi is None else hi)
        if want[0] is None:
            assert got == (None, [])
            return want
        _same_hyp(want[0], got[0])
        assert len(want[1]) == len(got[1])
        for a, b in zip(want[1], got[1]):
            _same_hyp(a, b)
        assert decode._alternative_maps(*want) == decode._alternative_maps(*got)
        return got

    monkeypatch.setattr(decode, "_search", compare)
    return calls


@pytest.mark.slow
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_compiled_search_decodes_as_the_python_one(both_ways, path):
    ocrfix.fix(path.read_text(encoding="utf-8"))
    assert both_ways["searches"] > 20
    if "spaces" in path.name or path.name.startswith("000"):
        assert both_ways["windows"] > 0  # window rivals started mid-paragraph were compared too
        assert both_ways["settled"] > 0  # and rivals that rejoined the best path before the end


def test_compiled_search_on_a_forced_choice(both_ways):
    """A forced choice no hypothesis can take ends the search with nothing."""
    from ocrfix.lm import load_model

    text = "会上提出 科技兴县 战略,实施 人才强县 工程。"
    ctx = decode.DocContext.for_texts([text], load_model())
    atoms = decode._atoms(text)
    gaps = decode._gaps(text, atoms, "body", ctx)
    proposals = decode._proposals(atoms, ctx)
    compiled = decode._compile(gaps, atoms)
    best, _ = decode._search(atoms, gaps, ctx, proposals, None, compiled=compiled)
    assert best is not None
    closing = next(o for opts in compiled for o in opts if o.closes)
    forced = list(compiled)
    forced[1] = (closing,)  # a closing mark before anything opened
    assert decode._search(atoms, gaps, ctx, proposals, None, compiled=forced) == (None, [])
    assert both_ways["searches"] == 2


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_the_gap_plan_caches_stay_bounded(monkeypatch, compiled):
    """Window rivals bar options in tuples made for one search; their plans
    must not pile up over a corpus run (memory grew by about 60 KB a page)."""
    if compiled and decode._compiled_search is None:
        pytest.skip("ocrfix._csearch is not built")
    monkeypatch.setattr(decode, "PLANS_LIMIT", 50)
    monkeypatch.setattr(decode, "COMPILED", compiled)
    ocrfix.fix(PAGES[0].read_text(encoding="utf-8"))
    if compiled:
        from ocrfix import _csearch

        assert _csearch.cached_plans() <= 51
    else:
        assert len(decode._PLANS) <= 51


def test_a_restored_quotation_closes_before_a_mark_already_there(both_ways):
    """An opening mark restored before one OCR kept must close before it:
    ``为“-，…领导“小集体”`` read the kept ``“`` as nothing and the kept ``”``
    as the restored mark's partner (a page from ``bench/fuzz.py`` whose
    second run added that lone mark). Both searches agree, and every
    quotation mark of the output pairs."""
    text = "乡镇企业蜕变成乡镇长企业，说白了是化“公”为 -，至少是化大公为乡镇领导“小集体”。明显的弊端"
    out = ocrfix.fix(text)
    marks = [c for c in out if c in "“”"]
    assert marks == ["“", "”"] * (len(marks) // 2)
    assert ocrfix.fix(out) == out
    assert both_ways["searches"] > 0


def test_restored_marks_never_leave_a_kept_mark_unpaired(both_ways):
    """The marks OCR kept pair up (``高“红富士…传统。”``): no mark restored
    between them may leave the kept closing mark without its partner (a
    restored ``”`` after ``礼仪之邦`` did, and the next run restored one
    more before it: a fuzzed page, seed 3 #2498). A kept mark that breaks
    pairing on its own is still let pass (OCR's own)."""
    kept = "也有每斤2元左右的高“红富士苹果。（据记者贺俊磊，体育天地 7版我国素有礼仪之邦 的美誉，讲究文明礼貌是我们民族的优良传统。”"
    out = ocrfix.fix(kept)
    assert [c for c in out if c in "“”"] == ["“", "”"]
    assert ocrfix.fix(out) == out
    lone = "高“红富士苹果。（据记者贺俊磊”，体育天地的美誉，讲究文明礼貌是我们民族的优良传统。”"
    assert ocrfix.fix(lone) == lone
    assert both_ways["searches"] > 0
