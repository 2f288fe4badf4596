#!/usr/bin/env bash
# The whole study at full scale in one session (issue 21, item 6): psd runs
# Scripts/bench_features.psd then Scripts/bench_study.psd; the peer runs the same steps in polars +
# LightGBM + shap (Scripts/bench_study_peer.py). Each is one process under /usr/bin/time -v (wall,
# CPU, peak RSS), rounds interleaved. Not a test.
#   Scripts/bench_study.sh [DATA_DIR]      (default /work/data/scale1; ROUNDS=N, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=$(cd "${1:-/work/data/scale1}" && pwd)
swift build -c release --product psd >/dev/null
PSD=$(swift build -c release --show-bin-path)/psd
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cat Scripts/bench_features.psd Scripts/bench_study.psd | grep -v '^print data$' >"$OUT/study.psd"

run() {  # name, command...
  local name=$1; shift
  local before; before=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v "$@" >"$OUT/$name.out" 2>"$OUT/$name.time" || { echo "$name failed:"; tail -20 "$OUT/$name.out" "$OUT/$name.time"; exit 1; }
  local wall mem cpu
  wall=$(grep "Elapsed (wall clock)" "$OUT/$name.time" | awk '{print $NF}')
  mem=$(grep "Maximum resident set size" "$OUT/$name.time" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$OUT/$name.time")
  echo "| $name | $wall | $cpu s | $((mem / 1024)) MB | $before → $(cut -d' ' -f1 /proc/loadavg) |"
}

echo "data: $DATA"
echo
echo "| study | wall (m:ss) | CPU (user+sys) | peak RSS | load before → after |"
echo "|---|---:|---:|---:|---|"
for round in $(seq "${ROUNDS:-1}"); do
  if [ $((round % 2)) -eq 1 ]; then
    (cd "$DATA" && run psd "$PSD" "$OUT/study.psd")
    run peer python3 "$ROOT/Scripts/bench_study_peer.py" "$DATA" "$OUT"
  else
    run peer python3 "$ROOT/Scripts/bench_study_peer.py" "$DATA" "$OUT"
    (cd "$DATA" && run psd "$PSD" "$OUT/study.psd")
  fi
done
echo
grep -h "peer steps" "$OUT/peer.out" || true
echo "psd: $(grep -c . /tmp/psd_bench_study_scored.csv) lines scored, $(($(grep -c . /tmp/psd_bench_study_contributions.csv) - 1)) explained"
