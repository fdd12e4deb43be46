"""Process-level harness for jobstream's end-to-end tests.

Runs the real `jobstream` binary (init-db, produce, consume) as separate processes against the
local stack's real Kafka and Cassandra, and checks the results with independent clients: Debian's
python3-cassandra for Cassandra and kcat for Kafka. Every wait has a deadline.
"""
import datetime as dt
import json
import os
import random
import re
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from cassandra.cluster import Cluster

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JOBSTREAM = os.environ.get("JOBSTREAM_BIN", os.path.join(ROOT, "build", "bin", "jobstream"))
KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
CASSANDRA_HOST = os.environ.get("CASSANDRA_CONTACT_POINTS", "127.0.0.1").split(",")[0]
CASSANDRA_PORT = int(os.environ.get("CASSANDRA_PORT", "9042"))


def unique(prefix):
    return prefix + "_" + "".join(random.choices(string.ascii_lowercase + string.digits, k=10))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=30):
    """(status, body) of a GET; HTTP errors are answers too, no connection is status 0."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):  # not listening yet
        return 0, ""


def metric(port, name):
    """The value of one unlabelled series of a process's /metrics, or None."""
    status, body = http_get(f"http://127.0.0.1:{port}/metrics")
    m = re.search(rf"^{re.escape(name)}(?:{{}})? (\S+)$", body, re.M) if status == 200 else None
    return float(m.group(1)) if m else None


def log_between(log, begin, end, slack=2.0):
    """The lines of a log (text or JSON lines, times in UTC) whose time falls within
    [begin - slack, end + slack] (epoch seconds): what a process did while something was measured."""
    lines = []
    for line in log.splitlines():
        try:
            stamp = json.loads(line)["time"].rstrip("Z") if line.startswith("{") else line.split(" ", 1)[0]
            at = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f")
        except (ValueError, KeyError, TypeError, IndexError):
            continue
        if begin - slack <= at.replace(tzinfo=dt.timezone.utc).timestamp() <= end + slack:
            lines.append(line)
    return "\n".join(lines[-60:])


def wait_for(condition, timeout, what, interval=0.2):
    """Polls `condition` until it returns a truthy value; fails with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def known_offer_ids(state_path):
    """(state, ids) of a harvest state file as the harvest reads it: the snapshot, then each
    committed batch of its log (record lines up to a `=` commit line; a log that names another
    snapshot generation is stale and ignored). Record lines are `+ID\tnumbers` or `-ID`, with the
    id JSON-quoted when it needs escaping."""
    with open(state_path, encoding="utf-8") as f:
        state = json.load(f)
    known = set(state["known"])
    try:
        with open(state_path + ".log", encoding="utf-8") as f:
            lines = f.read().split("\n")
    except FileNotFoundError:
        return state, known
    if lines[0] != f"jobstream-source-log 1 {state.get('generation', 0)}":
        return state, known
    batch = []
    for line in lines[1:]:
        if line.startswith("="):
            for op, offer_id in batch:
                (known.add if op == "+" else known.discard)(offer_id)
            batch = []
        elif line:
            raw = line[1:].split("\t")[0]
            batch.append((line[0], json.loads(raw) if raw.startswith('"') else raw))
    return state, known


def topic_keys(topic):
    """Every message key of `topic`, read from the beginning with kcat (an independent client)."""
    out = subprocess.run(["kcat", "-C", "-b", KAFKA, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\n"],
                         capture_output=True, timeout=300, check=True)
    return [k for k in out.stdout.decode().split("\n") if k]


def topic_headers(topic):
    """{key: {header: value}} of every message of `topic`, read with kcat."""
    out = subprocess.run(["kcat", "-C", "-b", KAFKA, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\t%h\n"],
                         capture_output=True, timeout=300, check=True)
    result = {}
    for line in out.stdout.decode().split("\n"):
        if "\t" not in line:
            continue
        key, headers = line.split("\t", 1)
        # kcat prints "name=value,name=value"; the error text may itself hold commas, so split on
        # the known names.
        fields, name = {}, None
        for part in headers.split(","):
            head, sep, value = part.partition("=")
            if sep and head.startswith("jobstream."):
                name = head
                fields[name] = value
            elif name:
                fields[name] += "," + part
        result[key] = fields
    return result


class Process:
    """A jobstream subprocess whose output goes to a log file kept for inspection."""

    def __init__(self, name, args, env, workdir):
        self.name = name
        self.log_path = os.path.join(workdir, f"{name}.log")
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([JOBSTREAM, *args], env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name} did not finish within {timeout}s; log:\n{self.log()[-4000:]}")

    def kill9(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self, timeout=60):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
        self._log.close()
        return self.proc.returncode


class Emulator:
    """`jobstream emulate-api` in its own process, with credentials made up for the test."""

    def __init__(self, workdir, offers, extra_args=()):
        self.client_id = "PAR_e2e_" + "".join(random.choices(string.hexdigits.lower(), k=64))
        self.client_secret = "".join(random.choices(string.hexdigits.lower(), k=64))
        env_out = os.path.join(workdir, "emulator.env")
        env = dict(os.environ, FT_CLIENT_ID=self.client_id, FT_CLIENT_SECRET=self.client_secret)
        self.process = Process("emulate-api", ["emulate-api", "--port", "0", "--anchor", "now", "--offers", str(offers),
                                               "--env-out", env_out, *extra_args], env, workdir)
        wait_for(lambda: os.path.exists(env_out) and os.path.getsize(env_out) > 0, 120, "the API emulator to listen")
        with open(env_out, encoding="utf-8") as f:
            self.urls = dict(line.strip().split("=", 1) for line in f if "=" in line)
        self.base = self.urls["FT_API_URL"].split("/partenaire/")[0]

    def env(self):
        """The settings that point a harvester at this emulator."""
        return dict(self.urls, FT_CLIENT_ID=self.client_id, FT_CLIENT_SECRET=self.client_secret)

    def offers(self):
        """{id: exact JSON text} of every offer the emulator holds now."""
        import urllib.request
        with urllib.request.urlopen(self.base + "/_emulator/offers", timeout=120) as r:
            lines = r.read().decode("utf-8").split("\n")
        return {json.loads(line)["id"]: line for line in lines if line}

    def stop(self):
        return self.process.stop()


class Pipeline:
    """One isolated pipeline: its own topic, dead-letter topic, group, keyspace and work dir."""

    def __init__(self):
        self.workdir = tempfile.mkdtemp(prefix="jobstream-e2e-")
        self.topic = unique("offers")
        self.keyspace = unique("e2e")
        self.group = unique("group")
        self.processes = []
        self.env = dict(os.environ)
        self.env.update({
            "KAFKA_BOOTSTRAP_SERVERS": KAFKA, "KAFKA_TOPIC": self.topic, "KAFKA_GROUP_ID": self.group,
            "CASSANDRA_CONTACT_POINTS": CASSANDRA_HOST, "CASSANDRA_PORT": str(CASSANDRA_PORT),
            "CASSANDRA_KEYSPACE": self.keyspace, "JOBSTREAM_STATE_DIR": os.path.join(self.workdir, "state"),
        })
        self.cluster = Cluster([CASSANDRA_HOST], port=CASSANDRA_PORT, connect_timeout=10)
        self.session = self.cluster.connect()

    def sample(self, count, version=0, seed=1, first_id=0):
        """Writes a sample dump of `count` offers; returns (path, {id: raw json text})."""
        path = os.path.join(self.workdir, f"sample-{count}-v{version}-s{seed}-{first_id}.jsonl")
        with open(path, "wb") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "tools", "sample_offers.py"), str(count), "--seed",
                            str(seed), "--version", str(version), "--first-id", str(first_id)],
                           stdout=f, check=True, timeout=300)
        offers = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                offers[json.loads(line)["id"]] = line.rstrip("\n")
        return path, offers

    def emulator(self, offers, extra_args=()):
        """Starts an API emulator and points this pipeline's harvester at it."""
        emulator = Emulator(self.workdir, offers, extra_args)
        self.processes.append(emulator.process)
        self.env.update(emulator.env())
        return emulator

    def start(self, name, args):
        p = Process(f"{name}-{len(self.processes)}", args, self.env, self.workdir)
        self.processes.append(p)
        return p

    def run(self, name, args, timeout):
        """Runs a command to completion and asserts it exits 0."""
        p = self.start(name, args)
        code = p.wait(timeout)
        if code != 0:
            raise AssertionError(f"`jobstream {' '.join(args)}` exited {code}; log:\n{p.log()[-4000:]}")
        return p

    def stored_offers(self):
        rows = self.session.execute(f"SELECT id, raw, withdrawn_at, departement FROM {self.keyspace}.offers",
                                    timeout=120)
        return {r.id: r for r in rows}

    def count_offers(self):
        try:
            return self.session.execute(f"SELECT count(*) FROM {self.keyspace}.offers", timeout=60).one()[0]
        except Exception:  # the table may not exist yet
            return 0

    def close(self, drop_keyspace=True):
        for p in self.processes:
            p.stop()
        try:
            if drop_keyspace:
                self.session.execute(f"DROP KEYSPACE IF EXISTS {self.keyspace}", timeout=120)
        finally:
            self.cluster.shutdown()
