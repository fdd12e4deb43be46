#!/usr/bin/env bash
# `jobstream consume` throughput against the ceiling this machine's Cassandra allows, in one run.
#
# 1. N sample offers are published to a new topic with 6 partitions (jobstream produce --replay).
# 2. Ceiling: the same offers written straight into Cassandra through the same store code
#    (store_write_bench: no Kafka), JOBSTREAM_MAX_WRITES_IN_FLIGHT in flight.
# 3. `jobstream consume --until-caught-up` drains the topic into another keyspace with a new
#    group; wall time, peak RSS and CPU time (from the kernel, via the python wrapper) are measured.
# Runs 2 and 3 twice each, alternating, into four keyspaces. Prints offers/s of both and the ratio. usage: bench/pipeline/run.sh [OFFERS (200000)]
# Needs the local stack (scripts/stack up) and a build (scripts/build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-200000}
bin=${JOBSTREAM_BUILD_DIR:-$root/build}/bin
window=${JOBSTREAM_MAX_WRITES_IN_FLIGHT:-256}
source "$root/bench/pipeline/scratch.sh"
suffix=$RANDOM$RANDOM
export KAFKA_TOPIC=bench_offers_$suffix KAFKA_GROUP_ID=bench_group_$suffix KAFKA_PARTITIONS=6
export JOBSTREAM_MAX_WRITES_IN_FLIGHT=$window
for run in ceiling1 consume1 consume2 ceiling2; do keyspaces+=("bench_${run}_$suffix"); done

/usr/bin/python3 "$root/tools/sample_offers.py" "$n" >"$work/offers.jsonl"
"$bin/jobstream" --log-level warn produce --replay "$work/offers.jsonl"

new_keyspace() {
  local ks=bench_${1}_$suffix
  CASSANDRA_KEYSPACE=$ks "$bin/jobstream" --log-level warn init-db --no-reference-lists
  echo "$ks"
}

ceiling() {  # the same offers straight into Cassandra through the same store code
  local ks
  ks=$(new_keyspace "ceiling$1")
  "$bin/store_write_bench" 127.0.0.1 "${CASSANDRA_PORT:-9042}" "$ks" "$work/offers.jsonl" "$window" |
    sed -n 's/^rows_per_s=//p'
}

consume() {  # a new group drains the whole topic into a new keyspace; prints "rate rss_mb cpu_s"
  local ks
  ks=$(new_keyspace "consume$1")
  CASSANDRA_KEYSPACE=$ks KAFKA_GROUP_ID=bench_group_$1_$suffix /usr/bin/python3 - "$bin/jobstream" "$n" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
rc = subprocess.run([sys.argv[1], "--log-level", "warn", "consume", "--until-caught-up"]).returncode
seconds = time.monotonic() - start
if rc != 0:
    sys.exit(f"consume exited {rc}")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{int(sys.argv[2]) / seconds:.0f} {usage.ru_maxrss / 1024:.0f} {usage.ru_utime + usage.ru_stime:.1f}")
PY
}

# Cassandra gets slower as data accumulates (memtable flushes, compaction), so the two measures
# alternate, ceiling-consume-consume-ceiling, and each figure is the mean of its two runs: a trend
# over the run weighs on both alike.
echo "$n offers, 6 partitions, $window writes in flight"
c1=$(ceiling 1); echo "ceiling run 1: $c1 rows/s"
k1=$(consume 1); echo "consume run 1: $k1 (offers/s, peak RSS MB, CPU s)"
k2=$(consume 2); echo "consume run 2: $k2"
c2=$(ceiling 2); echo "ceiling run 2: $c2 rows/s"
awk -v c1="$c1" -v c2="$c2" -v k1="${k1%% *}" -v k2="${k2%% *}" 'BEGIN {
  ceil = (c1 + c2) / 2; rate = (k1 + k2) / 2
  printf "consume: %.0f offers/s (group join and lag checks included); ceiling: %.0f rows/s; ratio %.2f\n", rate, ceil, rate / ceil
}'
