#!/usr/bin/env bash
# The test command: installs what the build needs, then runs every test (unit and golden).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
