#!/usr/bin/env bash
# Issue 21's comparisons side by side in one run: builds the release binaries, then
# Scripts/bench_all.py (interleaved rounds, medians, load averages). Not a test.
#   Scripts/bench_all.sh [--data DIR] [--rounds N] [--only task,...] [--write-doc] [--quick]
# Data: psd-synth output (default /work/data/scale1; made with `psd-synth --scale 1 --seed 42` when
# missing). --write-doc rewrites the summary block of Docs/benchmarks.md with what this run measured.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product psd >/dev/null
swift build -c release --product psd-bench-shap >/dev/null
data=/work/data/scale1
for ((i = 1; i <= $#; i++)); do [ "${!i}" = --data ] && { j=$((i + 1)); data=${!j}; }; done
if [ ! -s "$data/application_train.csv" ]; then
  swift build -c release --product psd-synth >/dev/null
  "$(swift build -c release --show-bin-path)/psd-synth" --out "$data" --scale 1 --seed 42
fi
python3 -c "import polars, pandas, lightgbm, shap, sklearn" 2>/dev/null ||
  { echo "bench_all: the Python peers are missing; run bash Scripts/install-deps.sh --bench" >&2; exit 1; }
exec python3 Scripts/bench_all.py "$@"
