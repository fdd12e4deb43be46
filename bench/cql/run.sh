#!/usr/bin/env bash
# Offer-shaped INSERT throughput: jobstream's CQL client vs python3-cassandra, same table, one run.
# usage: bench/cql/run.sh [ROWS (200000)] [IN_FLIGHT (256)]
# Needs the local stack's Cassandra (scripts/stack up cassandra) and a build with cql_offer_insert_bench.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-200000}
window=${2:-256}
host=${CASSANDRA_CONTACT_POINTS:-127.0.0.1}
port=${CASSANDRA_PORT:-9042}
build=${JOBSTREAM_BUILD_DIR:-$root/build}
bench=$build/bin/cql_offer_insert_bench
[[ -x $bench ]] || { echo "missing $bench: build target cql_offer_insert_bench first" >&2; exit 2; }
pidfile=${JOBSTREAM_CACHE:-$HOME/.cache/jobstream}/stack/${JOBSTREAM_STACK_NAME:-default}/cassandra/pid
cpid=${CASSANDRA_PID:-$(cat "$pidfile")}
ks=cql_bench_$RANDOM$RANDOM

cqlexec() {  # one statement through the python driver (DDL only; no values involved)
  /usr/bin/python3 -c 'import sys; from cassandra.cluster import Cluster
c = Cluster([sys.argv[1]], port=int(sys.argv[2]), protocol_version=4); s = c.connect()
s.execute(sys.argv[3], timeout=120); c.shutdown()' "$host" "$port" "$1"
}
cleanup() { cqlexec "DROP KEYSPACE IF EXISTS $ks" || true; cqlexec "DROP KEYSPACE IF EXISTS ${ks}_warm" || true; }
trap cleanup EXIT
for k in "$ks" "${ks}_warm"; do
  cqlexec "CREATE KEYSPACE $k WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
  cqlexec "CREATE TABLE $k.offers (id text PRIMARY KEY, title text, description text, rome_code text, rome_label text, city text, postal_code text, department text, latitude double, longitude double, contract_type text, salary_label text, created_at timestamp, updated_at timestamp, employer text, experience text, positions int)"
done

# A freshly started Cassandra is several times slower until its JIT has compiled the write path;
# whichever client ran first would pay for it. Warm it up with writes that are not measured.
warm=${JOBSTREAM_BENCH_WARMUP_ROWS:-100000}
echo "warming Cassandra up with $warm rows (not measured)"
"$bench" "$host" "$port" "${ks}_warm" "$warm" "$window" "$cpid" >/dev/null

# The two clients alternate (jobstream, python, python, jobstream) into the same table, so that
# neither gains from going second (a warmer JIT) or first (less data to compact); each figure is
# the mean of a client's two runs.
echo "writing $rows offer rows, $window in flight, into $ks.offers (Cassandra pid $cpid), 4 runs"
run_js() { "$bench" "$host" "$port" "$ks" "$rows" "$window" "$cpid"; }
run_py() { /usr/bin/python3 "$root/bench/cql/python_insert_bench.py" "$host" "$port" "$ks" "$rows" "$window" "$cpid"; }
get() { sed -n "s/^$2=//p" <<<"$1"; }
js1=$(run_js); echo "run 1 jobstream:         $(get "$js1" rows_per_s) rows/s"
py1=$(run_py); echo "run 2 python3-cassandra: $(get "$py1" rows_per_s) rows/s"
py2=$(run_py); echo "run 3 python3-cassandra: $(get "$py2" rows_per_s) rows/s"
js2=$(run_js); echo "run 4 jobstream:         $(get "$js2" rows_per_s) rows/s"
mean() { awk -v a="$(get "$1" "$3")" -v b="$(get "$2" "$3")" 'BEGIN { printf "%.6g", (a + b) / 2 }'; }
printf '%-28s %14s %14s\n' "mean of two runs" jobstream python3-cassandra
for k in rows seconds rows_per_s client_cpu_s client_core_share cassandra_cpu_s cassandra_cores; do
  printf '%-28s %14s %14s\n' "$k" "$(mean "$js1" "$js2" $k)" "$(mean "$py1" "$py2" $k)"
done
awk -v a="$(mean "$js1" "$js2" rows_per_s)" -v b="$(mean "$py1" "$py2" rows_per_s)" \
  'BEGIN { printf "ratio jobstream/python rows/s: %.2f\n", a / b }'
