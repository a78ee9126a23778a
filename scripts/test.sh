#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite
# (unit, integration against the real server, QML, keychain, format and qmllint checks), then
# a short run of every fuzz target (scripts/fuzz-smoke.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci "$@"
# libFuzzer smoke (clang-14 build of its own, about a minute; skips without clang)
./scripts/fuzz-smoke.sh
