#!/usr/bin/env bash
# More dev sets than the one the acceptance numbers come from: synthetic
# pages of the same dev split drawn with other seeds, so that a change is
# confirmed on several sets, not on one (docs/benchmarks.md, "How much the
# dev set's numbers vary": one set of 24 pages per style is a noisy judge).
#
#     bash bench/dev_sets.sh [OUT]          # default build/devsets: seeds 7 11 13 17 19, 24 pages each
#     python bench/sweep.py build/devset build/devsets/seed* --channel '{"_nospace": {"silent_open_anywhere": -0.5}}'
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/devsets}"
for seed in ${SEEDS:-7 11 13 17 19}; do
    [ -d "$out/seed$seed" ] || python -m ocrfix.synth devset "$out/seed$seed" --seed "$seed" --pages "${PAGES:-24}"
done
echo "dev sets in $out: $(ls -d "$out"/seed* | tr '\n' ' ')"
