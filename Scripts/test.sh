#!/usr/bin/env bash
# The test command: installs what the build needs, then runs every test (unit tests of each
# module and the golden .psd scripts), every example with the release psd, and the scoring API and
# dashboard checks. Extra arguments go to `swift test` (e.g. --filter X) and run the tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-deps.sh
# Formatting first (seconds): an unformatted file fails the run before the build.
bash Scripts/format.sh --lint
# The build must print no warning from the project's own sources (dependencies' are theirs): a new
# warning fails the run here, before any test.
build_log=$(mktemp)
set +e
swift build --build-tests 2>&1 | tee "$build_log"
build_status=${PIPESTATUS[0]}
set -e
[ "$build_status" -eq 0 ] || { rm -f "$build_log"; exit "$build_status"; }
own_warnings=$(grep -E "^$PWD/(Sources|Tests|Scripts)/[^ ]*: warning:" "$build_log" | sort -u || true)
rm -f "$build_log"
if [ -n "$own_warnings" ]; then
  echo "test: the build printed warnings from psd's own sources; fix them:" >&2
  echo "$own_warnings" >&2
  exit 1
fi
log=$(mktemp)
# The warehouse tests run against real PostgreSQL servers on loopback (a single node and 2 shards,
# ports 25401-25403), started here and stopped on exit, even when a test fails. Servers of your
# own: export PSD_WAREHOUSE_DSN and PSD_WAREHOUSE_SHARDS first and none are started.
wh_dir=""
cleanup() {
  rm -f "$log"
  if [ -n "$wh_dir" ]; then bash Scripts/warehouse-down.sh "$wh_dir"; fi
}
trap cleanup EXIT
if [ -z "${PSD_WAREHOUSE_DSN:-}" ]; then
  if wh_dir=$(bash Scripts/warehouse-up.sh 2>"$log"); then
    # shellcheck disable=SC1091
    source "$wh_dir/env.sh"
  else
    echo "test: the warehouse servers did not start, so the warehouse tests will not run:" >&2
    cat "$log" >&2
    wh_dir=""
  fi
fi
# All tests use Swift Testing; XCTest would only add an "Executed 0 tests" line.
set +e
swift test --skip-build --disable-xctest "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# A plain closing line: "N passed, N failed".
summary=$(grep -E "Test run with [0-9]+ tests?" "$log" | tail -1)
total=$(echo "$summary" | sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/')
failed=$(grep -E "^✘ Test .* failed after" "$log" | grep -vc "Test run" || true)
if [ -n "$total" ]; then
  echo "tests: $((total - failed)) passed, $failed failed"
fi
# Every Examples/*.psd runs to the end on the bundled sample with the release psd, as users run
# them (Scripts/study.sh builds the same binary): exit 0 and no "error:" line. In process, in the
# debug test build, they were the slowest tests of the suite. An example that reads a warehouse
# (connect env="...") needs the servers started above; without them it is skipped, saying so
# (and fails in CI, where they must be).
run_examples() {
  swift build -c release --product psd >&2 || return 1
  local failed=0 script out started
  for script in Examples/*.psd; do
    for variable in PSD_WAREHOUSE_DSN PSD_WAREHOUSE_SHARDS; do
      if grep -q "env=\"$variable\"" "$script" && [ -z "${!variable:-}" ]; then
        echo "examples: $script did not run: $variable is not set (bash Scripts/warehouse-up.sh starts a server)" >&2
        if [ "${CI:-}" = "true" ]; then failed=1; fi
        continue 2
      fi
    done
    started=$SECONDS
    if ! out=$(.build/release/psd "$script" 2>&1 </dev/null); then
      echo "examples: $script failed:" >&2; echo "$out" | tail -20 >&2; failed=1; continue
    fi
    if echo "$out" | grep -q "error:"; then
      echo "examples: $script printed an error:" >&2; echo "$out" | grep -m5 "error:" >&2; failed=1; continue
    fi
    echo "examples: $script ran ($((SECONDS - started)) s)"
  done
  return "$failed"
}
if [ "$status" -eq 0 ] && [ $# -eq 0 ]; then
  run_examples || status=1
fi
# The scoring API end to end: a live psd-serve on loopback, schemathesis against its OpenAPI.
if [ "$status" -eq 0 ] && [ $# -eq 0 ]; then
  bash Scripts/serve_check.sh || status=$?
fi
# The dashboard in headless Chromium against a live psd-serve (DOM checks, no console errors).
if [ "$status" -eq 0 ] && [ $# -eq 0 ]; then
  bash Scripts/dashboard_check.sh || status=$?
fi
exit "$status"
