"""Failure tests on the three-broker Kafka cluster and the three-node Cassandra ring.

The cluster is started once for every test by the CTest fixture (`scripts/stack up --cluster`
under the name and ports given in CMakeLists.txt, away from the default stack). Each test runs the
real jobstream binary in separate processes, kills nodes with kill -9 through scripts/stack, and
checks the outcome with independent clients: python3-cassandra at QUORUM/ALL, kcat for the topic.
Each test prints what it measured (time to recover, retries, longest stall).
"""
import os
import re
import subprocess
import sys
import time
import unittest

from cassandra import ConsistencyLevel

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pipeline"))
from harness import free_port, http_get, log_between, metric, topic_keys, wait_for  # noqa: E402
from cluster_harness import (KAFKA, STACK, ClusterPipeline, StallMeter, StateWatcher,  # noqa: E402
                             consumer_counts, harvest_state, jobstream_requests, newer_versions,
                             partition_leaders, report, stack)


class ClusterTest(unittest.TestCase):
    def setUp(self):
        self.p = ClusterPipeline()
        self.p.run("init-db", ["init-db"], timeout=300)

    def tearDown(self):
        # Whatever a test stopped comes back for the next one (idempotent for running nodes), once
        # a start the test left running in the background has ended.
        if getattr(self, "background_start", None):
            self.background_start.wait(timeout=900)
        for node in ("cassandra1", "cassandra2", "cassandra3", "kafka1", "kafka2", "kafka3"):
            stack("start", node, timeout=900)
        # A node back from a kill takes the schema changes it missed from its peers, and only a
        # node gossip sees up is sent new ones: the next test's init-db should not race that.
        hosts = self.p.session.cluster.metadata.all_hosts
        wait_for(lambda: len(hosts()) == 3 and all(h.is_up for h in hosts()), 300, "all three nodes seen up", 1)
        self.assertTrue(self.p.session.cluster.control_connection.wait_for_schema_agreement(wait_time=120),
                        "the ring agrees on one schema version")
        self.p.close()

    def replay(self, count, first_id=0, version=0, seed=1):
        path, offers = self.p.sample(count, version=version, seed=seed, first_id=first_id)
        self.p.run("produce", ["produce", "--replay", path, "--no-progress"], timeout=600)
        return offers

    def test_keyspace_and_topics_are_replicated_three_times(self):
        row = self.p.session.execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = %s",
                                     [self.p.keyspace]).one()
        self.assertEqual(row.replication["class"], "org.apache.cassandra.locator.NetworkTopologyStrategy")
        self.assertEqual(row.replication.get("dc_paris"), "3", row.replication)
        self.replay(10)
        out = subprocess.run(["kcat", "-b", KAFKA, "-L", "-t", self.p.topic], capture_output=True, timeout=60,
                             check=True).stdout.decode()
        replicas = re.findall(r"replicas: ([\d,]+)", out)
        self.assertEqual(len(replicas), 6, out)
        self.assertTrue(all(len(r.strip(",").split(",")) == 3 for r in replicas), out)
        # The topic's own min.insync.replicas, read with Kafka's ConfigCommand from the stack's jars.
        jars = os.path.join(os.environ.get("JOBSTREAM_CACHE", os.path.expanduser("~/.cache/jobstream")), "jars",
                            "kafka-3.9.1", "*")
        configs = subprocess.run(["java", "-cp", jars, "kafka.admin.ConfigCommand", "--bootstrap-server",
                                  KAFKA.split(",")[0], "--entity-type", "topics", "--entity-name", self.p.topic,
                                  "--describe"], capture_output=True, timeout=120, check=True).stdout.decode()
        self.assertIn("min.insync.replicas=2", configs)
        report("replication", keyspace=dict(row.replication), topic_partitions=len(replicas), replicas_each=3,
               min_insync_replicas=2)

    def test_cassandra_node_killed_for_60_s_at_local_quorum(self):
        first = self.replay(8000)
        port = free_port()
        consumer = self.p.start("consume", ["consume", "--metrics-port", str(port)])
        offers = dict(first)
        meter = StallMeter(port, lambda: len(offers))
        wait_for(lambda: meter.sample() >= 1000, 600, "the consumer to store offers", 0.5)
        killed_at, killed_wall = time.monotonic(), time.time()
        stack("stop", "cassandra2", "--kill")

        def feed(step):  # offers keep arriving during the outage
            if step < 5:
                offers.update(self.replay(1000, first_id=100000 + step * 1000, seed=10 + step))

        meter.run_for(60, feed)
        stack("start", "cassandra2", timeout=900)
        back_at = time.monotonic()
        wait_for(lambda: meter.sample() >= len(offers), 900, f"all {len(offers)} offers stored", 1)
        caught_up = time.monotonic()
        # More offers after the return: the consumer notices node 2 is back and sends it requests again.
        offers.update(self.replay(2000, first_id=300000, seed=20))
        wait_for(lambda: meter.sample() >= len(offers), 900, f"all {len(offers)} offers stored", 1)
        wait_for(lambda: "cassandra: node 127.0.0.12:9542 is back" in consumer.log(), 60,
                 "the consumer to notice node 2's return", 1)
        node2_requests = jobstream_requests(2)
        self.assertGreater(node2_requests, 0, "node 2 gets requests again")
        self.assertIsNone(consumer.proc.poll(), "the consumer kept running")
        consumer.stop()
        downs, returns, rerouted = consumer_counts(consumer.log())
        stored = self.p.raws_at(ConsistencyLevel.ALL)
        self.assertEqual(set(stored), set(offers), "every offer stored, read back at ALL")
        self.assertEqual([i for i in offers if stored[i] != offers[i]][:5], [])
        self.assertGreaterEqual(downs, 1)
        self.assertGreaterEqual(returns, 1)
        # No stall longer than the client's request timeout (12 s), its largest backoff (2 s) and
        # the resent write itself on a loaded ring (5 s), within the meter's resolution. A consumer
        # that waited for the node would stall for the whole 60 s outage.
        self.assertLess(meter.longest, 12.0 + 2.0 + 5.0 + meter.slowest_sample + 1,
                        f"longest stall {meter.longest:.1f}s (slowest sample {meter.slowest_sample:.1f}s), "
                        f"{meter.longest_span[0] - killed_wall:.0f}-{meter.longest_span[1] - killed_wall:.0f}s "
                        f"after the kill; the consumer meanwhile:\n"
                        + log_between(consumer.log(), *meter.longest_span))
        report("cassandra node loss", offers=len(offers), outage_s=round(back_at - killed_at),
               caught_up_after_return_s=round(caught_up - back_at), longest_stall_s=round(meter.longest, 1),
               slowest_sample_s=round(meter.slowest_sample, 1),
               stall_began_after_kill_s=round(meter.longest_span[0] - killed_wall),
               node_losses_seen=downs, returns_noticed=returns, retries_sent_elsewhere=rerouted,
               node2_requests_after_return=node2_requests)

    def test_two_cassandra_nodes_down_pauses_without_commit_past_unwritten(self):
        offers = self.replay(3000)
        consumer = self.p.start("consume", ["consume"])
        wait_for(lambda: self.p.count_at(ConsistencyLevel.ONE) >= 3000, 600, "the first offers stored", 1)
        stack("stop", "cassandra2", "--kill")
        stack("stop", "cassandra3", "--kill")
        down_at = time.monotonic()
        offers.update(self.replay(2000, first_id=200000, seed=7))
        wait_for(lambda: "pausing consumption" in consumer.log(), 120, "the consumer to pause on Unavailable", 1)
        time.sleep(10)  # it keeps retrying: still alive after several attempts
        self.assertIsNone(consumer.proc.poll(), "the consumer survived the outage")
        self.assertRegex(consumer.log(), r"(?i)unavailable|cannot achieve consistency|timeout|timed out")
        # Killed while its writes fail: whatever it committed must be written, the rest re-read.
        consumer.kill9()
        # Both nodes restart together (they are members already, not joining).
        starts = [subprocess.Popen([STACK, "start", n], stdout=subprocess.DEVNULL) for n in ("cassandra2", "cassandra3")]
        self.assertEqual([s.wait(timeout=900) for s in starts], [0, 0])
        back_at = time.monotonic()
        self.p.run("consume-again", ["consume", "--until-caught-up"], timeout=900)
        stored = self.p.raws_at(ConsistencyLevel.ALL)
        missing = sorted(set(offers) - set(stored))
        self.assertEqual(missing[:5], [], f"{len(missing)} offers lost: committed past an unwritten write")
        report("two cassandra nodes down", offers=len(offers), outage_s=round(back_at - down_at),
               caught_up_after_return_s=round(time.monotonic() - back_at))

    def test_writes_spread_over_the_three_replicas(self):
        offers = self.replay(3000)
        consumer = self.p.start("consume", ["consume"])
        wait_for(lambda: self.p.count_at(ConsistencyLevel.QUORUM) >= len(offers), 900, "all offers stored", 1)
        per_node = {n: jobstream_requests(n) for n in (1, 2, 3)}
        consumer.stop()
        total = sum(per_node.values())
        report("routing spread", requests_per_node=per_node, offers=len(offers))
        for n, count in per_node.items():
            self.assertGreater(count, total / 6, f"node {n} got {count} of {total} requests")

    def test_broker_leading_most_partitions_killed_mid_stream(self):
        emulator = self.p.emulator(50000)
        self.p.env["FT_RATE_LIMIT"] = "10"  # the emulator enforces the real quota
        self.replay(10, first_id=900000)  # creates the topic
        leaders = partition_leaders(self.p.topic)
        victim = max(set(leaders.values()), key=lambda b: list(leaders.values()).count(b))
        c1 = self.p.start("consume", ["consume"])
        c2 = self.p.start("consume", ["consume"])
        port = free_port()
        watcher = StateWatcher(self.p)
        watcher.start()
        producer = self.p.start("produce", ["produce", "--once", "--no-progress", "--metrics-port", str(port)])
        # Mid-stream: a tenth of the harvest acknowledged, the rest still to come from the API.
        wait_for(lambda: (metric(port, "jobstream_kafka_deliveries_total") or 0) >= 5000, 600,
                 "5,000 offers acknowledged", 0.2)
        stack("stop", f"kafka{victim}", "--kill")
        killed_at = time.monotonic()
        self.assertIsNone(producer.proc.poll(), "the broker was killed while the producer was harvesting")
        self.assertLess(metric(port, "jobstream_kafka_deliveries_total"), 50000)
        code = producer.wait(900)
        self.assertEqual(code, 0, producer.log()[-3000:])
        produced_at = time.monotonic()
        watcher.stop()
        stack("start", f"kafka{victim}", timeout=900)
        offers = emulator.offers()
        self.assertEqual(len(offers), 50000)
        # Newer versions of 4,000 of the offers arrive after the broker's return.
        newer = newer_versions(offers, 4000)
        path = os.path.join(self.p.workdir, "newer.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in newer.values())
        self.p.run("produce-newer", ["produce", "--replay", path, "--no-progress"], timeout=600)
        offers.update(newer)
        offers.update(self.p.sample(10, first_id=900000)[1])
        wait_for(lambda: self.p.count_at(ConsistencyLevel.QUORUM) >= len(offers), 900, "all offers stored", 2)
        wait_for(lambda: self.p.raws_at(ConsistencyLevel.QUORUM) == offers, 300, "the newest versions stored", 2)
        keys = topic_keys(self.p.topic)
        self.assertEqual(len(keys), 10 + 50000 + 4000, "every send in the topic once (idempotent producer)")
        # The harvest state never counted an offer as delivered that the topic does not hold, and in
        # the end it counts every offer of the API.
        self.assertGreater(watcher.reads, 0, "the state file was read while the harvest ran")
        missing = watcher.counted - set(keys)
        self.assertEqual(sorted(missing)[:5], [], f"{len(missing)} offers counted delivered but not in the topic")
        self.assertEqual(set(harvest_state(self.p)["known"]), set(emulator.offers()))
        for c in (c1, c2):
            self.assertIsNone(c.proc.poll(), "both consumers kept running")
        report("broker loss", killed_broker=victim, partitions_it_led=list(leaders.values()).count(victim),
               harvest_finished_after_kill_s=round(produced_at - killed_at), offers=len(offers),
               state_reads=watcher.reads)

    def test_two_brokers_down_holds_the_harvest_and_resumes(self):
        emulator = self.p.emulator(5000)
        # Two requests a second: the sweep lasts about 25 s, so it goes on harvesting while the
        # brokers are down, and its end writes the state file during the outage.
        self.p.env.update(FT_RATE_LIMIT="2", FT_RATE_BURST="1", JOBSTREAM_POLL_INTERVAL="5s")
        consumer = self.p.start("consume", ["consume"])
        port = free_port()
        producer = self.p.start("produce", ["produce", "--no-progress", "--metrics-port", str(port)])
        wait_for(lambda: (metric(port, "jobstream_kafka_deliveries_total") or 0) >= 150, 300,
                 "the first page acknowledged", 0.2)
        stack("stop", "kafka2", "--kill")
        stack("stop", "kafka3", "--kill")
        down_at = time.monotonic()
        stalled = "Kafka has acknowledged nothing for"
        wait_for(lambda: stalled in producer.log(), 120, "the producer to say it gets no acknowledgement", 0.5)
        told_after = time.monotonic() - down_at
        delivered_at_told = metric(port, "jobstream_kafka_deliveries_total")
        # Its health says so too: not ready, with the reason, and the stall's length as a metric.
        status, body = http_get(f"http://127.0.0.1:{port}/readyz")
        self.assertEqual(status, 503, body)
        self.assertIn("acknowledged nothing", body)
        self.assertGreaterEqual(metric(port, "jobstream_kafka_unacknowledged_seconds"), 10)
        # The sweep goes on meanwhile (more offers wait) and ends, but its state counts none of them.
        wait_for(lambda: "sweep 1 complete" in producer.log(), 180, "the sweep to end during the outage", 0.5)
        held = harvest_state(self.p)
        self.assertEqual(metric(port, "jobstream_kafka_deliveries_total"), delivered_at_told,
                         "nothing acknowledged while the stall lasted")
        outage = time.monotonic() - down_at
        lines = producer.log().count(stalled)
        self.assertLessEqual(lines, 1 + int(outage) // 30, f"{lines} stall lines in {outage:.0f} s: rate-limited")
        self.assertIsNone(producer.proc.poll(), "the producer kept running")
        waiting = int(re.findall(r"nothing for \d+ s while (\d+) messages wait", producer.log())[-1])
        self.assertGreater(waiting, 0)
        back_at = time.monotonic()
        stack("start", "kafka2", timeout=900)
        started_after = time.monotonic() - back_at
        wait_for(lambda: "Kafka acknowledges again" in producer.log(), 300, "the producer to resume by itself", 0.5)
        resumed_after = time.monotonic() - back_at
        # The third broker returns meanwhile, for the next test.
        third = self.background_start = subprocess.Popen([STACK, "start", "kafka3"], stdout=subprocess.DEVNULL)
        wait_for(lambda: http_get(f"http://127.0.0.1:{port}/readyz")[0] == 200, 120, "the producer ready again", 1)
        offers = emulator.offers()
        wait_for(lambda: set(harvest_state(self.p).get("known", {})) == set(offers), 600,
                 "the harvest state to count every offer", 1)
        self.assertEqual(producer.stop(), 0, producer.log()[-3000:])
        keys = topic_keys(self.p.topic)
        self.assertEqual(sorted(keys), sorted(offers), "every offer in the topic once")
        held_ids = set(held.get("known", {}))
        # The state held back what was not acknowledged: at most the offers delivered before.
        self.assertLessEqual(len(held_ids), delivered_at_told)
        self.assertTrue(held_ids <= set(keys), "the held state counts only offers in the topic")
        wait_for(lambda: self.p.count_at(ConsistencyLevel.QUORUM) >= len(offers), 600, "all offers stored", 2)
        self.assertEqual(self.p.raws_at(ConsistencyLevel.QUORUM), offers)
        self.assertIsNone(consumer.proc.poll(), "the consumer kept running")
        self.assertEqual(third.wait(timeout=900), 0)
        report("two brokers down", offers=len(offers), delivered_before=int(delivered_at_told),
               told_after_s=round(told_after), stall_lines=lines, outage_s=round(back_at - down_at),
               waiting_at_last_line=waiting, state_offers_held=len(held_ids),
               broker_start_s=round(started_after), resumed_after_restart_began_s=round(resumed_after))

    def test_consumer_group_of_three_processes_one_killed(self):
        consumers = [self.p.start("consume", ["consume"]) for _ in range(3)]
        wait_for(lambda: all("assigned partitions" in c.log() for c in consumers), 120, "three members assigned", 0.5)
        offers = self.replay(6000, seed=5)
        wait_for(lambda: self.p.count_at(ConsistencyLevel.ONE) >= 3000, 600, "half of the first offers stored", 0.5)
        victim = consumers[1]
        survivors = (consumers[0], consumers[2])
        before = sum(c.log().count("assigned partitions") for c in survivors)
        victim.kill9()
        killed_at = time.monotonic()
        # Offers for every partition keep arriving after the kill: the victim's must move to be stored.
        offers.update(self.replay(6000, first_id=50000, seed=6))
        wait_for(lambda: sum(c.log().count("assigned partitions") for c in survivors) > before, 120,
                 "the killed member's partitions assigned to the survivors", 0.5)
        moved_after = time.monotonic() - killed_at
        wait_for(lambda: self.p.count_at(ConsistencyLevel.QUORUM) >= len(offers), 600, "all offers stored", 1)
        recovered = time.monotonic() - killed_at
        self.assertEqual(self.p.raws_at(ConsistencyLevel.QUORUM), offers)
        moved = sum(c.log().count("assigned partitions") for c in survivors) - before
        report("consumer group", processes=3, killed=1, offers=len(offers), reassigned_after_s=round(moved_after),
               all_stored_after_kill_s=round(recovered), new_assignments_of_survivors=moved)


if __name__ == "__main__":
    unittest.main(verbosity=2)
