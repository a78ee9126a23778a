#!/bin/sh
# Runs a test executable against a real Secret Service: a private D-Bus session with a fresh,
# unlocked gnome-keyring, under a temporary HOME and XDG_RUNTIME_DIR (the real home is untouched).
# Usage: with_keyring.sh <executable> [args...]
set -eu
command -v dbus-run-session >/dev/null || { echo "dbus-run-session missing" >&2; exit 1; }
command -v gnome-keyring-daemon >/dev/null || { echo "gnome-keyring-daemon missing" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/home" "$scratch/runtime"
chmod 700 "$scratch/runtime"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/runtime"
export XDG_DATA_HOME="$scratch/home/.local/share" XDG_CONFIG_HOME="$scratch/home/.config"
unset DISPLAY WAYLAND_DISPLAY
dbus-run-session -- sh -c '
  eval "$(printf %s test-keyring-password | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec "$@"' with_keyring "$@"
status=$?
exit $status
