"""The paragraph decoder: quotation marks, spaces and punctuation decided together.

A paragraph is a row of *atoms* (the model's tokens: a Han character, a
punctuation mark, a number, a Latin word) with a *gap* between each two. A
gap holds what OCR left there: nothing, a space, or a line break (``"\\n"``,
a column or line junction from the layout). For each gap the decoder weighs
what the printed text had there:

- nothing (a printed line break that left a space, or a stray space),
- a real separator (``记者 陈晓苏``: the space stays),
- marks OCR dropped: ``“ ” ‘ ’``, a comma, or a pair like ``”，``.

It scores every choice with a noisy channel: the clean text's log10
probability under the KenLM character model, plus the log10 probability that
OCR turned that clean text into what we see (:class:`Channel`), plus the
line-width grid (line-break spaces fall every ``width`` print cells, so a
space off the grid is evidence of a dropped mark) and lexicon and document
priors. A beam search extends hypotheses one token at a time with KenLM
states, so nothing is rescored from the start, and the hard constraints
(quotes open before they close, pair up, ‘ ’ only inside “ ”, bounded
spans) prune it.

>>> from ocrfix.lm import load_model
>>> line = "因此，早在 1998年，我市就提出了质量振兴计划， 实施 质量立市 战略。"
>>> decode_text(line, "body", DocContext.for_texts([line], load_model()))
'因此，早在1998年，我市就提出了质量振兴计划，实施“质量立市”战略。'

A paragraph alone gives little page-level evidence (the column width, how
the page dropped its marks); :func:`ocrfix.fix` decodes a whole page.
"""

from __future__ import annotations

import functools
import math
import operator
from dataclasses import dataclass, field, replace
from typing import Iterable, NamedTuple, Sequence

import regex

from .chardata import CLAUSE_END, CLAUSE_MARKS, CLOSE_DOUBLE, CLOSE_SINGLE, HAN_RE, NO_LINE_END, NO_LINE_START, QUOTES, SENTENCE_END, WIDE_PUNCT, is_han
from .config import LINE_WIDTHS, pure_python
from .edits import Trace
from .lexicon import COLON_CONTEXT, COMMON_FREQ, colon_word_odds, jieba_freq, proposal_terms, word_starts
from .lm import LAT, NUM, CharModel, log10_odds_probability, token_spans
from .roles import SPACED_ROLES

OPEN_Q, CLOSE_Q, OPEN_S, CLOSE_S = "“", "”", "‘", "’"

#: Roles whose spaces are real separators (mastheads, bylines, boxes).
SEPARATOR_ROLES = frozenset({"masthead", "dateline", "byline", "credit", "weather", "ad", "teaser"})
#: Words before which a space is a real separator (a credit: ``记者 X 摄``).
SEPARATOR_BEFORE = ("记者", "通讯员", "摄影")
#: Roles set on one or two lines of their own width: no column grid.
ONE_LINE_ROLES = frozenset({"headline", "subheadline", "masthead", "dateline", "byline", "credit", "teaser", "weather", "ad"})
#: Words after which a space is a real separator in any role.
SEPARATOR_AFTER = ("本报讯", "记者", "通讯员", "摄影", "摄", "讯", "电")

#: Tokens a quoted term does not run over (quoted speech may).
TERM_BREAKERS = frozenset("。！？《》；")
#: Units of a date or time: a quotation of numbers with these alone has no words.
DATE_UNITS = frozenset("年月日号时分秒")
#: Marks after which a quotation often opens although OCR left no trace.
BOUNDARY_BEFORE_QUOTE = frozenset("，。、；！？（《")
#: What a gap may have held in print, by what OCR left there.
MARKS_AT_SPACE = (OPEN_Q, CLOSE_Q, OPEN_S, CLOSE_S, "，", "”，", "，“", "”“", "”、", "、“", "”。", "：“", "”、“", "”，“")
MARKS_AT_NOTHING = (OPEN_Q, CLOSE_Q)

L10 = math.log10
#: A space between two Han characters / a run of Han characters
#: (:func:`ocrfix.chardata.is_han`'s class).
_SPACED_RE = regex.compile(r"(?<=\p{Han}) (?=\p{Han})")
#: A space between two Han characters that no separator word explains.
_BREAK_SPACE_RE = regex.compile(
    r"(?<!" + "|".join(SEPARATOR_AFTER) + r")(?<=\p{Han}) (?=\p{Han})(?!" + "|".join(SEPARATOR_BEFORE) + r"|摄(?!\p{Han}))")
_HAN_RUN_RE = regex.compile(r"\p{Han}+")
#: Cost of a restored quotation left open at the paragraph's end, or of
#: restored marks that leave a mark OCR kept unpaired: a hard constraint,
#: kept as a cost so the search always has a way out.
UNCLOSED = -100.0
#: How a quotation closes, by whether it opened after a speech colon: log10
#: of P(form | kind) / P(form) for a sentence end inside (``。”``), outside
#: (``”。``) or none, counted in the train split (``python -m ocrfix.lexicon
#: close-forms``): speech ends ``。”``, terms end ``”。``, which a 5-gram
#: model cannot tell apart thirty characters after the opening.
CLOSE_FORMS = {True: (0.79, -0.66, -0.90), False: (-0.63, 0.05, 0.05)}
#: Hypotheses more than this (log10) below the best at a gap are dropped
#: (8.0 until the speed work of issue 4, where the rule was kept only in
#: part: 5.0 and kept whole search a fifth less for the same F1 on train pages).
BEAM_DELTA = 5.0
#: Scored KenLM transitions kept per document before the cache starts over.
CACHE_LIMIT = 400_000


@dataclass(frozen=True, slots=True)
class Channel:
    """log10 costs and priors of the decoder: what OCR does to print, and
    what the 1998 model underrates about a modern page.

    The mark-loss rates are set per damage style by :func:`channel_for` from
    :data:`CHANNEL_RATES` (the calibrated simulator's rates;
    ``python -m ocrfix.decode --estimate-channel`` counts them again on
    simulated train pages). The priors were chosen on dev-split paragraphs
    (``bench/tune_decoder.py``; not train, which the model has seen) and
    checked on seed 000 (docs/how-it-works.md, docs/benchmarks.md).
    """

    #: A printed line break left a space, at a gap on the width grid / off it.
    break_on_grid: float = L10(0.9)
    break_off_grid: float = -4.0
    #: ... a whole cell off it (on it: within half a cell). A justified
    #: line is full, so a space a cell short of the grid is seldom a
    #: break; not so seldom that the width's estimate, a hanging or a
    #: carried mark cannot put one there. Chosen on the tuning pages
    #: (docs/benchmarks.md#a-cell-off-the-grid): -1.25 against -0.75,
    #: -1.0 and -1.75 (and L10(0.9), the on-grid cost it had before).
    break_near_grid: float = -1.25
    #: A line break where no column width is known.
    break_flat: float = L10(0.2)
    #: Each whole line that went by without any break (the space was lost).
    missed_break: float = L10(0.05)
    #: A space that stands for nothing at all.
    stray_space: float = -4.0
    #: A stray space before / after a punctuation mark (`日前 ，`): OCR
    #: often leaves one before a mark, seldom after it (set per style by
    #: :func:`channel_for`; seed 000: 0.17 before, 0.04 after).
    space_before_mark: float = L10(0.17)
    space_after_mark: float = L10(0.04)
    #: A dropped mark that left a space / nothing.
    drop_space: float = L10(0.85)
    drop_nothing: float = L10(0.05)
    #: A second mark lost together with a dropped quote (``”，`` -> space).
    extra_mark: float = L10(0.3)
    #: A comma or other non-quote mark dropped on its own, leaving a space.
    lone_mark_space: float = -2.0
    #: Added to the simulator's rate of lone dropped commas: a comma the
    #: model likes explains any one space, a quotation needs two.
    lone_mark_penalty: float = -1.0
    #: A real separator space, by block role (body: rare).
    separator_body: float = -4.0
    separator_headline: float = L10(0.3)
    separator_box: float = L10(0.95)
    #: A line end inside a block kept mid-sentence / joined after a sentence end.
    raw_line_kept: float = L10(0.1)
    raw_line_joined: float = L10(0.1)
    #: Extra cost of a mark where the page shows OCR keeps its marks.
    marks_kept_page: float = L10(0.01)
    #: Per restored quotation mark: modern papers quote coined terms more
    #: often than the 1998 training text.
    quote_bonus: float = 0.5
    #: Prior bonus for quoting a term the lexicon or the document quotes.
    quoted_term: float = 2.5
    #: A silent opening between two Han characters with no other evidence
    #: (-99: never).
    silent_open_anywhere: float = -1.0
    #: The same where OCR left a space there: an opening with a trace
    #: (set per style by :func:`channel_for`, :data:`TRACED_OPEN_ANYWHERE`).
    traced_open_anywhere: float = -1.0
    #: The page's quotation prior (second pass): gain on log10 of its
    #: space-marked pairs per 1000 Han characters over the reference rate.
    page_prior_gain: float = 1.0
    page_prior_reference: float = 4.0
    page_prior_max: float = 1.0
    #: Most prior bonus a lexicon term's log odds may add.
    lexicon_term: float = 1.0
    #: Bonus for a quote opening right after a speech colon ``：``.
    speech_colon: float = 1.0
    #: How far the word before the colon moves that bonus, times the log10
    #: odds that the train split opens a quotation after it over all
    #: colons' (``说：`` +1.0, ``报道：`` -1.2; ``lexicons/colon_quotes.tsv``).
    #: Set per style by :func:`channel_for`.
    colon_word_gain: float = 0.0
    #: Each atom inside a restored quotation (a geometric length prior:
    #: quoted terms are short, quoted speech after ``：`` long).
    span_atom: float = L10(0.85)
    span_atom_speech: float = L10(0.97)
    #: Of quotations opening at a paragraph's start or right after a comma
    #: or sentence end, the share that are speech (the long kind of the two
    #: length priors above): the two-geometric mixture fitted to the train
    #: split's 1,037 such quotations gives 0.395 (``python -m ocrfix.lexicon
    #: boundary-speech``; after a Han character it is about 0.01). An
    #: opening there may also be read as speech, at this prior; its reading
    #: as a term keeps its cost (0: off). docs/benchmarks.md#speech-at-a-boundary
    boundary_speech: float = 0.4
    #: A short quoted term (two to ``short_span`` atoms): the shape coined
    #: terms and slogans take, which a 5-gram model cannot see whole.
    short_pair: float = 1.0
    short_span: int = 8
    #: A quotation mark between two characters of one jieba word.
    inside_word: float = -0.5
    #: A restored quotation with no Han character in it.
    no_han_quote: float = -4.0
    #: A restored quotation around one everyday word (frequent in jieba's
    #: dictionary: 不能, 上升): coined terms are what papers quote.
    everyday_quote: float = -1.0
    #: A restored term quotation that runs over a sentence end or a title bracket.
    term_crosses: float = -3.0
    #: Each restored ‘ or ’ (rarer than “ ”; the model underrates the rarity).
    single_quote: float = L10(0.2)
    #: Longest quotation (in atoms) restored where nothing marked a drop.
    max_silent_span: int = 14
    #: Longest quotation (in atoms) restored at all.
    max_span: int = 80


#: Mark-loss rates per damage style: P(a dropped quotation mark left a space
#: where it stood, a line-end space included), P(a comma next to it went
#: too), P(a comma was dropped alone, leaving a space), P(a stray space
#: before a mark), P(a stray space after one). Where drops leave nothing a
#: comma dropped alone leaves nothing too (the simulator: 0 of its 2%), so
#: a space there is no lone comma's trace: 0.001 stands for "seldom" (it
#: was 0.02, the rate of commas dropped at all: tuning pages' nospace quote
#: F1 0.476 -> 0.480, with :data:`NOSPACE_STRAY_SPACE` 0.488; six dev sets
#: 0.532 -> 0.540 / 0.545, docs/benchmarks.md#a-space-where-drops-leave-nothing).
#: They are the rates
#: of the simulator that reproduces each style (``ocrfix.synth``; calibrated
#: on seed 000 for ``"spaces"``: 0.81, 3 of 13, 9 of 56). ``python -m
#: ocrfix.decode --estimate-channel`` counts them again on simulated pages of
#: the train split; its record-level count of spaces is lower (0.65) because
#: a quote dropped at a line end is recorded as leaving nothing beside the
#: line break's own space. Restoring with 0.65 measured worse on seed 000
#: (quote F1 0.74 vs 0.79) and on the dev pages (0.58 vs 0.59), so the
#: decoder, which lets a line-end space stand for both, uses 0.8.
CHANNEL_RATES = {
    "spaces": (0.8, 0.23, 0.16, 0.17, 0.04),
    "nospace": (0.3, 0.10, 0.001, 0.01, 0.02),
}


#: How far the second pass moves the quotation prior by the page's own
#: quoting (:meth:`DocContext.adapt_quote_prior`), per style. Where drops
#: seldom leave a space, the first pass finds too few space-marked pairs to
#: measure it (about half of all pairs show one, and few are restored
#: confidently): adapting lowered the prior on quote-rich pages (dev quote
#: F1 without it, nospace: 0.535 -> 0.554; second dev set 0.514 -> 0.529;
#: in the spaces style it helps: 0.664 vs 0.649, 0.641 vs 0.627).
PAGE_PRIOR_GAIN = {"spaces": 1.0, "nospace": 0.0}


#: :attr:`Channel.colon_word_gain` per style. Where drops leave no space,
#: nothing at a colon shows whether a quotation opened after it and the word
#: before it is the evidence: nospace quote F1 rose on the tuning pages and
#: on three of six dev sets, fell on two (13 more true marks, 2 more false
#: over all six: docs/benchmarks.md#the-word-before-a-colon). Where a space
#: after the colon shows the drop, it decides: in the spaces style the gain
#: traded precision for recall at the same F1.
COLON_WORD_GAIN = {"spaces": 0.0, "nospace": 1.0}


#: :attr:`Channel.traced_open_anywhere` per style. Where drops mostly leave
#: a space, line breaks leave spaces between Han characters too, and an
#: opening at one takes the silent opening's prior (0.0 there: six dev sets'
#: spaces quote F1 0.711 -> 0.694, 111 more false marks). Where drops seldom
#: leave one, a space between Han characters is itself the evidence: six dev
#: sets' nospace quote F1 0.522 (at -1.0) -> 0.523 / 0.529 / 0.533 / 0.525
#: at -0.5 / 0.0 / 0.5 / 1.0, tuning pages 0.459 -> 0.473 (0.0) / 0.480
#: (0.5) / 0.479 (1.0) (docs/benchmarks.md#a-space-where-drops-seldom-leave-one).
TRACED_OPEN_ANYWHERE = {"spaces": -1.0, "nospace": 0.5}


#: :attr:`Channel.stray_space` where drops seldom leave a space, on a page
#: long enough to show it (:data:`STYLE_SHOWN_HAN` Han characters): line
#: breaks leave no space there either, so a space between two body
#: characters is a dropped mark's trace (on the tuning pages' nospace
#: pages, every one of 420 is) and removing it as stray costs more than
#: the -4.0 of :class:`Channel`. Tuning pages' nospace quote F1 (with a
#: lone comma's rate of 0.001): 0.480 at -4.0, 0.487 at -6.0, -7.0 and
#: -8.0; the least of the flat stretch is taken. A short text that shows
#: few spaces may be one whose line breaks left them, too few to tell
#: (a paragraph of 16-character lines with two breaks between Han
#: characters): there the stray space keeps its cost. (It replaces the
#: channel's own on such a page: ``bench/sweep.py --decode`` sweeps it.)
NOSPACE_STRAY_SPACE = -6.0
STYLE_SHOWN_HAN = 1000


def channel_for(style: str, base: Channel | None = None) -> Channel:
    """The channel for a damage style (``"spaces"`` or ``"nospace"``), from
    :data:`CHANNEL_RATES` and :data:`PAGE_PRIOR_GAIN`."""
    quote_space, comma_with_quote, comma_alone, before_mark, after_mark = CHANNEL_RATES[style]
    base = base or Channel()
    return replace(
        base,
        drop_space=L10(quote_space),
        drop_nothing=L10(1.0 - quote_space),
        extra_mark=L10(comma_with_quote),
        lone_mark_space=L10(comma_alone) + base.lone_mark_penalty,
        space_before_mark=L10(before_mark),
        space_after_mark=L10(after_mark),
        page_prior_gain=PAGE_PRIOR_GAIN[style],
        colon_word_gain=COLON_WORD_GAIN[style],
        traced_open_anywhere=TRACED_OPEN_ANYWHERE[style],
    )


@dataclass
class DocContext:
    """What the decoder knows about the whole document."""

    model: CharModel
    channel: Channel = field(default_factory=Channel)
    #: True when the page shows OCR kept its quotation marks.
    marks_kept: bool = False
    #: True when printed line breaks left spaces (the first seed style).
    break_spaces: bool = True
    #: The page's column width in print cells, if one shows.
    width: float | None = None
    #: Terms to propose as quotations where nothing marks them: term -> bonus
    #: (document memory: what this page quotes elsewhere).
    quoted_terms: dict[str, float] = field(default_factory=dict)
    #: Terms the train split mostly quotes: term -> log10 odds.
    lexicon: dict[str, float] = field(default_factory=proposal_terms)
    beam: int = 16
    #: Repairs the decoder may make (names as in :class:`ocrfix.Config`).
    quotes: bool = True
    spaces: bool = True
    punct: bool = True
    #: Whether quotation marks may be restored where OCR left no trace.
    silent_quotes: bool = True
    #: Decisions less confident than this are left undone.
    min_confidence: float = 0.5
    #: Per paragraph (trace and role), what the page's passes share: its
    #: atoms, width, proposals and, while the channel stays, its gaps (see
    #: :func:`decode_trace`; scored KenLM transitions are kept per model,
    #: ``_TABLES``).
    cache: dict = field(default_factory=dict, repr=False)
    #: True when ``width`` is the one ``Config.line_width`` declares.
    declared_width: bool = False
    #: The transition table this context's paragraph is decoded with: taken
    #: from ``_TABLES`` where a paragraph's decoding starts and held to its
    #: end, even if another thread's paragraph starts the shared table over
    #: meanwhile (see :func:`_transitions`).
    table: "_Transitions | None" = field(default=None, repr=False, compare=False)

    @property
    def evidence(self) -> tuple[bool, bool, bool, bool]:
        """The page-level reading the decoder's choices depend on: line-break
        spaces (which channel), quotation marks kept, silent quotations, a
        declared column width applied."""
        return (self.break_spaces, self.marks_kept, self.silent_quotes, self.declared_width)

    def adapt_quote_prior(self, marked_pairs: int, han: int) -> float:
        """Raise or lower the quotation prior by how much this page quotes:
        the space-marked pairs the first pass restored per 1000 Han
        characters, against the training text's rate. Returns the change."""
        if han < 200:
            return 0.0
        ch = self.channel
        # The share of pairs with a space at one end or both, in this style.
        seen = 1.0 - (1.0 - 10 ** ch.drop_space) ** 2
        density = 1000.0 * marked_pairs / han / max(seen, 0.1)
        shift = ch.page_prior_gain * math.log10(max(density, 0.25) / ch.page_prior_reference)
        shift = min(ch.page_prior_max, max(-ch.page_prior_max, shift))
        self.channel = replace(ch, quote_bonus=ch.quote_bonus + shift)
        return shift

    @classmethod
    def for_texts(
        cls,
        texts: Sequence[str],
        model: CharModel,
        channel: Channel | None = None,
        config=None,
        roles: Sequence[str] | None = None,
        **kw,
    ) -> "DocContext":
        """A context with the page-level evidence read off ``texts`` (with
        their block ``roles``, if known: spaces in bylines, ads and other
        :data:`~ocrfix.roles.SPACED_ROLES` are separators, no evidence of dropped marks)."""
        han = quotes = spaced = running = joined = 0
        for k, t in enumerate(texts):
            h, q, n, j = _text_counts(t)
            han, quotes, spaced, joined = han + h, quotes + q, spaced + n, joined + j
            running += n if roles is None or roles[k] not in SPACED_ROLES else 0
        marks_kept = han > 0 and quotes * 400 >= han
        break_spaces = spaced > 0 and spaced * 30 >= joined + spaced
        # Quotation marks that left no trace are restored only on a page that
        # shows its marks were dropped: spaces between Han characters in
        # running text, or a page without a single quotation mark that is
        # long or shows OCR's spacing elsewhere (bylines, ads). A restored
        # page has its quotation marks and keeps only separators: fixing it
        # again restores no silent quotation.
        evident = running >= 3 or (quotes == 0 and (han >= 1500 or spaced >= 3))
        declared = config.silent_quotes if config is not None else None
        kw.setdefault("silent_quotes", not marks_kept and (evident if declared is None else declared))
        width = texts_width(texts)
        if config is not None and config.line_width is not None and any(
                _BREAK_SPACE_RE.search(t) for k, t in enumerate(texts) if roles is None or roles[k] not in SPACED_ROLES):
            # declared for text too short to show it, where a space between
            # two Han characters of running text (not after 记者 or before 摄:
            # a credit's) shows line breaks left spaces: a restored text has
            # none, and a grid laid over it would read its separators as breaks
            width = float(config.line_width)
            kw.setdefault("declared_width", True)
        if config is not None:
            kw.setdefault("beam", config.beam)
            kw.setdefault("quotes", config.quotes)
            kw.setdefault("spaces", config.spaces)
            kw.setdefault("punct", config.punct)
            kw.setdefault("min_confidence", config.min_confidence)
        if channel is None:
            channel = channel_for("spaces" if break_spaces else "nospace")
            if not break_spaces and han >= STYLE_SHOWN_HAN:
                channel = replace(channel, stray_space=NOSPACE_STRAY_SPACE)
        return cls(model, channel, marks_kept, break_spaces, width, **kw)


#: Longest text whose counts and width intervals are kept for reuse (a
#: cache of a thousand texts must not hold a thousand 10 MB lines).
CACHED_TEXT_MAX = 20000


def _per_text(fn):
    """``fn`` of one text, kept for the last thousand texts up to
    :data:`CACHED_TEXT_MAX` characters: a page's paragraphs are read again
    in each round and on the restored page."""
    cached = functools.lru_cache(maxsize=1024)(fn)
    return functools.wraps(fn)(lambda text: cached(text) if len(text) <= CACHED_TEXT_MAX else fn(text))


@_per_text
def _text_counts(text: str) -> tuple[int, int, int, int]:
    """What :meth:`DocContext.for_texts` counts in one text: its Han
    characters, quotation marks, spaces between two Han characters, and Han
    characters side by side (a run of n holds n - 1 such pairs)."""
    return (len(HAN_RE.findall(text)), text.count(OPEN_Q) + text.count(CLOSE_Q), len(_SPACED_RE.findall(text)),
            sum(len(run) - 1 for run in _HAN_RUN_RE.findall(text)))


class Gap(NamedTuple):
    """One gap (a named tuple: a paragraph has one per atom, built fast)."""

    index: int  # gap i sits before atom i
    start: int
    end: int
    ws: str  # what OCR left: "", spaces, or a junction "\n"
    options: tuple  # ((insert, is_break, channel_cost, bonus), ...)


@dataclass(slots=True)
class _Hyp:
    score: float
    state: object
    q: int  # 0 outside quotes, 1 inside “, 2 inside ‘ within “
    opened: int  # atom index where the open quote was inserted (-1: none / observed)
    silent: bool  # the open quote was restored where OCR left nothing
    speech: bool  # the open quote follows a speech colon
    cells: float  # print cells since the last line break
    lines: int  # line breaks so far
    path: tuple | None  # the search node: its option, parent and gap (see _unwind)


def space_intervals(text: str) -> list[float]:
    """Print cells between consecutive spaces (or junctions) of ``text``,
    counting a space as no cell: where every line break left a space, most
    intervals are the column width. A space before a mark no line starts
    with, or after one no line ends with (`饭 ，`), is no line break: it
    does not cut an interval.

    >>> space_intervals("一二 三四五六 七八 ，九十一二 三")
    [4.0, 7.0]
    """
    return list(_space_intervals(text))


@_per_text
def _space_intervals(text: str) -> tuple[float, ...]:
    """:func:`space_intervals`, once for each text: a page's widths are read
    off the same paragraphs several times (the page's, each article's, each
    paragraph's own; again on the restored page)."""
    out: list[float] = []
    if " " not in text and "\n" not in text:
        return ()  # no interval without a space or junction
    pos, last, before = 0.0, None, ""
    for token, start, end in token_spans(text):
        if start > 0 and text[start - 1] in " \n" and token not in NO_LINE_START and before not in NO_LINE_END:
            if last is not None:
                out.append(pos - last)
            last = pos
        pos += _cells(token, text[start:end])
        before = token
    return tuple(out)


def width_from_intervals(intervals: Sequence[float], minimum: int = 3) -> float | None:
    """The most common interval of :data:`~ocrfix.config.LINE_WIDTHS` (8 to
    40 cells; within half a cell), if it recurs at least ``minimum`` times:
    the column width that line-break spaces fall on.

    >>> line = "一二三四五六七八九十一二三四五六 "
    >>> width_from_intervals(space_intervals(line * 4 + "一二三"))
    16.0
    """
    usable = [d for d in intervals if LINE_WIDTHS[0] <= d <= LINE_WIDTHS[1]]
    best, support = None, (0, 0)
    for w in sorted(set(usable)):
        # Most intervals within half a cell, then most intervals exactly.
        n = (sum(1 for d in usable if abs(d - w) <= 0.5), usable.count(w))
        if n > support:
            best, support = w, n
    support = support[0]
    if best is not None and best % 1:
        # Between two whole widths: both are common (lines of 16 and 17
        # cells where marks are set narrow: the grid's tolerance covers
        # both), unless one of them clearly is the width.
        lo, hi = usable.count(best - 0.5), usable.count(best + 0.5)
        if max(lo, hi) >= 2 * min(lo, hi) + 2:
            best = best - 0.5 if lo > hi else best + 0.5
    if best is None or support < minimum:
        return None
    return best


def _cells(token: str, piece: str) -> float:
    """Print cells of one atom: a Han character or full-width mark takes one,
    a digit or Latin letter half; a narrowed mark was printed full width."""
    if token in ",:;!?()":
        return 1.0
    if len(piece) == 1:
        return 1.0 if not piece.isascii() else 0.5
    return sum(0.5 if c.isascii() else 1.0 for c in piece)


def _atoms(text: str) -> list[tuple[str, int, int, str]]:
    """The paragraph's atoms: (token, start, end, the text it covers)."""
    return [(t, a, b, text[a:b]) for t, a, b in token_spans(text)]


def decode_text(text: str, role: str, ctx: DocContext) -> str:
    """Decode a paragraph given as plain text (see :func:`decode_trace`)."""
    return decode_trace(Trace.of(text), role, ctx)[0].text


class Quoted(NamedTuple):
    """A quotation the decoder restored (for document-level evidence)."""

    term: str
    confidence: float
    #: A mark was dropped leaving a space: the page's plainer evidence.
    marked: bool


def has_decisions(text: str, ctx: DocContext) -> bool:
    """Whether the decoder has anything to decide in ``text``: where no mark
    may be silent on this page, a text without whitespace has only empty
    gaps, and they stay so."""
    # (str.split() splits at exactly the characters str.isspace() accepts)
    return ctx.silent_quotes or (bool(text) and text.split() != [text])


def decode_trace(
    trace: Trace, role: str, ctx: DocContext, quick: bool = False, article_width: float | None = None
) -> tuple[Trace, list[Quoted]]:
    """Decode one paragraph. Returns the repaired trace and the quotations it
    restored (for document memory and the page's quotation prior).

    ``quick`` (a first pass that only gathers page evidence) searches with a
    narrower beam and takes every confidence from the final beam.
    ``article_width``: the column width its article's paragraphs show
    together (:func:`texts_width`), if known."""
    text = trace.text
    if len(text) > MAX_PARAGRAPH:
        return _decode_long(trace, role, ctx, quick, article_width)
    if not has_decisions(text, ctx):
        return trace, []
    _transitions(ctx, renew=True)  # (the one place the table may start over)
    # What does not change between the page's passes is read once (the
    # passes decode the same traces; the channel may move in between).
    key = (id(trace), role)
    prep = ctx.cache.get(key)
    seen = (text, ctx.width, article_width, ctx.break_spaces)
    if prep is None or prep[0] is not trace or prep[1] != seen:
        atoms = _atoms(text)
        if not atoms or not _decodable(text, atoms):
            prep = (trace, seen, None)
        else:
            raw_breaks = frozenset(i for i, c in enumerate(text) if c == "\n" and trace.src[i] is not None)
            width = _paragraph_width(text, ctx, article_width) if ctx.break_spaces and role not in ONE_LINE_ROLES else None
            prep = (trace, seen, atoms, raw_breaks, width, _base_proposals(atoms, ctx), [None, None], [None, None])
        if len(ctx.cache) > 10000:
            ctx.cache.clear()  # a context decoding paragraph after paragraph
        ctx.cache[key] = prep
    if prep[2] is None:
        return trace, []
    _, _, atoms, raw_breaks, width, (base, joined, prop_key), last_gaps, last_plan = prep
    if last_gaps[0] == _gap_key(ctx):
        gaps = last_gaps[1]
    else:
        gaps = _gaps(text, atoms, role, ctx, raw_breaks)
        last_gaps[:] = [_gap_key(ctx), gaps]
    if prop_key != _proposal_key(ctx):
        base, joined, _ = _base_proposals(atoms, ctx)
    proposals = _with_terms(base, atoms, joined, ctx.quoted_terms)
    beam = ctx.beam
    if quick:
        ctx.beam = max(4, beam // 4)
    memo: dict = {}  # the searches of this paragraph share what its gaps need
    # (and both passes, where the proposals are alike: see _paragraph_plan)
    if last_plan[0] is not None and last_plan[0] == proposals:
        memo[-1] = last_plan[1]
    else:
        memo[-1] = _paragraph_plan(atoms, gaps, proposals)
        last_plan[:] = [proposals, memo[-1]]
    unbarred = None  # the first round's options, before any was barred
    split = None
    try:
        for _ in range(1 if quick else 3):
            compiled = _compile(gaps, atoms, ctx.channel.boundary_speech)
            unbarred = unbarred or compiled
            best, alternatives = _search(atoms, gaps, ctx, proposals, width, compiled=compiled, memo=memo)
            if best is None:
                # Every hypothesis outran a quotation's span limit (a narrow
                # beam can end up there: one reading held a quotation open
                # so much better than every reading without one that the
                # beam kept none of those). Decode the two halves of the
                # paragraph on their own, so that only the half where it
                # happened can lose its quotations; a piece with no sentence
                # end left inside is decoded without restoring any.
                split = _middle_cut(text)
                if split is not None:
                    break
                gaps = _bar(gaps, dict.fromkeys(range(len(gaps))))
                compiled = _compile(gaps, atoms, ctx.channel.boundary_speech)
                best, alternatives = _search(atoms, gaps, ctx, proposals, width, compiled=compiled, memo=memo)
            alt_maps = _alternative_maps(best, alternatives)
            decisions = sorted(d for d in _unwind(best.path) if d[1] is not None and d[1] != gaps[d[0]].ws)
            partner = _partners(decisions)
            confidence = {g: _confidence(best, alternatives, alt_maps, g, ins, partner.get(g)) for g, ins in decisions}
            if width is None:
                _space_confidences(decisions, compiled, gaps, ctx, confidence)
            _pair_confidences(decisions, confidence)
            if quick:
                break
            weak = _window_confidences(atoms, gaps, compiled, ctx, proposals, width, best, decisions, confidence, memo, unbarred)
            if not weak:
                break
            # A quotation or mark too weak to restore: decode again without
            # it, so its gaps get the best decision that does not restore it.
            gaps = _bar(gaps, weak)
    finally:
        ctx.beam = beam
    if split is not None:
        return _decode_pieces(trace, role, ctx, quick, article_width, (0, split, len(text)))
    local = []
    quoted: list[Quoted] = []
    open_at = None
    for gap_index, insert in decisions:
        gap = gaps[gap_index]
        conf = confidence[gap_index]
        repair = "quote" if any(c in QUOTES for c in insert) else ("punct" if insert.strip() else "space")
        if conf < ctx.min_confidence or not _allowed(insert, gap.ws, ctx):
            if gap.ws and gap.ws.strip(" ") == "" and not any(o[0] == gap.ws for o in gap.options) and _allowed("", gap.ws, ctx):
                # Unsure whether a mark goes here, but sure the space cannot
                # stay (the gap has no reading that keeps it): it goes, as a
                # second run would take it (fixing twice changes nothing).
                local.append((gap.start, gap.end, "", "space", _SURE))
            elif gap.ws and not gap.ws.strip() and (not insert.strip() or "\n" in gap.ws) and _allowed("", gap.ws, ctx):
                # Unsure only between readings that all take the space or
                # line end away (`安定\n与重建 。`: a join, or a quotation
                # that opens there), or unsure of a mark at a line end inside
                # the paragraph: it goes if keeping it is far worse.
                kept = _keep_confidence(atoms, gaps, compiled, ctx, proposals, width, best, gap_index, memo)
                if kept >= ctx.min_confidence:
                    local.append((gap.start, gap.end, "", "space", kept))
            continue
        local.append((gap.start, gap.end, insert, repair, conf))
        if insert.endswith(OPEN_Q):
            open_at = (gap.end, conf, bool(gap.ws))
        elif insert.startswith(CLOSE_Q) and open_at is not None:
            term = text[open_at[0] : gap.start].strip()
            if term and "\n" not in term and not any(c in term for c in "，。；：！？"):
                quoted.append(Quoted(term, min(open_at[1], conf), open_at[2] or bool(gap.ws)))
            open_at = None
    return trace.apply_local(local), quoted


def margin_confidence(margin: float) -> float:
    """A decision's confidence from its margin (log10) over the best rival
    (any margin: a rival may beat the best path by hundreds where the search
    paid hard-constraint costs on a damaged page)."""
    return log10_odds_probability(margin)


#: The margin (log10) of a decision no alternative contests, and its confidence.
UNCONTESTED = 3.0
_SURE = margin_confidence(UNCONTESTED)

#: Characters a paragraph may have before it is decoded a piece at a time
#: (cut after a sentence end): time and memory stay linear in its length.
MAX_PARAGRAPH = 4000


def _decode_long(trace: Trace, role: str, ctx: DocContext, quick: bool, article_width: float | None) -> tuple[Trace, list["Quoted"]]:
    """Decode an overlong paragraph (a 10 MB single line) in pieces of at most
    :data:`MAX_PARAGRAPH` characters, cut after a sentence end where there is one."""
    text = trace.text
    bounds = [0]
    while bounds[-1] < len(text):
        start = bounds[-1]
        end = min(len(text), start + MAX_PARAGRAPH)
        if end < len(text):
            cut = max(text.rfind(c, start + MAX_PARAGRAPH // 2, end) for c in SENTENCE_END)
            end = cut + 1 if cut >= 0 else end
        bounds.append(end)
    return _decode_pieces(trace, role, ctx, quick, article_width, bounds)


def _decode_pieces(trace: Trace, role: str, ctx: DocContext, quick: bool, article_width: float | None,
                   bounds: Sequence[int]) -> tuple[Trace, list["Quoted"]]:
    """Decode ``trace[bounds[k]:bounds[k + 1]]`` one piece at a time."""
    pieces: list[Trace] = []
    quoted: list[Quoted] = []
    for start, end in zip(bounds, bounds[1:]):
        piece, found = decode_trace(trace.slice(start, end), role, ctx, quick, article_width)
        pieces.append(piece)
        quoted += found
    return Trace.concat(pieces, trace.source), quoted


#: Marks that go with the sentence end before them (`。”`) when a paragraph
#: is cut in two after it.
_AFTER_END = CLOSE_DOUBLE + CLOSE_SINGLE + "）)》"
_SENTENCE_END_RE = regex.compile(f"[{SENTENCE_END}]+")


def _middle_cut(text: str) -> int | None:
    """Where to cut a paragraph in two: after the sentence end (and any
    closing mark after it) nearest its middle; None where no text follows
    any sentence end. Whitespace at a piece's edge is never decided, so a
    sentence end with whitespace after it is cut before instead (the
    whitespace then lies inside the second piece, decided with it: `够？
    过年`, cut after the mark, kept a space a second run took away), and
    not at all where whitespace stands on both sides."""
    cuts = []
    for m in _SENTENCE_END_RE.finditer(text):
        cut = m.end()
        while cut < len(text) and text[cut] in _AFTER_END:
            cut += 1
        if cut < len(text) and text[cut].isspace():
            cut = m.start()
            if cut == 0 or text[cut - 1].isspace():
                continue
        if text[cut:].strip():
            cuts.append(cut)
    middle = len(text) / 2
    return min(cuts, key=lambda cut: abs(cut - middle), default=None)


def _paragraph_width(text: str, ctx: DocContext, article: float | None = None) -> float | None:
    """The paragraph's column width: its article's (articles are set in
    columns of different widths), unless its own intervals clearly show
    another (twice the support, and two more: a caption set wider than the
    body; a paragraph whose dropped marks left many spaces shows a few short
    intervals alike, and seldom a whole line); with no article width, its
    own or the page's, whichever more of its intervals support."""
    intervals = _space_intervals(text)
    own = width_from_intervals(intervals, minimum=2)

    def support(w: float) -> int:
        return sum(1 for d in intervals if abs(d - w) <= 0.5)
    if article is not None:
        return own if own is not None and support(own) >= 2 * support(article) + 2 else article
    if own is None or ctx.width is None:
        return own or ctx.width
    return own if support(own) > support(ctx.width) else ctx.width


def texts_width(texts: Iterable[str]) -> float | None:
    """The column width ``texts`` show together (a page's, or one article's
    running text)."""
    return width_from_intervals([d for t in texts for d in _space_intervals(t)])


def _restores_quote(insert: str) -> bool:
    """Whether a choice restores a double quotation mark."""
    return OPEN_Q in insert or CLOSE_Q in insert


def _bar(gaps: list[Gap], barred: dict[int, str | None]) -> list[Gap]:
    """``gaps`` with choices barred: at each gap, every option that inserts
    the given marks, or (None) every option that restores a quotation mark."""
    out = list(gaps)
    for g, what in barred.items():
        if what is None:
            keep = tuple(o for o in gaps[g].options if not _restores_quote(o[0]))
        else:
            keep = tuple(o for o in gaps[g].options if o[0] != what)
        out[g] = gaps[g]._replace(options=keep or gaps[g].options[:1])
    return out


#: Atoms of context on each side of a quotation when judging it.
WINDOW = 10
#: Whether a window rival read on past its window (to the paragraph's end,
#: on a column grid) stops where it has rejoined the best path: its best
#: hypothesis in the best path's own search state (model state, quotation
#: state, cells since the line break), no hypothesis holding a quotation
#: open. From there the two read the rest of the paragraph alike, so the
#: margin is settled; reading on only cost time (quadratic in a long
#: paragraph's length). ``bench/settle_check.py`` compares the margins with
#: and without it.
SETTLE_RIVALS = True
#: Measure restored quotation marks with no restored partner (one that
#: pairs with a mark OCR kept, a single quotation mark) by a window rival
#: too, and decode again without the weak ones.
LONE_MARKS = True
#: What a weak restored pair bars when its paragraph is decoded again:
#: ``"both"`` its gaps; ``"crossing"`` its opening gap only where the pair
#: holds an opening mark OCR kept, both elsewhere; ``"opener"`` its opening
#: gap only, always. Across a kept opening mark, barring the closing gap too
#: kept out the reading a second run then found: a closing mark paired with
#: the kept one (strong, once the weak opener is gone), so a page did not
#: settle. Everywhere, the freed closing gap paired with another weak
#: opener (seed 000: quote F1 0.852 -> 0.832, punctuation 0.973 -> 0.959)
#: (docs/benchmarks.md#a-weak-pair-across-a-kept-mark).
WEAK_PAIR_BAR = "crossing"


def _window_confidences(atoms, gaps, compiled, ctx, proposals, width, best, decisions, confidence, memo=None,
                        unbarred=None) -> dict[int, str | None]:
    """Confidence of each restored quotation and of each other mark the best
    decoding inserts: the margin between it and the best decoding that does
    not restore that quotation (its two gaps barred from opening or closing
    one) or insert that mark there. The rival is decoded again from a window
    before it, starting from the best path's state, to a window after it (to
    the paragraph's end where the page has a column grid). (The final beam
    alone cannot tell: its hypotheses share every decision far from the end.)
    A rival may make at the measured gaps any choice of the first round,
    ``unbarred``, even one an earlier round barred as too weak: a comma and a
    quotation mark that nearly tie at a space are each unsure, and barring
    the comma must not make the quotation mark look certain.
    Returns the decisions below ``ctx.min_confidence``: gap -> what to bar
    there (None for a quotation's gaps, else the insert; see :func:`_bar`)."""
    unbarred = unbarred or compiled
    pairs = sorted(((opener, closer) for closer, opener in _partners(decisions).items()), key=operator.itemgetter(1))
    marks = [(g, insert) for g, insert in decisions if insert.strip() and not any(c in QUOTES for c in insert)]
    # restored marks with no restored partner: one that pairs with a mark
    # OCR kept, and single quotation marks
    paired = {g for pair in pairs for g in pair}
    lone = [g for g, insert in decisions if g not in paired and any(c in QUOTES for c in insert)] if LONE_MARKS else []
    if not pairs and not marks and not lone:
        return {}
    n = len(atoms)
    # The best path after each gap: its own search nodes (score, state id, q, ...).
    states = _transitions(ctx).states
    trail: list = [None] * (n + 1)
    node = best.path
    while node is not None and node[10] >= 0:
        trail[node[10]] = node
        node = node[9]

    def margin(first: int, last: int, barred: list) -> float:
        lo, hi = max(0, first - WINDOW), min(n, last + WINDOW)
        if width:
            # On a column grid a restored mark fills a print cell, so every
            # later line of the rival sits a cell off the best path's: it
            # pays for that at line breaks far past the window (or reads a
            # space there otherwise). Only whole readings compare: to the
            # paragraph's end. (Cut at the window, a rival that had not yet
            # paid looked far better than it was: seed 000's `治 堵` comma
            # 0.0005, a near tie at 0.53 when read to the end.) A rival that
            # rejoins the best path past the window stops there
            # (:data:`SETTLE_RIVALS`).
            hi = n
        while hi < n and trail[hi][2] != 0:
            # The best path has paid for opening a later quotation but not
            # yet earned what closing it brings: compare after it closes.
            hi += 1
        start = _hyp(trail[lo - 1], states) if lo > 0 else None
        settle = (min(n, last + WINDOW), trail) if SETTLE_RIVALS and hi > last + WINDOW else None
        rival, _ = _search(atoms, gaps, ctx, proposals, width, lo=lo, hi=hi, start=start, compiled=barred, memo=memo,
                           settle=settle)
        # (a rival that rejoined the best path stopped there: the rest is shared)
        m = UNCONTESTED if rival is None else trail[rival.path[10]][0] - rival.score
        return margin_confidence(m)

    def without_quotes(g: int) -> tuple:
        """Gap ``g``'s first-round options that restore no quotation mark."""
        return tuple(o for o in unbarred[g] if not _restores_quote(o.marks)) or compiled[g][:1]

    weak: dict[int, str | None] = {}
    for opener, closer in pairs:
        barred = list(compiled)
        for g in (opener, closer):
            barred[g] = without_quotes(g)
        conf = margin(opener, closer, barred)
        for g in (opener, closer):
            confidence[g] = min(confidence[g], conf)
        # Weak by either measure (the final beam's or the window's rival):
        # decoded again without it, so its gaps are not left as OCR had them
        # (across a kept opening mark, the closing gap may still close that
        # one: :data:`WEAK_PAIR_BAR`).
        if min(confidence[opener], confidence[closer]) < ctx.min_confidence:
            crosses = any(atoms[k][0] == OPEN_Q for k in range(opener, closer))
            only_opener = WEAK_PAIR_BAR == "opener" or (WEAK_PAIR_BAR == "crossing" and crosses)
            for g in (opener,) if only_opener else (opener, closer):
                weak[g] = None
    for g in lone:
        # Weak, it is decoded again without a quotation mark there (else
        # its gap kept what OCR left, a line end inside the paragraph that
        # a second run then took away).
        barred = list(compiled)
        barred[g] = without_quotes(g)
        confidence[g] = min(confidence[g], margin(g, g, barred))
        if confidence[g] < ctx.min_confidence:
            weak[g] = None
    for g, insert in marks:
        others = tuple(o for o in unbarred[g] if o.insert != insert)
        if not others:
            continue
        barred = list(compiled)
        barred[g] = others
        confidence[g] = min(confidence[g], margin(g, g, barred))
        if confidence[g] < ctx.min_confidence:
            weak[g] = insert
    return weak


def _keep_confidence(atoms, gaps, compiled, ctx, proposals, width, best, g: int, memo=None) -> float:
    """Confidence that what OCR left at gap ``g`` does not stay: the margin
    of the best decoding over the best that keeps it."""
    keep = tuple(o for o in compiled[g] if o.insert == gaps[g].ws)
    if not keep:
        return _SURE
    forced = list(compiled)
    forced[g] = keep
    rival, _ = _search(atoms, gaps, ctx, proposals, width, compiled=forced, memo=memo)
    m = UNCONTESTED if rival is None else min(UNCONTESTED, best.score - rival.score)
    return margin_confidence(m)


def _space_confidences(decisions, compiled, gaps: list[Gap], ctx: DocContext, confidence: dict[int, float]) -> None:
    """Where no column width is known, a choice between spaces (remove one,
    keep it) touches neither the model nor any later cost: its margin is
    just the two options' costs. The final beam cannot show it when both
    readings merged into one hypothesis, and a tie then looked certain:
    a second run, with the beam shaped otherwise, decided it the other way."""
    ch = ctx.channel
    # What a line break costs on top of its option where no width is known
    # (as in the search).
    break_cost = ch.break_flat if ctx.break_spaces else ch.stray_space

    def cost(o: _Option) -> float:
        return o.cost + break_cost if o.is_break else o.cost

    for g, insert in decisions:
        if insert.strip() or "\n" in gaps[g].ws:
            continue  # a mark (measured in its window), or a line end (a junction is always decided)
        mine = [cost(o) for o in compiled[g] if not o.marks and o.insert == insert]
        others = [cost(o) for o in compiled[g] if not o.marks and o.insert != insert]
        if mine and others:
            margin = max(mine) - max(others)
            confidence[g] = min(confidence[g], margin_confidence(margin))


def _pair_confidences(decisions: list[tuple[int, str]], confidence: dict[int, float]) -> None:
    """A restored quotation stands or falls whole: both marks get the lower
    confidence of the two."""
    stack: list[int] = []
    for gap_index, insert in decisions:
        for c in insert:
            if c in (OPEN_Q, OPEN_S):
                stack.append(gap_index)
            elif c in (CLOSE_Q, CLOSE_S) and stack:
                opener = stack.pop()
                low = min(confidence[opener], confidence[gap_index])
                confidence[opener] = confidence[gap_index] = low


def _decodable(text: str, atoms) -> bool:
    """Only Chinese text is decoded: a paragraph needs some Han characters."""
    han = len(HAN_RE.findall(text))  # (a Han character is always an atom of its own)
    return han >= 2 and han * 2 >= len(atoms)


def _gaps(text: str, atoms, role: str, ctx: DocContext, raw_breaks: frozenset[int] = frozenset()) -> list[Gap]:
    gaps = _all_gaps(text, atoms, role, ctx, raw_breaks)
    if ctx.quotes and ctx.spaces and ctx.punct:
        return gaps
    return [g._replace(options=_switched(g, ctx)) for g in gaps]


def _switched(gap: Gap, ctx: DocContext) -> tuple:
    """A gap's options with the repairs ``ctx`` switches off left out. A
    layout junction may always close up (the join is the layout's switch),
    and a gap always keeps one option that restores no mark, so a switched-off
    repair can never leave the search without a way through."""
    junction = "\n" in gap.ws
    options = tuple(o for o in gap.options if _allowed(o[0], gap.ws, ctx) or (junction and not o[0].strip()))
    if not any(not o[0].strip() or o[0] == gap.ws for o in options):
        options = gap.options[:1] + options
    return options


def _allowed(insert: str, ws: str, ctx: DocContext) -> bool:
    if insert == ws:
        return True
    if not insert.strip():
        return ctx.spaces
    if any(c in QUOTES for c in insert):
        return ctx.quotes and (ctx.punct or all(c in QUOTES for c in insert))
    return ctx.punct


def _all_gaps(text: str, atoms, role: str, ctx: DocContext, raw_breaks: frozenset[int]) -> list[Gap]:
    ch = ctx.channel
    box = role in SEPARATOR_ROLES
    sep_cost = ch.separator_box if box else ch.separator_headline if role in ("headline", "subheadline") else ch.separator_body
    kept = ch.marks_kept_page if ctx.marks_kept else 0.0
    gaps = []
    n = len(atoms)
    tokens = list(map(_first, atoms))
    jieba_starts = None  # jieba's word starts, read when a mark could split a word
    # What a gap OCR left nothing at may have held, by its two neighbours'
    # classes (the same few pairs recur all over a page, and every page).
    at_nothing = _AT_NOTHING
    at_space = _AT_SPACE
    han_class = "一"
    chid = _CHANNELS.get(ch)
    if chid is None:
        if len(_CHANNELS) > 1000:
            _CHANNELS.clear()
            at_space.clear()
        chid = _CHANNELS[ch] = len(_CHANNELS)
    nothing_cost = ch.drop_nothing + kept + ch.quote_bonus
    edge_cost = kept + ch.quote_bonus
    new_gap = tuple.__new__  # Gap(...) without its Python-level __new__ (Gap._make's way)
    for i in range(n + 1):
        start = atoms[i - 1][2] if i > 0 else 0
        end = atoms[i][1] if i < n else len(text)
        ws = text[start:end] if 0 < i < n else ""
        if i == 0 or i == n:
            start = end = (atoms[0][1] if i == 0 else atoms[-1][2])
        left = atoms[i - 1][0] if i > 0 else None
        right = atoms[i][0] if i < n else None
        options = []
        if ws:
            # Something is there: a space or a junction.
            junction = "\n" in ws
            raw = junction and any(start <= k < end for k in raw_breaks)
            if raw:
                # A line end the layout left alone: the line may end a unit
                # (a box item, a sentence) or run on.
                ends = left is not None and (left in SENTENCE_END + "”’：" or box)
                options.append((ws, True, 0.0 if ends else ch.raw_line_kept, 0.0))
                options.append(("", True, ch.raw_line_joined if ends else 0.0, 0.0))
            elif junction:
                options.append(("", True, 0.0, 0.0))
            else:
                options.append(("", True, 0.0, 0.0))  # line break: grid cost added in search
                by_mark = max(ch.space_after_mark if _is_mark(left) else ch.stray_space,
                              ch.space_before_mark if _is_mark(right) else ch.stray_space)
                options.append(("", False, by_mark, 0.0))
            before = text[max(0, start - 6) : start]
            sep = sep_cost
            if any(before.endswith(w) for w in SEPARATOR_AFTER) and (
                    role != "body" or start < 12 or _credit_tail(text[end:])):
                sep = max(sep, ch.separator_headline)
            after = text[end : end + 4]
            if after.startswith(SEPARATOR_BEFORE) or (after.startswith("摄") and end + 1 == len(text)):
                sep = max(sep, ch.separator_box)
            if left == LAT and right == LAT:
                sep = max(sep, ch.separator_box)  # words of a Latin phrase
            elif _latin_or_number(left) and _latin_or_number(right):
                # Numbers side by side are often separate (a list), but a
                # number can also break across a printed line: the grid decides.
                sep = max(sep, ch.separator_headline)
            real_separator = sep > ch.separator_body or role not in ("body", "unknown", "caption") or not (
                (is_han(left or "") or _is_mark(left)) and (is_han(right or "") or _is_mark(right))
            )
            if real_separator and (
                    (not box and sep < ch.separator_box and (_is_mark(left) or _is_mark(right)))
                    or (box and (_is_mark(right) or left in _CLAUSE_MARK_SET))):
                # Full-width marks carry their own spacing: outside boxes a
                # space beside one is never a real separator; inside one,
                # neither is a space before a mark or after a clause mark
                # (`提醒， 火险`), only one after a sentence end (`。 记者 X 摄`).
                real_separator = False
            if real_separator:
                # A body gap between two Han characters is never a real separator
                # unless a separator word precedes it (记者 X, 本报讯 X).
                options.append((" " if junction else ws, False, sep + (ch.raw_line_kept if raw else 0.0), 0.0))
            after_separator_word = sep > ch.separator_body and any(before.endswith(w) for w in SEPARATOR_AFTER)
            if not box and not after_separator_word and not (_latin_or_number(left) and _latin_or_number(right)):
                # The marks a space may stand for depend on the neighbours'
                # classes and on whether a mark there splits a jieba word.
                lk = han_class if left is not None and is_han(left) else left
                rk = han_class if right is not None and is_han(right) else right
                split = False
                if lk == han_class and rk == han_class:
                    if jieba_starts is None:
                        jieba_starts = frozenset(_word_starts(tokens))
                    split = i not in jieba_starts
                mkey = (chid, kept, junction, lk, rk, split)
                found = at_space.get(mkey)
                if found is None:
                    if len(at_space) > 4096:
                        at_space.clear()
                    found = at_space[mkey] = _marks_at_space(ch, kept, junction, left, right, split)
                options.extend(found)
        else:
            # Every Han character is alike here (no mark table holds one).
            key = (han_class if left is not None and is_han(left) else left,
                   han_class if right is not None and is_han(right) else right, box, edge_cost, nothing_cost)
            found = at_nothing.get(key)
            if found is None:
                options.append(("", False, 0.0, 0.0))
                if not box and not (_latin_or_number(left) and _latin_or_number(right)):
                    # OCR keeps no space at a block's edge, so a mark dropped
                    # there left nothing whatever the style.
                    cost = edge_cost if left is None or right is None else nothing_cost
                    for marks in MARKS_AT_NOTHING:
                        if _fits(marks, left, right):
                            options.append((marks, False, cost, 0.0))
                if len(at_nothing) > 4096:
                    at_nothing.clear()
                found = at_nothing[key] = tuple(options)
            gaps.append(new_gap(Gap, (i, start, end, ws, found)))
            continue
        gaps.append(new_gap(Gap, (i, start, end, ws, tuple(options))))
    return gaps


#: :data:`~ocrfix.chardata.CLAUSE_MARKS` as a set (a token is one of them, or None).
_CLAUSE_MARK_SET = frozenset(CLAUSE_MARKS)


#: The options of a gap OCR left nothing at, by its neighbours' classes and
#: the costs (shared by every paragraph: :func:`_compile` compiles each once).
_AT_NOTHING: dict = {}
#: The marks a space may stand for (:func:`_marks_at_space`), by channel
#: (numbered in ``_CHANNELS``), neighbours' classes and word split.
_AT_SPACE: dict = {}
_CHANNELS: dict = {}


def _credit_tail(rest: str) -> bool:
    """Whether ``rest`` ends its paragraph as a photo credit's name does
    (`记者 胡英雪 摄`: the name, 摄)."""
    return len(rest) <= 8 and rest.rstrip().endswith("摄")


def _marks_at_space(ch: Channel, kept: float, junction: bool, left: str | None, right: str | None, split: bool) -> tuple:
    """The options of a space (or junction) that stand for dropped marks;
    ``split``: a quotation mark there would split a jieba word."""
    options = []
    for marks in MARKS_AT_SPACE:
        if not _fits(marks, left, right):
            continue
        quotes_only = all(c in QUOTES for c in marks)
        lone = not any(c in QUOTES for c in marks)
        prior = kept + ch.quote_bonus * sum(c in QUOTES for c in marks) + ch.single_quote * sum(c in "‘’" for c in marks)
        if not lone and split and is_han(left) and is_han(right):
            prior += ch.inside_word  # a quotation mark splitting a word
        # A mark dropped at a line break or a junction: whether it left a
        # space of its own cannot show (the break's space or newline is
        # there anyway), so a quotation mark (always dropped) costs only its
        # prior; a comma still had to be lost, alone or with the quote beside it.
        others = sum(c not in QUOTES for c in marks)
        silent = (ch.lone_mark_space if lone else ch.extra_mark * others) + prior
        if junction:
            options.append((marks, True, silent, 0.0))
        else:
            cost = (ch.lone_mark_space if lone else ch.drop_space) + ch.extra_mark * (len(marks) - 1)
            options.append((marks, False, cost + prior, 0.0))
            if quotes_only or lone:
                # The break's space stands for both.
                options.append((marks, True, silent, 0.0))
    return tuple(options)


def _is_mark(token: str | None) -> bool:
    return token is not None and len(token) == 1 and token in WIDE_PUNCT and token not in QUOTES


def _latin_or_number(token: str | None) -> bool:
    return token in (NUM, LAT)


def _fits(marks: str, left: str | None, right: str | None) -> bool:
    """Typographic sanity: no mark next to a mark it cannot touch."""
    if left is None and not marks.startswith((OPEN_Q, OPEN_S)):
        return False
    if right is None and marks.endswith((OPEN_Q, OPEN_S)):
        return False
    if left is not None and left in CLAUSE_END + "“‘（《" and marks[0] in CLAUSE_END:
        return False
    if left is not None and left in "“‘（《" and marks[0] in "”’":
        return False
    if right is not None and right in CLAUSE_END + "”’）》" and marks[-1] in CLAUSE_END + "“‘":
        return False
    if (right is not None and right in QUOTES) or (left is not None and left in QUOTES):
        return False
    # A title in 《》 or 『』 is marked already: the train split has 《“ 3 and
    # ”》 4 times in 1,689 titles.
    if left is not None and left in "《『" and marks[0] in "“‘":
        return False
    if right is not None and right in "》』" and marks[-1] in "”’":
        return False
    return True


#: What each quotation mark needs and leaves: (state before, state after),
#: states 0 outside quotes, 1 inside “, 2 inside ‘ within “.
_QUOTE_MOVES = {OPEN_Q: (0, 1), CLOSE_Q: (1, 0), OPEN_S: (1, 2), CLOSE_S: (2, 1)}


def _quote_step(q: int, marks: str) -> int | None:
    """The quote state after inserting ``marks``, or None if it would break pairing."""
    for c in marks:
        move = _QUOTE_MOVES.get(c)
        if move is not None:
            if q != move[0]:
                return None
            q = move[1]
    return q


@dataclass(frozen=True, slots=True)
class _Option:
    """One choice at a gap, with everything the search needs precomputed."""

    insert: str
    marks: str  # the marks it restores ("" for a space choice)
    is_break: bool
    cost: float
    trans: tuple[int, int, int]  # quote state after it, from state 0/1/2 (-1: not allowed)
    opens: bool
    closes: bool
    speech: bool  # opens a quotation after a colon
    cells: float  # cells it takes on the line


def _compile(gaps: list[Gap], atoms, boundary_speech: float = 0.0) -> list[tuple[_Option, ...]]:
    """Each gap's options with what the search needs precomputed (options
    recur across gaps and paragraphs, so they are built once).
    ``boundary_speech``: :attr:`Channel.boundary_speech`."""
    out = []
    seen: dict = {}  # gaps share option tuples (see _all_gaps): compile each once
    known = _COMPILED
    for gap in gaps:
        before = atoms[gap.index - 1][0] if gap.index > 0 else None
        after_colon = before == "："
        # Where an opening may also read as speech (_two_kinds): 2 at the
        # paragraph's start or at a space after a boundary mark, 1 at any
        # other space (for an option that restores the mark, `，“`), 0
        # nowhere else. Where OCR left nothing after a mark an opening has no
        # trace and reads as a term alone (a speech reading there too: the
        # same F1, a tenth slower; docs/benchmarks.md#speech-at-a-boundary).
        boundary = 0
        if boundary_speech and (before is None or gap.ws):
            boundary = 2 if before is None or before in SPEECH_BOUNDARY else 1
        key = (id(gap.options), gap.ws, after_colon, boundary, boundary_speech)
        done = seen.get(key)
        if done is None:
            # Equal options compile alike: one paragraph's space gaps repeat
            # another's, page after page.
            full = (gap.options, gap.ws, after_colon, boundary, boundary_speech)
            done = known.get(full)
            if done is None:
                has_ws = bool(gap.ws)
                done = tuple(_option(insert, is_break, cost + bonus, insert == gap.ws, has_ws, after_colon)
                             for insert, is_break, cost, bonus in gap.options)
                if boundary:
                    done = _two_kinds(done, boundary == 2, boundary_speech)
                if len(known) > 20000:
                    known.clear()
                known[full] = done
            seen[key] = done
        out.append(done)
    return out


#: Compiled options by (options, what OCR left, after a colon, at a
#: boundary, the speech share there): see :func:`_compile`.
_COMPILED: dict = {}
#: Marks after which a quotation is often speech, not a term (besides a
#: paragraph's start): :attr:`Channel.boundary_speech`.
SPEECH_BOUNDARY = frozenset("，。！？,!?")


def _two_kinds(options: tuple, boundary: bool, share: float) -> tuple:
    """``options`` with a speech reading (prior ``share``) added beside each
    opening that is not speech already, where it opens at a boundary: the
    paragraph's start or a boundary mark in print (``boundary``) or one the
    option restores (``，“``, ``”，“``). The term reading keeps its cost: the
    priors it meets were chosen with it whole, and giving it its share
    (log10 0.6) lost seed 000 a pair the rest of the evidence barely chose."""
    out = []
    for opt in options:
        if opt.opens and not opt.speech and (boundary or opt.marks[-2:-1] in SPEECH_BOUNDARY):
            out.append(replace(opt, speech=True, cost=opt.cost + L10(share)))
        out.append(opt)
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _option(insert: str, is_break: bool, cost: float, keeps: bool, has_ws: bool, after_colon: bool) -> _Option:
    marks = insert if insert.strip() and not keeps else ""
    trans = tuple(-1 if (q2 := _quote_step(q, marks)) is None else q2 for q in (0, 1, 2)) if marks else (0, 1, 2)
    opens = marks.endswith(OPEN_Q)
    speech = opens and (marks.startswith("：") or after_colon)
    cells = float(len(marks)) + (1.0 if keeps and has_ws and not is_break else 0.0)
    return _Option(insert, marks, is_break, cost, trans, opens, marks.startswith(CLOSE_Q), speech, cells)


class _Transitions:
    """KenLM transitions scored so far in a document, over interned states.

    Each distinct KenLM state gets a small integer id (states that compare
    equal share one), so the search keys its hypotheses and its transition
    table by ints instead of hashing KenLM states: ``succ[sid][token]`` is
    ``(log10 p, next sid)``."""

    __slots__ = ("model", "ids", "states", "succ", "ends", "size", "fast", "_score", "_state")

    def __init__(self, model: CharModel):
        self.model = model
        self.fast = None  # the compiled search's C map beside succ (ocrfix._csearch.TransitionMap)
        self.ids: dict = {}
        self.states: list = []
        self.succ: list[dict] = []
        self.ends: dict[int, float] = {}
        self.size = 0
        # CharModel.advance without its two calls: the search makes a
        # few hundred thousand of these a page set.
        import kenlm

        self._score = model.model.BaseScore
        self._state = kenlm.State

    def intern(self, state) -> int:
        sid = self.ids.get(state)
        if sid is None:
            sid = self.ids[state] = len(self.states)
            self.states.append(state)
            self.succ.append({})
        return sid

    def step(self, sid: int, token: str) -> tuple[float, int]:
        """Score ``token`` after state ``sid`` (once; then it is in ``succ``):
        :meth:`CharModel.advance`."""
        state = self._state()
        p = self._score(self.states[sid], token, state)
        sid2 = self.ids.get(state)
        if sid2 is None:
            sid2 = self.intern(state)
        hit = self.succ[sid][token] = (p, sid2)
        self.size += 1
        return hit

    def end(self, sid: int) -> float:
        value = self.ends.get(sid)
        if value is None:
            value = self.ends[sid] = self.model.end(self.states[sid])
        return value


#: The transition table of each model, shared by the documents of a process
#: (a corpus run scores the same common transitions page after page).
_TABLES: dict[int, _Transitions] = {}


def _transitions(ctx: DocContext, renew: bool = False) -> _Transitions:
    """The model's transition table, the one ``ctx`` holds. ``renew`` takes
    the shared one again (started over past :data:`CACHE_LIMIT`):
    :func:`decode_trace` asks for that before a paragraph's first search
    and nothing else does, because the search nodes of one paragraph name
    their states by id in one table (a rival starts from the best path's
    nodes)."""
    held = ctx.table
    if not renew and held is not None and held.model is ctx.model:
        return held
    table = _TABLES.get(id(ctx.model))
    if table is None or table.model is not ctx.model or table.size > CACHE_LIMIT:
        table = _TABLES[id(ctx.model)] = _Transitions(ctx.model)
    ctx.table = table
    return table


def _hyp(node, states: list) -> _Hyp:
    """A search node ``(score, sid, q, opened, silent, speech, cells, lines,
    option or None, parent node, gap index)`` as a :class:`_Hyp`; the node itself
    is the hypothesis' path (see :func:`_unwind`)."""
    return _Hyp(node[0], states[node[1]], node[2], node[3], node[4], node[5], node[6], node[7], node)


def _search(atoms, gaps: list[Gap], ctx: DocContext, proposals: dict, width: float | None,
            lo: int = 0, hi: int | None = None, start: _Hyp | None = None, compiled=None,
            memo: dict | None = None, settle: tuple | None = None):
    """Beam search over gaps ``lo..hi`` (all by default) from ``start``.
    Returns the best hypothesis and the rest of the final beam. ``memo`` keeps
    what each gap's options need across searches of one paragraph (the
    same ``atoms``, ``gaps`` and ``proposals``; see :func:`_gap_plan`).
    ``settle``: ``(gap, trail)``, the best path's search node at each gap;
    past ``gap`` the search stops where it has rejoined that path
    (:func:`_settled`) and returns its beam there.

    Hypotheses are plain tuples inside the loop (score, state id, q, opened,
    silent, speech, cells, lines, option, parent, gap index) for speed: each
    is also its path, linked through its parents.

    Where the compiled search (``ocrfix._csearch``, built at install) is
    there, it runs instead: the same search over C structs, returning the
    same hypotheses and paths (:data:`COMPILED`)."""
    if COMPILED:
        return _compiled_search(atoms, gaps, ctx, proposals, width, lo, hi, start, compiled, memo, settle)
    ch = ctx.channel
    model = ctx.model
    table = _transitions(ctx)
    succ, states, step = table.succ, table.states, table.step
    n = len(atoms)
    hi = n if hi is None else hi
    compiled = compiled or _compile(gaps, atoms, ch.boundary_speech)
    if start is None:
        beam = [(0.0, table.intern(model.begin()), 0, -1, False, False, 0.0, 0, None, None, -1)]
    else:
        beam = [(start.score, table.intern(start.state), start.q, start.opened, start.silent, start.speech,
                 start.cells, start.lines, None, start.path, -1)]
    silent_ok = ctx.silent_quotes
    break_spaces = ctx.break_spaces
    stray_space = ch.stray_space
    # Fully silent pairs are rare where drops mostly leave a space.
    need_trace = 10 ** ch.drop_nothing < 0.5
    span_atom, span_speech, crosses = ch.span_atom, ch.span_atom_speech, ch.term_crosses
    max_silent, max_span, short_span, short_pair = ch.max_silent_span, ch.max_span, ch.short_span, ch.short_pair
    beam_width = ctx.beam
    first = _first
    no_han, everyday = ch.no_han_quote, ch.everyday_quote
    close_form = CLOSE_FORMS
    if memo is None:
        memo = {}
    shared = memo.get(-1)
    if shared is None:
        shared = memo[-1] = _paragraph_plan(atoms, gaps, proposals)
    tokens, han_before, words_before, everyday_memo, statics = shared
    # :func:`_grid_cost` by cell count, kept across the paragraph's searches
    # (the same width and channel)
    grid_memo = memo.get(_GRID)
    if grid_memo is None or grid_memo[0] is not ch or grid_memo[1] != width:
        grid_memo = memo[_GRID] = (ch, width, {})
    grid_memo = grid_memo[2]

    def grid_cost(cells: float, lines: int, hang: bool) -> float:
        """:func:`_grid_cost` (once per paragraph for each cell count)."""
        key = (cells if lines else -1.0 - cells, hang)
        cost = grid_memo.get(key)
        if cost is None:
            cost = grid_memo[key] = _grid_cost(cells, lines, width, ch, hang)
        return cost
    plans = _PLANS
    if len(plans) > PLANS_LIMIT:
        plans.clear()

    def closing(score: float, opened: int, silent: bool, speech: bool, i: int, token, traced: bool) -> float | None:
        """``score`` after closing at gap ``i`` the quotation opened at gap
        ``opened`` (None: not allowed). ``traced``: OCR left a space here."""
        prop = proposals.get(opened)
        term_bonus = prop.get(i) if prop else None
        if term_bonus is None and silent and not traced and not speech and need_trace:
            return None  # where drops leave spaces, a quotation with no trace at either end needs a known term
        if term_bonus:
            score += term_bonus
        if i > 0:
            inside = tokens[i - 1] in SENTENCE_END
            score += close_form[speech][0 if inside else 1 if token is not None and token in SENTENCE_END else 2]
        if not speech and i - opened <= short_span:
            score += short_pair
        if han_before[i] == han_before[opened] or (
                words_before[i] == words_before[opened] and any(tokens[k] == NUM for k in range(opened, i))):
            score += no_han  # “2006”, “YRCB”, “1月8日”: quoted digits or Latin alone are rare
        elif not speech and i - opened <= 3:
            common = everyday_memo.get((opened, i))
            if common is None:
                common = everyday_memo[(opened, i)] = _everyday(tokens, opened, i)
            if common:
                score += everyday  # “不能”: an everyday word is seldom quoted
        return score
    settle_from, trail = settle if settle is not None else (hi, None)
    for i in range(lo, hi + 1):
        if i > settle_from and _settled(beam, trail[i - 1], width):
            break
        options = compiled[i]
        has_ws, junction, token, cells, is_quote_token, breaker, prop_i, open_bonus = statics[i]
        pkey = (id(options), has_ws, prop_i is not None, silent_ok)
        plan = plans.get(pkey)
        if plan is None or plan[0] is not options:
            plan = plans[pkey] = _gap_plan(options, has_ws, prop_i is not None, silent_ok)
        _, fast, opt, by_q, plain, rest = plan
        last = i == n or i == hi
        if fast is False and token is not None:
            for h in beam:
                if h[2]:
                    fast = None  # a hypothesis inside a quotation may close it here
                    break
        if fast is not None and token is not None and not is_quote_token and not last:
            # Fast path: nothing to decide here, every hypothesis takes the token.
            nxt = []
            # The option's own cost and cells count too (a lone kept
            # separator, a forced choice in explain()).
            cost0, cells0 = opt.cost, cells + opt.cells
            for h in beam:
                score, sid, q, opened, silent, speech, hcells, lines, _, _, _ = h
                hit = succ[sid].get(token) or step(sid, token)
                score += hit[0] + cost0
                if opened >= 0:
                    score += span_speech if speech else span_atom
                    if breaker and not speech:
                        score += crosses
                    if i - opened > (max_silent if silent and not speech else max_span):
                        continue
                nxt.append((score, hit[1], q, opened, silent, speech, hcells + cells0, lines, opt, h, i))
            if nxt:
                beam = nxt
                continue
        hang = i > 0 and tokens[i - 1] in NO_LINE_START  # a break after a mark no line starts with
        expanded: dict = {}
        setdefault = expanded.setdefault
        floor = -1e9  # expansions this far below the best so far are not worth scoring
        if token is not None and not last and not is_quote_token:
            # The common gap, in a loop of its own: a token follows, the
            # paragraph goes on, and a choice that neither opens nor closes
            # a quotation leaves the hypothesis' quotation as it was (what
            # the quotation's length costs is read once per hypothesis).
            # What closing a quotation here reads (see closing()):
            untraced = need_trace and not (has_ws and not junction)
            if i > 0:
                form = 0 if tokens[i - 1] in SENTENCE_END else 1 if token in SENTENCE_END else 2
                forms = (close_form[False][form], close_form[True][form])
            han_i, words_i = han_before[i], words_before[i]
            for h in beam:
                score0, sid0, q0, opened0, silent0, speech0, cells0, lines0, _, _, _ = h
                if score0 < floor:
                    continue
                grid = tok0 = None
                inside0 = opened0 >= 0
                span0 = span_speech if speech0 else span_atom
                cross0 = breaker and not speech0
                over0 = inside0 and i - opened0 > (max_silent if silent0 and not speech0 else max_span)
                if plain is None:
                    choices = by_q[q0]
                else:
                    # The gap's first choice leaves it as OCR did (nothing
                    # there): as in the loop below, with nothing to read.
                    choices = rest[q0]
                    score = score0 + plain[1]
                    if score >= floor:
                        hit = tok0 = succ[sid0].get(token) or step(sid0, token)
                        score += hit[0]
                        sid = hit[1]
                        hcells = cells0 + plain[7] + cells
                        if inside0:
                            score += span0
                            if cross0:
                                score += crosses
                        if not over0 and score >= floor:
                            key = (sid, q0, opened0, silent0, speech0, hcells if width else 0)
                            node = (score, sid, q0, opened0, silent0, speech0, hcells, lines0, plain[8], h, i)
                            old = setdefault(key, node)
                            if old is node or old[0] < score:
                                if old is not node:
                                    expanded[key] = node
                                if score - BEAM_DELTA > floor:
                                    floor = score - BEAM_DELTA
                for q2, cost, opens, closes, ospeech, is_break, marks, ocells, move in choices:
                    score = score0 + cost
                    if score < floor:
                        continue
                    if opens or (closes and inside0):
                        opened, silent, speech = opened0, silent0, speech0
                        if opens:
                            if prop_i:
                                score += open_bonus
                            opened, silent, speech = i, not has_ws or junction or i == 0, ospeech
                        else:
                            # closing(), inline: the search's commonest call
                            prop = proposals.get(opened)
                            term_bonus = prop.get(i) if prop else None
                            if term_bonus is None and silent and untraced and not speech:
                                continue
                            if term_bonus:
                                score += term_bonus
                            if i > 0:
                                score += forms[speech]
                            if not speech and i - opened <= short_span:
                                score += short_pair
                            if han_i == han_before[opened] or (
                                    words_i == words_before[opened] and any(tokens[k] == NUM for k in range(opened, i))):
                                score += no_han
                            elif not speech and i - opened <= 3:
                                common = everyday_memo.get((opened, i))
                                if common is None:
                                    common = everyday_memo[(opened, i)] = _everyday(tokens, opened, i)
                                if common:
                                    score += everyday
                            if q2 == 0:
                                opened, silent, speech = -1, False, False
                        inside = opened >= 0
                        span = span_speech if speech else span_atom
                        cross = breaker and not speech
                        over = inside and i - opened > (max_silent if silent and not speech else max_span)
                    else:
                        opened, silent, speech = opened0, silent0, speech0
                        inside, span, cross, over = inside0, span0, cross0, over0
                    hcells, lines = cells0, lines0
                    if is_break:
                        if not junction:
                            if grid is None:
                                grid = grid_cost(hcells, lines, hang) if break_spaces else stray_space
                            score += grid
                        hcells, lines = 0.0, lines + 1
                    if marks:
                        sid = sid0
                        for c in marks:
                            hit = succ[sid].get(c) or step(sid, c)
                            score += hit[0]
                            sid = hit[1]
                        hit = succ[sid].get(token) or step(sid, token)
                    else:
                        hit = tok0 or (tok0 := succ[sid0].get(token) or step(sid0, token))
                    score += hit[0]
                    sid = hit[1]
                    hcells = hcells + ocells + cells
                    if inside:
                        score += span
                        if cross:
                            score += crosses
                        if over:
                            continue
                    if score < floor:
                        continue  # below the best so far by more than BEAM_DELTA: dropped below anyway
                    key = (sid, q2, opened, silent, speech, hcells if width else 0)
                    # (one lookup for a new key: most are)
                    node = (score, sid, q2, opened, silent, speech, hcells, lines, move, h, i)
                    old = setdefault(key, node)
                    if old is node or old[0] < score:
                        if old is not node:
                            expanded[key] = node
                        if score - BEAM_DELTA > floor:
                            floor = score - BEAM_DELTA
            beam = ()  # the loop below has nothing left to do
        for h in beam:
            score0, sid0, q0, opened0, silent0, speech0, cells0, lines0, _, _, _ = h
            if score0 < floor:
                continue
            grid = tok0 = None
            for q2, cost, opens, closes, ospeech, is_break, marks, ocells, move in by_q[q0]:
                score = score0 + cost
                if score < floor:
                    continue
                opened, silent, speech = opened0, silent0, speech0
                if opens:
                    if prop_i:
                        score += open_bonus
                    # OCR keeps no space at a block's edge or a junction: an
                    # opening there shows no trace (cheap, but no evidence either).
                    opened, silent, speech = i, not has_ws or junction or i == 0, ospeech
                elif closes and opened >= 0:
                    score = closing(score, opened, silent, speech, i, token, has_ws and not junction and i != n)
                    if score is None:
                        continue
                    if q2 == 0:
                        opened, silent, speech = -1, False, False
                hcells, lines = cells0, lines0
                if is_break:
                    if not junction:
                        if grid is None:
                            grid = grid_cost(hcells, lines, hang) if break_spaces else stray_space
                        score += grid
                    hcells, lines = 0.0, lines + 1
                if marks:
                    sid = sid0
                    for c in marks:
                        hit = succ[sid].get(c) or step(sid, c)
                        score += hit[0]
                        sid = hit[1]
                    hcells += ocells
                    if token is not None:
                        hit = succ[sid].get(token) or step(sid, token)
                else:
                    sid = sid0
                    hcells += ocells
                    if token is not None:
                        hit = tok0 or (tok0 := succ[sid0].get(token) or step(sid0, token))
                if token is not None:
                    score += hit[0]
                    sid = hit[1]
                    hcells += cells
                    if opened >= 0:
                        score += span_speech if speech else span_atom
                        if breaker and not speech:
                            score += crosses
                        if i - opened > (max_silent if silent and not speech else max_span):
                            continue
                    if is_quote_token:
                        q_seen = _quote_step(q2, token)
                        if q_seen is not None:
                            q2 = q_seen
                        elif q2 != is_quote_token - 1:
                            # the marks restored so far make a kept mark break
                            # its pairing: a hard constraint, kept as a cost
                            # (UNCLOSED) so the search always has a way out
                            score += UNCLOSED
                        if q2 == 0:
                            opened = -1
                if last:
                    if q2 != 0 and opened >= lo and opened >= 0:
                        score += UNCLOSED  # a restored quotation must close in its paragraph
                    if i == n:
                        score += table.end(sid)
                        if width and hcells > width + 1.5:
                            score += ch.missed_break * int(hcells // width)
                # Hypotheses merge only when nothing ahead can tell them apart:
                # an open quotation's start, trace and kind change what closing it earns.
                # (cells are whole or half cells: a float keys them exactly)
                key = (sid, q2, opened, silent, speech, hcells if width else 0)
                old = expanded.get(key)
                if old is None or old[0] < score:
                    expanded[key] = (score, sid, q2, opened, silent, speech, hcells, lines, move, h, i)
                    if score - BEAM_DELTA > floor:
                        floor = score - BEAM_DELTA
        if not expanded:
            return None, []  # every hypothesis broke a constraint (a forced choice)
        # sorted() is stable, so this is heapq.nlargest(beam_width, ...) exactly.
        beam = sorted(expanded.values(), key=first, reverse=True)
        if len(beam) > beam_width:
            del beam[beam_width:]
        cut = beam[0][0] - BEAM_DELTA  # (the floor above dropped most of these already)
        if beam[-1][0] < cut:
            beam = [h for h in beam if h[0] >= cut]
    hyps = [_hyp(h, states) for h in sorted(beam, key=first, reverse=True)]
    return hyps[0], hyps[1:]


_first = operator.itemgetter(0)
#: The key under which a search's ``memo`` keeps its grid costs (-1 and -2
#: hold the paragraph's plan and, in the compiled search, its arrays).
_GRID = -3


def _settled(beam: list, node: tuple, width: float | None) -> bool:
    """Whether a rival search has rejoined the best path at ``node`` (its
    search node at the gap the beam has reached): the beam's best hypothesis
    is in the node's state (what the search keys hypotheses by, and whether
    a line went by), so the two read the rest of the paragraph alike, and no
    hypothesis holds a quotation open, whose closing could still earn it
    more later (see :func:`_window_confidences`)."""
    top = max(beam, key=_first)
    return (top[1] == node[1] and top[2] == node[2] and top[3] == node[3] and top[4] == node[4] and top[5] == node[5]
            and (not width or top[6] == node[6]) and (top[7] == 0) == (node[7] == 0)
            and not any(h[2] for h in beam))


try:
    from ._csearch import search as _compiled_search
except ImportError:  # not built (no C compiler at install): the Python search runs
    _compiled_search = None

#: Whether :func:`_search` runs the compiled search: where it was built,
#: unless the environment sets ``OCRFIX_PURE_PYTHON=1``. Both decode alike
#: (``tests/test_compiled_search.py``); the Python one is the reference.
COMPILED = _compiled_search is not None and not pure_python()


def _paragraph_plan(atoms, gaps: list[Gap], proposals: dict) -> tuple:
    """What every search of one paragraph reads at each gap: ``(tokens,
    han_before, words_before, everyday, statics)``, with ``statics[i] = (has_ws, junction,
    token, cells, is_quote_token, breaker, prop_i, open_bonus)``.

    ``is_quote_token`` is 0 where the atom is no quotation mark, else 1 +
    the quote state the marks OCR kept give before it (read as the search
    reads them: a kept mark that breaks pairing leaves the state as it
    was). A kept mark that breaks pairing in a hypothesis is let pass only
    in that state: OCR's own, not one the marks restored before it made."""
    tokens = [atom[0] for atom in atoms]
    # Han characters before each atom, and those that are no date's unit: a
    # span of numbers and 年月日 alone (“2006、2007年”) is as seldom quoted
    # as digits alone.
    han_before, words_before = [0], [0]
    for atom in atoms:
        han = len(atom[0]) == 1 and is_han(atom[0])
        han_before.append(han_before[-1] + han)
        words_before.append(words_before[-1] + (han and atom[0] not in DATE_UNITS))
    statics = []
    n = len(atoms)
    kept = 0
    for i, gap in enumerate(gaps):
        ws = gap.ws
        if i < n:
            atom = atoms[i]
            token = atom[0]
            cells = _cells(token, atom[3])
            is_quote_token = 0
            if token in QUOTES:
                is_quote_token = 1 + kept
                step = _quote_step(kept, token)
                kept = kept if step is None else step
            breaker = token in TERM_BREAKERS
        else:
            token, cells, is_quote_token, breaker = None, 0.0, 0, False
        prop_i = proposals.get(i)
        open_bonus = prop_i.get(-1, 0.0) if prop_i else 0.0
        statics.append((bool(ws), "\n" in ws, token, cells, is_quote_token, breaker, prop_i, open_bonus))
    return tokens, han_before, words_before, {}, statics


#: Gap plans by (compiled options, whether OCR left whitespace, whether a
#: quotation may open there unmarked, whether marks may be silent): the same
#: few recur over every paragraph (see :func:`_gap_plan`).
_PLANS: dict = {}
#: How many gap plans are kept (then the cache starts over). The shared
#: option tuples are a few hundred; the rest are one-off tuples a window
#: rival bars or a forced search makes, used once and kept alive by their
#: entry: with 50,000 a corpus run grew by about 60 KB a page until the
#: cache was cleared.
PLANS_LIMIT = 4096


def _gap_plan(options: tuple, has_ws: bool, proposed: bool, silent_ok: bool) -> tuple:
    """What the search needs at a gap with ``options`` (its compiled options,
    which a forced or barred search may change): ``(options, fast, fast_option,
    by_q, plain, rest)``. ``fast``: None where the gap has something to decide (or may
    have), True where it never does, False where it does not while no
    hypothesis is inside a quotation; ``fast_option`` is then its one
    choice. ``by_q``: the options each quote state may take, as ``(quote
    state after it, cost, opens, closes, speech, is_break, marks, cells,
    option)``. ``plain``: the entry of a first option that leaves the gap
    as it is (no mark, no line break) where every quote state may take it,
    else None; ``rest``: then ``by_q`` without it."""
    compiled = options
    if not has_ws:
        if not silent_ok:
            options = options[:1]
        elif not proposed:
            options = tuple(o for o in options if not o.opens)
    fast = fast_option = None
    opt = options[0]
    if not opt.marks and not opt.is_break:
        if len(options) == 1:
            fast = True
        elif not any(o.opens for o in options):
            fast = False
        fast_option = opt
    by_q: tuple[list, list, list] = ([], [], [])
    for opt in options:
        if opt.marks and not has_ws and not silent_ok:
            continue  # this page shows no sign of marks dropped without a trace
        if opt.opens and not proposed and not has_ws:
            continue  # nothing marks a drop here and nothing suggests one
        entry = (opt.cost, opt.opens, opt.closes, opt.speech, opt.is_break, opt.marks, opt.cells, opt)
        for q0, q2 in enumerate(opt.trans):
            if q2 >= 0:
                by_q[q0].append((q2, *entry))
    # A first choice that leaves the gap as it is, open to every quote state
    # (nothing, where OCR left nothing), is taken apart from the rest.
    first = options[0]
    plain = rest = None
    if not first.marks and not first.is_break and all(choices and choices[0][-1] is first for choices in by_q):
        plain = by_q[0][0]
        rest = tuple(choices[1:] for choices in by_q)
    return (compiled, fast, fast_option, by_q, plain, rest)


def _gap_key(ctx: DocContext) -> tuple:
    """What :func:`_gaps` reads off ``ctx``."""
    return (ctx.channel, ctx.marks_kept, ctx.quotes, ctx.spaces, ctx.punct)


def _proposal_key(ctx: DocContext) -> tuple:
    """What :func:`_base_proposals` reads off ``ctx``."""
    ch = ctx.channel
    return (ch.speech_colon, ch.colon_word_gain, ch.silent_open_anywhere, ch.traced_open_anywhere, ch.lexicon_term, ctx.silent_quotes, id(ctx.lexicon), len(ctx.lexicon))


def _proposals(atoms, ctx: DocContext) -> dict[int, dict[int, float]]:
    """Where a quotation may open although nothing marks a drop:
    open atom index -> {close gap index: prior bonus} (-1: any close)."""
    base, joined, _ = _base_proposals(atoms, ctx)
    return _with_terms(base, atoms, joined, ctx.quoted_terms)


def _with_terms(base: dict, atoms, joined: str, quoted_terms: dict[str, float]) -> dict[int, dict[int, float]]:
    """``base`` (:func:`_base_proposals`, left as it is) with the terms the
    document quotes added."""
    if not quoted_terms:
        return base
    found = dict(base)  # (a slot of base is copied where a term is added to it)
    _add_terms(found, list(map(_first, atoms)), joined, quoted_terms, None, base)
    return found


def _base_proposals(atoms, ctx: DocContext) -> tuple[dict[int, dict[int, float]], str, tuple]:
    """:func:`_proposals` without the document's quoted terms, the atoms
    joined (one character each), and :func:`_proposal_key`."""
    found: dict[int, dict[int, float]] = {}
    tokens = list(map(_first, atoms))
    for i, tok in enumerate(tokens):
        if tok == "：" and i + 1 < len(tokens):
            bonus = ctx.channel.speech_colon
            if ctx.channel.colon_word_gain:
                before = "".join(t if len(t) == 1 else "\x00" for t in tokens[max(0, i - COLON_CONTEXT) : i])
                bonus += ctx.channel.colon_word_gain * colon_word_odds(before)
            found.setdefault(i + 1, {})[-1] = bonus
        elif tok in BOUNDARY_BEFORE_QUOTE and i + 1 < len(tokens):
            found.setdefault(i + 1, {}).setdefault(-1, 0.0)
    if tokens:
        found.setdefault(0, {}).setdefault(-1, 0.0)
    if ctx.channel.silent_open_anywhere > -50 and ctx.silent_quotes:
        silent, traced = ctx.channel.silent_open_anywhere, ctx.channel.traced_open_anywhere
        for i in _word_starts(tokens):
            if is_han(tokens[i]) and is_han(tokens[i - 1]):
                found.setdefault(i, {}).setdefault(-1, traced if atoms[i][1] > atoms[i - 1][2] else silent)
    joined = "".join(t if len(t) == 1 else "\x00" for t in tokens)
    if ctx.lexicon:
        _add_terms(found, tokens, joined, ctx.lexicon, ctx.channel.lexicon_term)
    return found, joined, _proposal_key(ctx)


def _add_terms(found: dict, tokens: list[str], joined: str, terms: dict[str, float], cap: float | None,
               shared: dict | None = None) -> None:
    """Propose each of ``terms`` where it stands as a word of its own
    (``found``'s slots that are ``shared``'s are copied before they change)."""
    if len(terms) < 64:
        # A few terms (a page's quoted ones): look each up, not each position.
        starts = None
        for term in terms:
            at = joined.find(term) if len(term) >= 2 else -1  # (the index holds no shorter term)
            while at >= 0:
                if starts is None:
                    starts = {0, len(joined), *_word_starts(tokens)}
                if at in starts and at + len(term) in starts:
                    _propose(found, shared, at, at + len(term), terms[term] if cap is None else min(cap, terms[term]))
                at = joined.find(term, at + 1)
        return
    index = _term_index(terms)
    starts = None
    for start in range(len(joined) - 1):
        for term in index.get(joined[start : start + 2], ()):
            if joined.startswith(term, start):
                if starts is None:
                    starts = {0, len(joined), *_word_starts(tokens)}
                if start not in starts or start + len(term) not in starts:
                    continue  # inside a longer word (七夕 in 七夕节)
                _propose(found, shared, start, start + len(term), terms[term] if cap is None else min(cap, terms[term]))


def _propose(found: dict, shared: dict | None, start: int, end: int, bonus: float) -> None:
    """Propose a quotation of atoms ``start:end`` with ``bonus``."""
    slot = found.get(start)
    if slot is None:
        slot = found[start] = {}
    elif shared is not None and slot is shared.get(start):
        slot = found[start] = dict(slot)
    slot[end] = max(bonus, slot.get(end, 0.0))
    slot[-1] = max(slot.get(-1, 0.0), 0.0)  # a known term may open here at no cost


def _everyday(tokens: list[str], start: int, end: int) -> bool:
    """True when ``tokens[start:end]`` spell one frequent dictionary word."""
    return jieba_freq().get("".join(tokens[start:end]), 0) >= COMMON_FREQ


def _word_starts(tokens: list[str]) -> tuple[int, ...]:
    """Atom indices where jieba starts a word (a quotation does not open
    inside a word where nothing marks it)."""
    return word_starts("".join(t if len(t) == 1 else "\x00" for t in tokens))


_TERM_INDEX: dict[int, tuple[dict, dict]] = {}


def _term_index(terms: dict[str, float]) -> dict[str, list[str]]:
    """Terms by their first two characters (cached per terms dict)."""
    cached = _TERM_INDEX.get(id(terms))
    if cached is not None and cached[0] is terms:
        return cached[1]
    index: dict[str, list[str]] = {}
    for term in terms:
        index.setdefault(term[:2], []).append(term)
    _TERM_INDEX[id(terms)] = (terms, index)
    return index


def _grid_cost(cells: float, lines: int, width: float | None, ch: Channel, hang: bool = False) -> float:
    """log10 cost of a printed line break ``cells`` cells after the last
    one (``lines`` breaks before it in the paragraph); ``hang``: the line
    ends in a mark no line starts with, which typesetters hang past the
    column's edge."""
    if not width:
        return ch.break_flat
    # The first line is indented: its lines end two (or one) cells short
    # of the grid, also where a break after a mark left no space.
    k = max(1, round((cells + (2 if lines == 0 else 0)) / width))
    targets = [k * width] + ([k * width - 2, k * width - 1] if lines == 0 else [])
    if hang:
        targets += [t + 1 for t in targets]
    dev = min(abs(cells - t) for t in targets)
    # A half-cell width stands for lines of the two whole widths beside it
    # (marks set narrow): count from the nearer of them.
    dev -= width % 1
    cost = ch.break_on_grid if dev <= 0.5 else ch.break_near_grid if dev <= 1.0 else ch.break_off_grid
    return cost + ch.missed_break * (k - 1)


def _unwind(path) -> list[tuple[int, str]]:
    """The decisions on a hypothesis' path, the last first: ``(gap index,
    insert)``. A path is a search node; its last three fields are its
    option (None at a start), its parent and its gap index."""
    out = []
    while path is not None:
        move = path[8]
        if move is not None:
            out.append((path[10], move.insert))
        path = path[9]
    return out


def _alternative_maps(best: _Hyp, alternatives: list[_Hyp]) -> list[dict[int, str]]:
    """Each alternative's decisions where its path differs from the best's:
    ``{gap index: insert}``. Paths share their nodes up to where they part,
    and where they share one they decided alike, so the rest is left out
    (:func:`_confidence` reads a gap missing here as decided as the best)."""
    on_best = set()
    path = best.path
    while path is not None:
        on_best.add(id(path))
        path = path[9]
    out = []
    for alt in alternatives:
        decided = {}
        path = alt.path
        while path is not None and id(path) not in on_best:
            move = path[8]
            if move is not None:
                decided[path[10]] = move.insert
            path = path[9]
        out.append(decided)
    return out


def _options_on(path) -> dict[int, "_Option"]:
    out = {}
    while path is not None:
        move = path[8]
        if move is not None:
            out[path[10]] = move
        path = path[9]
    return out


def _partners(decisions: list[tuple[int, str]]) -> dict[int, int]:
    """Each restored closing mark's opening gap (double quotation marks)."""
    out = {}
    stack: list[int] = []
    for gap_index, insert in decisions:
        if OPEN_Q in insert:
            stack.append(gap_index)
        elif CLOSE_Q in insert and stack:
            out[gap_index] = stack.pop()
    return out


def _confidence(best: _Hyp, alternatives: list[_Hyp], alt_maps: list[dict], gap_index: int, insert: str,
                opener: int | None = None) -> float:
    """Posterior-style confidence of one decision: how much better the best
    hypothesis is than the best one in the final beam that decided this gap
    differently (:data:`UNCONTESTED` log10 units when none did).

    ``opener``: for a restored closing mark, the gap its quotation opens at.
    A rival that opens there too closes the same quotation elsewhere (at the
    first of two sentence ends of a quoted speech): it doubts where the
    quotation closes, not whether, and the best place is taken."""
    rival = None
    for alt, decided in zip(alternatives, alt_maps):
        if decided.get(gap_index, insert) != insert:
            if opener is not None and opener not in decided:
                continue
            rival = alt.score if rival is None else max(rival, alt.score)
    margin = UNCONTESTED if rival is None else best.score - rival
    return margin_confidence(margin)


def explain(text: str, role: str = "body", ctx: DocContext | None = None) -> list[dict]:
    """Every decision the decoder weighs in one paragraph, with scores.

    For each gap that holds whitespace or gets an edit: what OCR left there,
    what the decoder chose, and each distinct alternative with the log10
    score of the best decoding that makes it (relative to the best overall,
    so the chosen one scores 0). Used by ``python -m ocrfix.decode`` and
    docs/how-it-works.md.
    """
    from .lm import load_model

    ctx = ctx or DocContext.for_texts([text], load_model())
    atoms = _atoms(text)
    gaps = _gaps(text, atoms, role, ctx)
    proposals = _proposals(atoms, ctx)
    width = _paragraph_width(text, ctx) if ctx.break_spaces and role not in ONE_LINE_ROLES else None
    compiled = _compile(gaps, atoms, ctx.channel.boundary_speech)
    best, _ = _search(atoms, gaps, ctx, proposals, width, compiled=compiled)
    chosen = _options_on(best.path)
    rows = []
    for i, gap in enumerate(gaps):
        pick = chosen.get(i)
        if not gap.ws and (pick is None or not pick.marks):
            continue
        alternatives = {}
        for opt in compiled[i]:
            if opt.insert in alternatives and alternatives[opt.insert] is not None:
                continue
            forced = list(compiled)
            forced[i] = tuple(o for o in compiled[i] if o.insert == opt.insert)
            rival, _ = _search(atoms, gaps, ctx, proposals, width, compiled=forced)
            if rival is None:
                continue
            score = round(rival.score - best.score, 2)
            if score > -30:
                alternatives[opt.insert] = max(score, alternatives.get(opt.insert) or -99.0)
        rows.append({
            "gap": i,
            "left": text[max(0, gap.start - 4) : gap.start],
            "right": text[gap.end : gap.end + 4],
            "ocr": gap.ws,
            "chosen": pick.insert if pick else gap.ws,
            "alternatives": dict(sorted(alternatives.items(), key=lambda kv: -kv[1])),
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    """``python -m ocrfix.decode TEXT [ROLE] [--page FILE]``: print the
    decoder's choices for one paragraph, with the page context of FILE."""
    import argparse

    from .page import Page
    from .widen import widen_text

    ap = argparse.ArgumentParser(prog="python -m ocrfix.decode", description=main.__doc__)
    ap.add_argument("text", nargs="?")
    ap.add_argument("role", nargs="?", default="body")
    ap.add_argument("--page", help="the OCR page the paragraph comes from (page-level evidence)")
    ap.add_argument("--estimate-channel", action="store_true", help="count the channel's rates on simulated train pages")
    args = ap.parse_args(argv)
    if args.estimate_channel:
        for style, rates in CHANNEL_RATES.items():
            print(style, {k: round(v, 3) for k, v in estimate_channel(style).items()}, "used:", rates)
        return 0
    if not args.text:
        ap.error("TEXT is required")
    text = widen_text(args.text)
    context = [text]
    if args.page:
        with open(args.page, encoding="utf-8") as f:
            context = [widen_text(b.text) for b in Page.parse(f.read()).blocks]
    ctx = DocContext.for_texts(context, _default_model())
    for row in explain(text, args.role, ctx):
        alts = "  ".join(f"{ins!r} {score:+.2f}" for ins, score in list(row["alternatives"].items())[:6])
        print(f"{row['left']}|{row['right']}  ocr={row['ocr']!r} -> {row['chosen']!r}   {alts}")
    print(decode_text(text, args.role, ctx))
    return 0


def _default_model() -> CharModel:
    from .lm import load_model

    return load_model()



def estimate_channel(style: str, split: str = "train", n_pages: int = 24, seed: int = 0) -> dict[str, float]:
    """The channel's mark-loss rates counted on simulated pages of ``split``
    (``ocrfix.synth``): how often a dropped quotation mark left a space, how
    often a comma went with it, how often a comma was lost on its own (and
    how often that left a space: :data:`CHANNEL_RATES` reads that one).
    ``python -m ocrfix.decode --estimate-channel`` prints them for both
    styles next to the rates :func:`channel_for` uses."""
    import random

    from . import corpus, synth

    articles = synth.articles_from_lines(corpus.load_split(split))
    rng = random.Random(seed)
    counts = {"quote_space": 0, "quote_nothing": 0, "quote_comma": 0, "comma_lost": 0, "comma_space": 0, "commas": 0}
    for _ in range(n_pages):
        page = synth.make_page(rng.sample(articles, min(3, len(articles))), style, rng)
        for record in page.damage:
            if record.kind in ("quote_drop", "quote_comma_drop"):
                quotes = sum(c in QUOTES for c in record.gold)
                key = "quote_space" if record.ocr.strip() == "" and record.ocr else "quote_nothing"
                counts[key] += quotes
                counts["quote_comma"] += record.kind == "quote_comma_drop"
            elif record.kind == "comma_drop":
                counts["comma_lost"] += 1
                counts["comma_space"] += record.ocr == " "
        counts["commas"] += page.gold.count("，")
    quotes = counts["quote_space"] + counts["quote_nothing"]
    return {
        "quote marks dropped": quotes,
        "P(space | quote dropped)": counts["quote_space"] / max(1, quotes),
        "P(comma lost with a quote)": counts["quote_comma"] / max(1, quotes),
        "P(comma dropped alone)": counts["comma_lost"] / max(1, counts["commas"]),
        "P(comma dropped alone, leaving a space)": counts["comma_space"] / max(1, counts["commas"]),
    }


if __name__ == "__main__":
    # Run the package's own module, not this copy of it (``python -m``
    # loads the file a second time as ``__main__``, with state of its own).
    from ocrfix.decode import main as _main

    raise SystemExit(_main())
