"""How fresh the copy stays: the delay from an offer's appearance in the API to its row in Cassandra.

One pipeline (`jobstream run`: harvester, Kafka, consumer, Cassandra) follows the API emulator's
live mode at the real market's pace for a given time, polling every T. The emulator's corpus is
sized so that its last 3 hours hold what 3 hours of that pace create (5,000 offers: the corpus
places 27% of its offers there, so 18,400 offers over one day), so from the first poll on each
poll re-reads a full overlap window (JOBSTREAM_POLL_OVERLAP, 3 h) as it does against the real API. Every second the bench reads the emulator's event log and looks up, by
primary key, the offers created since the last look: an offer's delay is the first look that finds
its row minus its creation second. API requests are the emulator's own count.

Prints one line of figures (p50/p99/max delay, requests per hour and per poll, share of the API's
10 requests/s) and exits 1 if an offer created during the run is never stored.
usage: freshness.py MINUTES POLL_INTERVAL_SECONDS   (bench/source/freshness.sh runs it)
"""
import datetime as dt
import json
import math
import os
import re
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "pipeline"))
from harness import Pipeline, wait_for  # noqa: E402

PER_DAY = 40000  # new offers a day on the real market
CORPUS = 18400  # 27% of them created in the last 3 h: 3 h at PER_DAY (see corpus_creation_time)
CREATIONS_PER_MIN = PER_DAY / 1440
UPDATES_PER_MIN = 14.0  # updated offers are seen by full sweeps: the API has no "changed since" filter
WITHDRAWALS_PER_MIN = CREATIONS_PER_MIN  # a market of stable size
API_RATE = 10.0  # requests per second the API allows an application (contract §2.3)


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def stored(p, query, ids):
    """Which of `ids` have a row now (primary-key lookups, 100 at a time); none when Cassandra does
    not answer this time (the next look, a second later, finds them: the delay is still measured)."""
    found, ids = set(), list(ids)
    try:
        for i in range(0, len(ids), 100):
            found.update(r.id for r in p.session.execute(query, [ids[i:i + 100]], timeout=30))
    except Exception as e:  # noqa: BLE001 - any driver error: look again next second
        print(f"lookup failed, looking again: {e}", file=sys.stderr, flush=True)
        return set()
    return found


def main(minutes, interval):
    p = Pipeline()
    emulator = p.emulator(CORPUS, ["--spread-days", "1", "--live", "--creations-per-min", str(CREATIONS_PER_MIN),
                                    "--updates-per-min", str(UPDATES_PER_MIN),
                                    "--withdrawals-per-min", str(WITHDRAWALS_PER_MIN), "--rate-limit", str(API_RATE)])
    p.env["JOBSTREAM_POLL_INTERVAL"] = f"{interval}s"
    p.run("init-db", ["init-db", "--no-reference-lists"], timeout=300)
    runner = p.start("run", ["run", "--no-progress"])
    try:
        # The first sweep reads the whole corpus; the measured hour starts once it is stored.
        wait_for(lambda: p.count_offers() >= CORPUS * 0.95, 1800, "the first sweep stored", 5)
        wait_for(lambda: "source: poll " in runner.log(), 1800, "the first poll", 1)
        began = time.time()
        first_seq = max((e["seq"] for e in get_json(emulator.base + "/_emulator/events")), default=0)
        requests_at_start = get_json(emulator.base + "/_emulator/stats")["search_requests"]
        pending, delays = {}, []
        query = p.session.prepare(f"SELECT id FROM {p.keyspace}.offers WHERE id IN ?")
        end = began + minutes * 60
        while time.time() < end + interval + 60 and (time.time() < end or pending):
            if time.time() < end:
                for e in get_json(emulator.base + "/_emulator/events"):
                    if e["kind"] == "created" and e["seq"] > first_seq and e["id"] not in pending:
                        at = dt.datetime.strptime(e["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
                        pending[e["id"]] = at.timestamp()
                        first_seq = max(first_seq, e["seq"])
            looked = time.time()
            for oid in stored(p, query, pending):
                delays.append(looked - pending.pop(oid))
            time.sleep(max(0.0, 1.0 - (time.time() - looked)))
        requests = get_json(emulator.base + "/_emulator/stats")["search_requests"] - requests_at_start
        polls = [int(n) for stamp, n in re.findall(r"^(\S+) \S+ source: poll .* complete: .*, (\d+) requests$",
                                                    runner.log(), re.M)
                 if dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=dt.timezone.utc).timestamp()
                 > began]
    finally:
        runner.stop()
        p.close()
    hours = (min(time.time(), end) - began) / 3600
    per_hour = requests / hours
    print(f"T={interval}s over {minutes} min: {len(delays)} offers created and stored, {len(pending)} never stored; "
          f"delay p50 {percentile(delays, 0.5):.1f} s, p99 {percentile(delays, 0.99):.1f} s, "
          f"max {max(delays):.1f} s (goal p99 <= T + 5 = {interval + 5} s); "
          f"search requests {per_hour:.0f}/h, {len(polls)} polls of {sum(polls) / max(1, len(polls)):.1f} requests, "
          f"{100 * per_hour / 3600 / API_RATE:.1f}% of the API's {API_RATE:.0f}/s", flush=True)
    return 1 if pending else 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]), int(sys.argv[2])))
