#!/usr/bin/env bash
# Scoring raw applications (issue 14, item 8): psd's `score m with ...` (the recipe of
# Scripts/bench_features.psd + a 500-tree model) against polars (the same features) + LightGBM
# (predict), on the 48,744 applications of psd-synth's full-scale application_test.csv; then the
# latency of one application with its own side-table rows (psd-bench-scoring). Not a test:
# prints Markdown rows for Docs/benchmarks.md.
#   Scripts/bench_scoring.sh [DATA_DIR]     (default bench/scale1, generated when missing)
#   ROUNDS=2 Scripts/bench_scoring.sh ...   (timed rounds, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${1:-$ROOT/bench/scale1}
WORK=$ROOT/bench/scoring
mkdir -p "$WORK"
swift build -c release --product psd >/dev/null
swift build -c release --product psd-synth >/dev/null
swift build -c release --product psd-bench-scoring >/dev/null
BIN=$(swift build -c release --show-bin-path)
if [ ! -f "$DATA/application_test.csv" ]; then "$BIN/psd-synth" --scale 1 --out "$DATA"; fi

# Setup (not timed): the study's model with its recipe, the features' own test scores, LightGBM's model.
cat > "$WORK/train.psd" <<PSD
run "$ROOT/Scripts/bench_features.psd" quiet=true
labelled = filter data where TARGET is not missing
m = train gbdt on labelled target=TARGET exclude=[SK_ID_CURR] trees=500 rate=0.05 leaves=15 seed=42
save m "$WORK/study.psdm"
unlabelled = filter data where TARGET is missing
score m on unlabelled out="$WORK/features_scores.csv" reasons=0
PSD
if [ ! -f "$WORK/study.psdm" ]; then (cd "$DATA" && "$BIN/psd" "$WORK/train.psd"); fi
if [ ! -f "$WORK/lightgbm.txt" ]; then BENCH_TRAIN_TREES=500 python3 Scripts/bench_scoring_peer.py "$DATA" "$WORK/lightgbm.txt"; fi

cat > "$WORK/score.psd" <<PSD
set timer=true
m = load model "$WORK/study.psdm"
score m with application="application_test.csv" bureau="bureau.csv" bureau_balance="bureau_balance.csv" previous_application="previous_application.csv" POS_CASH_balance="POS_CASH_balance.csv" installments_payments="installments_payments.csv" credit_card_balance="credit_card_balance.csv" out="$WORK/raw_scores.csv" reasons=\$REASONS
PSD
run() {  # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" >"$WORK/$name.out" 2>"$WORK/$name.time" || { echo "$name failed:"; tail -20 "$WORK/$name.time"; }
  local wall mem cpu
  wall=$(grep "Elapsed (wall clock)" "$WORK/$name.time" | awk '{print $NF}')
  mem=$(grep "Maximum resident set size" "$WORK/$name.time" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$WORK/$name.time")
  echo "| $name | $wall | $cpu s | $((mem / 1024)) MB | $(cut -d' ' -f1 /proc/loadavg) |"
}
echo "| run | wall (m:ss) | CPU (user+sys) | peak RSS | load |"
echo "|---|---:|---:|---:|---:|"
for round in $(seq "${ROUNDS:-3}"); do
  for reasons in 0 4; do
    sed "s/\$REASONS/$reasons/" "$WORK/score.psd" > "$WORK/score_$reasons.psd"
    (cd "$DATA" && run "psd score with (reasons=$reasons)" "$BIN/psd" "$WORK/score_$reasons.psd")
  done
  run "polars + LightGBM" python3 Scripts/bench_scoring_peer.py "$DATA" "$WORK/lightgbm.txt" "$WORK/peer_scores.csv"
done
# The raw scores must be the study's own, bit for bit (the same text for every PD).
python3 - "$WORK/features_scores.csv" "$WORK/raw_scores.csv" <<'PY'
import csv, sys
def pds(path):
    with open(path) as f:
        return {r["SK_ID_CURR"]: r["PD"] for r in csv.DictReader(f)}
a, b = pds(sys.argv[1]), pds(sys.argv[2])
same = sum(1 for k in a if b.get(k) == a[k])
print(f"bit-identical PDs: {same} of {len(a)} applications (raw scoring vs the study's frame)")
PY
"$BIN/psd-bench-scoring" "$WORK/study.psdm" "$DATA" 200 5
