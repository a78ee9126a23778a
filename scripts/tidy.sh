#!/usr/bin/env bash
# Runs clang-tidy-14 (.clang-tidy at the root) over every source file of a configured build:
#   scripts/tidy.sh <build-dir>        e.g. scripts/tidy.sh build/ci
# Uses that build's compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS), so the build must be
# configured and its generated headers built (moc, QML type registration). Checks the project's
# own files only: not bench/ (measurement programs) and not generated code (autogen, qmlcache,
# rcc, all inside the build directory). Fails on any finding. Parallel on every core.
# A clean run rewrites .tidy-clean (the stamp scripts/tidy_changed.py, run by scripts/test.sh,
# checks changed files against); commit it.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <build-dir>" >&2; exit 2; }
src="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "$1" && pwd)"
[ -f "$build/compile_commands.json" ] || {
  echo "tidy: no $build/compile_commands.json (configure with a preset first)" >&2
  exit 2
}
command -v run-clang-tidy-14 >/dev/null || {
  echo "tidy: run-clang-tidy-14 missing (scripts/install-deps.sh installs clang-tidy-14)" >&2
  exit 2
}

# run-clang-tidy takes a Python regex of the files to check: the source tree, minus the build
# directory (wherever it is) and bench/.
files="^$src/(?!build/|bench/)"
if [[ "$build" == "$src"/* ]]; then
  files="^$src/(?!build/|bench/|${build#"$src"/}/)"
fi

start=$SECONDS
log="$(mktemp)"
stamp="$(mktemp)"
trap 'rm -f "$log" "$stamp"' EXIT
# The stamp of the files as they are before the run: a file edited meanwhile stays unstamped.
python3 "$src/scripts/tidy_changed.py" --stamp-all "$build" "$stamp" >/dev/null
# -quiet: only findings; the exit status is non-zero on any finding (WarningsAsErrors: '*').
status=0
# One entry per source even in a unity build (scripts/compile_db.py).
database="$(python3 "$src/scripts/compile_db.py" "$build")"
run-clang-tidy-14 -quiet -p "$database" -clang-tidy-binary clang-tidy-14 -j "$(nproc)" \
  "$files" >"$log" 2>&1 || status=$?
# clang-tidy prints "N warnings generated" for diagnostics it suppressed (system headers,
# filtered headers); those are not findings.
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Running clang-tidy|^clang-tidy-14 ' "$log" || true
checked=$(grep -c '"file"' "$database/compile_commands.json" || true)
if [ "$status" -ne 0 ]; then
  echo "tidy: findings (above), $((SECONDS - start)) s" >&2
  exit 1
fi
cp "$stamp" "$src/.tidy-clean"
echo "tidy: clean ($((SECONDS - start)) s; $checked sources in the compile database); .tidy-clean rewritten"
