#!/usr/bin/env bash
# The scoring API on the bundled sample: train and save a model with psd, serve it with the
# held-out applications as the loaded clients, ask it what a decision system and a relationship
# manager would ask, then stop it (SIGTERM: in-flight requests finish, exit 0).
# Run from the repository root:  bash Examples/serve.sh   (builds psd and psd-serve first)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product psd >&2 && swift build --product psd-serve >&2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# 1. Train on the sample (14 readable features, 200 trees), choose the cost threshold, save:
#    model.psdm, clients.csv (held-out applications) and reference.csv (the training rows).
PSD=.build/debug/psd bash Scripts/serve_model.sh "$dir" 200 small | tail -3

# 2. Serve it on a free loopback port (`psd serve` runs psd-serve the same way).
.build/debug/psd serve "$dir/model.psdm" --clients "$dir/clients.csv" --reference "$dir/reference.csv" \
  --port 0 --port-file "$dir/port" 2>"$dir/server.log" &
server=$!
until [ -s "$dir/port" ]; do kill -0 $server 2>/dev/null || { cat "$dir/server.log"; exit 1; }; sleep 0.2; done
api="http://127.0.0.1:$(cat "$dir/port")"
show() { echo; echo "\$ curl $*"; curl -s "$@" | head -c 700; echo; }

# 3. Ask.
show "$api/health"
show "$api/v1/model"
show -X POST "$api/v1/score" -H 'Content-Type: application/json' -d '{"client_id": 100003}'
show -X POST "$api/v1/score" -H 'Content-Type: application/json' -d '{"features": {
  "EXT_SOURCE_1": null, "EXT_SOURCE_2": 0.31, "EXT_SOURCE_3": 0.18, "AMT_INCOME_TOTAL": 135000,
  "AMT_CREDIT": 900000, "AMT_ANNUITY": 38000, "AMT_GOODS_PRICE": 810000, "DAYS_BIRTH": -9800,
  "DAYS_EMPLOYED": -400, "CODE_GENDER": "M", "NAME_CONTRACT_TYPE": "Cash loans",
  "NAME_EDUCATION_TYPE": "Secondary / secondary special", "NAME_INCOME_TYPE": "Working", "CREDIT_INCOME": 6.67}}'
show -X POST "$api/v1/scores" -H 'Content-Type: application/json' -d '{"applications": [{"client_id": 100003}, {"client_id": 100012}]}'
show "$api/v1/clients/100003"
show "$api/v1/clients/100003/explanation"
show "$api/v1/clients/100003/comparison?feature=EXT_SOURCE_3&cohort=NAME_INCOME_TYPE"
show "$api/v1/explanation/global"
show -X POST "$api/v1/whatif" -H 'Content-Type: application/json' -d '{"client_id": 100003, "changes": {"EXT_SOURCE_3": 0.1}}'
show "$api/v1/drift"
show -X POST "$api/v1/score" -H 'Content-Type: application/json' -d '{"features": {"EXT_SOURCE_3": "high", "CODE_GENDR": "F"}}'
show "$api/metrics"

# 4. Stop: SIGTERM drains in-flight requests; psd-serve exits 0.
kill -TERM $server
wait $server && echo && echo "psd-serve stopped, exit 0"
