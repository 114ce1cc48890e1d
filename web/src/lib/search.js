// @ts-check
// The search index over facilities, companies and countries, and its
// ranking. No DOM.

/**
 * Entry is a search index entry: a facility (id), a company (its name) or
 * a country (its code).
 * @typedef {object} Entry
 * @property {'facility' | 'company' | 'country'} kind
 * @property {string} id
 * @property {string} label
 * @property {string} detail
 * @property {string} text lower-case words to match
 */

/** searchIndex builds the entries search runs over: facilities, companies
 * and countries.
 * @param {import('./graph.js').Facility[]} nodes
 * @param {{code: string, name: string}[]} countries
 * @returns {Entry[]} */
export function searchIndex(nodes, countries) {
  const out = [];
  const companies = new Map();
  for (const n of nodes) {
    out.push({
      kind: 'facility',
      id: n.id,
      label: n.name,
      detail: `${n.tier} · ${n.country}${n.company ? ` · ${n.company}` : ''}`,
      text: `${n.id} ${n.name} ${n.company || ''}`.toLowerCase(),
    });
    if (n.company) companies.set(n.company, (companies.get(n.company) || 0) + 1);
  }
  for (const [c, k] of companies)
    out.push({ kind: 'company', id: c, label: c, detail: `company · ${k} facilities`, text: c.toLowerCase() });
  for (const c of countries || [])
    out.push({
      kind: 'country',
      id: c.code,
      label: c.name,
      detail: `country · ${c.code}`,
      text: `${c.code} ${c.name}`.toLowerCase(),
    });
  return out;
}

/** search ranks index entries for a query: exact id or code first, then
 * prefix matches, then substring matches; at most limit.
 * @param {Entry[]} index
 * @param {string} q
 * @returns {Entry[]} */
export function search(index, q, limit = 12) {
  const s = String(q || '')
    .trim()
    .toLowerCase();
  if (!s) return [];
  const scored = [];
  for (const e of index) {
    let score = -1;
    if (e.id.toLowerCase() === s) score = 0;
    else if (e.label.toLowerCase().startsWith(s)) score = 1;
    else if (e.text.split(/[\s,()/-]+/).some((w) => w.startsWith(s))) score = 2;
    else if (e.text.includes(s)) score = 3;
    if (score >= 0) scored.push([score, e]);
  }
  const kindRank = { country: 0, company: 1, facility: 2 };
  scored.sort(
    (a, b) => a[0] - b[0] || kindRank[a[1].kind] - kindRank[b[1].kind] || a[1].label.localeCompare(b[1].label),
  );
  return scored.slice(0, limit).map((x) => x[1]);
}
