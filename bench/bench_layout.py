"""Layout alone: join and reading-order scores and layout time.

Runs :func:`ocrfix.layout.plan` on each page and renders its paragraphs
joined by a blank line, each paragraph's ``"\\n"`` junctions removed (what
the decoder does with a mid-sentence line break), then scores the result
with ``ocrfix.evaluate`` against the gold. Also checks that every edit
replays and that no content character is lost.

    python bench/bench_layout.py seeds/000_9e6876d41bf3072b.txt
    python bench/bench_layout.py --synth 48           # synthetic dev pages, by damage type
    python bench/bench_layout.py --clean 16           # clean pages: nothing may change
    python bench/bench_layout.py --clean 32 --clean-split train  # clean train pages
    OCRFIX_MODEL=build/tune/fit.klm python bench/bench_layout.py --clean 32 --clean-split tune  # for tuning (bench/tune_set.sh)
    python bench/bench_layout.py --clean 96 --clean-split train --clean-seed 1-40  # 3,840 of them
    python bench/bench_layout.py --dir build/trainset # pages written by `python -m ocrfix.synth devset`
    python bench/bench_layout.py --dir build/trainset --roles  # also: role recall against the gold roles
    python bench/bench_layout.py --clean 32 --clean-seed 0-3 --authors  # clean pages whose bylines are the corpus's author lines
    python bench/bench_layout.py --dir build/devset --why  # also: where the order misses fall

With synthetic pages, each damage record is also checked on its own (exact
per-damage accuracy): a column break, split headline or line-per-block
paragraph is repaired when its whole gold block is read as one paragraph; a
displaced head group, a box inside an article or two alternating articles
are repaired when every consecutive pair of the article's gold blocks is
read in order (and a box's blocks are still on the page).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from ocrfix.chardata import content_chars
from ocrfix.config import Config
from ocrfix.edits import Trace, apply_edits
from ocrfix.evaluate import evaluate_page, mark_errors
from ocrfix.layout import plan
from ocrfix.lm import load_model
from ocrfix.page import Page
from ocrfix.roles import is_bare_name


def render(text: str, model, config: Config) -> tuple[str, list, float]:
    """The page as layout alone restores it, its paragraphs, and the seconds plan() took."""
    page = Page.parse(text)
    t0 = time.perf_counter()
    paras = plan(page, model, config)
    dt = time.perf_counter() - t0
    out = []
    for p in paras:
        t = p.trace
        for i in range(len(t) - 1, -1, -1):
            if t.chars[i] == "\n":
                t = t.replace(i, i + 1, "", "join")
        out.append(t)
    parts: list = []
    for n, t in enumerate(out):
        if n:
            parts.append("\n\n")
        parts.append(t)
    whole = Trace.concat(parts, text, "layout")
    rendered = whole.text + "\n"
    replay = apply_edits(text, whole.edits())
    if replay.rstrip("\n") != whole.text:
        raise AssertionError("edits do not replay")
    return rendered, paras, dt


def _counts(result: dict, kind: str, key: str = "repairs") -> tuple[int, int, int]:
    d = (result[key] or result["marks"])[kind]
    return d["tp"], d["fp"], d["fn"]


def _f1(tp: int, fp: int, fn: int) -> str:
    if tp + fp + fn == 0:
        return "n/a"
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return f"{(2 * p * r / (p + r)) if p + r else 0.0:.3f} (tp {tp} fp {fp} fn {fn})"


def score_page(ocr: str, gold: str, articles, model, config) -> tuple[dict, float, list, str]:
    """The page scored against its gold, the seconds plan() took, its
    paragraphs and the rendered page."""
    pred, paras, dt = render(ocr, model, config)
    return evaluate_page(gold, pred, input=ocr, articles=articles), dt, paras, pred


def damage_checks(gold: str, articles: list[int], damage: dict, paras) -> list[tuple[dict, bool]]:
    """``(damage record, repaired?)`` for every layout damage record of a page."""
    gold_blocks = [content_chars(b.text) for b in Page.parse(gold).blocks]
    pieces = [content_chars(p.trace.text) for p in paras]
    stream = "|" + "|".join(pieces) + "|"

    def whole(k: int) -> bool:
        return any(gold_blocks[k] in piece for piece in pieces)

    def in_order(i: int, j: int) -> bool:
        a, b = gold_blocks[i][-8:], gold_blocks[j][:8]
        return f"{a}|{b}" in stream or (len(gold_blocks[i]) <= 8 and f"|{gold_blocks[i]}|{b}" in stream)

    def article_ok(a: int) -> bool:
        ks = [k for k, art in enumerate(articles) if art == a]
        return all(in_order(i, j) for i, j in zip(ks, ks[1:]) if j == i + 1)

    out = []
    for d in damage.get("layout", []):
        t = d["type"]
        if t in ("column_break", "headline_split", "lines_as_blocks"):
            ok = whole(d["gold_block"])
        elif t == "headline_after_body":
            ok = article_ok(d["article"])
        elif t == "box_inside_article":
            ok = article_ok(d["article"]) and all(gold_blocks[k] in stream for k in d["gold_blocks"])
        elif t == "interleave":
            ok = all(article_ok(a) for a in d["articles"])
        elif t == "box_merge":
            ok = all(gold_blocks[k] in stream for k in d["gold_blocks"])
        else:
            continue
        out.append((d, ok))
    return out


def order_why(gold: str, pred: str, ocr: str, articles: list[int], counts: Counter) -> None:
    """Add each reading-order pair the repair score counts wrong to
    ``counts``, by its type (``fn`` missed, ``fp``), why (``missed``,
    ``broken``: the input read it in order, ``new``: read after a block gold
    does not put there) and whose blocks they are (one article's, two
    articles', or a box's: an ad, caption or other block of no article)."""
    for e in mark_errors(gold, pred, ocr, kinds=("order",), articles=articles):
        a, b = e["slot"]
        whose = "box" if -1 in (articles[a], articles[b]) else "one article" if articles[a] == articles[b] else "two articles"
        counts[e["type"], e["why"], whose] += 1


def _gold_block(damage: dict, block) -> dict | None:
    """The damage record's block an OCR block starts in."""
    return next((x for x in damage.get("blocks", []) if x["ocr_start"] <= block.start < x["ocr_end"]), None)


def displaced_after(page: Page, damage: dict, record: dict) -> str:
    """What the OCR ``page`` reads right after a displaced head group: the
    page's end, another article's head or body, or a box."""
    info = [_gold_block(damage, b) for b in page.blocks]
    last = max(k for k, x in enumerate(info) if x is not None and x["gold_block"] in record["gold_blocks"])
    nxt = info[last + 1] if last + 1 < len(info) else None
    if nxt is None:
        return "the page's end"
    if nxt["article"] == -1:
        return "a box"
    if nxt["article"] == record["article"]:
        return "its own article"
    return "another article's " + ("body" if nxt["role"] == "body" else "head")


def role_counts(ocr: str, damage: dict, paras, counts: dict[str, Counter]) -> None:
    """Add each OCR block's (gold role -> predicted role) to ``counts``; the
    gold role is that of the damage record's block the OCR block starts in."""
    page = Page.parse(ocr)
    predicted = {k: p.role for p in paras for k in p.blocks}
    for b in page.blocks:
        gold = _gold_block(damage, b)
        if gold is not None:
            counts[gold["role"]][predicted[b.index]] += 1


def synth_report(paths: list[Path], model, config: Config, verbose: bool = False, roles: bool = False,
                 why: bool = False) -> tuple[float, int]:
    """Score synthetic pages (with their .damage.json); print totals by style,
    by damage type present on the page, and exact per-damage accuracy
    (``why``: also the order misses by kind, :func:`order_why`, and the
    displaced head groups by what follows them, :func:`displaced_after`)."""
    order_table: Counter = Counter()
    displaced: dict[str, Counter] = defaultdict(Counter)
    by_type: dict[str, Counter] = defaultdict(Counter)
    by_style: dict[str, Counter] = defaultdict(Counter)
    exact: dict[str, Counter] = defaultdict(Counter)
    pages_ok: Counter = Counter()
    role_table: dict[str, Counter] = defaultdict(Counter)
    total_time, total_chars = 0.0, 0
    for path in paths:
        ocr = path.read_text(encoding="utf-8")
        stem = path.with_suffix("")
        gold = stem.with_name(stem.name + ".gold.txt").read_text(encoding="utf-8")
        articles = json.loads(stem.with_name(stem.name + ".articles.json").read_text())["articles"]
        damage = json.loads(stem.with_name(stem.name + ".damage.json").read_text())
        result, dt, paras, pred = score_page(ocr, gold, articles, model, config)
        total_time += dt
        total_chars += len(ocr)
        style = "spaces" if "-spaces-" in path.name else "nospace"
        types = sorted({d["type"] for d in damage.get("layout", [])}) or ["none"]
        for kind in ("join", "order"):
            tp, fp, fn = _counts(result, kind)
            for c in (by_style[style], by_style["all"], *(by_type[t] for t in types)):
                c[kind + "_tp"] += tp
                c[kind + "_fp"] += fp
                c[kind + "_fn"] += fn
        if roles:
            role_counts(ocr, damage, paras, role_table)
        page = Page.parse(ocr) if why else None
        for d, ok in damage_checks(gold, articles, damage, paras):
            exact[d["type"]]["ok" if ok else "bad"] += 1
            if page is not None and d["type"] == "headline_after_body":
                displaced[displaced_after(page, damage, d)]["ok" if ok else "bad"] += 1
        if why:
            order_why(gold, pred, ocr, articles, order_table)
        lost = result["content"]["lost_vs_input"] + result["content"]["added_vs_input"]
        pages_ok["content_changed_pages"] += bool(lost)
        if verbose:
            print(path.name, types, _f1(*_counts(result, "join")), _f1(*_counts(result, "order")))
    print(f"\nsynthetic pages: {len(paths)}")
    for name, c in sorted(by_style.items()):
        print(f"  {name:8s} join {_f1(c['join_tp'], c['join_fp'], c['join_fn'])}  order {_f1(c['order_tp'], c['order_fp'], c['order_fn'])}")
    print("  by damage type present on the page:")
    for name, c in sorted(by_type.items()):
        print(f"  {name:20s} join {_f1(c['join_tp'], c['join_fp'], c['join_fn'])}  order {_f1(c['order_tp'], c['order_fp'], c['order_fn'])}")
    print("  each damage record repaired (exact):")
    for name, c in sorted(exact.items()):
        n = c["ok"] + c["bad"]
        print(f"  {name:20s} {c['ok']}/{n} = {c['ok'] / n:.3f}")
    print(f"  pages with content changed: {pages_ok['content_changed_pages']}")
    if why:
        print("  reading-order pairs counted wrong (type, why, whose blocks):")
        for key, n in sorted(order_table.items()):
            print(f"  {' / '.join(key):36s} {n}")
        print("  displaced head groups repaired, by what the OCR reads after them:")
        for name, c in sorted(displaced.items()):
            print(f"  {name:28s} {c['ok']}/{c['ok'] + c['bad']}")
    if roles:
        print("  role recall (gold role: right/blocks, what it was read as):")
        for name, c in sorted(role_table.items()):
            print(f"  {name:12s} {c[name]}/{sum(c.values())}  {dict(c.most_common())}")
    return total_time, total_chars


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="*", help="OCR pages with NAME.gold.txt / NAME.articles.json beside them")
    ap.add_argument("--synth", type=int, default=0, help="also generate and score N synthetic dev pages")
    ap.add_argument("--clean", type=int, default=0, help="also check N clean dev pages come out unchanged")
    ap.add_argument("--clean-split", default="dev", choices=("dev", "train", "tune"), help="split of the --clean pages (tune: with the model of bench/tune_set.sh)")
    ap.add_argument("--clean-seed", default="0", help="seed of the --clean pages, or a range A-B of seeds (N pages each)")
    ap.add_argument("--authors", action="store_true", help="--synth and --clean pages with the corpus's author lines as bylines "
                    "(python -m ocrfix.synth devset --authors)")
    ap.add_argument("--dir", help="also score the synthetic pages in DIR (NAME.txt + NAME.damage.json ...)")
    ap.add_argument("--no-model", action="store_true", help="cues only")
    ap.add_argument("--roles", action="store_true", help="with synthetic pages, also report role recall")
    ap.add_argument("-v", action="store_true", help="print each page's paragraphs")
    ap.add_argument("--why", action="store_true",
                    help="with synthetic pages, also count the order misses by kind and the displaced head groups by what follows them")
    args = ap.parse_args(argv)
    model = None if args.no_model else load_model()
    if model is not None:
        model.score("预热")
    is_bare_name("张三")  # loads jieba once, outside the timings (the decoder loads it too)
    config = Config()
    total_time, total_chars = 0.0, 0
    for path in map(Path, args.pages):
        ocr = path.read_text(encoding="utf-8")
        stem = path.with_suffix("")
        gold = stem.with_name(stem.name + ".gold.txt").read_text(encoding="utf-8")
        art_path = stem.with_name(stem.name + ".articles.json")
        articles = json.loads(art_path.read_text())["articles"] if art_path.exists() else None
        result, dt, paras, _ = score_page(ocr, gold, articles, model, config)
        total_time += dt
        total_chars += len(ocr)
        print(f"{path.name}: join {_f1(*_counts(result, 'join'))}; order {_f1(*_counts(result, 'order'))}; "
              f"join(marks) {_f1(*_counts(result, 'join', 'marks'))}; order(marks) {_f1(*_counts(result, 'order', 'marks'))}; "
              f"content lost {result['content']['lost_vs_input']} added {result['content']['added_vs_input']}; layout {dt * 1000:.1f} ms")
        if args.v:
            for p in paras:
                print(f"  [{p.article:2d}] {p.role:11s} {list(p.blocks)} {p.trace.text[:50]!r}")
    if args.synth:
        from ocrfix import synth

        with tempfile.TemporaryDirectory() as tmp:
            paths = synth.make_devset(tmp, n_pages=args.synth, authors=args.authors)
            dt, n = synth_report(paths, model, config, args.v, args.roles, args.why)
            total_time, total_chars = total_time + dt, total_chars + n
    if args.dir:
        paths = sorted(Path(args.dir).glob("*.damage.json"))
        paths = [p.with_name(p.name[: -len(".damage.json")] + ".txt") for p in paths]
        dt, n = synth_report(paths, model, config, args.v, args.roles, args.why)
        total_time, total_chars = total_time + dt, total_chars + n
    if args.clean:
        from ocrfix import synth

        changed = 0
        first, _, last = args.clean_seed.partition("-")
        pages = [page for seed in range(int(first), int(last or first) + 1)
                 for page in synth.clean_pages(args.clean, seed=seed, split=args.clean_split, authors=args.authors)]
        for page in pages:
            paras = plan(Page.parse(page.ocr), model, config)
            t0 = time.perf_counter()
            pieces = []
            for n, p in enumerate(paras):
                if n:
                    pieces.append("\n\n")
                pieces.append(p.trace)
            total_time += time.perf_counter() - t0
            edits = Trace.concat(pieces, page.ocr).edits()
            joined = any(len(p.blocks) > 1 for p in paras)
            moved = any(e.repair == "move" for e in edits)
            if joined or moved:
                changed += 1
                if args.v:
                    print("CHANGED clean page:", [(p.role, p.blocks) for p in paras if len(p.blocks) > 1], [e for e in edits if e.repair == "move"][:2])
        print(f"\nclean pages: {len(pages)}, with any join or move: {changed}")
    if total_chars:
        print(f"\nlayout time: {total_time * 1000:.1f} ms for {total_chars} chars ({total_chars / total_time:,.0f} chars/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
