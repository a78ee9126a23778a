#!/usr/bin/env bash
# Installs what is missing, builds, starts a local server on its embedded store and opens the
# client against it. Extra arguments go to the client (e.g. --profile DIR --server URL).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev

data_dir="${MSGR_SERVER_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/msgr-server}"
port="${MSGR_PORT:-8765}"
mkdir -p "$data_dir"
build/dev/server/msgr-server --listen "127.0.0.1:$port" --data-dir "$data_dir" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT

if [ -x build/dev/app/messenger ]; then
  build/dev/app/messenger --server "ws://127.0.0.1:$port" "$@"
else
  wait "$server_pid"
fi
