#!/usr/bin/env python3
"""`serve` over a loaded `offers` table against DuckDB over the same offers' facts, side by side.

Started by bench/analytics/national.sh (the venv's python, which has duckdb). Starts `jobstream
serve` (settings from the environment), measures the time until it first answers /api/figures
with the whole table loaded, its peak RSS, and the latency of /api/figures over four queries; then
loads FACTS.csv into DuckDB once and times the same figures there, checks that both give the same
numbers, and prints one line per query with the ratio of the two times.

usage: national_figures.py JOBSTREAM_BIN FACTS.csv PORT ROUNDS
"""
import datetime
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse

import duckdb

QUERIES = [  # name, /api/figures parameters, the same filter in SQL over the facts
    ("whole country", {}, "TRUE"),
    ("département 75", {"dept": "75"}, "departement = '75'"),
    ("ROME prefix M18", {"rome": "M18"}, "starts_with(rome, 'M18')"),
    ("one month", {"from": "2026-11-01", "to": "2026-11-30"}, "TRUE"),
]


def percentile(sorted_values, p):  # nearest rank, as the figures engine computes it
    n = len(sorted_values)
    return sorted_values[max(1, (p * n + 99) // 100) - 1]


def day_number(iso_day):
    return (datetime.date.fromisoformat(iso_day) - datetime.date(1970, 1, 1)).days


class Serve:
    def __init__(self, binary, port):
        self.port = port
        self.start = time.monotonic()
        self.proc = subprocess.Popen([binary, "--log-level", "warn", "serve", "--port", str(port)])
        self.conn = None

    def get(self, path):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        self.conn.request("GET", path)
        resp = self.conn.getresponse()
        body = resp.read()
        if resp.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return resp.status, body

    def wait_ready(self):
        """Seconds from the start until /api/figures answers over the whole table."""
        while True:
            if self.proc.poll() is not None:
                sys.exit(f"serve exited {self.proc.returncode}")
            try:
                status, body = self.get("/api/health")
                if status == 200 and json.loads(body)["engine"]["ready"]:
                    status, _ = self.get("/api/figures")
                    if status == 200:
                        return time.monotonic() - self.start, json.loads(body)["engine"]["offers"]
            except (OSError, http.client.HTTPException):
                self.conn = None
            time.sleep(0.05)

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        """Seconds from SIGTERM to the exit (a snapshot, when kept, is written in between)."""
        t0 = time.monotonic()
        self.proc.terminate()
        self.proc.wait(timeout=600)
        return time.monotonic() - t0


def our_figures(serve, params, rounds):
    path = "/api/figures" + ("?" + urllib.parse.urlencode(params) if params else "")
    times, body = [], None
    for i in range(rounds + 3):
        t0 = time.perf_counter()
        status, body = serve.get(path)
        if i >= 3:  # three warm-up answers
            times.append(time.perf_counter() - t0)
        if status != 200:
            sys.exit(f"{path}: HTTP {status}")
    return sorted(times), json.loads(body)


def duckdb_figures(db, where, first, last):
    """The figures both compute, from the facts (no offer of this load is withdrawn)."""
    scope = f"({where}) AND created_day <= {last}"
    totals = db.execute(
        f"SELECT count(*) FILTER (created_day <= {last}),"
        f" count(*) FILTER (created_day BETWEEN {first} AND {last}),"
        f" count(*) FILTER (updated_day BETWEEN {first} AND {last} AND updated_ms > created_ms)"
        f" FROM facts WHERE {where}").fetchone()
    depts = dict(db.execute(f"SELECT departement, count(*) FROM facts WHERE {scope} AND departement <> ''"
                            " GROUP BY departement").fetchall())
    romes = db.execute(f"SELECT rome, count(*) AS c FROM facts WHERE {scope} AND rome <> '' GROUP BY rome"
                       " ORDER BY c DESC, rome LIMIT 20").fetchall()
    contracts = dict(db.execute(f"SELECT contract, count(*) FROM facts WHERE {scope} AND contract <> ''"
                                " GROUP BY contract").fetchall())
    salary = db.execute(
        f"WITH s AS (SELECT list_sort(list(salary_annual)) AS l FROM facts WHERE {scope} AND salary_annual IS NOT NULL)"
        " SELECT len(l), l[greatest(1, (10 * len(l) + 99) // 100)], l[greatest(1, (50 * len(l) + 99) // 100)],"
        " l[greatest(1, (90 * len(l) + 99) // 100)] FROM s").fetchone()
    daily = dict(db.execute(f"SELECT created_day, count(*) FROM facts WHERE ({where})"
                            f" AND created_day BETWEEN {first} AND {last} GROUP BY created_day").fetchall())
    return {"offers": totals[0], "open_at_end": totals[0], "new": totals[1], "updated": totals[2],
            "by_departement": depts, "top_rome": [list(r) for r in romes], "by_contract": contracts,
            "salary": list(salary), "daily_new": {d: c for d, c in daily.items() if c}}


def ours_comparable(fig):
    t, s = fig["totals"], fig["salary"]
    first = day_number(fig["filter"]["from"])
    return {"offers": t["offers"], "open_at_end": t["open_at_end"], "new": t["new"], "updated": t["updated"],
            "by_departement": {e["code"]: e["count"] for e in fig["by_departement"]},
            "top_rome": [[e["code"], e["count"]] for e in fig["top_rome"]],
            "by_contract": {e["code"]: e["count"] for e in fig["by_contract"]},
            "salary": [s["parsed"], s["p10"], s["median"], s["p90"]],
            "daily_new": {first + i: d["new"] for i, d in enumerate(fig["daily"]) if d["new"]}}


def main():
    binary, facts, port, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    serve = Serve(binary, port)
    try:
        ready_s, offers = serve.wait_ready()
        print(f"serve: {offers} offers, first answer after {ready_s:.1f} s (full read of the table)")
        ours = [our_figures(serve, params, rounds) for _, params, _ in QUERIES]
        rss = serve.peak_rss_mb()
        print(f"serve: peak RSS {rss:.0f} MB")
    finally:
        stop_s = serve.stop()

    # A restart from the snapshot written at that stop (JOBSTREAM_SERVE_SNAPSHOT, set by the caller).
    snapshot = os.environ.get("JOBSTREAM_SERVE_SNAPSHOT", "")
    if snapshot:
        if not os.path.exists(snapshot):
            sys.exit(f"serve wrote no snapshot at {snapshot} when stopped")
        size = os.path.getsize(snapshot)
        print(f"serve: stopped in {stop_s:.1f} s, writing its snapshot: {size / 1e6:.1f} MB, {size / max(offers, 1):.0f} bytes an offer")
        again = Serve(binary, port)
        try:
            again_s, again_offers = again.wait_ready()
            again_rss = again.peak_rss_mb()
            same = all(our_figures(again, params, 0)[1] == fig for (_, params, _), (_, fig) in zip(QUERIES, ours))
        finally:
            again.stop()
        print(f"serve: restarted from the snapshot, first answer after {again_s:.1f} s ({ready_s / again_s:.0f}x faster),"
              f" {again_offers} offers, peak RSS {again_rss:.0f} MB, same figures for the four queries: {'yes' if same else 'NO'}")
        if not same or again_offers != offers:
            return 1

    db = duckdb.connect()
    t0 = time.perf_counter()
    db.execute(f"CREATE TABLE facts AS SELECT * FROM read_csv('{facts}', header = true, all_varchar = false,"
               " types = {'departement': 'VARCHAR', 'region': 'VARCHAR', 'rome': 'VARCHAR', 'contract': 'VARCHAR'})")
    print(f"duckdb {duckdb.__version__}: {db.execute('SELECT count(*) FROM facts').fetchone()[0]} facts loaded"
          f" in {time.perf_counter() - t0:.1f} s ({db.execute('SELECT current_setting(' + chr(39) + 'threads' + chr(39) + ')').fetchone()[0]} threads)")

    print(f"{'query':<18} {'ours p50':>9} {'p99':>7} {'duckdb p50':>11} {'p99':>7} {'ratio p50':>10}  same numbers")
    all_same = True
    for (name, _, where), (times, fig) in zip(QUERIES, ours):
        first, last = day_number(fig["filter"]["from"]), day_number(fig["filter"]["to"])
        duck_times, duck = [], None
        for i in range(rounds + 3):
            t0 = time.perf_counter()
            duck = duckdb_figures(db, where, first, last)
            if i >= 3:
                duck_times.append(time.perf_counter() - t0)
        duck_times.sort()
        mine = ours_comparable(fig)
        diff = [k for k in mine if mine[k] != duck[k]]
        all_same &= not diff
        print(f"{name:<18} {percentile(times, 50) * 1e3:7.1f}ms {percentile(times, 99) * 1e3:5.1f}ms"
              f" {percentile(duck_times, 50) * 1e3:9.1f}ms {percentile(duck_times, 99) * 1e3:5.1f}ms"
              f" {percentile(times, 50) / percentile(duck_times, 50):10.2f}  {'yes' if not diff else 'NO: ' + ', '.join(diff)}")
        for k in diff:
            print(f"  {k}: ours {str(mine[k])[:300]}\n  {k}: duckdb {str(duck[k])[:300]}")
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
