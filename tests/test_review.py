"""ocrfix review: the HTML page, its self-containment, and what Chromium draws."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import ocrfix
from ocrfix import Edit, Fixed
from ocrfix.cli import main
from ocrfix.review import place_edits, render_review

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_9e6876d41bf3072b.txt"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


class _Page(HTMLParser):
    """Collects the restored text (without the hidden originals) and every edit span."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.in_page = 0
        self.text: list[str] = []
        self.edits: list[dict] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href", "action"):
            if key in a:
                self.urls.append(a[key])
        self.stack.append((tag, a))
        if a.get("class") == "page":
            self.in_page = len(self.stack)
        if self.in_page and tag == "span" and "e" in (a.get("class") or "").split():
            self.edits.append(a)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            if self.in_page == len(self.stack):
                self.in_page = 0
            self.stack.pop()

    def handle_data(self, data):
        if self.in_page and not any(t == "del" for t, _ in self.stack):
            self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _seed() -> tuple[str, Fixed]:
    source = SEED.read_text(encoding="utf-8")
    return source, ocrfix.fix_and_explain(source)


def test_every_edit_is_shown_with_its_repair_and_original():
    source, fixed = _seed()
    assert fixed.edits, "seed 000 should need repairs"
    page = render_review(source, fixed, title="seed 000")
    parsed = _parse(page)
    assert "".join(parsed.text) == fixed.text
    first_piece = {}
    for span in parsed.edits:
        first_piece.setdefault(int(span["data-edit"]), span)
    assert sorted(first_piece) == list(range(len(fixed.edits)))
    for index, edit in enumerate(fixed.edits):
        span = first_piece[index]
        assert f"r-{edit.repair}" in span["class"].split()
        assert span["data-repair"] == edit.repair
        assert span["title"].startswith(f"{edit.repair} · confidence")
        assert "was: " in span["title"] and "now: " in span["title"]
    for repair in {e.repair for e in fixed.edits}:
        count = sum(e.repair == repair for e in fixed.edits)
        assert f'data-count="{repair}">{count}</b>' in page


def test_self_contained():
    source, fixed = _seed()
    page = render_review(source, fixed)
    assert not re.search(r"https?://", page)
    assert not re.search(r"@import|url\(", page)
    assert _parse(page).urls == []
    assert "<style>" in page and "<script>" in page


def test_blocks_roles_and_moves():
    source = "正文一段。\n\n标题\n\n正文二段。"
    text = "标题\n\n正文一段。\n\n正文二段。"
    edits = (Edit(0, 7, "正文一段。\n\n", "", "move"), Edit(11, 11, "", "正文一段。\n\n", "move"))
    # the layout stage reports blocks with their output text (or start/end)
    blocks = (
        {"index": 0, "role": "headline", "article": 0, "source_blocks": [1], "text": "标题"},
        {"index": 1, "role": "body", "article": 0, "source_blocks": [0], "text": "正文一段。"},
        {"index": 2, "role": "body", "article": 0, "source_blocks": [2], "start": 11, "end": 16},
    )
    assert ocrfix.apply_edits(source, edits) == text
    page = render_review(source, Fixed(text, edits, blocks))
    parsed = _parse(page)
    assert "".join(parsed.text) == text
    assert page.count('class="blk') == 3
    assert 'data-role="headline"' in page and 'data-label="headline · article 0"' in page
    assert page.count('class="blk moved"') == 1
    assert 'data-label="body · article 0 · moved"' in page
    assert {int(s["data-edit"]) for s in parsed.edits} == {0, 1}


def test_edge_cases_and_bad_edits():
    assert "data-edit" not in render_review("", Fixed(""))
    clean = "“质量创强”，获省领导批示。"
    page = render_review(clean, ocrfix.fix_and_explain(clean))
    assert "".join(_parse(page).text) == ocrfix.fix(clean)
    html_like = "<b>&amp;</b> , 好"
    fixed = ocrfix.fix_and_explain(html_like)
    assert "".join(_parse(render_review(html_like, fixed)).text) == fixed.text
    with pytest.raises(ValueError, match="another text"):
        render_review("批示:永康", Fixed("批示：永康x", (Edit(2, 3, ":", "：", "punct"),)))
    placed = place_edits("a  b,c", [Edit(4, 5, ",", "，", "punct"), Edit(1, 3, "  ", "", "space")])
    assert [(p.index, p.out_start, p.out_end) for p in placed] == [(1, 1, 1), (0, 2, 3)]


def test_cli_writes_html(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("副省长作出批示:永康 成功通过验收!\n", encoding="utf-8")
    assert main(["review", str(page)]) == 0
    out = tmp_path / "page.txt.html"
    assert "r-punct" in out.read_text(encoding="utf-8")
    assert main(["review", str(page), "-o", str(tmp_path / "r.html"), "--title", "标题"]) == 0
    assert "<title>标题</title>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert main(["review", str(page), "-o", str(page)]) == 1
    assert "refusing" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8").startswith("副省长")
    bad = tmp_path / "bad.txt"
    bad.write_bytes("本报".encode("gb18030"))
    assert main(["review", str(bad)]) == 1
    assert "not UTF-8" in capsys.readouterr().err
    assert not (tmp_path / "bad.txt.html").exists()


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("chromium is not installed (Debian: apt-get install -y chromium); the browser check needs it")


@pytest.mark.slow
def test_chromium_draws_every_edit(tmp_path):
    chromium = _chromium()
    source, fixed = _seed()
    page = tmp_path / "review.html"
    page.write_text(render_review(source, fixed, title="seed 000"), encoding="utf-8")
    flags = CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1400"]
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    # The page's script counts the edits the browser lays out with a size and a colour.
    shown = re.search(r'data-edits-shown="(\d+)"', dom)
    assert shown, "the page's script did not run"
    assert int(shown.group(1)) == len(fixed.edits)
    shot = tmp_path / "review.png"
    subprocess.run([chromium, *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120, check=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
