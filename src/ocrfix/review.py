"""``ocrfix review``: one HTML page that shows every edit ocrfix made.

The page shows the restored text with each edit highlighted: the colour
names the repair, the strength its confidence, and hovering shows the
original. Blocks are marked with their role and article, moved blocks
stand out, and a legend counts the edits per repair. The page is one
self-contained file (inline CSS and script, no network), so it can be
mailed, archived or opened from a CI artifact.

>>> fixed = Fixed("批示：永康", (Edit(2, 3, ":", "：", "punct", 0.99),))
>>> html = render_review("批示:永康", fixed, title="demo")
>>> 'class="e r-punct"' in html and 'title="punct · confidence 99%' in html
True
>>> [(p.out_start, p.out_end) for p in place_edits("a  b,c", [Edit(1, 3, "  ", "", "space"), Edit(4, 5, ",", "，", "punct")])]
[(1, 1), (2, 3)]
"""

from __future__ import annotations

import argparse
import bisect
import html
import os
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from .config import Config
from .edits import Edit, Fixed, apply_edits

#: Repairs in the order the legend lists them, with what they do.
REPAIR_INFO = {
    "quote": "quotation marks restored",
    "punct": "punctuation widened or restored",
    "space": "line-break spaces removed",
    "join": "lines or blocks joined",
    "move": "blocks moved into reading order",
    "hyphen": "hyphenated words joined",
    "layout": "layout normalised",
}
#: Highlight colours (``R G B``), from the Okabe–Ito palette, which stays
#: distinguishable with the common colour-vision deficiencies.
REPAIR_RGB = {
    "quote": "230 159 0",
    "punct": "86 180 233",
    "space": "0 158 115",
    "join": "240 228 66",
    "move": "204 121 167",
    "hyphen": "213 94 0",
    "layout": "0 114 178",
}
_OTHER_RGB = "150 150 150"
#: Colours of block roles (``ocrfix.roles.ROLES``); other roles get grey.
ROLE_RGB = {
    "masthead": "120 120 120",
    "dateline": "120 120 120",
    "headline": "180 40 40",
    "subheadline": "200 90 90",
    "byline": "60 110 170",
    "body": "70 140 70",
    "caption": "150 100 40",
    "credit": "150 100 40",
    "ad": "160 60 160",
    "weather": "40 150 160",
    "teaser": "110 90 170",
}
#: Edits below this confidence get a dashed underline as well.
LOW_CONFIDENCE = 0.8


@dataclass(frozen=True, slots=True)
class Placed:
    """An edit and where its ``new`` text lies in the output."""

    index: int
    edit: Edit
    out_start: int
    out_end: int


def place_edits(source: str, edits: Sequence[Edit]) -> list[Placed]:
    """Replay ``edits`` on ``source`` in order and return where each lands in the output.

    ``index`` is the edit's position in ``edits``; the result is in output
    order (the order :func:`ocrfix.apply_edits` replays them in).
    """
    ordered = sorted(enumerate(edits), key=lambda ie: (ie[1].start, ie[1].end > ie[1].start, ie[0]))
    placed: list[Placed] = []
    shift = 0
    prev_end = 0
    for index, edit in ordered:
        if edit.start < prev_end or source[edit.start : edit.end] != edit.old:
            raise ValueError(f"edit {index} ({edit.old!r} at {edit.start}:{edit.end}) does not replay on this text")
        start = edit.start + shift
        placed.append(Placed(index, edit, start, start + len(edit.new)))
        shift += len(edit.new) - len(edit.old)
        prev_end = edit.end
    return placed


def render_review(source: str, fixed: Fixed, title: str = "ocrfix review") -> str:
    """One self-contained HTML page showing ``fixed.text`` and every edit from ``source``.

    Raises :class:`ValueError` when the edits do not turn ``source`` into
    ``fixed.text``.
    """
    if apply_edits(source, fixed.edits) != fixed.text:
        raise ValueError("fixed.text is not what its edits make of the source: was it restored from another text?")
    placed = place_edits(source, fixed.edits)
    regions = _regions(fixed.text, fixed.blocks)
    moved = _moved_blocks(fixed.text, fixed.blocks, placed)
    ends = [p.out_end for p in placed]
    body = "".join(
        _render_region(fixed.text, r, placed, ends, moved, last=k == len(regions) - 1) for k, r in enumerate(regions)
    )
    counts = Counter(e.repair for e in fixed.edits)
    return _PAGE.format(
        title=_esc(title),
        style=_style(counts),
        summary=_esc(
            f"{len(fixed.edits)} edits · {len(source)} → {len(fixed.text)} characters"
            + (f" · {len(fixed.blocks)} blocks" if fixed.blocks else "")
        ),
        legend=_legend(counts),
        blocks=_block_legend(fixed.blocks, moved),
        page=body,
        version=_esc(_version()),
    )


# --- layout of the restored text ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Region:
    start: int
    end: int
    number: int | None = None  # index into Fixed.blocks; None for text between blocks
    block: dict | None = None


def block_spans(text: str, blocks: Sequence[dict]) -> list[tuple[int, int]]:
    """Where each block lies in ``text``: its ``start``/``end`` when it has
    them, else the next occurrence of its ``text`` (blocks come in output
    order); ``(-1, -1)`` for a block that cannot be placed (and for the
    blocks after it that have only their text).

    >>> block_spans("甲乙\\n\\n丙", [{"text": "甲乙"}, {"text": "丙"}, {"start": 0, "end": 1}, {}])
    [(0, 2), (4, 5), (0, 1), (-1, -1)]
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    searching = True  # a block not found stops the search: no rescanning the page per block
    for block in blocks:
        start = end = -1
        if isinstance(block, dict):
            if isinstance(block.get("start"), int) and isinstance(block.get("end"), int):
                start = min(max(block["start"], 0), len(text))
                end = min(max(block["end"], start), len(text))
            elif searching and isinstance(block.get("text"), str) and block["text"]:
                found = text.find(block["text"], pos)
                if found >= 0:
                    start, end = found, found + len(block["text"])
                    pos = end
                else:
                    searching = False
        spans.append((start, end))
    return spans


def _regions(text: str, blocks: Sequence[dict]) -> list[_Region]:
    """Cut ``text`` into blocks and the text between them, in output order."""
    regions: list[_Region] = []
    pos = 0
    placed = sorted((start, end, k) for k, (start, end) in enumerate(block_spans(text, blocks)) if start >= 0)
    for start, end, k in placed:
        start = max(start, pos)
        end = max(end, start)
        if start > pos:
            regions.append(_Region(pos, start))
        regions.append(_Region(start, end, k, blocks[k]))
        pos = end
    if pos < len(text) or not regions:
        regions.append(_Region(pos, len(text)))
    return regions


def _moved_blocks(text: str, blocks: Sequence[dict], placed: Sequence[Placed]) -> dict[int, str]:
    """Blocks that left their source position: block index -> a note on where from."""
    moved: dict[int, str] = {}
    highest = -1
    spans = block_spans(text, blocks)
    move_spans = [(p.out_start, p.out_end) for p in placed if p.edit.repair == "move" and p.out_end > p.out_start]
    for k in sorted(range(len(blocks)), key=lambda k: spans[k]):
        block = blocks[k]
        if not isinstance(block, dict):
            continue
        sources = [s for s in block.get("source_blocks", ()) or () if isinstance(s, int)]
        if sources and min(sources) < highest:
            moved[k] = "moved from source block " + ", ".join(f"#{s}" for s in sources)
        if sources:
            highest = max(highest, max(sources))
        start, end = spans[k]
        if k not in moved and start >= 0 and any(a < end and b > start for a, b in move_spans):
            moved[k] = "moved"
    return moved


def _render_region(
    text: str, region: _Region, placed: Sequence[Placed], ends: list[int], moved: dict[int, str], last: bool
) -> str:
    """HTML for ``text[region]`` with the edits that fall in it (``ends``: their output ends, for bisecting)."""
    a, b = region.start, region.end
    out: list[str] = []
    pos = a
    for k in range(bisect.bisect_left(ends, a), len(placed)):
        p = placed[k]
        if p.out_start > b or (p.out_start == b and not (last and p.out_start == p.out_end)):
            break
        if p.out_start == p.out_end:  # a deletion: a marker where the text was
            if not (a <= p.out_start < b or (last and p.out_start == b)):
                continue
        elif p.out_end <= a:
            continue
        start, end = max(p.out_start, a), min(p.out_end, b)
        out.append(_esc(text[pos:start]))
        out.append(_edit_span(p, text[start:end], first=start == p.out_start))
        pos = end
    out.append(_esc(text[pos:b]))
    inner = "".join(out)
    if region.block is None:
        return f'<div class="gap">{inner}</div>' if a < b and not text[a:b].strip() else inner
    return _block_div(region, inner, moved.get(region.number))


def _block_div(region: _Region, inner: str, moved: str | None) -> str:
    block = region.block or {}
    role = str(block.get("role") or "block")
    article = block.get("article")
    if isinstance(article, int) and article < 0:  # furniture: no article
        article = None
    label = [role] + ([f"article {article}"] if article is not None else []) + (["moved"] if moved else [])
    tip = [f"block {region.number}: {role}"] + ([f"article {article}"] if article is not None else [])
    if block.get("source_blocks"):
        tip.append("source blocks " + ", ".join(map(str, block["source_blocks"])))
    if moved:
        tip.append(moved)
    classes = "blk" + (" moved" if moved else "")
    rgb = ROLE_RGB.get(role, _OTHER_RGB)
    return (
        f'<div class="{classes}" id="block-{region.number}" data-block="{region.number}" data-role="{_esc(role)}"'
        f' data-label="{_esc(" · ".join(label))}" title="{_esc(" · ".join(tip))}" style="--role:{rgb}">{inner}</div>'
    )


def _edit_span(p: Placed, piece: str, first: bool) -> str:
    e = p.edit
    kind = e.repair if e.repair in REPAIR_INFO else "other"
    classes = ["e", f"r-{kind}"]
    if not e.new:
        classes.append("gone")
    elif not piece.strip():
        classes.append("ws")
    if e.confidence < LOW_CONFIDENCE:
        classes.append("low")
    strength = 0.25 + 0.65 * e.confidence
    tip = f"{e.repair} · confidence {e.confidence:.0%}\nwas: {_visible(e.old)}\nnow: {_visible(e.new)}"
    # The original, shown struck through when the reader asks for it; its
    # whitespace made visible, since a struck-through space shows nothing.
    old = f'<del class="o">{_esc(_visible(e.old, limit=None))}</del>' if first and e.old else ""
    return (
        f'<span class="{" ".join(classes)}" data-edit="{p.index}" data-repair="{_esc(e.repair)}"'
        f' data-conf="{e.confidence:.2f}" style="--s:{strength:.2f}" title="{_esc(tip)}">{old}{_esc(piece)}</span>'
    )


_VISIBLE = {" ": "␣", "\n": "⏎", "\t": "⇥", "\u3000": "□"}


def _visible(s: str, limit: int | None = 80) -> str:
    """``s`` with its whitespace shown, shortened to ``limit`` characters.

    >>> _visible(" ,\\n"), _visible("")
    ('␣,⏎', '(nothing)')
    """
    if not s:
        return "(nothing)"
    shown = "".join(_VISIBLE.get(c, c) for c in s)
    return shown if limit is None or len(shown) <= limit else shown[: limit - 1] + "…"


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


# --- legend and page ---------------------------------------------------------------


def _style(counts: Counter) -> str:
    rules = [f".r-{k}{{--rgb:{rgb}}}" for k, rgb in REPAIR_RGB.items()]
    rules.append(f".r-other{{--rgb:{_OTHER_RGB}}}")
    kinds = list(REPAIR_INFO) + sorted(set(counts) - set(REPAIR_INFO)) + ["other"]
    rules += [f"body.hide-{k} .page .r-{k}{{background:none;outline:none}}" for k in kinds]
    return _CSS + "\n".join(rules)


def _legend(counts: Counter) -> str:
    rows = []
    names = list(REPAIR_INFO) + sorted(k for k in counts if k not in REPAIR_INFO)
    for name in names:
        kind = name if name in REPAIR_INFO else "other"
        rows.append(
            f'<li><label><input type="checkbox" checked data-kind="{_esc(kind)}">'
            f'<span class="sw r-{_esc(kind)}" style="--s:.9"></span>'
            f'<span class="name">{_esc(name)}</span> <b class="count" data-count="{_esc(name)}">{counts.get(name, 0)}</b>'
            f'<small>{_esc(REPAIR_INFO.get(name, "other repair"))}</small></label></li>'
        )
    return "\n".join(rows)


def _block_legend(blocks: Sequence[dict], moved: dict[int, str]) -> str:
    if not blocks:
        return '<p class="note">No block information for this page.</p>'
    roles = Counter(str(b.get("role") or "block") for b in blocks if isinstance(b, dict))
    rows = [
        f'<li><span class="rsw" style="--role:{ROLE_RGB.get(r, _OTHER_RGB)}"></span>{_esc(r)} <b>{n}</b></li>'
        for r, n in sorted(roles.items(), key=lambda rn: (-rn[1], rn[0]))
    ]
    rows.append(f'<li><span class="rsw moved"></span>moved <b>{len(moved)}</b></li>')
    return '<ul class="roles">' + "\n".join(rows) + "</ul>"


def _version() -> str:
    from . import __version__

    return __version__


_CSS = """
:root{color-scheme:light;--ink:#222;--muted:#666;--paper:#fffdf8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:#eee;display:flex;align-items:flex-start}
aside{position:sticky;top:0;width:19em;flex:none;padding:1em 1.2em;background:#f7f7f7;border-right:1px solid #ddd;min-height:100vh;font-size:13px}
aside h1{font-size:16px;margin:0 0 .2em;word-break:break-all}
aside h2{font-size:13px;margin:1.2em 0 .4em;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
aside ul{list-style:none;margin:0;padding:0}
aside li{margin:.25em 0}
aside li label{display:grid;grid-template-columns:auto auto 1fr auto;gap:0 .45em;align-items:center;cursor:pointer}
aside li small{grid-column:3/5;color:var(--muted)}
aside .count{text-align:right;font-variant-numeric:tabular-nums}
.sw{display:inline-block;width:1.3em;height:1.1em;border-radius:2px;background:rgb(var(--rgb)/var(--s))}
.rsw{display:inline-block;width:.35em;height:1.1em;margin-right:.5em;vertical-align:middle;background:rgb(var(--role))}
.rsw.moved{background:repeating-linear-gradient(45deg,rgb(204 121 167),rgb(204 121 167) 3px,transparent 3px,transparent 6px)}
.scale{display:flex;gap:.3em;align-items:center}
.note,.meta{color:var(--muted)}
main{flex:1;min-width:0;padding:1.5em 2em}
.page{max-width:48em;margin:0 auto;padding:2em 2em 2em 9em;background:var(--paper);box-shadow:0 1px 4px rgba(0,0,0,.15);white-space:pre-wrap;word-break:break-all;font:17px/1.9 "Noto Serif CJK SC","Source Han Serif SC","Songti SC","SimSun","Noto Sans CJK SC",serif}
.gap{line-height:.7}
.blk{position:relative;border-left:3px solid rgb(var(--role));padding-left:.6em;margin:.2em 0}
.blk::before{content:attr(data-label);position:absolute;right:100%;margin-right:.7em;width:11em;text-align:right;font:11px/1.4 system-ui,sans-serif;color:rgb(var(--role));white-space:normal;top:.35em}
.blk.moved{background:repeating-linear-gradient(45deg,rgb(204 121 167/.12),rgb(204 121 167/.12) 6px,transparent 6px,transparent 12px)}
.e{background:rgb(var(--rgb)/var(--s));border-radius:2px;cursor:help}
.e.r-move{background:rgb(var(--rgb)/calc(var(--s)*.3))}
.e.low{text-decoration:underline dashed rgb(var(--rgb));text-underline-offset:3px}
.e:hover{outline:2px solid rgb(var(--rgb))}
.e.gone{display:inline-block;width:.3em;height:1.2em;vertical-align:-.2em;margin:0 .05em}
.e.gone.r-move{background:rgb(var(--rgb)/var(--s));width:.6em}
.e.ws::before{content:"↵";font-size:.7em;color:rgb(var(--rgb));vertical-align:top}
.o{display:none}
body.show-old .o{display:inline;color:#a33;text-decoration:line-through;background:#fdd;font-size:.85em}
body.show-old .e.gone{width:auto;height:auto;display:inline}
footer{color:var(--muted);font-size:12px;max-width:48em;margin:1em auto}
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="generator" content="ocrfix {version}">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<aside>
<h1>{title}</h1>
<p class="meta">{summary}</p>
<h2>Edits by repair</h2>
<ul class="legend">
{legend}
</ul>
<h2>Confidence</h2>
<div class="scale r-punct"><span class="sw" style="--s:.58"></span>50% <span class="sw" style="--s:.74"></span>75% <span class="sw" style="--s:.9"></span>100%</div>
<p class="note">Stronger colour: surer edit. Dashed underline: below {low:.0%}.</p>
<h2>Blocks</h2>
{blocks}
<h2>View</h2>
<label><input type="checkbox" id="show-old"> show the original text inline</label>
<p class="note">Hover an edit for the original text and the confidence. Untick a repair to hide its highlights.</p>
</aside>
<main>
<div class="page" lang="zh-CN">{page}</div>
<footer>ocrfix {version} · the text is the restored page; highlights mark every edit</footer>
</main>
<script>
(function () {{
  var body = document.body;
  document.getElementById("show-old").addEventListener("change", function (ev) {{
    body.classList.toggle("show-old", ev.target.checked);
  }});
  document.querySelectorAll("input[data-kind]").forEach(function (box) {{
    box.addEventListener("change", function () {{ body.classList.toggle("hide-" + box.dataset.kind, !box.checked); }});
  }});
  // How many edits the browser actually draws: laid out with a size and a colour.
  var shown = new Set();
  document.querySelectorAll(".page .e").forEach(function (el) {{
    var r = el.getBoundingClientRect();
    var bg = getComputedStyle(el).backgroundColor;
    if (r.width > 0 && r.height > 0 && bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") shown.add(el.dataset.edit);
  }});
  body.dataset.editsShown = String(shown.size);
}})();
</script>
</body>
</html>
""".replace("{low:.0%}", f"{LOW_CONFIDENCE:.0%}")


# --- command line ------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the OCR page to restore and review (UTF-8 text; - for stdin)")
    parser.add_argument("-o", "--output", metavar="HTML", help="where to write the page (default: FILE.html; - for stdout)")
    parser.add_argument("--title", help="page title (default: the file name)")
    parser.add_argument("--model", metavar="PATH", help="KenLM model (default: $OCRFIX_MODEL or the shipped model)")
    parser.add_argument("--min-confidence", type=float, metavar="P", help="drop edits below this confidence (default: 0.5)")


def run(args: argparse.Namespace) -> int:
    from . import fix_and_explain
    from .io import InputError, atomic_write, decode, read_file

    name = "stdin" if args.file == "-" else args.file
    try:
        page = decode(sys.stdin.buffer.read()) if args.file == "-" else read_file(args.file)
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None
    output = args.output or ("-" if args.file == "-" else args.file + ".html")
    if output != "-" and args.file != "-" and os.path.exists(output) and os.path.samefile(output, args.file):
        raise ValueError(f"{output}: refusing to write the review over its own input; choose another -o")
    changes = {}
    if args.model:
        changes["model"] = args.model
    if args.min_confidence is not None:
        changes["min_confidence"] = args.min_confidence
    fixed = fix_and_explain(page.text, Config(**changes))
    page_html = render_review(page.text, fixed, title=args.title or os.path.basename(name))
    if output == "-":
        sys.stdout.write(page_html)
        sys.stdout.flush()
    else:
        atomic_write(output, page_html.encode("utf-8"))
        print(f"ocrfix review: wrote {output} ({len(fixed.edits)} edits)", file=sys.stderr)
    return 0

