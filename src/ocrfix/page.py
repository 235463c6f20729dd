"""The page model: OCR text as blocks (blank-line separated) and lines.

Every block and line keeps its offsets into the source, so parsing and
rendering an untouched page gives the input back byte for byte.

>>> page = Page.parse("标题\\n\\n第一行\\n第二行\\n")
>>> [b.text for b in page.blocks]
['标题', '第一行\\n第二行']
>>> [line.text for line in page.blocks[1].lines]
['第一行', '第二行']
>>> page.render() == page.source
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

#: Whitespace as the page model counts it: Unicode White_Space (regex ``\s``)
#: plus the ideographic space. ``str.isspace`` also counts the separators
#: U+001C..U+001F; the page model does not, so they stay content everywhere.
WHITESPACE = r"[\s\u3000]"
_NON_BLANK_RE = regex.compile(r"[^\s\u3000]")
#: A separator between blocks: a line break, then one or more lines holding
#: nothing but whitespace. Trailing whitespace before the break belongs to it.
BLOCK_SEP_RE = regex.compile(r"[ \t\u3000\r]*\n(?:[ \t\u3000\r]*\n)+[ \t\u3000\r]*")
LINE_SEP_RE = regex.compile(r"\r?\n")


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Block:
    """A blank-line separated unit of the OCR page."""

    index: int
    start: int
    end: int
    text: str
    lines: tuple[Line, ...]
    role: str = "unknown"

    @property
    def is_blank(self) -> bool:
        """No character but :data:`WHITESPACE`, the same test :meth:`Page.parse` trims by."""
        return _NON_BLANK_RE.search(self.text) is None


@dataclass(frozen=True, slots=True)
class Page:
    source: str
    blocks: tuple[Block, ...]
    #: ``(start, end)`` of the text before the first block, between
    #: consecutive blocks, and after the last: ``len(blocks) + 1`` spans.
    gaps: tuple[tuple[int, int], ...] = field(default=())

    @classmethod
    def parse(cls, source: str) -> "Page":
        if not isinstance(source, str):
            raise TypeError(f"Page.parse() needs the page as str, not {type(source).__name__}; decode bytes first")
        leading = regex.match(WHITESPACE + "*", source).end()
        trailing = len(source) - len(regex.search(WHITESPACE + r"*\Z", source[leading:]).group())
        if trailing < leading:
            trailing = leading
        blocks: list[Block] = []
        gaps: list[tuple[int, int]] = []
        pos, gap_start = leading, 0
        body = source[:trailing]
        for m in BLOCK_SEP_RE.finditer(body, leading):
            if m.start() > pos:
                gaps.append((gap_start, pos))
                blocks.append(_block(source, len(blocks), pos, m.start()))
                gap_start = m.start()
            pos = m.end()
        if trailing > pos:
            gaps.append((gap_start, pos))
            blocks.append(_block(source, len(blocks), pos, trailing))
            gap_start = trailing
        gaps.append((gap_start, len(source)))
        return cls(source, tuple(blocks), tuple(gaps))

    def render(self) -> str:
        """The page as text: gaps and blocks in source order."""
        out = []
        for gap, block in zip(self.gaps, self.blocks):
            out.append(self.source[gap[0] : gap[1]])
            out.append(block.text)
        out.append(self.source[self.gaps[-1][0] : self.gaps[-1][1]])
        return "".join(out)


def _block(source: str, index: int, start: int, end: int) -> Block:
    lines = []
    pos = start
    for m in LINE_SEP_RE.finditer(source, start, end):
        lines.append(Line(pos, m.start(), source[pos : m.start()]))
        pos = m.end()
    lines.append(Line(pos, end, source[pos:end]))
    return Block(index, start, end, source[start:end], tuple(lines))
