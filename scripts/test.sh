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
phase ctest ctest --preset ci "$@"
# libFuzzer smoke (a clang-14 build of its own, then about 2 minutes of runs; skips without clang)
phase fuzz-smoke ./scripts/fuzz-smoke.sh
