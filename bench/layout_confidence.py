"""How well the layout's join and move confidences are calibrated.

    python bench/layout_confidence.py build/devset              # dev pages, shipped model
    OCRFIX_MODEL=build/tune/fit.klm python bench/layout_confidence.py --fit build/tune/big

Runs :func:`ocrfix.layout.plan` on synthetic pages (``python -m ocrfix.synth
devset DIR``; ``bash bench/tune_set.sh`` for the tuning pages) and checks
its decisions against the gold:

- every join between two blocks: right when the last characters of the
  one block and the first of the other stand side by side in one gold
  paragraph (content characters only, six on each side);
- every article read out of source order: right when more of its
  consecutive paragraphs follow each other in the gold in the order read
  than in source order, wrong when fewer (neither when as many).

Prints, per band of confidence, how many there were, how many were right
and their mean confidence (calibrated: the two agree), and the Brier score.
``--fit`` also fits each confidence's slope and bias
(``layout.JOIN_CONF_SLOPE``/``JOIN_CONF_BIAS``,
``MOVE_CONF_SLOPE``/``MOVE_CONF_BIAS``) by logistic regression on the
margins: run it on the tuning pages, never on the dev pages.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from ocrfix import Config, layout
from ocrfix.chardata import content_chars
from ocrfix.lm import load_model
from ocrfix.page import Page

BANDS = (0.7, 0.8, 0.9, 0.95, 0.99, 1.01)
SIDE = 6


def joins_of(path: Path, model, config: Config) -> list[tuple[float, bool]]:
    """(confidence, right) for each join between two blocks of one page."""
    page = Page.parse(path.read_text(encoding="utf-8"))
    gold = path.with_name(path.name[: -len(".txt")] + ".gold.txt").read_text(encoding="utf-8")
    paragraphs = {content_chars(p) for p in gold.split("\n\n")}
    joined = "|".join(paragraphs)
    out = []
    for para in layout.plan(page, model, config):
        for n, confidence in enumerate(para.joins):
            left = content_chars(page.blocks[para.blocks[n]].text)[-SIDE:]
            right = content_chars(page.blocks[para.blocks[n + 1]].text)[:SIDE]
            out.append((confidence, bool(left and right) and left + right in joined))
    return out


def moves_of(path: Path, model, config: Config) -> list[tuple[float, bool]]:
    """(confidence, right) for each article read out of source order whose
    order gets more (right) or fewer (wrong) of its paragraph pairs right
    than source order does."""
    page = Page.parse(path.read_text(encoding="utf-8"))
    gold = [content_chars(p) for p in path.with_name(path.name[: -len(".txt")] + ".gold.txt").read_text(encoding="utf-8").split("\n\n")]

    def where(text: str, head: bool) -> int | None:
        key = text[:8] if head else text[-8:]
        return next((n for n, g in enumerate(gold) if key and key in g), None)

    def pairs_right(texts: list[str]) -> int:
        found = [(where(a, False), where(b, True)) for a, b in zip(texts, texts[1:])]
        return sum(a is not None and b is not None and b - a in (0, 1) for a, b in found)

    articles: dict[int, list] = {}
    for para in layout.plan(page, model, config):
        if para.moved is not None and para.article >= 0:
            articles.setdefault(para.article, []).append(para)
    out = []
    for paras in articles.values():
        texts = [content_chars("".join(page.blocks[k].text for k in p.blocks)) for p in paras]
        read, source = pairs_right(texts), pairs_right([t for _, t in sorted(zip([p.blocks for p in paras], texts))])
        if read != source:
            out.append((paras[0].moved, read > source))
    return out


def margin_of(confidence: float, slope: float, bias: float) -> float:
    """The margin a confidence was made from (inverse of ``layout.join_confidence``)."""
    logit = math.log10(confidence / (1.0 - confidence)) if confidence < 1.0 else 16.0
    return (logit - bias) / slope


def fit(samples: list[tuple[float, bool]], slope: float, bias: float) -> tuple[float, float]:
    """Slope and bias (log10 odds per unit of margin) of the best logistic
    fit of ``right`` on the margin: the most likely on a grid of steps of
    0.05 (slope 0.05 to 3, bias -2 to 3)."""
    xs = [(margin_of(c, slope, bias), ok) for c, ok in samples]

    def loglik(a: float, b: float) -> float:
        total = 0.0
        for x, ok in xs:
            z = min(30.0, max(-30.0, a * x + b))
            p = 1.0 / (1.0 + 10.0 ** -z)
            total += math.log(max(p if ok else 1.0 - p, 1e-12))
        return total

    grid = [(a / 20, b / 20) for a in range(1, 61) for b in range(-40, 61)]
    return max(grid, key=lambda ab: loglik(*ab))


def report(name: str, samples: list[tuple[float, bool]]) -> None:
    print(f"{name}\n{'confidence':>12} {'count':>6} {'right':>6} {'precision':>9} {'mean conf':>9}")
    low = 0.0
    for high in BANDS:
        band = [(c, ok) for c, ok in samples if low <= c < high]
        if band:
            right = sum(ok for _, ok in band)
            mean = sum(c for c, _ in band) / len(band)
            label = f"{low:.2f}-{min(high, 1.0):.2f}"
            print(f"{label:>12} {len(band):>6} {right:>6} {right / len(band):>9.3f} {mean:>9.3f}")
        low = high
    if samples:
        right = sum(ok for _, ok in samples)
        brier = sum((c - ok) ** 2 for c, ok in samples) / len(samples)
        print(f"{'all':>12} {len(samples):>6} {right:>6} {right / len(samples):>9.3f} {sum(c for c, _ in samples) / len(samples):>9.3f}")
        print(f"Brier score {brier:.4f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path, help="folders of synthetic pages with their gold")
    ap.add_argument("--fit", action="store_true", help="also fit each confidence's slope and bias")
    args = ap.parse_args(argv)
    model = load_model()
    config = Config(min_confidence=0.0)  # every join and move, however unsure
    joins: list[tuple[float, bool]] = []
    moves: list[tuple[float, bool]] = []
    for d in args.dirs:
        for path in sorted(d.glob("syn-*[0-9].txt")):
            joins += joins_of(path, model, config)
            moves += moves_of(path, model, config)
    if not joins and not moves:
        print("no joins or moves", file=sys.stderr)
        return 1
    report("joins", joins)
    print()
    report("articles read out of source order (better or worse than in source order)", moves)
    if args.fit:
        for name, samples, slope, bias in (("JOIN", joins, layout.JOIN_CONF_SLOPE, layout.JOIN_CONF_BIAS),
                                           ("MOVE", moves, layout.MOVE_CONF_SLOPE, layout.MOVE_CONF_BIAS)):
            if samples:
                a, b = fit(samples, slope, bias)
                print(f"fitted {name}_CONF_SLOPE {a:.2f}  {name}_CONF_BIAS {b:.2f}  (now {slope}, {bias})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
