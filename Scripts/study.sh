#!/usr/bin/env bash
# The main job: builds psd (release) and runs the credit study in Examples/ on the bundled sample.
#   bash Scripts/study.sh                         # Examples/home_credit_study.psd
#   bash Scripts/study.sh Examples/other.psd      # any other script
#   bash Scripts/study.sh --report study.md       # also write an executed-notebook report
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-deps.sh
swift build -c release --product psd >&2
script="Examples/home_credit_study.psd"
if [ $# -gt 0 ] && [[ "$1" == *.psd ]]; then script="$1"; shift; fi
exec .build/release/psd "$script" "$@"
