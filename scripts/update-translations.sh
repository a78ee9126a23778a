#!/usr/bin/env bash
# Brings translations/*.ts up to date with the strings in the sources (every qsTr/tr), keeping
# what is translated already. New strings come in unfinished: translate them (Qt Linguist, or by
# hand in the .ts), or the test check_translations fails. English is the source language, so its
# file holds only the strings with plural forms ("%n new message(s)").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source "$root/translations/lupdate_args.sh"
msgr_lupdate "$@"
