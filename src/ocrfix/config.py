"""Configuration: one immutable value, one switch per repair.

>>> Config().quotes, Config(quotes=False).quotes
(True, False)
>>> Config().replace(min_confidence=0.9).min_confidence
0.9
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

#: Environment variable that overrides the shipped model.
MODEL_ENV = "OCRFIX_MODEL"
#: Column widths (print cells) a page may show, as :func:`ocrfix.decode.width_from_intervals` reads them.
LINE_WIDTHS = (8, 40)
#: Set to 1 to run the Python reference of each compiled part (the beam
#: search, jieba's word starts) even where the extensions were built.
PURE_PYTHON_ENV = "OCRFIX_PURE_PYTHON"


def pure_python() -> bool:
    """Whether the environment asks for the Python references (:data:`PURE_PYTHON_ENV`)."""
    return os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0")


@dataclass(frozen=True, slots=True)
class Config:
    """What ocrfix may repair and how sure it must be.

    Each switch shares its name with the repair it controls and with the
    ``repair`` field of the edits it makes.
    """

    #: Restore dropped quotation marks “ ” ‘ ’.
    quotes: bool = True
    #: Remove line-break spaces inside words and sentences; keep real separators.
    spaces: bool = True
    #: Widen ASCII , : ; ! ? ( ) next to Chinese text; restore dropped commas.
    punct: bool = True
    #: Join blocks and lines that continue one paragraph.
    join: bool = True
    #: Restore the reading order of blocks (move headlines, boxes, columns).
    move: bool = True
    #: Join Latin words hyphenated across a line break.
    hyphen: bool = True
    #: Separate the output's blocks by exactly one blank line, the gold
    #: format (off: the page's own separators stay, so clean text passes
    #: through unchanged).
    layout: bool = False

    #: Drop every edit whose confidence is below this (a join below it is
    #: not made; an article's reading order is reported with its confidence
    #: but taken whatever it is: docs/layout.md).
    min_confidence: float = 0.7
    #: Path of a KenLM model (ARPA or binary); None: $OCRFIX_MODEL or the shipped model.
    model: str | None = None
    #: Beam width of the paragraph decoder.
    beam: int = 16
    #: Second decoding pass that quotes terms already quoted with confidence elsewhere.
    document_memory: bool = True
    #: Restore quotation marks where OCR left no trace of them (no space):
    #: None reads from each page whether it lost its marks that way, which
    #: a text of one paragraph is too short to show; True declares it (a
    #: corpus of such records, see docs/benchmarks.md#short-records); False
    #: restores only marks a space or a line end stands for.
    silent_quotes: bool | None = None
    #: The column width in print cells (a Han character or a full-width mark
    #: one, a digit or Latin letter half) where printed line breaks left
    #: spaces: None reads it off each page, which a text of one paragraph
    #: is too short to show; a number declares it (estimate it once from a
    #: sample of the corpus with ocrfix.estimate_line_width()).
    line_width: float | None = None

    def __post_init__(self) -> None:
        if isinstance(self.beam, bool) or not isinstance(self.beam, int) or self.beam < 1:
            raise ValueError(f"beam must be a whole number of hypotheses, at least 1, not {self.beam!r}")
        if self.line_width is not None and not LINE_WIDTHS[0] <= self.line_width <= LINE_WIDTHS[1]:
            raise ValueError(f"line_width must be None or between {LINE_WIDTHS[0]} and {LINE_WIDTHS[1]} print cells, not {self.line_width!r}")

    def replace(self, **changes) -> "Config":
        return dataclasses.replace(self, **changes)

    def enabled(self, repair: str) -> bool:
        return bool(getattr(self, repair, True))

    def model_path(self) -> Path:
        """The model to load: ``model``, else ``$OCRFIX_MODEL``, else the shipped one."""
        if self.model:
            return Path(self.model)
        env = os.environ.get(MODEL_ENV)
        if env:
            return Path(env)
        return default_model_path()


def default_model_path() -> Path:
    """The character model shipped as package data."""
    return Path(__file__).with_name("data") / "zh-news-char.klm"
