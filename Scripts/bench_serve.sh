#!/usr/bin/env bash
# Scoring-API benchmark (not a test): wrk on loopback, POST /v1/score for one application with its
# 4 reasons, a 500-tree model on every application column of the bundled sample, psd-serve
# (release) side by side with FastAPI + uvicorn + LightGBM + shap TreeExplainer in the same run.
# psd is measured twice: posting the raw application (its application_train.csv fields, built
# into features by the model's recipe on every request: the sentinel replaced, CREDIT_INCOME
# derived) and posting the feature columns (what the peer receives).
#   bash Scripts/bench_serve.sh [DURATION_S=15] [CONNECTIONS=16]
#   PSD_SERVE=/tmp/old-psd-serve bash Scripts/bench_serve.sh ...   (another psd-serve binary: before/after)
# Prints p50/p99 latency, requests/s, non-2xx count and server peak RSS (VmHWM, summed over the
# server's processes) for each, and the load average before and after.
# Ports 18080-18081 (serve2's range on the shared machine).
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
"${PSD_SERVE:-.build/release/psd-serve}" "$work/model.psdm" --clients "$work/clients.csv" --reference "$work/reference.csv" \
  --port 18080 2>"$work/psd.log" &
pids+=($!); psd_pid=$!
python3 Scripts/bench_serve_peer.py train "$work/reference.csv" 500 "$work/peer.pkl"
for _ in $(seq 1 300); do curl -sf http://127.0.0.1:18080/ready >/dev/null && break; sleep 0.2; done
threshold=$(curl -sf http://127.0.0.1:18080/v1/model | python3 -c "import json,sys; print(json.load(sys.stdin)['threshold'])")
# One OpenMP thread per worker and passive waits (PEER_OMP_THREADS overrides): how two workers are
# deployed on two cores. On 2026-12-07 it made no difference (12.6 against 13.8 requests/s with the
# defaults, 16 connections), but it keeps the peer from spinning threads against psd's turn.
PEER_MODEL="$work/peer.pkl" PEER_THRESHOLD="$threshold" OMP_NUM_THREADS="${PEER_OMP_THREADS:-1}" \
  OMP_WAIT_POLICY=PASSIVE uvicorn bench_serve_peer:app --app-dir Scripts --host 127.0.0.1 --port 18081 --workers 2 >"$work/peer.log" 2>&1 &
pids+=($!); peer_pid=$!
for _ in $(seq 1 300); do
  curl -s -o /dev/null -X POST http://127.0.0.1:18081/v1/score -H 'Content-Type: application/json' -d '{"features":{}}' && break
  sleep 0.5
done

# One application: the first held-out client, as its feature columns (null = missing) and as its
# raw application row (application_train.csv without TARGET: the recipe builds the features).
python3 - "$work/clients.csv" Examples/data/application_train.csv "$work" <<'PY'
import csv, json, sys
row = next(csv.DictReader(open(sys.argv[1])))
def value(v):
    if v == "": return None
    try: return float(v)
    except ValueError: return v
features = {k: value(v) for k, v in row.items() if k not in ("SK_ID_CURR", "TARGET")}
json.dump({"features": features}, open(sys.argv[3] + "/body-features.json", "w"))
raw = next(r for r in csv.DictReader(open(sys.argv[2])) if r["SK_ID_CURR"] == row["SK_ID_CURR"])
application = {k: value(v) for k, v in raw.items() if k != "TARGET"}
json.dump({"application": application}, open(sys.argv[3] + "/body-raw.json", "w"))
PY
for kind in features raw; do
  cat > "$work/post-$kind.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = io.open("$work/body-$kind.json"):read("*a")
LUA
done
ask() {  # ask PORT KIND: one request, must be a 200; prints the PD
  local code
  code=$(curl -s -o "$work/answer-$1-$2.json" -w '%{http_code}' -X POST "http://127.0.0.1:$1/v1/score" \
    -H 'Content-Type: application/json' --data-binary @"$work/body-$2.json")
  [ "$code" = 200 ] || { echo "bench_serve: port $1 ($2) answered $code: $(head -c 600 "$work/answer-$1-$2.json")" >&2; exit 1; }
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['probability_default'])" "$work/answer-$1-$2.json"
}
pd_raw=$(ask 18080 raw); pd_features=$(ask 18080 features); pd_peer=$(ask 18081 features)
echo "PD of the application: psd raw $pd_raw, psd features $pd_features (must be equal), peer $pd_peer"
[ "$pd_raw" = "$pd_features" ] || { echo "bench_serve: the raw application and its features score differently" >&2; exit 1; }
echo "psd answer:  $(head -c 300 "$work/answer-18080-raw.json")…"
echo "peer answer: $(head -c 300 "$work/answer-18081-features.json")…"

rss() {  # peak RSS (VmHWM) in MB of a process and its children, summed
  local total=0
  for p in $1 $(pgrep -P "$1" || true); do
    total=$((total + $(awk '/VmHWM/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0)))
  done
  echo $((total / 1024))
}
run() {  # run NAME PORT PID BODY
  wrk -t2 -c"$connections" -d3s -s "$work/post-$4.lua" "http://127.0.0.1:$2/v1/score" >/dev/null  # warm-up
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post-$4.lua" "http://127.0.0.1:$2/v1/score" >"$work/wrk-$2-$4.txt"
  local p50 p99 rps non2xx errors
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk-$2-$4.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk-$2-$4.txt")
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$2-$4.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$2-$4.txt"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {print $0}' "$work/wrk-$2-$4.txt"); errors=${errors:-none}
  printf "| %s | %s | %s | %s | %s | %s MB | %s |\n" "$1" "$rps" "$p50" "$p99" "$non2xx" "$(rss "$3")" "$errors"
}
echo
echo "wrk -t2 -c$connections -d${duration}s, POST /v1/score (one application, 4 reasons, 500 trees, $(python3 -c "import json;print(len(json.load(open('$work/body-features.json'))['features']))") features); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| server | body | requests/s | p50 | p99 | non-2xx | server peak RSS | socket errors |"
echo "|---|---|---|---|---|---|---|---|"
run "psd-serve | raw application (recipe)" 18080 "$psd_pid" raw
run "psd-serve | feature columns" 18080 "$psd_pid" features
run "FastAPI+uvicorn(2 workers)+LightGBM+shap | feature columns" 18081 "$peer_pid" features
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
