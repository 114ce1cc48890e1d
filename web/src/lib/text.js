// @ts-check
// Text for labels and sentences: shares as percentages, facility names
// short enough for a chart. No DOM.

/** formatShare writes a 0..1 share as a percentage.
 * @param {number | null | undefined} s */
export function formatShare(s) {
  if (s === null || s === undefined) return 'n/a';
  const p = s * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

// Words common in facility names, shortened for labels (full names stay
// in the details panel and the tooltips of the lists).
/** @type {[RegExp, string][]} */
const ABBREV = [
  [/\bChinese\b/g, 'CN'],
  [/\bJapanese\b/g, 'JP'],
  [/\bEuropean\b/g, 'EU'],
  [/\bNorth American\b/g, 'N. Am.'],
  [/\b[Rr]are[- ][Ee]arths?\b/g, 'RE'],
  [/\bseparation\b/g, 'sep.'],
  [/\bproducers\b/g, 'makers'],
];

/** shortName makes a facility's name fit a chart label: it drops
 * parenthesised details and what follows a dash, comma or semicolon,
 * shortens common words (Chinese → CN, rare earth → RE), then cuts at a
 * word boundary to at most n characters.
 * @param {string | null | undefined} name
 * @param {number} [n]
 * @returns {string} */
export function shortName(name, n = 24) {
  let s = String(name || '')
    .replace(/\s*\(.*$/, '')
    .replace(/\s+[—–-]\s.*$/, '')
    .replace(/[,;].*$/, '')
    .trim();
  if (!s) s = String(name || '').trim();
  for (const [re, to] of ABBREV) s = s.replace(re, to);
  if (s.length <= n) return s;
  const cut = s.slice(0, n - 1);
  const sp = s[n - 1] === ' ' ? n - 1 : cut.lastIndexOf(' ');
  return `${(sp > n / 2 ? cut.slice(0, sp) : cut).replace(/[\s&/+-]+$/, '')}…`;
}
