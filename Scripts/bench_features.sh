#!/usr/bin/env bash
# The feature pipeline in psd, pandas and polars on the same CSVs, one after the other, with wall
# time and peak memory from /usr/bin/time -v. Not a test: prints a Markdown table for
# Docs/benchmarks.md.
#   Scripts/bench_features.sh [DATA_DIR]      (default /work/data/scale1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${1:-/work/data/scale1}
OUT=$(mktemp -d)
swift build -c release --product psd >/dev/null
PSD=$(swift build -c release --show-bin-path)/psd
rows=$(cat "$DATA"/*.csv | wc -l)
echo "data: $DATA ($rows lines in $(ls "$DATA"/*.csv | wc -l) files, $(du -sh "$DATA" | cut -f1))"

run() {  # name, command...
  local name=$1; shift
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  /usr/bin/time -v "$@" >"$OUT/$name.out" 2>"$OUT/$name.time" || { echo "$name failed:"; tail -20 "$OUT/$name.time"; }
  local wall mem
  wall=$(grep "Elapsed (wall clock)" "$OUT/$name.time" | awk '{print $NF}')
  mem=$(grep "Maximum resident set size" "$OUT/$name.time" | awk '{print $NF}')
  echo "| $name | $wall | $((mem / 1024)) MB | $(grep -m1 -E 'rows|frame' "$OUT/$name.out" | tr -d '\n') |"
}

echo
echo "| tool | wall (m:ss) | peak RSS | result |"
echo "|---|---:|---:|---|"
(cd "$DATA" && run psd "$PSD" "$ROOT/Scripts/bench_features.psd")
run pandas python3 "$ROOT/Scripts/bench_features_pandas.py" "$DATA"
run polars python3 "$ROOT/Scripts/bench_features_polars.py" "$DATA"
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, $(uname -sr); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $(swift --version 2>&1 | head -1); $(python3 -c 'import pandas, polars, sys; print("python", sys.version.split()[0], "pandas", pandas.__version__, "polars", polars.__version__)')"
rm -rf "$OUT"
