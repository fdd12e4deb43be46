"""Restart time of `serve`: a full read of `offers` against a load of its snapshot, in one run.

usage: serve_restart.py JOBSTREAM_BINARY HTTP_PORT SNAPSHOT_PATH
Settings (keyspace, topic, Kafka, Cassandra) come from the environment. Three starts of `jobstream
serve` over the same table: (1) with no snapshot yet, so a full read, then a clean stop that writes
the snapshot; (2) from that snapshot; (3) with --full-read, the full read again beside it. For each:
seconds until /api/figures answers over the whole table, and peak RSS; then the ratio and the
snapshot's size per offer. Started by serve_restart.sh, which prepares a private stack.
"""
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time


class Serve:
    def __init__(self, binary, port, extra_args):
        self.port = port
        self.log = tempfile.TemporaryFile()
        self.start = time.monotonic()
        self.proc = subprocess.Popen([binary, "serve", "--port", str(port), *extra_args],
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def ready(self):
        """(seconds from start until /api/figures answers over the whole table, offers held)."""
        while True:
            if self.proc.poll() is not None:
                sys.exit(f"serve exited {self.proc.returncode}:\n{self.text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                conn.request("GET", "/api/health")
                health = json.loads(conn.getresponse().read())
                if health["engine"]["ready"]:
                    conn.request("GET", "/api/figures")
                    if conn.getresponse().status == 200:
                        return time.monotonic() - self.start, health["engine"]["offers"]
            except (OSError, http.client.HTTPException, ValueError):
                pass
            time.sleep(0.05)

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=300)
        return self.text()

    def text(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")


def run(binary, port, extra_args, label):
    serve = Serve(binary, port, extra_args)
    seconds, offers = serve.ready()
    rss = serve.peak_rss_mb()
    log = serve.stop()
    print(f"{label}: ready after {seconds:.1f} s, {offers} offers, peak RSS {rss:.0f} MB")
    return seconds, offers, rss, log


def main():
    binary, port, snapshot = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.environ["JOBSTREAM_SERVE_SNAPSHOT"] = snapshot
    full, offers, _, log = run(binary, port, [], "serve, full read (no snapshot yet)")
    written = re.findall(r"wrote the snapshot .*? in (\d+) ms \((\d+) ms writing under the lock\)", log)
    if not written:
        sys.exit("serve wrote no snapshot at its stop:\n" + log[-3000:])
    size = os.path.getsize(snapshot)
    print(f"snapshot written at the stop in {written[-1][0]} ms ({written[-1][1]} ms under the engine's lock); "
          f"{size / 1e6:.1f} MB, {size / max(offers, 1):.0f} bytes per offer")
    restart, _, _, log = run(binary, port, [], "serve, from the snapshot")
    loaded = re.search(r"loaded the snapshot .*? in (\d+) ms; following", log)
    if not loaded:
        sys.exit("serve did not load the snapshot:\n" + log[-3000:])
    print(f"of which reading and checking the snapshot file and rebuilding the engine: {loaded.group(1)} ms")
    again, _, _, _ = run(binary, port, ["--full-read"], "serve --full-read (same table, beside it)")
    print(f"restart from the snapshot: {restart:.1f} s against {full:.1f} s and {again:.1f} s for a full read "
          f"({min(full, again) / restart:.1f} times faster)")


if __name__ == "__main__":
    main()
