"""``ocrfix width``: the column width a sample's line-break spaces fall on.

A corpus of short records (one paragraph a record) may not show, record by
record, the column width its printed line breaks left spaces at; estimate
it once from a sample and declare it with ``ocrfix fix --line-width W``
(``Config(line_width=W)``)::

    ocrfix width sample/*.txt
    ocrfix width --jsonl --field body records.jsonl

Prints the width in print cells, or ``none`` (exit 1) where the sample's
spaces fall on no common width (line breaks left no spaces, or too few
lines), and on stderr how many of the intervals between the sample's
spaces fall within a cell of it. Give it only a sample whose printed line
breaks left spaces: spaces that dropped quotation marks left recur too,
and a width read off them means nothing.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import estimate_line_width
from .decode import space_intervals
from .io import decode, read_file
from .page import Page


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="sample files (- for stdin)")
    parser.add_argument("--jsonl", action="store_true", help="the files are JSON Lines; read one field of each record")
    parser.add_argument("--field", metavar="NAME", default="text", help="the field holding the text (default: text)")


def _texts(name: str, jsonl: bool, field: str) -> list[str]:
    # decoded as `ocrfix fix` decodes its inputs (UTF-8, a BOM, CRLF)
    data = (decode(sys.stdin.buffer.read()) if name == "-" else read_file(name)).text
    if not jsonl:
        return [data]
    out = []
    for line in data.splitlines():
        if line.strip():
            value = json.loads(line).get(field)
            if isinstance(value, str):
                out.append(value)
    return out


def run(args: argparse.Namespace) -> int:
    texts = [t for name in args.files for t in _texts(name, args.jsonl, args.field)]
    width = estimate_line_width(texts)
    intervals = [d for t in texts for b in Page.parse(t).blocks for d in space_intervals(b.text)]
    if width is None:
        print("none")
        print(f"ocrfix width: the sample's {len(intervals)} intervals between spaces fall on no common width", file=sys.stderr)
        return 1
    print(f"{width:g}")
    near = sum(1 for d in intervals if abs(d - width) <= 1.0)
    print(f"ocrfix width: {near} of the sample's {len(intervals)} intervals between spaces are within a cell of it",
          file=sys.stderr)
    return 0
