#!/usr/bin/env bash
# A tuning set that is not the dev set: a KenLM model and a quoted-terms
# lexicon built on the "fit" split alone (the train split's first 8/9) and
# synthetic pages from the "tune" split (its last 1/9), text the model and
# lexicon have never seen, as the shipped ones have never seen the dev pages.
# Settings can be tried there without reading a dev page.
#
#     bash bench/tune_set.sh [OUT]          # default build/tune (about 15 seconds)
#
# then score with the tuning model and lexicon:
#
#     export OCRFIX_MODEL=build/tune/fit.klm OCRFIX_LEXICON=build/tune/quoted_terms.tsv
#     ocrfix fix -q --jobs 2 -o build/tune/out build/tune/pages/syn-*[0-9].txt
#     ocrfix eval --gold build/tune/pages --pred build/tune/out --input build/tune/pages
#     python bench/bench_layout.py --dir build/tune/pages
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/tune}"
mkdir -p "$out"
[ -s "$out/fit.klm" ] || python -m ocrfix lm build --pd1998-split fit -o "$out/fit.klm"
python -m ocrfix.lexicon mine --split fit -o "$out/quoted_terms.tsv"
python -m ocrfix.lexicon colons --split fit -o "$out/colon_quotes.tsv"
python -m ocrfix.synth devset "$out/pages" --split tune --pages "${PAGES:-48}"
echo "tuning set in $out: OCRFIX_MODEL=$out/fit.klm OCRFIX_LEXICON=$out/quoted_terms.tsv"
