"""fix_batch: ocrfix as a Hugging Face datasets map function."""

from __future__ import annotations

import json
import pickle

import pytest

import ocrfix
from ocrfix.batch import fix_batch

TEXTS = [
    "本报讯 日前 ,我市报送的信息被采用。",
    "副省长朱从玖作出批示:永康 成功通过验收!",
    "“质量创强”，获省领导批示。",
    "",
    "Plain English text, left alone.",
]


def test_fix_batch_plain_dict():
    out = fix_batch({"id": list(range(len(TEXTS))), "text": TEXTS})
    assert out == {"text": [ocrfix.fix(t) for t in TEXTS]}


def test_fix_batch_other_column_none_and_edits():
    batch = {"body": TEXTS + [None]}
    out = fix_batch(batch, column="body", add_edits=True)
    assert out["body"][-1] is None and out["ocrfix"][-1] is None
    for text, fixed, log in zip(TEXTS, out["body"], out["ocrfix"]):
        edits = [ocrfix.Edit.from_dict(d) for d in json.loads(log)["edits"]]
        assert ocrfix.apply_edits(text, edits) == fixed


def test_fix_batch_config_and_errors():
    assert fix_batch({"text": ["批示:永康"]}, config=ocrfix.Config(punct=False)) == {"text": ["批示:永康"]}
    with pytest.raises(KeyError, match="no column 'body'"):
        fix_batch({"text": ["x"]}, column="body")
    with pytest.raises(TypeError, match="batched=True"):
        fix_batch({"text": "批示:永康"})
    assert pickle.loads(pickle.dumps(fix_batch)) is fix_batch


def test_dataset_map_num_proc_2():
    datasets = pytest.importorskip("datasets")
    texts = TEXTS * 4
    ds = datasets.Dataset.from_dict({"id": list(range(len(texts))), "text": texts})
    out = ds.map(fix_batch, batched=True, batch_size=3, num_proc=2, fn_kwargs={"add_edits": True})
    assert out.column_names == ["id", "text", "ocrfix"]
    assert out["id"] == list(range(len(texts)))
    assert out["text"] == [ocrfix.fix(t) for t in texts]
    for text, fixed, log in zip(texts, out["text"], out["ocrfix"]):
        edits = [ocrfix.Edit.from_dict(d) for d in json.loads(log)["edits"]]
        assert ocrfix.apply_edits(text, edits) == fixed
    plain = ds.map(fix_batch, batched=True, num_proc=2)
    assert plain.column_names == ["id", "text"]
    assert plain["text"] == out["text"]
