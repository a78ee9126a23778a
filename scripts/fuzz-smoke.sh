#!/usr/bin/env bash
# Fuzz smoke of the test command: builds the libFuzzer targets (`fuzz` preset: clang-14, ASan +
# UBSan, here -O0 in build/fuzz-smoke) and runs each over its seed corpus (tests/fuzz/corpus/<target>) and then mutations of
# it for MSGR_FUZZ_SMOKE_SECONDS (default 3) seconds. Any crash, sanitizer report, broken
# invariant or input slower than 10 s fails; the input is kept under build/fuzz-smoke/fuzz-artifacts.
# Without clang-14 it says so and skips (exit 0). New inputs go to a scratch folder: the
# committed corpus is never modified. `--build-only` builds and stops (scripts/test.sh runs that
# beside ctest, then this script finds the build done).
set -euo pipefail
# The smoke builds -O0 (MSGR_FUZZ_OPT, cmake/MsgrFuzz.cmake: a third less compile time; seconds
# of mutation need no speed) in build/fuzz-smoke, so that scripts/fuzz.sh's -O1 build/fuzz is
# not rebuilt back and forth.
MSGR_FUZZ_BUILD_DIR=${MSGR_FUZZ_BUILD_DIR:-$(cd "$(dirname "$0")/.." && pwd)/build/fuzz-smoke}
source "$(dirname "$0")/fuzz-common.sh"
fuzz_configure_args=(-DMSGR_FUZZ_OPT=-O0)

# Each target first replays its whole seed corpus (libFuzzer runs every seed before it counts
# the time), then mutates it for the rest of its seconds: 13 targets × 3 s, about a minute in all.
seconds=${MSGR_FUZZ_SMOKE_SECONDS:-3}
missing=$(fuzz_missing_tool)
if [ -n "$missing" ]; then
  echo "fuzz-smoke: SKIPPED: $missing"
  exit 0
fi

start=$SECONDS
fuzz_build_targets
echo "fuzz-smoke: built in $((SECONDS - start)) s"
[ "${1:-}" != --build-only ] || exit 0

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
artifacts="$fuzz_build/fuzz-artifacts"
failed=()
for target in $(fuzz_targets); do
  mkdir -p "$scratch/$target" "$artifacts"
  if [ ! -x "$(fuzz_binary "$target")" ]; then
    failed+=("$target")
    echo "fuzz-smoke: $target: FAILED: corpus/$target has no fuzz target (msgr_add_fuzzer in tests/fuzz/CMakeLists.txt)"
    continue
  fi
  if "$(fuzz_binary "$target")" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -dict="$(fuzz_dictionary "$target")" -artifact_prefix="$artifacts/$target-" \
       "$scratch/$target" "$fuzz_dir/corpus/$target" >"$scratch/$target.log" 2>&1; then
    echo "fuzz-smoke: $target: ok ($(grep -Eo '^#[0-9]+' "$scratch/$target.log" | tail -1 | tr -d '#') runs)"
  else
    failed+=("$target")
    echo "fuzz-smoke: $target: FAILED"
    tail -n 40 "$scratch/$target.log"
    echo "fuzz-smoke: reproduce with: $(fuzz_binary "$target") $artifacts/$target-<crash file>"
  fi
done
echo "fuzz-smoke: done in $((SECONDS - start)) s"
[ ${#failed[@]} -eq 0 ] || { echo "fuzz-smoke: failing targets: ${failed[*]}"; exit 1; }
