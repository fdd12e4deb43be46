// Unit tests of the dashboard's pure parts (formatting, charts, map data), run with `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { histogram, lineChart, rankTable } from "../src/charts.js";
import { escapeHtml, formatCount, formatEuros, formatInstant, shortDay } from "../src/format.js";
import { legendHtml, mapCodes, OVERSEAS } from "../src/france_map.js";

test("numbers are written the French way, absent ones as a dash", () => {
  assert.equal(formatCount(1234567).replace(/\s/g, " "), "1 234 567");
  assert.equal(formatCount(null), "–");
  assert.equal(formatEuros(30000).replace(/\s/g, " "), "30 000 €");
  assert.equal(formatEuros(null), "–");
  assert.equal(shortDay("2026-11-24"), "24/11");
});

test("instants say how long ago they were", () => {
  const now = Date.parse("2026-11-24T18:00:00Z");
  assert.match(formatInstant("2026-11-24T17:59:30Z", now), /il y a 30 s/);
  assert.match(formatInstant("2026-11-24T17:00:00Z", now), /il y a 1 h/);
  assert.equal(formatInstant(null, now), "–");
});

test("text from the API cannot inject markup", () => {
  assert.equal(escapeHtml(`<script>"x" & 'y'</script>`), "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;");
  const table = rankTable([{ code: "<b>", label: "<img src=x onerror=alert(1)>", count: 3 }]);
  assert.ok(!table.includes("<img"), table);
  assert.ok(table.includes("&lt;img"), table);
});

test("rank tables leave the code column out when asked", () => {
  const rows = [{ code: "SQL", label: "SQL", count: 2 }];
  assert.ok(rankTable(rows, { codeLabel: "ROME" }).includes('<td class="code">SQL</td>'));
  assert.ok(!rankTable(rows, { codeLabel: "" }).includes('class="code"'));
  assert.match(rankTable([], {}), /Aucune donnée/);
});

test("the daily chart draws one line per series and one tooltip per day", () => {
  const daily = [
    { day: "2026-11-01", new: 5, withdrawn: 1 },
    { day: "2026-11-02", new: 7, withdrawn: 0 },
    { day: "2026-11-03", new: 2, withdrawn: 3 },
  ];
  const svg = lineChart(daily, [{ key: "new", label: "Nouvelles", color: "#000" },
    { key: "withdrawn", label: "Retirées", color: "#f00" }]);
  assert.equal(svg.match(/<polyline/g).length, 2);
  assert.equal(svg.match(/<title>/g).length, 3);
  assert.ok(svg.includes("2026-11-02 : Nouvelles 7, Retirées 0"));
  assert.match(lineChart([], []), /Aucun jour/);
});

test("the salary histogram keeps the bins that matter, open last bin included", () => {
  const bins = [
    { lower: 0, upper: 5000, count: 0 }, { lower: 5000, upper: 10000, count: 0 },
    { lower: 10000, upper: 15000, count: 4 }, { lower: 15000, upper: 20000, count: 0 },
    { lower: 20000, upper: null, count: 2 },
  ];
  const svg = histogram(bins);
  // From one empty bin before the first non-empty one to the last non-empty one.
  assert.equal(svg.match(/<rect class="bar"/g).length, 4);
  assert.match(svg, /et plus : 2 offres/);
  assert.match(histogram(bins.map((b) => ({ ...b, count: 0 }))), /Aucun salaire/);
});

test("every département is on the map: Corsica as 2A and 2B, the overseas ones as 971-976", () => {
  const all = mapCodes();
  const ids = all;
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ["01", "2A", "2B", "75", "95", "971", "972", "973", "974", "975", "976"]) {
    assert.ok(ids.includes(id), id);
  }
  assert.ok(!ids.includes("20"));
  assert.equal(all.length, 96 + OVERSEAS.length);
});

test("the map legend gives the lowest count of each shade", () => {
  const html = legendHtml({ "75": 100, "13": 40 });
  const floors = [...html.matchAll(/title="(\d+) offres et plus"/g)].map((m) => Number(m[1]));
  assert.deepEqual(floors, [1, 4, 16, 36, 64]);
  assert.match(html, /100 offres<\/span>$/);
});
