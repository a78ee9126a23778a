#!/usr/bin/env bash
# Fails when a user-visible string (qsTr/tr in the client's sources) is missing from a
# translation, when a translation lost a placeholder or a plural form, or when translations/ is
# not what scripts/update-translations.sh makes of the sources. Runs lupdate on a copy, so the
# checkout is never written. Usage: check_translations.sh <source root>
set -euo pipefail
root="$(cd "$1" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root"/translations/messenger_*.ts "$work"/
cd "$root"
source "$root/translations/lupdate_args.sh"
msgr_lupdate "$work"
python3 "$here/check_translations.py" "$root/translations" "$work"
