"""ocrfix as a datatrove pipeline step.

:class:`OcrfixFormatter` is a datatrove formatter: it restores each
document's text, counts the edits per repair in datatrove's stats and, when
asked, keeps the edit log in ``doc.metadata["ocrfix"]["edits"]``::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from ocrfix.pipeline import OcrfixFormatter

    LocalPipelineExecutor(
        pipeline=[JsonlReader("pages/"), OcrfixFormatter(), JsonlWriter("fixed/")],
        tasks=8, workers=8, logging_dir="logs/",
    ).run()

The step holds only its :class:`~ocrfix.Config`, so it pickles to workers in
a few hundred bytes; each worker process loads the model on its first
document and keeps it for the rest of its documents.

datatrove is an optional dependency (``pip install 'ocrfix[datatrove]'``).
This module imports without it, so that ``ocrfix`` and its doctests work
everywhere; creating an :class:`OcrfixFormatter` then raises an
:class:`ImportError` that names the extra, as datatrove's own steps do for
theirs.
"""

from __future__ import annotations

from collections import Counter

from .config import Config
from .edits import REPAIRS, Fixed

try:
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # datatrove is the optional `datatrove` extra
    _DATATROVE_ERROR: ImportError | None = exc

    class BaseFormatter:  # type: ignore[no-redef]
        """Stands in for datatrove's class so this module imports without it."""

else:
    _DATATROVE_ERROR = None

#: ``doc.metadata`` key of the edit log.
METADATA_KEY = "ocrfix"


class OcrfixFormatter(BaseFormatter):
    """Restore each document's text with :func:`ocrfix.fix_and_explain`.

    Stats (per document, so datatrove reports totals and means): ``edits``
    and ``edits_<repair>`` for each enabled repair (``edits_quote``,
    ``edits_punct``, ...), and ``changed`` or ``unchanged``.

    ``config``: the :class:`ocrfix.Config` to restore with (its ``model``
    path must exist on every worker). ``add_edits``: store
    ``{"edits": [...]}`` in ``doc.metadata[metadata_key]``, the same shape
    as the ``ocrfix`` field of ``ocrfix fix --jsonl --add-edits``: a list of
    :meth:`ocrfix.Edit.to_dict` dicts whose offsets point into the text as
    it was before this step.
    """

    name = "🀄 ocrfix"

    def __new__(cls, *args, **kwargs):
        if _DATATROVE_ERROR is not None:
            raise ImportError(
                f"{cls.__name__} needs datatrove, which is not installed ({_DATATROVE_ERROR}); "
                "install it with: pip install 'ocrfix[datatrove]'"
            ) from _DATATROVE_ERROR
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, config: Config | None = None, add_edits: bool = False, metadata_key: str = METADATA_KEY):
        super().__init__()
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be an ocrfix.Config, not {type(config).__name__}")
        self.config = config or Config()
        self.add_edits = add_edits
        self.metadata_key = metadata_key

    def format(self, text: str) -> str:
        """The restored ``text`` (edits are counted in the stats)."""
        return self.fix(text).text

    def fix(self, text: str) -> Fixed:
        """Restore ``text`` and count its edits in the stats."""
        from . import fix_and_explain  # the model loads here, once per process

        fixed = fix_and_explain(text, self.config)
        self.stat_update("edits", value=len(fixed.edits))
        counts = Counter(edit.repair for edit in fixed.edits)
        for repair in REPAIRS:
            if self.config.enabled(repair) or counts[repair]:
                self.stat_update(f"edits_{repair}", value=counts[repair])
        self.stat_update("changed" if fixed.edits else "unchanged")
        return fixed

    def run(self, data, rank: int = 0, world_size: int = 1):
        """Restore every document; with ``add_edits``, keep its edit log."""
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                fixed = self.fix(doc.text)
            doc.text = fixed.text
            if self.add_edits:
                doc.metadata[self.metadata_key] = {"edits": [edit.to_dict() for edit in fixed.edits]}
            yield doc
