#!/usr/bin/env bash
# Installs what is missing, builds the two programs it runs (the client `messenger` and the
# server `msgr-server`, not the tests or benchmarks), starts a local server on its embedded store
# and opens the client against it. Extra arguments go to the client (e.g. --profile DIR).
#   MSGR_PORT        the server's loopback port (default 8790, or a free one when 8790 is taken;
#                    8765 is left to the README's hand-run commands, scripts/screenshots.sh and
#                    the tests take free ports of their own)
#   MSGR_SERVER_DATA the server's data directory (default ~/.local/share/msgr-server)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset dev >/dev/null

# One progress line ("[done/total]"), rewritten in place; anything else Ninja prints (a compiler
# error, a warning) is shown as it comes.
echo "run.sh: building messenger and msgr-server"
set +e
NINJA_STATUS="[%f/%t] " cmake --build --preset dev --target messenger msgr-server 2>&1 |
  while IFS= read -r line; do
    if [[ $line =~ ^\[([0-9]+)/([0-9]+)\]\  ]]; then
      printf '\r\033[Krun.sh: build step %s of %s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    elif [[ $line != "ninja: no work to do." ]]; then
      printf '\r\033[K%s\n' "$line"
    fi
  done
build_status=${PIPESTATUS[0]}
set -e
printf '\r\033[K'
if [ "$build_status" -ne 0 ]; then
  echo "run.sh: the build failed (see above)" >&2
  exit "$build_status"
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
if [ -n "${MSGR_PORT:-}" ]; then
  port=$MSGR_PORT
elif port_free 8790; then
  port=8790
else
  port="$(free_port)"
fi

data_dir="${MSGR_SERVER_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/msgr-server}"
mkdir -p "$data_dir"
echo "run.sh: server on 127.0.0.1:$port, data in $data_dir"
build/dev/server/msgr-server --listen "127.0.0.1:$port" --data-dir "$data_dir" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: the server did not start" >&2; exit 1; }
  sleep 0.1
done

build/dev/app/messenger --server "ws://127.0.0.1:$port" "$@"
