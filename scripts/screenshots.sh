#!/usr/bin/env bash
# Takes screenshots of the client against a throw-away server with demo data.
#   scripts/screenshots.sh [OUTPUT_DIR]        (default: build/screenshots)
#   MSGR_LANGUAGE=ru scripts/screenshots.sh    (the interface in Russian; English by default)
# Builds the dev preset if needed (MSGR_BUILD_DIR overrides the build directory; it must already
# be configured), starts msgr-server on a free loopback port with a temporary data directory,
# seeds accounts alice/bob/carol (tests/qml/screenshot_seed.cpp), then runs the app as alice
# under Xvfb at desktop (1280x800) and phone (390x844) size, driving it with xdotool: the
# passphrase and log-in pages, the chat list, the settings, and the chat with Bob (a reply quoting
# a message, a pinned message in the bar at the top).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$(realpath -m "${1:-build/screenshots}")"
build="${MSGR_BUILD_DIR:-build/dev}"
mkdir -p "$out"

if [ -z "${MSGR_BUILD_DIR:-}" ]; then
  cmake --preset dev >/dev/null
fi
cmake --build "$build" --target msgr-server messenger msgr-screenshot-seed

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$build/server/msgr-server" --listen "127.0.0.1:$port" --data-dir "$work/server" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
"$build/tests/qml/msgr-screenshot-seed" "ws://127.0.0.1:$port"

# One run of the app per size, each with a fresh profile: log in, chat list, settings (from the
# list's menu), open the chat with Bob (the newest, so the first row). Runs inside xvfb-run;
# $1 = WIDTHxHEIGHT, $2 = name.
cat >"$work/drive.sh" <<'DRIVE'
#!/usr/bin/env bash
set -euo pipefail
size=$1; name=$2; app=$3; url=$4; profile=$5; out=$6; language=$7
shot() { sleep "${2:-1.5}"; import -window root "$out/$name-$1.png"; echo "screenshots: $out/$name-$1.png"; }
"$app" --server "$url" --profile "$profile" --language "$language" -qwindowgeometry "$size+0+0" >"$profile.log" 2>&1 &
app_pid=$!
trap 'kill $app_pid 2>/dev/null || true; cp "$profile.log" "$out/$name-app.log"' EXIT
xdotool search --sync --name '^Messenger$' >/dev/null
# Without a Secret Service (none under Xvfb), so the core first asks for a passphrase for the new profile.
shot passphrase 2
xdotool type --delay 20 screenshot-passphrase
xdotool key Tab
xdotool type --delay 20 screenshot-passphrase
xdotool key Return
shot login 4
# A new profile opens on "Sign up": the "Log in" tab is left of the card's centre, above it.
w=${size%x*}; h=${size#*x}
xdotool mousemove $((w / 2 - 83)) $((h / 2 - 36)) click 1
sleep 1
xdotool mousemove $((w / 2)) $((h / 2 + 44)) click 1  # the username field
xdotool type --delay 20 alice
xdotool key Tab
xdotool type --delay 20 screenshot-pass
xdotool key Return
shot chats 8
# The menu button at the list's top left, then its third entry (New chat, Devices, Settings).
xdotool mousemove 24 28 click 1
sleep 1
xdotool key Down Down Down Return
shot settings 3
xdotool key Escape
sleep 1
# A click outside closes the settings if Esc did not; the next one opens the chat.
xdotool mousemove 150 95 click 1
sleep 1
xdotool mousemove 150 95 click 1
shot chat 3
DRIVE
chmod +x "$work/drive.sh"

export QT_QUICK_CONTROLS_STYLE=Basic
for spec in desktop:1280x800 phone:390x844; do
  name=${spec%%:*}; size=${spec#*:}
  xvfb-run -a -s "-screen 0 ${size}x24" \
    "$work/drive.sh" "$size" "$name" "$root/$build/app/messenger" "ws://127.0.0.1:$port" \
    "$work/profile-$name" "$out" "${MSGR_LANGUAGE:-en}"
done
echo "screenshots: done, in $out"
