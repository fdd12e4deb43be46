"""Operating jobstream: its Prometheus metrics and health probes, scraped by a real Prometheus.

A pipeline run (`jobstream run`) harvests the project's API emulator (`jobstream emulate-api`) into
the local stack's Kafka and Cassandra while Debian's Prometheus scrapes both processes. Queries of
Prometheus' HTTP API must agree with what the run did, checked with independent sources: offers
stored equals the rows in Cassandra (python3-cassandra), API requests equal the emulator's own
count (its /_emulator/stats), deliveries equal the offers. `promtool check metrics` passes on the
/metrics output of every long-running command, and the probes answer. Run by CTest (integration).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Pipeline, free_port, http_get, wait_for  # noqa: E402

OFFERS = 2000


def metrics_port(process):
    """The port a process serves /metrics on (it logs it once listening, --metrics-port 0)."""
    def port():
        m = re.search(r"metrics: http://127\.0\.0\.1:(\d+)/metrics", process.log())
        if not m and process.proc.poll() is not None:
            raise AssertionError(f"{process.name} exited; log:\n{process.log()[-3000:]}")
        return int(m.group(1)) if m else None
    return wait_for(port, 120, f"{process.name} to serve its metrics")


def promtool_check(test, name, text):
    """`promtool check metrics` on an exposition text: no error and no lint problem."""
    out = subprocess.run(["promtool", "check", "metrics"], input=text.encode(), capture_output=True, timeout=60)
    test.assertEqual(out.returncode, 0, f"promtool check metrics of {name}:\n{out.stdout.decode()}{out.stderr.decode()}")
    test.assertEqual(out.stdout.decode().strip() + out.stderr.decode().strip(), "",
                     f"promtool reported problems in the metrics of {name}")


class Prometheus:
    """Debian's Prometheus server, scraping the given targets every second."""

    def __init__(self, workdir, targets):
        self.dir = tempfile.mkdtemp(prefix="prometheus-", dir=workdir)
        self.port = free_port()
        config = os.path.join(self.dir, "prometheus.yml")
        with open(config, "w", encoding="utf-8") as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n")
            for job, port in targets.items():
                f.write(f"  - job_name: {job}\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n")
        self.log = open(os.path.join(self.dir, "prometheus.log"), "wb")
        self.proc = subprocess.Popen(
            ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={self.dir}/data",
             f"--web.listen-address=127.0.0.1:{self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: self._ready(), 120, "Prometheus to be ready")

    def _ready(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"prometheus exited; see {self.dir}/prometheus.log")
        try:
            return http_get(f"http://127.0.0.1:{self.port}/-/ready", timeout=5)[0] == 200
        except OSError:
            return False

    def query(self, promql):
        """The value of a query that yields one sample, or None when it yields none."""
        url = f"http://127.0.0.1:{self.port}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
        status, body = http_get(url)
        answer = json.loads(body)
        if status != 200 or answer["status"] != "success":
            raise AssertionError(f"query {promql}: {body}")
        result = answer["data"]["result"]
        if len(result) > 1:
            raise AssertionError(f"query {promql} yields {len(result)} series")
        return float(result[0]["value"][1]) if result else None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=60)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class MetricsTest(unittest.TestCase):
    def setUp(self):
        self.p = Pipeline()
        self.p.run("init-db", ["init-db"], timeout=300)
        self.prometheus = None

    def tearDown(self):
        if self.prometheus:
            self.prometheus.stop()
        self.p.close()

    def test_prometheus_scrapes_a_run_and_its_counters_agree_with_what_it_did(self):
        emulator = self.p.emulator(OFFERS, ["--metrics-port", "0"])
        emulator_port = metrics_port(emulator.process)
        # One sweep, then nothing until the poll an hour later: the counters come to rest.
        self.p.env.update(FT_RATE_LIMIT="10", JOBSTREAM_POLL_INTERVAL="1h")
        run = self.p.start("run", ["run", "--no-progress", "--metrics-port", "0"])
        run_port = metrics_port(run)
        self.prometheus = Prometheus(self.p.workdir, {"emulator": emulator_port, "run": run_port})
        prom = self.prometheus

        wait_for(lambda: self.p.count_offers() >= OFFERS, 600, f"{OFFERS} offers stored", 1)
        stored_rows = self.p.count_offers()
        self.assertEqual(stored_rows, OFFERS)

        # Prometheus' view converges on what the run did (a scrape every second).
        def scraped(promql, expected):
            seen = []
            try:
                wait_for(lambda: seen.append(prom.query(promql)) or seen[-1] == expected, 120, "", 1)
            except AssertionError:
                self.fail(f"{promql}: Prometheus shows {seen[-1] if seen else None}, the run did {expected}")

        scraped('jobstream_consumer_offers_stored_total{job="run"}', stored_rows)
        scraped('jobstream_harvest_offers_total{job="run", kind="new"}', OFFERS)
        scraped('jobstream_kafka_deliveries_total{job="run"}', OFFERS)
        scraped('jobstream_kafka_delivery_errors_total{job="run"}', 0)
        scraped('jobstream_harvest_cycles_total{job="run", cycle="sweep", result="complete"}', 1)
        scraped('sum(jobstream_consumer_dead_letters_total{job="run"})', 0)
        scraped('sum(jobstream_kafka_consumer_lag_messages{job="run"})', 0)
        scraped('jobstream_consumer_assigned_partitions{job="run"}', 6)
        scraped('sum(jobstream_store_writes_total{job="run", result="ok"})', stored_rows)
        scraped('jobstream_store_writes_in_flight{job="run"}', 0)

        # API requests: the client's count equals the emulator's, both as Prometheus scraped them
        # and as the emulator reports them itself.
        stats = json.loads(http_get(emulator.base + "/_emulator/stats")[1])
        api_requests = stats["search_requests"] + stats["offer_requests"] + stats["reference_requests"]
        self.assertGreater(api_requests, OFFERS // 150)
        scraped('sum(jobstream_api_requests_total{job="run", endpoint!="token"})', api_requests)
        scraped('sum(jobstream_emulator_requests_total{job="emulator", endpoint!="token"})', api_requests)
        scraped('sum(jobstream_api_requests_total{job="run", endpoint="token"})', stats["token_requests"])
        scraped('sum(jobstream_api_requests_total{job="run", outcome="429"})', stats["by_status"].get("429", 0))

        # The rest is present and plausible: CQL requests per node at least one per stored offer,
        # a harvest watermark, the process's own figures, both targets up.
        self.assertGreaterEqual(prom.query('sum(jobstream_cql_requests_total{job="run"})'), stored_rows)
        self.assertEqual(prom.query('sum(jobstream_cql_connections{job="run", state="up"})') >= 1, True)
        self.assertGreater(prom.query('jobstream_harvest_watermark_timestamp_seconds{job="run"}'), 1.6e9)
        self.assertGreater(prom.query('process_resident_memory_bytes{job="run"}'), 1e6)
        self.assertGreater(prom.query('process_open_fds{job="run"}'), 3)
        self.assertEqual(prom.query('jobstream_kafka_brokers_up{job="run", client="jobstream-producer"}'), 1)
        self.assertEqual(prom.query('jobstream_store_write_duration_seconds_count{job="run"}'), stored_rows)
        self.assertEqual(prom.query('sum(up)'), 2)

        # Probes: alive, and ready (Kafka reachable, sweep complete, partitions assigned).
        self.assertEqual(http_get(f"http://127.0.0.1:{run_port}/healthz")[0], 200)
        wait_for(lambda: http_get(f"http://127.0.0.1:{run_port}/readyz")[0] == 200, 60, "run to be ready")
        promtool_check(self, "run", http_get(f"http://127.0.0.1:{run_port}/metrics")[1])
        promtool_check(self, "emulate-api", http_get(f"http://127.0.0.1:{emulator_port}/metrics")[1])

    def test_every_command_serves_valid_metrics_and_probes(self):
        self.p.emulator(300)
        self.p.env.update(FT_RATE_LIMIT="10", JOBSTREAM_POLL_INTERVAL="1h")
        producer = self.p.start("produce", ["produce", "--no-progress", "--metrics-port", "0"])
        producer_port = metrics_port(producer)
        wait_for(lambda: "sweep 1 complete" in producer.log(), 300, "the producer's first sweep")
        wait_for(lambda: http_get(f"http://127.0.0.1:{producer_port}/readyz")[0] == 200, 60, "the producer ready")

        # The consumer is not ready until it holds partitions, then ready.
        consumer = self.p.start("consume", ["consume", "--metrics-port", "0"])
        consumer_port = metrics_port(consumer)
        wait_for(lambda: http_get(f"http://127.0.0.1:{consumer_port}/readyz")[0] == 200, 120, "the consumer ready")
        wait_for(lambda: self.p.count_offers() >= 300, 300, "300 offers stored", 1)

        web_port = free_port()
        serve = self.p.start("serve", ["serve", "--port", str(web_port), "--metrics-port", "0"])
        serve_port = metrics_port(serve)
        wait_for(lambda: http_get(f"http://127.0.0.1:{serve_port}/readyz")[0] == 200, 120, "serve ready")

        for name, port in (("produce", producer_port), ("consume", consumer_port), ("serve", serve_port)):
            self.assertEqual(http_get(f"http://127.0.0.1:{port}/healthz"), (200, "ok\n"), name)
            status, text = http_get(f"http://127.0.0.1:{port}/metrics")
            self.assertEqual(status, 200)
            self.assertRegex(text, 'jobstream_build_info\\{[^}]*command="' + name + '"', name)
            promtool_check(self, name, text)

    def test_a_producer_without_kafka_is_alive_but_not_ready(self):
        self.p.emulator(10)
        # Nothing listens there: the producer starts, but cannot reach a broker.
        self.p.env.update(KAFKA_BOOTSTRAP_SERVERS=f"127.0.0.1:{free_port()}")
        producer = self.p.start("produce", ["produce", "--no-progress", "--metrics-port", "0"])
        port = metrics_port(producer)
        self.assertEqual(http_get(f"http://127.0.0.1:{port}/healthz")[0], 200)
        status, text = http_get(f"http://127.0.0.1:{port}/readyz")
        self.assertEqual(status, 503)
        self.assertRegex(text, r"kafka: (no report from the Kafka producer yet|no Kafka broker reachable)")


if __name__ == "__main__":
    unittest.main(verbosity=2)
