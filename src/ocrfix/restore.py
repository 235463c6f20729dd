"""The pipeline: page -> ordered paragraphs -> decoded paragraphs -> text + edits.

Each stage edits a :class:`~ocrfix.edits.Trace`, so the edits of the whole
run are derived once at the end and replay exactly. Stages only make the
decisions their switch in :class:`~ocrfix.config.Config` allows and whose
confidence reaches ``min_confidence``; nothing is filtered afterwards, so a
move never loses one of its halves and a quotation never loses one of its
marks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import threading

from . import widen
from .chardata import HAN_RE
from .config import Config
from .decode import ONE_LINE_ROLES, DocContext, decode_trace, has_decisions, texts_width
from .edits import Fixed, Trace
from .lexicon import is_common_word
from .lm import CharModel, load_model
from .page import Page

#: Quotations restored at least this confidently are remembered for the
#: document's second pass: any the first pass would restore at the default
#: ``Config.min_confidence`` (0.7). At 0.8 (before) the tuning pages' quote
#: F1 was 0.719 / 0.474 (spaces / nospace, 192 + 48 pages pooled); at 0.7
#: 0.720 / 0.476 (10 more true marks, 5 more false), at 0.6 and 0.5 the same
#: as at 0.7 (docs/benchmarks.md#memory-from-every-restored-quotation).
MEMORY_CONFIDENCE = Config().min_confidence
MEMORY_MAX_LEN = 8


#: Blocks the layout weighs together at most: a page has tens; a long input
#: (many pages in one text) is laid out a window at a time, so the cost
#: stays linear in its length.
LAYOUT_WINDOW = 160


def plan_paragraphs(page: Page, model: CharModel | None, config: Config) -> list:
    """Paragraphs in reading order, from the layout stage."""
    from . import layout

    blocks = page.blocks
    if len(blocks) <= LAYOUT_WINDOW:
        return list(layout.plan(page, model, config))
    out = []
    articles = 0  # each window numbers its articles from 0: they follow the earlier windows'
    for a in range(0, len(blocks), LAYOUT_WINDOW):
        window = Page(page.source, blocks[a : a + LAYOUT_WINDOW], page.gaps[a : a + LAYOUT_WINDOW + 1])
        planned = list(layout.plan(window, model, config))
        for para in planned:
            article = para.article + articles if para.article >= 0 else -1
            out.append(dataclasses.replace(para, blocks=tuple(k + a for k in para.blocks), article=article))
        articles += max((p.article + 1 for p in planned), default=0)
    return out


#: Layout rounds at most: a join can reveal another (a joined block's last
#: line is full), and fixing twice must change nothing (three left a
#: fuzzed page of shuffled blocks one join short: ``bench/fuzz.py``). A page
#: that settles sooner stops sooner.
LAYOUT_ROUNDS = 4


def warm_up(config: Config) -> None:
    """Load what a first page would: the model, the lexicons, jieba's
    dictionary and its part-of-speech tags (a byline that is a bare name,
    :func:`ocrfix.roles.is_bare_name`). Worker processes call it once, so
    their first page is not slower than the rest."""
    from .lexicon import jieba_freq, proposal_terms

    load_model(config.model_path())
    proposal_terms()
    jieba_freq()
    from jieba import posseg  # noqa: F401  (loads the tags: half a second)


#: Whether restoring a page pauses Python's cyclic garbage collector. A page
#: makes and drops hundreds of thousands of small tuples (search nodes,
#: options) and almost no reference cycles (about a dozen a page), so the
#: collector's passes over the young objects find next to nothing and cost
#: 6-8% of the time (docs/benchmarks.md, "Word starts compiled, the
#: collector paused"). It is switched back on when the last page in
#: progress (of any thread) is done, where it collects those few cycles;
#: it is left alone where it was off already. Set to False to leave the
#: collector as it is.
PAUSE_GC = True

_gc_lock = threading.Lock()
_gc_holders = 0  # pages in progress that hold the collector paused
_gc_paused_here = False  # whether they switched it off (and so switch it on)


@contextlib.contextmanager
def _gc_paused():
    """The cyclic garbage collector off for the block (see :data:`PAUSE_GC`)."""
    global _gc_holders, _gc_paused_here
    if not PAUSE_GC:
        yield
        return
    with _gc_lock:
        if _gc_holders == 0:
            _gc_paused_here = gc.isenabled()
            if _gc_paused_here:
                gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_paused_here:
                _gc_paused_here = False
                gc.enable()


def _gc_after_fork() -> None:
    """A child forked while a thread restored a page has no such thread: the
    collector is switched back on there and the count starts over."""
    global _gc_lock, _gc_holders, _gc_paused_here
    _gc_lock = threading.Lock()
    if _gc_holders and _gc_paused_here:
        gc.enable()
    _gc_holders, _gc_paused_here = 0, False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_gc_after_fork)


def restore(text: str, config: Config) -> Fixed:
    """Restore one OCR page. See :func:`ocrfix.fix_and_explain`."""
    if not text.strip():
        return Fixed(text, ())
    with _gc_paused():
        return _restore(text, config)


def _restore(text: str, config: Config) -> Fixed:
    model = load_model(config.model_path())
    page = Page.parse(text)
    out, paragraphs, decoded, evidence, settled = _restore_page(page, plan_paragraphs(page, model, config), config, model)
    if evidence is not None:
        page = settled[0] if settled else Page.parse(out.text)
        planned = settled[1] if settled else plan_paragraphs(page, model, config)
        if _evidence(planned, config, model) != evidence:
            # The restored page reads differently from its input (its
            # line-break spaces are gone, its quotation marks are back): a
            # second run would decide the gaps left undecided under that
            # reading, so this run does it now (fixing twice changes nothing).
            again, paragraphs, decoded, _, _ = _restore_page(page, planned, config, model)
            out = out.apply_local((e.start, e.end, e.new, e.repair, e.confidence) for e in again.edits())
    return Fixed(out.text, out.edits(), _block_info(paragraphs, decoded))


def _evidence(paragraphs: list, config: Config, model: CharModel) -> tuple:
    """The page-level evidence the decoder would read off laid-out text."""
    texts = [p.trace.text for p in paragraphs]
    return DocContext.for_texts(texts, model, config=config, roles=[p.role for p in paragraphs]).evidence


def _restore_page(page: Page, paragraphs: list, config: Config, model: CharModel) -> tuple:
    """One restoration of a laid-out page: the decoder, then the layout again
    until it settles. Returns the restored trace, the final paragraphs and
    their decoded traces, the page-level evidence the decoder read (None
    when it decided nothing) and, if the layout of the result was read and
    left as it is, that reading: ``(page, paragraphs)``."""
    out, decoded, evidence = _restore_once(page, paragraphs, config, model)
    for _ in range(LAYOUT_ROUNDS - 1):
        if not (config.join or config.move or config.hyphen):
            break
        decoded_as = [p.role for p in paragraphs]
        if out.text != page.source:
            page = Page.parse(out.text)
            paragraphs = plan_paragraphs(page, model, config)
        # (else the round changed nothing: the layout would plan the same page
        # the same way, as it just did)
        changed = _unsettled(page, paragraphs)
        if changed is not None and len(paragraphs) == len(decoded_as):
            # a paragraph the restored page gives another role (a short line
            # read as a headline until a comma went into it) is decoded again
            # as that: a second run would read it so
            changed |= {k for k, p in enumerate(paragraphs) if p.role != decoded_as[k]}
        if changed is not None and not changed:
            return out, paragraphs, decoded, evidence, (page, paragraphs)
        again, decoded, _ = _restore_once(page, paragraphs, config, model, only=changed)
        out = out.apply_local((e.start, e.end, e.new, e.repair, e.confidence) for e in again.edits())
    return out, paragraphs, decoded, evidence, None


def _unsettled(page: Page, paragraphs: list) -> set[int] | None:
    """The paragraphs the layout would still change in ``page`` (joined or
    dehyphenated): only they are decoded again. An empty set: the layout
    leaves the page as it is; None: it reorders blocks too."""
    changed = {k for k, p in enumerate(paragraphs) if len(p.blocks) != 1 or p.trace.text != page.blocks[p.blocks[0]].text}
    order = [p.blocks[0] for p in paragraphs if p.blocks]
    if order != sorted(order) or len(order) != len(page.blocks):
        return changed or None
    return changed


def _restore_once(
    page: Page, paragraphs: list, config: Config, model: CharModel, only: set[int] | None = None
) -> tuple[Trace, list[Trace], tuple | None]:
    """One round: the paragraph decoder in two passes over the laid-out
    paragraphs (``only`` those, if given; the rest pass through). Also
    returns the page-level evidence it read (None if it decoded nothing)."""
    traces = [widen.widen_trace(p.trace) if config.punct else p.trace for p in paragraphs]
    todo = [k for k in range(len(paragraphs)) if only is None or k in only]
    ctx = DocContext.for_texts([t.text for t in traces], model, config=config, roles=[p.role for p in paragraphs])
    decides = any(has_decisions(traces[k].text, ctx) for k in todo)
    # The first pass gathers the page's quotation evidence; a page where the
    # decoder has nothing to decide (clean text) has none to gather.
    two_pass = config.quotes and config.document_memory and decides
    # Where the page's quotation prior does not follow its quoting (the
    # style's PAGE_PRIOR_GAIN is 0), the first pass is the full one: the
    # second decodes again only the paragraphs where a term it remembers stands.
    full_first = two_pass and ctx.channel.page_prior_gain == 0
    decoded, memory, marked = list(traces), {}, 0
    widths = _article_widths(paragraphs, traces) if ctx.break_spaces else {}
    width = [widths.get(p.article) for p in paragraphs]
    for k in todo:
        decoded[k], quoted = decode_trace(traces[k], paragraphs[k].role, ctx, two_pass and not full_first, width[k])
        for q in quoted:
            marked += q.marked and q.confidence >= MEMORY_CONFIDENCE
            term = "".join(q.term.split())
            if q.confidence >= MEMORY_CONFIDENCE and 2 <= len(term) <= MEMORY_MAX_LEN and not is_common_word(term, model):
                memory[term] = max(memory.get(term, 0.0), q.confidence)
    if two_pass:
        # The first pass only gathered the page's evidence: how much it
        # quotes, and what. The second decodes every paragraph with it.
        han = sum(len(HAN_RE.findall(traces[k].text)) for k in todo)
        ctx.adapt_quote_prior(marked, han)
        ctx.quoted_terms = {term: ctx.channel.quoted_term for term in memory}
        for k in todo:
            if full_first:
                flat = "".join(traces[k].text.split())
                if not any(term in flat for term in memory):
                    continue  # its proposals and channel are as they were: so is its decoding
            decoded[k] = decode_trace(traces[k], paragraphs[k].role, ctx, False, width[k])[0]
    return _assemble(page, paragraphs, decoded, config.layout), decoded, ctx.evidence if decides else None


def _article_widths(paragraphs: list, traces: list[Trace]) -> dict[int, float]:
    """Each article's column width, read off its running text together."""
    texts: dict[int, list[str]] = {}
    for p, t in zip(paragraphs, traces):
        if p.article >= 0 and p.role not in ONE_LINE_ROLES:
            texts.setdefault(p.article, []).append(t.text)
    return {a: w for a, ts in texts.items() if (w := texts_width(ts)) is not None}


def _assemble(page: Page, paragraphs: list, decoded: list[Trace], normalise: bool = False) -> Trace:
    """Paragraphs joined in reading order: the source's own gap between two
    paragraphs that were neighbours in the source, one blank line otherwise
    (and everywhere with ``normalise``: ``Config.layout``)."""
    source = page.source
    parts: list[Trace | str] = [Trace.of(source, *page.gaps[0])]
    prev_last = None
    for para, trace in zip(paragraphs, decoded):
        first = para.blocks[0] if para.blocks else None
        if prev_last is not None:
            if first is not None and first == prev_last + 1 and not normalise:
                parts.append(Trace.of(source, *page.gaps[first]))
            elif first is not None and first == prev_last + 1 and page.source[slice(*page.gaps[first])] == "\n\n":
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
