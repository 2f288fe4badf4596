#!/usr/bin/env bash
# Installs the system packages psd needs to build (libedit-dev for line editing; libpq-dev, the
# PostgreSQL client library, for the warehouse) and to test (postgresql: the servers the warehouse
# tests start on loopback), and to benchmark (wrk: the scoring API's load generator; with --bench,
# the Python peers the benchmarks compare against).
# Safe to run again: does nothing when everything is present.
set -euo pipefail
need=()
dpkg -s libedit-dev >/dev/null 2>&1 || need+=(libedit-dev)
dpkg -s libpq-dev >/dev/null 2>&1 || need+=(libpq-dev)
dpkg -s postgresql >/dev/null 2>&1 || need+=(postgresql)
dpkg -s wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The scoring API's end-to-end check (Scripts/serve_check.sh): curl, schemathesis, openapi-spec-validator.
command -v curl >/dev/null 2>&1 || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; $SUDO apt-get update -qq; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq curl >/dev/null; }
python3 -c "import schemathesis, openapi_spec_validator" 2>/dev/null && command -v st >/dev/null 2>&1 \
  || python3 -m pip install -q schemathesis openapi-spec-validator >&2
# The dashboard's browser test (Scripts/dashboard_check.sh): Debian's headless Chromium.
command -v chromium >/dev/null 2>&1 || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; $SUDO apt-get update -qq; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; }
# The benchmarks' peers (Scripts/bench_*.py, Scripts/bench_all.sh), only when asked: CI does not run them.
if [ "${1:-}" = --bench ]; then
  python3 -c "import pandas, polars, lightgbm, shap, sklearn, fastapi, uvicorn" 2>/dev/null \
    || python3 -m pip install -q pandas polars lightgbm shap scikit-learn fastapi uvicorn >&2
fi
