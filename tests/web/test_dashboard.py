"""Browser test of the dashboard: `jobstream serve` over a stack filled through the real pipeline,
loaded in Debian's Chromium driven by playwright-core (tests/web/dashboard_browser.mjs). Saves the
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


class DashboardTest(unittest.TestCase):
    def setUp(self):
        self.p = wh.Pipeline()
        self.p.run("init-db", ["init-db"], timeout=300)

    def tearDown(self):
        self.p.close()

    def test_the_dashboard_shows_the_api_figures_and_filters_on_a_map_click(self):
        wh.fill(self.p, 5000, seed=11)
        server = wh.Server(self.p)
        server.wait_ready(5000)
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
