#!/usr/bin/env bash
# The scoring API on the bundled sample: train and save a model with psd (its feature recipe
# travels in the file), serve it with the held-out applications as the loaded clients, ask it what
# a decision system and a relationship manager would ask (a new raw application with its bureau
# records included), then stop it (SIGTERM: in-flight requests finish, exit 0). Then serve the
# same model with raw tables as the loaded clients (--clients DIR).
# Run from the repository root:  bash Examples/serve.sh   (builds psd and psd-serve first)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product psd >&2 && swift build --product psd-serve >&2
dir=$(mktemp -d)
server=""
trap 'if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; fi; rm -rf "$dir"' EXIT

# 1. Train on the sample (14 readable application fields, CREDIT_INCOME derived, the applicant's
#    bureau lines aggregated; 200 trees), choose the cost threshold, save: model.psdm,
#    clients.csv (held-out applications) and reference.csv (the training rows).
PSD=.build/debug/psd bash Scripts/serve_model.sh "$dir" 200 bureau | tail -3

# 2. Serve it on a free loopback port (`psd serve` runs psd-serve the same way; inside a psd
#    session, `serve m port=8080 clients=te reference=tr` does it for a model of the session).
start() {  # start [psd-serve options]: runs the server in the background, sets $server and $api
  rm -f "$dir/port"
  .build/debug/psd serve "$dir/model.psdm" "$@" --port 0 --port-file "$dir/port" 2>"$dir/server.log" &
  server=$!
  until [ -s "$dir/port" ]; do kill -0 $server 2>/dev/null || { cat "$dir/server.log"; exit 1; }; sleep 0.2; done
  api="http://127.0.0.1:$(cat "$dir/port")"
}
show() { echo; echo "\$ curl $*"; curl -s "$@" >"$dir/answer" || true; head -c 900 "$dir/answer"; echo; }
# A what-if answer without the two full scores: what changed, what the recipe re-derived, what moved.
whatif() {
  show "$@" >/dev/null
  echo; echo "\$ curl $* | (changes, rederived, PD before → after, 3 contributions that moved most)"
  python3 -c 'import json, sys; w = json.load(open(sys.argv[1]))
print(json.dumps({"changes": w["changes"], "rederived": w["rederived"], "decision_changed": w["decision_changed"],
  "probability_default": [w["before"]["probability_default"], w["after"]["probability_default"]], "moved": w["moved"][:3]}))' "$dir/answer"
}
start --clients "$dir/clients.csv" --reference "$dir/reference.csv"

# 3. Ask.
show "$api/health"
show "$api/v1/model"
show -X POST "$api/v1/score" -H 'Content-Type: application/json' -d '{"client_id": 100003}'
# A new application as it arrives: its own fields (the recipe replaces the DAYS_EMPLOYED sentinel
# and derives CREDIT_INCOME) and its bureau records (aggregated by the recipe).
application='"application": {"SK_ID_CURR": 900001, "EXT_SOURCE_1": null, "EXT_SOURCE_2": 0.31, "EXT_SOURCE_3": 0.18,
  "AMT_INCOME_TOTAL": 135000, "AMT_CREDIT": 900000, "AMT_ANNUITY": 38000, "AMT_GOODS_PRICE": 810000,
  "DAYS_BIRTH": -9800, "DAYS_EMPLOYED": 365243, "CODE_GENDER": "M", "NAME_CONTRACT_TYPE": "Cash loans",
  "NAME_EDUCATION_TYPE": "Secondary / secondary special", "NAME_INCOME_TYPE": "Working"},
 "bureau": [{"CREDIT_ACTIVE": "Active", "AMT_CREDIT_SUM": 450000, "AMT_CREDIT_SUM_DEBT": 310000},
            {"CREDIT_ACTIVE": "Closed", "AMT_CREDIT_SUM": 120000, "AMT_CREDIT_SUM_DEBT": 0}]'
show -X POST "$api/v1/score" -H 'Content-Type: application/json' -d "{$application}"
show -X POST "$api/v1/scores" -H 'Content-Type: application/json' -d "{\"applications\": [{\"client_id\": 100003}, {$application}]}"
show "$api/v1/clients/100003"
show "$api/v1/clients/100003/explanation"
show "$api/v1/clients/100003/comparison?feature=EXT_SOURCE_3&cohort=NAME_INCOME_TYPE"
show "$api/v1/explanation/global"
# What if the new applicant asked for less? The recipe re-derives CREDIT_INCOME from AMT_CREDIT.
whatif -X POST "$api/v1/whatif" -H 'Content-Type: application/json' -d "{$application, \"changes\": {\"AMT_CREDIT\": 450000}}"
show -X POST "$api/v1/whatif" -H 'Content-Type: application/json' -d '{"client_id": 100003, "changes": {"EXT_SOURCE_3": 0.1}}'
show "$api/v1/drift"
show -X POST "$api/v1/score" -H 'Content-Type: application/json' \
  -d '{"application": {"EXT_SOURCE_3": "high", "CODE_GENDR": "F", "NAME_INCOME_TYPE": "Workin"}, "bureau": [{"AMT_CREDIT_SUM": -1, "CREDIT_ACTIVE": 3}]}'
show "$api/metrics"

# 4. Stop: SIGTERM drains in-flight requests; psd-serve exits 0.
kill -TERM $server
wait $server && server="" && echo && echo "psd-serve stopped, exit 0"

# 5. The same model with raw tables as the loaded clients: Examples/data holds application_test.csv
#    and bureau.csv, named like the recipe's inputs; the features are built through the recipe.
start --clients Examples/data --reference "$dir/reference.csv"
grep 'built by the recipe' "$dir/server.log" | sed 's/^psd-serve: /(server) /'
show -X POST "$api/v1/score" -H 'Content-Type: application/json' -d '{"client_id": 100008}'
whatif -X POST "$api/v1/whatif" -H 'Content-Type: application/json' -d '{"client_id": 100008, "changes": {"AMT_CREDIT": 200000}}'
kill -TERM $server
wait $server && server="" && echo && echo "psd-serve stopped, exit 0"
