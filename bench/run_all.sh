#!/usr/bin/env bash
# The quality tables of docs/benchmarks.md, regenerated from scratch:
#
#   bash bench/run_all.sh [OUT]          (default OUT: build)
#
# 1. regenerates the synthetic dev set (python -m ocrfix.synth devset OUT/devset);
# 2. restores seed 000 and every dev page with `ocrfix fix` and with the regex
#    baseline (python -m ocrfix.baseline) into OUT/pred/{ocrfix,regex}/{seeds,devset};
# 3. scores the unchanged input, the regex baseline and ocrfix with
#    `ocrfix eval --json` against the gold (seed 000; the dev set in total and
#    grouped by style, syn-spaces / syn-nospace) into OUT/pred/eval/*.json;
# 4. prints one markdown table per page set.
#
# Each step is one plain command, echoed before it runs, so a single number can
# be reproduced by hand. JOBS sets `ocrfix fix --jobs` (default 2);
# UPDATE_DOCS=1 also writes the tables into docs/benchmarks.md (between its
# run_all markers).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build}
JOBS=${JOBS:-2}
SEED=seeds/000_9e6876d41bf3072b.txt
DEV="$OUT/devset"
PRED="$OUT/pred"
EVAL="$PRED/eval"

run() { echo "+ $*" >&2; "$@"; }

command -v ocrfix >/dev/null || { echo "run_all.sh: ocrfix is not on PATH (pip install -e .)" >&2; exit 1; }
start=$SECONDS
rm -rf "$DEV" "$PRED"
mkdir -p "$EVAL" "$PRED/seeds-input"

run python -m ocrfix.synth devset "$DEV" >&2
mapfile -t DEV_PAGES < <(find "$DEV" -maxdepth 1 -name '*.txt' ! -name '*.gold.txt' | sort)
[ "${#DEV_PAGES[@]}" -gt 0 ] || { echo "run_all.sh: no dev pages in $DEV" >&2; exit 1; }
# The seed set: seed 000 alone (seed 001 has no gold), as input, gold and article map.
cp "$SEED" "${SEED%.txt}.gold.txt" "${SEED%.txt}.articles.json" "$PRED/seeds-input/"
SEEDS="$PRED/seeds-input"

# Predictions.
run python -m ocrfix.baseline "$SEEDS" "$PRED/regex/seeds" >&2
run python -m ocrfix.baseline "$DEV" "$PRED/regex/devset" >&2
t0=$SECONDS
run ocrfix fix -q -o "$PRED/ocrfix/seeds" "$SEED"
run ocrfix fix -q --jobs "$JOBS" -o "$PRED/ocrfix/devset" "${DEV_PAGES[@]}"
echo "ocrfix fix: seed 000 and ${#DEV_PAGES[@]} dev pages in $((SECONDS - t0)) s (--jobs $JOBS)" >&2

# Scores.
for system in input regex ocrfix; do
    case $system in
        input) seed_pred=$SEEDS; dev_pred=$DEV ;;
        *) seed_pred="$PRED/$system/seeds"; dev_pred="$PRED/$system/devset" ;;
    esac
    run ocrfix eval --json --gold "$SEEDS" --input "$SEEDS" --pred "$seed_pred" > "$EVAL/seed-$system.json"
    run ocrfix eval --json --gold "$DEV" --input "$DEV" --pred "$dev_pred" > "$EVAL/dev-$system.json"
done

(python - "$EVAL" "$(ocrfix --version)" "$(git describe --always --dirty 2>/dev/null || echo unknown)" <<'EOF'
import json, sys
from pathlib import Path

folder, version, commit = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
KINDS = ("quote", "punct", "space", "join", "order")
SYSTEMS = (("input", "unchanged input"), ("regex", "regex baseline"), ("ocrfix", version))


def load(prefix):
    return {s: json.loads((folder / f"{prefix}-{s}.json").read_text()) for s, _ in SYSTEMS}


def table(title, results, pick):
    first = pick(results["input"])
    print(f"\n### {title} ({first['pages']} page{'s' if first['pages'] != 1 else ''})\n")
    print(f"Repair F1 against the input's needs (`repairs` columns); CER before: {first['cer']['before']['rate']:.4f}.\n")
    print("| system | " + " | ".join(KINDS) + " | CER after | content lost / added vs input |")
    print("|---|" + "---|" * (len(KINDS) + 2))
    for key, name in SYSTEMS:
        r = pick(results[key])
        f1 = " | ".join(f"{r['repairs'][k]['f1']:.3f}" for k in KINDS)
        c = r["content"]
        print(f"| {name} | {f1} | {r['cer']['after']['rate']:.4f} | {c['lost_vs_input']} / {c['added_vs_input']} |")


print(f"Measured by `bash bench/run_all.sh` at commit {commit} ({version}).")
seed, dev = load("seed"), load("dev")
table("Seed 000 against its gold", seed, lambda r: r["total"])
table("Synthetic dev set, all styles", dev, lambda r: r["total"])
for group in sorted(dev["input"].get("groups", {})):
    table(f"Synthetic dev set, style {group}", dev, lambda r, g=group: r["groups"][g])
EOF
) | tee "$EVAL/tables.md"
if [ "${UPDATE_DOCS:-0}" = 1 ]; then
    python - "$EVAL/tables.md" docs/benchmarks.md <<'EOF'
import re, sys
from pathlib import Path
tables, doc = Path(sys.argv[1]).read_text(), Path(sys.argv[2])
text, n = re.subn(r"(<!-- run_all:start -->\n).*?(<!-- run_all:end -->)", lambda m: m.group(1) + tables + m.group(2), doc.read_text(), flags=re.S)
assert n == 1, "docs/benchmarks.md has no run_all markers"
doc.write_text(text)
EOF
    echo "run_all.sh: tables written into docs/benchmarks.md" >&2
fi
echo "run_all.sh: done in $((SECONDS - start)) s; reports in $EVAL" >&2
