#!/usr/bin/env bash
# The dashboard in a real browser, as CI runs it (Scripts/test.sh calls this after serve_check):
# a model trained on the bundled sample, psd-serve on a free loopback port, then headless
# Chromium over the DevTools protocol (Scripts/dashboard_browser.py): DOM checks on the
# data-testid markers, a what-if round trip, keyboard order, contrast, no console errors, and
# screenshots at 1280x800 and 390 px wide in SHOTS (default: a scratch folder, printed).
# Needs built psd and psd-serve (BIN=folder, default .build/debug) and chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/debug}
work=$(mktemp -d)
shots=${SHOTS:-$work/shots}
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  [ -n "${SHOTS:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "dashboard-check: FAILED: $*" >&2; [ -f "$work/server.log" ] && tail -20 "$work/server.log" >&2; exit 1; }
command -v chromium >/dev/null 2>&1 || fail "chromium is not installed (bash Scripts/install-deps.sh)"

PSD="$bin/psd" bash Scripts/serve_model.sh "$work" 60 small >"$work/train.log" 2>&1 || { cat "$work/train.log" >&2; fail "training the model"; }
"$bin/psd-serve" "$work/model.psdm" --clients "$work/clients.csv" --reference "$work/reference.csv" \
  --port 0 --port-file "$work/port" --no-access-log 2>"$work/server.log" &
pid=$!
for _ in $(seq 1 600); do
  [ -s "$work/port" ] && break
  kill -0 "$pid" 2>/dev/null || fail "psd-serve exited before listening"
  sleep 0.1
done
[ -s "$work/port" ] || fail "psd-serve did not listen within 60 s"
url="http://127.0.0.1:$(cat "$work/port")"
client=$(sed -n 2p "$work/clients.csv" | cut -d, -f1)
echo "dashboard-check: psd-serve (pid $pid) on $url, client $client"
# The DevTools port: a free one in 18400-18499 (serve2's loopback range on the shared machine;
# DEVTOOLS_PORTS=LO-HI to change it).
range=${DEVTOOLS_PORTS:-18400-18499}
debug=$(python3 -c 'import socket,random,sys
lo, hi = map(int, sys.argv[1].split("-"))
for p in random.sample(range(lo, hi + 1), hi + 1 - lo):
    s = socket.socket()
    try: s.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: s.close()' "$range")
timeout 180 python3 Scripts/dashboard_browser.py "$url" "$client" "$shots" --debug-port "$debug" || fail "browser checks"
echo "dashboard-check: screenshots in $shots"
