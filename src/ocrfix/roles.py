"""Block roles: what each block of a newspaper page is.

A role is decided from features that generalise across papers: length,
ending punctuation, digits and phone numbers, units (℃, 级), date words,
the shapes of bylines (``记者 X``) and photo credits (``记者 X 摄``), news
openers (``本报讯``), and recurring newspaper furniture matched fuzzily
against the lists in ``lexicons/furniture/``. :func:`classify` gives each
block one of :data:`ROLES` from its own text; :mod:`ocrfix.layout` refines
headline-like blocks by context (a subheadline follows a headline, a short
block that continues the previous one is body).

>>> [block_role(t) for t in ["记者 张三", "记者 李四 摄", "本报讯 日前，全市召开大会。", "经济新闻 3版"]]
['byline', 'credit', 'body', 'teaser']
>>> [block_role(t) for t in ["2016年3月 星期二 农历二月初四", "最高温度 20℃", "咨询热线: 87654321"]]
['dateline', 'weather', 'ad']
>>> block_role("全市推进老旧小区改造"), block_role("张青松")
('headline', 'byline')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
from rapidfuzz import fuzz

from .chardata import ANY_SENTENCE_END_RE, SENTENCE_END, content_chars

#: Every role a block can have.
ROLES = (
    "masthead",
    "dateline",
    "headline",
    "subheadline",
    "byline",
    "body",
    "caption",
    "credit",
    "ad",
    "weather",
    "teaser",
    "unknown",
)
#: Roles that belong to the page, not to an article: moved out of articles.
FURNITURE_ROLES = frozenset({"masthead", "dateline", "ad", "weather", "teaser"})
#: Roles of an article's head, read before its body.
HEAD_ROLES = frozenset({"headline", "subheadline", "byline"})
#: Roles whose spaces separate printed units (the decoder keeps them).
SPACED_ROLES = frozenset({"masthead", "dateline", "byline", "credit", "weather", "teaser", "ad"})

#: Marks after which a block may end a paragraph.
FINAL_MARKS = SENTENCE_END + "”’）)!?.…—"

_NAME = r"\p{Han}{2,4}"
_REPORTER = r"(?:本报)?(?:(?:见习|实习|特派|首席|特约)?记者|通讯员|实习生|本报评论员|撰稿)"
_BYLINE_RE = regex.compile(
    rf"^[（(]?{_REPORTER}\s*[:：,，]?\s*{_NAME}(?:\s*[\s、,，]\s*(?:{_REPORTER}\s*)?{_NAME})*[）)]?$"
)
_CREDIT_TAIL = rf"(?:(?:{_REPORTER}|摄影|图[/／]?文?)\s*[:：]?\s*)?{_NAME}(?:\s*[\s、,，]\s*{_NAME})*\s*(?:摄影?|图)[）)]?"
_CREDIT_RE = regex.compile(rf"^[（(]?{_CREDIT_TAIL}$")
_CREDIT_END_RE = regex.compile(rf"[\s。！？”]\s*[（(]?{_CREDIT_TAIL}$")
_TEASER_RE = regex.compile(r"^(?:\p{Han}{2,8}\s*(?:第\s*)?[0-9０-９]{1,2}\s*版|详见\s*第?\s*[0-9]{1,2}\s*版)$")
_DATE_RES = [
    regex.compile(r"[0-9]{4}\s*年\s*[0-9]{1,2}\s*月"),
    regex.compile(r"[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日"),
    regex.compile(r"星期[一二三四五六日天]|周[一二三四五六日]"),
    regex.compile(r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年"),
    regex.compile(r"[正一二三四五六七八九十冬腊]月(?:初|十|廿|二十|三十)[一二三四五六七八九十]?"),
    regex.compile(r"第\s*[0-9]+\s*期"),
    regex.compile(r"今日\s*[0-9]+\s*版"),
    regex.compile(r"农历"),
]
_PHONE_RE = regex.compile(r"(?<![0-9])(?:[0-9]{3,4}[-－ ])?[0-9]{7,11}(?![0-9])")
_ISSN_RE = regex.compile(r"CN\s*[0-9]{2}\s*[-－]\s*[0-9]{4}|ISSN", regex.I)
_WEATHER_NUM_RE = regex.compile(r"[0-9]+\s*℃|[0-9]+\s*[~～\-－至到]\s*[0-9]+\s*(?:℃|级)|℃")
#: A dated story opener (``本报曼谷1月5日电``, ``新华社北京1月11日讯``): body.
_DATED_OPENER_RE = regex.compile(r"^(?:本报|新华社|中新社)\p{Han}{0,8}[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日\s*[电讯]")
_CLAUSE_RE = regex.compile(r"[，,、；;：:。！？!?]")
#: The CJK Unified Ideographs block (U+4E00-U+9FFF), as a block's Han count reads it.
_CJK_BASIC_RE = re.compile("[\u4e00-\u9fff]")
_COMMA_OR_STOP_RE = regex.compile(r"[，,。；;]")
_NAME_BEFORE_DATE_RE = regex.compile(r"\p{Han}{2,4}(?=\s*[0-9０-９])")
_BOX_MARK_RE = regex.compile(r"[，,。！？!?；;]")
_HAN_2_4_RE = regex.compile(r"\p{Han}{2,4}")
_HAN_4_12_RE = regex.compile(r"\p{Han}{4,12}")


def lexicon_dir() -> Path:
    """Where the furniture lists live: ``ocrfix/data/furniture`` when packaged,
    else ``lexicons/furniture`` in the source tree."""
    packaged = Path(__file__).with_name("data") / "furniture"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "lexicons" / "furniture"


@lru_cache(maxsize=None)
def furniture(name: str) -> tuple[str, ...]:
    """The entries of ``lexicons/furniture/NAME.txt`` (comments and blanks skipped)."""
    path = lexicon_dir() / f"{name}.txt"
    if not path.is_file():
        raise FileNotFoundError(f"furniture list {path} is missing; reinstall ocrfix or restore lexicons/furniture/")
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return tuple(entries)


def furniture_hits(name: str, text: str, cutoff: float = 85.0, nested: bool = True) -> float:
    """How much of list ``name`` occurs in ``text``: exact hits count 1 (0.5 for
    a one-character entry), fuzzy hits of entries of 3+ characters count
    their similarity (OCR drops or changes a character). With
    ``nested=False`` an entry found only inside a longer entry's hit is not
    counted again (a list of alternatives: ``报社`` in ``日报社``).

    >>> [furniture_hits("masthead", t, nested=False) for t in ("某某日报社举行迎春会", "某某日报社主办")]
    [1.0, 2.0]
    """
    total = 0.0
    exact = [] if nested else [entry for entry in furniture(name) if entry in text]
    for entry in furniture(name):
        if entry in text:
            if not nested and any(entry != other and entry in other and text.count(entry) <= text.count(other) for other in exact):
                continue  # only inside a longer entry's hit (`报社` in `日报社`): counted once
            total += 1.0 if len(entry) > 1 else 0.5
        elif len(entry) >= 3 and len(text) >= len(entry) - 1:
            score = fuzz.partial_ratio(entry, text, score_cutoff=cutoff)
            if score:
                total += score / 100.0
    return total


@dataclass(frozen=True, slots=True)
class Features:
    """What :func:`block_role` looks at in one block's text."""

    text: str  # lines joined with spaces, stripped
    content: int  # letters and digits
    han: int
    ends_final: bool
    clauses: int  # clause and sentence marks inside

    @classmethod
    def of(cls, text: str) -> "Features":
        flat = " ".join(part.strip() for part in text.splitlines()).strip()
        content = content_chars(flat)
        han = len(_CJK_BASIC_RE.findall(content))
        last = flat.rstrip()[-1:] if flat else ""
        return cls(flat, len(content), han, bool(last) and last in FINAL_MARKS, len(_CLAUSE_RE.findall(flat)))


@lru_cache(maxsize=8192)
def block_role(text: str) -> str:
    """The role of one block from its own text (no context). Cached: the
    layout asks again for the blocks a round left as they were."""
    f = Features.of(text)
    t = f.text
    if f.content == 0:
        return "unknown"
    if f.content <= 24 and _CREDIT_RE.match(t):
        return "credit"
    if f.content <= 24 and _BYLINE_RE.match(t):
        return "byline"
    if f.content <= 24 and _TEASER_RE.match(t):
        return "teaser"
    if f.content <= 4 and is_bare_name(t):
        return "byline"  # an author's name printed as its own line
    if 5 <= f.content <= 12 and is_name_run(t):
        return "byline"  # several authors' names printed together (`张华李明`)
    if JOINED_NAMES and 4 <= f.content <= 14 and is_joined_names(t):
        return "byline"  # authors' names joined by 并/和/与/、 (`李晓并刘伟`)
    if f.content > 24 and _CREDIT_END_RE.search(t):
        return "caption"
    opener = any(t.startswith(o) for o in furniture("openers")) or bool(_DATED_OPENER_RE.match(t))
    sentences = len(ANY_SENTENCE_END_RE.findall(t))
    if not opener and not sentences and f.content <= 80:
        mast = furniture_hits("masthead", t, nested=False)  # `报社` inside `日报社` is one hit
    else:
        mast = 0.0
    if mast >= 2 or (_ISSN_RE.search(t) and mast >= 1):
        return "masthead"  # (a story's sentences may name a paper and its publisher)
    dates = sum(1 for r in _DATE_RES if r.search(t))
    if f.content <= 60 and not f.ends_final and not _COMMA_OR_STOP_RE.search(t) and (dates >= 2 or (dates == 1 and f.content <= 12 and f.han <= 6)):
        lead = _NAME_BEFORE_DATE_RE.match(t)
        if lead and is_bare_name(lead.group()):
            return "byline"  # an author's name and the date it was written (`张三 1996年1月18日`): a signature
        return "dateline"
    # (the furniture lists are read only where their score can decide: a
    # block of more than 60 content characters, or an opener, is no weather box)
    if f.content <= 60 and not opener and furniture_hits("weather", t) + 2 * len(_WEATHER_NUM_RE.findall(t)) >= 2.5:
        return "weather"
    if f.content <= 8 and _weather_words_only(t):
        return "weather"
    # a story of several sentences, even one that prints a phone number
    # and ends in its author's name in brackets, is not an ad
    long_story = f.content > 60 and ((f.ends_final and not _PHONE_RE.search(t)) or (sentences >= 3 and f.content > 120))
    if not opener and not long_story:
        ad = furniture_hits("ad", t) + 2 * len(_PHONE_RE.findall(t))
        # a sentence that introduces what follows (`…，…：`) is text, not a short ad
        introduces = f.clauses >= 2 and t[-1] in "：:"
        if ad >= 3 or (ad >= 1.5 and f.content <= 40 and not f.ends_final and not introduces):
            return "ad"
    if not opener and _short_line_box(text):
        return "ad"
    if opener or f.ends_final or f.content > 40:
        return "body"
    if f.text[-1] in "，,、；;" and f.content >= 8:
        return "body"  # a paragraph cut by a column break
    if ANY_SENTENCE_END_RE.search(t) or (f.clauses and f.content > 20) or f.clauses > 2:
        return "body"  # a headline has no full stop and few commas: a column piece
    if t[-1] in "：:":
        # a line that introduces what follows (`郝友好同志：`, `抽查合格的产品有：`,
        # `编辑点评：`) is text: of the train split's lines ending in a colon,
        # the 116 of at most 16 characters and the 47 of 17 to 40 hold no headline
        return "body"
    if f.han >= 4 and f.han * 2 >= f.content:
        return "headline"
    return "unknown"


#: A box of short lines: at least this many, each at most SHORT_LINE long.
BOX_LINES = 3
SHORT_LINE = 20


def _short_line_box(text: str) -> bool:
    r"""A block printed as a stack of short lines with no comma or sentence
    end anywhere (a slogan box, a notice signed by an office): prose set in
    a column runs its lines to the column's width and has clauses.

    >>> _short_line_box("城市精神:\n诚信 包容\n全市文明城市\n文明办公室")
    True
    >>> _short_line_box("今年以来\n全市上下\n共同努力，取得成效。")
    False
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < BOX_LINES or _BOX_MARK_RE.search(text):
        return False
    return all(len(content_chars(line)) <= SHORT_LINE for line in lines)


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    """Common family names (``lexicons/furniture/surnames.txt``, several a line)."""
    return frozenset(" ".join(furniture("surnames")).split())


@lru_cache(maxsize=4096)
def is_bare_name(text: str) -> bool:
    """Whether ``text`` is nothing but a person's name (2-4 Han characters):
    a common family name that jieba reads as a name, alone or before the
    given name, and no everyday word of jieba's dictionary.

    >>> is_bare_name("张青松"), is_bare_name("王大成"), is_bare_name("森林"), is_bare_name("高速")
    (True, True, False, False)
    """
    t = "".join(text.split())
    if not _HAN_2_4_RE.fullmatch(t):
        return False
    names = surnames()
    family = 2 if len(t) >= 3 and t[:2] in names else 1 if t[0] in names else 0
    if not family:
        return False
    from jieba import posseg

    from .lexicon import jieba_freq

    if jieba_freq().get(t, 0) >= 150:  # an everyday word (陈述, 孙子), not an author's name
        return False
    tags = [(p.word, p.flag) for p in posseg.cut(t)]
    if len(tags) == 1:
        return tags[0][1] == "nr"
    return len(t) == 3 and family == 1 and tags[0] == (t[0], "nr")


def is_name_run(text: str) -> bool:
    """Whether ``text`` is two or more authors' names printed together, each
    of 2-3 Han characters and a bare name (:func:`is_bare_name`).

    >>> is_name_run("张华李明"), is_name_run("王府井大街"), is_name_run("张华")
    (True, False, False)
    >>> is_name_run("宁荣昌李明"), is_name_run("宁荣昌")
    (True, False)
    """
    t = "".join(text.split())
    if not _HAN_4_12_RE.fullmatch(t):
        return False
    # where a run of whole names can end, and whether one of them so far is
    # a firm name (the others may be loose: see _loose_name)
    ends = {0: False}
    for k in range(len(t)):
        if k not in ends:
            continue
        for n in (2, 3):
            if k + n > len(t):
                continue
            piece = t[k : k + n]
            if is_bare_name(piece):
                ends[k + n] = True
            elif _loose_name(piece):
                ends.setdefault(k + n, ends[k])
                ends[k + n] = ends[k + n] or ends[k]
    return ends.get(len(t), False)


#: Whether a line of authors' names joined by a conjunction or an
#: enumeration comma (`李晓并刘伟`, `张华、李明`) is a byline.
JOINED_NAMES = True
_NAME_JOINERS = "并和与、"


def is_joined_names(text: str) -> bool:
    """Whether ``text`` is two to four authors' names joined by 并, 和, 与
    or 、, each a bare name (:func:`is_bare_name`).

    >>> is_joined_names("李晓并刘伟"), is_joined_names("张华、李明"), is_joined_names("和平与发展")
    (True, True, False)
    """
    t = "".join(text.split())
    if not 5 <= len(t) <= 19 or not any(c in t for c in _NAME_JOINERS):
        return False
    return _names_from(t, 0, 0)


def _names_from(t: str, k: int, count: int) -> bool:
    """Whether ``t[k:]`` is one bare name, or one and a joiner before the rest (at most four names)."""
    if count >= 4:
        return False
    for n in (2, 3, 4):
        piece = t[k : k + n]
        if len(piece) < n or not is_bare_name(piece):
            continue
        if k + n == len(t):
            return count >= 1
        if t[k + n] in _NAME_JOINERS and _names_from(t, k + n + 1, count + 1):
            return True
    return False


def _loose_name(piece: str) -> bool:
    """A family name and a two-character given name that jieba does not
    read as a person's name but that is no everyday word either (a given
    name that is also a place's name, ``荣昌``): a name only next to a
    firm one in :func:`is_name_run`.

    >>> _loose_name("宁荣昌"), _loose_name("王建设"), _loose_name("高速公")
    (True, False, False)
    """
    if len(piece) != 3 or piece[0] not in surnames():
        return False
    from .lexicon import jieba_freq

    freq = jieba_freq()
    if max(freq.get(piece, 0), freq.get(piece[1:], 0), freq.get(piece[:2], 0)) >= 150:
        return False  # an everyday word
    from jieba import posseg

    tags = [p.flag for p in posseg.cut(piece[1:])]
    return len(tags) == 1 and tags[0] in _PROPER_TAGS


#: jieba's tags of proper names (a person's, a place's, an organisation's).
_PROPER_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})


def _weather_words_only(text: str) -> bool:
    """True when ``text`` is nothing but weather words (``多云``, ``晴转阴``)."""
    rest = content_chars(text)
    for entry in sorted(furniture("weather"), key=len, reverse=True):
        if len(entry) > 1:
            rest = rest.replace(entry, "")
    return bool(content_chars(text)) and all(c in _WEATHER_CHARS for c in rest)


_WEATHER_CHARS = frozenset("晴阴雨雪雾霾云风转有")


#: A newspaper's name (…日报, …晚报) printed alone: its masthead.
_PAPER_NAME_RE = regex.compile(r"^\p{Han}{1,8}(?:日报|晚报|早报|时报|商报|周报|报)$")


def classify(texts: list[str] | tuple[str, ...]) -> list[str]:
    """Roles of a page's blocks in order, from their text, with the one piece
    of context that is safe without the layout: a headline-like block right
    after a headline (or after a subheadline) is a subheadline.

    >>> classify(["全市推进老旧小区改造", "今年完成两百个小区", "记者 张三", "本报讯 日前，全市召开大会。"])
    ['headline', 'subheadline', 'byline', 'body']
    """
    roles = [block_role(t) for t in texts]
    for i in range(min(2, len(roles))):
        if _PAPER_NAME_RE.match(texts[i].strip()):
            roles[i] = "masthead"  # the paper's name at the top of its page
    for i in range(1, len(roles)):
        if roles[i] == "headline" and roles[i - 1] in ("headline", "subheadline"):
            roles[i] = "subheadline"
    return roles
