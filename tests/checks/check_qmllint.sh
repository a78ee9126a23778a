#!/usr/bin/env bash
# Runs qmllint over every QML file, with the build's own QML modules on the import path.
set -euo pipefail
src="$1"; build="$2"
cd "$src"
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.qml' | grep -v '^build/')
[ ${#files[@]} -eq 0 ] && exit 0
/usr/lib/qt6/bin/qmllint -I "$build" -I "$build/qml" -I "$build/core" "${files[@]}"
echo "qmllint: ${#files[@]} files clean"
