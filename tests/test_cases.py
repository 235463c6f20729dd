"""Data-driven cases: every ``tests/cases/*.json`` file is a list of
``{label, comment, original, fixed, expect}``.

``expect`` is ``"pass"`` (``fix(original) == fixed``) or ``"fail"`` (a known
failure, run as ``xfail(strict=True)``: when the decoder learns the case, the
run says XPASS and the case moves to ``repairs.json``).

Every case, known failure or not, also checks that the explanation replays,
that confidences lie in [0, 1] and that no content character (letter or
digit) is added or removed. Every expected case also checks that fixing twice
changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import ocrfix
from ocrfix.chardata import content_chars
CASES_DIR = Path(__file__).with_name("cases")

FIELDS = {"label", "comment", "original", "fixed", "expect"}


def _load() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        with open(path, encoding="utf-8") as f:
            for case in json.load(f):
                cases.append((path.name, case))
    return cases


CASES = _load()


def _param(name: str, case: dict, xfail: bool) -> pytest.param:
    marks = []
    if xfail and case.get("expect") == "fail":
        marks.append(pytest.mark.xfail(strict=True, reason=f"known failure: {case.get('comment', '')}"))
    return pytest.param(case, id=f"{name.removesuffix('.json')}:{case.get('label')}", marks=marks)


def test_case_files_are_well_formed():
    assert CASES, f"no cases found in {CASES_DIR}"
    labels = Counter()
    for name, case in CASES:
        assert set(case) == FIELDS, f"{name}: case {case.get('label')!r} has fields {sorted(case)}, wants {sorted(FIELDS)}"
        assert case["expect"] in ("pass", "fail"), f"{name}: {case['label']!r} expect must be 'pass' or 'fail'"
        assert case["comment"].strip(), f"{name}: {case['label']!r} needs a comment saying what it tests"
        labels[case["label"]] += 1
        if name == "negative.json":
            assert case["original"] == case["fixed"], f"negative case {case['label']!r} must expect its input back"
        elif name == "known-failures.json":
            assert case["expect"] == "fail", f"{case['label']!r}: known-failures.json holds only expect='fail'"
        else:
            assert case["expect"] == "pass", f"{name}: {case['label']!r} is a known failure: move it to known-failures.json"
        if name != "negative.json":
            # A repair keeps every letter and digit: only marks, spaces and order change.
            assert Counter(content_chars(case["original"])) == Counter(content_chars(case["fixed"])), case["label"]
    duplicated = [label for label, n in labels.items() if n > 1]
    assert not duplicated, f"duplicate labels: {duplicated}"


@pytest.mark.parametrize("case", [_param(n, c, xfail=True) for n, c in CASES])
def test_case(case):
    """The expected restoration, and fixing it again changes nothing."""
    result = ocrfix.fix(case["original"])
    assert result == case["fixed"]
    assert ocrfix.fix(result) == result


@pytest.mark.parametrize("case", [_param(n, c, xfail=False) for n, c in CASES])
def test_case_explanation_replays(case):
    """Must hold for every input, known failures included."""
    original = case["original"]
    fixed = ocrfix.fix_and_explain(original)
    assert fixed.text == ocrfix.fix(original)
    assert ocrfix.apply_edits(original, fixed.edits) == fixed.text
    for edit in fixed.edits:
        assert 0.0 <= edit.confidence <= 1.0, edit
        assert original[edit.start : edit.end] == edit.old, edit
    assert Counter(content_chars(fixed.text)) == Counter(content_chars(original))
