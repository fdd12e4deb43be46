# shellcheck shell=bash
# Sourced by scripts/stack: the three-node cluster (`--cluster`, and stop/start of one node), run
# as six private instances of the same script. Apart so that the single-node commands and the
# cluster's read on their own.

# ---------------------------------------------------------------- the three-node cluster

# Each node is a private instance of its own ($name/kafka1 ... $name/cassandra3) run by this same
# script with the node's address, ports and cluster settings: one code path starts every server.
cluster_name=${JOBSTREAM_STACK_NAME:-cluster}
CLUSTER_KAFKA_PORT=${CLUSTER_KAFKA_PORT:-9492}
CLUSTER_KAFKA_CONTROLLER_PORT=${CLUSTER_KAFKA_CONTROLLER_PORT:-9493}
CLUSTER_CASSANDRA_PORT=${CLUSTER_CASSANDRA_PORT:-9442}
CLUSTER_CASSANDRA_STORAGE_PORT=${CLUSTER_CASSANDRA_STORAGE_PORT:-7600}
CLUSTER_CASSANDRA_JMX_PORT=${CLUSTER_CASSANDRA_JMX_PORT:-7610}
CLUSTER_DC=${CLUSTER_DC:-dc_paris}
# Three Cassandra JVMs and three brokers on 2 cores / 24 GiB beside the single-node stack.
CLUSTER_CASSANDRA_HEAP=${CLUSTER_CASSANDRA_HEAP:-1G}
CLUSTER_KAFKA_HEAP=${CLUSTER_KAFKA_HEAP:-512M}
cluster_nodes=(kafka1 kafka2 kafka3 cassandra1 cassandra2 cassandra3)

# Runs this script for one node: cluster_run NODE ARGS...
cluster_run() {
  local node=$1; shift
  local n=${node: -1} comp=${node%?}
  [[ $n =~ ^[123]$ && ($comp == kafka || $comp == cassandra) ]] || die "unknown node $node (kafka1..3, cassandra1..3)"
  local cstate=$cache/stack/$cluster_name
  if [[ $comp == kafka ]]; then
    local voters="1@127.0.0.21:$CLUSTER_KAFKA_CONTROLLER_PORT,2@127.0.0.22:$CLUSTER_KAFKA_CONTROLLER_PORT"
    voters+=",3@127.0.0.23:$CLUSTER_KAFKA_CONTROLLER_PORT"
    env JOBSTREAM_STACK_NAME="$cluster_name/$node" KAFKA_ADDRESS="127.0.0.2$n" KAFKA_PORT="$CLUSTER_KAFKA_PORT" \
      KAFKA_CONTROLLER_PORT="$CLUSTER_KAFKA_CONTROLLER_PORT" KAFKA_NODE_ID="$n" KAFKA_VOTERS="$voters" \
      KAFKA_CLUSTER_ID="$(cat "$cstate/kafka-cluster-id" 2>/dev/null)" KAFKA_HEAP="$CLUSTER_KAFKA_HEAP" \
      STACK_READY_TIMEOUT="${STACK_READY_TIMEOUT:-400}" "$stack_script" "$@"
  else
    env JOBSTREAM_STACK_NAME="$cluster_name/$node" CASSANDRA_LISTEN_ADDRESS="127.0.0.1$n" \
      CASSANDRA_SEEDS="127.0.0.11:$CLUSTER_CASSANDRA_STORAGE_PORT" CASSANDRA_PORT="$CLUSTER_CASSANDRA_PORT" \
      CASSANDRA_STORAGE_PORT="$CLUSTER_CASSANDRA_STORAGE_PORT" CASSANDRA_JMX_PORT="$((CLUSTER_CASSANDRA_JMX_PORT + n))" \
      CASSANDRA_HEAP="$CLUSTER_CASSANDRA_HEAP" CASSANDRA_DC="$CLUSTER_DC" CASSANDRA_TOKEN_RF=3 \
      CASSANDRA_RING_DELAY_MS="${CASSANDRA_RING_DELAY_MS:-5000}" STACK_READY_TIMEOUT="${STACK_READY_TIMEOUT:-400}" \
      "$stack_script" "$@"
  fi
}

cluster_up() {
  local cstate=$cache/stack/$cluster_name start=$SECONDS lib pids=() rc=0
  mkdir -p "$cstate"
  if [[ ! -f $cstate/kafka-cluster-id ]]; then
    lib=$(fetch_jars kafka "$KAFKA_VERSION")
    java -cp "$lib/*" -Dlog4j.configuration="file:$stack_conf/kafka/tools-log4j.properties" \
      kafka.tools.StorageTool random-uuid >"$cstate/kafka-cluster-id"
  fi
  fetch_jars cassandra "$CASSANDRA_VERSION" >/dev/null
  # The brokers start together (a controller quorum needs two voters); the Cassandra nodes join one
  # at a time (two nodes bootstrapping at once is refused), each after the previous one serves.
  local node
  for node in kafka1 kafka2 kafka3; do cluster_run "$node" up kafka >/dev/null & pids+=($!); done
  (cluster_run cassandra1 up cassandra && cluster_run cassandra2 up cassandra &&
    cluster_run cassandra3 up cassandra) >/dev/null & pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  ((rc == 0)) || die "the cluster did not start (scripts/stack logs NODE)"
  log "cluster up in $((SECONDS - start))s"
  cluster_status
}

cluster_status() {
  local node comp out addr
  for node in "${cluster_nodes[@]}"; do
    comp=${node%?}
    out=$(cluster_run "$node" status 2>/dev/null | grep "^$comp ") || true
    if [[ $comp == kafka ]]; then addr=127.0.0.2${node: -1}; else addr=127.0.0.1${node: -1}; fi
    echo "$node  $addr  ${out#"$comp "}"
  done
}

cluster_down() {
  local node pids=() comps=() wipe=0
  [[ ${1:-} == --wipe ]] && wipe=1
  for node in "${cluster_nodes[@]}"; do cluster_run "$node" down "${node%?}" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || true; done
  if ((wipe)); then rm -rf "${cache:?}/stack/${cluster_name:?}"; log "wiped $cache/stack/$cluster_name"; fi
}
