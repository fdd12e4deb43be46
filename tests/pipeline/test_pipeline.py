"""End-to-end tests of the pipeline: API offers -> produce -> Kafka -> consume -> Cassandra.

Real Kafka and Cassandra (the local stack), the real jobstream binary in separate processes, and
independent clients (python3-cassandra, kcat) to check the result. Run by CTest (label integration).
The offers come from the project's API emulator (`jobstream emulate-api`, harvested for real) or,
where a test needs exact control over versions and timing, from `tools/sample_offers.py` dumps
through `produce --replay`.
"""
import json
import os
import random
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Pipeline, known_offer_ids, topic_keys, wait_for  # noqa: E402


class PipelineTest(unittest.TestCase):
    def setUp(self):
        self.p = Pipeline()
        self.p.run("init-db", ["init-db"], timeout=300)

    def tearDown(self):
        self.p.close()

    def assert_table_exact(self, expected):
        stored = self.p.stored_offers()
        missing = sorted(set(expected) - set(stored))[:5]
        extra = sorted(set(stored) - set(expected))[:5]
        self.assertEqual(len(stored), len(expected), f"missing e.g. {missing}, extra e.g. {extra}")
        wrong = [i for i, raw in expected.items() if stored[i].raw != raw]
        self.assertEqual(wrong[:5], [], f"{len(wrong)} offers whose raw JSON differs from the source's")

    def test_end_to_end_20000_offers_from_the_api_emulator_exactly_once(self):
        emulator = self.p.emulator(20000)
        self.p.env["FT_RATE_LIMIT"] = "10"  # the emulator enforces the real quota
        # init-db again: the reference lists now come from the emulator, through the API client.
        self.p.run("init-db", ["init-db"], timeout=300)
        deps = {r.code: r.parent for r in self.p.session.execute(
            f"SELECT code, parent FROM {self.p.keyspace}.ref_departements", timeout=60)}
        self.assertEqual(len(deps), 102)
        self.assertEqual((deps["2A"], deps["974"], deps["75"]), ("94", "04", "11"))
        self.p.run("produce", ["produce", "--once", "--no-progress"], timeout=900)
        self.p.run("consume", ["consume", "--until-caught-up"], timeout=600)
        offers = emulator.offers()
        self.assertEqual(len(offers), 20000)
        self.assert_table_exact(offers)
        keys = topic_keys(self.p.topic)
        self.assertEqual(len(keys), 20000, "each offer published once")
        self.assertEqual(set(keys), set(offers))
        # Corsica and overseas places are mapped to their own départements.
        deps = {r.departement for r in self.p.stored_offers().values()}
        self.assertTrue({"2A", "2B", "971", "972", "973", "974", "975", "976", "75"} <= deps, deps)

    def test_producer_killed_mid_sweep_loses_no_offer(self):
        emulator = self.p.emulator(20000)
        self.p.env["FT_RATE_LIMIT"] = "8"  # a sweep of about 20 s, so the kill lands mid-sweep
        producer = self.p.start("produce", ["produce", "--once", "--no-progress"])
        rng = random.Random()
        wait_for(lambda: "publishing to" in producer.log() or producer.proc.poll() is not None, 120, "the producer to start")
        time.sleep(rng.uniform(3.0, 10.0))  # a random moment of the sweep
        self.assertIsNone(producer.proc.poll(), "the sweep ended before the kill")
        producer.kill9()
        delivered_before = len(topic_keys(self.p.topic))
        self.assertLess(delivered_before, 20000, "the kill happened mid-sweep")
        self.p.run("produce-again", ["produce", "--once", "--no-progress"], timeout=900)
        offers = emulator.offers()
        keys = set(topic_keys(self.p.topic))
        missing = sorted(set(offers) - keys)
        self.assertEqual(missing[:5], [], f"{len(missing)} offers missing from the topic after the restart")
        self.p.run("consume", ["consume", "--until-caught-up"], timeout=600)
        self.assert_table_exact(offers)

    def test_run_without_credentials_uses_the_built_in_emulator(self):
        env = dict(self.p.env, JOBSTREAM_EMULATOR_OFFERS="3000")
        for name in ("FT_CLIENT_ID", "FT_CLIENT_SECRET", "FT_TOKEN_URL", "FT_API_URL"):
            env.pop(name, None)
        self.p.env = env
        p = self.p.run("run", ["run", "--once", "--no-progress"], timeout=600)
        self.assertIn("built-in France Travail API emulator", p.log())
        stored = self.p.stored_offers()
        self.assertEqual(len(stored), 3000)
        sources = {r.source for r in self.p.session.execute(f"SELECT source FROM {self.p.keyspace}.offers", timeout=60)}
        self.assertEqual(sources, {"francetravail-emulator"})
        # The emulator's harvest state stays apart: a later run with real credentials backfills.
        state_dir = os.path.join(self.p.workdir, "state")
        self.assertFalse(os.path.exists(os.path.join(state_dir, "source-state.json")))
        state, known = known_offer_ids(os.path.join(state_dir, "local-emulator-state.json"))
        self.assertEqual(state["source"], "jobstream's built-in API emulator")
        self.assertEqual(len(known), 3000)

    def test_consumer_killed_five_times_keeps_the_latest_version_of_each_offer(self):
        old_path, _ = self.p.sample(50000)
        new_path, newest = self.p.sample(50000, version=1)
        self.p.run("produce-old", ["produce", "--replay", old_path], timeout=900)
        self.p.run("produce-new", ["produce", "--replay", new_path], timeout=900)
        rng = random.Random(2026)
        for i in range(5):
            consumer = self.p.start("consume", ["consume"])
            target = (i + 1) * 50000 // 8
            wait_for(lambda: self.p.count_offers() >= target, 600, f"{target} rows before kill {i + 1}", 0.1)
            time.sleep(rng.uniform(0.0, 1.0))  # a random moment once writes are flowing
            consumer.kill9()
        self.p.run("consume", ["consume", "--until-caught-up"], timeout=900)
        self.assert_table_exact(newest)

    def test_replaying_the_topic_changes_nothing(self):
        path, offers = self.p.sample(5000)
        self.p.run("produce", ["produce", "--replay", path], timeout=600)
        self.p.run("consume", ["consume", "--until-caught-up"], timeout=600)
        before = {r.id: (r.raw, r.wt) for r in self.p.session.execute(
            f"SELECT id, raw, writetime(raw) AS wt FROM {self.p.keyspace}.offers", timeout=120)}
        # An older copy of every offer published again, then the whole topic re-read by a new group.
        self.p.run("produce-again", ["produce", "--replay", path], timeout=600)
        self.p.env["KAFKA_GROUP_ID"] = harness.unique("replay")
        self.p.run("consume-replay", ["consume", "--until-caught-up"], timeout=600)
        after = {r.id: (r.raw, r.wt) for r in self.p.session.execute(
            f"SELECT id, raw, writetime(raw) AS wt FROM {self.p.keyspace}.offers", timeout=120)}
        self.assertEqual(before, after)
        self.assertEqual(len(after), len(offers))

    def test_two_consumers_in_one_group_share_the_work(self):
        import re

        def assignment(consumer):
            found = re.findall(r"assigned partitions ([\d,]+) of", consumer.log())
            return set(found[-1].split(",")) if found else set()

        path, offers = self.p.sample(20000)
        # Both members join first, so the partitions are split between them before any data arrives.
        a = self.p.start("consume-a", ["consume"])
        b = self.p.start("consume-b", ["consume"])
        wait_for(lambda: assignment(a) and assignment(b) and len(assignment(a) | assignment(b)) == 6
                 and not assignment(a) & assignment(b), 120, "the group to split the 6 partitions")
        self.p.run("produce", ["produce", "--replay", path], timeout=600)
        wait_for(lambda: self.p.count_offers() >= len(offers), 600, "every offer stored", 0.5)
        for c in (a, b):
            self.assertEqual(c.stop(), 0, c.log()[-3000:])
        self.assert_table_exact(offers)
        for c in (a, b):
            stored = [int(n) for n in re.findall(r"stored (\d+) offers", c.log())]
            self.assertTrue(stored and max(stored) > 0, f"{c.name} did no work:\n{c.log()[-2000:]}")

    def test_poison_messages_go_to_the_dead_letter_topic_and_the_rest_flows(self):
        first, offers = self.p.sample(3000, seed=5)
        self.p.run("produce", ["produce", "--replay", first], timeout=600)
        poison = [(f"poison-{i}", v) for i, v in enumerate(
            ["not json", '{"schema":"jobstream.offer/1"}', "[1,2,3]", '{"truncated":', "plain text"] * 20)]
        payload = "".join(f"{k}\t{v}\n" for k, v in poison)
        subprocess.run(["kcat", "-P", "-b", harness.KAFKA, "-t", self.p.topic, "-K", "\t"], input=payload.encode(),
                       timeout=120, check=True)
        second, more = self.p.sample(2000, seed=6, first_id=3000)
        self.p.run("produce-more", ["produce", "--replay", second], timeout=600)
        self.p.run("consume", ["consume", "--until-caught-up"], timeout=600)
        offers.update(more)
        self.assert_table_exact(offers)
        dead = topic_keys(self.p.topic + ".dead-letters")
        self.assertEqual(sorted(dead), sorted(k for k, _ in poison))
        # Each dead letter says why and where it came from.
        headers = harness.topic_headers(self.p.topic + ".dead-letters")
        now_ms = time.time() * 1000
        for key, h in headers.items():
            self.assertTrue(h.get("jobstream.error"), (key, h))
            self.assertEqual(h.get("jobstream.source.topic"), self.p.topic)
            self.assertIn(int(h["jobstream.source.partition"]), range(6))
            self.assertGreaterEqual(int(h["jobstream.source.offset"]), 0)
            self.assertLess(abs(int(h["jobstream.source.timestamp"]) - now_ms), 3_600_000, h)

    def test_cassandra_stopped_for_30_seconds_mid_run(self):
        before, offers = self.p.sample(10000)
        during, more = self.p.sample(20000, first_id=10000)
        offers.update(more)
        consumer = self.p.start("consume", ["consume"])
        self.p.run("produce", ["produce", "--replay", before], timeout=600)
        wait_for(lambda: self.p.count_offers() >= 10000, 600, "the first 10,000 rows", 0.2)
        stack = [os.path.join(harness.ROOT, "scripts", "stack")]
        subprocess.run(stack + ["down", "cassandra"], check=True, timeout=300)
        try:
            # Offers keep arriving while Cassandra is away: the consumer must hold them, not lose them.
            outage_start = time.monotonic()
            self.p.run("produce-during", ["produce", "--replay", during], timeout=600)
            time.sleep(max(0.0, 30 - (time.monotonic() - outage_start)))  # the outage lasts 30 s
            self.assertIsNone(consumer.proc.poll(), "the consumer must survive the outage")
        finally:
            subprocess.run(stack + ["up", "cassandra"], check=True, timeout=600)
        self.p.cluster.shutdown()
        self.p.cluster = harness.Cluster([harness.CASSANDRA_HOST], port=harness.CASSANDRA_PORT, connect_timeout=10)
        self.p.session = self.p.cluster.connect()
        wait_for(lambda: self.p.count_offers() >= 30000, 600, "every offer stored after the outage", 0.5)
        self.assertEqual(consumer.stop(), 0, consumer.log()[-3000:])
        self.assertIn("store write failed", consumer.log())
        self.assert_table_exact(offers)

if __name__ == "__main__":
    unittest.main(verbosity=2)
