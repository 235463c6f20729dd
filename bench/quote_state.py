"""What the train split says about a closing quotation mark that the
character model cannot see (docs/benchmarks.md#also-measured-at-the-author-line-stop-not-kept).

    python bench/quote_state.py

Prints two measurements of the train split:

1. How much a closing mark would gain if it were priced as the quotation
   state says: the model's P(” | h) divided by P(inside “” | h). Printed:
   the share of characters inside a quotation (the base rate) and, over
   every closing mark, the mean and spread of log10 P(inside | the
   character before it), smoothed toward the base rate.
2. Whether an attribution after a sentence end (``。他说，``) shows that a
   quotation closed before it: for each speech verb, how often ``”``
   stands before the sentence end, against how often it does not.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter

import regex

from ocrfix.corpus import load_split

#: Pseudo-count that pulls a rare context's inside share toward the base rate.
SMOOTHING = 5.0
VERBS = ("说", "表示", "指出", "强调", "认为", "介绍", "告诉记者")
_ATTRIBUTION_RE = regex.compile(r"(?<=([。！？，]”?))(\p{Han}{1,8}?)(" + "|".join(VERBS) + r")([，。：])")


def quotation_state(lines: list[str]) -> tuple[float, list[float]]:
    """The base rate of characters inside “” and log10 P(inside | previous
    character) at each closing mark."""
    inside, total = Counter(), Counter()
    closings: list[str] = []
    for line in lines:
        depth, prev = 0, ""
        for c in line:
            if c == "“":
                depth = 1
            elif c == "”":
                closings.append(prev)
                depth = 0
            elif c not in "‘’":
                total[prev] += 1
                inside[prev] += depth
                prev = c
    base = sum(inside.values()) / sum(total.values())
    logs = [math.log10((inside[h] + SMOOTHING * base) / (total[h] + SMOOTHING)) for h in closings]
    return base, logs


def attributions(lines: list[str]) -> Counter:
    """(verb, mark after it, after a sentence end, ” before) -> count."""
    out: Counter = Counter()
    for line in lines:
        for m in _ATTRIBUTION_RE.finditer(line):
            before = m.group(1)
            out[m.group(3), m.group(4), before[0] in "。！？", before.endswith("”")] += 1
    return out


def main() -> int:
    lines = load_split("train")
    base, logs = quotation_state(lines)
    print(f"train split: {len(lines)} paragraphs")
    print(f"characters inside a quotation: {base:.3f} (log10 {math.log10(base):.2f})")
    print(f"closing marks: {len(logs)}; log10 P(inside | character before): mean {statistics.mean(logs):.2f}, "
          f"sd {statistics.pstdev(logs):.2f}")
    counts = attributions(lines)
    print("\nverb  mark  after  quote-before / all")
    for verb in VERBS:
        for mark in "，。：":
            for sentence_end in (True, False):
                quoted, bare = counts[verb, mark, sentence_end, True], counts[verb, mark, sentence_end, False]
                if quoted + bare:
                    where = "。" if sentence_end else "，"
                    print(f"{verb:4s}  {mark}     {where}      {quoted} / {quoted + bare}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
