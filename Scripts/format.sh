#!/usr/bin/env bash
# Formats psd's Swift sources with swift-format (part of the Swift toolchain) and the
# repository's .swift-format configuration.
#   bash Scripts/format.sh          rewrite Sources/, Tests/ and Scripts/ in place
#   bash Scripts/format.sh --lint   change nothing; fail on the first file that is not formatted
# The test command runs the lint, so CI fails on unformatted code.
set -euo pipefail
cd "$(dirname "$0")/.."
# The dashboard's embedded assets are generated (Scripts/embed_dashboard.py), not written by hand.
mapfile -t files < <(find Sources Tests Scripts -name '*.swift' -not -name 'DashboardAssets*.swift' | sort)
if [ "${1:-}" = "--lint" ]; then
  if ! swift format lint --strict --parallel "${files[@]}"; then
    echo "format: the files above are not formatted; run: bash Scripts/format.sh" >&2
    exit 1
  fi
else
  swift format format --in-place --parallel "${files[@]}"
fi
