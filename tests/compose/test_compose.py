"""The whole system under Docker Compose, as a user runs it: `docker compose build`, then `up`.

One step per CTest test, in this order (they share one compose project, state in COMPOSE_TEST_DIR):
  build      a copy of the checkout's files (a clean clone's content), scripts/docker-prepare, then
             `docker compose build`; no secret from .env reaches an image
  up         `up -d`: every service healthy or completed; the emulator's offers all land in Cassandra
             once each, `raw` equal to what the emulator served (checked from the host)
  dashboard  serve's dashboard and API answer on the published port with the stored offers' figures
  volumes    `down` then `up` keeps the data; `down -v` removes it
  failover   a fresh harvest: one consumer killed mid-stream (the other takes its partitions) and the
             producer restarted (it resumes from the state in its volume); no offer missing
  cleanup    `down -v`, and the Docker engine stopped if `build` started it
Starts dockerd when none answers. Its own project name and ports: never collides with scripts/stack.
"""
import datetime
import json
import os
import random
import shutil
import string
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "web"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pipeline"))
from cassandra.cluster import Cluster  # noqa: E402

from harness import wait_for  # noqa: E402
from web_harness import expected_figures  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.environ.get("COMPOSE_TEST_DIR", os.path.join(ROOT, "build", "compose-test"))
SRC = os.path.join(WORK, "src")
PROJECT = os.environ.get("COMPOSE_TEST_PROJECT", "jobstream-compose-test")
PORTS = {"PUBLISH_KAFKA_PORT": "19092", "PUBLISH_CASSANDRA_PORT": "19042",
         "PUBLISH_DASHBOARD_PORT": "18080", "PUBLISH_EMULATOR_PORT": "18089", "PUBLISH_PROMETHEUS_PORT": "19090"}
OFFERS = int(os.environ.get("COMPOSE_TEST_OFFERS", "20000"))
# A fixed catalogue: no live changes, so the stored rows can be compared with what was served.
SETTINGS = dict(PORTS, JOBSTREAM_EMULATOR_OFFERS=str(OFFERS), JOBSTREAM_EMULATOR_LIVE_PER_MIN="0",
                JOBSTREAM_EMULATOR_UPDATES_PER_MIN="0", JOBSTREAM_EMULATOR_WITHDRAWALS_PER_MIN="0")
TIMES = os.path.join(WORK, "times.json")


def log(msg):
    print(f"[compose {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(args, timeout=600, check=True, env=None, cwd=SRC):
    p = subprocess.run(args, cwd=cwd, env=env or dict(os.environ, **SETTINGS), capture_output=True, text=True,
                       timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {p.returncode}:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    return p


def compose(*args, timeout=900, check=True):
    # `docker compose` (v2) when the CLI has it, else Compose 1.29's `docker-compose`.
    cmd = ["docker", "compose"] if run(["docker", "compose", "version"], check=False, cwd=ROOT).returncode == 0 \
        else ["docker-compose"]
    return run(cmd + ["-p", PROJECT, *args], timeout=timeout, check=check)


def record(name, value, unit="s"):
    times = json.load(open(TIMES)) if os.path.exists(TIMES) else {}
    times[f"{name} ({unit})"] = round(value, 1)
    json.dump(times, open(TIMES, "w"), indent=1)
    log(f"{name}: {value:.1f} {unit}")


def containers():
    """{service: inspect document} of the project's containers, stopped ones included."""
    ids = run(["docker", "ps", "-aq", "--filter", f"label=com.docker.compose.project={PROJECT}"]).stdout.split()
    if not ids:
        return {}
    docs = json.loads(run(["docker", "inspect", *ids]).stdout)
    return {d["Config"]["Labels"]["com.docker.compose.service"]: d for d in docs}


def all_healthy_or_completed():
    cs = containers()
    states = {}
    for service, d in cs.items():
        st = d["State"]
        if service == "init-db":
            states[service] = "completed" if st["Status"] == "exited" and st["ExitCode"] == 0 else st["Status"]
        else:
            states[service] = st.get("Health", {}).get("Status", "no healthcheck")
    want = {"zookeeper", "kafka", "cassandra", "api-emulator", "init-db", "producer", "consumer-1", "consumer-2",
            "serve", "prometheus"}
    return states if set(states) >= want and all(s in ("healthy", "completed") for s in states.values()) else None


def up_and_wait_healthy(what):
    started = time.monotonic()
    compose("up", "-d")
    try:
        states = wait_for(all_healthy_or_completed, 400, "every service healthy or completed", interval=2)
    except AssertionError:
        log("states: " + json.dumps({s: d["State"].get("Health", {}).get("Status", d["State"]["Status"])
                                     for s, d in containers().items()}))
        raise
    record(what, time.monotonic() - started)
    log("services: " + ", ".join(f"{s} {v}" for s, v in sorted(states.items())))


def emulator_offers():
    """{id: exact JSON text} of every offer the compose file's API emulator serves."""
    url = f"http://127.0.0.1:{PORTS['PUBLISH_EMULATOR_PORT']}/_emulator/offers"
    with urllib.request.urlopen(url, timeout=120) as r:
        lines = r.read().decode("utf-8").split("\n")
    return {json.loads(line)["id"]: line for line in lines if line}


class Store:
    """The project's Cassandra, from the host through its published port (Debian's python3-cassandra)."""

    def __init__(self):
        self.session = wait_for(self._connect, 180, "a CQL session through the published port", interval=2)

    def _connect(self):
        # On a busy machine the first connections after a (re)start may time out: retried until the deadline.
        # Protocol v4 like jobstream's client (the driver's v5 attempt timed out after a restart).
        self.cluster = Cluster(["127.0.0.1"], port=int(PORTS["PUBLISH_CASSANDRA_PORT"]), protocol_version=4,
                               connect_timeout=30, control_connection_timeout=30)
        try:
            return self.cluster.connect()
        except Exception as exc:
            log(f"CQL connect: {exc}")
            self.cluster.shutdown()
            return None

    def rows(self):
        rs = self.session.execute("SELECT id, raw FROM jobstream.offers", timeout=120)
        rows = {}
        for r in rs:
            assert r.id not in rows, f"offer {r.id} stored twice"
            rows[r.id] = r.raw
        return rows

    def count(self):
        try:
            return self.session.execute("SELECT count(*) FROM jobstream.offers", timeout=60).one()[0]
        except Exception as exc:  # the table may not exist yet
            log(f"count: {exc}")
            return -1

    def close(self):
        self.cluster.shutdown()


def assert_exactly_the_emulator_offers(store, expected):
    wait_for(lambda: store.count() >= len(expected), 600, f"{len(expected)} offers in Cassandra", interval=2)
    rows = store.rows()
    missing = expected.keys() - rows.keys()
    extra = rows.keys() - expected.keys()
    assert not missing and not extra, f"{len(missing)} offers missing, {len(extra)} unexpected"
    differing = [i for i, raw in expected.items() if rows[i] != raw]
    assert not differing, f"{len(differing)} offers with a raw different from the emulator's, e.g. {differing[:3]}"
    log(f"{len(rows)} offers stored once each, raw equal to the emulator's")


def logs(service):
    return compose("logs", "--no-color", service).stdout


# ----------------------------------------------------------------------------------------- steps

def step_build():
    os.makedirs(WORK, exist_ok=True)
    if run(["docker", "info"], check=False, cwd=ROOT).returncode != 0:
        log("no Docker engine answers: starting dockerd")
        out = open(os.path.join(WORK, "dockerd.log"), "a")
        proc = subprocess.Popen(["dockerd"], stdout=out, stderr=out, start_new_session=True)
        with open(os.path.join(WORK, "dockerd.pid"), "w") as f:
            f.write(str(proc.pid))
        wait_for(lambda: run(["docker", "info"], check=False, cwd=ROOT).returncode == 0, 60, "dockerd to answer")
    # A clean clone's content: the files git knows, as they are in the checkout.
    shutil.rmtree(SRC, ignore_errors=True)
    files = run(["git", "ls-files", "-z"], cwd=ROOT).stdout.split("\0")
    for f in filter(None, files):
        src = os.path.join(ROOT, f)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(SRC, f)), exist_ok=True)
            shutil.copy2(src, os.path.join(SRC, f))
    # The dashboard bundle scripts/build made (docker-prepare builds it with npm otherwise).
    if os.path.isfile(os.path.join(ROOT, "web", "dist", "index.html")):
        shutil.copytree(os.path.join(ROOT, "web", "dist"), os.path.join(SRC, "web", "dist"))
    # The user's step: cp .env.example .env, no credentials. A canary value shows whether .env
    # reaches an image.
    canary = "canary-" + "".join(random.choices(string.ascii_lowercase, k=24))
    with open(os.path.join(SRC, ".env.example")) as f, open(os.path.join(SRC, ".env"), "w") as env:
        env.write(f.read() + f"\nCOMPOSE_TEST_CANARY={canary}\n")
    with open(os.path.join(WORK, "canary"), "w") as f:
        f.write(canary)
    started = time.monotonic()
    run([os.path.join(SRC, "scripts", "docker-prepare")], timeout=900)
    record("prepare", time.monotonic() - started)
    started = time.monotonic()
    compose("build", timeout=3600)
    record("build", time.monotonic() - started)
    sizes = {}
    for image in ("jobstream:local", "jobstream-kafka:local", "jobstream-cassandra:local"):
        size = int(run(["docker", "image", "inspect", "-f", "{{.Size}}", image]).stdout)
        sizes[image] = size
        history = run(["docker", "history", "--no-trunc", image]).stdout
        assert canary not in history and "FT_CLIENT_SECRET=" not in history, f"{image}: .env in its history"
    for image, size in sizes.items():
        record(f"size of {image}", size / 1e6, "MB")
    user = run(["docker", "image", "inspect", "-f", "{{.Config.User}}", "jobstream:local"]).stdout.strip()
    assert user not in ("", "root", "0"), f"jobstream:local runs as {user!r}"
    # The image's files, all layers: no trace of .env.
    save = subprocess.run(f"docker save jobstream:local | grep -c -a {canary}", shell=True, capture_output=True,
                          text=True)
    assert save.stdout.strip() == "0", f"the canary of .env is in jobstream:local ({save.stdout.strip()} matches)"


def step_up():
    up_and_wait_healthy("up (start until every service is healthy)")
    expected = emulator_offers()
    assert len(expected) == OFFERS, f"the emulator serves {len(expected)} offers, not {OFFERS}"
    assert "harvesting the API emulator" in logs("producer"), "the producer did not fall back to the emulator"
    store = Store()
    started = time.monotonic()
    assert_exactly_the_emulator_offers(store, expected)
    record(f"harvest of {OFFERS} offers into Cassandra", time.monotonic() - started)
    store.close()
    prometheus_sees_the_run()


def prometheus_query(expr):
    url = f"http://127.0.0.1:{PORTS['PUBLISH_PROMETHEUS_PORT']}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as r:
        answer = json.load(r)
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


def prometheus_sees_the_run():
    """The compose Prometheus scrapes every jobstream service, loaded deploy/prometheus's alert rules,
    and its counters agree with the run: every offer stored at least once, every request the emulator
    counted itself."""
    def all_targets_up():
        up = {r["metric"]["instance"]: r["value"][1] for r in prometheus_query('up{job="jobstream"}')}
        return up if len(up) == 5 and set(up.values()) == {"1"} else None
    targets = wait_for(all_targets_up, 120, "Prometheus scraping the five jobstream services", interval=2)
    log("prometheus targets up: " + ", ".join(sorted(targets)))

    def stored_all():
        result = prometheus_query("sum(jobstream_consumer_offers_stored_total)")
        return result and float(result[0]["value"][1]) >= OFFERS
    wait_for(stored_all, 120, f"Prometheus counting at least {OFFERS} offers stored", interval=2)

    with urllib.request.urlopen(f"http://127.0.0.1:{PORTS['PUBLISH_PROMETHEUS_PORT']}/api/v1/rules", timeout=10) as r:
        groups = json.load(r)["data"]["groups"]
    loaded = {rule["name"] for g in groups for rule in g["rules"] if rule.get("type") == "alerting"}
    with open(os.path.join(ROOT, "deploy", "prometheus", "alerts.yml"), encoding="utf-8") as f:
        declared = {line.split(":", 1)[1].strip() for line in f if line.strip().startswith("- alert:")}
    assert declared and loaded == declared, f"alerts loaded {sorted(loaded)}, declared {sorted(declared)}"
    log(f"prometheus: {len(loaded)} alert rules loaded")


def step_dashboard():
    store = Store()
    offers = {i: json.loads(raw) for i, raw in store.rows().items()}
    store.close()
    base = f"http://127.0.0.1:{PORTS['PUBLISH_DASHBOARD_PORT']}"
    with urllib.request.urlopen(base + "/", timeout=30) as r:
        page = r.read().decode("utf-8")
        assert r.status == 200 and r.headers.get("Content-Type", "").startswith("text/html"), r.headers
    assert "main.js" in page, "the dashboard page does not load its script"

    # A window that holds every offer (the default is the last 90 days).
    today = datetime.date.today()
    window = f"from={today - datetime.timedelta(days=1500)}&to={today + datetime.timedelta(days=1)}"

    def figures():
        with urllib.request.urlopen(f"{base}/api/figures?{window}", timeout=30) as r:
            f = json.loads(r.read())
        return f if f["totals"]["offers"] == len(offers) else None
    f = wait_for(figures, 120, f"the dashboard's figures over {len(offers)} offers")
    expected = expected_figures(offers)
    totals = f["totals"]
    assert totals["open_at_end"] == len(offers) and totals["withdrawn"] == 0, totals
    assert totals["open_posts_at_end"] == expected["posts"], (totals, expected["posts"])
    assert totals["without_departement"] == expected["without_departement"], totals
    assert {d["code"]: d["count"] for d in f["by_departement"]} == expected["by_departement"]
    assert {d["code"]: d["count"] for d in f["by_contract"]} == expected["by_contract"]
    log(f"dashboard on port {PORTS['PUBLISH_DASHBOARD_PORT']}: {len(offers)} offers, figures as stored")


def project_volumes():
    return set(run(["docker", "volume", "ls", "-q", "--filter", f"label=com.docker.compose.project={PROJECT}"])
               .stdout.split())


def step_volumes():
    store = Store()
    before = set(store.rows())
    store.close()
    assert len(before) == OFFERS, len(before)
    compose("down")
    assert not containers(), "containers left after down"
    volumes = project_volumes()
    # zookeeper-data, kafka-data, cassandra-data, producer-state, serve-state, prometheus-data
    assert len(volumes) == 6, f"named volumes after down: {volumes}"
    up_and_wait_healthy("up again (existing volumes)")
    store = Store()
    after = set(store.rows())
    store.close()
    assert before <= after, f"{len(before - after)} offers lost by down/up"
    assert "known offers" in logs("producer"), "the producer did not load its state from its volume"
    # serve wrote its figures' snapshot when `down` stopped it, and started again from it.
    assert "serve: loaded the snapshot" in logs("serve"), "serve read the whole table instead of its snapshot"
    compose("down", "-v")
    assert not project_volumes(), f"volumes left after down -v: {project_volumes()}"


def step_failover():
    # Slower requests to the API: the harvest takes long enough to be interrupted twice.
    with open(os.path.join(SRC, ".env"), "a") as env:
        env.write("FT_RATE_LIMIT=1\n")
    up_and_wait_healthy("up (fresh volumes)")
    expected = emulator_offers()
    store = Store()
    wait_for(lambda: store.count() > 0, 300, "the first offers in Cassandra", interval=0.5)
    victim = containers()["consumer-1"]["Id"]
    count = store.count()
    assert count < len(expected), "the harvest ended before a consumer could be killed"
    run(["docker", "kill", victim])
    log(f"killed consumer-1 with {count} of {len(expected)} offers stored")
    wait_for(lambda: store.count() > count + 200, 300, "offers stored after the kill", interval=0.5)
    count = store.count()
    assert count < len(expected), "the harvest ended before the producer could be restarted"
    compose("restart", "producer")
    log(f"restarted the producer with {count} of {len(expected)} offers stored")
    assert_exactly_the_emulator_offers(store, expected)
    store.close()
    state = containers()["consumer-1"]["State"]
    assert not state["Running"], "consumer-1 was restarted: the other consumer did not do the work alone"
    producer_log = logs("producer")
    assert "resuming sweep" in producer_log, "the restarted producer did not resume its sweep from its state"


def step_cleanup():
    if os.path.isdir(SRC):
        compose("down", "-v", "--remove-orphans", check=False)
    shutil.rmtree(SRC, ignore_errors=True)
    pid_file = os.path.join(WORK, "dockerd.pid")
    if os.path.exists(pid_file):
        pid = int(open(pid_file).read())
        log(f"stopping the dockerd this test started (pid {pid})")
        os.kill(pid, 15)
        wait_for(lambda: not os.path.exists(f"/proc/{pid}") or "Z" in open(f"/proc/{pid}/stat").read().split()[2],
                 60, "dockerd to stop")
        os.remove(pid_file)
    if os.path.exists(TIMES):
        log("measured: " + open(TIMES).read())


STEPS = {"build": step_build, "up": step_up, "dashboard": step_dashboard, "volumes": step_volumes,
         "failover": step_failover, "cleanup": step_cleanup}

if __name__ == "__main__":
    STEPS[sys.argv[1]]()
    log(f"{sys.argv[1]}: passed")
