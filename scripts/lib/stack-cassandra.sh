# shellcheck shell=bash
# Sourced by scripts/stack: how a Cassandra node is started and probed (optional TLS on the native
# port, a data centre for the nodes of the cluster). Apart so that each server's particulars stand
# in a file of their own.

# Cassandra is ready when it answers SELECT release_version FROM system.local.
cassandra_ready() { timeout 20 /usr/bin/python3 "$stack_conf/cassandra/ready.py" >/dev/null 2>&1; }


start_cassandra() {
  local dir=$state/cassandra lib opts
  lib=$(fetch_jars cassandra "$CASSANDRA_VERSION")
  mkdir -p "$dir/data" "$dir/tmp"
  port_free "$CASSANDRA_PORT" "$CASSANDRA_LISTEN_ADDRESS" || die "port $CASSANDRA_PORT is taken by another process"
  port_free "$CASSANDRA_STORAGE_PORT" "$CASSANDRA_LISTEN_ADDRESS" ||
    die "port $CASSANDRA_STORAGE_PORT is taken by another process"
  fill "$stack_conf/cassandra/cassandra.yaml.in" "$dir/cassandra.yaml" "$dir/data"
  local rackdc=()
  if [[ -n $CASSANDRA_DC ]]; then
    printf 'dc=%s\nrack=rack1\n' "$CASSANDRA_DC" >"$dir/cassandra-rackdc.properties"
    rackdc=("-Dcassandra-rackdc.properties=file://$dir/cassandra-rackdc.properties")
  fi
  if [[ -n ${CASSANDRA_TLS_KEYSTORE:-} ]]; then
    [[ -r $CASSANDRA_TLS_KEYSTORE ]] || die "CASSANDRA_TLS_KEYSTORE: cannot read $CASSANDRA_TLS_KEYSTORE"
    cat >>"$dir/cassandra.yaml" <<EOF
client_encryption_options:
  enabled: true
  optional: true
  keystore: $CASSANDRA_TLS_KEYSTORE
  keystore_password: "${CASSANDRA_TLS_KEYSTORE_PASSWORD:-}"
  store_type: PKCS12
  require_client_auth: false
EOF
  fi
  mapfile -t opts < <(grep -v '^#' "$stack_conf/cassandra/jvm17-server.options" | grep -v '^$')
  # jna, netty-epoll, lz4 and zstd unpack native code into the temp dir: keep it ours and exec-able.
  launch cassandra java "-Xms$CASSANDRA_HEAP" "-Xmx$CASSANDRA_HEAP" "${opts[@]}" \
    -javaagent:"$lib/jamm-0.4.0.jar" -XX:HeapDumpPath="$dir" "-XX:OnOutOfMemoryError=kill -9 %p" \
    -Dcassandra.config="file://$dir/cassandra.yaml" -Dcassandra.storagedir="$dir/data" \
    -Dcassandra.logdir="$dir" -Dlogback.configurationFile="$stack_conf/cassandra/logback.xml" \
    -Dcassandra-foreground=yes -Dcassandra.jmx.local.port="$CASSANDRA_JMX_PORT" \
    -Dcom.sun.management.jmxremote.authenticate=false \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.load_ring_state=false \
    ${CASSANDRA_RING_DELAY_MS:+-Dcassandra.ring_delay_ms=$CASSANDRA_RING_DELAY_MS} \
    -Dcassandra.superuser_setup_delay_ms=0 "${rackdc[@]}" \
    -Djava.io.tmpdir="$dir/tmp" -Djna.tmpdir="$dir/tmp" \
    -cp "$lib/*" org.apache.cassandra.service.CassandraDaemon
}
