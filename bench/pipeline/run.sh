#!/usr/bin/env bash
# `jobstream consume` throughput against the ceiling this machine's Cassandra allows, in one run.
#
# 1. N sample offers are published to a new topic with 6 partitions (jobstream produce --replay).
# 2. Ceiling: the same offers written straight into Cassandra through the same store code
#    (store_write_bench: no Kafka), JOBSTREAM_MAX_WRITES_IN_FLIGHT in flight.
# 3. `jobstream consume --until-caught-up` drains the topic into another keyspace; wall time and
#    peak RSS (from /proc via the python wrapper) are measured.
# Prints offers/s of both and the ratio. usage: bench/pipeline/run.sh [OFFERS (200000)]
# Needs the local stack (scripts/stack up) and a build (scripts/build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-200000}
bin=${JOBSTREAM_BUILD_DIR:-$root/build}/bin
window=${JOBSTREAM_MAX_WRITES_IN_FLIGHT:-256}
work=$(mktemp -d)
suffix=$RANDOM$RANDOM
export KAFKA_TOPIC=bench_offers_$suffix KAFKA_GROUP_ID=bench_group_$suffix KAFKA_PARTITIONS=6
export JOBSTREAM_MAX_WRITES_IN_FLIGHT=$window
ks_consume=bench_consume_$suffix ks_ceiling=bench_ceiling_$suffix
cleanup() {
  for ks in $ks_consume $ks_ceiling; do
    /usr/bin/python3 -c "from cassandra.cluster import Cluster; Cluster(['127.0.0.1']).connect().execute('DROP KEYSPACE IF EXISTS $ks', timeout=120)" || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

/usr/bin/python3 "$root/tools/sample_offers.py" "$n" >"$work/offers.jsonl"
CASSANDRA_KEYSPACE=$ks_consume "$bin/jobstream" --log-level warn init-db
CASSANDRA_KEYSPACE=$ks_ceiling "$bin/jobstream" --log-level warn init-db
"$bin/jobstream" --log-level warn produce --replay "$work/offers.jsonl"

echo "ceiling: $n offers straight into Cassandra, $window writes in flight"
ceiling=$("$bin/store_write_bench" 127.0.0.1 "${CASSANDRA_PORT:-9042}" "$ks_ceiling" "$work/offers.jsonl" "$window")
echo "$ceiling"

echo "consume: $n offers from Kafka (6 partitions) into Cassandra"
consume=$(CASSANDRA_KEYSPACE=$ks_consume /usr/bin/python3 - "$bin/jobstream" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
rc = subprocess.run([sys.argv[1], "--log-level", "warn", "consume", "--until-caught-up"]).returncode
seconds = time.monotonic() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"rc={rc}\nseconds={seconds:.2f}\npeak_rss_mb={peak_kb / 1024:.0f}")
PY
)
echo "$consume"
get() { sed -n "s/^$2=//p" <<<"$1"; }
awk -v n="$n" -v cs="$(get "$consume" seconds)" -v ceil="$(get "$ceiling" rows_per_s)" 'BEGIN {
  rate = n / cs
  printf "consume: %.0f offers/s (group join and lag checks included); ceiling: %.0f rows/s; ratio %.2f\n", rate, ceil, rate / ceil
}'
