#!/usr/bin/env bash
# msgr-server and mosquitto (QoS 0 and QoS 1) in the same minutes, alternating, with the same
# clients, message size and in-flight count: the field's cost per message on THIS machine, next
# to ours, so that issue 6's target (50,000 msgs per server-CPU-s, quoted against mosquitto) can
# be read as a ratio taken in one run instead of a number from another machine.
#
#   bench/server_load/side_by_side.sh SERVER_BIN SEED_DIR [ROUNDS (3)] [USERS... (1000 10000)]
#
# SEED_DIR: accounts made by `bench_seed_accounts SEED_DIR 10000`; each msgr-server run gets a
# fresh copy of it (a database with no messages yet). mosquitto is only measured, never a
# dependency: `apt-get install mosquitto` first (the script says so when it is missing). The
# benches are taken from build/ci (BENCH_DIR to change). One line per run; the figures are
# delivered messages per CPU-second of the server (or broker) in the saturation phase (1,000
# messages in flight, 100-byte texts, 10 s). "ours-ping" is msgr-server's ping phase in the same
# run (1,000 pings in flight: a request and its answer, no store, no fan-out), to set beside
# mosquitto QoS 0 (a publish in, a publish out, nothing stored).
set -euo pipefail
server_bin=${1:?usage: side_by_side.sh SERVER_BIN SEED_DIR [ROUNDS] [USERS...]}
seed=${2:?usage: side_by_side.sh SERVER_BIN SEED_DIR [ROUNDS] [USERS...]}
rounds=${3:-3}
shift $(($# < 3 ? $# : 3))
if [ $# -gt 0 ]; then users_list=("$@"); else users_list=(1000 10000); fi
bench_dir=${BENCH_DIR:-build/ci/bench/server_load}
command -v mosquitto > /dev/null || {
  echo "mosquitto is not installed (apt-get install mosquitto): only measured, not a dependency" >&2
  exit 2
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/mosquitto.conf" <<'EOF'
listener 18830 127.0.0.1
allow_anonymous true
max_connections -1
persistence false
EOF

phase_figure() { # file [phase]: the per-CPU-s figure of a phase (saturation) in the JSON line
  python3 -c 'import json,sys
line=[l for l in open(sys.argv[1]) if l.startswith("BENCH ")][-1]
s=json.loads(line[6:])[sys.argv[2]]
v=s.get("msgs_per_server_cpu_s", s.get("msgs_per_broker_cpu_s"))
print("%.0f" % v)' "$1" "${2:-saturation}"
}

run_ours() { # users: writes $work/ours.log
  rm -rf "$work/ours"
  cp -a "$seed" "$work/ours"
  "$bench_dir/bench_server_load" --server-bin "$server_bin" --work-dir "$work/ours" \
    --users "$1" --text-bytes 100 --inflight 1000 --duration 10 --phases saturation,ping \
    > "$work/ours.log" 2>&1
}

run_mosquitto() { # users qos
  mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
  local pid=$!
  # Listening: the bench's first connect would fail otherwise.
  for _ in $(seq 50); do
    (exec 3<> /dev/tcp/127.0.0.1/18830) 2> /dev/null && break
    sleep 0.1
  done
  "$bench_dir/bench_mqtt_compare" --connect 127.0.0.1:18830 --broker-pid "$pid" --users "$1" \
    --qos "$2" --text-bytes 100 --inflight 1000 --duration 10 > "$work/mqtt.log" 2>&1 || true
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  phase_figure "$work/mqtt.log"
}

echo "UTC       users  load  msgr-server  ours-ping  mosquitto-QoS0  mosquitto-QoS1  ours/QoS1"
for users in "${users_list[@]}"; do
  for _ in $(seq "$rounds"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    run_ours "$users"
    ours=$(phase_figure "$work/ours.log")
    ping=$(phase_figure "$work/ours.log" ping)
    q0=$(run_mosquitto "$users" 0)
    q1=$(run_mosquitto "$users" 1)
    printf '%s  %5d  %4s  %11s  %9s  %14s  %14s  %9.2f\n' "$(date -u +%T)" "$users" "$load" \
      "$ours" "$ping" "$q0" "$q1" "$(python3 -c "print($ours / $q1)")"
  done
done
