#!/usr/bin/env bash
# Scoring-API benchmark (not a test): wrk on loopback, POST /v1/score for one application with its
# 4 reasons, a 500-tree model on every application column of the bundled sample, psd-serve
# (release) side by side with FastAPI + uvicorn + LightGBM + shap TreeExplainer in the same run.
#   bash Scripts/bench_serve.sh [DURATION_S=15] [CONNECTIONS=16]
# Prints p50/p99 latency, requests/s, non-2xx count and server RSS for both, and the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
connections=${2:-16}
command -v wrk >/dev/null || { echo "bench_serve: needs wrk (apt-get install wrk)" >&2; exit 1; }
swift build -c release --product psd-serve >&2
swift build --product psd >&2
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

PSD=.build/debug/psd bash Scripts/serve_model.sh "$work" 500 all >"$work/train.log" 2>&1
.build/release/psd-serve "$work/model.psdm" --clients "$work/clients.csv" --reference "$work/reference.csv" \
  --port 18080 2>"$work/psd.log" &
pids+=($!); psd_pid=$!
python3 Scripts/bench_serve_peer.py train "$work/reference.csv" 500 "$work/peer.pkl"
for _ in $(seq 1 300); do curl -sf http://127.0.0.1:18080/ready >/dev/null && break; sleep 0.2; done
threshold=$(curl -sf http://127.0.0.1:18080/v1/model | python3 -c "import json,sys; print(json.load(sys.stdin)['threshold'])")
PEER_MODEL="$work/peer.pkl" PEER_THRESHOLD="$threshold" \
  uvicorn bench_serve_peer:app --app-dir Scripts --host 127.0.0.1 --port 18081 --workers 2 2>"$work/peer.log" &
pids+=($!); peer_pid=$!
for _ in $(seq 1 300); do
  curl -s -o /dev/null -X POST http://127.0.0.1:18081/v1/score -H 'Content-Type: application/json' -d '{"features":{}}' && break
  sleep 0.5
done

# One application: the first held-out client's features, exactly as psd expects them (null = missing).
python3 - "$work/clients.csv" "$work/body.json" <<'PY'
import csv, json, sys
row = next(csv.DictReader(open(sys.argv[1])))
def value(v):
    if v == "": return None
    try: return float(v)
    except ValueError: return v
features = {k: value(v) for k, v in row.items() if k not in ("SK_ID_CURR", "TARGET")}
json.dump({"features": features}, open(sys.argv[2], "w"))
PY
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = io.open("$work/body.json"):read("*a")
LUA
for port in 18080 18081; do
  code=$(curl -s -o "$work/answer-$port.json" -w '%{http_code}' -X POST "http://127.0.0.1:$port/v1/score" \
    -H 'Content-Type: application/json' --data-binary @"$work/body.json")
  [ "$code" = 200 ] || { echo "bench_serve: port $port answered $code: $(cat "$work/answer-$port.json")" >&2; exit 1; }
done
echo "psd answer:  $(head -c 300 "$work/answer-18080.json")…"
echo "peer answer: $(head -c 300 "$work/answer-18081.json")…"

rss() {  # RSS in MB of a process and its children
  local total=0
  for p in $1 $(pgrep -P "$1" || true); do
    total=$((total + $(awk '/VmRSS/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0)))
  done
  echo $((total / 1024))
}
run() {  # run NAME PORT PID
  wrk -t2 -c"$connections" -d3s -s "$work/post.lua" "http://127.0.0.1:$2/v1/score" >/dev/null  # warm-up
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "http://127.0.0.1:$2/v1/score" >"$work/wrk-$1.txt"
  local p50 p99 rps non2xx errors
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk-$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk-$1.txt")
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$1.txt"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {print $0}' "$work/wrk-$1.txt"); errors=${errors:-none}
  printf "| %s | %s | %s | %s | %s | %s MB | %s |\n" "$1" "$rps" "$p50" "$p99" "$non2xx" "$(rss "$3")" "$errors"
}
echo
echo "wrk -t2 -c$connections -d${duration}s, POST /v1/score (one application, 4 reasons, 500 trees, $(python3 -c "import json;print(len(json.load(open('$work/body.json'))['features']))") features); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| server | requests/s | p50 | p99 | non-2xx | server RSS | socket errors |"
echo "|---|---|---|---|---|---|---|"
run psd-serve 18080 "$psd_pid"
run "FastAPI+uvicorn(2 workers)+LightGBM+shap" 18081 "$peer_pid"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
