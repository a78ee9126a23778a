# The one definition of how lupdate reads the sources, sourced by scripts/update-translations.sh
# and by tests/translations/check_translations.sh, so both see the same strings the same way:
# the client's C++ and QML folders, includes resolved from the repository root (lupdate needs the
# class declarations to name a tr() context msgr::core::Session, as Qt does at run time), no line
# numbers in the files (moving a string changes nothing), strings gone from the sources dropped.
# msgr_lupdate [<translations dir>]: run from the repository root.
msgr_lupdate() {
  local dir="${1:-translations}"
  local lupdate="${LUPDATE:-/usr/lib/qt6/bin/lupdate}"
  [ -x "$lupdate" ] || { echo "lupdate missing: $lupdate (package qt6-l10n-tools)" >&2; return 1; }
  local args=(-silent -locations none -no-obsolete -extensions cpp,h,qml -I .
              app core platform storage qml)
  "$lupdate" "${args[@]}" -pluralonly -ts "$dir/messenger_en.ts"
  local ts
  for ts in "$dir"/messenger_*.ts; do
    [ "$ts" = "$dir/messenger_en.ts" ] || "$lupdate" "${args[@]}" -ts "$ts"
  done
}
