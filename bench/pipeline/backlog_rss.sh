#!/usr/bin/env bash
# Peak RSS of `jobstream consume --until-caught-up` against the size of the backlog it drains.
#
# Two topics (6 partitions) are preloaded with SMALL and LARGE sample offers (defaults 100,000 and
# 1,000,000); each is drained by its own consumer into its own keyspace, and the peak RSS of each
# consumer process is read from the kernel (RUSAGE_CHILDREN, one child per measurement).
# A bounded consumer shows about the same peak for both; the target is < 300 MB.
# usage: bench/pipeline/backlog_rss.sh [SMALL] [LARGE]
# Needs the local stack (scripts/stack up) and a build (scripts/build); about 10 GB of free disk.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
small=${1:-100000}
large=${2:-1000000}
bin=${JOBSTREAM_BUILD_DIR:-$root/build}/bin
source "$root/bench/pipeline/scratch.sh"
suffix=$RANDOM$RANDOM

measure() {  # measure N: preload N offers into a new topic, drain it, print "N peak_mb seconds"
  local n=$1 topic=backlog_${1}_$suffix ks=backlog_${1}_$suffix
  keyspaces+=("$ks")
  /usr/bin/python3 "$root/tools/sample_offers.py" "$n" >"$work/offers.jsonl"
  export KAFKA_TOPIC=$topic KAFKA_GROUP_ID=group_$topic KAFKA_PARTITIONS=6 CASSANDRA_KEYSPACE=$ks
  "$bin/jobstream" --log-level warn init-db --no-reference-lists
  "$bin/jobstream" --log-level warn produce --replay "$work/offers.jsonl"
  rm -f "$work/offers.jsonl"
  /usr/bin/python3 - "$bin/jobstream" "$n" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
rc = subprocess.run([sys.argv[1], "--log-level", "warn", "consume", "--until-caught-up"]).returncode
if rc != 0:
    sys.exit(f"consume exited {rc}")
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"backlog {int(sys.argv[2]):>9,} offers: consumer peak RSS {peak_mb:.0f} MB, drained in {time.monotonic() - start:.0f} s")
PY
}

measure "$small"
measure "$large"
