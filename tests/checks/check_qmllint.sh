#!/usr/bin/env bash
# Runs qmllint over every QML file, with the build's own QML modules on the import path.
set -euo pipefail
src="$1"; build="$2"
cd "$src"
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.qml' | grep -v '^build/')
[ ${#files[@]} -eq 0 ] && exit 0

# qmllint finds a module by its URI path under an import path: every Messenger.* module of the
# build puts its qmldir and qmltypes under qml_modules/Messenger/<Name> (cmake/MsgrQmlModule.cmake).
modules="$build/qml_modules"
if [ ! -f "$modules/Messenger/Ui/qmldir" ]; then
  echo "qmllint: no built QML modules under $modules (build the client first)" >&2
  exit 1
fi

# The modules' own qrc files tell qmllint which source file is which type of which module (for
# example that Theme is a singleton of Messenger.Ui.Common).
resources=()
while IFS= read -r qrc; do
  resources+=(--resource "$qrc")
done < <(find "$build/qml" "$build/core" -path '*/.rcc/*.qrc' | sort)

# Qt 6.4's qmllint reports every use of an id from inside a Component (delegates, Loader
# components) as "unqualified access"; the fix, pragma ComponentBehavior, only exists from 6.5.
/usr/lib/qt6/bin/qmllint --unqualified disable -I "$modules" "${resources[@]}" "${files[@]}"
echo "qmllint: ${#files[@]} files clean"
