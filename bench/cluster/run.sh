#!/usr/bin/env bash
# `jobstream consume` on the three-node Cassandra ring beside the single node, in one run, and on
# the ring with 1, 2 and 3 consumer processes in one group.
#
# N sample offers are published once to a 6-partition topic of the cluster's Kafka (replication
# factor 3); every measure drains that same topic with a new group into a new keyspace:
#   single: one consumer into the default stack's node (replication factor 1);
#   ring xK: K consumer processes into the ring (NetworkTopologyStrategy, replication factor 3,
#            LOCAL_QUORUM writes).
# The order is single, ring x1, x2, x3, ring x1, single: the two figures of a kind are averaged so
# that a trend over the run (data accumulating, other load) weighs on both alike. Each measure also
# reports the CPU the consumers, the Cassandra nodes, the Kafka brokers and the whole machine used,
# in cores.
# usage: bench/cluster/run.sh [OFFERS (50000)]
# Needs the default stack (scripts/stack up), the cluster (scripts/stack up --cluster; its ports from
# CLUSTER_KAFKA_PORT / CLUSTER_CASSANDRA_PORT and its name from JOBSTREAM_STACK_NAME, as for
# scripts/stack) and a build (scripts/build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-50000}
bin=${JOBSTREAM_BUILD_DIR:-$root/build}/bin
kafka_port=${CLUSTER_KAFKA_PORT:-9492}
ring_port=${CLUSTER_CASSANDRA_PORT:-9442}
dc=${CLUSTER_DC:-dc_paris}
single_port=${SINGLE_CASSANDRA_PORT:-9042}
cluster_name=${JOBSTREAM_STACK_NAME:-cluster}
suffix=$RANDOM$RANDOM
work=$(mktemp -d)
keyspaces=()

# The stack's own pids, by server: the CPU they use during a measure is read from /proc.
pids_of() {  # pids_of cassandra|kafka STATUS_OUTPUT
  awk -v s="$1" '$1 ~ "^" s { for (i = 1; i < NF; i++) if ($i == "pid") print $(i + 1) }' <<<"$2" | paste -sd,
}
cluster_status=$(JOBSTREAM_STACK_NAME=$cluster_name "$root/scripts/stack" status --cluster)
single_status=$(env -u JOBSTREAM_STACK_NAME -u CASSANDRA_PORT "$root/scripts/stack" status)
ring_pids=$(pids_of cassandra "$cluster_status")
broker_pids=$(pids_of kafka "$cluster_status")
single_pid=$(pids_of cassandra "$single_status")
[[ -n $ring_pids && -n $broker_pids && -n $single_pid ]] || { echo "start the stack and the cluster first" >&2; exit 1; }

export KAFKA_BOOTSTRAP_SERVERS=127.0.0.21:$kafka_port,127.0.0.22:$kafka_port,127.0.0.23:$kafka_port
export KAFKA_TOPIC=bench_offers_$suffix KAFKA_PARTITIONS=6 KAFKA_REPLICATION_FACTOR=3 CASSANDRA_CONSISTENCY=LOCAL_QUORUM
ring_env=(CASSANDRA_CONTACT_POINTS=127.0.0.11,127.0.0.12,127.0.0.13 CASSANDRA_PORT=$ring_port
          CASSANDRA_REPLICATION_CLASS=NetworkTopologyStrategy CASSANDRA_REPLICATION_FACTOR=3 CASSANDRA_LOCAL_DC=$dc)
single_env=(-u CASSANDRA_LOCAL_DC CASSANDRA_CONTACT_POINTS=127.0.0.1 CASSANDRA_PORT=$single_port CASSANDRA_REPLICATION_CLASS=SimpleStrategy
            CASSANDRA_REPLICATION_FACTOR=1)

drop_keyspaces() {
  for entry in "${keyspaces[@]}"; do
    /usr/bin/python3 -c "import sys; from cassandra.cluster import Cluster
Cluster([sys.argv[1]], port=int(sys.argv[2])).connect().execute('DROP KEYSPACE IF EXISTS ' + sys.argv[3], timeout=300)" \
      ${entry//:/ } || true
  done
  rm -rf "$work"
}
trap drop_keyspaces EXIT

/usr/bin/python3 "$root/tools/sample_offers.py" "$n" >"$work/offers.jsonl"
"$bin/jobstream" --log-level warn produce --replay "$work/offers.jsonl"

measure() {  # measure single|ring PROCESSES RUN: prints "offers/s consumer_cores cassandra_cores kafka_cores"
  local where=$1 k=$2 ks=bench_${1}_${2}_${3}_$suffix env_vars pids host port
  if [[ $where == ring ]]; then env_vars=("${ring_env[@]}") pids=$ring_pids host=127.0.0.11 port=$ring_port
  else env_vars=("${single_env[@]}") pids=$single_pid host=127.0.0.1 port=$single_port; fi
  keyspaces+=("$host:$port:$ks")
  env "${env_vars[@]}" CASSANDRA_KEYSPACE="$ks" "$bin/jobstream" --log-level warn init-db --no-reference-lists
  env "${env_vars[@]}" CASSANDRA_KEYSPACE="$ks" KAFKA_GROUP_ID="bench_group_$ks" \
    /usr/bin/python3 "$root/bench/cluster/drain.py" "$bin/jobstream" "$n" "$k" "$pids" "$broker_pids"
}

echo "$n offers, 6 partitions (Kafka: 3 brokers, replication factor 3); LOCAL_QUORUM writes"
echo "measure: offers/s, then cores used by the consumers / Cassandra / Kafka / the whole machine"
s1=$(measure single 1 1); echo "single node, 1 consumer:  $s1"
r1=$(measure ring 1 1);   echo "ring, 1 consumer:         $r1"
r2=$(measure ring 2 1);   echo "ring, 2 consumers:        $r2"
r3=$(measure ring 3 1);   echo "ring, 3 consumers:        $r3"
r1b=$(measure ring 1 2);  echo "ring, 1 consumer (again): $r1b"
s2=$(measure single 1 2); echo "single node, 1 consumer (again): $s2"
awk -v s1="${s1%% *}" -v s2="${s2%% *}" -v r1="${r1%% *}" -v r1b="${r1b%% *}" -v r2="${r2%% *}" -v r3="${r3%% *}" 'BEGIN {
  single = (s1 + s2) / 2; ring = (r1 + r1b) / 2
  printf "single node: %.0f offers/s; ring: %.0f offers/s; ring / single %.2f\n", single, ring, ring / single
  printf "ring with 2 consumers / 1: %.2f; with 3 / 1: %.2f\n", r2 / ring, r3 / ring
}'
