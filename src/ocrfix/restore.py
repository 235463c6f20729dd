"""The pipeline: page -> ordered paragraphs -> decoded paragraphs -> text + edits.

Each stage edits a :class:`~ocrfix.edits.Trace`, so the edits of the whole
run are derived once at the end and replay exactly. Stages only make the
decisions their switch in :class:`~ocrfix.config.Config` allows and whose
confidence reaches ``min_confidence``; nothing is filtered afterwards, so a
move never loses one of its halves and a quotation never loses one of its
marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import widen
from .chardata import is_han
from .config import Config
from .decode import DocContext, decode_trace
from .edits import Fixed, Trace
from .lexicon import is_common_word
from .lm import CharModel, load_model
from .page import Page

#: Quotations restored at least this confidently are remembered for the
#: document's second pass.
MEMORY_CONFIDENCE = 0.8
MEMORY_MAX_LEN = 8


@dataclass(frozen=True, slots=True)
class Paragraph:
    """The fallback layout's paragraph: one source block, in source order."""

    trace: Trace
    role: str = "unknown"
    article: int = -1
    blocks: tuple[int, ...] = ()


def plan_paragraphs(page: Page, model: CharModel | None, config: Config) -> list:
    """Paragraphs in reading order, from the layout stage."""
    try:
        from . import layout
    except ImportError:  # pragma: no cover - layout always ships
        layout = None
    if layout is not None and hasattr(layout, "plan"):
        return list(layout.plan(page, model, config))
    return [Paragraph(Trace.of(page.source, b.start, b.end), "unknown", -1, (b.index,)) for b in page.blocks]


#: Layout rounds at most: a join can reveal another (a joined block's last
#: line is full), and fixing twice must change nothing.
LAYOUT_ROUNDS = 3


def restore(text: str, config: Config) -> Fixed:
    """Restore one OCR page. See :func:`ocrfix.fix_and_explain`."""
    if not text.strip():
        return Fixed(text, ())
    model = load_model(config.model_path())
    out, paragraphs, decoded = _restore_once(text, config, model)
    for _ in range(LAYOUT_ROUNDS - 1):
        if not (config.join or config.move or config.hyphen):
            break
        page = Page.parse(out.text)
        if _settled(page, plan_paragraphs(page, model, config)):
            break
        again, paragraphs, decoded = _restore_once(out.text, config, model)
        out = out.apply_local((e.start, e.end, e.new, e.repair, e.confidence) for e in again.edits())
    return Fixed(out.text, out.edits(), _block_info(paragraphs, decoded))


def _settled(page: Page, paragraphs: list) -> bool:
    """True when the layout would leave ``page`` as it is: one paragraph per
    block, in order, nothing joined or dehyphenated."""
    if len(paragraphs) != len(page.blocks):
        return False
    return all(
        tuple(p.blocks) == (b.index,) and p.trace.text == b.text for p, b in zip(paragraphs, page.blocks)
    )


def _restore_once(text: str, config: Config, model: CharModel) -> tuple[Trace, list, list[Trace]]:
    """One round: layout, then the paragraph decoder in two passes."""
    page = Page.parse(text)
    paragraphs = plan_paragraphs(page, model, config)
    traces = [widen.widen_trace(p.trace) if config.punct else p.trace for p in paragraphs]
    ctx = DocContext.for_texts([t.text for t in traces], model, config=config)
    two_pass = config.quotes and config.document_memory
    decoded, memory, marked = [], {}, 0
    for trace, para in zip(traces, paragraphs):
        out, quoted = decode_trace(trace, para.role, ctx, quick=two_pass)
        decoded.append(out)
        for q in quoted:
            marked += q.marked and q.confidence >= MEMORY_CONFIDENCE
            term = "".join(q.term.split())
            if q.confidence >= MEMORY_CONFIDENCE and 2 <= len(term) <= MEMORY_MAX_LEN and not is_common_word(term, model):
                memory[term] = max(memory.get(term, 0.0), q.confidence)
    if two_pass:
        # The first pass only gathered the page's evidence: how much it
        # quotes, and what. The second decodes every paragraph with it.
        han = sum(1 for t in traces for c in t.text if is_han(c))
        ctx.adapt_quote_prior(marked, han)
        ctx.quoted_terms = {term: ctx.channel.quoted_term for term in memory}
        decoded = [decode_trace(trace, para.role, ctx)[0] for trace, para in zip(traces, paragraphs)]
    return _assemble(page, paragraphs, decoded), paragraphs, decoded


def _assemble(page: Page, paragraphs: list, decoded: list[Trace]) -> Trace:
    """Paragraphs joined in reading order: the source's own gap between two
    paragraphs that were neighbours in the source, one blank line otherwise."""
    source = page.source
    parts: list[Trace | str] = [Trace.of(source, *page.gaps[0])]
    prev_last = None
    for para, trace in zip(paragraphs, decoded):
        first = para.blocks[0] if para.blocks else None
        if prev_last is not None:
            if first is not None and first == prev_last + 1:
                parts.append(Trace.of(source, *page.gaps[first]))
            else:
                parts.append("\n\n")
        parts.append(trace)
        prev_last = para.blocks[-1] if para.blocks else None
    parts.append(Trace.of(source, *page.gaps[-1]))
    return Trace.concat(parts, source)


def _block_info(paragraphs: list, decoded: list[Trace]) -> tuple[dict, ...]:
    return tuple(
        {"index": k, "role": p.role, "article": p.article, "source_blocks": list(p.blocks), "text": t.text}
        for k, (p, t) in enumerate(zip(paragraphs, decoded))
    )
