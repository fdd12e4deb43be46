"""Smoke test of the stack's real Cassandra through an independent client (Debian's python3-cassandra).

Creates a keyspace and a table, writes rows, reads them back, and drops the keyspace.
Run by CTest with label "integration"; prints the server's release version.
"""
import os
import unittest
import uuid

from cassandra.cluster import Cluster


class CassandraSmokeTest(unittest.TestCase):
    def setUp(self):
        host = os.environ.get("CASSANDRA_CONTACT_POINTS", "127.0.0.1").split(",")[0]
        port = int(os.environ.get("CASSANDRA_PORT", "9042"))
        self.cluster = Cluster([host], port=port, connect_timeout=10)
        self.session = self.cluster.connect()
        self.keyspace = "smoke_" + uuid.uuid4().hex[:12]

    def tearDown(self):
        self.session.execute(f"DROP KEYSPACE IF EXISTS {self.keyspace}", timeout=60)
        self.cluster.shutdown()

    def test_write_and_read_back(self):
        version = self.session.execute("SELECT release_version FROM system.local").one().release_version
        print(f"Cassandra release_version {version}")
        self.assertTrue(version.startswith("5.0"), version)

        self.session.execute(
            f"CREATE KEYSPACE {self.keyspace} WITH replication = "
            "{'class': 'SimpleStrategy', 'replication_factor': 1}", timeout=60)
        self.session.execute(
            f"CREATE TABLE {self.keyspace}.offers (id text PRIMARY KEY, title text, posts int)", timeout=60)
        insert = self.session.prepare(f"INSERT INTO {self.keyspace}.offers (id, title, posts) VALUES (?, ?, ?)")
        expected = {f"{i:06d}X": (f"Développeur·se C++ n°{i}", i % 7) for i in range(500)}
        for offer_id, (title, posts) in expected.items():
            self.session.execute(insert, (offer_id, title, posts))

        rows = self.session.execute(f"SELECT id, title, posts FROM {self.keyspace}.offers")
        got = {r.id: (r.title, r.posts) for r in rows}
        self.assertEqual(got, expected)


if __name__ == "__main__":
    unittest.main(verbosity=2)
