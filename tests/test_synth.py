"""ocrfix.synth: the corruption simulator, its records and its calibration."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from ocrfix import synth
from ocrfix.chardata import QUOTES, content_chars

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_OCR = SEEDS / "000_9e6876d41bf3072b.txt"
SEED_GOLD = SEEDS / "000_9e6876d41bf3072b.gold.txt"

PARAS = [
    "他说：“质量强市”，从这里开始。我们要把“工匠精神”融入每一件产品（包括小五金），让市民满意！",
    "本报北京1月26日讯记者报道：首都各界人士今天在人民大会堂举行座谈会，纪念《重要讲话》发表三周年。",
    "2014年1月，我市获批创建全国质量强市示范城市，成为全省唯一获批创建该项目的县级市；两年多时间里成效显著？",
]
ARTICLES = [
    synth.Article("我市举办迎新年活动", PARAS, ["送年画进社区"]),
    synth.Article("两岸关系发展的关键", PARAS[::-1]),
    synth.Article("春节联欢晚会今晚举行", PARAS[1:]),
]


def replay(gold: str, damage: list, g0: int, g1: int, o0: int, o1: int) -> str:
    """Gold span [g0, g1) with the damage records inside OCR span [o0, o1) applied."""
    recs = sorted((d for d in damage if o0 <= d["ocr_start"] and d["ocr_end"] <= o1 and g0 <= d["gold_start"] <= g1), key=lambda d: (d["gold_start"], d["ocr_start"]))
    out, g = [], g0
    for d in recs:
        out += [gold[g : d["gold_start"]], d["ocr"]]
        g = d["gold_end"]
    return "".join(out + [gold[g:g1]])


def check_page(page: synth.SynthPage) -> None:
    # Content characters are never invented or lost.
    assert sorted(content_chars(page.ocr)) == sorted(content_chars(page.gold))
    # Gold format: blocks separated by exactly one blank line, no newline inside.
    blocks = page.gold.rstrip("\n").split("\n\n")
    assert all(b and "\n" not in b and b == b.strip() for b in blocks)
    assert len(page.articles) == len(blocks)
    # Articles are contiguous in the gold.
    seen: list[int] = []
    for a in page.articles:
        if a >= 0 and (not seen or seen[-1] != a):
            assert a not in seen
            seen.append(a)
    # Every OCR block is its gold span with the recorded damage applied.
    record = page.damage_json()
    spans: dict[tuple[int, int], list[dict]] = {}
    for b in record["blocks"]:
        spans.setdefault((b["ocr_start"], b["ocr_end"]), []).append(b)
    for (o0, o1), bs in spans.items():
        g0, g1 = min(b["gold_start"] for b in bs), max(b["gold_end"] for b in bs)
        assert replay(page.gold, record["damage"], g0, g1, o0, o1) == page.ocr[o0:o1]
    assert sum(o1 - o0 for o0, o1 in spans) + 2 * (len(spans) - 1) + 1 == len(page.ocr)
    for d in page.damage:
        assert page.gold[d.gold_start : d.gold_end] == d.gold
        assert page.ocr[d.ocr_start : d.ocr_end] == d.ocr


@pytest.mark.parametrize("style", synth.STYLES)
def test_corrupt_paragraph_records_replay(style):
    for seed in range(20):
        for text in PARAS:
            ocr, damage = synth.corrupt_paragraph(text, style, random.Random(seed))
            assert content_chars(ocr) == content_chars(text)
            out, g = [], 0
            for d in damage:
                assert text[d.gold_start : d.gold_end] == d.gold and ocr[d.ocr_start : d.ocr_end] == d.ocr
                out += [text[g : d.gold_start], d.ocr]
                g = d.gold_end
            assert "".join(out) + text[g:] == ocr
            assert not any(q in ocr for q in QUOTES)  # both styles drop every quote by default
            assert ocr == ocr.strip() and "  " not in ocr


def test_spaces_style_leaves_line_break_spaces_nospace_does_not():
    text = "两岸关系正处在一个重要的发展时期两岸民间经济合作和交流人员往来都呈现出良好的发展势头" * 2
    spaced, damage = synth.corrupt_paragraph(text, "spaces", random.Random(0), line_width=16)
    assert spaced.count(" ") >= len(text) // 17 and {d.kind for d in damage} == {"linebreak"}
    plain, _ = synth.corrupt_paragraph(text, "nospace", random.Random(0), synth.default_rates("nospace")._replace(newline_lines=0.0), line_width=16)
    assert plain == text


def test_line_width_counts_dropped_quotes_and_half_width_digits():
    rates = synth.Rates(indent=0, space_before_punct=0, space_after_punct=0, comma_drop=0, quote_space=0.0)
    ocr, _ = synth.corrupt_paragraph("“一二三四”五六七八九十", "spaces", random.Random(0), rates, line_width=5)
    assert ocr == "一二三四 五六七八九 十"  # “ took a cell; ” hung on the first line
    ocr, _ = synth.corrupt_paragraph("1234567890一二三", "spaces", random.Random(0), rates, line_width=5)
    assert ocr == "1234567890 一二三"  # digits are half a cell and not split


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="style"):
        synth.corrupt_paragraph("文字", "tabs")


@pytest.mark.parametrize("style", synth.STYLES)
def test_pages_are_consistent_and_deterministic(style):
    kinds: set[str] = set()
    for seed in range(30):
        page = synth.make_page(ARTICLES, style, random.Random(seed), captions=["图为活动现场。"])
        check_page(page)
        kinds |= {item["type"] for item in page.layout}
        again = synth.make_page(ARTICLES, style, random.Random(seed), captions=["图为活动现场。"])
        assert (again.ocr, again.damage_json()) == (page.ocr, page.damage_json())
    assert {"column_break", "headline_after_body", "box_inside_article", "interleave", "headline_split"} <= kinds


def test_clean_page_is_its_own_gold():
    page = synth.clean_page(ARTICLES)
    assert page.ocr == page.gold and not page.damage and not page.layout
    assert page.articles == [0, 0] + [0] * 3 + [1] + [1] * 3 + [2] + [2] * 2
    check_page(page)


def test_articles_from_lines():
    lines = ["●要目一", "张三", "国务院举行春节团拜会", "李鹏向机关工作人员祝贺节日", "新华社北京电今天下午举行团拜会。", "他说，过去的一年很不平凡。", "（附图片）", "短标题没有正文"]
    arts = synth.articles_from_lines(lines)
    assert len(arts) == 1
    assert arts[0].headline == "国务院举行春节团拜会" and arts[0].subheads == ["李鹏向机关工作人员祝贺节日"]
    assert arts[0].body[0].startswith("新华社")


def test_articles_from_tagged_lines_read_author_lines_as_bylines():
    lines = [
        "赞/Vg  天津/ns  的/u  新/a  事/n",
        "季/nr  音/nr",
        "最近/t  ，/w  天津/ns  百姓/n  感到/v  满意/a  。/w",
        "过年/v",
        "本报/r  记者/n  唐/nr  维红/nr",
        "小时候/n  ，/w  总/d  盼/v  着/u  过年/v  。/w",
    ]
    arts = synth.articles_from_lines(lines, tagged=True)
    assert [(a.headline, a.byline, a.body) for a in arts] == [
        ("赞天津的新事", "季音", ["最近，天津百姓感到满意。"]),
        ("过年", "本报记者唐维红", ["小时候，总盼着过年。"]),
    ]
    # untagged, a short author line is a paragraph, the short title one
    # more, and a long author line a headline
    plain = synth.articles_from_lines(["赞天津的新事", "季音", "最近，天津百姓感到满意。", "过年", "本报记者唐维红", "小时候，总盼着过年。"])
    assert [(a.headline, a.byline, a.body) for a in plain] == [
        ("赞天津的新事", "", ["季音", "最近，天津百姓感到满意。", "过年"]),
        ("本报记者唐维红", "", ["小时候，总盼着过年。"]),
    ]


def test_calibrate_seed_000():
    rates = synth.calibrate(SEED_OCR.read_text(encoding="utf-8"), SEED_GOLD.read_text(encoding="utf-8"))
    assert rates["quote_drop"] == 1.0 and rates["narrow"] == 1.0
    assert 0.7 < rates["quote_space"] < 0.9
    assert 15 <= rates["line_width_median"] <= 18


def test_devset_on_given_lines(tmp_path):
    lines = [p for art in ARTICLES for p in [art.headline, *art.subheads, *art.body]] * 8
    paths = synth.make_devset(tmp_path, n_pages=4, lines=lines)
    assert [p.name for p in paths] == ["syn-spaces-000.txt", "syn-spaces-001.txt", "syn-nospace-000.txt", "syn-nospace-001.txt"]
    for p in paths:
        stem = p.with_suffix("")
        gold = Path(f"{stem}.gold.txt").read_text(encoding="utf-8")
        arts = json.loads(Path(f"{stem}.articles.json").read_text(encoding="utf-8"))["articles"]
        damage = json.loads(Path(f"{stem}.damage.json").read_text(encoding="utf-8"))
        assert len(arts) == len(gold.rstrip("\n").split("\n\n")) and damage["style"] in synth.STYLES
    again = synth.make_devset(tmp_path / "again", n_pages=4, lines=lines)
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(paths, again))
