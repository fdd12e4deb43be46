"""Drains the topic with K `jobstream consume --until-caught-up` processes of one group (started
together) and prints "offers/s consumer_cores cassandra_cores kafka_cores machine_cores": the rate
over the wall time until the last exits, and the CPU time each side used over that wall time, in
cores (the consumers' from the kernel's accounting of children, the servers' from /proc/PID/stat,
the whole machine's busy time from /proc/stat: on 2 cores, 2.0 means none was left).
usage: drain.py JOBSTREAM OFFERS K CASSANDRA_PIDS KAFKA_PIDS (pids comma-separated)"""
import os
import resource
import subprocess
import sys
import time

jobstream, offers, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
servers = {name: [int(p) for p in pids.split(",") if p] for name, pids in (("cassandra", sys.argv[4]),
                                                                            ("kafka", sys.argv[5]))}
tick = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / tick


def machine_busy_seconds():
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / tick  # all but idle and iowait (guest is in user)


before = {name: cpu_seconds(pids) for name, pids in servers.items()}
machine_before = machine_busy_seconds()
start = time.monotonic()
procs = [subprocess.Popen([jobstream, "--log-level", "warn", "consume", "--until-caught-up"]) for _ in range(k)]
codes = [p.wait() for p in procs]
seconds = time.monotonic() - start
if any(codes):
    sys.exit(f"consume exited {codes}")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
used = {name: (cpu_seconds(pids) - before[name]) / seconds for name, pids in servers.items()}
machine = (machine_busy_seconds() - machine_before) / seconds
print(f"{offers / seconds:.0f} {(usage.ru_utime + usage.ru_stime) / seconds:.2f} {used['cassandra']:.2f} "
      f"{used['kafka']:.2f} {machine:.2f}")
