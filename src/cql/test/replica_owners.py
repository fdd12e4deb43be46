"""Prints, for each text partition key given, the node that owns it according to python3-cassandra's
own token map: an independent check of jobstream's token-aware routing.

usage: replica_owners.py HOST PORT KEYSPACE KEY...   ->  lines "KEY ADDRESS"
"""
import sys

from cassandra.cluster import Cluster

host, port, keyspace, keys = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
cluster = Cluster([host], port=port, connect_timeout=10)
cluster.connect()
for key in keys:
    replicas = cluster.metadata.get_replicas(keyspace, key.encode("utf-8"))
    print(key, ",".join(sorted(h.address for h in replicas)))
cluster.shutdown()
