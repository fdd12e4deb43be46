# shellcheck shell=bash
# Sourced by scripts/stack: how a Kafka broker (KRaft, or registered in ZooKeeper) and ZooKeeper
# are started and probed. Apart so that each server's particulars stand in a file of their own.

# (Probe outputs are captured before matching: `| grep -q` may close the pipe early, which pipefail
# would report as a failed probe.)
zookeeper_ready() { local out; out=$(echo srvr | timeout 3 nc -q 1 127.0.0.1 "$ZOOKEEPER_PORT" 2>/dev/null) || true; [[ $out == *"Zookeeper version"* ]]; }
# Kafka is ready when a client gets metadata with a live broker from it.
# (A cluster broker counts once the metadata it serves lists itself: registered and unfenced.)
kafka_ready() {
  local out; out=$(timeout 10 kcat -b "$KAFKA_ADDRESS:$KAFKA_PORT" -L -m 5 2>/dev/null) || return 1
  [[ $out == *"at $KAFKA_ADDRESS:$KAFKA_PORT"* ]]
}

start_zookeeper() {
  local dir=$state/zookeeper lib
  lib=$(fetch_jars kafka "$KAFKA_VERSION")
  mkdir -p "$dir/data"
  port_free "$ZOOKEEPER_PORT" || die "port $ZOOKEEPER_PORT is taken by another process"
  fill "$stack_conf/kafka/zookeeper.properties.in" "$dir/zookeeper.properties" "$dir/data"
  launch zookeeper java -Xms256m -Xmx512m -Dlog4j.configuration="file:$stack_conf/kafka/log4j.properties" \
    -Dzookeeper.jmx.log4j.disable=true -cp "$lib/*" \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zookeeper.properties"
}

start_kafka() {
  local mode=$1 dir=$state/kafka lib cluster_id data
  lib=$(fetch_jars kafka "$KAFKA_VERSION")
  # KRaft and ZooKeeper mode keep separate data: a log dir formatted for one refuses the other.
  data=$dir/data-$mode
  mkdir -p "$data"
  port_free "$KAFKA_PORT" "$KAFKA_ADDRESS" || die "port $KAFKA_ADDRESS:$KAFKA_PORT is taken by another process"
  local logging=(-Dkafka.logs.dir="$dir" -Dlog4j.configuration="file:$stack_conf/kafka/log4j.properties")
  if [[ $mode == kraft ]]; then
    if [[ -n $KAFKA_VOTERS ]]; then
      fill "$stack_conf/kafka/kraft-cluster.properties.in" "$dir/server.properties" "$data"
    else
      fill "$stack_conf/kafka/kraft.properties.in" "$dir/server.properties" "$data"
    fi
    if [[ ! -f $data/meta.properties ]]; then
      # The brokers of one cluster are formatted with the same cluster id.
      cluster_id=$KAFKA_CLUSTER_ID
      [[ -n $cluster_id ]] || cluster_id=$(java -cp "$lib/*" -Dlog4j.configuration="file:$stack_conf/kafka/tools-log4j.properties" \
        kafka.tools.StorageTool random-uuid)
      java -cp "$lib/*" -Dlog4j.configuration="file:$stack_conf/kafka/tools-log4j.properties" \
        kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >&2
    fi
  else
    fill "$stack_conf/kafka/zookeeper-broker.properties.in" "$dir/server.properties" "$data"
  fi
  # Extra broker properties (a listener with TLS and SASL for the security test...): appended, so a
  # key given there wins over the template's.
  if [[ -n ${KAFKA_EXTRA_CONFIG:-} ]]; then
    [[ -r $KAFKA_EXTRA_CONFIG ]] || die "KAFKA_EXTRA_CONFIG: cannot read $KAFKA_EXTRA_CONFIG"
    cat "$KAFKA_EXTRA_CONFIG" >>"$dir/server.properties"
  fi
  echo "$mode" >"$dir/mode"
  launch kafka java "-Xms$KAFKA_HEAP" "-Xmx$KAFKA_HEAP" -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 \
    -Djava.awt.headless=true "${logging[@]}" -cp "$lib/*" kafka.Kafka "$dir/server.properties"
}
