"""Page layout: block roles, column joins, reading order, Latin hyphenation.

OCR of a multi-column page gives blocks in the wrong order and paragraphs in
pieces. :func:`plan` turns a :class:`~ocrfix.page.Page` into paragraphs in
reading order, each a :class:`~ocrfix.edits.Trace` over the page source:

1. **Roles** (:mod:`ocrfix.roles`), refined here by context.
2. **Joins**: every block that ends mid-sentence may be continued by another
   block. Candidates are scored by the character model at the junction (the
   end of one block followed by the start of the other, against each ending
   and starting on its own), plus cues: a continuation that starts with a
   mark, a last printed line as wide as the column, the distance in reading
   order. Continuations are chosen together, as an assignment problem
   (:func:`assign`), and only where a join beats leaving it alone by a margin.
   A junction becomes exactly one ``"\\n"`` in the paragraph; the decoder
   decides what a line break was.
3. **Reading order**: articles are assembled (headline, subheadlines, byline,
   body). A head group read after its body goes back before it; furniture
   (ads, weather, teasers) leaves the article and follows it, keeping its
   own order. Moving is just emitting paragraphs in another order:
   :meth:`Trace.edits` turns that into ``move`` edits.
4. **Hyphenation**: ``Zhe-`` at a line end followed by ``jiang`` joins
   (repair ``hyphen``); ``CN33-`` + ``0014`` and ``self-`` + ``made`` keep it.

>>> from ocrfix.config import Config
>>> from ocrfix.page import Page
>>> page = Page.parse("全市推进改造\\n\\n本报讯 今年全市将完成两百个示范\\n\\n小区的改造任务。\\n")
>>> [(p.role, p.trace.text) for p in plan(page, None, Config())]
[('headline', '全市推进改造'), ('body', '本报讯 今年全市将完成两百个示范\\n小区的改造任务。')]
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import regex

from .chardata import ANY_SENTENCE_END_RE, HAN_CLASS, HAN_RE, SENTENCE_END, content_chars, is_han, print_cells
from .config import Config
from .lexicon import word_starts
from .edits import Trace
from .page import Block, Page
from .roles import FINAL_MARKS, FURNITURE_ROLES, HEAD_ROLES, block_role, classify, is_bare_name
from .lm import log10_odds_probability

if TYPE_CHECKING:  # pragma: no cover
    from .lm import CharModel

#: A join must beat leaving the blocks apart by this much (log10 units).
JOIN_MARGIN = 0.5
#: A join's confidence is ``1 / (1 + 10 ** -(JOIN_CONF_SLOPE * margin +
#: JOIN_CONF_BIAS))``, its margin being how much the best assignment of
#: continuations loses without it (:func:`join_margins`; log10, after
#: ``JOIN_MARGIN``). Fitted (logistic regression) on the joins of the 192
#: tuning pages restored with the fit model (``bench/layout_confidence.py
#: --fit``; docs/benchmarks.md#layout-confidence): of joins at confidence 0.9,
#: about nine in ten are right.
JOIN_CONF_SLOPE = 0.6
JOIN_CONF_BIAS = 0.55
#: The confidence of an article's order out of source order, from its
#: margin as a join's (``_Assembler.articles``), fitted the same way on the
#: tuning pages: of such orders at confidence 0.9, about nine in ten read
#: more of the article's paragraphs in gold order than source order does
#: (of those that read more or fewer).
MOVE_CONF_SLOPE = 0.45
MOVE_CONF_BIAS = -0.35
#: Confidence of removing a Latin word's line-end hyphen: a rule of the
#: word's shape (:func:`keeps_hyphen`), which no model scores.
HYPHEN_CONFIDENCE = 0.9
#: A headline-like block joins body text only with this much model evidence (log10 PMI).
HEAD_BODY_PMI = 2.0
#: A body line of at most ``INTERTITLE_CHARS`` content characters with a
#: comma inside and no mark at its end, on a page that shows no column
#: width, is an intertitle (a paragraph of its own) where it ends as a
#: phrase does (the model's log10 odds of a paragraph end after it above
#: ``INTERTITLE_ENDS``) and the next block does not read on from it (PMI
#: below ``INTERTITLE_PMI``): ``_Layout._intertitle``.
INTERTITLE_CHARS = 24
INTERTITLE_PMI = 0.3
INTERTITLE_ENDS = -2.75
#: Marks no intertitle ends on (a line ending on one is finished, or a
#: clause that goes on).
_PIECE_END = "。！？!?；;：:，,、”\"』」）)"
#: Two short headline-like blocks that are a whole head group join when
#: reading them as one beats two (log10, :func:`junction_gain`) by this much.
#: 1.6 (0.5 before): two headlines of their own in a row (`春到花灯村` +
#: `武汉团圆年饭上酒楼`) read on at 1.3-1.7; clean tuning pages changed
#: 11 -> 7 of 384 from 1.6 up, tuning joins 1051/41/158 -> 1050/39/159
#: (docs/benchmarks.md#layout-verse-couplets-picture-notes-and-two-headlines-in-a-row).
HEAD_SHORT_GAIN = 1.6
#: A headline-like block whose printed line is full (a column's width, where
#: line breaks left spaces) reads on into the next block when the junction
#: gains this much (log10, :func:`junction_gain`), whatever its PMI alone:
#: a paragraph's first line cut off by a column break has no mark to show
#: it is prose. Tuning pages: joins 835/39/140 -> 841/39/134 at 0 to 2.5
#: alike (3.5: 840); clean pages unchanged (docs/benchmarks.md).
HEAD_FULL_GAIN = 1.5
#: Cost of reading a block that is one short note in brackets
#: (`（附图片1张）`) as the continuation of a block that stops on a word:
#: in the train corpus 22 such notes follow a paragraph that ends on a word,
#: while a column cut would have to leave exactly a paragraph's bracketed
#: close on a block of its own.
BRACKET_NOTE_COST = 1.5
_BRACKET_ALONE_RE = regex.compile(r"^[（(][^（）()]{1,20}[）)]$")
#: A block that ends on a picture note (`…等出席（附图片2张）`, `…大棚（图片）`)
#: is a title or a caption's head, whole: it reads on into nothing (the
#: 1998 paper sets the note after a title, never inside running text).
PICTURE_NOTE_ENDS = True
_PICTURE_NOTE_END_RE = regex.compile(r"[（(]\s*附?\s*图片\s*(?:[0-9０-９一二三四五六七八九十]+\s*张)?\s*[）)]\s*$")
#: Characters of context on each side of a junction for the model.
CONTEXT = 6
#: Article matter that is not read as part of the story's text: a photo
#: caption between two body paragraphs goes to the article's end (a
#: credit alone, `（X摄）`, is printed under a photo inside the text).
BOX_ROLES = frozenset({"caption"})

_LINE_SEP_RE = regex.compile(r"[ \t\u3000]*\r?\n[ \t\u3000]*")
_HYPHEN_LEFT_RE = regex.compile(r"([A-Za-z][A-Za-z]*)-$")
_HYPHEN_RIGHT_RE = regex.compile(r"^([a-z]+)")
_LATIN_TAIL_RE = regex.compile(r"[A-Za-z0-9]*$")
_LATIN_HEAD_RE = regex.compile(r"[A-Za-z0-9]*")
_SPACE_RE = regex.compile(r"\s")
#: First parts of English compounds that keep their hyphen at a line end.
_COMPOUND_PREFIXES = frozenset(
    "self well non co ex anti pre post multi cross high low long short full part all half semi one two three".split()
)
#: Closing corner quotes (the 1998 corpus prints 『』 as well as “”).
_CORNER_CLOSE = "』」"
_OPEN_QUOTES = "“‘「『"
_CONTINUATION_START = "，。、；：！？）》〉】”’…,.;:!?)"
#: The start of a numbered item: 第一，/ 一、/ 一是 / 其一，/ 首先，/ 1. / （1）
_ENUMERATOR_RE = regex.compile(r"^(?:[一二三四五六七八九十]是|其[一二三四五六七八九十][，,、：:]|首先[，,]|第[一二三四五六七八九十]{1,3}[，,、：:]|[一二三四五六七八九十]{1,3}[、．.]|[0-9０-９]{1,2}[、．.]|[（(][一二三四五六七八九十0-9０-９]{1,2}[)）])")
# a table row: a short line that starts with a digit (its rank) and ends
# with a number (`3水仙电器9．82`)
#: A kicker line (引题, no clause inside) ends on the verb that introduces
#: the main title under it (`X在会议上强调` over `坚持…`).
_KICKER_END_RE = regex.compile(r"(?:强调|指出|表示|要求|提出|希望|号召|呼吁)$")
#: ... and the main title is a line of its own, at least this long.
KICKER_TITLE_CHARS = 8
_TABLE_ROW_RE = regex.compile(r"^[0-9０-９][^。！？]{1,20}[0-9０-９]$")
_DECIMAL_TAIL_RE = regex.compile(r"^[．.][0-9０-９]+$")
# a row of a price or score table: rank, name, a number with decimals (`3海信电器24．05`)
_DECIMAL_ROW_RE = regex.compile(r"^[0-9０-９]{1,2}[\p{Han}A-Za-z][^。！？、，,]{0,16}[0-9０-９][．.][0-9０-９]+$")
_OPENERS_RE = regex.compile(r"^(?:本报讯|本报[\p{Han}0-9]{0,10}[电讯]|新华社[\p{Han}0-9]{0,12}电|据新华社)")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the restored page, in reading order."""

    trace: Trace  # its text as a Trace over the page source; junctions are "\n"
    role: str  # one of ocrfix.roles.ROLES
    article: int  # article index in reading order, -1 for page furniture
    blocks: tuple[int, ...]  # source block indices it was built from, in order
    #: confidence of each junction between two of its blocks (block ``n`` to ``n + 1``)
    joins: tuple[float, ...] = ()
    #: confidence of the order of its article, when that article is read out of source order
    moved: float | None = None

    def to_dict(self) -> dict:
        return {"role": self.role, "article": self.article, "blocks": list(self.blocks), "joins": list(self.joins),
                "moved": self.moved, "text": self.trace.text}


# --------------------------------------------------------------- hyphenation


def keeps_hyphen(left: str, right: str) -> bool:
    """Whether ``left-`` at a line end followed by ``right`` keeps its hyphen.

    A character model cannot judge Latin words (they are one ``<lat>``
    token), so this is by shape: codes and numbers keep it (``CN33-0014``),
    as do capitalised right parts and common compound heads (``self-made``);
    a lower-case continuation of a word joins (``Zhe-jiang``).

    >>> keeps_hyphen("Zhe", "jiang"), keeps_hyphen("CN33", "0014"), keeps_hyphen("self", "made"), keeps_hyphen("G20", "related")
    (False, True, True, True)
    """
    m = _HYPHEN_LEFT_RE.search(left + "-")
    r = _HYPHEN_RIGHT_RE.match(right)
    if not m or not r or m.end(1) != len(left):
        return True
    word = m.group(1)
    if word.isupper() and len(word) > 1:
        return True
    return word.lower() in _COMPOUND_PREFIXES


def _hyphen_at(left_text: str, right_text: str) -> bool:
    """True when ``left_text`` ends in a hyphenated Latin word that ``right_text`` completes."""
    if not left_text.endswith("-") or len(left_text) < 2 or not left_text[-2].isascii() or not left_text[-2].isalpha():
        return False
    word = _LATIN_TAIL_RE.search(left_text[:-1]).group()
    nxt = _LATIN_HEAD_RE.match(right_text).group()
    return bool(word) and bool(nxt) and not keeps_hyphen(word, nxt)


# ------------------------------------------------------------- block traces


def is_chinese(text: str) -> bool:
    """Whether ``text`` is Chinese prose that layout may rework: at least a
    third of its letters and digits are Han. Source code, English or tables
    of numbers are left exactly as they are.

    >>> is_chinese("本报讯 今年全市完成 200 个小区"), is_chinese("def f(x):\\n    return x")
    (True, False)
    """
    content = content_chars(text)
    han = len(HAN_RE.findall(content))  # is_han's class
    return han >= 1 and 3 * han >= len(content)


def _block_trace(page: Page, block: Block, config: Config) -> Trace:
    """One block as a trace; with joins on, each line break inside a Chinese
    block becomes exactly one ``"\\n"`` (a hyphenated Latin word joins);
    other blocks keep their lines and indentation."""
    trace = Trace.of(page.source, block.start, block.end)
    if not config.join or len(block.lines) < 2 or not is_chinese(block.text):
        return trace
    local = []
    text = block.text
    for m in _LINE_SEP_RE.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        if config.hyphen and _hyphen_at(left, right):
            local.append((m.start() - 1, m.end(), "", "hyphen", HYPHEN_CONFIDENCE))
        elif m.group() != "\n":
            # the spaces (or a carriage return) around a line break inside one
            # block go; the break itself stays the page's own, for the decoder
            # to keep or join as any other (a box's lines stay apart): the
            # block is one paragraph by the page's own layout, so this is no guess
            nl = m.start() + m.group().index("\n")
            if nl > m.start():
                local.append((m.start(), nl, "", "join", 1.0))
            if m.end() > nl + 1:
                local.append((nl + 1, m.end(), "", "join", 1.0))
    return trace.apply_local(local)


# ------------------------------------------------------------------ widths


def column_width(texts: Sequence[str]) -> float | None:
    """The page's column width in print cells, where line breaks left spaces.

    In that style the stretches between spaces of body text mostly measure
    one printed line; the most common stretch (12 to 30 cells) is the width.
    None when the page shows no such grid.
    """
    counts: Counter = Counter()
    for text in texts:
        parts = text.split()
        for part in parts[1:-1]:
            cells = round(print_cells(part))
            if 10 <= cells <= 30:
                counts[cells] += 1
    if not counts:
        return None
    width, n = counts.most_common(1)[0]
    support = n + counts[width - 1] + counts[width + 1]
    return float(width) if support >= 3 else None


#: A line of a run of one-line blocks is full when it is at most this many
#: print cells narrower than the wider of its neighbours.
RUN_LINE_SLACK = 1.0


def _width_cue(block: Block, width: float | None) -> float:
    """+1 when the block's last printed line is full (the paragraph goes on),
    -1 when it is clearly short (the paragraph probably ended), else 0.

    With newline-separated lines the block's own widest line is the width.
    With line-break spaces the last line is a suffix of space-separated
    stretches (a dropped mark's space may cut it, and still took a cell).
    """
    if len(block.lines) > 1:
        widths = [print_cells(line.text.strip()) for line in block.lines]
        ref, last = max(widths[:-1]), widths[-1]
        if ref < 8:
            return 0.0
        return 1.0 if last >= ref - 1.0 else -1.0 if last <= ref - 3.0 else 0.0
    if width is None:
        return 0.0
    parts = block.text.split()
    cells = 0.0
    for n, part in enumerate(reversed(parts[-3:])):
        cells += print_cells(part)
        if cells - 1.0 <= width <= cells + n + 1.0:
            return 1.0
        if n == 0 and cells <= width - 3.0 and len(parts) > 1 and cells + print_cells(parts[-2]) > width + 1.0:
            return -1.0
    return 0.0


def _first_line_cue(block: Block) -> float:
    """+1 when the block's first printed line is as wide as its others (no
    indent: the block goes on from a paragraph above), -1 when it is
    indented by about two cells (a paragraph starts), else 0. Read off the
    block's own lines: its newline-separated lines, or the stretches
    between its line-break spaces (the commonest inner stretch is its width)."""
    if len(block.lines) > 2:
        widths = [print_cells(line.text.strip()) for line in block.lines]
        ref = max(widths[1:-1])
        first = widths[0]
    else:
        parts = block.text.split()
        inner = [round(print_cells(p)) for p in parts[1:-1]]
        if len(inner) < 2:
            return 0.0
        ref, n = Counter(inner).most_common(1)[0]
        if n < 2 or ref < 8:
            return 0.0
        first = print_cells(parts[0])
    if abs(ref - first) <= 0.5:
        return 1.0
    if 1.5 <= ref - first <= 2.5:
        return -1.0
    return 0.0


#: A paragraph's first line is indented; a block whose first line is full goes
#: on from a block above. Score added to a join into a body block per unit of
#: :func:`_first_line_cue`. On the tuning pages' body blocks (spaces style),
#: an indented first line starts a paragraph 341 times in 345, a full one
#: goes on from a block above 55 times in 88. Joins 844/39/131 ->
#: 847/37/128 at 1.0 (1.5 alike; 0.5: 845/38/130; 2.0: 846/37/129).
START_CUE_GAIN = 1.0


# ----------------------------------------------------------------- scoring


#: ASCII clause marks as the model knows them (the corpus prints full-width
#: marks; an ASCII comma is an unknown token that cuts the model's context,
#: so every junction after `…情况,` read as no evidence at all)
_MODEL_MARKS = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})


def _tokens_text(text: str, head: bool, marks: bool = True) -> str:
    """The first (``head``) or last ``CONTEXT`` characters of ``text`` that
    are not whitespace, ASCII clause marks read as full-width ones."""
    # Read from an end of the text wide enough to hold them (a long block's
    # whole text is not needed); the whole text where the end is too spaced.
    end = text[: 4 * CONTEXT + 16] if head else text[-(4 * CONTEXT + 16) :]
    flat = "".join(end.split())
    if len(flat) < CONTEXT and len(end) < len(text):
        flat = "".join(text.split())
    if marks:
        flat = flat.translate(_MODEL_MARKS)
    return flat[:CONTEXT] if head else flat[-CONTEXT:]


def junction_scores(model: "CharModel | None", left: str, right: str, marks: bool = True) -> tuple[float, float, float]:
    """Model evidence at a junction (log10): how much better ``right`` reads
    straight after ``left`` than on its own (the pointwise mutual
    information of the two sides), how likely ``left`` ends a paragraph, and
    how much more likely ``right`` is as a paragraph start than mid-text.
    Zeros without a model. ASCII clause marks are read as the full-width
    marks the model knows (``marks=False``: as printed)."""
    if model is None:
        return 0.0, 0.0, 0.0
    tail, head = _tokens_text(left, False, marks), _tokens_text(right, True, marks)
    if not tail or not head:
        return 0.0, 0.0, 0.0
    tail_mid = _side_score(model, tail, False, False)
    head_mid = _side_score(model, head, False, False)
    pmi = model.score(tail + head, bos=False, eos=False) - tail_mid - head_mid
    ends = _side_score(model, tail, False, True) - tail_mid
    starts = _side_score(model, head, True, False) - head_mid
    return pmi, ends, starts


@lru_cache(maxsize=8192)
def _side_score(model: "CharModel", text: str, bos: bool, eos: bool) -> float:
    """``model.score(text, bos=bos, eos=eos)``, once for each side of a
    junction (a block is weighed against many others)."""
    return model.score(text, bos=bos, eos=eos)


def junction_gain(model: "CharModel | None", left: str, right: str) -> float:
    """log10 gain of reading ``right`` straight after ``left`` over ``left``
    ending a paragraph and ``right`` starting one. 0 without a model.

    Between words of a mid-sentence cut this is positive for almost any
    ``right`` (a cut sentence rarely ends), so :func:`junction_scores`
    separates its parts for ranking candidates."""
    pmi, ends, starts = junction_scores(model, left, right)
    return pmi - ends - starts


#: Fewest content characters of a body block with no punctuation mark at all
#: that is read as a whole paragraph (a deck, a run of names), not a piece
#: of prose cut at a column's end.
UNMARKED_CHARS = 30
#: ... and most: a longer run with no mark is a list (names and their
#: posts) printed over several blocks, cut anywhere.
UNMARKED_MAX = 60
_ANY_MARK_RE = regex.compile(r"[\p{P}]")


def _unmarked_line(text: str) -> bool:
    """One printed line (no break or space inside) of ``UNMARKED_CHARS`` or
    more with no mark at all, not a story's opening (``据新华社…电…``: the
    dateline runs on into the first clause)."""
    flat = text.strip()
    if not UNMARKED_CHARS <= len(content_chars(flat)) <= UNMARKED_MAX or _SPACE_RE.search(flat) or _ANY_MARK_RE.search(flat):
        return False
    return not _OPENERS_RE.match(flat)


def short_comma_line(text: str) -> bool:
    """A line that may be an intertitle or a paragraph's first printed line
    cut by a column break: at most :data:`INTERTITLE_CHARS` content
    characters, a comma inside, no mark at its end (``_Layout._intertitle``
    tells them apart; ``bench/comma_pieces.py`` lists their joins)."""
    text = text.strip()
    comma = "，" in text or "," in text
    return comma and len(content_chars(text)) <= INTERTITLE_CHARS and text[-1:] not in _PIECE_END


def _content_len(text: str) -> int:
    return len(content_chars(text))


def _stripped_cells(text: str) -> float:
    return print_cells(text.strip())


def _ends_open(text: str) -> bool:
    """True when a block's text stops mid-sentence: not on a final mark, nor
    on a corner quote closed after one (``…好吃吗？』``)."""
    tail = "".join(text[-8:].split())[-2:]  # (OCR's space before a closing mark: `运动。 』`)
    if tail[-1:] in _CORNER_CLOSE and tail[:1] in SENTENCE_END + "!?":
        return False
    return bool(tail) and tail[-1] not in FINAL_MARKS


#: A head line cut inside a word (:func:`_cut_inside_word`) reads on only
#: where the model, too, finds the two pieces better read as one
#: (:func:`junction_gain`, log10): a verse line's last character and the
#: next title's first can spell a word by chance (`不绝` + `美总统…`).
WORD_CUT_GAIN = 1.0
#: Characters each side of a junction that :func:`_cut_inside_word` reads.
WORD_CONTEXT = 6
#: A structural particle binds to what it follows: no printed line of a
#: headline starts with it (a line may end with one: `…都是绿的`).
_BOUND = "的"
#: Prepositions and conjunctions no line ends with: the word after them is
#: their object (`和`, `与`, `及`, `跟`: and; `被`, `把`, `向`, `从`).
_WAITING = frozenset("和与及跟被把向从")


def _cut_inside_word(left: str, right: str) -> bool:
    """Whether the cut between two pieces of text falls inside a word: a
    dictionary word (jieba, no guessing) spans it (`启动世` + `贸敦促`), or
    the right piece starts with a structural particle (`儿童村` + `的春天`). A typesetter
    breaks a headline between words; a line break inside one is a piece of
    a longer line."""
    tail, head = "".join(left.split())[-WORD_CONTEXT:], "".join(right.split())[:WORD_CONTEXT]
    if not tail or not head or not (is_han(tail[-1]) and is_han(head[0])):
        return False
    if head[0] in _BOUND:
        return True
    return _word_spans(tail + head, len(tail))


def _word_spans(text: str, cut: int) -> bool:
    """Whether a jieba word of ``text`` spans position ``cut``, or the word
    ending there is a preposition or conjunction waiting for what follows
    (`中国和` + `中非…`, `一颗被` + `抚慰…`)."""
    starts = word_starts(text)
    if cut not in starts:
        return True
    return text[max((k for k in starts if k < cut), default=0) : cut] in _WAITING


#: A block of prose this long (content characters), with a clause or
#: sentence mark inside, that stops on a Han character: the train split's
#: paragraphs of 30 or more such characters end on one 53 times in 10,934,
#: most of them lists of names (`…、梁秀珍（女）、廖泽云`) and editors'
#: notes (`…———编者`); a column break stops one mid-clause far more often.
CUT_PROSE_CHARS = 30
#: Added to such a block's joins into a block of prose (one with a clause
#: or sentence mark), as a comma at its end earns 1.5: joined into any
#: block, it read on into title lines on clean train pages.
CUT_PROSE_GAIN = 1.5
_PROSE_MARK_RE = regex.compile(r"[，。；：！？,;:!?]")
_SIGNED_END_RE = regex.compile(r"[—-]{2,}\s*\p{Han}{1,4}$")


def _stops_mid_prose(text: str) -> bool:
    """Whether a block is prose (``CUT_PROSE_CHARS`` or more content
    characters, a clause mark inside) that stops on a Han character, not at
    the end of a list of names (a `、` among its last characters) or of a
    signed note (`———编者`)."""
    flat = "".join(text.split())
    if not flat or not is_han(flat[-1]) or len(content_chars(flat)) < CUT_PROSE_CHARS:
        return False
    if "、" in flat[-12:] or _SIGNED_END_RE.search(flat):
        return False
    return bool(_PROSE_MARK_RE.search(flat[:-1]))


def _starts_continuation(text: str) -> bool:
    first = text.lstrip()[:1]
    return bool(first) and (first in _CONTINUATION_START or first.islower())


# --------------------------------------------------------------- assignment


def assign(score: list[list[float]]) -> list[int]:
    """Maximum-weight assignment of rows to distinct columns (rows <= columns):
    the column of each row. A clean O(n^2 m) Hungarian method with
    potentials (shortest augmenting paths).

    >>> assign([[1, 5, 0], [4, 6, 0]])
    [1, 0]
    """
    n = len(score)
    if n == 0:
        return []
    m = len(score[0])
    if m < n:
        raise ValueError(f"assign() needs at least as many columns as rows, got {n} rows and {m} columns")
    inf = math.inf
    # minimise cost = -score; 1-based arrays as in the textbook method
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta, j1 = inf, 0
            row = score[i0 - 1]
            ui0 = u[i0]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    out = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            out[p[j] - 1] = j - 1
    return out


# ------------------------------------------------------------------ joins

_FORBIDDEN = -1e9


@dataclass
class _Layout:
    page: Page
    model: "CharModel | None"
    config: Config
    roles: list[str]
    width: float | None
    texts: list[str] = field(default_factory=list)
    firm_heads: set[int] = field(default_factory=set)
    head_run: dict[int, int] = field(default_factory=dict)  # headline-like block -> length of its run
    #: block -> margin (log10) of its chosen continuation over the best reading without it
    margins: dict[int, float] = field(default_factory=dict)
    #: block -> first block of its run of lines (a paragraph printed a line a block)
    line_run: dict[int, int] = field(default_factory=dict)
    #: block -> :func:`_first_line_cue` (read once: every row weighs it)
    first_line: dict[int, float] = field(default_factory=dict)
    #: ``(function, block)`` -> what a function of the block's text alone
    #: gives (:meth:`_of`): every pair a block is in reads it again
    _text_memo: dict = field(default_factory=dict, repr=False)

    def _of(self, fn, k: int):
        """``fn(self.texts[k])``, read once per layout (the texts do not
        change while the layout weighs them; the roles do, so nothing that
        reads a role is kept here)."""
        key = (fn, k)
        try:
            return self._text_memo[key]
        except KeyError:
            value = self._text_memo[key] = fn(self.texts[k])
            return value

    def _width(self, k: int) -> float:
        """:func:`_width_cue` of block ``k`` at the page's width (read once)."""
        key = (_width_cue, k)
        try:
            return self._text_memo[key]
        except KeyError:
            value = self._text_memo[key] = _width_cue(self.page.blocks[k], self.width)
            return value

    def article_capable(self, k: int) -> bool:
        return self.roles[k] not in FURNITURE_ROLES and self.roles[k] != "unknown"

    def join_score(self, i: int, j: int, rank: int) -> float:
        """How much better reading block ``j`` as the continuation of block
        ``i``'s paragraph is than leaving ``i`` ended; ``rank`` counts the
        article blocks between them in source order (0: the next one)."""
        ri, rj = self.roles[i], self.roles[j]
        left, right = self.texts[i], self.texts[j]
        if ri in ("byline", "credit") or rj in ("byline", "credit", "caption"):
            return _FORBIDDEN
        if _OPENERS_RE.match(right.lstrip()):
            return _FORBIDDEN
        if PICTURE_NOTE_ENDS and _PICTURE_NOTE_END_RE.search(left):
            return _FORBIDDEN  # a title or caption closed by its picture note
        if j == i + 1 and self._runs_on(i) and self.line_run[i] != i and self._runs_on(j):
            # a full line of a paragraph printed a line a block, after its
            # first line and before its last: the next line (where the run
            # starts and ends, the model and the cues below decide)
            return LINE_RUN_SCORE + (1.0 if rank == 0 else 0.0)
        head_i, head_j = ri in ("headline", "subheadline"), rj in ("headline", "subheadline")
        if head_i and not head_j and i in self.firm_heads:
            return _FORBIDDEN  # a headline never runs on into the body
        if head_i and head_j and rank != 0:
            return _FORBIDDEN  # a headline's two lines are read one after the other (a box may sit between)
        if _TABLE_ROW_RE.match(left.strip()) and _TABLE_ROW_RE.match(right.strip()):
            return _FORBIDDEN  # two rows of a table
        if j in self.firm_heads and not head_i:
            return _FORBIDDEN  # a head group (it ends in a byline or opens a story)
        if not self._of(_ends_open, i) and (rank != 0 or j != i + 1 or not self._full_run_line(j, True)):
            return _FORBIDDEN  # a full line ending a sentence goes on only into the next line of its run
        if not head_i and self._of(_unmarked_line, i):
            return _FORBIDDEN  # a long line with no mark at all is a deck or a list, not prose cut by a column
        if MARKED_VERSE and self._short_line(i) and self._short_line(j) and self._marked_verse(i, j):
            return _FORBIDDEN  # lines of a poem, each ending on a mark
        pmi, ends, starts = junction_scores(self.model, left, right)
        if self.width is None and ri == "body" and i not in self.line_run and self._intertitle(left, pmi, ends):
            return _FORBIDDEN
        if head_i and not head_j and rank != 0 and starts > 0.0 and not self._open_before(i) and self._width(i) <= 0.0:
            # a headline after a finished paragraph (or at the page's top)
            # does not run on into a later paragraph that reads as its own
            # start, unless its line is full (a paragraph cut by a column break)
            return _FORBIDDEN
        if head_i and head_j:
            # a headline printed over two lines: the cut is inside a word, or
            # the two short parts are the whole head group and the first does
            # not end a phrase (a headline over a name, two verse lines do)
            a, b = self._of(_content_len, i), self._of(_content_len, j)
            short = max(a, b) <= 10 and a + b <= 16 and self.head_run.get(i) == 2
            short = short and pmi - ends - starts >= HEAD_SHORT_GAIN
            cut_word = _cut_inside_word(left, right) and pmi - ends - starts >= WORD_CUT_GAIN
            if not (short or pmi >= 1.5 or cut_word):
                return _FORBIDDEN
            if _KICKER_END_RE.search(left.rstrip()) and b >= KICKER_TITLE_CHARS and not _CLAUSE_INSIDE_RE.search(left):
                return _FORBIDDEN  # a kicker (`…会议上强调`) over its main title: two head lines
        elif head_i:
            # a headline-like piece that reads on into body text is a body
            # piece: the model says so, the cut falls inside a word, or its
            # printed line is a full column's width and reading on gains
            if pmi < HEAD_BODY_PMI and not (_cut_inside_word(left, right) and pmi - ends - starts >= WORD_CUT_GAIN):
                full = rank == 0 and self._width(i) > 0.0
                if not (full and pmi - ends - starts >= HEAD_FULL_GAIN):
                    return _FORBIDDEN
        score = 3.0 if _hyphen_at(left.rstrip(), right.lstrip()) else 0.0
        if head_i and head_j:
            score += 1.0
        score += pmi - 0.5 * starts
        last = left.rstrip()[-1:]
        if last in "，、,":
            score += 1.5  # a comma never ends a paragraph
        elif not head_i and self._of(_stops_mid_prose, i) and _PROSE_MARK_RE.search(right):
            score += CUT_PROSE_GAIN  # nor does prose stop mid-clause (read on into more prose)
        elif last in "；：:;":
            if _ENUMERATOR_RE.match(right.lstrip()):
                return _FORBIDDEN  # a list's introduction, then its first item (第一，…)
            if last in "：:" and right.lstrip()[:1] in _OPEN_QUOTES and not head_i and self._width(i) <= 0.0:
                return _FORBIDDEN  # `…一段对话：` + `“你好，…”`: the quoted words are their own paragraph
            score -= 1.5  # a list item or a list's introduction often ends one
        if _starts_continuation(right):
            score += 1.5
        elif _BRACKET_ALONE_RE.match(right.strip()) and content_chars(left.rstrip()[-1:]):
            # `…发表一百五十周年` + `（附图片1张）`: a note in brackets on a
            # block of its own under a line that stops on a word is its own paragraph
            score -= BRACKET_NOTE_COST
        if rank != 0 and not head_i and self._of(_content_len, i) <= VERSE_CHARS and self._verse_next(i):
            return _FORBIDDEN  # a line of verse goes on into the next line or nowhere
        if not head_i and max(self._of(_content_len, i), self._of(_content_len, j)) <= VERSE_CHARS:
            if COUPLET and self._couplet(i, j) and not self._runs_on(i):
                return _FORBIDDEN  # a couplet: two short lines, each ending on a mark
            # two short lines: verse or a list, not a paragraph cut by a column
            # break; inside a run of short lines (a poem) whatever the model says
            if (pmi < VERSE_PMI or self._short_run(i, j)) and not (j == i + 1 and self._runs_on(i)):
                score -= VERSE_COST
        if not head_i:
            score += 0.75 * self._width(i)
        if rj == "body" and START_CUE_GAIN:
            cue = self.first_line.get(j)
            if cue is None:
                cue = self.first_line[j] = _first_line_cue(self.page.blocks[j])
            score += START_CUE_GAIN * cue
        if head_j != head_i:
            score -= 0.5  # short body pieces look like headlines; make them earn it
        # reading order: the next article block is the usual continuation
        score += 1.0 if rank == 0 else -0.5 * rank
        if self.model is None:
            score += 0.5  # cues only: a mid-sentence end next to its continuation
        return score

    @staticmethod
    def _intertitle(left: str, pmi: float, ends: float) -> bool:
        """Whether a short body line with a comma inside and no mark at its
        end (`依法行事，不仅仅是企业`) is a paragraph of its own, an intertitle,
        not the first printed line of a paragraph a column break cut: it
        ends as a phrase does (``ends``, log10, above :data:`INTERTITLE_ENDS`)
        and the block after it does not read on from it (``pmi`` below
        :data:`INTERTITLE_PMI`). Asked only where the page shows no column
        width (where it does, a full line is the cue) and of a line outside
        a run of lines as wide as each other (a paragraph printed a line a
        block). A cut the model cannot tell from one (`据统计，全市已有八十个小区`
        + `完成了改造，…`) is left apart: no join is the edit left undone
        (docs/benchmarks.md#intertitles-with-a-comma)."""
        return pmi < INTERTITLE_PMI and ends > INTERTITLE_ENDS and short_comma_line(left)

    def _line_cells(self, k: int, roles: tuple[str, ...] = ("body",)) -> float:
        """Print cells of block ``k`` when it is one printed line of text of
        one of ``roles`` (no line break, 10 to 30 cells), else 0."""
        text = self.texts[k].strip()
        if not (0 <= k < len(self.texts)) or self.roles[k] not in roles or "\n" in text:
            return 0.0
        cells = self._of(_stripped_cells, k)
        return cells if 10.0 <= cells <= 30.0 else 0.0

    def _full_run_line(self, k: int, after: bool = False) -> bool:
        """Whether block ``k`` is a full line in a run of one-line blocks (a
        paragraph printed a line a block): the line before it runs on into
        it and it is as wide as its neighbours, so a sentence end at its end
        need not end the paragraph. ``after``: ``k`` is the line after such
        a line (it must be a one-line block too)."""
        lines = ("body", "headline", "subheadline")  # a line of prose may read as a headline on its own
        if after:
            return k - 1 >= 0 and self._line_cells(k, lines) > 0.0 and not _OPENERS_RE.match(self.texts[k].lstrip())
        if k < 1 or k + 1 >= len(self.texts):
            return False
        here, before, nxt = self._line_cells(k), self._line_cells(k - 1, lines), self._line_cells(k + 1, lines)
        if not (here and before and nxt) or not self._of(_ends_open, k - 1):
            return False
        return here >= max(before, nxt) - RUN_LINE_SLACK

    def _runs_on(self, k: int) -> bool:
        """Whether block ``k`` is a line of a run of lines with the run's next line after it."""
        return k in self.line_run and self.line_run.get(k + 1) == self.line_run[k]

    def _open_before(self, i: int, prose: bool = False) -> bool:
        """Whether the article block before ``i`` is text that ends
        mid-sentence (``prose``: and is longer than a line of verse)."""
        k = next((k for k in range(i - 1, -1, -1) if self.article_capable(k) and self.roles[k] not in BOX_ROLES), None)
        if k is None or self.roles[k] not in ("body", "headline", "subheadline") or not self._of(_ends_open, k):
            return False
        return not prose or self._of(_content_len, k) > VERSE_CHARS

    def _verse_next(self, i: int) -> bool:
        """Whether the article block after ``i`` is a short line of text too,
        in a run of short lines (verse) or closing a couplet with it."""
        k = next((k for k in range(i + 1, len(self.texts)) if self.article_capable(k) and self.roles[k] not in BOX_ROLES), None)
        if k is None or not self._short_line(k):
            return False
        return self._short_run(i, k) or (COUPLET and self._couplet(i, k))

    def _short_line(self, k: int) -> bool:
        """Whether block ``k`` is a short line of text (verse, a list item)."""
        return 0 <= k < len(self.texts) and self.roles[k] in ("body", "headline", "subheadline") and 0 < self._of(_content_len, k) <= VERSE_CHARS

    def _marked_verse(self, i: int, j: int) -> bool:
        """Whether the short lines ``i`` and ``j`` sit in a run of at least
        three short lines that each end on a punctuation mark: a poem set a
        line a block. A paragraph printed a line a block is cut where its
        lines are full, seldom at a mark three times running (and its full
        lines are wider than verse's: a narrow box's line is a run of lines
        of one width, which ``_runs_on`` reads first)."""
        if j != i + 1 or self._runs_on(i):
            return False
        run = [k for k in (i - 1, i, j, j + 1) if k in (i, j) or self._short_line(k)]
        return len(run) >= 3 and all(_verse_line(self.texts[k]) for k in run)

    def _couplet(self, i: int, j: int) -> bool:
        """Whether the short lines ``i`` and ``j`` read as a couplet: ``i``
        ends on a clause mark, ``j`` ends its sentence, each is one clause,
        and the text before ``i`` is no prose that ends mid-sentence (a line
        prose runs on into is a line of its paragraph, not verse)."""
        a, b = self.texts[i].rstrip(), self.texts[j].rstrip().rstrip("”’")
        if not (a[-1:] in "，,、；;" and b[-1:] in "。！？!?…" and _verse_line(a) and _verse_line(b)):
            return False
        return not self._open_before(i, prose=True)

    def _short_run(self, i: int, j: int) -> bool:
        """Whether the short blocks ``i`` and ``j`` sit in a run of short
        lines: the block before ``i`` or the one after ``j`` is short too."""
        return any(k not in (i, j) and self._short_line(k) for k in (i - 1, j + 1))

    def joins(self) -> dict[int, tuple[int, float]]:
        """The chosen continuation of each block: ``{i: (j, score)}``."""
        self.margins.clear()
        if not self.config.join:
            return {}
        blocks = self.page.blocks
        # photo captions and credits sit between the pieces of a paragraph
        # without breaking it: they count for no reading distance
        arts = [k for k in range(len(blocks)) if self.article_capable(k) and self.roles[k] not in BOX_ROLES]
        pos = {k: n for n, k in enumerate(arts)}
        out = self._shape_joins()
        for i, (j, _) in out.items():  # joined by shape: the model's own evidence for reading on
            self.margins[i] = max(0.0, junction_gain(self.model, self.texts[i], self.texts[j]))
        cut = set(out) | {j for j, _ in out.values()}
        rows = [k for k in arts if k not in out and self.roles[k] in ("body", "headline", "subheadline") and (self._of(_ends_open, k) or self._full_run_line(k) or self._runs_on(k))]
        cols = [k for k in arts if k not in cut - set(out) and self.roles[k] != "byline"]
        if not rows or not cols:
            return out
        score = []
        for i in rows:
            row = []
            for j in cols:
                rank = pos[j] - pos[i] - 1
                if j == i or rank < 0 or (not self.config.move and j != i + 1):
                    row.append(_FORBIDDEN)
                    continue
                s = self.join_score(i, j, rank)
                row.append(s - JOIN_MARGIN if s > _FORBIDDEN else _FORBIDDEN)
            # the "leave it" column of this row
            row.extend(0.0 if r == len(score) else _FORBIDDEN for r in range(len(rows)))
            score.append(row)
        choice = assign(score)
        chosen = {r: c for r, c in enumerate(choice) if c < len(cols) and score[r][c] > 0.0}
        margins = join_margins([row[: len(cols)] for row in score], chosen)
        for r, c in chosen.items():
            if join_confidence(margins[r]) < self.config.min_confidence:
                continue  # too close to call: left apart, as the decoder drops its unsure edits
            out[rows[r]] = (cols[c], score[r][c] + JOIN_MARGIN)
            self.margins[rows[r]] = margins[r]
        return out

    def _shape_joins(self) -> dict[int, tuple[int, float]]:
        """A table row printed over two adjacent blocks (`3海信` +
        `电器24．05`, `5天津磁卡22` + `．28`) is joined whatever the blocks'
        roles (such pieces are too short or too numeric to read as prose)
        and before the other joins. So is a correspondent's byline printed
        over two lines (`本报驻联合国记者` + `周德武`), which no join into a
        byline would take."""
        out: dict[int, tuple[int, float]] = {}
        for i in range(len(self.texts) - 1):
            if i in out or i - 1 in out or self.roles[i] in FURNITURE_ROLES or self.roles[i + 1] in FURNITURE_ROLES:
                continue
            left, right = self.texts[i].strip(), self.texts[i + 1].strip()
            if _table_row_cut(left, right) or (STATIONED_BYLINES and _stationed_byline(left, right)):
                out[i] = (i + 1, 0.0)
        return out


#: Join the two lines of a correspondent's byline (a paper's or an agency's
#: reporter stationed abroad: `本报驻科特迪瓦` + `记者杨贵兰`).
STATIONED_BYLINES = True
_STATIONED_RE = regex.compile(r"^(?:本报|新华社|人民日报)驻(?:(?!记者)\p{Han}){1,8}(记者)?$")


def _stationed_byline(left: str, right: str) -> bool:
    """Whether ``left`` and ``right`` are one correspondent's byline printed
    over two lines: where the reporter is stationed, then his title and name.

    >>> _stationed_byline("本报驻联合国记者", "周德武"), _stationed_byline("本报驻科特迪瓦", "记者杨贵兰")
    (True, True)
    >>> _stationed_byline("驻村干部", "王明"), _stationed_byline("本报驻京", "办事处")
    (False, False)
    >>> _stationed_byline("本报驻加拿大记者邹德浩", "记者 何峰颖")  # two bylines
    False
    """
    m = _STATIONED_RE.match(left)
    if not m:
        return False
    if m.group(1):
        return is_bare_name(right)
    return right.startswith("记者") and is_bare_name(right[2:].strip())


def _table_row_cut(left: str, right: str) -> bool:
    """Whether ``left`` + ``right`` is one table row cut in two: a number
    cut at its decimal point, or a row's rank and name before the rest of
    the row (the right part starts no row of its own)."""
    if not left or not right or "\n" in left or "\n" in right or not _DECIMAL_ROW_RE.match(left + right):
        return False
    return bool(_DECIMAL_TAIL_RE.match(right)) or (not _TABLE_ROW_RE.match(left) and not right[0].isdigit())


def _assignment_total(score: list[list[float]]) -> float:
    """The value of the best assignment of ``score`` (each row also has a
    "leave it" column of value 0)."""
    n = len(score)
    padded = [row + [0.0 if r == k else _FORBIDDEN for k in range(n)] for r, row in enumerate(score)]
    return sum(padded[r][c] for r, c in enumerate(assign(padded)))


def join_confidence(margin: float) -> float:
    """The confidence of a join with this margin (log10 units).

    >>> round(join_confidence(0.0), 2), round(join_confidence(2.0), 3)
    (0.78, 0.983)
    """
    return _calibrated(margin, JOIN_CONF_SLOPE, JOIN_CONF_BIAS)


def move_confidence(margin: float) -> float:
    """The confidence of reading an article out of source order, from its
    margin (``_Assembler.articles``)."""
    return _calibrated(margin, MOVE_CONF_SLOPE, MOVE_CONF_BIAS)


def _calibrated(margin: float, slope: float, bias: float) -> float:
    """A margin made a probability by a logistic fitted in log10 odds."""
    return log10_odds_probability(slope * margin + bias)


def join_margins(score: list[list[float]], chosen: dict[int, int | None]) -> dict[int, float]:
    """How much worse the best assignment of rows to columns gets when each
    chosen pair ``row -> column`` is forbidden (log10, >= 0): the join's
    margin over the best reading without it, as the decoder's confidences
    are margins over the best hypothesis without an edit.

    ``score`` holds the rows' values of the real columns (a row may also
    stay unassigned at value 0). Only positive entries can be chosen, so
    each connected group of rows and columns linked by positive entries is
    solved on its own.

    >>> join_margins([[2.0, 0.5], [1.0, -1.0]], {0: 0, 1: None})
    {0: 0.5}
    """
    rows_of: dict[int, set[int]] = {}
    for r, row in enumerate(score):
        for c, v in enumerate(row):
            if v > 0.0:
                rows_of.setdefault(c, set()).add(r)
    seen: set[int] = set()
    out: dict[int, float] = {}
    for start in sorted(r for r, c in chosen.items() if c is not None):
        if start in seen:
            continue
        rows, cols, todo = {start}, set(), [start]
        while todo:  # the rows and columns linked to ``start`` by positive entries
            r = todo.pop()
            for c, v in enumerate(score[r]):
                if v > 0.0 and c not in cols:
                    cols.add(c)
                    for r2 in rows_of[c] - rows:
                        rows.add(r2)
                        todo.append(r2)
        seen |= rows
        rs, cs = sorted(rows), sorted(cols)
        sub = [[score[r][c] for c in cs] for r in rs]
        best = _assignment_total(sub)
        for a, r in enumerate(rs):
            c = chosen.get(r)
            if c is None or c not in cols:
                continue
            b = cs.index(c)
            barred = [row[:] for row in sub]
            barred[a][b] = _FORBIDDEN
            out[r] = max(0.0, best - _assignment_total(barred))
    return out


def _chains(n: int, succ: dict[int, tuple[int, float]]) -> list[list[int]]:
    """Blocks grouped into paragraphs by their chosen continuations."""
    has_pred = {j for j, _ in succ.values()}
    chains = []
    for k in range(n):
        if k in has_pred:
            continue
        chain = [k]
        while chain[-1] in succ:
            chain.append(succ[chain[-1]][0])
        chains.append(chain)
    return chains


# ---------------------------------------------------------------- ordering


@dataclass
class _Unit:
    """A paragraph under construction: its blocks and role."""

    blocks: list[int]
    role: str
    article: int = -1
    #: margin of the order of the article it was read in out of source order (None: in order)
    move_margin: float | None = None

    @property
    def first(self) -> int:
        return self.blocks[0]


#: Characters too common to say what a text is about.
_COMMON = frozenset("的了是在和有也就都而及与着或这那一不为上中对我他她们个以将于等年月日")
_DROP_COMMON = {ord(c): None for c in _COMMON}
#: What :func:`ocrfix.chardata.is_han` rejects (its pattern, negated).
_NOT_HAN_RE = re.compile(f"[^{HAN_CLASS}]+")  # [^\p{Han}]+ for the faster standard re (ocrfix.chardata)
#: A head group read after its body costs this much (the usual print order wins ties).
DISPLACED_COST = 2.0
#: ... and this much more when no unit of the group shares a word with that body.
UNNAMED_DISPLACED_COST = 1.0
#: ... and this much more when the group is an author's line alone: on
#: clean pages a story printed with a byline and no headline follows one
#: with neither, and the byline's move to the story above is a guess.
DISPLACED_BYLINE_COST = 1.5
#: A head group with no body, or a body with no head group.
HEADLESS_COST = 2.5
#: A headline-like unit read as body inside a body run.
ABSORB_COST = 0.3
#: More for one read after a finished paragraph (it continues nothing).
ABSORB_CLOSED_COST = 1.5
#: An article ending between a headline and the byline right under it.
GROUP_CUT_COST = 2.0
#: ... or the subheadline right under it that shares a word with it (its
#: deck): a headline's words in the body above would otherwise take it
#: away from its deck as that story's displaced headline.
DECK_CUT_COST = 5.0
#: An author's bare name read as the last unit of a body run (a story's signature).
BYLINE_END_COST = 1.0
#: Weight of the words a head group shares with a body (4.5 before the
#: deck had its own cut cost: docs/benchmarks.md#layout-prose-that-stops-mid-clause-and-a-headline-over-an-ad).
TOPIC_WEIGHT = 6.0
#: Each article the page is cut into (a head group's words match every body a little).
ARTICLE_COST = 3.0
#: A story opener (``本报讯``) inside a body run rather than at its start.
OPENER_COST = 2.5
#: Two body blocks this short each (content characters) are lines of verse
#: or a list unless the model sees a word cut between them (PMI).
VERSE_CHARS = 14
VERSE_PMI = 2.0
VERSE_COST = 3.0
#: A run of at least this many short head-like lines with no byline is
#: verse (a poem's lines), no head group read after a body: VERSE_COST.
#: 3 (4 before): poems of three lines moved as head groups on clean pages
#: (docs/benchmarks.md#layout-a-byline-closes-its-head-group-a-slogan-under-a-headline-and-where-the-text-turns).
VERSE_LINES = 3
#: Two short lines in a run of three or more short lines that each end on
#: a punctuation mark are verse whatever the model says: never joined
#: (clean pages: poems of the 1998 paper, `只有经历高温的苦楚，` +
#: `才能凝成这泥土的精华。`, were joined at VERSE_COST).
MARKED_VERSE = True
#: Two short lines, the first ending on a clause mark and the second on a
#: sentence end, are a couplet: never joined, even where the model reads
#: on from one to the other.
COUPLET = True
_VERSE_MARKS = "，,、；;：:。！？!?”’…"
_MARK_INSIDE_RE = regex.compile(r"[，,、；;：:。！？!?]")


def _verse_line(text: str) -> bool:
    """A line as verse sets it: one clause, its only mark at its end (a
    narrow column's line of prose is cut anywhere, marks inside it; a space
    inside is where OCR dropped one)."""
    text = text.strip()
    body = text.rstrip(_VERSE_MARKS)
    return text[-1:] in _VERSE_MARKS and not _MARK_INSIDE_RE.search(body) and not _SPACE_RE.search(body)


#: Most units one article may have (keeps the segmentation linear in the
#: page's length; a newspaper article has far fewer paragraphs).
MAX_ARTICLE_UNITS = 48
#: A head group with two bylines, or a byline before other head units.
BYLINE_COST = 1.0
#: Share of its words a head group's part read after a story's opening body
#: must find in that body to be put back over it.
TAIL_TOPIC = 0.1
#: A head group that is only a byline.
BYLINE_ALONE_COST = 2.0
#: Two articles read alternately (``X1 Y1 X2 Y2``, one segment of the
#: dynamic programme) cost this much over reading them as printed.
INTERLEAVE_COST = 2.0
#: Weight of the bigram-cache evidence (natural log) that each second run
#: goes on from its own first run rather than from the run before it.
INTERLEAVE_WEIGHT = 0.1
#: Most units an interleaved pair may have (keeps the enumeration small).
INTERLEAVE_UNITS = 30
#: A body paragraph whose words the paragraphs over it predict better than
#: the ones under it (bigram caches, :func:`_cache_llr`, natural log) by more
#: than this reads on from the text over it: an article (a body read before
#: its displaced head group) starting there costs ``READS_ON_COST`` more.
#: On train pages a true article boundary fell below it 3 times in 197, a
#: paragraph inside one article 1278 times in 3391.
READS_ON_LLR = 1.0
READS_ON_COST = 3.0
#: Body paragraphs (up to a head unit) in each cache.
READS_ON_UNITS = 3
#: ... and one the paragraphs under it predict better by more than
#: ``SHIFT_LLR`` starts an article for ``SHIFT_GAIN`` less.
SHIFT_LLR = 5.0
SHIFT_GAIN = 1.0
#: Whether a byline kept above a body takes only a headline read after it.
TAIL_NEEDS_HEAD = True
#: Whether head-like units under a byline may be read as its article's body.
BODY_AFTER_BYLINE = True


def _bigrams(text: str) -> list[str]:
    """Han bigrams of ``text`` that say what it is about (no common characters)."""
    return list(_bigram_tuple(text))


@lru_cache(maxsize=256)
def _bigram_tuple(text: str) -> tuple[str, ...]:
    """:func:`_bigrams`, read once per text (a page's units are read by the
    article segmentation and again by the interleave check; a page has a
    few dozen)."""
    han = _NOT_HAN_RE.sub("", text).translate(_DROP_COMMON)
    return tuple(han[k : k + 2] for k in range(len(han) - 1))


def _topic(text: str) -> set[str]:
    return set(_bigrams(text))


def _overlap(a: set[str], b: set[str]) -> float:
    """Share of ``a``'s bigrams found in ``b``."""
    return len(a & b) / len(a) if a else 0.0


def _starts_story(text: str) -> bool:
    return bool(_OPENERS_RE.match(text.lstrip()))


class _Assembler:
    """Articles as a segmentation of the article units in source order.

    Each article is one head group (headline, subheadlines, byline) and one
    body run, printed head first or, at a cost, read body first. The best
    segmentation of the whole page is found by dynamic programming over
    where articles start, so a displaced head group is placed by what
    surrounds it on both sides, not greedily."""

    def __init__(self, units: list[_Unit], texts: list[str]):
        self.units = units
        # an author's bare name (no `记者`) may sign a story after its last paragraph
        self.signs = [u.role == "byline" and is_bare_name(texts[u.first].strip()) for u in units]
        self.heads = [u.role in HEAD_ROLES for u in units]
        self.grams = [_bigrams("".join(texts[k] for k in u.blocks)) for u in units]
        self.topics = [set(g) for g in self.grams]
        self.opens = [_starts_story(texts[u.first]) for u in units]
        self.closed = [not _ends_open(texts[u.blocks[-1]]) for u in units]
        self.short = [len(content_chars("".join(texts[k] for k in u.blocks))) <= VERSE_CHARS for u in units]
        self._memo: dict = {}
        self._free: tuple[list[float], list] | None = None  # the programme's tables with nothing kept
        self._readings: dict[tuple[int, int], list[tuple[float, list[int], frozenset[int], bool]]] = {}
        self._interleave_bound = 2 * (TOPIC_WEIGHT + OPENER_COST - ARTICLE_COST) - INTERLEAVE_COST
        # a body unit that reads on from the body units over it starts no article
        self.reads_on = [False] * len(units)
        # ... and one whose words the body units under it predict far better
        # than those over it: where a new story's text starts
        self.shifts = [False] * len(units)
        for k in range(1, len(units)):
            if self.heads[k] or self.heads[k - 1]:
                continue
            over: list[str] = []
            under: list[str] = []
            for m in range(k - 1, max(-1, k - 1 - READS_ON_UNITS), -1):
                if self.heads[m]:
                    break
                over = self.grams[m] + over
            for m in range(k + 1, min(len(units), k + 1 + READS_ON_UNITS)):
                if self.heads[m]:
                    break
                under.extend(self.grams[m])
            if over and under:
                llr = _cache_llr(self.grams[k], over, under)
                self.reads_on[k] = llr > READS_ON_LLR
                self.shifts[k] = llr < -SHIFT_LLR
        # head groups: runs of head units, a byline closing its group
        self.group_of = [-1] * len(units)
        self.groups: list[tuple[int, int]] = []
        for k, head in enumerate(self.heads):
            if not head:
                continue
            prev = self.group_of[k - 1] if k else -1
            if prev >= 0 and not (units[k - 1].role == "byline" and units[k].role != "byline"):
                self.groups[prev] = (self.groups[prev][0], k + 1)
                self.group_of[k] = prev
            else:
                self.group_of[k] = len(self.groups)
                self.groups.append((k, k + 1))
        # groups starting before each unit index
        self.groups_before = [0] * (len(units) + 1)
        for k in range(len(units)):
            self.groups_before[k + 1] = self.groups_before[k] + (self.group_of[k] >= 0 and self.groups[self.group_of[k]][0] == k)

    def _group_cost(self, idx: Sequence[int]) -> float:
        """Shape of a head group: one byline, last; at most four units (memoised)."""
        key = ("group", tuple(idx))
        cost = self._memo.get(key)
        if cost is None:
            cost = self._memo[key] = self._group_shape_cost(idx)
        return cost

    def _group_shape_cost(self, idx: Sequence[int]) -> float:
        roles = [self.units[k].role for k in idx]
        cost = 0.0
        if roles.count("byline") > 1:
            cost += 0.5 * BYLINE_COST
        if any(a == "byline" and b != "byline" for a, b in zip(roles, roles[1:])):
            cost += 3.0 * BYLINE_COST  # bylines close their head group
        if roles[0] == "byline" and len(roles) > 1:
            cost += BYLINE_COST  # a byline closes a head group, it never opens one
        elif roles[0] == "byline":
            cost += BYLINE_ALONE_COST  # an author's line with no headline: its headline is elsewhere
        return cost + max(0, len(roles) - 4)

    def _body_cost(self, idx: Sequence[int]) -> float | None:
        """Headline-like units read as body; a story opener not at the start;
        an author's bare name only as the last unit (``None``: no body)."""
        cost = 0.0
        for n, k in enumerate(idx):
            if self.heads[k]:
                if self.units[k].role == "byline":
                    if n and n == len(idx) - 1 and self.signs[k]:
                        cost += BYLINE_END_COST
                        continue
                    return None
                nxt = k + 1 < len(self.units) and self.units[k + 1].role == "byline"
                cost += ABSORB_COST + (BYLINE_COST if nxt else 0.0)  # a head unit over a byline heads a story
                if n and self.closed[idx[n - 1]]:
                    cost += ABSORB_CLOSED_COST  # after a finished paragraph: no column piece
            if n and self.opens[k]:
                cost += OPENER_COST
        if idx and self.opens[idx[0]]:
            cost -= OPENER_COST
        return cost

    def score(self, i: int, j: int, keep: frozenset[int] = frozenset()) -> tuple[float, list[int], bool]:
        """Best reading of units ``i..j-1`` as one article: (score, order,
        whether its head group, if any, shares a word with its body); with
        ``keep``, the best one that reads none of those units before a unit
        printed above it."""
        key = (i, j)
        readings = self._readings.get(key)
        if readings is None:
            # each segment's readings are weighed once: the programme runs
            # again for every moved segment's margin (articles())
            readings = self._readings[key] = self._score_all(i, j)
        for s, order, moved, named in readings:
            if not (keep and moved & keep):
                return s, order, named
        return -math.inf, [], False

    def _score_all(self, i: int, j: int) -> list[tuple[float, list[int], frozenset[int], bool]]:
        """Every reading :meth:`score` weighs for units ``i..j-1``, best
        first (the first of equal scores as weighed), with the units each
        reads before a unit printed above them and whether its head group
        (none: True) shares a word with its body."""
        h = i
        while h < j and self.heads[h]:
            h += 1
        t = j
        while t > i and self.heads[t - 1]:
            t -= 1
        options = [(range(i, h), range(h, j), 0.0)]  # head group first
        if BODY_AFTER_BYLINE and h == j:
            # a byline closes its head group: where nothing else would be its
            # body, head-like units under it are (a poem's lines)
            b = next((k for k in range(i, h - 1) if self.units[k].role == "byline"), None)
            if b is not None:
                options.append((range(i, b + 1), range(b + 1, j), 0.0))
        if t > i and t < j:
            options.append((range(t, j), range(i, t), DISPLACED_COST))  # body first
            if h > i and h < t:  # a headline before the body, the rest of its head group after it
                # only over a story's opening paragraph (`本报…电` right under the
                # headline: elsewhere the "headline" is mostly a body piece read
                # as one); nothing of the group is left when a byline closed it
                # above the body; and the part left must have a headline-like
                # unit naming the body (a title and an author's name after the
                # last paragraph, an author's name alone, the next article's
                # byline do not)
                closed = not self.opens[h] or (self.units[h - 1].role == "byline" and self.units[i].role != "byline")
                if not closed:
                    named = [self._named(k, h, t) for k in range(t, j) if self.units[k].role != "byline"]
                    closed = max(named, default=0.0) < TAIL_TOPIC
                if not closed:
                    options.append(([*range(i, h), *range(t, j)], range(h, t), DISPLACED_COST))
                if all(self.units[k].role == "byline" for k in range(i, h)) and (
                        not TAIL_NEEDS_HEAD or any(self.units[k].role != "byline" for k in range(t, j))):
                    # the author's line stayed above the body, the headline went after it
                    options.append(([*range(t, j), *range(i, h)], range(h, t), DISPLACED_COST))
        readings: list[tuple[float, list[int], frozenset[int], bool]] = []
        for group, body, cost in options:
            bcost = self._body_cost(body)
            if bcost is None:
                continue
            s = -cost - bcost - ARTICLE_COST
            share = 1.0  # (no head group: nothing to name)
            if not group or not body:
                s -= HEADLESS_COST
            if group:
                s -= self._group_cost(group)
                lines = [k for k in group if self.units[k].role != "byline"]
                if cost and len(lines) >= VERSE_LINES and all(self.short[k] for k in lines):
                    s -= VERSE_COST  # a run of short lines (verse) is no displaced head group
                share = max(self._named(k, body.start, body.stop) for k in group)
                s += TOPIC_WEIGHT * share
                if cost and body and not share:
                    s -= UNNAMED_DISPLACED_COST
                if cost and all(self.units[k].role == "byline" for k in group):
                    s -= DISPLACED_BYLINE_COST
            order = list(group) + list(body)
            # a reading with no cost keeps the source order: it moves nothing up
            readings.append((s, order, _moved_up([order]) if cost else frozenset(), share > 0))
        readings.sort(key=lambda r: -r[0])  # stable: of equal scores the first weighed wins, as before
        return readings

    def _article(self, group: tuple[int, int], body: tuple[int, int, int, int], displaced: bool) -> tuple[float, float] | None:
        """Score of one article of an interleaved pair (as :meth:`score`:
        head group ``range(*group)``, body two ranges ``body``) and its head
        group's share of words in its body. Memoised."""
        key = (group, body, displaced)
        if key not in self._memo:
            idx = [*range(body[0], body[1]), *range(body[2], body[3])]
            bcost = self._body_cost(idx)
            if bcost is None or not idx or group[0] == group[1]:
                self._memo[key] = None
            else:
                topic = self._topic_share(group, body)
                s = -bcost - ARTICLE_COST - self._group_cost(range(*group))
                if displaced:
                    s -= DISPLACED_COST + (0.0 if topic else UNNAMED_DISPLACED_COST)
                    if all(self.units[k].role == "byline" for k in range(*group)):
                        s -= DISPLACED_BYLINE_COST
                self._memo[key] = (s + TOPIC_WEIGHT * topic, topic)
        return self._memo[key]

    def _topic_share(self, group: tuple[int, int], body: tuple[int, int, int, int]) -> float:
        """``max(_overlap(head, body words))`` over the head group ``range(*group)``
        and the body ``range(body[0], body[1])`` + ``range(body[2], body[3])``."""
        key = (group, body)
        if key not in self._memo:
            best = 0.0
            for g in range(*group):
                if self.topics[g]:
                    shared = self._shared(g, body[0], body[1]) | self._shared(g, body[2], body[3])
                    best = max(best, len(shared) / len(self.topics[g]))
            self._memo[key] = best
        return self._memo[key]

    def _named(self, g: int, start: int, end: int) -> float:
        """``_overlap(topics[g], words of units start..end-1)``: a body is a
        run of units, so this is read off :meth:`_shared` (built up by the
        run's end, memoised), not a union of the run's words."""
        return len(self._shared(g, start, end)) / len(self.topics[g]) if self.topics[g] else 0.0

    def _shared(self, g: int, start: int, end: int) -> frozenset[str]:
        """Head unit ``g``'s bigrams found in units ``start..end-1`` (memoised, built up by ``end``)."""
        if start >= end:
            return frozenset()
        key = (g, start, end)
        out = self._memo.get(key)
        if out is None:
            out = self._shared(g, start, end - 1) | (self.topics[g] & self.topics[end - 1])
            self._memo[key] = out
        return out

    def _runs_llr(self, seg: Sequence[int], own: Sequence[int], other: Sequence[int]) -> float:
        """Bigram-cache evidence that body units ``seg`` go on from ``own``
        rather than from ``other`` (:func:`_cache_llr`)."""
        g = lambda idx: [x for k in idx for x in self.grams[k]]  # noqa: E731
        return _cache_llr(g(seg), g(own), g(other))

    def interleaved(self, i: int, j: int, refine: bool = False, need: float = -math.inf) -> tuple[float, list[list[int]]]:
        """Best reading of units ``i..j-1`` as two articles read alternately
        (``X1 Y1 X2 Y2``), each head group at the start or the end of its
        own article's units: (score, [order of X, order of Y]). With
        ``refine``, the cut points are chosen with the bigram-cache
        evidence too (:meth:`_coherence`, for a segment the programme chose;
        the score stays the shape's and topic's). Candidates that cannot
        score over ``need`` are skipped."""
        none: tuple[float, list[list[int]]] = (-math.inf, [])
        if self.groups_before[j] - self.groups_before[i] != 2:
            return none
        if (self.heads[i] and self.groups[self.group_of[i]][0] != i) or (j < len(self.units) and self.heads[j] and self.group_of[j] == self.group_of[j - 1]):
            return none  # a head group cut by the segment's edge
        g1 = self.group_of[next(k for k in range(i, j) if self.heads[k])]
        (a1, b1), (a2, b2) = self.groups[g1], self.groups[g1 + 1]
        Span = tuple[int, int]
        cands: list[tuple[Span, tuple[int, int, int, int], Span, tuple[int, int, int, int], bool, bool]] = []
        if a1 == i:
            # both head groups first is left to _regroup_interleaved: with two
            # free cuts the head groups' words took the next article's body
            # on clean pages
            return none
        if b2 < j and b1 < a2:
            # X's body, Y's head group and body, the rest of X's body and its head group, the rest of Y's body
            for c2 in range(b1, a2 + 1):
                cands.append(((a2, b2), (i, a1, c2, a2), (a1, b1), (b1, c2, b2, j), True, False))
        if b2 == j:
            # both head groups after their bodies: X1 Y1 X2+Xh Y2+Yh
            for c1 in range(i + 1, a1):
                for c2 in range(c1 + 1, a1 + 1):
                    cands.append(((a1, b1), (i, c1, c2, a1), (a2, b2), (c1, c2, b1, a2), True, True))
        best, best_key = none, -math.inf
        for xg, xb, yg, yb, xd, yd in cands:
            if any(b[0] < b[1] and b[2] < b[3] and self.opens[b[2]] for b in (xb, yb)):
                continue  # a body's second run goes on from its first: it opens no story
            if xd and xb[0] < xb[1] and not self._topic_share(xg, (xb[0], xb[1], xb[1], xb[1])):
                continue  # a head read after its body names nothing of that body's first run
            ax = self._article(xg, xb, xd)
            if ax is None or ax[0] + self._interleave_bound / 2 - INTERLEAVE_COST / 2 <= need:
                continue  # Y cannot make up for it
            ay = self._article(yg, yb, yd)
            if ax is None or ay is None:
                continue
            if ax[1] + ay[1] < self._topic_share(xg, yb) + self._topic_share(yg, xb):
                continue  # each head group names the other's body better
            s = ax[0] + ay[0] - INTERLEAVE_COST
            if refine:
                xo, yo = [*range(*xg), *range(*xb[:2]), *range(*xb[2:])], [*range(*yg), *range(*yb[:2]), *range(*yb[2:])]
                key = s + INTERLEAVE_WEIGHT * self._coherence(xo[xg[1] - xg[0] :], yo[yg[1] - yg[0] :])
            else:
                key = s
            if key > best_key:
                best, best_key = (s, [(xg, xb), (yg, yb)]), key
        if best[1]:
            best = (best[0], [[*range(*g), *range(*b[:2]), *range(*b[2:])] for g, b in best[1]])
        return best

    def _coherence(self, xb: list[int], yb: list[int]) -> float:
        """Evidence that the second runs of X's and Y's bodies go on from
        their own first runs rather than from the run read before them."""
        out = 0.0
        for own, other in ((xb, yb), (yb, xb)):
            cut = next((n for n in range(1, len(own)) if own[n] != own[n - 1] + 1), 0)
            if not cut:
                continue
            first, second = own[:cut], own[cut:]
            before = [k for k in other if first[-1] < k < second[0]]
            if before:
                out += self._runs_llr(second, first, before)
        return out

    def articles(self) -> list[list[_Unit]]:
        """The units grouped into articles, each in reading order. Each unit
        of a segment read out of source order gets ``move_margin``: how much
        the best reading loses when the units it moves up must stay below
        every unit printed above them (the programme run again; units of its
        score; two alternating articles over any of them are barred whole).
        Unlike a join, an unsure order is still taken
        (docs/benchmarks.md#layout-confidence)."""
        total, segments = self._programme(frozenset())
        margins = {}
        for i, j, orders in segments:
            moved = _moved_up(orders)
            if moved:
                # the best reading that moves none of them: the decoder's
                # rival that closes a quotation elsewhere doubts where, not
                # whether, and so does one that moves them to another place
                margins[i, j] = max(0.0, total - self._programme(moved)[0])
        out = []
        for i, j, orders in segments:
            margin = margins.get((i, j))
            if len(orders) == 2 and INTERLEAVE_WEIGHT:
                orders = self.interleaved(i, j, refine=True)[1]
            for order in orders:
                units = [self.units[k] for k in order]
                for u in units:
                    u.move_margin = margin
                out.append(units)
        return out

    def _programme(self, keep: frozenset[int]) -> tuple[float, list[tuple[int, int, list[list[int]]]]]:
        """The best cut of the units into articles and their orders, reading
        none of the units ``keep`` before a unit printed above it: the total
        score and the articles' segments ``(i, j, orders)`` in source order."""
        n = len(self.units)
        best = [0.0] + [-math.inf] * n
        back: list[tuple[int, list[list[int]]]] = [(0, [])] * (n + 1)
        start = 1
        if keep and self._free is not None:
            # No segment ending at or before the first unit kept holds one:
            # up to there the unconstrained programme's choices stand.
            start = min(keep) + 1
            best[:start], back[:start] = self._free[0][:start], self._free[1][:start]
        for j in range(start, n + 1):
            # a byline right under a headline mostly closes that head group (a
            # displaced group's byline is not the next story's author's line)
            cut = GROUP_CUT_COST if j < n and self.units[j].role == "byline" and self.units[j - 1].role in ("headline", "subheadline") else 0.0
            if j < n and self.units[j].role == "subheadline" and self.units[j - 1].role == "headline" and self.topics[j] & self.topics[j - 1]:
                cut = DECK_CUT_COST  # a deck that shares words with its headline
            for i in range(max(0, j - MAX_ARTICLE_UNITS), j):
                if best[i] == -math.inf:
                    continue
                s, order, named = self.score(i, j, keep)
                s -= cut
                if self.reads_on[i]:
                    s -= READS_ON_COST  # the article would start inside another's text
                elif self.shifts[i] and named:
                    s += SHIFT_GAIN  # where the text turns to another story (not under a head group naming none of it)
                if best[i] + s > best[j]:
                    best[j], back[j] = best[i] + s, (i, [order])
            for i in range(max(0, j - INTERLEAVE_UNITS), j - 1):
                # two articles read alternately: at most two articles' topic and openers to gain
                if best[i] + self._interleave_bound > best[j] and not any(i <= k < j for k in keep):
                    s, orders = self.interleaved(i, j, need=best[j] - best[i])
                    if best[i] + s > best[j]:
                        best[j], back[j] = best[i] + s, (i, orders)
        if not keep:
            self._free = (best, back)
        segments = []
        j = n
        while j > 0:
            i, orders = back[j]
            segments.append((i, j, orders))
            j = i
        return best[n], segments[::-1]


#: Evidence (log-likelihood ratio of a body run's Han bigrams, natural log)
#: that a run of paragraphs inside an article's body belongs to the article
#: before it: two articles read alternately (``A1 B1 A2 B2``).
INTERLEAVE_LLR = 18.0
#: ... and at least this much per bigram of the run: two long stories on
#: one subject side by side share enough words to pass the total on clean
#: pages (0.02 to 0.27 a bigram there), a run read out of its story leans
#: harder (docs/benchmarks.md#layout-a-byline-closes-its-head-group-a-slogan-under-a-headline-and-where-the-text-turns).
INTERLEAVE_RATE = 0.15
#: Dirichlet smoothing of the bigram caches (bigrams).
INTERLEAVE_MU = 50.0
#: How many articles back a run may go: two articles read alternately are
#: neighbours. Further back, two stories on one subject with another
#: between them traded paragraphs (3 before: tuning order fp 213 -> 208,
#: clean train pages changed 112 -> 109; no run moved further back was right).
INTERLEAVE_BACK = 1


def _cache_llr(seg: list[str], a: list[str], b: list[str]) -> float:
    """How much better the bigrams ``seg`` are predicted by a cache of
    ``a``'s than by one of ``b``'s (natural log). Both caches are cut to the
    same length (``a``'s end, ``b``'s start: the text next to where ``seg``
    would be read), so a longer article does not win by its length."""
    n = min(len(a), len(b))
    if n == 0 or not seg:
        return 0.0
    return _counts_llr(Counter(seg), len(seg), Counter(a[len(a) - n :]), Counter(b[:n]), n)


def _counts_llr(cs: Counter, seg_len: int, ca: Counter, cb: Counter, n: int) -> float:
    """:func:`_cache_llr` from the bigram counts of ``seg`` and of the two
    caches (``n`` bigrams each)."""
    scale = INTERLEAVE_MU / (2 * n + seg_len)  # the background: both caches and seg
    out = 0.0
    # A bigram neither cache holds adds nothing (most of a run's): only the
    # others are looked up, in the same order.
    held = (cs.keys() & ca.keys()) | (cs.keys() & cb.keys())
    if not held:
        return out
    for x, k in cs.items():
        if x not in held:
            continue
        xa, xb = ca.get(x, 0), cb.get(x, 0)
        if xa != xb:
            p = scale * (xa + xb + k)
            out += k * math.log((xa + p) / (xb + p))
    return out


def _llr_bound(held: int, seg_len: int, n: int) -> float:
    """An upper bound of :func:`_counts_llr` for a run of ``seg_len``
    bigrams, ``held`` of which the first cache holds at all, against
    caches of ``n``: only those add, each at most ``log(1 + 1 / scale)``."""
    return held * math.log1p((2 * n + seg_len) / INTERLEAVE_MU)


def _regroup_interleaved(articles: list[list[_Unit]], texts: list[str]) -> list[list[_Unit]]:
    """Two articles read alternately (the first's start, the second's start,
    the first's rest, the second's rest) come out of the segmentation as the
    first article's start and the second article holding the first's rest in
    its body. A run of an article's body paragraphs whose words match an
    earlier article (the one before it, ``INTERLEAVE_BACK``) far better than
    the rest of its own article (see :func:`_cache_llr`) goes back to that
    article, after its body. Each paragraph of the run must lean that way
    too, and the article must have a headline of its own."""
    out = [list(a) for a in articles]
    grams: dict[int, list[str]] = {}

    def unit_grams(u: _Unit) -> list[str]:
        if id(u) not in grams:
            grams[id(u)] = _bigrams("".join(texts[k] for k in u.blocks))
        return grams[id(u)]

    for n in range(1, len(out)):
        for _ in range(3):
            second = out[n]
            body = [u for u in second if u.role not in HEAD_ROLES]
            if not body or not any(u.role == "headline" for u in second):
                break  # the article's own headline opens its part
            best = (INTERLEAVE_LLR, -1, -1, -1)
            # one paragraph is weak evidence: it leaves only an article with a
            # byline (a story of its own, not a section title inside a story)
            signed = any(u.role == "byline" for u in second)
            flat: list[str] = []
            offsets: dict[int, tuple[int, int]] = {}
            for u in second:  # body units are consecutive in their article
                offsets[id(u)] = (len(flat), len(flat) + len(unit_grams(u)))
                flat.extend(unit_grams(u))
            # the second article's rest follows the first's (``B1 A2 B2``): a run
            # that ends a body printed under its own head group is that body's end
            in_place = second[0].role in HEAD_ROLES and second[0].first < body[0].first
            last = len(body) - 1 if in_place else len(body)
            # _cache_llr(seg, a, rest) from counts shared by the runs and
            # the articles that look alike (the same run, cache length).
            counted: dict = {}

            def count(key, grams):
                found = counted.get(key)
                if found is None:
                    found = counted[key] = Counter(grams)
                return found

            def reads_after(m, a, lo, hi) -> bool:
                """``_cache_llr(flat[hi:], a, flat[:lo]) > 0`` from shared counts."""
                size = min(len(a), lo)
                if size == 0 or hi >= len(flat):
                    return False
                return _counts_llr(count(("after", hi), flat[hi:]), len(flat) - hi, count(("a", m, size), a[len(a) - size :]),
                                   count(("before", size), flat[:size]), size) > 0.0

            for m in range(max(0, n - int(INTERLEAVE_BACK)), n):
                a = [g for u in out[m] for g in unit_grams(u)]
                if not a:
                    continue
                # bigrams of the body's first units that the article holds at
                # all: only they can make a run lean its way (_llr_bound)
                held = set(a)
                shared = [0]
                for u in body:
                    shared.append(shared[-1] + sum(g in held for g in unit_grams(u)))
                for i in range(len(body)):
                    for j in range(i + 1, last + 1):
                        if j - i == 1 and not signed:
                            continue
                        lo, hi = offsets[id(body[i])][0], offsets[id(body[j - 1])][1]
                        size = min(len(a), len(flat) - (hi - lo))
                        if size and hi > lo:
                            bound = _llr_bound(shared[j] - shared[i], hi - lo, size)
                            if bound <= best[0] or bound < INTERLEAVE_RATE * (hi - lo):
                                continue  # the run cannot lean that way far enough
                        seg, rest = flat[lo:hi], flat[:lo] + flat[hi:]
                        if size == 0 or not seg:
                            score = 0.0
                        else:
                            score = _counts_llr(count(("seg", lo, hi), seg), len(seg), count(("a", m, size), a[len(a) - size :]),
                                                count(("rest", lo, hi, size), rest[:size]), size)
                        if not (score > best[0] and score >= INTERLEAVE_RATE * (hi - lo)):
                            continue
                        if in_place and reads_after(m, a, lo, hi):
                            continue  # what follows the run leans that way too: not the second article's rest
                        if all(_cache_llr(unit_grams(u), a, rest) > 0.0 for u in body[i:j]):
                            best = (score, m, i, j)
            if best[1] < 0:
                break
            _, m, i, j = best
            moved = body[i:j]
            out[m] = out[m] + moved
            out[n] = [u for u in second if all(u is not v for v in moved)]
            if BYLINE_CLOSES:
                out[n] = _byline_closes(out[n])
    return [a for a in out if a]


#: An article a run went back from, left with its author's line over its
#: headline, reads the headline first (:func:`_byline_closes`).
BYLINE_CLOSES = True


def _byline_closes(article: list[_Unit]) -> list[_Unit]:
    """An article left with its author's line over its headline (the run
    that stood between them went back to the article before) reads the
    headline first: a byline closes its head group, it never opens one
    (:meth:`_Assembler._group_shape_cost`). Read the other way, the page
    would be laid out differently the next time it is fixed."""
    lead = 0
    while lead < len(article) and article[lead].role == "byline":
        lead += 1
    head = lead
    while head < len(article) and article[head].role in HEAD_ROLES and article[head].role != "byline":
        head += 1
    if lead and any(u.role == "headline" for u in article[lead:head]):
        return article[lead:head] + article[:lead] + article[head:]
    return article


def _moved_up(orders: Sequence[Sequence[int]]) -> frozenset[int]:
    """The units a reading (articles' orders of one segment, read one after
    the other) reads before a unit printed above them.

    >>> sorted(_moved_up([[3, 0, 1, 2]])), sorted(_moved_up([[0, 2], [1, 3]]))
    ([3], [2])
    """
    seq = [k for order in orders for k in order]
    out, low = set(), math.inf
    for k in reversed(seq):
        if low < k:
            out.add(k)
        low = min(low, k)
    return frozenset(out)


def _articles(units: list[_Unit], texts: list[str]) -> list[list[_Unit]]:
    """Article units in source order grouped into articles (head, then body),
    a head group read after its body moved back before it."""
    return _Assembler(units, texts).articles() if units else []


# --------------------------------------------------------------------- plan


def plan(page: Page, model: "CharModel | None", config: Config) -> list[Paragraph]:
    """The page's paragraphs in reading order.

    Each paragraph's trace is built from ``Trace.of(source, block.start,
    block.end)`` slices; a junction inside a paragraph is exactly one
    ``"\\n"``. With ``config.join``/``move``/``hyphen`` off, nothing is
    joined, moved or dehyphenated; with ``model=None`` only cues decide.
    """
    blocks = page.blocks
    if not blocks:
        return []
    texts = [b.text for b in blocks]
    roles = classify(texts)
    for k, text in enumerate(texts):
        if not is_chinese(text):
            roles[k] = "unknown"  # not Chinese prose: never joined, split or moved
    _furniture_by_context(roles, texts)
    if INLINE_DATES:
        _dates_inside_stories(roles)
    _column_pieces(roles, texts, model)
    if DECK_BETWEEN:
        _decks_between(roles, texts)
    _headline_pieces(roles, texts, model)
    _top_head_line(roles, texts)
    line_run = _line_runs(roles, texts, model)
    width = column_width([t for t, r in zip(texts, roles) if r == "body"])
    lay = _Layout(page, model, config, roles, width, texts)
    lay.line_run = line_run
    lay.firm_heads = _firm_heads(roles, texts, lay)
    lay.head_run = _head_runs(roles, texts)
    succ = lay.joins()
    for _ in range(len(blocks)):  # a headline-like piece that continues body text is body
        continued = [j for i, (j, _) in succ.items() if roles[i] == "body" and roles[j] in ("headline", "subheadline")]
        if not continued:
            break
        for j in continued:
            roles[j] = "body"
        succ = lay.joins()
    units = []
    for chain in _chains(len(blocks), succ):
        role = roles[chain[0]]
        if role in ("headline", "subheadline") and any(roles[k] == "body" for k in chain[1:]):
            role = "body"
        elif role in ("headline", "subheadline") and len(chain) > 1 and block_role("".join(texts[k].strip() for k in chain)) == "body":
            role = "body"  # the joined paragraph reads as body (what a second pass sees)
        units.append(_Unit(chain, role))
    units.sort(key=lambda u: u.first)
    boxes = _boxed_captions(units, lay) if config.move else set()
    article_units = [u for u in units if lay.article_capable(u.first) and u.first not in boxes]
    if config.move:
        articles = _regroup_interleaved(_articles(article_units, texts), texts)
    else:
        articles = _articles_in_place(article_units)
    for a, art in enumerate(articles):
        for u in art:
            u.article = a
    _name_subheadlines(articles)
    ordered = _place_furniture(units, articles, page) if config.move else units
    confidence = {i: join_confidence(lay.margins.get(i, 0.0)) for i in succ}
    return [_paragraph(page, u, config, confidence) for u in ordered]


#: Share of a headline's content bigrams its photo's caption repeats for
#: the caption to be that headline's photo story (kept in place).
CAPTION_TOPIC = 0.5

_BRACKETED_CREDIT_RE = regex.compile(r"[。！？”][（(][^（）()]{1,20}摄影?[）)]\s*$")


def _boxed_captions(units: list[_Unit], lay: "_Layout") -> set[int]:
    """First blocks of the caption units read between two body units,
    between a byline and the body, or between a headline and the rest of its
    head group: a photo's caption set into an article's text or head. They
    leave the article (and follow it); a caption right under a headline and
    over the body (a photo story) stays where it is, as does one between two
    head groups."""
    flow = [u for u in units if lay.article_capable(u.first)]
    out: set[int] = set()
    for n, u in enumerate(flow):
        if u.role not in BOX_ROLES:
            continue
        before = next((v for v in reversed(flow[:n]) if v.role not in BOX_ROLES), None)
        after = next((v for v in flow[n + 1 :] if v.role not in BOX_ROLES), None)
        if before is None or after is None:
            continue
        if (before.role, after.role) == ("body", "body") and _BRACKETED_CREDIT_RE.search(lay.texts[u.blocks[-1]]):
            continue  # `…图为…。（X摄）`: the 1998 corpus prints such a photo's caption as a paragraph of the story
        if before.role in ("body", "byline") and after.role == "body":
            out.add(u.first)  # inside the text, or between a byline and the text
        elif before.role in ("headline", "subheadline") and after.role != "body":
            head = _topic(" ".join(lay.texts[k] for k in before.blocks))
            if _overlap(head, _topic(" ".join(lay.texts[k] for k in u.blocks))) >= CAPTION_TOPIC:
                continue  # the caption names the headline over it: a photo story
            if after.role == "headline":
                # the next head group: boxed only when the head over the
                # caption names the text under that head (one head group);
                # else the caption closes a photo box of its own (`图片新闻`)
                m = flow.index(after)
                text = " ".join(lay.texts[k] for v in flow[m + 1 : m + 4] if v.role == "body" for k in v.blocks)
                if not head & _topic(text):
                    continue
            out.add(u.first)  # inside a head group (not a photo story's head over its text)
    return out


#: Whether a box set inside a run of head lines (read between two of them)
#: leaves the run whole when the head lines are counted, as the joins skip
#: it: a headline cut in two around a box is a run of two, three lines of
#: verse with a box among them a run of three. Tuning pages: joins
#: 843/39/132 -> 844/39/131, order 0.610 -> 0.607 (one page, where the
#: right join moves a head group); six dev sets pooled: false joins 28 -> 24.
RUN_PAST_BOXES = True


#: Whether a short line of no role (one to four Han characters: a line of
#: verse, an author's name the name test does not know, `和嘴唇`, `萧重声`)
#: counts in its run of head lines: two head lines with such a line next to
#: them are not a whole head group cut in two. Found on a dev page (a poem);
#: tuning pages unchanged; six dev sets pooled: false joins 23 -> 20; clean
#: dev pages 23 -> 20 of 192, clean train pages unchanged.
RUN_COUNTS_UNKNOWN = True


def _short_han_line(role: str, text: str) -> bool:
    """Whether a block of no role is one to four Han characters."""
    content = content_chars(text)
    return role == "unknown" and 0 < len(content) <= 4 and all(is_han(c) for c in content)


def _head_runs(roles: list[str], texts: list[str]) -> dict[int, int]:
    """For each headline-like block, how many headline-like blocks stand in
    its run of consecutive ones (page furniture between two of them is
    skipped, as the joins skip it; a short line of no role counts)."""
    out: dict[int, int] = {}
    k = 0
    while k < len(roles):
        run: list[int] = []
        end = k
        while end < len(roles):
            if roles[end] in ("headline", "subheadline") or (RUN_COUNTS_UNKNOWN and _short_han_line(roles[end], texts[end])):
                run.append(end)
            elif not (RUN_PAST_BOXES and run and roles[end] in FURNITURE_ROLES):
                break
            end += 1
        for j in run:
            out[j] = len(run)
        k = max(end, k + 1)
    return out


def _firm_heads(roles: list[str], texts: list[str], lay: "_Layout") -> set[int]:
    """Headline-like blocks that surely head a story: a run of them ending in a
    byline, or followed by a story's opening paragraph (``本报讯 …``)."""
    arts = [k for k in range(len(roles)) if lay.article_capable(k)]
    firm: set[int] = set()
    run: list[int] = []
    for k in arts:
        if roles[k] in ("headline", "subheadline"):
            run.append(k)
            continue
        if run and (roles[k] == "byline" or _OPENERS_RE.match(texts[k].lstrip())):
            firm.update(run)
        run = []
    return firm


def _articles_in_place(units: list[_Unit]) -> list[list[_Unit]]:
    """Articles without moving anything: a new one at each headline after body."""
    articles: list[list[_Unit]] = []
    for u in units:
        if not articles or (u.role == "headline" and articles[-1][-1].role not in HEAD_ROLES):
            articles.append([u])
        else:
            articles[-1].append(u)
    return articles


#: Longest headline-like block before an ad read as the ad's slogan (a
#: longer one is a line of the column the box was set into).
SLOGAN_CHARS = 14


#: Share of a headline-like block's content bigrams that the body text over
#: it (``SLOGAN_CONTEXT`` blocks) must hold for the block to be that text's
#: headline read after it, not the slogan of the ad under it.
SLOGAN_TOPIC = 0.25
SLOGAN_CONTEXT = 3
#: Whether the last of a run of head lines over an ad may be its slogan.
SLOGAN_IN_RUN = True
#: Whether a lone head line between a byline and an ad may be its slogan
#: (an ad box set under a story's head group; the next story's headline
#: has no ad under it).
SLOGAN_AFTER_BYLINE = True


def _names_text_above(roles: list[str], texts: list[str], k: int) -> bool:
    """Whether the body blocks over block ``k`` hold a good share of its
    words: an ad's slogan does not repeat the story it was set into."""
    above = [texts[j] for j in range(max(0, k - SLOGAN_CONTEXT), k) if roles[j] == "body"]
    return bool(above) and _overlap(_topic(texts[k]), _topic("".join(above))) >= SLOGAN_TOPIC


#: Whether a date line under a story's text stays with it.
INLINE_DATES = True


def _dates_inside_stories(roles: list[str]) -> None:
    """A date line printed after a story's text has begun on the page is no
    page furniture: it dates a letter or a document inside a story
    (``1998年1月29日于班吉`` under a signature), so it stays after the
    paragraph it follows (``unknown``). The page's own date line is printed
    over every story."""
    seen_text = False
    for k, role in enumerate(roles):
        if role in ("headline", "subheadline", "byline", "body"):
            seen_text = True
        elif role == "dateline" and seen_text:
            roles[k] = "unknown"


def _furniture_by_context(roles: list[str], texts: list[str]) -> None:
    """Boxed matter read as one stretch: a run of headline-like blocks with
    furniture on both sides (an ad's slogans) is part of the box, and a block
    set between two blocks of one box kind that has that kind's words is too."""
    from .roles import furniture_hits

    n = len(roles)
    k = 0
    while k < n:
        if roles[k] not in ("headline", "subheadline"):
            k += 1
            continue
        end = k
        while end < n and roles[end] in ("headline", "subheadline"):
            end += 1
        before = roles[k - 1] if k else None
        after = roles[end] if end < n else None
        if before in ("ad", "weather", "teaser") and (after is None or after in FURNITURE_ROLES):
            for j in range(k, end):
                roles[j] = "ad"
        elif (after == "ad" and end - k == 1 and (SLOGAN_AFTER_BYLINE or before != "byline") and len(content_chars(texts[k])) <= SLOGAN_CHARS
              and not _names_text_above(roles, texts, k)):
            roles[k] = "ad"
        elif (SLOGAN_IN_RUN and after == "ad" and end - k > 1 and len(content_chars(texts[end - 1])) <= SLOGAN_CHARS
              and not _topic(texts[end - 1]) & _topic("".join(texts[k : end - 1]))):
            # the last of several head lines over an ad, sharing no word with
            # the lines over it (a deck does): the box's slogan, set under a
            # headline the box was placed beneath
            roles[end - 1] = "ad"
        k = end
    for k in range(1, n - 1):
        kind = roles[k - 1]
        if kind in ("weather", "ad") and roles[k + 1] == kind and roles[k] != kind and furniture_hits(kind, texts[k]) >= 1:
            roles[k] = kind


#: A headline-like block with a clause inside whose end the model reads as
#: no paragraph's end (log10, ``junction_scores``' second value) below this
#: is a column piece of body text (``…结合农村特点，在``).
PIECE_END = -2.0
#: ... and has at least this many content characters (a line of a column;
#: shorter ones are mostly a headline's first part, ``思念，根植``).
PIECE_CHARS = 8
_CLAUSE_INSIDE_RE = regex.compile(r"[，,；;]")


#: A block read as body for its clause marks alone (no sentence end, no
#: final mark) set between a head line and a byline is a deck. Tuning pages:
#: order 0.607 -> 0.612 (one page: the deck and byline no longer read as a
#: story of their own after the body); dev sets and clean pages unchanged.
DECK_BETWEEN = True
#: Longest such deck (content characters).
DECK_CHARS = 40


def _decks_between(roles: list[str], texts: list[str]) -> None:
    """A long deck with a comma inside (`受…委托，姜春云到张家口慰问…`)
    reads as a column piece of body text on its own; between a head line
    and a byline it is the head group's deck."""
    for k in range(1, len(roles) - 1):
        if roles[k] != "body" or roles[k - 1] not in ("headline", "subheadline") or roles[k + 1] != "byline":
            continue
        text = texts[k].strip()
        if "\n" in text or not text or text[-1] in FINAL_MARKS + "，,、；;：:" or ANY_SENTENCE_END_RE.search(text):
            continue
        if len(content_chars(text)) <= DECK_CHARS:
            roles[k] = "subheadline"


def _column_pieces(roles: list[str], texts: list[str], model: "CharModel | None") -> None:
    """A headline-like block with a comma or semicolon inside (a clause
    cut off: few headlines have one) that stops where the model reads no
    text as ending, with no head line next to it, is a piece of a paragraph
    cut at a column's end: body. Numbered heads (``二、…``) keep their
    role (a headline cut in two)."""
    if model is None:
        return
    heads = [r in HEAD_ROLES for r in roles]
    for k, role in enumerate(roles):
        if role not in ("headline", "subheadline") or (k and heads[k - 1]) or (k + 1 < len(roles) and heads[k + 1]):
            continue  # next to another head line: a headline in two parts (`…，携手共建` + `…美好家园`)
        text = "".join(texts[k].split())
        if len(content_chars(text)) < PIECE_CHARS or not _CLAUSE_INSIDE_RE.search(text) or _ENUMERATOR_RE.match(text):
            continue
        if junction_scores(model, text, text, marks=False)[1] < PIECE_END:
            # as printed: an ASCII mark at the end reads as no ending (the
            # rule was measured that way; full-width, `…表现在：` would end)
            roles[k] = "body"


#: A paragraph printed a line a block (each printed line its own block):
#: at least this many full one-line blocks in a row ...
LINE_RUN_BLOCKS = 3
#: ... each within this many print cells of the run's median width ...
LINE_RUN_SLACK = 2.0
#: ... the first shorter by this many more at most (an indent) ...
LINE_RUN_INDENT = 3.0
#: ... of at least this many cells (shorter lines are verse, a list, or a
#: paragraph's last line) ...
LINE_RUN_CELLS = 10.0
#: ... and a join inside the run scores this (log10 units: a strong cue).
LINE_RUN_SCORE = 3.0


def _line_runs(roles: list[str], texts: list[str], model: "CharModel | None") -> dict[int, int]:
    """Runs of one-line text blocks as wide as each other, most of them cut
    mid-phrase (no mark at the line's end) and one at least inside a word
    (verse breaks between phrases): the lines of one paragraph printed a
    line a block, which the blank lines between them hid. A line of another
    width, a short line or a sentence's end ends a run (the paragraph's
    last line, or another block: the joins' cues decide). Returns block ->
    the run's first block; the run's headline-like lines become body (a line
    of a paragraph is no headline, whatever it looks like alone)."""
    widths = [_line_width(t) for t in texts]
    out: dict[int, int] = {}
    k = 0
    while k < len(texts):
        run = _grow_run(roles, texts, widths, k)
        if len(run) > 1:
            # an indented first line (by LINE_RUN_INDENT at most) only where
            # the model reads it on into the second (a headline as wide is no
            # paragraph's first line)
            indent = _median([widths[b] for b in run[1:]]) - widths[run[0]]
            if indent > LINE_RUN_SLACK and (indent > LINE_RUN_SLACK + LINE_RUN_INDENT or model is None
                                            or junction_scores(model, texts[run[0]], texts[run[1]])[0] < 0.0):
                run = run[1:]
        cut_word = any(_cut_inside_word(texts[a], texts[b]) for a, b in zip(run, run[1:]))
        cut_phrase = sum(1 for b in run if not _ANY_MARK_RE.match(texts[b].strip()[-1:]))
        if len(run) >= LINE_RUN_BLOCKS and cut_word and 2 * cut_phrase >= len(run):
            for b in run:
                out[b] = run[0]
                if roles[b] in ("headline", "subheadline"):
                    roles[b] = "body"
            k = run[-1] + 1
        else:
            k += 1
    return out


def _grow_run(roles: list[str], texts: list[str], widths: list[float], k: int) -> list[int]:
    """The longest run of one-line text blocks from ``k`` as wide as each
    other (``widths``: each block's, :func:`_line_width`; the first may be
    shorter by an indent), up to a sentence's end (on a shorter last line
    too)."""
    run: list[int] = []
    for m in range(k, len(texts)):
        if roles[m] not in ("body", "headline", "subheadline") or "\n" in texts[m].strip():
            break
        width = widths[m]
        if len(run) >= 2:
            median = _median([widths[b] for b in (run[1:] if len(run) > 2 else run)])
            if width < median - LINE_RUN_SLACK and _ends_sentence(texts[m]):
                run.append(m)  # the paragraph's short last line
                break
        if width < LINE_RUN_CELLS:
            break  # a short line (verse, a title)
        if len(run) >= 2 and abs(width - median) > LINE_RUN_SLACK:
            break
        if len(run) == 1 and widths[run[0]] > width + LINE_RUN_SLACK:
            break  # a first line wider than the second
        run.append(m)
        if _ends_sentence(texts[m]):
            break  # a paragraph's end (a sentence ending a full line mid-paragraph is rare)
    return run


#: ASCII marks OCR narrowed from full-width ones: a cell each in print.
_PRINT_WIDE = str.maketrans({c: "，" for c in ",.:;!?()"})


def _line_width(text: str) -> float:
    """A printed line's width in cells, as printed: OCR's spaces dropped,
    its narrowed marks a cell each."""
    return print_cells("".join(text.split()).translate(_PRINT_WIDE))


def _median(values: list[float]) -> float:
    """The upper median."""
    return sorted(values)[len(values) // 2]


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (or an ellipsis, or a note in brackets)."""
    return text.rstrip()[-1:] in SENTENCE_END or text.rstrip()[-1:] in "…）)"


#: Longest first line of a headline printed over two lines (content
#: characters) that ends on a comma (``…进一步深化，`` over the rest).
TOP_HEAD_CHARS = 12


def _top_head_line(roles: list[str], texts: list[str]) -> None:
    """The page's first text block, one short line that ends on a comma
    with no clause inside, right before a headline-like block, is that
    headline's first line: nothing before it is open for a column piece
    to continue, and a paragraph opens with a longer line than that."""
    arts = [k for k in range(len(roles)) if roles[k] not in FURNITURE_ROLES and roles[k] != "unknown"]
    if len(arts) < 2 or roles[arts[0]] != "body":
        return
    k, nxt = arts[0], arts[1]
    if nxt != k + 1 or roles[nxt] not in ("headline", "subheadline"):
        return
    text = texts[k].strip()
    if "\n" in text or text[-1:] not in "，," or _CLAUSE_INSIDE_RE.search(text[:-1]):
        return
    if 4 <= len(content_chars(text)) <= TOP_HEAD_CHARS:
        roles[k] = roles[nxt]


#: A piece of a headline too short to read as one (``走鬼多``) is a headline
#: piece when the model reads it as one phrase with the headline block next
#: to it (log10 PMI at the junction); unrelated short lines next to a
#: headline (an author's name, a section label) stay under 1.
HEAD_PIECE_PMI = 2.5
#: Longest such piece (content characters).
HEAD_PIECE_CHARS = 3
#: ... or, for a piece with no mark, when reading the two as one line gains
#: this much (log10, :func:`junction_gain`): the line before it cannot end
#: where it does (`市场没那么` + `大耐心`), though the model has no word
#: across the cut. Tuning pages: joins 841/39/134 -> 842/39/133 at 3.0
#: (2.75: 844/39/131, but order 0.610 -> 0.608 and 2 more clean pages, an
#: author's name read as a piece); clean dev pages 24 -> 23 of 192.
HEAD_PIECE_GAIN = 3.0


def _headline_pieces(roles: list[str], texts: list[str], model: "CharModel | None") -> None:
    """A short all-Han ``unknown`` block right before or after a
    headline-like block (furniture between them skipped: a box set between
    the two pieces), that reads on into it or from it as one phrase, takes
    that block's role (the head-head joins then join them). So does a
    numbered headline's first piece (`4、科技`) before the rest of it."""
    if model is None:
        return
    for k, role in enumerate(roles):
        if role != "unknown":
            continue
        text = texts[k].strip()
        numbered = _ENUMERATOR_RE.match(text)
        if numbered:
            text = text[numbered.end():]  # a numbered headline's number and first word (`4、科技`): read on only
        content = content_chars(text)
        if not 1 <= len(content) <= HEAD_PIECE_CHARS or not all(is_han(c) for c in content):
            continue
        best, best_role = HEAD_PIECE_PMI, ""
        for step in (1,) if numbered else (-1, 1):
            j = k + step
            while 0 <= j < len(roles) and roles[j] in FURNITURE_ROLES:
                j += step
            if 0 <= j < len(roles) and roles[j] in ("headline", "subheadline"):
                left, right = (texts[j], texts[k]) if j < k else (texts[k], texts[j])
                if not _ends_open(left):
                    continue
                pmi, ends, starts = junction_scores(model, left, right)
                if _cut_inside_word(left, right) and pmi - ends - starts >= WORD_CUT_GAIN:
                    pmi = max(pmi, HEAD_PIECE_PMI)  # `儿童村` + `的春天`: one line cut
                elif pmi - ends - starts >= HEAD_PIECE_GAIN and not _ANY_MARK_RE.search(text):
                    pmi = max(pmi, HEAD_PIECE_PMI)  # `市场没那么` + `大耐心`: the line goes on
                if pmi >= best:
                    best, best_role = pmi, roles[j]
        if best_role:
            roles[k] = best_role


def _name_subheadlines(articles: list[list[_Unit]]) -> None:
    for art in articles:
        seen_headline = False
        for u in art:
            if u.role == "headline" and seen_headline:
                u.role = "subheadline"
            elif u.role == "subheadline" and not seen_headline:
                u.role = "headline"
            if u.role in ("headline", "subheadline"):
                seen_headline = True


#: Whether a block of no role read right after furniture that leaves an
#: article (a caption, an ad) stays in that article, after the paragraph
#: before the furniture, when the article goes on under it: an intertitle
#: (`货运`), an author's name or a verse label is the article's, and
#: followed the box out of it. Tuning pages (fit model): order 0.609 ->
#: 0.621 (356/272/185 -> 359/257/182), joins and clean pages (11 of 384)
#: unchanged; six dev sets pooled 0.621 -> 0.625 (one set moves), clean dev
#: pages 16 of 192 either way.
UNKNOWN_PAST_BOXES = True


def _resumed_before(units: list[_Unit], n: int, owner: dict[int, int]) -> int | None:
    """The article unit before unit ``n``, past furniture that left the
    article, where the same article goes on after ``n`` (None elsewhere)."""
    m = next((m for m in range(n - 1, -1, -1) if units[m].blocks[0] in owner or units[m].role == "unknown"), None)
    if m is None or units[m].blocks[0] not in owner:
        return None
    nxt = next((x for x in range(n + 1, len(units)) if units[x].blocks[0] in owner), None)
    return m if nxt is not None and owner[units[m].blocks[0]] == owner[units[nxt].blocks[0]] else None


def _place_furniture(units: list[_Unit], articles: list[list[_Unit]], page: Page) -> list[_Unit]:
    """Articles in order, each followed by the furniture read inside or right
    after it; furniture before the first article stays first."""
    owner: dict[int, int] = {}  # block -> article
    for a, art in enumerate(articles):
        for u in art:
            for k in u.blocks:
                owner[k] = a
    after: dict[int, list[_Unit]] = {}
    lead: list[_Unit] = []
    for n, u in enumerate(units):
        if u.blocks[0] in owner:
            continue
        prev = n - 1 if n and units[n - 1].blocks[0] in owner else None
        if prev is None and UNKNOWN_PAST_BOXES and u.role == "unknown":
            prev = _resumed_before(units, n, owner)
        if u.role == "unknown" and prev is not None:
            # not furniture we know: it stays with the paragraph it followed
            art = articles[owner[units[prev].blocks[0]]]
            art.insert(art.index(units[prev]) + 1, u)
            for k in u.blocks:
                owner[k] = owner[units[prev].blocks[0]]
            continue
        before = [owner[k] for k in range(u.first) if k in owner]
        if not before:
            lead.append(u)
        else:
            after.setdefault(before[-1], []).append(u)
    out = list(lead)
    for a, art in enumerate(articles):
        out.extend(art)
        out.extend(after.get(a, []))
    return out


def _paragraph(page: Page, unit: _Unit, config: Config, confidence: dict[int, float]) -> Paragraph:
    """One unit's blocks as one paragraph; each junction between two blocks
    is an edit with the confidence of that join (``confidence``: block ->
    confidence of its join to the next)."""
    parts: list[Trace | str] = []
    blocks = page.blocks
    for n, k in enumerate(unit.blocks):
        trace = _block_trace(page, blocks[k], config)
        if n:
            # (positions in this page's blocks: a long input's window keeps
            # each block's ``index`` in the whole input)
            p = unit.blocks[n - 1]
            prev = blocks[p]
            prev_trace = parts[-1]
            assert isinstance(prev_trace, Trace)
            hyphen = config.hyphen and _hyphen_at(prev.text.rstrip(), blocks[k].text.lstrip())
            sure = confidence[p]
            if hyphen:
                parts[-1] = prev_trace.replace(len(prev_trace) - 1, len(prev_trace), "", "hyphen", min(sure, HYPHEN_CONFIDENCE))
            if k == p + 1:
                gap = Trace.of(page.source, *page.gaps[k])
                parts.append(gap.replace(0, len(gap), "" if hyphen else "\n", "hyphen" if hyphen else "join", sure))
            elif not hyphen:
                parts.append(Trace(page.source, ["\n"], [None], [("join", sure)], {}))
        parts.append(trace)
    trace = Trace.concat(parts, page.source, "join")
    if unit.move_margin is not None:
        # read out of source order: its characters, if moved, carry the order's confidence
        note = ("move", move_confidence(unit.move_margin))
        trace.note = [note if n is None and s is not None else n for n, s in zip(trace.note, trace.src)]
    joins = tuple(confidence[k] for k in unit.blocks[:-1])
    moved = None if unit.move_margin is None else move_confidence(unit.move_margin)
    return Paragraph(trace, unit.role, unit.article, tuple(unit.blocks), joins, moved)
