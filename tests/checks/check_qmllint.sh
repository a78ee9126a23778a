#!/usr/bin/env bash
# Runs qmllint over every QML file, with the build's own QML modules on the import path.
set -euo pipefail
src="$1"; build="$2"
cd "$src"
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.qml' | grep -v '^build/')
[ ${#files[@]} -eq 0 ] && exit 0

# qmllint finds a module by its URI path under an import path. Messenger.Ui is built into
# qml/Messenger/Ui; Messenger.Core keeps its qmldir directly in core/, so it gets a
# Messenger/Core link in a temporary import directory.
imports="$(mktemp -d)"
trap 'rm -rf "$imports"' EXIT
mkdir -p "$imports/Messenger"
for module in Core Ui; do
  for candidate in "$build/${module,,}/Messenger/$module" "$build/${module,,}" "$build/qml/Messenger/$module"; do
    if [ -f "$candidate/qmldir" ] && grep -q "^module Messenger.$module\$" "$candidate/qmldir"; then
      ln -sfn "$(realpath "$candidate")" "$imports/Messenger/$module"
      break
    fi
  done
done

# The module's own qrc files tell qmllint which source file is which type of Messenger.Ui (for
# example that Theme is a singleton).
resources=()
for qrc in "$build"/qml/.rcc/*.qrc; do
  [ -f "$qrc" ] && resources+=(--resource "$qrc")
done

# Qt 6.4's qmllint reports every use of an id from inside a Component (delegates, Loader
# components) as "unqualified access"; the fix, pragma ComponentBehavior, only exists from 6.5.
/usr/lib/qt6/bin/qmllint --unqualified disable -I "$imports" -I "$build" -I "$build/qml" \
  -I "$build/core" "${resources[@]}" "${files[@]}"
echo "qmllint: ${#files[@]} files clean"
