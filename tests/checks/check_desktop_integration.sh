#!/usr/bin/env bash
# The Linux desktop integration (issue 11, item 3): the menu entry and the software-centre
# listing are valid for the tools desktops use (desktop-file-validate, appstreamcli), their
# names agree with each other and with the app (setDesktopFileName, the icon, the binary, the
# version), and `cmake --install` puts everything where a desktop looks for it; the installed
# app starts from there alone (its QML modules and translations are inside the binary).
# Usage: check_desktop_integration.sh <source dir> <build dir> <project version>
set -euo pipefail
src=$1
build=$2
version=$3
id=org.msgr.Messenger
desktop=$src/resources/$id.desktop
metainfo=$src/resources/$id.metainfo.xml

fail() {
  echo "check_desktop_integration: $*" >&2
  exit 1
}

command -v desktop-file-validate >/dev/null ||
  fail "desktop-file-validate is missing (scripts/install-deps.sh installs desktop-file-utils)"
command -v appstreamcli >/dev/null ||
  fail "appstreamcli is missing (scripts/install-deps.sh installs appstream)"

# Warnings count too: desktop-file-validate prints them and still exits 0.
problems=$(desktop-file-validate "$desktop" 2>&1) || fail "$desktop is not valid: $problems"
[ -z "$problems" ] || fail "$desktop: $problems"
appstreamcli validate --no-net --explain "$metainfo" || fail "$metainfo is not valid"

# One name everywhere: the desktop id, the icon, the AppStream id and launchable, the app's own.
grep -q "setDesktopFileName(QStringLiteral(\"$id\"))" "$src/app/main.cpp" ||
  fail "app/main.cpp does not name itself $id (setDesktopFileName)"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ "$icon" = "$id" ] || fail "Icon=$icon, not $id"
binary=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
[ -n "$binary" ] || fail "no Exec= in $desktop"
grep -q "<id>$id</id>" "$metainfo" || fail "the AppStream id is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
  fail "the AppStream launchable is not $id.desktop"
grep -q "<binary>$binary</binary>" "$metainfo" || fail "the AppStream file does not provide $binary"
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -n 1 | cut -d '"' -f 2)
[ "$newest" = "$version" ] || fail "the newest AppStream release is $newest, the project is $version"

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install failed"
for file in "bin/$binary" bin/msgr-server bin/msgr-cli "share/applications/$id.desktop" \
  "share/metainfo/$id.metainfo.xml" "share/icons/hicolor/scalable/apps/$icon.svg"; do
  [ -e "$prefix/$file" ] || fail "cmake --install did not install $file"
done
for program in "$binary" msgr-server msgr-cli; do
  [ -x "$prefix/bin/$program" ] || fail "bin/$program is not executable"
done
grep -q "<svg" "$prefix/share/icons/hicolor/scalable/apps/$icon.svg" || fail "the icon is not an SVG"
said=$(QT_QPA_PLATFORM=offscreen "$prefix/bin/$binary" --version) || fail "the installed app did not start"
[ "$said" = "$binary $version" ] || fail "the installed app says '$said', not '$binary $version'"
echo "check_desktop_integration: ok ($id, $version)"
