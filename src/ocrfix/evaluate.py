"""Score restored pages against gold restorations: the measuring stick.

Every mark (quotation mark, other punctuation, space) is identified by the
content characters around it, not by its offset: the prediction's content
characters are aligned to the gold's, and a mark sits in a *slot*, the gap
before gold content character ``g`` of gold block ``b``. A block that moved
keeps its slots, so moving a correct block changes no mark score.

>>> gold = "我市“质量创强”获批示，永康成功。"
>>> r = evaluate_page(gold, "我市 质量创强 获批示,永康成功。", input="我市 质量创强 获批示,永康成功。")
>>> r["marks"]["quote"]["recall"], r["marks"]["punct"]["precision"], r["marks"]["space"]["fp"]
(0.0, 0.5, 2)
>>> evaluate_page(gold, gold)["cer"]["after"]["rate"]
0.0

Metric definitions: ``docs/evaluation.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex
from rapidfuzz.distance import Indel, Levenshtein

from .chardata import QUOTES, is_content
from .page import Page

#: Repair kinds scored with precision / recall / F1, in report order.
KINDS = ("quote", "punct", "space", "join", "order")
#: Mark kinds (the ones that live in slots).
MARK_KINDS = ("quote", "punct", "space")
#: ASCII quotes are scored as (wrong) quotation marks, not as punctuation.
QUOTE_MARKS = QUOTES + "\"'"
#: Opening marks belong to the content after them when a slot is ambiguous.
OPENING = "“‘（《〈【「『([{"
WHITESPACE = " \t\u3000\u00a0\r\n"
PUNCT_RE = regex.compile(r"\p{P}")
#: Content characters of a page aligned to gold only in runs at least this
#: long in the first passes (longest first), so that a short common string
#: cannot pull a moved block to the wrong place; leftovers are filled between
#: anchors afterwards.
ANCHOR_PASSES = (8, 3)
LAST_PASS = 2


# --------------------------------------------------------------- counting


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None

    def to_dict(self) -> dict:
        r = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": r(self.precision), "recall": r(self.recall), "f1": r(self.f1)}

    @classmethod
    def from_dict(cls, d: dict) -> "Counts":
        return cls(d["tp"], d["fp"], d["fn"])


# ------------------------------------------------------------ page model


@dataclass(slots=True)
class _Text:
    """A page seen as content characters plus the marks between them."""

    content: str
    #: block index of each content character
    cblock: list[int]
    #: (block, previous content index or -1, next content index or -1, kind, token)
    marks: list[tuple[int, int, int, str, str]]
    nblocks: int
    #: the page for CER: blocks joined by one newline
    norm: str
    #: offset in ``norm`` of each content character
    offsets: list[int] = field(default_factory=list)


def _mark_kind(ch: str) -> str | None:
    if ch in WHITESPACE:
        return "space"
    if ch in QUOTE_MARKS:
        return "quote"
    if PUNCT_RE.match(ch):
        return "punct"
    return None  # symbols (℃, ~, |) are seen by CER only


def _read(text: str) -> _Text:
    blocks = [b.text for b in Page.parse(text).blocks]
    content: list[str] = []
    cblock: list[int] = []
    offsets: list[int] = []
    marks: list[list] = []
    base = 0
    for bi, block in enumerate(blocks):
        prev, pending, in_space = -1, [], False
        for k, ch in enumerate(block):
            if is_content(ch):
                for m in pending:
                    m[2] = len(content)
                pending, in_space = [], False
                prev = len(content)
                content.append(ch)
                cblock.append(bi)
                offsets.append(base + k)
                continue
            kind = _mark_kind(ch)
            if kind is None or (kind == "space" and in_space):
                continue
            in_space = kind == "space"
            m = [bi, prev, -1, kind, " " if in_space else ch]
            marks.append(m)
            pending.append(m)
        base += len(block) + 1
    return _Text("".join(content), cblock, [tuple(m) for m in marks], len(blocks), "\n".join(blocks), offsets)


# -------------------------------------------------------------- alignment


def align_content(gold: str, other: str, gold_blocks: list[int] | None = None) -> list[int]:
    """For each character of ``other``, the index of the gold character it is, or -1.

    Both strings are content characters; ``other`` is mostly a permutation of
    ``gold`` made of long order-preserving runs (moved, split or joined
    blocks). Long common runs are matched first, over and over on what is
    left, so moved pieces find their place; then the short leftovers between
    two matched neighbours of the same gold block are aligned in place.

    >>> align_content("abcdefghijXYZ", "XYZabcdefghij")
    [10, 11, 12, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    g2o, o2g = [-1] * len(gold), [-1] * len(other)
    for min_len in ANCHOR_PASSES:
        while _match_leftovers(gold, other, g2o, o2g, min_len):
            pass
    gold_blocks = gold_blocks or [0] * len(gold)
    _fill_between(gold, other, g2o, o2g, gold_blocks)
    # short pieces that moved on their own (a two-character word of a
    # column split), then what lies between them and their neighbours
    while _match_leftovers(gold, other, g2o, o2g, LAST_PASS):
        pass
    _fill_between(gold, other, g2o, o2g, gold_blocks)
    return o2g


def _leftover_seq(text: str, taken: list[int], sep_base: int) -> tuple[list[int], list[int]]:
    seq, index, runs = [], [], 0
    for i, ch in enumerate(text):
        if taken[i] == -1:
            seq.append(ord(ch))
            index.append(i)
        elif seq and index[-1] != -1:
            runs += 1
            seq.append(sep_base - runs)  # never equal to anything on the other side
            index.append(-1)
    return seq, index


def _match_leftovers(gold: str, other: str, g2o: list[int], o2g: list[int], min_len: int) -> int:
    gseq, gidx = _leftover_seq(gold, g2o, -1)
    oseq, oidx = _leftover_seq(other, o2g, -(10**9))
    if not gseq or not oseq:
        return 0
    added = 0
    for op in Indel.opcodes(gseq, oseq):
        if op.tag != "equal" or op.src_end - op.src_start < min_len:
            continue
        for t in range(op.src_end - op.src_start):
            g, o = gidx[op.src_start + t], oidx[op.dest_start + t]
            g2o[g], o2g[o] = o, g
            added += 1
    return added


def _fill_between(gold: str, other: str, g2o: list[int], o2g: list[int], gblock: list[int]) -> None:
    n, m, s = len(gold), len(other), 0
    while s < n:
        if g2o[s] != -1:
            s += 1
            continue
        e = s
        while e < n and g2o[e] == -1 and gblock[e] == gblock[s]:
            e += 1
        left = g2o[s - 1] if s > 0 and gblock[s - 1] == gblock[s] else -1
        right = g2o[e] if e < n and gblock[e] == gblock[s] else -1
        lo = hi = -1
        if left != -1:
            lo = hi = left + 1
            while hi < m and o2g[hi] == -1 and hi != right:
                hi += 1
        elif right != -1:
            lo = hi = right
            while lo > 0 and o2g[lo - 1] == -1:
                lo -= 1
        if hi > lo:
            for op in Indel.opcodes(gold[s:e], other[lo:hi]):
                if op.tag == "equal":
                    for t in range(op.src_end - op.src_start):
                        g, o = s + op.src_start + t, lo + op.dest_start + t
                        g2o[g], o2g[o] = o, g
        s = e


# ------------------------------------------------------------------ views


@dataclass(slots=True)
class _View:
    """One page (input or prediction) seen through its alignment to gold."""

    slots: dict  # (gold block, gold index) -> {kind: Counter}
    joined: set  # gold indices whose gap before them (inside a gold block) is joined
    gaps: set  # all such gaps this view can show
    bad_joins: set  # (ga, gb) adjacent in one block here, not adjacent in gold
    in_order: set  # gold block pairs read consecutively, in order
    bad_order: set  # (i, j) transitions that break an article's order
    content_lost: int = 0
    content_added: int = 0
    cer: dict = field(default_factory=dict)


def _view(gold: _Text, text: _Text, o2g: list[int], pairs: set) -> _View:
    gblock = gold.cblock
    # nearest aligned gold index before / after each content character, within its block
    n = len(text.content)
    before, after = [-1] * n, [-1] * n
    last, last_block = -1, -1
    for i in range(n):
        if text.cblock[i] != last_block:
            last, last_block = -1, text.cblock[i]
        if o2g[i] != -1:
            last = o2g[i]
        before[i] = last
    last, last_block = -1, -1
    for i in range(n - 1, -1, -1):
        if text.cblock[i] != last_block:
            last, last_block = -1, text.cblock[i]
        if o2g[i] != -1:
            last = o2g[i]
        after[i] = last

    slots: dict = {}
    for block, prev, nxt, kind, token in text.marks:
        ga = before[prev] if prev != -1 else -1
        gb = after[nxt] if nxt != -1 else -1
        if ga != -1 and gb == ga + 1 and gblock[ga] == gblock[gb]:
            slot = (gblock[gb], gb)
        elif gb != -1 and (token in OPENING or ga == -1):
            slot = (gblock[gb], gb)
        elif ga != -1:
            slot = (gblock[ga], ga + 1)
        else:
            continue  # no content here that gold knows: not identifiable
        slots.setdefault(slot, {}).setdefault(kind, Counter())[token] += 1

    # joins: consecutive aligned content characters of this view
    aligned = [(o2g[i], text.cblock[i]) for i in range(n) if o2g[i] != -1]
    present = sorted(g for g, _ in aligned)
    prev_in_block = {}  # gold index -> previous present gold index of the same gold block
    for a, b in zip(present, present[1:]):
        if gblock[a] == gblock[b]:
            prev_in_block[b] = a
    first, lastc = {}, {}
    for g in present:
        first.setdefault(gblock[g], g)
        lastc[gblock[g]] = g
    joined, bad_joins, in_order, bad_order = set(), set(), set(), set()
    has_succ = {i for i, _ in pairs}
    has_pred = {j for _, j in pairs}
    for (ga, ba), (gb, bb) in zip(aligned, aligned[1:]):
        if ba == bb:
            if prev_in_block.get(gb) == ga:
                joined.add(gb)
            else:
                bad_joins.add((ga, gb))
        i, j = gblock[ga], gblock[gb]
        if i != j and lastc[i] == ga and first[j] == gb:
            if (i, j) in pairs:
                in_order.add((i, j))
            elif i in has_succ or j in has_pred:
                bad_order.add((i, j))
    gaps = set(prev_in_block)
    lost, added = _content_diff(gold.content, text.content)
    return _View(slots, joined, gaps, bad_joins, in_order, bad_order, lost, added, _cer(gold.norm, text.norm))


def _content_diff(gold: str, other: str) -> tuple[int, int]:
    """Content characters lost and added, compared as multisets."""
    g, o = Counter(gold), Counter(other)
    return sum((g - o).values()), sum((o - g).values())


def _cer(gold: str, other: str) -> dict:
    edits = Levenshtein.distance(gold, other)
    return {"edits": edits, "chars": len(gold), "rate": round(edits / len(gold), 4) if gold else None}


# ----------------------------------------------------------------- scores


def _mark_counts(gold: _View, pred: _View, kind: str) -> Counts:
    c = Counts()
    for slot in gold.slots.keys() | pred.slots.keys():
        g = gold.slots.get(slot, {}).get(kind, Counter())
        p = pred.slots.get(slot, {}).get(kind, Counter())
        c.tp += sum((g & p).values())
        c.fp += sum((p - g).values())
        c.fn += sum((g - p).values())
    return c


def _repair_mark_counts(gold: _View, inp: _View, pred: _View, kind: str) -> Counts:
    """Slot-level repairs: a slot needs one when input != gold, the
    prediction made one when pred != input; it is right when pred == gold."""
    c = Counts()
    for slot in gold.slots.keys() | inp.slots.keys() | pred.slots.keys():
        g = gold.slots.get(slot, {}).get(kind, Counter())
        i = inp.slots.get(slot, {}).get(kind, Counter())
        p = pred.slots.get(slot, {}).get(kind, Counter())
        needed, made, right = i != g, p != i, p == g
        c.tp += needed and made and right
        c.fp += made and not right
        c.fn += needed and not right
    return c


def _mark_scores(gold: _View, pred: _View) -> dict[str, Counts]:
    scores = {kind: _mark_counts(gold, pred, kind) for kind in MARK_KINDS}
    scores["join"] = Counts(len(pred.joined), len(pred.bad_joins), len(pred.gaps - pred.joined))
    all_pairs = gold.in_order
    scores["order"] = Counts(len(pred.in_order), len(pred.bad_order), len(all_pairs - pred.in_order))
    return scores


def _repair_scores(gold: _View, inp: _View, pred: _View) -> dict[str, Counts]:
    scores = {kind: _repair_mark_counts(gold, inp, pred, kind) for kind in MARK_KINDS}
    needed = inp.gaps - inp.joined
    scores["join"] = Counts(
        len(needed & pred.joined),
        len(pred.bad_joins - inp.bad_joins) + len(inp.joined - pred.joined),
        len(needed - pred.joined),
    )
    needed = gold.in_order - inp.in_order
    scores["order"] = Counts(
        len(needed & pred.in_order),
        len(pred.bad_order - inp.bad_order) + len(inp.in_order - pred.in_order),
        len(needed - pred.in_order),
    )
    return scores


def _pairs(nblocks: int, articles: list[int] | None) -> set:
    if articles is None:
        return {(i, i + 1) for i in range(nblocks - 1)}
    if len(articles) != nblocks:
        raise ValueError(f"the article map has {len(articles)} entries but the gold page has {nblocks} blocks")
    return {(i, i + 1) for i in range(nblocks - 1) if articles[i] != -1 and articles[i] == articles[i + 1]}


def evaluate_page(gold: str, pred: str, input: str | None = None, articles: list[int] | None = None) -> dict:
    """Score one restored page ``pred`` against ``gold``; ``input`` is the OCR
    text it was restored from (for CER before and repair scores).

    ``articles`` gives, per gold block, the article it belongs to (-1: none);
    without it every pair of consecutive gold blocks counts for reading order.
    Returns a JSON-ready dict; see ``docs/evaluation.md``.
    """
    for name, value in (("gold", gold), ("pred", pred), ("input", input)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"evaluate_page() needs {name} as str, not {type(value).__name__}")
    g = _read(gold)
    pairs = _pairs(g.nblocks, articles)
    gold_view = _view(g, g, list(range(len(g.content))), pairs)
    p = _read(pred)
    pred_view = _view(g, p, align_content(g.content, p.content, g.cblock), pairs)
    result = {
        "pages": 1,
        "marks": {k: c.to_dict() for k, c in _mark_scores(gold_view, pred_view).items()},
        "repairs": None,
        "cer": {"before": None, "after": pred_view.cer},
        "content": {"lost": pred_view.content_lost, "added": pred_view.content_added,
                    "lost_vs_input": None, "added_vs_input": None},
    }
    if input is not None:
        i = _read(input)
        inp_view = _view(g, i, align_content(g.content, i.content, g.cblock), pairs)
        result["repairs"] = {k: c.to_dict() for k, c in _repair_scores(gold_view, inp_view, pred_view).items()}
        result["cer"]["before"] = inp_view.cer
        lost, added = _content_diff(i.content, p.content)
        result["content"].update(lost_vs_input=lost, added_vs_input=added)
    return result


#: Characters shown on each side of a mark error.
ERROR_CONTEXT = 12


def mark_errors(gold: str, pred: str, input: str | None = None, kinds=MARK_KINDS,
                articles: list[int] | None = None) -> list[dict]:
    """Every slot where ``pred`` holds other marks of one of ``kinds`` than
    ``gold``: its kind and type, the marks gold and the prediction hold there
    and each page's text around it (``⟦⟧`` holds what stands between the two
    content characters). With ``input``, only the slots the repair scores
    count wrong: a repair made where none was needed (``fp``), one needed and
    not made (``fn``), one made and not right (``wrong``).

    >>> e = mark_errors("我市“质量创强”获批示。", "我市质量创强 获批示。")
    >>> [(x["type"], x["kind"], x["gold"], x["pred"]) for x in e]
    [('fn', 'quote', '“', ''), ('fn', 'quote', '”', ''), ('fp', 'space', '', ' ')]
    >>> e[0]["context"]["gold"], e[0]["context"]["pred"]
    ('我市⟦“⟧质量创强”获批示。', '我市⟦⟧质量创强 获批示。')

    ``"join"`` and ``"order"`` in ``kinds`` add the joins and the
    reading-order pairs the scores count wrong (``articles``: the gold
    page's article map, as for :func:`evaluate_page`).
    """
    g, views = _views(gold, pred, input, articles)
    out = []
    slots = set().union(*(v[1].slots.keys() for v in views.values()))
    marks = [k for k in kinds if k in MARK_KINDS]
    for slot in sorted(slots):
        for kind in marks:
            held = {name: v[1].slots.get(slot, {}).get(kind, Counter()) for name, v in views.items()}
            gm, pm = held["gold"], held["pred"]
            if "input" in held:
                im = held["input"]
                needed, made, right = im != gm, pm != im, pm == gm
                if right or not (needed or made):
                    continue
                kind_of = "wrong" if needed and made else "fp" if made else "fn"
            else:
                if pm == gm:
                    continue
                kind_of = "fp" if not gm else "fn" if not pm else "wrong"
            block, gi = slot
            before = gi - 1 if gi > 0 and g.cblock[gi - 1] == block else None
            after = gi if gi < len(g.content) and g.cblock[gi] == block else None
            context = {name: _around(v[0], None if before is None else v[2][before], None if after is None else v[2][after])
                       for name, v in views.items()}
            out.append({"kind": kind, "type": kind_of, "slot": list(slot),
                        **{name: "".join(sorted(m.elements())) for name, m in held.items()}, "context": context})
    if "join" in kinds:
        out.extend(_join_errors(g, views))
    if "order" in kinds:
        out.extend(_order_errors(g, views))
    return out


def _views(gold: str, pred: str, input: str | None, articles: list[int] | None = None) -> tuple[_Text, dict]:
    """Gold read, and each page's ``(text, view, gold index -> its content index)``."""
    g = _read(gold)
    pairs = _pairs(g.nblocks, articles)
    views = {"gold": (g, _view(g, g, list(range(len(g.content))), pairs), list(range(len(g.content))))}
    for name, text in (("pred", pred), ("input", input)):
        if text is not None:
            t = _read(text)
            o2g = align_content(g.content, t.content, g.cblock)
            g2o = [-1] * len(g.content)
            for k, gi in enumerate(o2g):
                if gi != -1:
                    g2o[gi] = k
            views[name] = (t, _view(g, t, o2g, pairs), g2o)
    return g, views


def _join_errors(g: _Text, views: dict) -> list[dict]:
    """The joins the repair scores count wrong (with an input page; without
    one, every join the prediction misses or makes against gold): ``fn`` a
    gold paragraph left cut, ``fp`` two texts read on that gold keeps apart
    (or a junction the input had and the prediction cut). The context shows
    each page around both sides (``⟦⟧`` at the cut or the junction; `` … ``
    between two places that are not side by side)."""
    pred = views["pred"][1]
    inp = views["input"][1] if "input" in views else None
    cut = (inp.gaps - inp.joined) if inp else pred.gaps
    found = [(gb, "fn", None) for gb in sorted(cut - pred.joined)]
    if inp:
        found += [(gb, "fp", None) for gb in sorted(inp.joined - pred.joined)]
    bad = pred.bad_joins - (inp.bad_joins if inp else set())
    found += [(gb, "fp", ga) for ga, gb in sorted(bad)]

    def around(name: str, left: int, right: int) -> str:
        """Page ``name`` around gold characters ``left`` and ``right``."""
        text, _, g2o = views[name]
        a, b = g2o[left], g2o[right]
        if a != -1 and b == a + 1:
            return _around(text, a, b)
        return _around(text, a, None) + " … " + _around(text, None, b)

    return [{"kind": "join", "type": kind_of, "slot": [g.cblock[gb], gb],
             "context": {name: around(name, gb - 1 if ga is None else ga, gb) for name in views}}
            for gb, kind_of, ga in sorted(found, key=lambda x: x[0])]


def _order_errors(g: _Text, views: dict) -> list[dict]:
    """The reading-order pairs the repair scores count wrong (with an input
    page; without one, every pair the prediction reads out of gold order or
    misses): ``fn`` a gold pair of blocks not read one after the other,
    ``fp`` one the input read in order and the prediction broke (``why``:
    ``broken``) or a block read after another of its article that gold does
    not put there (``why``: ``new``). ``slot`` holds the two gold blocks; the
    gold context shows the first block's end ``⟦⏎⟧`` the second's start,
    each page's what it reads after the first block's end."""
    gold = views["gold"][1]
    pred = views["pred"][1]
    inp = views["input"][1] if "input" in views else None
    needed = gold.in_order - (inp.in_order if inp else set())
    found = [(pair, "fn", "missed") for pair in needed - pred.in_order]
    if inp:
        found += [(pair, "fp", "broken") for pair in inp.in_order - pred.in_order]
    found += [(pair, "fp", "new") for pair in pred.bad_order - (inp.bad_order if inp else set())]
    ends, starts = {}, {}
    for k, b in enumerate(g.cblock):
        starts.setdefault(b, k)
        ends[b] = k

    def after(name: str, a: int) -> str:
        text, _, g2o = views[name]
        return _around(text, g2o[ends[a]], None)

    out = []
    for (a, b), kind_of, why in sorted(found):
        context = {"gold": _around(g, ends[a], None).split("⟦")[0] + "⟦⏎⟧" + _around(g, None, starts[b]).split("⟧")[1]}
        context.update({name: after(name, a) for name in views if name != "gold"})
        out.append({"kind": "order", "type": kind_of, "why": why, "slot": [a, b], "context": context})
    return out


def _around(text: _Text, a: int | None, b: int | None) -> str:
    """``text`` around the slot between its content characters ``a`` and
    ``b`` (either may be None or -1: not there)."""
    a = None if a == -1 else a
    b = None if b == -1 else b
    if a is None and b is None:
        return ""
    start = text.offsets[a] + 1 if a is not None else text.offsets[b]
    end = text.offsets[b] if b is not None and (a is None or b == a + 1) else start
    n = ERROR_CONTEXT
    return (text.norm[max(0, start - n):start] + "⟦" + text.norm[start:end] + "⟧" + text.norm[end:end + n]).replace("\n", "⏎")


# ------------------------------------------------------------ aggregation


def aggregate(results: list[dict]) -> dict:
    """Micro-average page results: sum the counts, then compute the rates."""
    out = {"pages": 0, "marks": {}, "repairs": None, "cer": {"before": None, "after": None},
           "content": {"lost": 0, "added": 0, "lost_vs_input": None, "added_vs_input": None}}
    sums = {"marks": {k: Counts() for k in KINDS}, "repairs": {k: Counts() for k in KINDS}}
    have_repairs = bool(results) and all(r["repairs"] is not None for r in results)
    for r in results:
        out["pages"] += r["pages"]
        for k in KINDS:
            sums["marks"][k].add(Counts.from_dict(r["marks"][k]))
            if have_repairs:
                sums["repairs"][k].add(Counts.from_dict(r["repairs"][k]))
        for side in ("before", "after"):
            cer = r["cer"][side]
            if cer is not None:
                acc = out["cer"][side] or {"edits": 0, "chars": 0}
                acc = {"edits": acc["edits"] + cer["edits"], "chars": acc["chars"] + cer["chars"]}
                out["cer"][side] = acc
        for key in ("lost", "added", "lost_vs_input", "added_vs_input"):
            if r["content"][key] is not None:
                out["content"][key] = (out["content"][key] or 0) + r["content"][key]
    for side in ("before", "after"):
        acc = out["cer"][side]
        if acc is not None:
            acc["rate"] = round(acc["edits"] / acc["chars"], 4) if acc["chars"] else None
    out["marks"] = {k: c.to_dict() for k, c in sums["marks"].items()}
    if have_repairs:
        out["repairs"] = {k: c.to_dict() for k, c in sums["repairs"].items()}
    return out


def group_of(name: str) -> str:
    """The group a page belongs to: its name up to the last ``-``.

    >>> group_of("syn-spaces-007"), group_of("000_9e6876d41bf3072b")
    ('syn-spaces', '000_9e6876d41bf3072b')
    """
    return name.rsplit("-", 1)[0]


GOLD_SUFFIX = ".gold.txt"


def _name(path: Path) -> str:
    n = path.name
    for suffix in (GOLD_SUFFIX, ".txt"):
        if n.endswith(suffix):
            return n[: -len(suffix)]
    return path.stem


def _find(folder_or_file: Path, name: str, what: str, single: bool) -> Path:
    if not folder_or_file.is_dir():
        if single:
            return folder_or_file
        raise ValueError(f"{what} {folder_or_file} must be a folder when gold is a folder")
    path = folder_or_file / f"{name}.txt"
    if not path.exists():
        raise ValueError(f"no {what} page for {name}: {path} does not exist")
    return path


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def load_articles(path: Path) -> list[int] | None:
    """The article map stored next to a gold page (``NAME.articles.json``), if any."""
    if not path.exists():
        return None
    data = json.loads(_read_file(path))
    articles = data["articles"] if isinstance(data, dict) else data
    if not all(isinstance(a, int) for a in articles):
        raise ValueError(f"{path}: the article map must be a list of integers")
    return articles


def evaluate_dir(gold: str | Path, pred: str | Path, input: str | Path | None = None, groups: bool = True,
                 errors: tuple[str, ...] = ()) -> dict:
    """Score every gold page (``NAME.gold.txt``) under ``gold`` against
    ``pred/NAME.txt`` (and ``input/NAME.txt``); files work too.

    Returns ``{"total": ..., "groups": {group: ...}, "pages": [...]}``, each
    micro-averaged; a page's entry carries its ``name`` and, for the mark
    kinds in ``errors``, its :func:`mark_errors`.
    """
    gold, pred = Path(gold), Path(pred)
    input = Path(input) if input is not None else None
    if gold.is_dir():
        gold_files = sorted(gold.glob(f"*{GOLD_SUFFIX}"))
        if not gold_files:
            raise ValueError(f"no *{GOLD_SUFFIX} files in {gold}")
    elif gold.exists():
        gold_files = [gold]
    else:
        raise ValueError(f"gold {gold} does not exist")
    single = not gold.is_dir()
    pages = []
    for gold_file in gold_files:
        name = _name(gold_file)
        articles = load_articles(gold_file.with_name(f"{name}.articles.json"))
        inp = _read_file(_find(input, name, "input", single)) if input is not None else None
        gold_text, pred_text = _read_file(gold_file), _read_file(_find(pred, name, "pred", single))
        result = evaluate_page(gold_text, pred_text, inp, articles)
        if errors:
            result["errors"] = mark_errors(gold_text, pred_text, inp, errors, articles)
        pages.append({"name": name, **result})
    out = {"total": aggregate(pages), "groups": {}, "pages": pages}
    if groups:
        by_group: dict[str, list] = {}
        for page in pages:
            by_group.setdefault(group_of(page["name"]), []).append(page)
        if len(by_group) > 1:
            out["groups"] = {g: aggregate(rs) for g, rs in sorted(by_group.items())}
    return out


# ----------------------------------------------------------------- report


def _fmt(x: float | None) -> str:
    return "    —" if x is None else f"{x:5.3f}"


def format_report(result: dict, title: str) -> str:
    """A readable table of one (aggregated) result."""
    lines = [f"{title}  ({result['pages']} page{'s' if result['pages'] != 1 else ''})"]
    repairs = result.get("repairs")
    head = f"{'kind':<7}{'P':>6}{'R':>6}{'F1':>6}{'tp':>6}{'fp':>6}{'fn':>6}"
    lines.append(f"{'':7}{'output vs gold':^36}" + (f" | {'repairs vs input':^36}" if repairs else ""))
    lines.append(head + (" | " + head[7:] if repairs else ""))
    for kind in KINDS:
        row = _row(result["marks"][kind])
        if repairs:
            row += " | " + _row(repairs[kind])
        lines.append(f"{kind:<7}{row}")
    cer = result["cer"]
    before = f"{cer['before']['rate']:.4f}" if cer["before"] and cer["before"]["rate"] is not None else "—"
    after = f"{cer['after']['rate']:.4f}" if cer["after"] and cer["after"]["rate"] is not None else "—"
    lines.append(f"CER    before {before}  after {after}  (gold characters: {cer['after']['chars'] if cer['after'] else 0})")
    c = result["content"]
    line = f"content characters vs gold: lost {c['lost']}, added {c['added']}"
    if c["lost_vs_input"] is not None:
        line += f"; vs input (must be 0): lost {c['lost_vs_input']}, added {c['added_vs_input']}"
    lines.append(line)
    return "\n".join(lines)


def _row(d: dict) -> str:
    return f"{_fmt(d['precision']):>6}{_fmt(d['recall']):>6}{_fmt(d['f1']):>6}{d['tp']:6d}{d['fp']:6d}{d['fn']:6d}"


# -------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", required=True, help="gold page NAME.gold.txt, or a folder of them")
    parser.add_argument("--pred", required=True, help="restored page, or a folder of NAME.txt")
    parser.add_argument("--input", help="the OCR input page, or a folder of NAME.txt (adds CER before and repair scores)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--per-page", action="store_true", help="report every page as well as the total")
    parser.add_argument("--no-groups", action="store_true",
                        help="do not report groups of pages (names up to the last '-', e.g. syn-spaces)")
    parser.add_argument("--errors", metavar="KINDS", type=_error_kinds,
                        help="also list every wrong mark of these kinds (quote,punct,space), every wrong "
                             "join (join) or reading-order pair (order), or all of them (all), with its context "
                             "in gold, prediction and input")


def _error_kinds(value: str) -> tuple[str, ...]:
    known = MARK_KINDS + ("join", "order")
    kinds = known if value == "all" else tuple(k.strip() for k in value.split(",") if k.strip())
    bad = [k for k in kinds if k not in known]
    if bad or not kinds:
        raise argparse.ArgumentTypeError(f"error kinds are {', '.join(known)} or all, not {value!r}")
    return kinds


def run(args: argparse.Namespace) -> int:
    errors = args.errors or ()
    result = evaluate_dir(args.gold, args.pred, args.input, groups=not args.no_groups, errors=errors)
    if errors:
        result["errors"] = {page["name"]: page.pop("errors") for page in result["pages"]}
    if not args.per_page:
        result = {k: v for k, v in result.items() if k != "pages"}
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    parts = [format_report(result["total"], "all pages")]
    for name, group in result["groups"].items():
        parts.append(format_report(group, f"group {name}"))
    for page in result.get("pages", []):
        parts.append(format_report(page, f"page {page['name']}"))
    for name, found in result.get("errors", {}).items():
        if found:
            parts.append(f"errors on page {name} ({len(found)})\n" + "\n".join(_error_line(e) for e in found))
    print("\n\n".join(parts))
    return 0


def _error_line(error: dict) -> str:
    sides = "  ".join(f"{name} {error['context'][name]}" for name in ("gold", "pred", "input") if name in error["context"])
    kind = f"{error['kind']} ({error['why']})" if "why" in error else error["kind"]
    return f"{error['type']:<5} {kind:<5} {sides}"
