"""Independent cross-check of jobstream's CQL client with Debian's python3-cassandra driver.

usage: python_cross_check.py HOST PORT KEYSPACE read ID   -> prints one canonical line per column
       python_cross_check.py HOST PORT KEYSPACE write ID  -> writes the reference row
The reference row matches the values in session_test.cpp (CrossCheck tests).
"""
import datetime
import decimal
import sys
import uuid

from cassandra.cluster import Cluster
from cassandra.util import Date

COLUMNS = ["a", "bi", "b", "bo", "dc", "d", "f", "i", "ts", "dt", "u", "tu", "si", "ti", "vi", "t", "l", "s", "m", "n"]
EPOCH = datetime.datetime(1970, 1, 1)


def reference_row():
    return [
        "plain ascii", -9000000000, bytes([0x00, 0xFF, 0x10]), True, decimal.Decimal("12.345"), -2.5, 1.5, 123456,
        EPOCH + datetime.timedelta(milliseconds=1700000000123), Date(19675),
        uuid.UUID("550e8400-e29b-41d4-a716-446655440000"), uuid.UUID("d2177dd0-eaa2-11de-a572-001b779c76e3"),
        -1234, -12, 2 ** 70, "Zo\u00eb \u2014 \u6771\u4eac", [1, 2, 3], {"a", "b"}, {"k": 7}, None,
    ]


def canonical(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, datetime.datetime):
        return str((v - EPOCH) // datetime.timedelta(milliseconds=1))
    if isinstance(v, Date):
        return str(v.days_from_epoch)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, (set, frozenset)) or type(v).__name__ == "SortedSet":
        return "{" + ",".join(sorted(canonical(x) for x in v)) + "}"
    if isinstance(v, dict) or hasattr(v, "items"):
        return "{" + ",".join(sorted(canonical(k) + ":" + canonical(x) for k, x in v.items())) + "}"
    return str(v)


def main():
    host, port, keyspace, mode, row_id = sys.argv[1:6]
    cluster = Cluster([host], port=int(port), protocol_version=4)
    session = cluster.connect(keyspace)
    try:
        if mode == "write":
            stmt = session.prepare("INSERT INTO all_types (id, " + ", ".join(COLUMNS) + ") VALUES (" +
                                   ", ".join(["?"] * (len(COLUMNS) + 1)) + ")")
            session.execute(stmt, [row_id] + reference_row())
        else:
            stmt = session.prepare("SELECT " + ", ".join(COLUMNS) + " FROM all_types WHERE id = ?")
            row = session.execute(stmt, [row_id]).one()
            if row is None:
                print("missing row", file=sys.stderr)
                return 2
            for name, value in zip(COLUMNS, row):
                print(name + "=" + canonical(value))
    finally:
        cluster.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
