"""Paragraph-level decoder scores on synthetic damage (train split by default).

    python bench/tune_decoder.py --split train --docs 30 [--set drop_space=-0.1 ...]

Groups corpus paragraphs into documents of 8, damages each paragraph with
``ocrfix.synth.corrupt_paragraph`` in both styles, decodes it with the page
context of its document, and reports quote / punct / space F1 per style.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace

from ocrfix import corpus, synth
from ocrfix.decode import Channel, DocContext, decode_text
from ocrfix.evaluate import evaluate_page
from ocrfix.lm import load_model
from ocrfix.widen import widen_text


def documents(split: str, n_docs: int, seed: int) -> list[list[str]]:
    lines = [l for l in corpus.load_split(split) if 40 <= len(l) <= 400]
    rng = random.Random(seed)
    starts = rng.sample(range(0, len(lines) - 8), n_docs)
    return [lines[s : s + 8] for s in starts]


def run(split: str, n_docs: int, seed: int, channel: dict, styles=("spaces", "nospace"), show: int = 0) -> dict:
    model = load_model()
    results = {}
    for style in styles:
        rng = random.Random(seed)
        totals: dict = {}
        chars, elapsed = 0, 0.0
        shown = 0
        for doc in documents(split, n_docs, seed):
            width = rng.randint(14, 20)
            ocr = [synth.corrupt_paragraph(p, style, rng, line_width=width)[0] for p in doc]
            widened = [widen_text(o) for o in ocr]
            ctx = DocContext.for_texts(widened, model)
            if channel:
                ctx.channel = replace(ctx.channel, **channel)
            for gold, inp, w in zip(doc, ocr, widened):
                t0 = time.perf_counter()
                pred = decode_text(w, "body", ctx)
                elapsed += time.perf_counter() - t0
                chars += len(inp)
                scores = evaluate_page(gold, pred, inp)
                for kind, c in scores["marks"].items():
                    acc = totals.setdefault(kind, [0, 0, 0])
                    acc[0] += c["tp"]; acc[1] += c["fp"]; acc[2] += c["fn"]
                if shown < show and pred != gold:
                    shown += 1
                    print(f"IN  {inp}\nOUT {pred}\nGLD {gold}\n", file=sys.stderr)
        row = {}
        for kind, (tp, fp, fn) in totals.items():
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            row[kind] = (round(p, 3), round(r, 3), round(2 * p * r / (p + r) if p + r else 0.0, 3))
        row["chars/s"] = round(chars / elapsed) if elapsed else 0
        results[style] = row
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="train")
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--style", action="append")
    ap.add_argument("--set", action="append", default=[], help="channel field=value (log10)")
    args = ap.parse_args()
    channel = {}
    for item in args.set:
        k, v = item.split("=")
        channel[k] = type(getattr(Channel(), k))(float(v))
    for style, row in run(args.split, args.docs, args.seed, channel, tuple(args.style or ("spaces", "nospace")), args.show).items():
        print(style, row)


if __name__ == "__main__":
    main()
