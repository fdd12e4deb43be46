"""The same offer-shaped INSERT workload through Debian's python3-cassandra driver
(execute_concurrent_with_args), printing the same key=value figures as cql_offer_insert_bench.

usage: python_insert_bench.py HOST PORT KEYSPACE ROWS CONCURRENCY CASSANDRA_PID
"""
import datetime
import os
import resource
import sys
import time

from cassandra import ConsistencyLevel
from cassandra.cluster import Cluster
from cassandra.concurrent import execute_concurrent_with_args

COLUMNS = ("id, title, description, rome_code, rome_label, city, postal_code, department, latitude, longitude, "
           "contract_type, salary_label, created_at, updated_at, employer, experience, positions")
EPOCH = datetime.datetime(1970, 1, 1)


def description(i):
    # Mirrors offer_description() in offer_shape.hpp.
    base = "Poste de technicien de maintenance industrielle, equipe de jour, secteur agroalimentaire. "
    target = 2048 + (i % 64) * 32
    return (base * (target // len(base) + 1))[:target]


def process_cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def self_cpu():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def main():
    host, port, keyspace, rows, concurrency, cpid = sys.argv[1:7]
    rows, concurrency, cpid = int(rows), int(concurrency), int(cpid)
    cluster = Cluster([host], port=int(port), protocol_version=4)
    session = cluster.connect(keyspace)
    stmt = session.prepare("INSERT INTO offers (" + COLUMNS + ") VALUES (" + ", ".join(["?"] * 17) + ")")
    stmt.consistency_level = ConsistencyLevel.ONE
    descriptions = [description(i) for i in range(64)]
    params = [("py-%d" % i, "Technicien de maintenance H/F", descriptions[i % 64], "I1304",
               "Installation et maintenance d'equipements industriels", "Lyon", "69003", "69", 45.76 + i * 1e-6, 4.85,
               "CDI", "Mensuel de 2200 Euros a 2600 Euros",
               EPOCH + datetime.timedelta(milliseconds=1700000000000 + i),
               EPOCH + datetime.timedelta(milliseconds=1700000500000 + i), "Societe Exemple", "2 ans", 1 + i % 3)
              for i in range(rows)]
    cpu0, c0, t0 = self_cpu(), process_cpu(cpid), time.monotonic()
    results = execute_concurrent_with_args(session, stmt, params, concurrency=concurrency, raise_on_first_error=True)
    wall = time.monotonic() - t0
    cpu, ccpu = self_cpu() - cpu0, process_cpu(cpid) - c0
    failed = sum(1 for ok, _ in results if not ok)
    cluster.shutdown()
    if failed:
        print("failed=%d" % failed, file=sys.stderr)
        return 1
    print("rows=%d\nseconds=%.3f\nrows_per_s=%.0f\nclient_cpu_s=%.3f\nclient_core_share=%.3f\n"
          "cassandra_cpu_s=%.3f\ncassandra_cores=%.3f" % (rows, wall, rows / wall, cpu, cpu / wall, ccpu, ccpu / wall))
    return 0


if __name__ == "__main__":
    sys.exit(main())
