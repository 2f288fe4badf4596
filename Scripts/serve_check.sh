#!/usr/bin/env bash
# The scoring API end to end, as CI runs it (Scripts/test.sh calls this after the unit tests):
# a model trained on the bundled sample by a psd script, psd-serve started on a free loopback
# port (--port 0, the port read from a file), the OpenAPI document validated, a few requests,
# schemathesis against /openapi.json (bounded: examples per operation and a time budget) with
# zero server errors, then SIGTERM and a check that the server drained and exited 0.
# Needs built psd and psd-serve (BIN=folder, default .build/debug) and schemathesis (`st`).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/debug}
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "serve-check: FAILED: $*" >&2; [ -f "$work/server.log" ] && tail -20 "$work/server.log" >&2; exit 1; }

PSD="$bin/psd" bash Scripts/serve_model.sh "$work" 60 small >"$work/train.log" 2>&1 || { cat "$work/train.log" >&2; fail "training the model"; }
"$bin/psd-serve" "$work/model.psdm" --clients "$work/clients.csv" --reference "$work/reference.csv" \
  --port 0 --port-file "$work/port" 2>"$work/server.log" &
pid=$!
for _ in $(seq 1 600); do
  [ -s "$work/port" ] && break
  kill -0 "$pid" 2>/dev/null || fail "psd-serve exited before listening"
  sleep 0.1
done
[ -s "$work/port" ] || fail "psd-serve did not listen within 60 s"
url="http://127.0.0.1:$(cat "$work/port")"
echo "serve-check: psd-serve (pid $pid) on $url"

# The document itself is valid OpenAPI 3.1.
curl -sf "$url/openapi.json" -o "$work/openapi.json" || fail "GET /openapi.json"
python3 -c "import json,sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1])))" \
  "$work/openapi.json" || fail "openapi.json is not valid OpenAPI"

# A few requests with known answers.
id=$(sed -n 2p "$work/clients.csv" | cut -d, -f1)
expect() {  # expect STATUS METHOD PATH [BODY]
  local got
  got=$(curl -s -o "$work/body" -w '%{http_code}' -X "$2" "$url$3" ${4:+-H 'Content-Type: application/json' -d "$4"})
  [ "$got" = "$1" ] || fail "$2 $3 answered $got, expected $1: $(cat "$work/body")"
}
expect 200 GET /health
expect 200 POST /v1/score "{\"client_id\": $id}"
grep -q '"decision":"\(granted\|refused\)"' "$work/body" || fail "score has no decision: $(cat "$work/body")"
expect 400 POST /v1/score '{oops'
expect 422 POST /v1/score '{"client_id": 1, "threshold": 0.5}'
expect 404 GET /v1/clients/no-such-client
expect 405 DELETE /v1/score
expect 200 GET /v1/drift
# The same client posted as its raw application (application_train.csv fields; the model's recipe
# builds the features): the same PD as by id, bit for bit.
python3 - "$id" Examples/data/application_train.csv "$work/raw.json" <<'PY'
import csv, json, sys
def value(v):
    if v == "": return None
    try: return float(v)
    except ValueError: return v
row = next(r for r in csv.DictReader(open(sys.argv[2])) if r["SK_ID_CURR"] == sys.argv[1])
json.dump({"application": {k: value(v) for k, v in row.items() if k != "TARGET"}}, open(sys.argv[3], "w"))
PY
pd() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['probability_default'])" "$work/body"; }
expect 200 POST /v1/score "{\"client_id\": $id}"; by_id=$(pd)
expect 200 POST /v1/score "$(cat "$work/raw.json")"; by_raw=$(pd)
[ "$by_id" = "$by_raw" ] || fail "client $id: PD $by_id by id, $by_raw as a raw application"

# schemathesis: every operation, positive and negative inputs, bounded.
# (run from the scratch folder: schemathesis keeps its example database in ./.schemathesis)
(cd "$work" && timeout 170 st run "$url/openapi.json" --url "$url" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,unsupported_method \
  --phases examples,coverage,fuzzing --max-examples "${ST_EXAMPLES:-25}" --max-time "${ST_TIME:-60}" \
  --request-timeout 10 --seed 42 --workers 2 >"$work/st.log" 2>&1) || { tail -60 "$work/st.log" >&2; fail "schemathesis"; }
tail -8 "$work/st.log"
if grep -q '"status":5[0-9][0-9]' "$work/server.log"; then fail "the server answered 5xx"; fi

# Graceful stop: SIGTERM, exit status 0.
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || fail "psd-serve exited $status after SIGTERM"
grep -q "stopped after draining" "$work/server.log" || fail "psd-serve did not report a graceful stop"
echo "serve-check: ok ($(grep -c '"request_id"' "$work/server.log") requests logged, no 5xx, exit 0 after SIGTERM)"
