// Number, date and label formatting in French.
const integer = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });

export function formatCount(value) {
  return value === null || value === undefined ? "–" : integer.format(value);
}

export function formatEuros(value) {
  return value === null || value === undefined ? "–" : `${integer.format(value)} €`;
}

/** "2026-11-24" -> "24/11" */
export function shortDay(day) {
  const [, month, date] = day.split("-");
  return `${date}/${month}`;
}

/** An ISO instant as "24/11/2026 18:05:02" plus how long ago, or "–". */
export function formatInstant(iso, now = Date.now()) {
  if (!iso) return "–";
  const t = new Date(iso);
  const seconds = Math.max(0, Math.round((now - t.getTime()) / 1000));
  let ago;
  if (seconds < 60) ago = `il y a ${seconds} s`;
  else if (seconds < 3600) ago = `il y a ${Math.round(seconds / 60)} min`;
  else if (seconds < 86400) ago = `il y a ${Math.round(seconds / 3600)} h`;
  else ago = `il y a ${Math.round(seconds / 86400)} j`;
  return `${t.toLocaleString("fr-FR")} (${ago})`;
}

/** Escapes text for HTML and SVG markup. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
