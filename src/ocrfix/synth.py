"""Synthetic OCR damage: clean news text in, OCR-like pages with gold out.

The simulator sets clean paragraphs in narrow newspaper columns and damages
them the way the seed pages were damaged: printed line breaks leave a space
(style ``"spaces"``) or nothing / a single newline (style ``"nospace"``),
quotation marks drop out leaving a space or nothing, a comma goes with them,
``，：；！？（）`` come out half-width, stray spaces sit beside punctuation,
column ends split paragraphs into blocks, headlines and bylines are read
after the body, boxed matter lands inside articles and two articles' columns
alternate. Every page comes with its gold (``seeds/GOLD-README.md``), its
article map and a record of every damage applied.

>>> import random
>>> ocr, damage = corrupt_paragraph("他说：“质量强市”，从这里开始。", "spaces", random.Random(3), line_width=8)
>>> ocr
'他说: 质量 强市 从这里开 始。'
>>> [(d.kind, d.gold, d.ocr) for d in damage]
[('narrow', '：', ':'), ('quote_drop', '“', ' '), ('linebreak', '', ' '), ('quote_comma_drop', '”，', ' '), ('linebreak', '', ' ')]

Deterministic given a seed: ``random.Random`` seeded with a string is stable
across runs and machines.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from .chardata import NARROW, NO_LINE_END, NO_LINE_START, QUOTES, SENTENCE_END, content_chars, is_latin_or_digit, print_cells

STYLES = ("spaces", "nospace")

_CLOSE_QUOTES = "”’"
_OPEN_QUOTES = "“‘"
#: Marks that may go missing next to a dropped quote or on their own.
_LOSABLE = "，、"
_PUNCT = "，。、；：！？（）《》"


class Rates(NamedTuple):
    """Damage rates for one style. Defaults for ``"spaces"`` are calibrated
    on seed 000 (``python -m ocrfix.synth calibrate``, see docs/synth.md)."""

    #: Cells per printed line, drawn per article from this closed range
    #: (seed 000: median 16.75, quartiles 16-17).
    line_width: tuple[int, int] = (15, 18)
    #: Cells the first line of a paragraph is indented (seed 000: first
    #: lines median 14 cells).
    indent: int = 2
    #: Printed lines per column, drawn per article; a column end splits blocks
    #: (seed 000: 27% of body paragraphs split).
    column_lines: tuple[int, int] = (20, 40)
    #: Fraction of quotation marks dropped (seed 000: 88 of 88).
    quote_drop: float = 1.0
    #: Of dropped quotation marks, the fraction leaving a space (seed 000:
    #: 0.81, a few of them line ends).
    quote_space: float = 0.8
    #: Fraction of ``，、`` next to a dropped quote lost with it (seed 000: 3 of 13).
    comma_loss_with_quote: float = 0.23
    #: Fraction of other ``，`` lost, leaving a space in style "spaces"
    #: (seed 000: 9 of 56).
    comma_drop: float = 0.16
    #: Fraction of ``，：；！？（）`` narrowed to ASCII (seed 000: 62 of 62).
    narrow: float = 1.0
    #: Fraction of punctuation marks with a stray space before / after
    #: (seed 000: 0.17 before; 0.04 after, no more than line ends explain).
    space_before_punct: float = 0.17
    space_after_punct: float = 0.01
    #: Of line breaks right after a punctuation mark, the fraction still
    #: read as a space (seed 000: spaces after marks 0.04 against 0.12 of
    #: lines ending in one).
    linebreak_after_punct: float = 0.3
    #: Line breaks as written: ``" "`` in style spaces, ``""`` in nospace.
    linebreak: str = " "
    #: Per block, the chance its printed lines are separated by ``"\\n"``.
    newline_lines: float = 0.0
    #: Per paragraph, the chance every printed line became a block of its own.
    lines_as_blocks: float = 0.03
    #: Per article, the chance headline/subheadline/byline are read after the body.
    headline_after_body: float = 0.3
    #: Per headline, the chance it was printed over two lines read as two blocks.
    headline_split: float = 0.2
    #: Per article, the chance a box (ad, weather, caption, teaser) is read inside it.
    box_inside: float = 0.4
    #: Per page, the chance two articles' columns alternate.
    interleave: float = 0.3
    #: Per article, the chance a byline block ``记者 姓名`` is set.
    byline: float = 0.6


#: Default rates per style.
DEFAULT_RATES = {
    "spaces": Rates(),
    # Seed 001 has no gold; rates read off it by eye: all quotes and marks
    # dropped/narrowed, dropped quotes mostly leave nothing, no line-break
    # spaces, newlines inside boxes.
    "nospace": Rates(
        quote_space=0.3,
        comma_loss_with_quote=0.1,
        comma_drop=0.02,
        space_before_punct=0.01,
        space_after_punct=0.02,
        linebreak="",
        newline_lines=0.15,
        lines_as_blocks=0.0,
    ),
}


def default_rates(style: str) -> Rates:
    if style not in DEFAULT_RATES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    return DEFAULT_RATES[style]


# --------------------------------------------------------------------------
# Damage records


@dataclass(slots=True)
class Damage:
    """One replacement: ``gold`` (as printed) became ``ocr`` (as read).

    Offsets are into the paragraph for :func:`corrupt_paragraph` and into the
    page texts for :class:`SynthPage`; ``ocr_start == ocr_end`` when the OCR
    side is empty, likewise for gold.
    """

    kind: str
    gold: str
    ocr: str
    gold_start: int = 0
    gold_end: int = 0
    ocr_start: int = 0
    ocr_end: int = 0


class _Seg(NamedTuple):
    gold: str
    ocr: str
    kind: str | None  # None: clean text
    #: Offset of ``gold`` in the gold page (set when a page is built).
    g: int = -1


def _damage_segments(text: str, style: str, rng: random.Random, rates: Rates) -> list[_Seg]:
    """``text`` as segments with character damage applied (no line breaks yet)."""
    segs: list[_Seg] = []
    drop_fill = " " if style == "spaces" else ""
    n, i = len(text), 0
    while i < n:
        ch = text[i]
        if ch in QUOTES and rng.random() < rates.quote_drop:
            gold = ch
            kind = "quote_drop"
            if ch in _CLOSE_QUOTES and i + 1 < n and text[i + 1] in _LOSABLE and rng.random() < rates.comma_loss_with_quote:
                gold, kind = text[i : i + 2], "quote_comma_drop"
                i += 1
            elif ch in _OPEN_QUOTES and segs and segs[-1].kind in (None, "narrow") and segs[-1].gold in _LOSABLE and rng.random() < rates.comma_loss_with_quote:
                gold, kind = segs.pop().gold + ch, "quote_comma_drop"
            ocr = " " if rng.random() < rates.quote_space else ""
            if kind == "quote_comma_drop" and style == "spaces":
                ocr = " "
            segs.append(_Seg(gold, ocr, kind))
        elif ch == "，" and 0 < i < n - 1 and text[i - 1] not in QUOTES and text[i + 1] not in QUOTES and rng.random() < rates.comma_drop:
            segs.append(_Seg(ch, drop_fill, "comma_drop"))
        elif ch in _PUNCT:
            if i > 0 and rng.random() < rates.space_before_punct:
                segs.append(_Seg("", " ", "punct_space"))
            if ch in NARROW and rng.random() < rates.narrow:
                segs.append(_Seg(ch, NARROW[ch], "narrow"))
            else:
                segs.append(_Seg(ch, ch, None))
            if i < n - 1 and rng.random() < rates.space_after_punct:
                segs.append(_Seg("", " ", "punct_space"))
        else:
            segs.append(_Seg(ch, ch, None))
        i += 1
    return segs


def _set_lines(segs: Sequence[_Seg], width: float, indent: float) -> list[list[_Seg]]:
    """Break segments into printed lines of ``width`` cells (first line indented).

    A dropped quote still took its cell, so widths are measured on the gold
    side. Closing marks hang on the line before; opening marks and digit or
    Latin runs are not split from what follows.
    """
    lines: list[list[_Seg]] = [[]]
    used = float(indent)
    for seg in segs:
        cells = print_cells(seg.gold)
        line = lines[-1]
        if line and used + cells > width and not (seg.gold and seg.gold[0] in NO_LINE_START):
            carry: list[_Seg] = []
            # Keep digit/Latin runs and opening marks with what follows.
            while line and len(carry) < 8 and (
                (line[-1].gold and line[-1].gold[-1] in NO_LINE_END)
                or (is_latin_or_digit(seg.gold[:1]) and line[-1].gold and is_latin_or_digit(line[-1].gold[-1]))
                or line[-1].kind == "punct_space"
            ):
                carry.insert(0, line.pop())
                if not (carry[0].gold and is_latin_or_digit(carry[0].gold[0])):
                    break
            if not line:  # nothing left to break before: keep it together
                line.extend(carry)
                carry = []
            lines.append(carry)
            used = sum(print_cells(s.gold) for s in carry)
        lines[-1].append(seg)
        used += cells
    return [line for line in lines if line]


def _clean_edges(segs: list[_Seg]) -> list[_Seg]:
    """No whitespace at either end of a block, no two spaces in a row."""
    out: list[_Seg] = []
    prev_space = True  # block start counts as whitespace
    for seg in segs:
        ocr = seg.ocr
        if prev_space:
            ocr = ocr.lstrip(" ")
        if ocr:
            prev_space = ocr[-1] in " \n"
        out.append(seg._replace(ocr=ocr))
    for k in range(len(out) - 1, -1, -1):
        ocr = out[k].ocr.rstrip(" \n")
        out[k] = out[k]._replace(ocr=ocr)
        if ocr:
            break
    return out


def _join_lines(lines: list[list[_Seg]], sep: str, kind: str = "linebreak") -> list[_Seg]:
    segs: list[_Seg] = []
    for k, line in enumerate(lines):
        if k:
            segs.append(_Seg("", sep, kind))
        segs.extend(line)
    return segs


def _records(segs: Iterable[_Seg], gold_base: int = 0, ocr_base: int = 0) -> tuple[str, list[Damage]]:
    """Render segments to OCR text and list the damaged ones with offsets."""
    out: list[str] = []
    damage: list[Damage] = []
    g, o = gold_base, ocr_base
    for seg in segs:
        if seg.kind is not None and (seg.gold or seg.ocr):
            damage.append(Damage(seg.kind, seg.gold, seg.ocr, g, g + len(seg.gold), o, o + len(seg.ocr)))
        out.append(seg.ocr)
        g += len(seg.gold)
        o += len(seg.ocr)
    return "".join(out), damage


def _linebreak_sep(style: str, rates: Rates, rng: random.Random) -> str:
    if style == "nospace" and rng.random() < rates.newline_lines:
        return "\n"
    return rates.linebreak if style == "nospace" else " "


def corrupt_paragraph(
    text: str,
    style: str = "spaces",
    rng: random.Random | None = None,
    rates: Rates | None = None,
    line_width: float | None = None,
) -> tuple[str, list[Damage]]:
    """One paragraph as OCR reads it, set in a column of ``line_width`` cells.

    Returns the OCR text (one block, no column breaks) and the damage
    records with offsets into ``text`` (gold) and the OCR text.
    """
    rng = rng or random.Random(0)
    rates = rates or default_rates(style)
    if line_width is None:
        line_width = rng.randint(*rates.line_width)
    segs = _damage_segments(text, style, rng, rates)
    lines = _set_lines(segs, line_width, rates.indent)
    return _records(_clean_edges(_join_lines(lines, _linebreak_sep(style, rates, rng))))


# --------------------------------------------------------------------------
# Articles from the corpus

_HEADLINE_MAX = 40
#: Shorter lines are author names and signatures, not headlines.
_HEADLINE_MIN = 6


def _is_headline(line: str, minimum: int = _HEADLINE_MIN) -> bool:
    line = line.strip()
    if not (minimum <= len(line) <= _HEADLINE_MAX):
        return False
    if line[-1] in SENTENCE_END + "”’…）)：:" or line.startswith(("（", "(")):
        return False
    return "。" not in line


@dataclass(slots=True)
class Article:
    """A headline, optional subheadlines and byline, and body paragraphs."""

    headline: str
    body: list[str]
    subheads: list[str] = field(default_factory=list)
    byline: str = ""

    def blocks(self) -> list[tuple[str, str]]:
        """``(role, text)`` of every gold block, in reading order."""
        out = [("headline", self.headline)] + [("subheadline", s) for s in self.subheads]
        if self.byline:
            out.append(("byline", self.byline))
        return out + [("body", p) for p in self.body]


#: The word a reporter's title ends on, before the names.
_REPORTER_TITLES = frozenset({"记者", "通讯员", "本报记者"})
#: Words a reporter's title is made of (``本报驻加拿大记者``; places aside).
_TITLE_WORDS = _REPORTER_TITLES | {"本报", "新华社", "驻", "特约", "实习生"}
#: Words that may stand between two names on an author line (``李晓并刘伟``).
_NAME_JOINERS = frozenset({"并", "和", "、"})
#: Longest author line (content characters).
_AUTHOR_MAX = 16


def author_line(words: Sequence[tuple[str, str]]) -> bool:
    """Whether a tagged corpus line (:func:`ocrfix.corpus.tagged_words`)
    names its authors and nothing else: person names (POS ``nr``), joined
    by ``并``, ``和`` or ``、``, after a reporter's title if any.

    >>> from ocrfix.corpus import tagged_words as w
    >>> author_line(w("黄/nr  均雨/nr")), author_line(w("本报/r  驻/v  加拿大/ns  记者/n  邹/nr  德浩/nr"))
    (True, True)
    >>> author_line(w("李/nr  晓/nr  并/c  刘/nr  伟/nr")), author_line(w("钟/nr  敬之/nr  同志/n  逝世/v"))
    (True, False)
    >>> author_line(w("（/w  郑/nr  勇/nr  摄/Vg  ）/w")), author_line(w("湖南/ns"))
    (False, False)
    """
    if not words or sum(len(word) for word, _ in words) > _AUTHOR_MAX:
        return False
    titled = [k for k, (word, _) in enumerate(words) if word in _REPORTER_TITLES]
    start = titled[-1] + 1 if titled else 0
    if any(word not in _TITLE_WORDS and tag not in ("ns", "nt") for word, tag in words[:start]):
        return False
    names = words[start:]
    if not names or names[0][1] != "nr" or names[-1][1] != "nr":
        return False
    return all(tag == "nr" or word in _NAME_JOINERS for word, tag in names)


def _title_over_author(line: str) -> bool:
    """Whether a line right above an author line is its article's title:
    headline-like, also when short (``过年``) or ending in a picture note
    (``“庄园经济”兴化州（附图片1张）``)."""
    if line.endswith("）") and not line.startswith("（"):
        line = line.rpartition("（")[0]
    return _is_headline(line, minimum=2)


def articles_from_lines(lines: Sequence[str], max_body: int = 8, min_body: int = 1, tagged: bool = False) -> list[Article]:
    """Articles from corpus paragraphs: a run of headline-like lines (short, no
    sentence-final mark) opens an article, the paragraphs after it are its
    body. Bodies longer than ``max_body`` are cut; runs with no body dropped.

    With ``tagged`` lines (as the corpus prints them, ``word/POS``), a line
    that names only its authors (:func:`author_line`) right under the head
    lines is the article's byline, not its first paragraph or a subheadline,
    and a headline-like line shorter than usual (``过年``) right above one
    opens an article (it would otherwise be a paragraph of the one before)."""
    articles: list[Article] = []
    heads: list[str] = []
    byline: list[str] = []
    body: list[str] = []

    def close() -> None:
        if heads and len(body) >= min_body:
            articles.append(Article(heads[0], body[:max_body], heads[1:3], " ".join(byline)))

    from .corpus import tagged_words, untag

    rows = []  # (line, whether it names only its authors)
    for raw in lines:
        line = " ".join((untag(raw) if tagged else raw).split())
        if not line or line.startswith("●"):  # bullet lists: tables of contents
            continue
        rows.append((line, tagged and author_line(tagged_words(raw))))
    for k, (line, author) in enumerate(rows):
        head = _is_headline(line)
        if not head and not author and k + 1 < len(rows) and rows[k + 1][1]:
            head = _title_over_author(line)
        if author and heads and not body:
            byline.append(line)
        elif head:
            if body:
                close()
                heads, byline, body = [], [], []
            heads = heads[-2:] + [line]
        elif heads:
            body.append(line)
    close()
    return articles


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉宁晓波斌宇浩凯健俊帆帅旭鹏亮飞彬立新海峰林春燕晨阳雪梅琳颖欣蕾佳怡"


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _byline(rng: random.Random) -> str:
    names = " ".join(_name(rng) for _ in range(rng.choice((1, 1, 1, 2))))
    return rng.choice(("记者 ", "本报记者 ", "通讯员 ")) + names


# --------------------------------------------------------------------------
# Boxed matter (generic templates, lexicons/boxes/)

_BOX_DIR = Path(__file__).resolve().parents[2] / "lexicons" / "boxes"
_BUILTIN_BOXES = {
    "teaser": ["国内新闻 {n}版", "国际新闻 {n}版", "经济生活 {n}版", "体育天地 {n}版", "文化副刊 {n}版", "综合新闻 {n}版"],
    "weather": [
        "{sky}\n{wind}风 {w1}~{w2}级\n最高温度 {t2}℃\n最低温度 {t1}℃",
        "今日天气\n{sky}\n气温 {t1}℃~{t2}℃",
    ],
    "ad": [
        "欢迎订阅本报\n全年订价 {price}元\n订阅热线 {phone}",
        "诚信经营 服务大众\n咨询电话 {phone}",
        "招聘启事\n联系电话 {phone}",
    ],
}


def _box_templates() -> dict[str, list[str]]:
    """Box templates: one template a block of ``lexicons/boxes/KIND.txt``
    (blank-line separated), else the built-in generic ones."""
    out = {k: list(v) for k, v in _BUILTIN_BOXES.items()}
    if _BOX_DIR.is_dir():
        for path in sorted(_BOX_DIR.glob("*.txt")):
            blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip() and not b.startswith("#")]
            if blocks:
                out[path.stem] = blocks
    return out


_SKIES = ["晴", "多云", "阴", "小雨", "晴转多云", "多云转阴", "阴有小雨", "小雪"]
_WINDS = ["东", "南", "西", "北", "东北", "西北", "东南", "西南", "偏北", "偏东"]


def _fill(template: str, rng: random.Random) -> str:
    t1 = rng.randint(-10, 25)
    values = {
        "n": rng.randint(2, 16),
        "sky": rng.choice(_SKIES),
        "wind": rng.choice(_WINDS),
        "w1": (w := rng.randint(1, 4)),
        "w2": w + 1,
        "t1": t1,
        "t2": t1 + rng.randint(3, 10),
        "price": rng.randint(100, 400),
        "phone": "".join(str(rng.randint(0, 9)) for _ in range(8)),
    }
    return template.format(**values)


def _box(kind: str, rng: random.Random, captions: Sequence[str]) -> list[tuple[str, str]]:
    """``(role, text)`` gold blocks of one box."""
    if kind == "caption":
        text = rng.choice(captions) if captions else "图为活动现场。"
        return [("caption", f"{text} 记者 {_name(rng)} 摄")]
    template = rng.choice(_box_templates()[kind])
    return [(kind, line) for line in _fill(template, rng).split("\n") if line.strip()]


# --------------------------------------------------------------------------
# Pages


@dataclass(slots=True)
class SynthPage:
    """An OCR-like page with its gold restoration, article map and damage."""

    ocr: str
    gold: str
    #: Per gold block, its article index (-1: not part of an article).
    articles: list[int]
    #: Character damage with page offsets (``Damage`` records).
    damage: list[Damage]
    #: One entry per OCR block: its gold block, gold span, role, article.
    blocks: list[dict]
    #: Block-level damage: column breaks and moves.
    layout: list[dict]
    style: str = "spaces"

    def damage_json(self) -> dict:
        return {
            "style": self.style,
            "damage": [asdict(d) for d in self.damage],
            "blocks": self.blocks,
            "layout": self.layout,
        }


@dataclass(slots=True)
class _Piece:
    """A run of printed lines of one gold block that OCR read as one block."""

    gold_block: int
    role: str
    article: int
    lines: list[list[_Seg]]


def make_page(
    articles: Sequence[Article],
    style: str = "spaces",
    rng: random.Random | None = None,
    rates: Rates | None = None,
    captions: Sequence[str] = (),
    damage: bool = True,
) -> SynthPage:
    """Lay ``articles`` out on a page and read it the way OCR does.

    With ``damage=False`` the page is the clean layout: gold text in gold
    order, nothing damaged (OCR == gold); see :func:`clean_page`.
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    rng = rng or random.Random(0)
    rates = rates or default_rates(style)
    gold_blocks: list[tuple[str, str, int]] = []  # role, text, article
    art_ranges: list[tuple[int, int]] = []
    for a, art in enumerate(articles):
        start = len(gold_blocks)
        if damage and not art.byline and rng.random() < rates.byline:
            art = Article(art.headline, art.body, art.subheads, _byline(rng))
        gold_blocks.extend((role, text, a) for role, text in art.blocks())
        art_ranges.append((start, len(gold_blocks)))
        if damage and rng.random() < rates.box_inside:
            kind = rng.choice(("caption", "teaser", "weather", "ad"))
            gold_blocks.extend((role, text, -1) for role, text in _box(kind, rng, captions))
    gold = "\n\n".join(text for _, text, _ in gold_blocks) + "\n"
    article_map = [a for _, _, a in gold_blocks]
    starts, pos = [], 0
    for _, text, _ in gold_blocks:
        starts.append(pos)
        pos += len(text) + 2
    if not damage:
        blocks = [
            {"gold_block": k, "role": role, "article": a, "ocr_start": s, "ocr_end": s + len(text), "gold_start": s, "gold_end": s + len(text)}
            for k, ((role, text, a), s) in enumerate(zip(gold_blocks, starts))
        ]
        return SynthPage(gold, gold, article_map, [], blocks, [], style)
    layout: list[dict] = []
    pieces = _set_pieces(gold_blocks, starts, art_ranges, style, rng, rates, layout)
    order = _reading_order(pieces, gold_blocks, art_ranges, rng, rates, layout)
    return _render(order, gold, article_map, layout, style, rng, rates)


def clean_page(articles: Sequence[Article], style: str = "spaces") -> SynthPage:
    """Articles laid out correctly with no damage: the OCR is the gold."""
    return make_page(articles, style, damage=False)


def _set_pieces(gold_blocks, starts, art_ranges, style, rng, rates, layout) -> dict[int, list[_Piece]]:
    """Damage and set every gold block; split bodies at column ends."""
    widths = [rng.randint(*rates.line_width) for _ in art_ranges]
    heights = [rng.randint(*rates.column_lines) for _ in art_ranges]
    line_no = [rng.randrange(h) for h in heights]  # the article starts mid-column
    furniture = rates._replace(quote_drop=0.0, comma_drop=0.0, space_before_punct=0.0, space_after_punct=0.0)
    pieces: dict[int, list[_Piece]] = {}
    for k, (role, text, a) in enumerate(gold_blocks):
        segs = _damage_segments(text, style, rng, rates if role in ("body", "headline", "subheadline") else furniture)
        g = starts[k]
        for j, seg in enumerate(segs):
            segs[j] = seg._replace(g=g)
            g += len(seg.gold)
        if role == "body":
            lines = _set_lines(segs, widths[a], rates.indent)
        elif role in ("headline", "subheadline") and len(segs) >= 8 and rng.random() < rates.headline_split:
            cut = rng.randint(3, len(segs) - 3)
            lines = [segs[:cut], segs[cut:]]
            layout.append({"type": "headline_split", "gold_block": k})
            pieces[k] = [_Piece(k, role, a, [ln]) for ln in lines]
            continue
        else:
            pieces[k] = [_Piece(k, role, a, [segs])]
            continue
        if len(lines) > 2 and rng.random() < rates.lines_as_blocks:
            pieces[k] = [_Piece(k, role, a, [ln]) for ln in lines]
            layout.append({"type": "lines_as_blocks", "gold_block": k, "pieces": len(lines)})
            line_no[a] += len(lines)
            continue
        out: list[_Piece] = []
        cur: list[list[_Seg]] = []
        for j, ln in enumerate(lines):
            cur.append(ln)
            line_no[a] += 1
            if line_no[a] % heights[a] == 0 and j < len(lines) - 1:
                out.append(_Piece(k, role, a, cur))
                cur = []
        out.append(_Piece(k, role, a, cur))
        if len(out) > 1:
            cuts = [p.lines[0][0].g for p in out[1:]]
            layout.append({"type": "column_break", "gold_block": k, "gold_offsets": cuts, "inside_word": [_inside_word(gold_blocks[k][1], c - starts[k]) for c in cuts]})
        pieces[k] = out
    return pieces


def _inside_word(text: str, cut: int) -> bool:
    """Whether a cut at ``cut`` falls between two Han characters of one word
    (by jieba, loaded lazily)."""
    if not (0 < cut < len(text)) or not content_chars(text[cut - 1 : cut + 1]) == text[cut - 1 : cut + 1]:
        return False
    import jieba  # noqa: PLC0415 - slow import, only needed here

    pos = 0
    for word in jieba.cut(text[max(0, cut - 12) : cut + 12], HMM=False):
        pos += len(word)
        if pos >= min(cut, 12):
            return pos > min(cut, 12)
    return False


def _reading_order(pieces, gold_blocks, art_ranges, rng, rates, layout) -> list[list[_Piece]]:
    """OCR blocks in the order OCR reads them: each a list of pieces."""
    seqs: list[list[list[_Piece]]] = []
    after: list[list[list[_Piece]]] = []
    for a, (start, end) in enumerate(art_ranges):
        seq = [[p] for k in range(start, end) for p in pieces[k]]
        heads = [b for b in seq if b[0].role != "body"]
        body = [b for b in seq if b[0].role == "body"]
        if heads and body and rng.random() < rates.headline_after_body:
            seq = body + heads
            layout.append({"type": "headline_after_body", "article": a, "gold_blocks": sorted({b[0].gold_block for b in heads})})
        nxt = art_ranges[a + 1][0] if a + 1 < len(art_ranges) else len(gold_blocks)
        box = [p for k in range(end, nxt) for p in pieces[k]]
        boxes = [[p] for p in box]
        if len(box) > 1 and rates.newline_lines and rng.random() < 0.5:
            boxes = [box]  # one OCR block, items on lines of their own
            layout.append({"type": "box_merge", "gold_blocks": [p.gold_block for p in box]})
        if boxes and len(seq) > 2:
            at = rng.randint(1, len(seq) - 1)
            seq = seq[:at] + boxes + seq[at:]
            layout.append({"type": "box_inside_article", "article": a, "gold_blocks": [p.gold_block for b in boxes for p in b]})
            boxes = []
        seqs.append(seq)
        after.append(boxes)
    if len(seqs) >= 2 and rng.random() < rates.interleave:
        a = rng.randrange(len(seqs) - 1)
        x, y = seqs[a], seqs[a + 1]
        nx, ny = max(1, len(x) // 2), max(1, len(y) // 2)
        seqs[a], seqs[a + 1] = x[:nx] + y[:ny] + x[nx:] + y[ny:], []
        after[a], after[a + 1] = after[a] + after[a + 1], []
        layout.append({"type": "interleave", "articles": [a, a + 1]})
    first = art_ranges[0][0] if art_ranges else len(gold_blocks)
    order = [[p] for k in range(first) for p in pieces[k]]
    for seq, boxes in zip(seqs, after):
        order.extend(seq)
        order.extend(boxes)
    return order


def _render(order, gold, article_map, layout, style, rng, rates) -> SynthPage:
    texts: list[str] = []
    damage: list[Damage] = []
    blocks: list[dict] = []
    o = 0
    for block in order:
        segs: list[_Seg] = []
        sep = " " if style == "spaces" else ("\n" if rng.random() < rates.newline_lines else "")
        for n, piece in enumerate(block):
            if n:
                g = piece.lines[0][0].g
                segs.append(_Seg("\n\n", "\n", "block_merge", g - 2))
            for j, line in enumerate(piece.lines):
                if j:
                    after_mark = piece.lines[j - 1][-1].gold[-1:] in NO_LINE_START
                    here = "" if sep == " " and after_mark and rng.random() >= rates.linebreak_after_punct else sep
                    segs.append(_Seg("", here, "linebreak", line[0].g))
                segs.extend(line)
        segs = _clean_edges(segs)
        if texts:
            texts.append("\n\n")
            o += 2
        start = o
        for seg in segs:
            if seg.kind is not None and (seg.gold or seg.ocr):
                damage.append(Damage(seg.kind, seg.gold, seg.ocr, seg.g, seg.g + len(seg.gold), o, o + len(seg.ocr)))
            texts.append(seg.ocr)
            o += len(seg.ocr)
        for piece in block:
            g0 = piece.lines[0][0].g
            g1 = piece.lines[-1][-1].g + len(piece.lines[-1][-1].gold)
            blocks.append({"ocr_start": start, "ocr_end": o, "gold_block": piece.gold_block, "gold_start": g0, "gold_end": g1, "role": piece.role, "article": piece.article})
    return SynthPage("".join(texts) + "\n", gold, article_map, damage, blocks, layout, style)


# --------------------------------------------------------------------------
# The dev set


def _captions(lines: Sequence[str]) -> list[str]:
    """Short one-sentence paragraphs, reused as photo captions."""
    return [ln for ln in lines if 12 <= len(ln) <= 60 and ln.endswith("。") and ln.count("。") == 1]


def make_devset(
    out_dir: str | Path,
    n_pages: int = 48,
    styles: Sequence[str] = STYLES,
    seed: int = 0,
    split: str = "dev",
    articles_per_page: tuple[int, int] = (2, 4),
    lines: Sequence[str] | None = None,
    authors: bool = False,
) -> list[Path]:
    """Write ``n_pages`` synthetic pages, split evenly over ``styles``, to ``out_dir``.

    Per page NAME (``syn-STYLE-000``): ``NAME.txt`` (OCR), ``NAME.gold.txt``,
    ``NAME.articles.json`` and ``NAME.damage.json``. Returns the OCR paths.
    ``authors``: read the corpus's author lines and the short titles over
    them from its POS tags (``lines``, if given, are then tagged lines; see
    :func:`articles_from_lines`).
    """
    from . import corpus

    lines = list(lines) if lines is not None else corpus.load_split(split, tagged=authors)
    articles = articles_from_lines(lines, tagged=authors)
    if not articles:
        raise ValueError("no articles found in the source lines")
    captions = _captions([corpus.untag(line) for line in lines] if authors else lines)
    random.Random(f"ocrfix-synth-{seed}-order").shuffle(articles)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    per_style = -(-n_pages // len(styles))
    cursor = 0
    for s_index, style in enumerate(styles):
        for i in range(min(per_style, n_pages - s_index * per_style)):
            rng = random.Random(f"ocrfix-synth-{seed}-{style}-{i}")
            n = rng.randint(*articles_per_page)
            chosen = [articles[(cursor + j) % len(articles)] for j in range(n)]
            cursor += n
            page = make_page(chosen, style, rng, captions=captions)
            written.append(write_page(page, out / f"syn-{style}-{i:03d}"))
    return written


def write_page(page: SynthPage, stem: Path) -> Path:
    """Write ``stem.txt``, ``stem.gold.txt``, ``stem.articles.json`` and ``stem.damage.json``."""
    stem = Path(stem)
    ocr = stem.with_name(stem.name + ".txt")
    ocr.write_text(page.ocr, encoding="utf-8")
    stem.with_name(stem.name + ".gold.txt").write_text(page.gold, encoding="utf-8")
    stem.with_name(stem.name + ".articles.json").write_text(json.dumps({"articles": page.articles}) + "\n", encoding="utf-8")
    stem.with_name(stem.name + ".damage.json").write_text(json.dumps(page.damage_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return ocr


def clean_pages(n_pages: int = 8, seed: int = 0, split: str = "dev", authors: bool = False) -> list[SynthPage]:
    """Undamaged pages of ``split`` articles (2-4 a page), laid out correctly
    (``authors``: as :func:`make_devset` reads them)."""
    from . import corpus

    articles = articles_from_lines(corpus.load_split(split, tagged=authors), tagged=authors)
    random.Random(f"ocrfix-synth-{seed}-clean").shuffle(articles)
    pages, cursor = [], 0
    for i in range(n_pages):
        n = random.Random(f"ocrfix-synth-{seed}-clean-{i}").randint(2, 4)
        pages.append(clean_page([articles[(cursor + j) % len(articles)] for j in range(n)]))
        cursor += n
    return pages


# --------------------------------------------------------------------------
# Calibration: damage rates of a real OCR page against its gold


def _content_stream(text: str) -> tuple[str, list[str]]:
    """Content characters of ``text`` and, for each, the raw text after it up
    to the next content character."""
    chars, seps = [], []
    for ch in text:
        if content_chars(ch):
            chars.append(ch)
            seps.append("")
        elif seps:
            seps[-1] += ch
    return "".join(chars), seps


def _align_block(content: str, stream: str) -> dict[int, int]:
    """Map positions of a gold block's content characters to the OCR stream."""
    at = stream.find(content)
    if at >= 0 and len(content) >= 4:
        return {i: at + i for i in range(len(content))}
    from difflib import SequenceMatcher

    mapping: dict[int, int] = {}
    for m in SequenceMatcher(None, content, stream, autojunk=False).get_matching_blocks():
        if m.size >= 3:
            mapping.update({m.a + i: m.b + i for i in range(m.size)})
    return mapping


def calibrate(ocr: str, gold: str) -> dict:
    """Damage rates of ``ocr`` measured against its gold restoration.

    Gold blocks are aligned to the OCR by their content characters; each gap
    between two content characters that are adjacent in both is compared:
    what gold printed there against what OCR read. Counts and rates:

    >>> r = calibrate("他说:我们 好 ,是\\n\\n的", "他说：“我们好”，是的")
    >>> r["quote_drop"], r["quote_space"], r["narrow"], r["column_breaks"]
    (1.0, 0.5, 1.0, 1)
    """
    stream, osep = _content_stream(ocr)
    n = {k: 0 for k in ("quotes", "quotes_dropped", "dropped_space", "losable_by_quote", "lost_with_quote", "commas", "commas_alone", "commas_lost", "narrowable", "narrowed", "punct", "space_before", "space_after", "gaps", "extra_space", "column_breaks", "gold_paragraphs", "split_paragraphs")}
    widths: list[float] = []
    first_widths: list[float] = []
    for block in gold.split("\n\n"):
        block = block.strip()
        content, gsep = _content_stream(block)
        if len(content) < 2:
            continue
        lead = block[: block.find(content[0])]
        mapping = _align_block(content, stream)
        cells = print_cells(lead)
        last_break: float | None = 0.0
        split = False
        for i in range(len(content) - 1):
            cells += print_cells(content[i])
            g = gsep[i]
            j = mapping.get(i)
            if j is None or mapping.get(i + 1) != j + 1:
                cells += print_cells(g)
                last_break = None
                continue
            o = osep[j]
            n["gaps"] += 1
            quotes = [c for c in g if c in QUOTES]
            kept = sum(c in QUOTES for c in o)
            n["quotes"] += len(quotes)
            dropped = max(0, len(quotes) - kept)
            n["quotes_dropped"] += dropped
            if dropped:
                n["dropped_space"] += " " in o or "\n" in o
            for c in g:
                if c in NARROW and (c in o or NARROW[c] in o):  # lost marks do not count
                    n["narrowable"] += 1
                    n["narrowed"] += NARROW[c] in o
                if c == "，":
                    n["commas"] += 1
                    lost = "，" not in o and "," not in o
                    n["commas_alone"] += not quotes
                    n["commas_lost"] += lost and not quotes
                    if quotes and dropped:
                        n["losable_by_quote"] += 1
                        n["lost_with_quote"] += lost
            marks = [c for c in g if c in _PUNCT or c in NARROW]
            if marks and not quotes and any(c in o for c in marks + [NARROW.get(m, m) for m in marks]):
                n["punct"] += 1
                core = o.strip(" ")
                n["space_before"] += o.startswith(" ") and core != ""
                n["space_after"] += o.endswith(" ") and core != ""
            if "\n\n" in o.replace(" ", ""):
                n["column_breaks"] += 1
                split = True
            line_end = (g == "" and o in (" ", "\n")) or "\n" in o
            cells += print_cells(g)
            if line_end:
                n["extra_space"] += g == "" and o == " "
                if last_break == 0.0:
                    first_widths.append(cells)
                elif last_break is not None:
                    widths.append(cells - last_break)
                last_break = cells
        n["gold_paragraphs"] += len(content) >= 20
        n["split_paragraphs"] += split and len(content) >= 20

    def rate(a: str, b: str) -> float:
        return round(n[a] / n[b], 3) if n[b] else 0.0

    full = [w for w in widths if w >= 8]
    return {
        "quote_drop": rate("quotes_dropped", "quotes"),
        "quote_space": rate("dropped_space", "quotes_dropped"),
        "comma_loss_with_quote": rate("lost_with_quote", "losable_by_quote"),
        "comma_drop": rate("commas_lost", "commas_alone"),
        "narrow": rate("narrowed", "narrowable"),
        "space_before_punct": rate("space_before", "punct"),
        "space_after_punct": rate("space_after", "punct"),
        "column_breaks": n["column_breaks"],
        "split_paragraphs": rate("split_paragraphs", "gold_paragraphs"),
        "line_width_median": statistics.median(full) if full else None,
        "line_width_quartiles": statistics.quantiles(full, n=4) if len(full) >= 4 else None,
        "first_line_median": statistics.median(first_widths) if first_widths else None,
        "counts": n,
    }


# --------------------------------------------------------------------------
# Command line: python -m ocrfix.synth devset DIR | clean DIR | calibrate OCR GOLD


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ocrfix.synth", description="Synthetic OCR pages and their calibration.")
    sub = parser.add_subparsers(dest="command", required=True)
    dev = sub.add_parser("devset", help="write the synthetic dev set (OCR, gold, articles, damage) to DIR")
    dev.add_argument("out_dir")
    dev.add_argument("--pages", type=int, default=48)
    dev.add_argument("--seed", type=int, default=0)
    dev.add_argument("--split", default="dev", choices=("dev", "train", "tune"))
    dev.add_argument("--styles", default=",".join(STYLES), help="comma-separated, from: " + ", ".join(STYLES))
    clean = sub.add_parser("clean", help="write undamaged pages (OCR == gold) to DIR")
    clean.add_argument("out_dir")
    clean.add_argument("--pages", type=int, default=8)
    clean.add_argument("--seed", type=int, default=0)
    for p in (dev, clean):
        p.add_argument("--authors", action="store_true",
                       help="read author lines and the short titles over them from the corpus's POS tags "
                            "(bylines, not paragraphs or subheadlines)")
    cal = sub.add_parser("calibrate", help="measure damage rates of an OCR page against its gold")
    cal.add_argument("ocr")
    cal.add_argument("gold")
    args = parser.parse_args(argv)
    if args.command == "devset":
        styles = tuple(s for s in args.styles.split(",") if s)
        for style in styles:
            default_rates(style)  # validates
        paths = make_devset(args.out_dir, args.pages, styles, args.seed, args.split, authors=args.authors)
        print(f"wrote {len(paths)} pages to {args.out_dir}")
    elif args.command == "clean":
        out = Path(args.out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(clean_pages(args.pages, args.seed, authors=args.authors)):
            write_page(page, out / f"clean-{i:03d}")
        print(f"wrote {args.pages} clean pages to {args.out_dir}")
    else:
        rates = calibrate(Path(args.ocr).read_text(encoding="utf-8"), Path(args.gold).read_text(encoding="utf-8"))
        print(json.dumps(rates, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    # Run the package's own module, not this copy of it (``python -m``
    # loads the file a second time as ``__main__``, with state of its own).
    from ocrfix.synth import main as _main

    sys.exit(_main())
