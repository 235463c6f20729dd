"""The pipeline: page -> ordered paragraphs -> decoded paragraphs -> text + edits."""

from __future__ import annotations

from .config import Config
from .edits import Fixed, Trace
from .page import Page
from . import widen


def restore(text: str, config: Config) -> Fixed:
    """Restore one OCR page. See :func:`ocrfix.fix_and_explain`."""
    page = Page.parse(text)
    parts: list[Trace] = []
    for gap, block in zip(page.gaps, page.blocks):
        parts.append(Trace.of(text, *gap))
        trace = Trace.of(text, block.start, block.end)
        if config.punct:
            trace = widen.widen_trace(trace)
        parts.append(trace)
    parts.append(Trace.of(text, *page.gaps[-1]))
    out = Trace.concat(parts, text)
    edits = tuple(e for e in out.edits() if e.confidence >= config.min_confidence and config.enabled(e.repair))
    from .edits import apply_edits

    return Fixed(apply_edits(text, edits), edits)
