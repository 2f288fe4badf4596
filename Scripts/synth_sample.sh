#!/usr/bin/env bash
# Regenerates the bundled sample in Examples/data with the documented arguments.
# The tests check that the committed files equal this output byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product psd-synth >&2
.build/release/psd-synth --scale 0.00976 --seed 42 --max-months 12 --max-records 4 --out Examples/data --force
