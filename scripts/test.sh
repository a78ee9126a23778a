#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, runs clang-tidy on the files changed
# since they were last checked clean (scripts/tidy_changed.py), runs the whole test suite
# (unit, integration against the real server, QML, keychain, format and qmllint checks), then
# a short run of every fuzz target (scripts/fuzz-smoke.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
# clang-tidy on files whose content .tidy-clean does not list (at most 40 sources, ~2 min on two
# cores; more fails and asks for scripts/tidy.sh, the whole-tree run); commit the stamp it updates
python3 scripts/tidy_changed.py build/ci
ctest --preset ci "$@"
# libFuzzer smoke (clang-14 build of its own, about a minute; skips without clang)
./scripts/fuzz-smoke.sh
