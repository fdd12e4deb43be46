#!/usr/bin/env bash
# Figures over millions: `serve` and `stats` over N offers in `offers`, against DuckDB over the
# same offers' facts, in one run. usage: bench/analytics/national.sh [OFFERS (1000000)] [ROUNDS (50)]
# OFFERS may be a list, ascending ("1000000,5000000"): the table grows to each size in turn (the
# sample is the same offers, the first N lines of the largest), and each size is measured.
#
# 1. A private Cassandra and Kafka (scripts/stack, instance "scale": Cassandra on 9142, storage
#    7100, JMX 7299; Kafka on 9192/9193), so the default stack is neither used nor locked. It is
#    stopped and wiped at the end unless the script found it running (NATIONAL_KEEP_STACK=1 keeps
#    it too).
# 2. N offers from tools/sample_offers.py (44% in their creation version, as in the real data),
#    cached under $JOBSTREAM_CACHE/bench, streamed into a new keyspace by national_load through the
#    store's own writer (prepared upserts, 256 in flight); the same pass writes their facts to CSV.
# 3. `jobstream stats --format json`: wall time and peak RSS (connect, full read, one query).
# 4. Once Cassandra's compactions after the load have settled (the CPUs 80% idle over 10 s, at
#    most 5 min of waiting), `jobstream serve`: time until it first answers /api/figures over the
#    whole table, peak RSS, p50/p99 of /api/figures over four queries (whole country, département
#    75, ROME prefix M18, November 2026); a clean stop (which writes its snapshot) and a start again from the snapshot,
#    timed the same way and checked to give the same figures; then DuckDB (PyPI, installed into a
#    venv under $JOBSTREAM_CACHE) loads the facts once and computes the same figures; ratio of the
#    times and a check that both agree.
# 5. Cell tombstones met by the full reads: Cassandra's own tombstone warnings in its log, one per
#    page that met more than 1,000, each with the page's count (summed per keyspace at the end).
#    NATIONAL_BEFORE_READER=path/to/jobstream (another build, e.g. one from before the `facts`
#    column) and ours read the same keyspace with `stats`, alternately, twice each.
#    NATIONAL_BEFORE_WRITER=path/to/store_write_bench (a build of the store to compare with, e.g.
#    one from before creation versions left their absent fields unset) loads the same offers into a
#    second keyspace with it and reads that one too.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
IFS=, read -ra sizes <<<"${1:-1000000}"
n=${sizes[-1]}
rounds=${2:-50}
bin=${JOBSTREAM_BUILD_DIR:-$root/build}/bin
cache=${JOBSTREAM_CACHE:-$HOME/.cache/jobstream}
export JOBSTREAM_STACK_NAME=${NATIONAL_STACK_NAME:-scale} CASSANDRA_PORT=${NATIONAL_CASSANDRA_PORT:-9142}
export CASSANDRA_STORAGE_PORT=${NATIONAL_CASSANDRA_STORAGE_PORT:-7100} CASSANDRA_JMX_PORT=${NATIONAL_CASSANDRA_JMX_PORT:-7299}
export KAFKA_PORT=${NATIONAL_KAFKA_PORT:-9192} KAFKA_CONTROLLER_PORT=${NATIONAL_KAFKA_CONTROLLER_PORT:-9193} KAFKA_HEAP=512M
export CASSANDRA_CONTACT_POINTS=127.0.0.1 KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
suffix=$RANDOM$RANDOM
export KAFKA_TOPIC=national_$suffix KAFKA_GROUP_ID=national_$suffix CASSANDRA_CONSISTENCY=ONE
http_port=${NATIONAL_HTTP_PORT:-18181}
log=$cache/stack/$JOBSTREAM_STACK_NAME/cassandra/cassandra.log

keep_stack=${NATIONAL_KEEP_STACK:-0}
"$root/scripts/stack" status 2>/dev/null | grep -q "^cassandra.*ready" && keep_stack=1
"$root/scripts/stack" up kafka cassandra >/dev/null
keyspaces=()
cleanup() {
  for ks in "${keyspaces[@]}"; do
    /usr/bin/python3 -c "from cassandra.cluster import Cluster; Cluster(['127.0.0.1'], port=$CASSANDRA_PORT).connect().execute('DROP KEYSPACE IF EXISTS $ks', timeout=300)" || true
  done
  # Cassandra keeps a snapshot of every dropped keyspace (auto_snapshot): an instance the script
  # started is its own, so it goes with its data; a kept one keeps them until `down --wipe`.
  [[ $keep_stack == 1 ]] || "$root/scripts/stack" down --wipe >/dev/null || true
}
trap cleanup EXIT

# DuckDB from PyPI, into a venv of its own (pip is the ordinary client).
venv=$cache/bench/duckdb-venv
if ! "$venv/bin/python" -c "import duckdb" 2>/dev/null; then
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet duckdb
fi

offers=$cache/bench/national-$n.jsonl
if [[ ! -s $offers ]]; then
  mkdir -p "$cache/bench"
  /usr/bin/python3 "$root/tools/sample_offers.py" "$n" --creation-share 0.44 >"$offers.tmp" && mv "$offers.tmp" "$offers"
fi
work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT

# Cassandra logs "Read N live rows and M tombstone cells for query ..." for each read that met more
# than tombstone_warn_threshold (1,000) of them: here, a page of the full scan.
tombstone_warnings() { local n; n=$(grep -c "tombstone cells" "$log" 2>/dev/null || true); echo "${n:-0}"; }

# Full reads of one keyspace by `stats`: wall time, peak RSS, the tombstone warnings they caused.
read_keyspace() {
  local ks=$1 jobstream=${2:-$bin/jobstream} before
  before=$(tombstone_warnings)
  CASSANDRA_KEYSPACE=$ks /usr/bin/python3 - "$jobstream" "$work/stats-$ks.json" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
with open(sys.argv[2], "w") as out:
    rc = subprocess.run([sys.argv[1], "--log-level", "warn", "stats", "--format", "json"], stdout=out).returncode
if rc != 0:
    sys.exit(f"stats exited {rc}")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"stats: {time.monotonic() - start:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MB, "
      f"CPU {usage.ru_utime + usage.ru_stime:.1f} s", end="")
PY
  echo ", $(( $(tombstone_warnings) - before )) tombstone warnings in Cassandra's log"
}

# Cassandra compacts what a load wrote for minutes after it: a latency measured beside that says
# more about the compaction than about serve. Waits (at most 5 min) until the machine's CPUs were
# idle at least 80% of 10 s, and says how long that took.
cpu_idle_share() {
  local a b
  a=($(head -1 /proc/stat)); sleep 10; b=($(head -1 /proc/stat))
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( 100 * (b[4] - a[4] + b[5] - a[5]) / (total > 0 ? total : 1) ))
}
settle() {
  local started=$SECONDS idle
  while (( SECONDS - started < 300 )); do
    idle=$(cpu_idle_share)
    (( idle >= 80 )) && break
  done
  echo "settled after $(( SECONDS - started )) s (CPUs ${idle}% idle over the last 10 s)"
}

# The machine is shared: its load, at the start and at the end, says how far to trust the times.
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
ks=national_$suffix
keyspaces+=("$ks")
CASSANDRA_KEYSPACE=$ks "$bin/jobstream" --log-level warn init-db --no-reference-lists
# The topic `serve` tails (empty: the table is loaded directly), so that it can keep a snapshot.
: >"$work/empty.jsonl"
CASSANDRA_KEYSPACE=$ks "$bin/jobstream" --log-level warn produce --replay "$work/empty.jsonl"

loaded=0
for size in "${sizes[@]}"; do
  echo "== offers $((loaded + 1))..$size into $ks (national_load, 256 in flight)"
  head -n "$size" "$offers" | tail -n +"$((loaded + 1))" |
    "$bin/national_load" 127.0.0.1 "$CASSANDRA_PORT" "$ks" 256 "$work/facts-part.csv" | tr '\n' ' '; echo
  if [[ $loaded == 0 ]]; then mv "$work/facts-part.csv" "$work/facts.csv"; else tail -n +2 "$work/facts-part.csv" >>"$work/facts.csv"; fi
  loaded=$size
  read_keyspace "$ks"

  if [[ -n ${NATIONAL_BEFORE_WRITER:-} && $size == "${sizes[0]}" ]]; then
    before_ks=national_before_$suffix
    keyspaces+=("$before_ks")
    CASSANDRA_KEYSPACE=$before_ks "$bin/jobstream" --log-level warn init-db --no-reference-lists
    echo "== the same offers into $before_ks with $NATIONAL_BEFORE_WRITER"
    "$NATIONAL_BEFORE_WRITER" 127.0.0.1 "$CASSANDRA_PORT" "$before_ks" <(head -n "$size" "$offers") 256 | tr '\n' ' '; echo
    read_keyspace "$before_ks"
    echo "== $ks again (the order of the two reads is not what makes the difference)"
    read_keyspace "$ks"
  fi

  settle
  if [[ -n ${NATIONAL_BEFORE_READER:-} ]]; then
    # Another build's `stats` over the same rows (e.g. one from before the facts column, which
    # reads every offer's `raw`) and ours, alternately, twice each, once the compactions settled.
    cp "$work/stats-$ks.json" "$work/stats-ours.json"
    for round in 1 2; do
      echo -n "before ($NATIONAL_BEFORE_READER): "; read_keyspace "$ks" "$NATIONAL_BEFORE_READER"
      cmp -s "$work/stats-$ks.json" "$work/stats-ours.json" && echo "same figures" || echo "FIGURES DIFFER"
      echo -n "ours: "; read_keyspace "$ks"
    done
  fi
  echo "== serve over $size offers in $ks, against DuckDB over the same offers' facts ($rounds rounds per query)"
  before=$(tombstone_warnings)
  CASSANDRA_KEYSPACE=$ks JOBSTREAM_HTTP_PORT=$http_port JOBSTREAM_SERVE_SNAPSHOT=$work/serve-$size.snapshot \
    "$venv/bin/python" "$root/bench/analytics/national_figures.py" "$bin/jobstream" "$work/facts.csv" "$http_port" "$rounds"
  rm -f "$work/serve-$size.snapshot"
  echo "serve's load met $(( $(tombstone_warnings) - before )) tombstone warnings"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
# Per keyspace: warnings, live rows and tombstone cells of the pages that warned (every read).
grep "tombstone cells" "$log" | /usr/bin/python3 -c '
import collections, re, sys
wanted = set(sys.argv[1:])
sums = collections.defaultdict(lambda: [0, 0, 0])
for line in sys.stdin:
    m = re.search(r"Read (\d+) live rows and (\d+) tombstone cells for query SELECT .*? FROM (\w+)\.offers", line)
    if m and m.group(3) in wanted:
        s = sums[m.group(3)]
        s[0] += 1; s[1] += int(m.group(1)); s[2] += int(m.group(2))
for ks, (warnings, live, tombstones) in sorted(sums.items()):
    print(f"{ks}: {warnings} warnings, {live} live rows and {tombstones} tombstone cells in the pages that warned"
          f" ({tombstones / max(live, 1):.2f} per row)")
' "${keyspaces[@]}"
