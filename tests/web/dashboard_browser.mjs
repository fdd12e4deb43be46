// Browser test of the dashboard: Debian's Chromium driven by playwright-core (from web/'s npm
// packages). Checks that the figures shown are those of /api/figures, that clicking a département
// on the map (and an overseas tile) filters them, and saves a screenshot.
//
// usage: node dashboard_browser.mjs URL SCREENSHOT.png [DEPT]
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { chromium } = createRequire(join(root, "web", "package.json"))("playwright-core");

const [url, screenshot, dept = "13"] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error("usage: node dashboard_browser.mjs URL SCREENSHOT.png [DEPT]");
  process.exit(2);
}
const TIMEOUT = 30000;

async function api(path) {
  const response = await fetch(new URL(path, url));
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  assert.match(response.headers.get("content-type"), /^application\/json/);
  return response.json();
}

/** Waits until the page shows the figures of `query`, then checks every headline tile against the API. */
async function expectFiguresOf(page, query) {
  await page.waitForSelector(`body[data-state="ready"][data-query="${query}"]`, { timeout: TIMEOUT });
  const figures = await api(`/api/figures${query ? `?${query}` : ""}`);
  const tiles = await page.$$eval(".tile[data-figure]", (els) =>
    els.map((e) => ({ key: e.dataset.figure, value: e.dataset.value, text: e.querySelector(".value").textContent })));
  const totals = tiles.filter((t) => t.key in figures.totals);
  assert.ok(totals.length >= 8, `only ${totals.length} headline tiles`);
  for (const t of totals) {
    assert.equal(t.value, String(figures.totals[t.key]), `tile ${t.key} for "${query}"`);
    assert.equal(t.text.replace(/\D/g, ""), String(figures.totals[t.key]), `text of tile ${t.key} for "${query}"`);
  }
  return figures;
}

/** A point of the page where the département's own path is the topmost element. */
async function pointInside(page, code) {
  await page.locator(`#dept-${code}`).scrollIntoViewIfNeeded();
  const point = await page.$eval(`#dept-${code}`, (path) => {
    const box = path.getBoundingClientRect();
    for (let i = 1; i < 20; i++) {
      for (let j = 1; j < 20; j++) {
        const x = box.left + (box.width * i) / 20;
        const y = box.top + (box.height * j) / 20;
        if (document.elementFromPoint(x, y) === path) return { x, y };
      }
    }
    return null;
  });
  assert.ok(point, `no visible point of département ${code} on the map`);
  return point;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  timeout: TIMEOUT,
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: "fr-FR" });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url, { timeout: TIMEOUT });

  const all = await expectFiguresOf(page, "");
  assert.ok(all.totals.offers > 0, "the dashboard shows no offer");
  const health = await api("/api/health");
  assert.equal(health.status, "ok", JSON.stringify(health));
  await page.waitForSelector('[data-health="lag"]', { timeout: TIMEOUT });
  const lagShown = await page.$eval('[data-health="lag"]', (e) => e.textContent.replace(/\D/g, ""));
  assert.equal(lagShown, String((await api("/api/health")).kafka.lag), "consumer lag shown");

  // A click on the map filters by that département.
  await page.waitForSelector(`#dept-${dept}`, { timeout: TIMEOUT });
  const { x, y } = await pointInside(page, dept);
  await page.mouse.click(x, y);
  const one = await expectFiguresOf(page, `dept=${dept}`);
  assert.equal(await page.$eval("#filter-dept", (s) => s.value), dept);
  assert.ok(one.totals.offers > 0 && one.totals.offers < all.totals.offers,
    `département ${dept}: ${one.totals.offers} of ${all.totals.offers} offers`);
  assert.deepEqual(one.by_departement.map((d) => d.code), [dept]);
  assert.ok(await page.$eval(`#dept-${dept}`, (p) => p.classList.contains("selected")));

  // Overseas départements are tiles beside the map.
  await page.click('.tile-dom[data-dept="974"]');
  const reunion = await expectFiguresOf(page, "dept=974");
  assert.equal(await page.$eval('.tile-dom[data-dept="974"]', (e) => e.dataset.count), String(reunion.totals.offers));

  // A period that ends before it starts is refused by the API, and the page says so.
  await page.fill('input[name="from"]', "2026-11-20");
  await page.fill('input[name="to"]', "2026-11-01");
  await page.dispatchEvent("#filters", "change");
  await page.waitForFunction(() => document.getElementById("error").textContent.includes("refusé"), null,
    { timeout: TIMEOUT });

  // Back to every offer for the picture.
  await page.click("#reset-filters");
  await expectFiguresOf(page, "");
  await page.waitForSelector(".pill.ok", { timeout: TIMEOUT });
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.deepEqual(errors, [], "errors in the page");
  console.log(`dashboard: ${all.totals.offers} offers shown as in /api/figures; département ${dept}: ` +
    `${one.totals.offers}; 974: ${reunion.totals.offers}; screenshot ${screenshot}`);
} finally {
  await browser.close();
}
