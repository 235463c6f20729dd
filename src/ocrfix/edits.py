"""Edits: every change ocrfix makes, with offsets into the input.

An :class:`Edit` replaces ``text[start:end]`` (which must equal ``old``) with
``new``. A list of edits never overlaps, so it replays in one left-to-right
pass; insertions at the same offset keep their list order.

>>> text = "我市 质量创强 获省领导批示"
>>> edits = [Edit(2, 3, " ", "“", "quote", 0.9), Edit(7, 8, " ", "”", "quote", 0.9)]
>>> apply_edits(text, edits)
'我市“质量创强”获省领导批示'

The pipeline does not write edits by hand: each stage works on a
:class:`Trace`, a string whose characters remember where they came from, and
:meth:`Trace.edits` derives the minimal edits that turn the source into the
trace's text, moves of whole blocks included.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .chardata import QUOTES, is_content

#: Repair names, in the order of precedence used to name a mixed edit.
REPAIRS = ("move", "quote", "punct", "hyphen", "join", "space", "layout")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``source[start:end]`` (equal to ``old``) with ``new``."""

    start: int
    end: int
    old: str
    new: str
    repair: str
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"edit offsets must satisfy 0 <= start <= end, got {self.start}, {self.end}")
        if self.end - self.start != len(self.old):
            raise ValueError(f"edit spans {self.end - self.start} characters but old text has {len(self.old)}: {self!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence}")

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "old": self.old,
            "new": self.new,
            "repair": self.repair,
            "confidence": round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Edit":
        return cls(d["start"], d["end"], d["old"], d["new"], d["repair"], d.get("confidence", 1.0))


@dataclass(frozen=True, slots=True)
class Fixed:
    """The restored text and the edits that produce it from the input."""

    text: str
    edits: tuple[Edit, ...] = ()
    #: Per-block information from the layout stage (roles, articles), if any.
    blocks: tuple[dict, ...] = field(default=(), compare=False)

    @property
    def articles(self) -> list[dict]:
        """The articles the layout assembled, in reading order: each with its
        blocks' indices and roles (blocks outside any article, such as ads and
        weather boxes, belong to none)."""
        out: dict[int, dict] = {}
        for block in self.blocks:
            k = block.get("article", -1)
            if k is None or k < 0:
                continue
            article = out.setdefault(k, {"article": k, "blocks": [], "roles": []})
            article["blocks"].append(block.get("index"))
            article["roles"].append(block.get("role"))
        return list(out.values())

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "edits": [e.to_dict() for e in self.edits],
            "blocks": list(self.blocks),
            "articles": self.articles,
        }


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replay ``edits`` on ``text``.

    Raises :class:`ValueError` when an edit's ``old`` does not match the text
    at its offsets, or when two edits overlap.

    >>> apply_edits("a,b", [Edit(1, 2, ",", "，", "punct")])
    'a，b'
    >>> apply_edits("a,b", [Edit(1, 2, ";", "；", "punct")])
    Traceback (most recent call last):
    ...
    ValueError: edit 0 expects ';' at 1:2 but the text has ',' (was the edit made for another text?)
    """
    if not isinstance(text, str):
        raise TypeError(f"apply_edits() needs the text as str, not {type(text).__name__}")
    ordered = sorted(enumerate(edits), key=lambda ie: (ie[1].start, ie[1].end > ie[1].start, ie[0]))
    out: list[str] = []
    pos = 0
    for index, edit in ordered:
        if edit.start < pos:
            raise ValueError(f"edit {index} at {edit.start}:{edit.end} overlaps an earlier edit ending at {pos}")
        if edit.end > len(text) or text[edit.start : edit.end] != edit.old:
            found = text[edit.start : edit.end]
            raise ValueError(
                f"edit {index} expects {edit.old!r} at {edit.start}:{edit.end} but the text has {found!r}"
                " (was the edit made for another text?)"
            )
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def classify(old: str, new: str) -> str:
    """Name the repair an edit makes from what it changes.

    >>> classify(" ", "“"), classify(",", "，"), classify("\\n\\n", ""), classify(" ", "")
    ('quote', 'punct', 'join', 'space')
    """
    if any(is_content(c) for c in old + new):
        return "move"
    if any(c in QUOTES for c in old + new):
        return "quote"
    stripped_old = "".join(c for c in old if not c.isspace())
    stripped_new = "".join(c for c in new if not c.isspace())
    if stripped_old != stripped_new:
        return "hyphen" if "-" in stripped_old and not stripped_new else "punct"
    if "\n" in old and "\n" not in new:
        return "join"
    if "\n" in new and "\n" not in old:
        return "layout"
    if old.count("\n") != new.count("\n"):
        return "layout"
    return "space"


class Trace:
    """A string whose characters remember their source offsets.

    Each character is either copied from the source (``src[i]`` is its
    offset) or inserted by a repair (``src[i]`` is ``None`` and ``note[i]``
    names the repair and its confidence). Deleted source characters keep
    their note in ``deleted``. Stages replace spans of a trace; :meth:`edits`
    turns the result into :class:`Edit` s against the source.

    >>> t = Trace.of("我市 质量")
    >>> t = t.replace(2, 3, "“", "quote", 0.8)
    >>> t.text, [(e.old, e.new, e.repair) for e in t.edits()]
    ('我市“质量', [(' ', '“', 'quote')])
    """

    __slots__ = ("source", "chars", "src", "note", "deleted", "_text")

    def __init__(self, source: str, chars: list[str], src: list[int | None], note: list, deleted: dict,
                 text: str | None = None):
        self.source = source
        self.chars = chars  # (never changed in place: every operation makes a new trace)
        self.src = src
        self.note = note
        self.deleted = deleted
        self._text = text

    @classmethod
    def of(cls, source: str, start: int = 0, end: int | None = None) -> "Trace":
        end = len(source) if end is None else end
        text = source[start:end]
        return cls(source, list(text), list(range(start, end)), [None] * (end - start), {}, text)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.chars)  # read once: a trace's characters do not change
        return self._text

    def __len__(self) -> int:
        return len(self.chars)

    def slice(self, start: int, end: int) -> "Trace":
        text = self._text[start:end] if self._text is not None else None
        return Trace(self.source, self.chars[start:end], self.src[start:end], self.note[start:end], self.deleted, text)

    @staticmethod
    def concat(parts: Sequence["Trace | str"], source: str, repair: str = "layout", confidence: float = 1.0) -> "Trace":
        """Join traces; plain ``str`` parts are inserted under ``repair``."""
        chars: list[str] = []
        src: list[int | None] = []
        note: list = []
        deleted: dict = {}
        for part in parts:
            if isinstance(part, str):
                chars.extend(part)
                src.extend([None] * len(part))
                note.extend([(repair, confidence)] * len(part))
            else:
                chars.extend(part.chars)
                src.extend(part.src)
                note.extend(part.note)
                deleted.update(part.deleted)
        return Trace(source, chars, src, note, deleted)

    def replace(self, start: int, end: int, new: str, repair: str, confidence: float = 1.0) -> "Trace":
        """A new trace with ``self[start:end]`` replaced by ``new``."""
        deleted = dict(self.deleted)
        for s in self.src[start:end]:
            if s is not None:
                deleted[s] = (repair, confidence)
        return Trace(
            self.source,
            self.chars[:start] + list(new) + self.chars[end:],
            self.src[:start] + [None] * len(new) + self.src[end:],
            self.note[:start] + [(repair, confidence)] * len(new) + self.note[end:],
            deleted,
        )

    def apply_local(self, edits: Iterable[tuple[int, int, str, str, float]]) -> "Trace":
        """Apply non-overlapping ``(start, end, new, repair, confidence)``
        edits given in this trace's own coordinates, in one pass."""
        ordered = sorted(edits, key=lambda e: (e[0], e[1]))
        if not ordered:
            return self
        chars: list[str] = []
        src: list[int | None] = []
        note: list = []
        deleted = dict(self.deleted)
        pos = 0
        for start, end, new, repair, conf in ordered:
            if start < pos:
                raise ValueError(f"overlapping local edits at {start}")
            chars += self.chars[pos:start]
            src += self.src[pos:start]
            note += self.note[pos:start]
            for s in self.src[start:end]:
                if s is not None:
                    deleted[s] = (repair, conf)
            chars += new
            src += [None] * len(new)
            note += [(repair, conf)] * len(new)
            pos = end
        chars += self.chars[pos:]
        src += self.src[pos:]
        note += self.note[pos:]
        return Trace(self.source, chars, src, note, deleted)

    def edits(self) -> tuple[Edit, ...]:
        """The minimal edits that turn the source into this trace's text."""
        return _edits_from_trace(self)


def _runs(src: list[int | None]) -> list[tuple[int, int, int]]:
    """Maximal runs of consecutive source offsets: (out_start, out_end, src_start)."""
    runs = []
    i, n = 0, len(src)
    while i < n:
        s = src[i]
        if s is None:
            i += 1
            continue
        j = i + 1
        while j < n and src[j] is not None and src[j] == s + (j - i):
            j += 1
        runs.append((i, j, s))
        i = j
    return runs


def _heaviest_chain(runs: list[tuple[int, int, int]]) -> set[int]:
    """Indices of a heaviest chain of runs in increasing source order
    (weighted by length), so that the fewest characters count as moved.
    A weighted longest increasing subsequence: O(n log n) with a Fenwick tree
    of prefix maxima over the runs' source ranks."""
    n = len(runs)
    if n == 0:
        return set()
    if all(runs[k][2] < runs[k + 1][2] for k in range(n - 1)):
        return set(range(n))
    ranks = {s: r for r, s in enumerate(sorted({s for _, _, s in runs}), start=1)}
    size = len(ranks)
    tree_best = [0] * (size + 1)
    tree_arg = [-1] * (size + 1)
    best = [0] * n
    prev = [-1] * n
    for i, (a, b, s) in enumerate(runs):
        # best chain ending at a source rank below this run's
        r, top, arg = ranks[s] - 1, 0, -1
        while r > 0:
            if tree_best[r] > top:
                top, arg = tree_best[r], tree_arg[r]
            r -= r & -r
        best[i], prev[i] = top + (b - a), arg
        r = ranks[s]
        while r <= size:
            if best[i] > tree_best[r]:
                tree_best[r], tree_arg[r] = best[i], i
            r += r & -r
    i = max(range(n), key=best.__getitem__)
    keep = set()
    while i != -1:
        keep.add(i)
        i = prev[i]
    return keep


def _edits_from_trace(trace: Trace) -> tuple[Edit, ...]:
    source, chars = trace.source, trace.chars
    src, note = list(trace.src), list(trace.note)
    runs = _runs(src)
    keep = _heaviest_chain(runs)
    moved_src: dict[int, float] = {}
    for k, (a, b, _) in enumerate(runs):
        if k not in keep:
            for i in range(a, b):
                # a stage that moved it may have noted its confidence
                note[i] = note[i] if note[i] is not None and note[i][0] == "move" else ("move", 1.0)
                moved_src[src[i]] = note[i][1]
                src[i] = None  # deleted where it was, inserted here
    kept = [runs[k] for k in sorted(keep)]
    edits: list[Edit] = []
    prev_out, prev_src = 0, 0
    for a, b, s in kept + [(len(chars), len(chars), len(source))]:
        old = source[prev_src:s]
        new = "".join(chars[prev_out:a])
        if old != new:
            notes = [n for n in note[prev_out:a] if n is not None]
            notes += [trace.deleted[o] for o in range(prev_src, s) if o in trace.deleted]
            gone = [moved_src[o] for o in range(prev_src, s) if o in moved_src]
            if gone:
                notes.append(("move", min(gone)))
            edit = _minimal(prev_src, old, new, notes)
            if edit is not None:
                edits.append(edit)
        prev_out, prev_src = b, s + (b - a)
    return tuple(edits)


def _minimal(start: int, old: str, new: str, notes: list) -> Edit | None:
    """Trim the common prefix and suffix of one change and name it."""
    p = 0
    while p < len(old) and p < len(new) and old[p] == new[p]:
        p += 1
    q = 0
    while q < len(old) - p and q < len(new) - p and old[-1 - q] == new[-1 - q]:
        q += 1
    old_core, new_core = old[p : len(old) - q], new[p : len(new) - q]
    if old_core == new_core:
        return None
    kind = classify(old_core, new_core)
    named = [r for r, _ in notes if r in REPAIRS]
    if kind != "move" and named:
        kind = min(named, key=REPAIRS.index)
        # A note can only name a repair the change actually contains.
        if kind in ("quote",) and not any(c in QUOTES for c in old_core + new_core):
            kind = classify(old_core, new_core)
    confidence = min((c for _, c in notes), default=1.0)
    s = start + p
    return Edit(s, s + len(old_core), old_core, new_core, kind, confidence)


class LineIndex:
    """Map character offsets to 1-based (line, column).

    >>> LineIndex("ab\\ncd").line_col(4)
    (2, 2)
    """

    def __init__(self, text: str):
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1
