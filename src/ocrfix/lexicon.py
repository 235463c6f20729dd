"""Lexicon evidence: which terms newspapers quote, mined from the train split.

``lexicons/quoted_terms.tsv`` lists terms the People's Daily train split sets
in quotation marks, with how often it quotes them and how often the same
string appears bare. ``lexicons/colon_quotes.tsv`` lists the words that
stand before a colon, with how often a quotation opens right after it
(``说：“`` mostly, ``报道：`` almost never). Rebuild them with::

    python -m ocrfix.lexicon mine -o lexicons/quoted_terms.tsv
    python -m ocrfix.lexicon colons -o lexicons/colon_quotes.tsv

Nothing here comes from the seed pages.

>>> is_common_word("不能"), is_common_word("三强一制造")
(True, False)
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable

import regex

from .chardata import SENTENCE_END, is_han
from .config import pure_python

#: A quoted term: 2 to 10 Han characters (a middle dot allowed) between “ and ”.
_QUOTED_RE = regex.compile(r"“([\p{Han}·]{2,10})”")
#: Terms quoted at least this often, and at least this share of the time, are proposed.
MIN_QUOTED = 3
MIN_RATIO = 0.5
#: jieba dictionary frequency above which a string is an everyday word, not a coined term.
COMMON_FREQ = 500


def mine_quoted_terms(lines: Iterable[str]) -> list[tuple[str, int, int]]:
    """``(term, quoted, bare)`` for every term quoted in ``lines``, most quoted first."""
    lines = list(lines)
    quoted = Counter(m.group(1) for line in lines for m in _QUOTED_RE.finditer(line))
    text = "\n".join(lines)
    rows = []
    for term, q in quoted.items():
        total = text.count(term)
        rows.append((term, q, max(0, total - q)))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows


#: How many characters before a colon jieba reads for the word it ends.
COLON_CONTEXT = 8
#: The row of ``colon_quotes.tsv`` that counts every colon.
ALL_COLONS = "<all>"
#: Pseudo-count pulling a word's rate toward all colons' (few colons follow
#: most words).
COLON_PRIOR = 4.0


def colon_word(before: str) -> str:
    """The word ``before`` ends with, as jieba's dictionary cuts it (no
    guessing of unknown words), or "".

    >>> colon_word("他高兴地说"), colon_word("据新华社报道")
    ('说', '报道')
    """
    import jieba

    before = before[-COLON_CONTEXT:]
    if not before:
        return ""
    word = ""
    for word in jieba.cut(before, HMM=False):
        pass
    return word


def mine_colon_words(lines: Iterable[str]) -> list[tuple[str, int, int]]:
    """``(word, quoted, colons)``: how often each word stands right before a
    ``：`` and how often a quotation opens right after that colon; the first
    row, :data:`ALL_COLONS`, counts every colon. Words seen once are left out.

    >>> mine_colon_words(["他说：“好。”", "他说：好。", "据报道：好。"])[:2]
    [('<all>', 1, 3), ('说', 1, 2)]
    """
    quoted: Counter = Counter()
    total: Counter = Counter()
    for line in lines:
        at = line.find("：")
        while at >= 0:
            if at > 0:
                word = colon_word(line[:at])
                total[word] += 1
                quoted[word] += line.startswith("“", at + 1)
            at = line.find("：", at + 1)
    rows = [(ALL_COLONS, sum(quoted.values()), sum(total.values()))]
    rows += sorted(((w, quoted[w], c) for w, c in total.items() if c >= 2), key=lambda r: (-r[2], r[0]))
    return rows


def colon_quotes_path() -> Path:
    """``colon_quotes.tsv`` beside the quoted-terms file (:func:`lexicon_path`:
    a tuning run's ``$OCRFIX_LEXICON`` gets the one mined with it)."""
    return lexicon_path().with_name("colon_quotes.tsv")


@functools.lru_cache(maxsize=1)
def colon_quotes() -> dict[str, tuple[int, int]]:
    """word -> (quoted, colons) from ``colon_quotes.tsv`` (empty if absent)."""
    return _read_counts(colon_quotes_path())


@functools.lru_cache(maxsize=4096)
def colon_word_odds(before: str) -> float:
    """How much likelier a quotation opens after a colon that follows
    ``before`` than after any colon: the log10 odds of the word ``before``
    ends with (:func:`colon_word`; rates smoothed toward all colons') minus
    those of all colons. 0 where the lexicon is absent or the word unknown."""
    table = colon_quotes()
    if ALL_COLONS not in table:
        return 0.0
    q0, c0 = table[ALL_COLONS]
    q, c = table.get(colon_word(before), (0, 0))
    if not c or not 0 < q0 < c0:
        return 0.0
    base = q0 / c0
    rate = (q + COLON_PRIOR * base) / (c + COLON_PRIOR)
    return math.log10(rate / (1 - rate)) - math.log10(base / (1 - base))


#: A quotation with no quotation inside, and the characters around it.
_QUOTATION_RE = regex.compile(r"(.)“([^“”]*)”(.?)")


def close_forms(lines: Iterable[str]) -> dict[bool, tuple[float, float, float]]:
    """How quotations close, by whether they open after a speech colon:
    ``{speech: (inside, outside, none)}`` as log10 P(form | speech) / P(form),
    where *inside* is a sentence end before the closing mark (``。”``),
    *outside* one right after it (``”。``), *none* neither.

    >>> forms = close_forms(["他说：“好。”", "他说：“好。”", "搞“试点”。", "搞“试点”工作"])
    >>> [round(x, 2) for x in forms[True]], [round(x, 2) for x in forms[False]]
    ([0.3, -inf, -inf], [-inf, 0.3, 0.3])
    """
    counts = {True: [0, 0, 0], False: [0, 0, 0]}
    for line in lines:
        for m in _QUOTATION_RE.finditer(line):
            body, after = m.group(2), m.group(3)
            form = 0 if body.endswith(tuple(SENTENCE_END)) else 1 if after and after in SENTENCE_END else 2
            counts[m.group(1) == "："][form] += 1
    total = [a + b for a, b in zip(counts[True], counts[False])]
    n = sum(total)

    def ratio(row: list[int], k: int) -> float:
        if not row[k]:
            return -math.inf
        return math.log10(row[k] / sum(row)) - math.log10(total[k] / n)

    return {speech: tuple(ratio(row, k) for k in range(3)) for speech, row in counts.items()}


#: What stands before a quotation that may be a spoken sentence as well as a
#: term: a comma or sentence end (or nothing: the paragraph's start).
_BOUNDARY_QUOTE_RE = regex.compile(r"(?:^|(?<=[，。！？]))“([^“”]*)”")


def boundary_speech(lines: Iterable[str], term: float = 0.85, speech: float = 0.97, rounds: int = 200) -> tuple[float, int]:
    """The share of speech among quotations opening at a boundary (a
    paragraph's start, right after ``，。！？``) and how many there are: the
    weight of the long component when their lengths (characters, at least
    1) are fitted by EM as a mixture of two geometric distributions with the
    decoder's per-character continuation probabilities (``Channel.span_atom``
    = log10 ``term``, ``Channel.span_atom_speech`` = log10 ``speech``).

    >>> long = "“今天的会议开得很好，大家都很满意，希望明年还能再来这里开会，继续讨论合作的事。”他说。"
    >>> share, n = boundary_speech(["“好”，他说。", "他说，“行”。", long, "他点头“同意”。"])
    >>> n, round(share, 2)
    (3, 0.39)
    """
    lengths = [max(1, len(m.group(1))) for line in lines for m in _BOUNDARY_QUOTE_RE.finditer(line)]
    if not lengths:
        return 0.0, 0

    def geometric(p: float, n: int) -> float:
        return (1.0 - p) * p ** (n - 1)
    share = 0.5
    for _ in range(rounds):
        resp = [share * geometric(speech, n) / (share * geometric(speech, n) + (1 - share) * geometric(term, n)) for n in lengths]
        share = sum(resp) / len(resp)
    return share, len(lengths)


#: Environment variable naming another quoted-terms file (a tuning run's,
#: mined from the ``"fit"`` split: ``bench/tune_set.sh``).
LEXICON_ENV = "OCRFIX_LEXICON"


def lexicon_path() -> Path:
    """``quoted_terms.tsv``: ``$OCRFIX_LEXICON`` if set, else the shipped
    package data, else the source tree's ``lexicons/``."""
    if os.environ.get(LEXICON_ENV):
        return Path(os.environ[LEXICON_ENV])
    for candidate in (
        Path(__file__).with_name("data") / "quoted_terms.tsv",
        Path(__file__).resolve().parents[2] / "lexicons" / "quoted_terms.tsv",
    ):
        if candidate.is_file():
            return candidate
    return Path(__file__).with_name("data") / "quoted_terms.tsv"


@functools.lru_cache(maxsize=1)
def quoted_terms() -> dict[str, tuple[int, int]]:
    """term -> (quoted, bare) from the shipped lexicon (empty if absent)."""
    path = lexicon_path()
    if not path.is_file():
        if os.environ.get(LEXICON_ENV):
            raise FileNotFoundError(f"${LEXICON_ENV} names {path}, which is not a file")
        return {}
    return _read_counts(path)


def _read_counts(path: Path) -> dict[str, tuple[int, int]]:
    """A lexicon TSV's rows ``word<TAB>count<TAB>count`` (empty if absent)."""
    out: dict[str, tuple[int, int]] = {}
    if not path.is_file():
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            term, q, b = line.rstrip("\n").split("\t")[:3]
            out[term] = (int(q), int(b))
    return out


@functools.lru_cache(maxsize=1)
def proposal_terms() -> dict[str, float]:
    """Terms quoted often and mostly: term -> log10 odds that it is quoted."""
    import math

    out = {}
    for term, (q, b) in quoted_terms().items():
        if q >= MIN_QUOTED and q / (q + b) >= MIN_RATIO:
            out[term] = math.log10((q + 0.5) / (b + 0.5))
    return out


@functools.lru_cache(maxsize=1)
def jieba_freq() -> dict[str, int]:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt.FREQ


@functools.lru_cache(maxsize=4096)
def word_starts(text: str) -> tuple[int, ...]:
    """Positions in ``text`` (after its first character) where jieba, with
    its dictionary alone (no guessing of unknown words), starts a word.

    >>> word_starts("启动世贸敦促")
    (2, 4)
    """
    import jieba

    freq = jieba_freq()  # initialises jieba quietly
    if _compiled_word_starts is not None and COMPILED_WORDS:
        # the same walk compiled (ocrfix._cwords; tests/test_compiled_words.py)
        return _compiled_word_starts(text, freq, math.log(jieba.dt.total))
    return jieba_word_starts(text)


def jieba_word_starts(text: str) -> tuple[int, ...]:
    """:func:`word_starts` by jieba itself (the reference of the compiled walk)."""
    import jieba

    jieba_freq()
    starts, pos = [], 0
    for word in jieba.cut(text, HMM=False):
        if pos:
            starts.append(pos)
        pos += len(word)
    return tuple(starts)


try:
    from ._cwords import word_starts as _compiled_word_starts
except ImportError:  # not built (no C compiler at install): jieba's own loops run
    _compiled_word_starts = None

#: Whether :func:`word_starts` runs the compiled walk (``ocrfix._cwords``):
#: where it was built, unless ``OCRFIX_PURE_PYTHON=1`` (as the beam search).
COMPILED_WORDS = _compiled_word_starts is not None and not pure_python()


#: Mean log10 probability per character (after the first) above which the
#: model knows a string as an everyday phrase.
COMMON_LOGPROB = -1.35


def is_common_word(term: str, model=None) -> bool:
    """True for an everyday word or phrase: frequent in jieba's dictionary,
    mostly bare in the train split, or (given the character ``model``) a
    string the model finds very predictable. Such strings are not coined
    terms worth quoting everywhere a page uses them."""
    if jieba_freq().get(term, 0) >= COMMON_FREQ:
        return True
    counts = quoted_terms().get(term)
    if counts is not None and counts[1] > 4 * counts[0]:
        return True
    if model is not None and len(term) >= 2:
        inner = model.score(term, bos=False, eos=False) - model.score(term[0], bos=False, eos=False)
        return inner / (len(term) - 1) > COMMON_LOGPROB
    return False


#: What each minable split is, for the lexicon file's header.
_SPLIT_NAMES = {"train": "train split (first 90% of lines)", "fit": "fit split (first 80% of lines)"}


def write_tsv(rows: list[tuple[str, int, int]], out: Path, command: str, split: str = "train",
              what: str = "quoted terms", columns: str = "term\tquoted\tbare") -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"# {what} of the People's Daily 1998-01 {_SPLIT_NAMES[split]}\n")
        f.write(f"# command: {command}\n")
        f.write(f"# {columns}\n")
        for term, q, b in rows:
            f.write(f"{term}\t{q}\t{b}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ocrfix.lexicon", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    mine = sub.add_parser("mine", help="mine quoted terms from the train split")
    mine.add_argument("-o", "--output", type=Path, default=Path("lexicons/quoted_terms.tsv"))
    mine.add_argument("--min-quoted", type=int, default=2, help="keep terms quoted at least this often")
    mine.add_argument("--split", default="train", choices=tuple(_SPLIT_NAMES), help="the corpus split to mine (fit: for a tuning run)")
    colons = sub.add_parser("colons", help="mine how often a quotation opens after a colon, by the word before it")
    colons.add_argument("-o", "--output", type=Path, default=Path("lexicons/colon_quotes.tsv"))
    colons.add_argument("--split", default="train", choices=tuple(_SPLIT_NAMES), help="the corpus split to mine (fit: for a tuning run)")
    sub.add_parser("close-forms", help="print how quotations close, after a speech colon or not (decode.CLOSE_FORMS)")
    sub.add_parser("boundary-speech", help="print the share of speech among quotations opening at a boundary (decode.Channel.boundary_speech)")
    args = ap.parse_args(argv)
    from . import corpus

    if args.cmd == "boundary-speech":
        share, n = boundary_speech(corpus.load_split("train"))
        print(f"{share:.3f}  # of {n} quotations at a paragraph's start or after ，。！？ (train split)")
        return 0

    if args.cmd == "close-forms":
        for speech, row in close_forms(corpus.load_split("train")).items():
            print(f"{speech}: ({', '.join(f'{x:.2f}' for x in row)})  # inside, outside, none")
        return 0

    split = "" if args.split == "train" else f" --split {args.split}"
    if args.cmd == "colons":
        rows = mine_colon_words(corpus.load_split(args.split))
        write_tsv(rows, args.output, f"python -m ocrfix.lexicon colons -o {args.output}{split}", args.split,
                  what="words before a colon", columns=f"word\tquoted after the colon\tcolons ({ALL_COLONS}: every colon)")
        print(f"{len(rows) - 1} words -> {args.output}", file=sys.stderr)
        return 0
    rows = [r for r in mine_quoted_terms(corpus.load_split(args.split)) if r[1] >= args.min_quoted]
    write_tsv(rows, args.output, f"python -m ocrfix.lexicon mine -o {args.output} --min-quoted {args.min_quoted}{split}", args.split)
    print(f"{len(rows)} terms -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Run the package's own module, not this copy of it (``python -m``
    # loads the file a second time as ``__main__``, with state of its own).
    from ocrfix.lexicon import main as _main

    sys.exit(_main())
