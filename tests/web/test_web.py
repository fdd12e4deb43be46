"""Integration tests of `jobstream stats` and `jobstream serve` over the real pipeline.

The offers go through the real binaries (init-db, produce --replay, consume --until-caught-up) into
the local stack's Kafka and Cassandra, each test with its own topic, keyspace and group. The figures
are checked against numbers computed here from the offers' JSON alone. Run by CTest (label
integration).
"""
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import web_harness as wh  # noqa: E402


class StatsTest(unittest.TestCase):
    def setUp(self):
        self.p = wh.Pipeline()
        self.p.run("init-db", ["init-db"], timeout=300)

    def tearDown(self):
        self.p.close()

    def test_stats_equal_the_offers_and_survive_two_replays_of_the_topic(self):
        offers = wh.fill(self.p, 6000)
        expected = wh.expected_figures(offers)
        started = time.monotonic()
        first = wh.stats_json(self.p)
        print(f"stats --format json over {len(offers)} offers: {time.monotonic() - started:.2f} s", file=sys.stderr)
        figures = json.loads(first)

        self.assertEqual(figures["schema"], "jobstream.figures/1")
        totals = figures["totals"]
        self.assertEqual(totals["offers"], expected["offers"])
        self.assertEqual(totals["new"], expected["offers"])
        self.assertEqual(totals["open_at_end"], expected["offers"])
        self.assertEqual(totals["open_posts_at_end"], expected["posts"])
        self.assertEqual(totals["withdrawn"], 0)
        self.assertEqual(totals["without_departement"], expected["without_departement"])
        by_dept = {d["code"]: d["count"] for d in figures["by_departement"]}
        self.assertEqual(by_dept, expected["by_departement"])
        # Corsica and every overseas département of the sample are there, under their own codes.
        for code in ["2A", "2B", "971", "972", "973", "974", "975", "976"]:
            self.assertGreater(by_dept.get(code, 0), 0, code)
        self.assertEqual({d["code"]: d["count"] for d in figures["by_contract"]}, expected["by_contract"])
        self.assertEqual({d["code"]: d["count"] for d in figures["top_rome"]}, expected["by_rome"])
        new_per_day = {d["day"]: d["new"] for d in figures["daily"] if d["new"]}
        self.assertEqual(new_per_day, expected["new_per_day"])

        # Filters are the API's parameters; a bad one is refused with the parameter named.
        corsica = json.loads(wh.stats_json(self.p, "--dept", "2a", "--dept", "2B"))
        self.assertEqual(corsica["totals"]["offers"], by_dept["2A"] + by_dept["2B"])
        cdi = json.loads(wh.stats_json(self.p, "--contract", "CDI", "--region", "94"))
        self.assertEqual(cdi["totals"]["offers"], sum(
            1 for o in offers.values() if o["typeContrat"] == "CDI" and wh.departement_of(o) in ("2A", "2B")))
        code, _, err = wh.stats(self.p, "--top", "0")
        self.assertEqual(code, 2)
        self.assertIn("top", err)
        code, out, _ = wh.stats(self.p, "--format", "csv")
        self.assertEqual(code, 0)
        self.assertIn("totals,,,,offers,6000", out.decode().splitlines())
        code, out, _ = wh.stats(self.p)  # the table
        self.assertEqual(code, 0)
        line = next(l for l in out.decode().splitlines() if l.startswith("Offers open during the period"))
        self.assertEqual("".join(c for c in line if c.isdigit()), "6000")

        # The whole topic consumed again from its start by a new group, twice: not a byte changes.
        for replay in range(2):
            self.p.env["KAFKA_GROUP_ID"] = wh.harness.unique(f"replay{replay}")
            self.p.run(f"consume-replay-{replay}", ["consume", "--until-caught-up"], timeout=600)
            self.assertEqual(wh.stats_json(self.p), first, f"after replay {replay + 1}")

    def test_rows_without_usable_facts_are_read_from_their_json(self):
        """The figures come from each row's compact `facts`; a row without them (stored before the
        column existed) or with facts of another code version is made from its `raw` instead."""
        wh.fill(self.p, 1500)
        first = wh.stats_json(self.p)
        ks = self.p.keyspace
        rows = list(self.p.session.execute(f"SELECT id, facts, writetime(raw) FROM {ks}.offers", timeout=60))
        self.assertEqual(len(rows), 1500)
        self.assertTrue(all(r.facts for r in rows), "the consumer stores every offer's facts")
        rows.sort(key=lambda r: r.id)
        # Deleted at the version's own write time: as if never written, as in a row of schema v3.
        drop_facts = self.p.session.prepare(f"DELETE facts FROM {ks}.offers USING TIMESTAMP ? WHERE id = ?")
        other_version = self.p.session.prepare(f"UPDATE {ks}.offers USING TIMESTAMP ? SET facts = ? WHERE id = ?")
        drop_raw = self.p.session.prepare(f"DELETE raw FROM {ks}.offers USING TIMESTAMP ? WHERE id = ?")
        for i, r in enumerate(rows):
            if i % 3 == 0:
                self.p.session.execute(drop_facts, (r.writetime_raw, r.id))
            elif i % 3 == 1:
                stale = bytearray(r.facts)
                stale[1] ^= 0x40  # the facts_code_version that made them (bytes 1-4) is another one
                self.p.session.execute(other_version, (r.writetime_raw + 1, bytes(stale), r.id))
            elif i % 30 == 2:
                # Facts kept, JSON gone: were the JSON read instead of the facts, these would be missing.
                self.p.session.execute(drop_raw, (r.writetime_raw, r.id))
        self.assertEqual(wh.stats_json(self.p), first)


class ServeTest(unittest.TestCase):
    def setUp(self):
        self.p = wh.Pipeline()
        self.p.run("init-db", ["init-db"], timeout=300)

    def tearDown(self):
        self.p.close()

    def test_serve_answers_the_store_figures_and_follows_the_topic(self):
        offers = wh.fill(self.p, 4000)
        server = wh.Server(self.p)
        server.wait_ready(4000)

        # The API gives the same figures as `stats`, for the whole set and for a filter.
        self.assertEqual(server.json("/api/figures"), json.loads(wh.stats_json(self.p)))
        self.assertEqual(server.json("/api/figures?dept=2A&top=5"),
                         json.loads(wh.stats_json(self.p, "--dept", "2A", "--top", "5")))
        status, content_type, body = server.get("/api/figures?dept=ZZ")
        self.assertEqual(status, 400)
        self.assertTrue(content_type.startswith("application/json"), content_type)
        self.assertIn("ZZ", json.loads(body)["message"])
        status, content_type, _ = server.get("/api/nothing")
        self.assertEqual((status, content_type.split(";")[0]), (404, "application/json"))
        status, content_type, body = server.get("/")
        self.assertEqual(status, 200)
        self.assertIn(b"jobstream", body)

        health = server.json("/api/health")
        self.assertEqual(health["status"], "ok", health)
        self.assertEqual(health["kafka"]["lag"], 0)
        self.assertEqual(health["kafka"]["dead_letters"], 0)
        self.assertEqual(len(health["kafka"]["partitions"]), 6)
        self.assertIsNotNone(health["last_harvest"])

        latency = server.latency_ms("/api/figures")
        print(f"serve /api/figures over {len(offers)} offers: median {latency:.1f} ms", file=sys.stderr)

        # New offers published while serve runs reach its figures from the topic, before the
        # consumer stores them: the group's lag shows them waiting.
        more_path, more = self.p.sample(1000, seed=7, first_id=4000)
        self.p.run("produce-more", ["produce", "--replay", more_path], timeout=600)
        wh.wait_for(lambda: server.json("/api/figures")["totals"]["offers"] == 5000, 120,
                    "serve to show the 1000 new offers")
        # /api/health asks Kafka at most once a second: the lag it shows may be a second old.
        wh.wait_for(lambda: server.json("/api/health")["kafka"]["lag"] == 1000, 30,
                    "the health to show the 1000 offers waiting for the consumer")
        self.p.run("consume-more", ["consume", "--until-caught-up"], timeout=600)
        wh.wait_for(lambda: server.json("/api/health")["kafka"]["lag"] == 0, 60, "the lag to fall to zero")
        # The live engine (snapshot + topic) and a fresh load of the store agree.
        self.assertEqual(server.json("/api/figures"), json.loads(wh.stats_json(self.p)))

    def test_serve_started_before_any_offer_catches_up_from_the_topic(self):
        # The keyspace exists but the topic does not yet: serve loads an empty table, waits for the
        # topic, and reads it from its start once it appears, whatever the consumer commits meanwhile.
        server = wh.Server(self.p)
        wh.wait_for(lambda: server.json("/api/health")["engine"]["feed"] == "waiting for the offers topic", 60,
                    "serve to wait for the topic")
        health = server.json("/api/health")
        self.assertTrue(health["engine"]["ready"])
        self.assertEqual(health["engine"]["offers"], 0)
        self.assertEqual(server.json("/api/figures")["totals"]["offers"], 0)
        wh.fill(self.p, 3000, seed=5)
        server.wait_ready(3000)
        self.assertEqual(server.json("/api/health")["engine"]["feed"], "following")
        self.assertEqual(server.json("/api/figures"), json.loads(wh.stats_json(self.p)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
