# Sourced by the pipeline benchmarks: a scratch directory ($work) and the keyspaces a run creates
# (append them to $keyspaces), both removed when the script exits, whatever way it exits.
work=$(mktemp -d)
keyspaces=()
drop_scratch() {
  for ks in "${keyspaces[@]}"; do
    /usr/bin/python3 -c "from cassandra.cluster import Cluster; Cluster(['127.0.0.1']).connect().execute('DROP KEYSPACE IF EXISTS $ks', timeout=300)" || true
  done
  rm -rf "$work"
}
trap drop_scratch EXIT
