"""Integration test of `jobstream serve` restarting from its snapshot.

serve runs with a snapshot path over a stack filled through the real pipeline, writes a snapshot,
and stops. More offers, updates and withdrawals then go through the topic and into the table. The
next serve must say it loaded the snapshot (no table read), follow the topic from the snapshot's
positions, and answer the same figures as a fresh `jobstream stats` over the table. A snapshot it
must not trust (truncated, written for another topic, or for a table since dropped and created
again) leads to the full read with the reason
logged. Run by CTest (label integration).
"""
import datetime
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import web_harness as wh  # noqa: E402

FILTERS = [("", []),
           ("?dept=2A&top=5", ["--dept", "2A", "--top", "5"]),
           ("?contract=CDI&region=84", ["--contract", "CDI", "--region", "84"]),
           ("?rome=M&commune_limit=3", ["--rome", "M", "--commune-limit", "3"])]


class ServeSnapshotTest(unittest.TestCase):
    def setUp(self):
        self.p = wh.Pipeline()
        self.p.run("init-db", ["init-db"], timeout=300)
        self.snapshot = os.path.join(self.p.workdir, "figures.snapshot")
        self.p.env.update({"JOBSTREAM_SERVE_SNAPSHOT": self.snapshot, "JOBSTREAM_SERVE_SNAPSHOT_EVERY": "1s"})

    def tearDown(self):
        self.p.close()

    def serve(self):
        return wh.Server(self.p)

    def stop(self, server):
        self.assertEqual(server.process.stop(), 0, server.process.log()[-3000:])
        return server.process.log()

    def assert_same_figures_as_stats(self, server):
        for query, args in FILTERS:
            self.assertEqual(server.json("/api/figures" + query), json.loads(wh.stats_json(self.p, *args)), query)

    def withdraw(self, ids):
        """Withdrawal records on the topic, as a sweep publishes them (keyed by offer id)."""
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        lines = "".join(
            f'{i}\t{{"schema":"jobstream.offer/1","kind":"withdrawal","id":"{i}","source":"francetravail",'
            f'"harvested_at":"{now}","withdrawn_at":"{now}"}}\n' for i in ids)
        subprocess.run(["kcat", "-P", "-b", wh.harness.KAFKA, "-t", self.p.topic, "-K", "\t"],
                       input=lines.encode(), check=True, timeout=120)

    def test_a_restart_loads_the_snapshot_and_tails_from_its_positions(self):
        offers = wh.fill(self.p, 3000)
        first = self.serve()
        first.wait_ready(3000)
        wh.wait_for(lambda: "wrote the snapshot" in first.process.log(), 60, "a snapshot to be written")
        log = self.stop(first)
        self.assertIn(f"loaded 3000 offers from {self.p.keyspace}.offers", log)
        self.assertIn("not using the snapshot", log)  # none yet at the first start
        self.assertTrue(os.path.getsize(self.snapshot) > 0)

        # While serve is down: new offers, new versions of old ones, and withdrawals.
        more_path, _ = self.p.sample(1000, seed=7, first_id=3000)
        self.p.run("produce-more", ["produce", "--replay", more_path], timeout=600)
        updates_path, _ = self.p.sample(500, seed=1, version=1)
        self.p.run("produce-updates", ["produce", "--replay", updates_path], timeout=600)
        withdrawn = sorted(offers)[1000:1200]
        self.withdraw(withdrawn)
        self.p.run("consume-more", ["consume", "--until-caught-up"], timeout=600)
        stored = self.p.stored_offers()
        self.assertEqual(sum(1 for i in withdrawn if stored[i].withdrawn_at), 200)

        second = self.serve()
        second.wait_ready(4000)
        wh.wait_for(lambda: second.json("/api/health")["engine"]["records_applied"] >= 1700, 120,
                    "serve to apply the 1700 records published after the snapshot")
        log = second.process.log()
        self.assertIn(f"serve: loaded the snapshot {self.snapshot} (3000 offers", log)
        self.assertNotIn(f"offers from {self.p.keyspace}.offers", log)  # no table read
        # Exactly the records after the snapshot's positions were read: the final snapshot at the
        # first stop held everything before them.
        self.assertEqual(second.json("/api/health")["engine"]["records_applied"], 1700)
        figures = second.json("/api/figures")
        self.assertEqual(figures["totals"]["withdrawn"], 200)
        self.assert_same_figures_as_stats(second)
        self.stop(second)

        # A truncated snapshot is an error naming the file; serve reads the table instead.
        with open(self.snapshot, "r+b") as f:
            f.truncate(os.path.getsize(self.snapshot) // 2)
        third = self.serve()
        third.wait_ready(4000)
        log = third.process.log()
        self.assertIn(f"the snapshot {self.snapshot} cannot be used: truncated", log)
        self.assertIn(f"loaded 4000 offers from {self.p.keyspace}.offers", log)
        self.assert_same_figures_as_stats(third)
        self.stop(third)  # writes a whole snapshot again at the clean stop

        # A snapshot of another pipeline (here: another topic) is refused with the reason.
        topic = self.p.env["KAFKA_TOPIC"]
        self.p.env["KAFKA_TOPIC"] = topic + "_other"
        fourth = self.serve()
        fourth.wait_ready(4000)
        log = fourth.process.log()
        self.assertIn(f"not using the snapshot {self.snapshot}: it followed topic '{topic}', not '{topic}_other'", log)
        self.assertIn(f"loaded 4000 offers from {self.p.keyspace}.offers", log)
        self.stop(fourth)

        # --full-read ignores a snapshot it could trust.
        self.p.env["KAFKA_TOPIC"] = topic
        self.p.env["JOBSTREAM_SERVE_FULL_READ"] = "true"
        fifth = self.serve()
        fifth.wait_ready(4000)
        self.assertIn("a full read was asked for", fifth.process.log())
        self.assert_same_figures_as_stats(fifth)
        log = self.stop(fifth)
        self.assertIn("wrote the snapshot", log)
        del self.p.env["JOBSTREAM_SERVE_FULL_READ"]

        # The table dropped and created again (a new id in system_schema.tables): refused, even
        # though keyspace, topic and positions still match. init-db leaves a keyspace already at its
        # schema version as it is, so the keyspace goes too.
        self.p.session.execute(f"DROP KEYSPACE {self.p.keyspace}", timeout=120)
        self.p.run("init-db-again", ["init-db"], timeout=300)
        sixth = self.serve()
        sixth.wait_ready(0)
        log = sixth.process.log()
        self.assertRegex(log, rf"not using the snapshot {self.snapshot}: the table {self.p.keyspace}\.offers has id "
                              r"[0-9a-f]{32}, the snapshot was taken from id [0-9a-f]{32} \(dropped and created again\?\)")
        self.assertIn(f"loaded 0 offers from {self.p.keyspace}.offers", log)


if __name__ == "__main__":
    unittest.main(verbosity=2)
