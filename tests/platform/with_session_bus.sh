#!/bin/sh
# Runs a test executable in a private D-Bus session bus of its own (the user's is untouched).
# Usage: with_session_bus.sh <executable> [args...]
set -eu
command -v dbus-run-session >/dev/null || { echo "dbus-run-session missing" >&2; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
exec dbus-run-session -- "$@"
