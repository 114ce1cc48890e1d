// @ts-check
// Destinations of the analyses (a country code, company:NAME or a
// facility id): what they receive, how the destination box names them and
// reads them back. No DOM.

import { search } from './search.js';

/** @typedef {import('./search.js').Entry} Entry */

/**
 * destinationIds lists the facilities that receive a destination's supply,
 * as the analyses take them (graph/analysis Sinks): a country's OEMs (all
 * its facilities when it has none), a company's facilities (company:NAME,
 * matched on company or facility name), or the facility itself; mines and
 * recyclers are origins and left out.
 * @param {import('./graph.js').Facility[]} nodes
 * @param {string} dest
 * @returns {string[]}
 */
export function destinationIds(nodes, dest) {
  const d = String(dest || '').trim();
  if (!d) return [];
  let out;
  if (d.startsWith('company:')) {
    const want = d.slice(8).trim().toLowerCase();
    out = want
      ? nodes.filter(
          (n) => (n.company || '').toLowerCase().includes(want) || (n.name || '').toLowerCase().includes(want),
        )
      : [];
  } else if (/^[A-Z]{2}$/.test(d)) {
    const all = nodes.filter((n) => n.country === d);
    const oems = all.filter((n) => n.tier === 'OEM');
    out = oems.length ? oems : all;
  } else {
    out = nodes.filter((n) => n.id === d);
  }
  return out.filter((n) => n.tier !== 'Mine' && n.tier !== 'Recycler').map((n) => n.id);
}

/** destValue writes a search index entry as an analysis destination (the
 * API's to): a country code, company:NAME or a facility id.
 * @param {{kind: string, id: string}} e */
export function destValue(e) {
  return e.kind === 'company' ? `company:${e.id}` : e.id;
}

/**
 * resolveDestination turns what the analyst typed or picked in the
 * destination box into a destination: empty stays empty; a destination
 * value from the index (JP, company:Lynas, LAMP) is kept; otherwise the
 * best search match (Japan → JP, lynas → company:Lynas). It returns null
 * when nothing matches.
 * @param {Entry[]} index
 * @param {string} text
 * @returns {string | null}
 */
export function resolveDestination(index, text) {
  const t = String(text || '').trim();
  if (!t) return '';
  for (const e of index) if (destValue(e) === t) return t;
  const lower = t.toLowerCase();
  for (const e of index) if (destEntryLabel(e).toLowerCase() === lower) return destValue(e);
  if (/^[a-z]{2}$/i.test(t)) {
    const c = index.find((e) => e.kind === 'country' && e.id === t.toUpperCase());
    if (c) return c.id;
  }
  if (t.toLowerCase().startsWith('company:'))
    return (
      resolveDestination(
        index.filter((e) => e.kind === 'company'),
        t.slice(8),
      ) || null
    );
  const best = search(index, t, 1)[0];
  return best ? destValue(best) : null;
}

/** destEntryLabel is how the destination box shows a search index entry:
 * a country by its name (Japan), a company as "NAME (company)", a
 * facility by its name.
 * @param {Entry} e */
export function destEntryLabel(e) {
  return e.kind === 'company' ? `${e.label} (company)` : e.label;
}

/**
 * destLabel names a destination value (JP, company:NAME, a facility id)
 * for the destination box: "Japan", "Lynas Rare Earths (company)", the
 * facility's name; the value itself when nothing names it. names maps
 * country codes to names, nodesById facility ids to facilities.
 * @param {string} dest
 * @param {Map<string, string>} names
 * @param {Map<string, {name?: string}>} nodesById
 */
export function destLabel(dest, names, nodesById) {
  const d = String(dest || '');
  if (!d) return '';
  if (d.startsWith('company:')) return `${d.slice(8)} (company)`;
  if (names && names.get && names.get(d)) return names.get(d);
  const n = nodesById && nodesById.get && nodesById.get(d);
  return (n && n.name) || d;
}

/** editDistance is the Levenshtein distance between two strings. */
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * suggestDestinations lists up to n destinations (index entries) nearest
 * what was typed when nothing matches it: by edit distance to a name, to
 * the start of one, or to a country code, within a third of the text's
 * length (at least 2); countries first, then companies, then facilities.
 * @param {Entry[]} index
 * @param {string} text
 * @param {number} [n]
 * @returns {Entry[]}
 */
export function suggestDestinations(index, text, n = 3) {
  const t = String(text || '')
    .trim()
    .toLowerCase();
  if (!t) return [];
  const limit = Math.max(2, Math.floor(t.length / 3));
  const rank = { country: 0, company: 1, facility: 2 };
  return index
    .map((e) => {
      const label = e.label.toLowerCase();
      let d = Math.min(editDistance(t, label), editDistance(t, label.slice(0, t.length)) + 1);
      if (e.kind === 'country') d = Math.min(d, editDistance(t, e.id.toLowerCase()));
      return { e, d };
    })
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || rank[a.e.kind] - rank[b.e.kind] || a.e.label.localeCompare(b.e.label))
    .slice(0, n)
    .map((x) => x.e);
}
