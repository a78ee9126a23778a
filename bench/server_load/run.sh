#!/usr/bin/env bash
# The standard runs of bench/server_load/RESULTS.md against one msgr-server binary: 1,000 users
# and 10,000 users (idle memory also at 1,000), each with a rate phase (20,000 msgs/s offered)
# and a saturation phase (1,000 sends in flight), 100-byte texts, 10 s per phase.
#
#   bench/server_load/run.sh SERVER_BIN WORK_DIR [BENCH_BIN] [more bench options...]
#
# WORK_DIR keeps the server's database and the cached accounts. Seed it first with
# `bench_seed_accounts WORK_DIR 10000` (seconds); without accounts the first run creates them
# through auth.signUp (Argon2id: about 7 minutes on an idle 2-core machine, hours under load).
# Later runs log in by token. Logs: WORK_DIR/run-1k.log, WORK_DIR/run-10k.log.
set -euo pipefail
server_bin=${1:?usage: run.sh SERVER_BIN WORK_DIR [BENCH_BIN] [options...]}
work_dir=${2:?usage: run.sh SERVER_BIN WORK_DIR [BENCH_BIN] [options...]}
bench=${3:-build/dev/bench/server_load/bench_server_load}
shift $(($# < 3 ? $# : 3))
mkdir -p "$work_dir"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bench" --server-bin "$server_bin" --work-dir "$work_dir" --users 1000 --text-bytes 100 \
  --rate 20000 --inflight 1000 --duration 10 "$@" | tee "$work_dir/run-1k.log"
"$bench" --server-bin "$server_bin" --work-dir "$work_dir" --users 10000 --idle-levels 1000 \
  --text-bytes 100 --rate 20000 --inflight 1000 --duration 10 "$@" | tee "$work_dir/run-10k.log"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
