"""Browser test of the dashboard: `jobstream serve` over a stack filled by the real pipeline from
the project's API emulator (live: offers created, updated and withdrawn between two sweeps), loaded in Debian's Chromium driven by playwright-core (tests/web/dashboard_browser.mjs). Saves the
screenshot to docs/dashboard.png (or DASHBOARD_SCREENSHOT). Run by CTest (label integration)."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import web_harness as wh  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCREENSHOT = os.environ.get("DASHBOARD_SCREENSHOT",
                            os.path.join(wh.harness.ROOT, "docs", "dashboard.png"))


def emulator_events(emulator):
    import json
    import urllib.request
    with urllib.request.urlopen(emulator.base + "/_emulator/events", timeout=30) as r:
        return json.loads(r.read())


class DashboardTest(unittest.TestCase):
    def setUp(self):
        self.p = wh.Pipeline()
        self.p.run("init-db", ["init-db"], timeout=300)

    def tearDown(self):
        self.p.close()

    def test_the_dashboard_shows_the_api_figures_and_filters_on_a_map_click(self):
        emulator = self.p.emulator(8000, ["--live", "--creations-per-min", "240", "--updates-per-min", "120",
                                          "--withdrawals-per-min", "240"])
        self.p.env["FT_RATE_LIMIT"] = "10"
        self.p.run("produce-sweep-1", ["produce", "--once", "--no-progress"], timeout=600)
        wh.wait_for(lambda: len(emulator_events(emulator)) >= 60, 120, "live changes in the emulator", 1.0)
        # The second sweep sees the new and updated offers and confirms the withdrawn ones by id.
        self.p.run("produce-sweep-2", ["produce", "--once", "--no-progress"], timeout=600)
        self.p.run("consume", ["consume", "--until-caught-up"], timeout=600)
        rows = self.p.count_offers()
        withdrawn = self.p.session.execute(
            f"SELECT count(*) FROM {self.p.keyspace}.offers WHERE withdrawn_at > 0 ALLOW FILTERING", timeout=60).one()[0]
        self.assertGreater(withdrawn, 0, "withdrawals reached the table")
        server = wh.Server(self.p)
        server.wait_ready(rows)
        os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
        if os.path.exists(SCREENSHOT):
            os.unlink(SCREENSHOT)
        out = subprocess.run(["node", os.path.join(HERE, "dashboard_browser.mjs"), server.url + "/", SCREENSHOT, "13"],
                             capture_output=True, timeout=300)
        print(out.stdout.decode(), out.stderr.decode()[-4000:], file=sys.stderr)
        self.assertEqual(out.returncode, 0, "the browser test failed (see its output above)")
        with open(SCREENSHOT, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
