#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, runs clang-tidy on the files changed
# since they were last checked clean (scripts/tidy_changed.py), runs the whole test suite
# (unit, integration against the real server, QML, keychain, format and qmllint checks), then
# a short run of every fuzz target (scripts/fuzz-smoke.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each phase says how long it took, in wall seconds and in CPU seconds (user + system of every
# process it ran), so a CI log shows where the time goes even on a loaded machine (the build
# plus the suite must stay well under 30 minutes on two cores).
cpu_file=$(mktemp)
trap 'rm -f "$cpu_file"' EXIT
# Sets `cpu` to the CPU seconds of this shell's finished children so far. `times` must run in
# this shell, not in a $(...) subshell, which has no children of its own.
children_cpu() {
  times >"$cpu_file"
  cpu=$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
                       printf "%.0f", t }' "$cpu_file")
}
phase() {
  local name=$1 start=$SECONDS cpu_start
  shift
  children_cpu
  cpu_start=$cpu
  "$@"
  children_cpu
  echo "test.sh: $name took $((SECONDS - start)) s ($((cpu - cpu_start)) CPU s)"
}
phase install ./scripts/install-deps.sh
phase configure cmake --preset ci
phase build cmake --build --preset ci
# clang-tidy on files whose content .tidy-clean does not list (at most 40 sources, ~2 min on two
# cores; more fails and asks for scripts/tidy.sh, the whole-tree run); commit the stamp it updates
phase tidy python3 scripts/tidy_changed.py build/ci
# The fuzz build (clang-14, ASan + UBSan, -O0: ~450 CPU s cold) runs beside ctest at the lowest CPU
# and I/O priority: the tests mostly wait (servers, sockets, timers: ctest uses about 250 CPU s
# in 320 s on two cores), and the build takes the idle time. fuzz-smoke then finds it built.
# It runs in a process group of its own (setsid) so that a failing ctest stops all of it.
mkdir -p build
fuzz_log=build/fuzz-build.log
setsid nice -n 19 ionice -c 3 -t ./scripts/fuzz-smoke.sh --build-only >"$fuzz_log" 2>&1 &
fuzz_pid=$!
trap 'kill -- -"$fuzz_pid" 2>/dev/null || true; rm -f "$cpu_file"' EXIT
phase ctest ctest --preset ci "$@"
# The wall time here is what the build needs after ctest; its CPU seconds count in the phase it
# ends in (ctest when it ends first: the shell reaps it then).
finish_fuzz_build() {
  if wait "$fuzz_pid"; then
    tail -n 1 "$fuzz_log"
  else
    tail -n 60 "$fuzz_log"
    echo "test.sh: the fuzz build failed (whole log: $fuzz_log)"
    return 1
  fi
}
phase fuzz-build finish_fuzz_build
# libFuzzer smoke: every target replays its seed corpus and mutates it for 3 s, about a minute
# (skips without clang)
phase fuzz-smoke ./scripts/fuzz-smoke.sh
