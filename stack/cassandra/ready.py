"""Readiness probe for scripts/stack: Cassandra is ready when it answers a real CQL query.

Prints the release version and exits 0; exits 1 otherwise. Uses Debian's python3-cassandra, an
independent client, so the stack does not depend on jobstream's own CQL code.
"""
import os
import sys

from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster

port = int(os.environ.get("CASSANDRA_PORT", "9042"))
auth = None
if os.environ.get("CASSANDRA_AUTHENTICATOR", "AllowAllAuthenticator") == "PasswordAuthenticator":
    auth = PlainTextAuthProvider(os.environ.get("CASSANDRA_USERNAME", "cassandra"),
                                 os.environ.get("CASSANDRA_PASSWORD", "cassandra"))
try:
    cluster = Cluster([os.environ.get("CASSANDRA_LISTEN_ADDRESS", "127.0.0.1")], port=port, auth_provider=auth, connect_timeout=5,
                      control_connection_timeout=5)
    session = cluster.connect()
    row = session.execute("SELECT release_version FROM system.local", timeout=5).one()
    print(row.release_version)
    cluster.shutdown()
except Exception as exc:  # any failure means "not ready yet"
    print(f"not ready: {exc}", file=sys.stderr)
    sys.exit(1)
