#!/usr/bin/env bash
# The feature pipeline in psd, pandas and polars on the same CSVs, one after the other, with wall
# time and peak memory from /usr/bin/time -v. Not a test: prints a Markdown table for
# Docs/benchmarks.md.
#   Scripts/bench_features.sh [DATA_DIR]      (default /work/data/scale1; ROUNDS=N repeats)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${1:-/work/data/scale1}
OUT=$(mktemp -d)
swift build -c release --product psd >/dev/null 2>&1
PSD=$(swift build -c release --show-bin-path)/psd
FILES=$(ls "$DATA"/*.csv | grep -v true_pd.csv)
rows=$(cat $FILES | wc -l)
echo "data: $DATA ($rows lines in $(echo $FILES | wc -w) files, $(du -ch $FILES | tail -1 | cut -f1))"

run() {  # name, command...
  local name=$1; shift
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  /usr/bin/time -v "$@" >"$OUT/$name.out" 2>"$OUT/$name.time" || { echo "$name failed:"; tail -20 "$OUT/$name.time"; }
  local wall mem cpu
  wall=$(grep "Elapsed (wall clock)" "$OUT/$name.time" | awk '{print $NF}')
  mem=$(grep "Maximum resident set size" "$OUT/$name.time" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$OUT/$name.time")
  echo "| $name | $wall | $cpu s | $((mem / 1024)) MB | $(grep -m1 -E '^(frame|data:)' "$OUT/$name.out" | tr -d '\n') | $(cut -d' ' -f1 /proc/loadavg) |"
}

echo
echo "| tool | wall (m:ss) | CPU (user+sys) | peak RSS | result | load after |"
echo "|---|---:|---:|---:|---|---:|"
for round in $(seq "${ROUNDS:-1}"); do
  (cd "$DATA" && run psd "$PSD" "$ROOT/Scripts/bench_features.psd")
  run pandas python3 "$ROOT/Scripts/bench_features_pandas.py" "$DATA"
  run polars python3 "$ROOT/Scripts/bench_features_polars.py" "$DATA"
done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, $(uname -sr); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $(swift --version 2>&1 | head -1); $(python3 -c 'import pandas, polars, sys; print("python", sys.version.split()[0], "pandas", pandas.__version__, "polars", polars.__version__)')"
rm -rf "$OUT"
