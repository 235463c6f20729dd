"""How well the layout's join confidences are calibrated.

    python bench/join_confidence.py build/devset              # dev pages, shipped model
    OCRFIX_MODEL=build/tune/fit.klm python bench/join_confidence.py --fit build/tune/big

Runs :func:`ocrfix.layout.plan` on synthetic pages (``python -m ocrfix.synth
devset DIR``; ``bash bench/tune_set.sh`` for the tuning pages) and checks
every join between two blocks against the gold: a join is right when the
last characters of the one block and the first of the other stand side by
side in one gold paragraph (content characters only, six on each side).
Prints, per band of confidence, how many joins there were, how many were
right and their mean confidence (calibrated: the two agree), and the Brier
score. ``--fit`` also fits the confidence's slope and bias
(``layout.JOIN_CONF_SLOPE``, ``JOIN_CONF_BIAS``) by logistic regression on
the joins' margins: run it on the tuning pages, never on the dev pages.
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


def margin_of(confidence: float) -> float:
    """The margin a confidence was made from (inverse of ``layout.join_confidence``)."""
    logit = math.log10(confidence / (1.0 - confidence)) if confidence < 1.0 else 16.0
    return (logit - layout.JOIN_CONF_BIAS) / layout.JOIN_CONF_SLOPE


def fit(samples: list[tuple[float, bool]]) -> tuple[float, float]:
    """Slope and bias (log10 odds per unit of margin) of the best logistic
    fit of ``right`` on the margin, by Newton's method."""
    a, b = 1.0, 0.0
    ln10 = math.log(10.0)
    xs = [(margin_of(c), ok) for c, ok in samples]
    for _ in range(50):
        ga = gb = haa = hab = hbb = 0.0
        for x, ok in xs:
            p = 1.0 / (1.0 + math.exp(-ln10 * (a * x + b)))
            err = (1.0 if ok else 0.0) - p
            w = p * (1.0 - p) * ln10 * ln10
            ga += ln10 * err * x
            gb += ln10 * err
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        a, b = a + da, b + db
        if abs(da) + abs(db) < 1e-9:
            break
    return a, b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path, help="folders of synthetic pages with their gold")
    ap.add_argument("--fit", action="store_true", help="also fit the confidence's slope and bias")
    args = ap.parse_args(argv)
    model = load_model()
    config = Config(min_confidence=0.0)  # every join, however unsure
    samples: list[tuple[float, bool]] = []
    for d in args.dirs:
        for path in sorted(d.glob("syn-*[0-9].txt")):
            samples += joins_of(path, model, config)
    if not samples:
        print("no joins", file=sys.stderr)
        return 1
    print(f"{'confidence':>12} {'joins':>6} {'right':>6} {'precision':>9} {'mean conf':>9}")
    low = 0.0
    for high in BANDS:
        band = [(c, ok) for c, ok in samples if low <= c < high]
        if band:
            right = sum(ok for _, ok in band)
            mean = sum(c for c, _ in band) / len(band)
            label = f"{low:.2f}-{min(high, 1.0):.2f}"
            print(f"{label:>12} {len(band):>6} {right:>6} {right / len(band):>9.3f} {mean:>9.3f}")
        low = high
    right = sum(ok for _, ok in samples)
    brier = sum((c - ok) ** 2 for c, ok in samples) / len(samples)
    print(f"{'all':>12} {len(samples):>6} {right:>6} {right / len(samples):>9.3f} {sum(c for c, _ in samples) / len(samples):>9.3f}")
    print(f"Brier score {brier:.4f}")
    if args.fit:
        a, b = fit(samples)
        print(f"fitted JOIN_CONF_SLOPE {a:.2f}  JOIN_CONF_BIAS {b:.2f}  (now {layout.JOIN_CONF_SLOPE}, {layout.JOIN_CONF_BIAS})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
