#!/usr/bin/env bash
# CSV write throughput: psd `save` (this tree, and the writer before issue 21 at dfa9ebc) against
# polars `write_csv`, on the full-scale feature table and on application_train.csv. Not a test:
# prints a Markdown table for Docs/benchmarks.md ("CSV write").
#   Scripts/bench_csv_write.sh [DATA_DIR]    (default /work/data/scale1; ROUNDS=N, default 3)
# The feature table is made once from Scripts/bench_features.psd and kept next to the data as
# features_scale1.csv. The old writer is built in a temporary git worktree at dfa9ebc (OLD_PSD=path
# skips that).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${1:-/work/data/scale1}
swift build -c release --product psd >/dev/null 2>&1
PSD=$(swift build -c release --show-bin-path)/psd
if [ -z "${OLD_PSD:-}" ]; then
  BASE=$(mktemp -d)/csvw-base
  git worktree add --detach "$BASE" dfa9ebc >/dev/null
  (cd "$BASE" && swift build -c release --product psd >/dev/null 2>&1)
  OLD_PSD=$BASE/.build/release/psd
  trap 'git -C "$ROOT" worktree remove --force "$BASE"' EXIT
fi
FEATURES=$(dirname "$DATA")/features_$(basename "$DATA").csv
if [ ! -s "$FEATURES" ]; then
  SCRIPT=$(mktemp --suffix=.psd)
  { cat "$ROOT/Scripts/bench_features.psd"; echo "save data \"$FEATURES\""; } >"$SCRIPT"
  (cd "$DATA" && "$PSD" "$SCRIPT" >/dev/null)
  rm -f "$SCRIPT"
fi
echo "machine: $(nproc) cores, $(uname -sr); commit $(git rev-parse --short HEAD); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $(swift --version 2>&1 | head -1); $(python3 -c 'import polars, sys; print("python", sys.version.split()[0], "polars", polars.__version__)')"
python3 "$ROOT/Scripts/bench_csv_write.py" --psd "$PSD" --old-psd "$OLD_PSD" --rounds "${ROUNDS:-3}" \
  --table "$FEATURES" --table "$DATA/application_train.csv"
