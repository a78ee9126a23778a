#!/usr/bin/env bash
# Long fuzzing for humans: ./scripts/fuzz.sh [seconds per target, default 3600] [parallel jobs,
# default the number of cores]. Builds the `fuzz` preset and runs every target, keeping what it
# learns in <build>/fuzz-corpus/<target> (so a second run resumes) and any crash in
# <build>/fuzz-artifacts. Fails if any target crashed. Add interesting new inputs to the
# committed corpus with: <target> -merge=1 tests/fuzz/corpus/<target> <build>/fuzz-corpus/<target>
set -euo pipefail
source "$(dirname "$0")/fuzz-common.sh"

seconds=${1:-3600}
jobs=${2:-$(nproc)}
missing=$(fuzz_missing_tool)
[ -z "$missing" ] || { echo "fuzz: $missing" >&2; exit 1; }
fuzz_build_targets

work="$fuzz_build/fuzz-corpus"
artifacts="$fuzz_build/fuzz-artifacts"
logs="$fuzz_build/fuzz-logs"
mkdir -p "$work" "$artifacts" "$logs"

run_one() {
  local target=$1
  mkdir -p "$work/$target"
  # 4 GiB: under AddressSanitizer the resident size of fuzz_server_request grows past 1 GiB in
  # ten minutes while its live heap stays under 30 MiB (the sanitizer's allocator keeps freed
  # memory), so libFuzzer's default 2 GiB would end an hour-long run with a false out-of-memory.
  # A real leak is still caught: LeakSanitizer checks every input that allocates more than it frees.
  if "$(fuzz_binary "$target")" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
       -dict="$(fuzz_dictionary "$target")" -artifact_prefix="$artifacts/$target-" \
       "$work/$target" "$fuzz_dir/corpus/$target" >"$logs/$target.log" 2>&1; then
    echo "fuzz: $target: ok, $(grep -Eo 'cov: [0-9]+' "$logs/$target.log" | tail -1)"
  else
    echo "fuzz: $target: CRASHED (log $logs/$target.log, input in $artifacts)"
    touch "$logs/$target.crashed"
  fi
}

echo "fuzz: $seconds s per target, $jobs at a time; logs in $logs"
rm -f "$logs"/*.crashed
for target in $(fuzz_targets); do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_one "$target" &
done
wait
! compgen -G "$logs/*.crashed" >/dev/null
