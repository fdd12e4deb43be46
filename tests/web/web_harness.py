"""What the web tests add to the pipeline harness: `jobstream stats`, a running `jobstream serve`,
and the figures computed independently from the offers' JSON."""
import collections
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pipeline"))
import harness  # noqa: E402
from harness import JOBSTREAM, Pipeline, wait_for  # noqa: E402,F401


def fill(pipeline, count, seed=1, first_id=0):
    """Offers through the real pipeline: produce --replay, then consume until caught up."""
    path, offers = pipeline.sample(count, seed=seed, first_id=first_id)
    pipeline.run("produce", ["produce", "--replay", path], timeout=600)
    pipeline.run("consume", ["consume", "--until-caught-up"], timeout=600)
    return {i: json.loads(raw) for i, raw in offers.items()}


def stats(pipeline, *args):
    """`jobstream stats ARGS` in the pipeline's environment: (exit code, stdout bytes, stderr text)."""
    out = subprocess.run([JOBSTREAM, "stats", *args], env=pipeline.env, capture_output=True, timeout=600)
    return out.returncode, out.stdout, out.stderr.decode("utf-8", "replace")


def stats_json(pipeline, *args):
    code, out, err = stats(pipeline, "--format", "json", *args)
    if code != 0:
        raise AssertionError(f"stats {' '.join(args)} exited {code}: {err[-2000:]}")
    return out


def departement_of(offer):
    """The département of an offer, from its INSEE commune code (2A/2B, 971-976) or its
    "NN - Ville" libellé; None when the place is only a région or the country."""
    place = offer.get("lieuTravail", {})
    commune = place.get("commune")
    if commune:
        return commune[:3] if commune.startswith("97") else commune[:2]
    m = re.match(r"^(\d\d\d?|2[AB]) - ", place.get("libelle", ""))
    return m.group(1) if m else None


def expected_figures(offers):
    """A few figures computed from the offers alone, without jobstream's code."""
    by_dept = collections.Counter(d for d in map(departement_of, offers.values()) if d)
    return {
        "offers": len(offers),
        "posts": sum(o.get("nombrePostes", 1) for o in offers.values()),
        "without_departement": sum(1 for o in offers.values() if departement_of(o) is None),
        "by_departement": dict(by_dept),
        "by_contract": dict(collections.Counter(o["typeContrat"] for o in offers.values())),
        "by_rome": dict(collections.Counter(o["romeCode"] for o in offers.values())),
        "new_per_day": dict(collections.Counter(o["dateCreation"][:10] for o in offers.values())),
    }


class Server:
    """A `jobstream serve` on a free port of the loopback interface."""

    def __init__(self, pipeline, extra_env=None):
        if extra_env:
            pipeline.env.update(extra_env)
        self.process = pipeline.start("serve", ["serve", "--host", "127.0.0.1", "--port", "0"])
        port = wait_for(lambda: self._port(), 60, "serve to print its address")
        self.url = f"http://127.0.0.1:{port}"

    def _port(self):
        if self.process.proc.poll() is not None:
            raise AssertionError(f"serve exited {self.process.proc.returncode}:\n{self.process.log()[-3000:]}")
        m = re.search(r"dashboard at http://127\.0\.0\.1:(\d+)/", self.process.log())
        return int(m.group(1)) if m else None

    def get(self, path):
        """(status, content type, body bytes) of a GET."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as r:
                return r.status, r.headers.get("Content-Type"), r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type"), e.read()

    def json(self, path):
        status, _, body = self.get(path)
        if status != 200:
            raise AssertionError(f"GET {path}: {status} {body[:500]!r}")
        return json.loads(body)

    def wait_ready(self, offers, timeout=120):
        """Waits until the engine is loaded and holds `offers` offers."""
        def ready():
            h = self.json("/api/health")
            return h if h["engine"]["ready"] and h["engine"]["offers"] == offers else None
        return wait_for(ready, timeout, f"serve to hold {offers} offers")

    def latency_ms(self, path, runs=20):
        """Median wall time of `runs` GETs of `path`, in milliseconds."""
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            self.get(path)
            times.append((time.perf_counter() - t) * 1000)
        return sorted(times)[len(times) // 2]
