"""What the cluster tests share: the cluster's pipeline, node control through scripts/stack, and
the meters and readers that judge a run (a stall meter on the consumer's own counter, the harvest
state as the harvest reads it, the requests each Cassandra node counts).
"""
import datetime as dt
import json
import os
import re
import subprocess
import threading
import time

from cassandra.cluster import Cluster
from cassandra.policies import WhiteListRoundRobinPolicy
from cassandra.query import SimpleStatement

import harness
from harness import Pipeline, known_offer_ids, metric

STACK = os.path.join(harness.ROOT, "scripts", "stack")
KAFKA = harness.KAFKA


def stack(*args, timeout=600):
    subprocess.run([STACK, *args], check=True, timeout=timeout, stdout=subprocess.DEVNULL)


def report(what, **figures):
    print(f"measured: {what}: " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


def partition_leaders(topic):
    """{partition: leader broker id} from the cluster's metadata, read with kcat."""
    out = subprocess.run(["kcat", "-b", KAFKA, "-L", "-t", topic], capture_output=True, timeout=60, check=True)
    return {int(p): int(leader) for p, leader in re.findall(r"partition (\d+), leader (\d+)", out.stdout.decode())}


class ClusterPipeline(Pipeline):
    """A pipeline on the cluster; every read of the result is at QUORUM or ALL."""

    def close(self):
        # The keyspace stays (cluster.down wipes the whole ring). Dropping it right after a node
        # came back from kill -9 wedged that node's schema for good in Cassandra 5.0.6: the drop,
        # pushed to it, failed in MigrationStage ("Unknown CF" while recycling commit log segments
        # that still held the keyspace's writes), and every later schema change failed behind it,
        # so the next test's init-db met INCOMPATIBLE_SCHEMA from that node until it restarted.
        super().close(drop_keyspace=False)

    def count_at(self, level):
        st = SimpleStatement(f"SELECT count(*) FROM {self.keyspace}.offers", consistency_level=level)
        try:
            return self.session.execute(st, timeout=120).one()[0]
        except Exception:  # the table may not exist yet, or a node just went away
            return -1

    def raws_at(self, level):
        st = SimpleStatement(f"SELECT id, raw FROM {self.keyspace}.offers", consistency_level=level, fetch_size=2000)
        return {r.id: r.raw for r in self.session.execute(st, timeout=300)}


class StallMeter:
    """The longest time the consumer's own count of stored offers did not grow while offers were
    waiting in the topic (`expected()` is how many were published so far).

    It reads `jobstream_consumer_offers_stored_total` from the consumer's /metrics, not count(*) on
    the ring: a count(*) on a loaded ring with a node down takes up to 12 s, and a meter that slow
    cannot tell a 14 s stall from a 28 s one. The counter answers in milliseconds whatever the
    ring's state, so the resolution stays about one second."""

    def __init__(self, port, expected):
        self.port, self.expected = port, expected
        self.last_count, self.last_growth, self.longest = 0, time.monotonic(), 0.0
        self.slowest_sample = 0.0  # the meter's resolution, beside its one-second period
        self.longest_span = (0.0, 0.0)  # wall-clock bounds of the longest stall, to find it in the log

    def sample(self):
        began = time.monotonic()
        value = metric(self.port, "jobstream_consumer_offers_stored_total")
        now = time.monotonic()
        self.slowest_sample = max(self.slowest_sample, now - began)
        if value is None:
            return -1  # no answer this time: no sample
        n = int(value)
        if n > self.last_count:
            if now - self.last_growth > self.longest:
                self.longest = now - self.last_growth
                self.longest_span = (time.time() - self.longest, time.time())
            self.last_count, self.last_growth = n, now
        if n >= self.expected():
            self.last_growth = now  # idle, not stalled: nothing waits
        return n

    def run_for(self, seconds, feed=None):
        """Samples every second for `seconds` while feed(i) runs in a thread once per 10 s step
        (offers keep arriving; the sampling never waits for the producer)."""
        start, step, feeder = time.monotonic(), 0, None
        while time.monotonic() < start + seconds:
            if feed and time.monotonic() >= start + step * 10 and (feeder is None or not feeder.is_alive()):
                feeder = threading.Thread(target=feed, args=(step,))
                feeder.start()
                step += 1
            self.sample()
            time.sleep(1)
        if feeder:
            feeder.join()


def jobstream_requests(n):
    """Requests node `n` counts from open jobstream connections: its own view of its clients
    (system_views.clients), where python3-cassandra's connections are left out by driver name."""
    c = Cluster([f"127.0.0.1{n}"], port=harness.CASSANDRA_PORT,
                load_balancing_policy=WhiteListRoundRobinPolicy([f"127.0.0.1{n}"]))
    try:
        rows = c.connect().execute("SELECT driver_name, request_count FROM system_views.clients")
        return sum(r.request_count or 0 for r in rows if not (r.driver_name or "").startswith("DataStax"))
    finally:
        c.shutdown()


def harvest_state(pipeline):
    """The producer's harvest state (what it counts as delivered: the snapshot and the committed
    batches of its log), or {} before the first checkpoint."""
    try:
        state, known = known_offer_ids(os.path.join(pipeline.workdir, "state", "source-state.json"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return {**state, "known": sorted(known)}


class StateWatcher(threading.Thread):
    """Reads the harvest state file every second while a harvest runs and keeps every id it ever
    counted as delivered: each must be in the topic in the end."""

    def __init__(self, pipeline):
        super().__init__(daemon=True)
        self.p, self.counted, self.reads, self._done = pipeline, set(), 0, threading.Event()

    def run(self):
        while not self._done.wait(1):
            known = harvest_state(self.p).get("known")
            if known:
                self.counted.update(known)
                self.reads += 1

    def stop(self):
        self._done.set()
        self.join(timeout=60)
        self.counted.update(harvest_state(self.p).get("known", {}))


def newer_versions(offers, count):
    """{id: JSON text} of `count` offers updated now: a new title and a later dateActualisation."""
    now = dt.datetime.now(dt.timezone.utc)
    result = {}
    for oid in sorted(offers)[:count]:
        o = json.loads(offers[oid])
        stamp = o.get("dateActualisation") or o.get("dateCreation") or "2000-01-01T00:00:00.000Z"
        o["dateActualisation"] = now.strftime("%Y-%m-%dT%H:%M:%S") + (".000Z" if "." in stamp else "Z")
        o["intitule"] = o.get("intitule", "") + " - mise à jour 1"
        result[oid] = json.dumps(o, ensure_ascii=False, separators=(",", ":"))
    return result


def consumer_counts(log):
    """(node losses seen, returns, rerouted retries) from a consumer's last summary line."""
    m = re.findall(r"(\d+) node losses seen, (\d+) returns, (\d+) retries sent to another replica", log)
    return tuple(int(x) for x in m[-1]) if m else None
