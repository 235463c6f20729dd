#!/usr/bin/env bash
# The evaluation table of docs/benchmarks.md: the unchanged input, the regex
# baseline and ocrfix, each scored with `ocrfix eval` against the gold pages.
#
#   bash bench/baselines.sh [DEV [OUT]]     (defaults: seeds build/eval)
#
# DEV holds NAME.gold.txt with its input NAME.txt (and NAME.articles.json);
# predictions go to OUT/regex and OUT/ocrfix. Add --json to the eval lines
# for machine-readable results.
set -euo pipefail
DEV=${1:-seeds}
OUT=${2:-build/eval}
mkdir -p "$OUT/regex" "$OUT/ocrfix"
inputs=()
for gold in "$DEV"/*.gold.txt; do
    inputs+=("${gold%.gold.txt}.txt")
done

echo "## (a) unchanged input"
ocrfix eval --gold "$DEV" --input "$DEV" --pred "$DEV"

echo; echo "## (b) regex baseline (ocrfix.baseline.regex_fix)"
for page in "${inputs[@]}"; do python -m ocrfix.baseline "$page" "$OUT/regex"; done
ocrfix eval --gold "$DEV" --input "$DEV" --pred "$OUT/regex"

echo; echo "## (c) ocrfix fix ($(ocrfix --version))"
ocrfix fix -q -o "$OUT/ocrfix" "${inputs[@]}"
ocrfix eval --gold "$DEV" --input "$DEV" --pred "$OUT/ocrfix"
