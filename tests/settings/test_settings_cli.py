#!/usr/bin/env python3
"""Settings as the `jobstream` commands meet them: every problem listed in one run before anything
starts, `.env` files in odd shapes, and `serve` refusing what it cannot serve. Runs $JOBSTREAM_BIN
with a clean environment; Kafka and Cassandra point at a closed loopback port, except in
--integration, where `serve` asks the local stack's Cassandra about a keyspace that does not exist."""
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

BIN = os.environ.get("JOBSTREAM_BIN", str(pathlib.Path(__file__).resolve().parents[2] / "build/bin/jobstream"))


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="jobstream-settings-")
        self.closed = closed_port()

    def tearDown(self):
        self.dir.cleanup()

    def env(self, **settings):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.dir.name,
               "JOBSTREAM_STATE_DIR": self.dir.name,
               "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{self.closed}",
               "CASSANDRA_CONTACT_POINTS": "127.0.0.1", "CASSANDRA_PORT": str(self.closed)}
        env.update(settings)
        return env

    def jobstream(self, *args, timeout=60, **settings):
        return subprocess.run([BIN, *args], env=self.env(**settings), cwd=self.dir.name, capture_output=True,
                              text=True, timeout=timeout)

    def assert_lists(self, result, *names):
        self.assertEqual(result.returncode, 1, result.stderr)
        for name in names:
            self.assertIn(name, result.stderr)


class EveryProblemAtOnce(Cli):
    def test_init_db_lists_every_problem_before_touching_the_schema(self):
        r = self.jobstream("init-db", FT_PAGE_SIZE="200", FT_SWEEP_START="9999-01-01T00:00:00Z",
                           CASSANDRA_REPLICATION_FACTOR="0", JOBSTREAM_EMULATOR_SEED="-1")
        self.assert_lists(r, "FT_PAGE_SIZE", "FT_SWEEP_START", "CASSANDRA_REPLICATION_FACTOR",
                          "JOBSTREAM_EMULATOR_SEED")
        self.assertNotIn("connecting", r.stderr)

    def test_produce_lists_every_problem(self):
        r = self.jobstream("produce", "--once", FT_CLIENT_ID="app", FT_CLIENT_SECRET="produce-secret-value",
                           FT_BACKOFF_MAX="5124095576031h", KAFKA_GROUP_ID="   ", JOBSTREAM_METRICS_PORT="70000")
        self.assert_lists(r, "FT_BACKOFF_MAX", "KAFKA_GROUP_ID", "JOBSTREAM_METRICS_PORT")
        self.assertNotIn("produce-secret-value", r.stderr + r.stdout)

    def test_run_lists_every_problem(self):
        r = self.jobstream("run", "--once", JOBSTREAM_EMULATOR_OFFERS="-5", KAFKA_PARTITIONS="0",
                           FT_RATE_LIMIT="0")
        self.assert_lists(r, "JOBSTREAM_EMULATOR_OFFERS", "KAFKA_PARTITIONS", "FT_RATE_LIMIT")


class EnvFiles(Cli):
    def test_a_missing_env_file_named_on_purpose_is_an_error(self):
        r = self.jobstream("--env-file", "no-such.env", "init-db")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("no-such.env", r.stderr)
        self.assertNotIn("connecting", r.stderr)

    def test_cr_line_endings_and_a_byte_order_mark(self):
        path = pathlib.Path(self.dir.name) / "odd.env"
        path.write_bytes(b"\xef\xbb\xbfCASSANDRA_KEYSPACE=bad-keyspace\rCASSANDRA_REPLICATION_FACTOR=abc\r"
                         b"CASSANDRA_PASSWORD=cr-secret-value\r")
        r = self.jobstream("--env-file", str(path), "init-db", "--no-reference-lists")
        self.assert_lists(r, "CASSANDRA_KEYSPACE", "CASSANDRA_REPLICATION_FACTOR")
        self.assertNotIn("cr-secret-value", r.stderr + r.stdout)


class Serve(Cli):
    def test_a_parameter_that_is_not_utf8_is_400(self):
        proc = subprocess.Popen([BIN, "serve", "--port", "0"], env=self.env(), cwd=self.dir.name,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            self.assertIsNotNone(match, line)
            url = f"http://127.0.0.1:{match.group(1)}/api/figures?dept=%FF"
            with self.assertRaises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(url, timeout=10)
            self.assertEqual(answer.exception.code, 400)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            proc.stdout.close()


class ServeAgainstTheStack(Cli):
    def test_a_missing_keyspace_stops_serve_at_start(self):
        started = time.monotonic()
        r = self.jobstream("serve", "--port", "0", timeout=60, CASSANDRA_PORT="9042",
                           KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:9092", CASSANDRA_KEYSPACE="jobstream_no_such_keyspace")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("jobstream_no_such_keyspace.offers", r.stderr)
        self.assertLess(time.monotonic() - started, 30)


if __name__ == "__main__":
    # Without the stack by default; --integration runs the test that needs it.
    classes = [ServeAgainstTheStack] if "--integration" in sys.argv else [EveryProblemAtOnce, EnvFiles, Serve]
    suite = unittest.TestSuite(unittest.defaultTestLoader.loadTestsFromTestCase(c) for c in classes)
    sys.exit(0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1)
