#!/usr/bin/env bash
# Fuzz smoke of the test command: builds the libFuzzer targets (`fuzz` preset: clang-14, ASan +
# UBSan) and runs each over its seed corpus (tests/fuzz/corpus/<target>) and then mutations of
# it for MSGR_FUZZ_SMOKE_SECONDS (default 8) seconds. Any crash, sanitizer report, broken
# invariant or input slower than 10 s fails; the input is kept under <build>/fuzz-artifacts.
# Without clang-14 it says so and skips (exit 0). New inputs go to a scratch folder: the
# committed corpus is never modified.
set -euo pipefail
source "$(dirname "$0")/fuzz-common.sh"

seconds=${MSGR_FUZZ_SMOKE_SECONDS:-8}
missing=$(fuzz_missing_tool)
if [ -n "$missing" ]; then
  echo "fuzz-smoke: SKIPPED: $missing"
  exit 0
fi

start=$SECONDS
fuzz_build_targets
echo "fuzz-smoke: built in $((SECONDS - start)) s"

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
