"""ocrfix: restore Chinese newspaper OCR text.

>>> fix("本报讯 日前 ,我市报送的信息")
'本报讯 日前，我市报送的信息'
>>> fixed = fix_and_explain("批示:永康")
>>> [(e.old, e.new, e.repair) for e in fixed.edits]
[(':', '：', 'punct')]
>>> apply_edits("批示:永康", fixed.edits) == fixed.text
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .batch import fix_batch
from .config import Config
from .edits import Edit, Fixed, apply_edits
from .page import Page

try:
    __version__ = version("ocrfix")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "Config", "Edit", "Fixed", "Page", "apply_edits", "estimate_line_width", "fix", "fix_and_explain", "fix_batch", "__version__",
]


def fix_and_explain(text: str, config: Config | None = None) -> Fixed:
    """Restore ``text`` and return the result with the edits that made it."""
    if not isinstance(text, str):
        hint = "decode it first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else "pass the page text as str"
        raise TypeError(f"ocrfix needs text as str, not {type(text).__name__}: {hint}")
    if config is not None and not isinstance(config, Config):
        raise TypeError(f"config must be an ocrfix.Config, not {type(config).__name__}")
    from .restore import restore

    return restore(text, config or Config())


def fix(text: str, config: Config | None = None) -> str:
    """Restore ``text``: the page as the newspaper printed it."""
    return fix_and_explain(text, config).text


def estimate_line_width(texts) -> float | None:
    """The column width, in print cells, that the line-break spaces of the
    blocks of ``texts`` fall on (a sample of a corpus whose printed line breaks left
    spaces), or None where they show none: for ``Config(line_width=...)``
    when the corpus holds records too short to show it.

    >>> line = "一二三四五六七八九十一二三四五六 "
    >>> estimate_line_width([line * 4 + "一二三"])
    16.0
    """
    if isinstance(texts, str):
        texts = [texts]
    from .decode import texts_width

    return texts_width([block.text for text in texts for block in Page.parse(text).blocks])
