"""Batches of records: ocrfix as a Hugging Face ``datasets`` map function.

:func:`fix_batch` takes a batch in the column layout that
``Dataset.map(..., batched=True)`` hands over and returns the restored
column, so the recipe is one line::

    dataset = dataset.map(ocrfix.fix_batch, batched=True, num_proc=8)

It is a plain module-level function of picklable arguments, so ``num_proc``
can send it to worker processes; each process loads the model on its first
page and keeps it.

>>> fix_batch({"id": [1, 2], "text": ["批示:永康", None]})
{'text': ['批示：永康', None]}
>>> fix_batch({"text": ["批示:永康"]}, add_edits=True)["ocrfix"]
['{"edits": [{"start": 2, "end": 3, "old": ":", "new": "：", "repair": "punct", "confidence": 0.99}]}']
"""

from __future__ import annotations

import json

from .config import Config

#: Name of the column that ``add_edits=True`` adds.
EDITS_COLUMN = "ocrfix"


def fix_batch(
    batch: dict[str, list],
    column: str = "text",
    config: Config | None = None,
    add_edits: bool = False,
) -> dict[str, list]:
    """Restore ``batch[column]``; return the columns that changed.

    ``datasets`` keeps every column the function does not return, so the
    result holds only ``column`` (and, with ``add_edits``, an ``ocrfix``
    column: each record's ``{"edits": [...]}`` as a JSON string, the same
    object as the ``ocrfix`` field of ``ocrfix fix --jsonl --add-edits``;
    the edits are :meth:`ocrfix.Edit.to_dict` objects with offsets into the
    original text). Missing values (``None``) pass through. Pass options with
    ``fn_kwargs``: ``dataset.map(fix_batch, batched=True,
    fn_kwargs={"column": "body", "add_edits": True})``.

    The edits are a JSON string rather than a list of structs so that every
    batch has the same Arrow type: a batch whose pages all came through
    unchanged would otherwise give ``list<null>`` and break ``map``.
    """
    from . import fix_and_explain

    if not isinstance(batch, dict) and not hasattr(batch, "keys"):
        raise TypeError(f"fix_batch() needs a batch as a dict of columns, not {type(batch).__name__}; use map(..., batched=True)")
    if column not in batch:
        raise KeyError(f"fix_batch(): the batch has no column {column!r} (columns: {', '.join(map(str, batch.keys()))}); pass fn_kwargs={{'column': ...}}")
    texts = batch[column]
    if isinstance(texts, str):
        raise TypeError("fix_batch() got one record, not a batch: use dataset.map(ocrfix.fix_batch, batched=True)")
    config = config or Config()
    fixed_texts: list[str | None] = []
    edit_logs: list[str | None] = []
    for text in texts:
        if text is None:
            fixed_texts.append(None)
            if add_edits:
                edit_logs.append(None)
            continue
        fixed = fix_and_explain(text, config)
        fixed_texts.append(fixed.text)
        if add_edits:
            edit_logs.append(json.dumps({"edits": [e.to_dict() for e in fixed.edits]}, ensure_ascii=False))
    out: dict[str, list] = {column: fixed_texts}
    if add_edits:
        out[EDITS_COLUMN] = edit_logs
    return out
