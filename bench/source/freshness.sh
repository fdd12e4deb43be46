#!/usr/bin/env bash
# Freshness at the real market's pace: the delay from an offer's appearance in the API to its row in
# Cassandra (p50/p99/max) and the API requests polling spends, for each poll interval given, the
# runs side by side (each its own emulator, topic and keyspace; see freshness.py), on a Kafka and a
# Cassandra of their own (stack "fresh", FRESH_* ports), so nothing else restarts them mid-run.
# usage: bench/source/freshness.sh [MINUTES (60)] [POLL_INTERVAL_SECONDS... (60 300)]
# Needs a build (scripts/build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
minutes=${1:-60}
shift || true
[[ $# -gt 0 ]] && intervals=("$@") || intervals=(60 300)
export JOBSTREAM_STACK_NAME=${FRESH_STACK_NAME:-fresh} CASSANDRA_PORT=${FRESH_CASSANDRA_PORT:-9342}
export CASSANDRA_STORAGE_PORT=${FRESH_CASSANDRA_STORAGE_PORT:-7300} CASSANDRA_JMX_PORT=${FRESH_CASSANDRA_JMX_PORT:-7499}
export KAFKA_PORT=${FRESH_KAFKA_PORT:-9392} KAFKA_CONTROLLER_PORT=${FRESH_KAFKA_CONTROLLER_PORT:-9393} KAFKA_HEAP=512M
export CASSANDRA_CONTACT_POINTS=127.0.0.1 KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
keep_stack=0
"$root/scripts/stack" status 2>/dev/null | grep -q "^cassandra.*ready" && keep_stack=1
"$root/scripts/stack" up kafka cassandra >/dev/null
cleanup() { [[ $keep_stack == 1 ]] || "$root/scripts/stack" down --wipe >/dev/null || true; }
trap cleanup EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
pids=()
for t in "${intervals[@]}"; do
  /usr/bin/python3 "$root/bench/source/freshness.py" "$minutes" "$t" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
