// Small SVG charts drawn from the figures: a daily line chart and a histogram. No library: the
// shapes are few and the dashboard must work offline.
import { escapeHtml, formatCount, shortDay } from "./format.js";

const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

function yAxis(max, height, width) {
  const ticks = 4;
  let out = "";
  for (let i = 0; i <= ticks; i++) {
    const value = (max * i) / ticks;
    const y = PAD.top + (height - PAD.top - PAD.bottom) * (1 - i / ticks);
    out += `<line class="grid" x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}"/>`;
    out += `<text class="tick" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${formatCount(value)}</text>`;
  }
  return out;
}

/**
 * Lines over the days of `daily` for each series {key, label, color}.
 * Returns SVG markup sized by its viewBox.
 */
export function lineChart(daily, series, { width = 760, height = 240 } = {}) {
  if (!daily.length) return `<p class="empty">Aucun jour dans la période.</p>`;
  const max = niceMax(Math.max(...daily.flatMap((d) => series.map((s) => d[s.key]))));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (daily.length === 1 ? plotW / 2 : (plotW * i) / (daily.length - 1));
  const y = (v) => PAD.top + plotH * (1 - v / max);
  let out = `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Série quotidienne">`;
  out += yAxis(max, height, width);
  const every = Math.max(1, Math.ceil(daily.length / 10));
  daily.forEach((d, i) => {
    if (i % every === 0) {
      out += `<text class="tick" x="${x(i)}" y="${height - 8}" text-anchor="middle">${shortDay(d.day)}</text>`;
    }
  });
  for (const s of series) {
    const points = daily.map((d, i) => `${x(i).toFixed(1)},${y(d[s.key]).toFixed(1)}`).join(" ");
    out += `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>`;
  }
  // One transparent column per day carries the day's numbers as a tooltip.
  const column = plotW / daily.length;
  daily.forEach((d, i) => {
    const title = `${d.day} : ` + series.map((s) => `${s.label} ${formatCount(d[s.key])}`).join(", ");
    out += `<rect class="hover" x="${x(i) - column / 2}" y="${PAD.top}" width="${column}" height="${plotH}">` +
      `<title>${escapeHtml(title)}</title></rect>`;
  });
  out += `</svg>`;
  const legend = series
    .map((s) => `<span class="legend"><i style="background:${s.color}"></i>${escapeHtml(s.label)}</span>`)
    .join("");
  return `<div class="legends">${legend}</div>${out}`;
}

/**
 * Bars of the salary histogram, cut after the last non-empty bin (the open last bin included
 * when it holds offers).
 */
export function histogram(bins, { width = 560, height = 220 } = {}) {
  let last = -1;
  bins.forEach((b, i) => { if (b.count > 0) last = i; });
  if (last < 0) return `<p class="empty">Aucun salaire exploitable.</p>`;
  const shown = bins.slice(0, last + 1);
  const first = Math.max(0, shown.findIndex((b) => b.count > 0) - 1);
  const view = shown.slice(first);
  const max = niceMax(Math.max(...view.map((b) => b.count)));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const bar = plotW / view.length;
  let out = `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Histogramme des salaires">`;
  out += yAxis(max, height, width);
  const every = Math.max(1, Math.ceil(view.length / 8));
  view.forEach((b, i) => {
    const h = (plotH * b.count) / max;
    const x = PAD.left + i * bar;
    const range = b.upper === null ? `${formatCount(b.lower)} € et plus` : `${formatCount(b.lower)} – ${formatCount(b.upper)} €`;
    out += `<rect class="bar" x="${x + 1}" y="${PAD.top + plotH - h}" width="${Math.max(1, bar - 2)}" height="${h}">` +
      `<title>${escapeHtml(`${range} : ${formatCount(b.count)} offres`)}</title></rect>`;
    if (i % every === 0) {
      out += `<text class="tick" x="${x}" y="${height - 8}">${formatCount(b.lower / 1000)}k</text>`;
    }
  });
  return out + `</svg>`;
}

/** A ranked list as a table with proportional bars; an empty codeLabel leaves the code column out. */
export function rankTable(rows, { codeLabel = "Code", emptyText = "Aucune donnée." } = {}) {
  if (!rows.length) return `<p class="empty">${escapeHtml(emptyText)}</p>`;
  const max = Math.max(...rows.map((r) => r.count));
  const codeCell = (r) => (codeLabel ? `<td class="code">${escapeHtml(r.code)}</td>` : "");
  const body = rows.map((r) => `<tr>${codeCell(r)}<td>${escapeHtml(r.label || r.code)}` +
    `<div class="meter"><i style="width:${(100 * r.count) / max}%"></i></div></td>` +
    `<td class="num">${formatCount(r.count)}</td></tr>`).join("");
  const codeHead = codeLabel ? `<th>${escapeHtml(codeLabel)}</th>` : "";
  return `<table class="rank"><thead><tr>${codeHead}<th>Libellé</th><th class="num">Offres</th></tr></thead>` +
    `<tbody>${body}</tbody></table>`;
}
