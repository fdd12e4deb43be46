// The jobstream dashboard: figures from /api/figures for the filter in the form (mirrored in the
// address bar), pipeline health from /api/health, both refreshed every few seconds.
import { histogram, lineChart, rankTable } from "./charts.js";
import { escapeHtml, formatCount, formatEuros, formatInstant } from "./format.js";
import { legendHtml, renderMap } from "./france_map.js";

const REFRESH_MS = 5000;
const FILTER_NAMES = ["from", "to", "region", "dept", "rome", "contract"];

const TILES = [
  ["offers", "Offres dans la période"], ["open_at_end", "Ouvertes en fin de période"],
  ["open_posts_at_end", "Postes ouverts"], ["new", "Nouvelles"], ["updated", "Mises à jour"],
  ["withdrawn", "Retirées"], ["remote", "Télétravail"], ["part_time", "Temps partiel"],
];

const form = document.getElementById("filters");
const $ = (id) => document.getElementById(id);
let requestSeq = 0;
let shownSeq = 0;
// Département code -> name, from /api/labels (the server holds the one table of labels).
let departementNames = {};

function fillSelect(select, options) {
  for (const [value, label] of options) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = value === label ? value : `${label} (${value})`;
    select.append(option);
  }
}

/** The filter as query parameters, from the form's non-empty fields. */
function filterQuery() {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params.toString();
}

function loadFilterFromAddress() {
  const params = new URLSearchParams(location.search);
  for (const name of FILTER_NAMES) form.elements[name].value = params.get(name) || "";
}

function filterChanged() {
  const query = filterQuery();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
  refreshFigures();
}

function pickDepartement(code) {
  const select = form.elements.dept;
  select.value = select.value === code ? "" : code;  // a second click clears it
  filterChanged();
}

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || `${response.status}`);
  return body;
}

function renderTiles(f) {
  const tiles = TILES.map(([key, label]) =>
    `<div class="tile" data-figure="${key}" data-value="${f.totals[key]}">` +
    `<span class="value">${formatCount(f.totals[key])}</span><span class="label">${label}</span></div>`);
  const tom = f.time_on_market;
  tiles.push(`<div class="tile" data-figure="median_days" data-value="${tom.median_days ?? ""}">` +
    `<span class="value">${tom.median_days === null ? "–" : `${tom.median_days} j`}</span>` +
    `<span class="label">Durée médiane en ligne</span></div>`);
  $("tiles").innerHTML = tiles.join("");
}

function renderSalary(s) {
  $("salary-summary").innerHTML =
    `<div><b data-figure="p10">${formatEuros(s.p10)}</b><span>P10</span></div>` +
    `<div><b data-figure="median">${formatEuros(s.median)}</b><span>médiane</span></div>` +
    `<div><b data-figure="p90">${formatEuros(s.p90)}</b><span>P90</span></div>` +
    `<p class="note">${formatCount(s.parsed)} salaires lus, ${formatCount(s.unparsed)} illisibles ` +
    `(« selon profil »…), ${formatCount(s.absent)} absents, ${formatCount(s.implausible)} invraisemblables.</p>`;
  $("salary").innerHTML = histogram(s.histogram);
}

function renderFigures(f) {
  renderTiles(f);
  $("period").textContent = `Période : ${f.filter.from ?? "–"} → ${f.filter.to ?? "–"}`;
  $("daily").innerHTML = lineChart(f.daily, [
    { key: "new", label: "Nouvelles", color: "#2f7fc1" },
    { key: "withdrawn", label: "Retirées", color: "#d9534f" },
  ]);
  const counts = Object.fromEntries(f.by_departement.map((d) => [d.code, d.count]));
  renderMap($("map"), $("overseas"), counts, form.elements.dept.value, pickDepartement, departementNames);
  $("map-legend").innerHTML = legendHtml(counts);
  $("no-dept").textContent = f.totals.without_departement
    ? `${formatCount(f.totals.without_departement)} offres sans département (lieu donné par sa seule région ou le pays).`
    : "";
  renderSalary(f.salary);
  $("top-rome").innerHTML = rankTable(f.top_rome, { codeLabel: "ROME" });
  $("top-skills").innerHTML = rankTable(f.top_skills, { codeLabel: "" });
  $("by-contract").innerHTML = rankTable(f.by_contract, { codeLabel: "Contrat" });
  const known = new Set([...form.elements.contract.options].map((o) => o.value));
  fillSelect(form.elements.contract, f.by_contract.filter((c) => !known.has(c.code)).map((c) => [c.code, c.label]));
}

async function refreshFigures() {
  const seq = ++requestSeq;
  const query = filterQuery();
  try {
    const figures = await getJson(`/api/figures${query ? `?${query}` : ""}`);
    if (seq < shownSeq) return;  // an older answer arriving late
    shownSeq = seq;
    renderFigures(figures);
    $("error").textContent = "";
    document.body.dataset.query = query;
    document.body.dataset.state = "ready";
  } catch (e) {
    if (seq >= shownSeq) $("error").textContent = `Filtre refusé ou serveur injoignable : ${e.message}`;
  }
}

function renderHealth(h) {
  const statusText = { ok: "Pipeline à jour", loading: "Chargement des offres…", degraded: "Pipeline dégradé" };
  const k = h.kafka;
  const lag = k ? `<b data-health="lag">${formatCount(k.lag)}</b> messages` : "–";
  const partitions = k ? k.partitions.map((p) => `p${p.partition} : ${p.lag}`).join(", ") : "";
  const errors = [h.kafka_error, h.engine.feed_error].filter(Boolean).map(escapeHtml).join(" · ");
  // "ok" says Kafka answers and the figures are loaded; a backlog is worth a colour of its own.
  const behind = h.status === "ok" && k && k.lag > 0;
  const pill = behind ? `<span class="pill loading" data-health="status">Consommateur en retard</span>`
    : `<span class="pill ${h.status}" data-health="status">${statusText[h.status] || h.status}</span>`;
  $("health").innerHTML = pill +
    `<span title="${escapeHtml(partitions)}">Retard du consommateur : ${lag}</span>` +
    `<span>Dernière collecte : ${formatInstant(h.last_harvest)}</span>` +
    `<span>Lettres mortes : <b data-health="dead_letters">${k ? formatCount(k.dead_letters) : "–"}</b></span>` +
    `<span>Offres illisibles : <b data-health="rejected">${formatCount(h.engine.records_rejected)}</b></span>` +
    `<span>En mémoire : <b data-health="offers">${formatCount(h.engine.offers)}</b> offres, ` +
    `mises à jour ${formatInstant(h.engine.updated_at)}</span>` +
    (errors ? `<span class="error">Erreurs : ${errors}</span>` : "");
}

async function refreshHealth() {
  try {
    renderHealth(await getJson("/api/health"));
  } catch (e) {
    $("health").innerHTML = `<span class="pill degraded">Serveur injoignable</span><span>${escapeHtml(e.message)}</span>`;
  }
}

/** The filters' choices, labelled by the server; retried until it answers. */
async function loadLabels() {
  for (;;) {
    try {
      return await getJson("/api/labels");
    } catch (e) {
      $("error").textContent = `Serveur injoignable : ${e.message}`;
      await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
    }
  }
}

async function start() {
  const labels = await loadLabels();
  $("error").textContent = "";
  const pairs = (list) => list.map((entry) => [entry.code, entry.label]);
  departementNames = Object.fromEntries(pairs(labels.departements));
  fillSelect(form.elements.region, pairs(labels.regions));
  fillSelect(form.elements.dept, pairs(labels.departements));
  fillSelect(form.elements.contract, pairs(labels.contracts));
  loadFilterFromAddress();
  form.addEventListener("change", filterChanged);
  form.addEventListener("submit", (e) => { e.preventDefault(); filterChanged(); });
  $("reset-filters").addEventListener("click", () => { form.reset(); filterChanged(); });
  const tick = () => Promise.all([refreshFigures(), refreshHealth()]);
  tick();
  setInterval(tick, REFRESH_MS);
}

start();
