#!/usr/bin/env bash
# Fuzzes one reader with libFuzzer for a bounded time:
#   bash Scripts/fuzz.sh csv|parser|model|lightgbm SECONDS [extra libFuzzer flags]
# The modules are built with coverage and AddressSanitizer (-sanitize=fuzzer,address) in their
# own scratch path (.build-fuzz, git-ignored), the harness in Fuzz/ is linked against them.
# The corpus starts from the project's own fixtures and grows in .build-fuzz/corpus/TARGET;
# a crash is written to .build-fuzz/crashes/TARGET/ and the script fails: fix it, and keep the
# input in Fuzz/Regressions/TARGET/ (every run replays those first) and as a test.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Scripts/fuzz.sh csv|parser|model|lightgbm SECONDS}
seconds=${2:?usage: Scripts/fuzz.sh csv|parser|model|lightgbm SECONDS}
shift 2
scratch=.build-fuzz
case "$target" in
  csv)    modules=(PSDCore PSDData);            harness=Fuzz/CSVReaderFuzz.swift ;;
  parser) modules=(PSDCore PSDLanguage);        harness=Fuzz/ParserFuzz.swift ;;
  model)  modules=(PSDCore PSDData PSDModels);  harness=Fuzz/ModelFileFuzz.swift ;;
  lightgbm) modules=(PSDCore PSDData PSDModels); harness=Fuzz/LightGBMFuzz.swift ;;
  *) echo "fuzz.sh: unknown target '$target' (expected csv, parser, model or lightgbm)" >&2; exit 2 ;;
esac
flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -g)
# One build at a time: concurrent runs of this script wait for each other here.
exec 9>"$scratch.lock"
flock 9
swift build -c release --scratch-path "$scratch" --target "${modules[-1]}" "${flags[@]}"
bin="$scratch/release"
objects=()
for m in "${modules[@]}"; do objects+=("$bin/$m.build"/*.o); done
exe="$scratch/fuzz-$target"
if [ ! -x "$exe" ] || [ -n "$(find "$harness" "${objects[@]}" -newer "$exe" 2>/dev/null)" ]; then
  # psd's modules declare their API `package`: the harness joins the package under the name
  # SwiftPM compiled them with (derived from the checkout's folder name).
  package_name=$(grep '"-module-name","PSDCore"' "$scratch/release.yaml" | head -1 \
    | grep -o 'package-name","[^"]*"' | sed -E 's/.*","//; s/"$//')
  swiftc -O -g -parse-as-library -sanitize=fuzzer,address -package-name "$package_name" -I "$bin/Modules" \
    -I Sources/CPrefetch -I Sources/CGlibcExtras "$harness" "${objects[@]}" -o "$exe"
fi
flock -u 9

corpus="$scratch/corpus/$target"
crashes="$scratch/crashes/$target"
# Git keeps no empty folder: a target with no regression input yet still gets its folder.
regressions="Fuzz/Regressions/$target"
mkdir -p "$corpus" "$crashes" "$regressions"
if [ -z "$(ls -A "$corpus")" ]; then
  case "$target" in
    csv)    find Tests Examples/data -name '*.csv' -size -64k -exec cp {} "$corpus" \; ;;
    parser) find Tests Examples -name '*.psd' -exec cp {} "$corpus" \; ;;
    model)  PSD_FUZZ_MODEL_SEEDS="$corpus" PSD_FUZZ_SAMPLE=Examples/data/application_train.csv \
              "$exe" -runs=0 "$corpus" >/dev/null 2>&1 || true ;;
    lightgbm) cp Tests/PSDModelsTests/Fixtures/LightGBM/*.txt "$corpus" ;;
  esac
fi
# -max_len: long enough for deep nesting and wide headers; -timeout: a hang is a failure (60 s:
# on a shared, loaded machine at nice 19 a 20 ms input was once starved past 10 s).
"$exe" "$corpus" "$regressions" -max_total_time="$seconds" -max_len=65536 -timeout=60 -rss_limit_mb=4096 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "$@"
