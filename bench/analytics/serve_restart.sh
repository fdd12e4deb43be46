#!/usr/bin/env bash
# Restart of `serve` from its snapshot against a full read of `offers`, side by side in one run.
# usage: bench/analytics/serve_restart.sh [OFFERS (200000)]
#
# Same private stack as national.sh (scripts/stack instance "scale": Cassandra on 9142, Kafka on
# 9192; stopped and wiped at the end unless it was running or NATIONAL_KEEP_STACK=1), the same
# cached sample offers, loaded by national_load into a new keyspace; the topic is created empty
# (`produce --replay` of nothing), so serve follows it. Then serve_restart.py starts serve three
# times: full read + snapshot at the stop, restart from the snapshot, --full-read again.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-200000}
bin=${JOBSTREAM_BUILD_DIR:-$root/build}/bin
cache=${JOBSTREAM_CACHE:-$HOME/.cache/jobstream}
export JOBSTREAM_STACK_NAME=${NATIONAL_STACK_NAME:-scale} CASSANDRA_PORT=${NATIONAL_CASSANDRA_PORT:-9142}
export CASSANDRA_STORAGE_PORT=${NATIONAL_CASSANDRA_STORAGE_PORT:-7100} CASSANDRA_JMX_PORT=${NATIONAL_CASSANDRA_JMX_PORT:-7299}
export KAFKA_PORT=${NATIONAL_KAFKA_PORT:-9192} KAFKA_CONTROLLER_PORT=${NATIONAL_KAFKA_CONTROLLER_PORT:-9193} KAFKA_HEAP=512M
export CASSANDRA_CONTACT_POINTS=127.0.0.1 KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
suffix=$RANDOM$RANDOM
export KAFKA_TOPIC=restart_$suffix KAFKA_GROUP_ID=restart_$suffix CASSANDRA_CONSISTENCY=ONE
export CASSANDRA_KEYSPACE=restart_$suffix
http_port=${NATIONAL_HTTP_PORT:-18182}

keep_stack=${NATIONAL_KEEP_STACK:-0}
"$root/scripts/stack" status 2>/dev/null | grep -q "^cassandra.*ready" && keep_stack=1
"$root/scripts/stack" up kafka cassandra >/dev/null
work=$(mktemp -d)
cleanup() {
  /usr/bin/python3 -c "from cassandra.cluster import Cluster; Cluster(['127.0.0.1'], port=$CASSANDRA_PORT).connect().execute('DROP KEYSPACE IF EXISTS $CASSANDRA_KEYSPACE', timeout=300)" || true
  [[ $keep_stack == 1 ]] || "$root/scripts/stack" down --wipe >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

offers=$cache/bench/national-$n.jsonl
if [[ ! -s $offers ]]; then
  mkdir -p "$cache/bench"
  /usr/bin/python3 "$root/tools/sample_offers.py" "$n" --creation-share 0.44 >"$offers.tmp" && mv "$offers.tmp" "$offers"
fi
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/jobstream" --log-level warn init-db --no-reference-lists
: >"$work/empty.jsonl"
"$bin/jobstream" --log-level warn produce --replay "$work/empty.jsonl"
echo "== $n offers into $CASSANDRA_KEYSPACE (national_load)"
"$bin/national_load" 127.0.0.1 "$CASSANDRA_PORT" "$CASSANDRA_KEYSPACE" 256 "$work/facts.csv" <"$offers" | tr '\n' ' '; echo
/usr/bin/python3 "$root/bench/analytics/serve_restart.py" "$bin/jobstream" "$http_port" "$work/figures.snapshot"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
