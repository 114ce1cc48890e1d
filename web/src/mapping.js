// From API answers to Cytoscape elements: filters, collapsing a country or
// a company into one node, tier columns and analysis overlays. No DOM.

import { TIER_ORDER, tierColumn, countryColour } from './tiers.js';

/** flowId names a flow (they are unique by from, to and material). */
export function flowId(f) {
  return `${f.from}>${f.to}>${f.material}`;
}

/** isEstimated says whether a flow's tonnes are a guess (dashed edges). */
export function isEstimated(basis) {
  return basis === 'estimated' || basis === 'inferred';
}

/** formatTonnes writes tonnes per year for people. */
export function formatTonnes(t) {
  if (t === null || t === undefined || Number.isNaN(t)) return 'n/a';
  if (t >= 10000) return `${Math.round(t / 1000)}k t`;
  if (t >= 1000) return `${(t / 1000).toFixed(1)}k t`;
  if (t >= 10) return `${Math.round(t)} t`;
  return `${Number(t.toPrecision(2))} t`;
}

/** formatShare writes a 0..1 share as a percentage. */
export function formatShare(s) {
  if (s === null || s === undefined) return 'n/a';
  const p = s * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

function short(name, n = 30) {
  const s = String(name || '');
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** groupOf returns the collapse group a facility falls into, or ''. */
export function groupOf(node, collapse) {
  if (!collapse || !collapse.length) return '';
  const byCountry = `country:${node.country}`;
  if (collapse.includes(byCountry)) return byCountry;
  if (node.company) {
    const byCompany = `company:${node.company}`;
    if (collapse.includes(byCompany)) return byCompany;
  }
  return '';
}

/** keepNode applies the tier, country and status filters to a facility. */
export function keepNode(n, f) {
  if (f.tiers && f.tiers.length && !f.tiers.includes(n.tier)) return false;
  if (f.countries && f.countries.length && !f.countries.includes(n.country)) return false;
  if (f.status && f.status.length && !f.status.includes(n.status)) return false;
  return true;
}

/**
 * toElements maps a subgraph ({nodes, edges} as GET /api/v1/graph answers)
 * to Cytoscape element definitions, after the filters of f (tiers,
 * countries, status, material) and collapsing the groups in f.collapse
 * (country:CN, company:NAME). Edge widths grow with the square root of the
 * tonnes; estimated and inferred flows are marked dashed.
 */
export function toElements(graph, f = {}) {
  const kept = new Map();
  for (const n of graph.nodes || []) if (keepNode(n, f)) kept.set(n.id, n);
  const edges = (graph.edges || []).filter((e) => kept.has(e.from) && kept.has(e.to) && (!f.material || e.material === f.material));
  const collapse = f.collapse || [];
  const groups = new Map();
  const target = new Map(); // facility id -> element id
  for (const n of kept.values()) {
    const g = groupOf(n, collapse);
    target.set(n.id, g || n.id);
    if (g) {
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(n);
    }
  }
  const maxT = Math.max(1, ...edges.map((e) => e.tonnes || 0));
  const width = (t) => (t ? 1.5 + 8 * Math.sqrt(t / maxT) : 1.5);
  const out = [];
  for (const n of kept.values()) {
    if (groups.has(target.get(n.id))) continue;
    out.push({
      group: 'nodes',
      data: {
        id: n.id, label: short(n.name), name: n.name, tier: n.tier, country: n.country, company: n.company || '',
        status: n.status || '', colour: countryColour(n.country), col: tierColumn(n.tier),
        approx: !!n.locationApproximate, aggregate: !!n.aggregate,
      },
      classes: [n.aggregate ? 'aggregate' : '', n.status && n.status !== 'operating' ? 'notoperating' : ''].filter(Boolean).join(' '),
    });
  }
  for (const [g, members] of groups) {
    const cols = members.map((m) => tierColumn(m.tier)).sort((a, b) => a - b);
    const [kind, value] = [g.slice(0, g.indexOf(':')), g.slice(g.indexOf(':') + 1)];
    const countries = [...new Set(members.map((m) => m.country))];
    out.push({
      group: 'nodes',
      data: {
        id: g, label: `${value} (${members.length})`, name: `${kind === 'country' ? 'Country' : 'Company'} ${value}: ${members.length} facilities`,
        tier: TIER_ORDER[cols[Math.floor(cols.length / 2)]] || '', country: countries.length === 1 ? countries[0] : '',
        company: kind === 'company' ? value : '', colour: countries.length === 1 ? countryColour(countries[0]) : '#999',
        col: cols[Math.floor(cols.length / 2)], collapsed: true, members: members.map((m) => m.id),
      },
      classes: 'collapsed',
    });
  }
  if (!groups.size) {
    for (const e of edges) {
      out.push({
        group: 'edges',
        data: { id: flowId(e), source: e.from, target: e.to, material: e.material, tonnes: e.tonnes, basis: e.basis, width: width(e.tonnes), sources: e.sources || [] },
        classes: isEstimated(e.basis) ? 'estimated' : '',
      });
    }
    return out;
  }
  const merged = new Map();
  for (const e of edges) {
    const s = target.get(e.from);
    const t = target.get(e.to);
    if (s === t) continue;
    const key = `${s}>${t}`;
    if (!merged.has(key)) merged.set(key, { source: s, target: t, tonnes: 0, known: false, estimated: false, materials: new Set(), flows: [] });
    const m = merged.get(key);
    if (e.tonnes) { m.tonnes += e.tonnes; m.known = true; }
    if (isEstimated(e.basis)) m.estimated = true;
    m.materials.add(e.material);
    m.flows.push(flowId(e));
  }
  const maxM = Math.max(1, ...[...merged.values()].map((m) => m.tonnes));
  for (const [key, m] of merged) {
    out.push({
      group: 'edges',
      data: {
        id: `agg:${key}`, source: m.source, target: m.target, material: [...m.materials].sort().join(', '),
        tonnes: m.known ? m.tonnes : null, basis: m.estimated ? 'estimated' : 'reported', width: m.known ? 1.5 + 8 * Math.sqrt(m.tonnes / maxM) : 1.5,
        flows: m.flows, aggregated: true,
      },
      classes: m.estimated ? 'estimated' : '',
    });
  }
  return out;
}

/**
 * columnPositions places nodes in tier columns: x by column, y in order
 * within the column, each column centred on y = 0. order(a, b) sorts a
 * column; by default country, company, name.
 */
export function columnPositions(nodes, { colGap = 260, rowGap = 46, order, maxRows = Infinity, subGap = 16 } = {}) {
  const cols = new Map();
  for (const n of nodes) {
    const c = n.col ?? tierColumn(n.tier);
    if (!cols.has(c)) cols.set(c, []);
    cols.get(c).push(n);
  }
  const cmp = order || ((a, b) => String(a.country).localeCompare(String(b.country)) || String(a.company).localeCompare(String(b.company)) || String(a.label).localeCompare(String(b.label)));
  const pos = {};
  // A column taller than maxRows wraps into sub-columns subGap apart; the
  // columns after it move right to make room.
  let x = 0;
  let prev = null;
  for (const c of [...cols.keys()].sort((a, b) => a - b)) {
    const list = cols.get(c);
    list.sort(cmp);
    const rows = Math.min(list.length, maxRows);
    const subs = Math.ceil(list.length / rows);
    x = prev === null ? c * colGap : Math.max(c * colGap, x + colGap);
    const top = -((rows - 1) * rowGap) / 2;
    list.forEach((n, i) => { pos[n.id] = { x: x + Math.floor(i / rows) * subGap, y: top + (i % rows) * rowGap }; });
    x += (subs - 1) * subGap;
    prev = c;
  }
  return pos;
}

/**
 * spreadColumns keeps the vertical order a layered layout found but snaps
 * every node to its tier's column and pushes apart nodes closer than
 * minGap. pos maps id to {x, y}; col maps id to a column.
 */
export function spreadColumns(pos, col, { colGap = 260, minGap = 40 } = {}) {
  const cols = new Map();
  for (const id of Object.keys(pos)) {
    const c = col[id] ?? 0;
    if (!cols.has(c)) cols.set(c, []);
    cols.get(c).push(id);
  }
  const out = {};
  for (const [c, ids] of cols) {
    ids.sort((a, b) => pos[a].y - pos[b].y || a.localeCompare(b));
    let last = -Infinity;
    const ys = ids.map((id) => {
      const y = Math.max(pos[id].y, last + minGap);
      last = y;
      return y;
    });
    const shift = (ys[0] + ys[ys.length - 1]) / 2 - (Math.min(...ids.map((id) => pos[id].y)) + Math.max(...ids.map((id) => pos[id].y))) / 2;
    ids.forEach((id, i) => { out[id] = { x: c * colGap, y: ys[i] - shift }; });
  }
  return out;
}

/** routeElements lists the node and edge ids a route passes. */
export function routeElements(route) {
  const nodes = [];
  const edges = [];
  for (const h of route.hops || []) {
    if (!nodes.includes(h.from.id)) nodes.push(h.from.id);
    if (!nodes.includes(h.to.id)) nodes.push(h.to.id);
    edges.push({ id: flowId({ from: h.from.id, to: h.to.id, material: h.material }), tonnes: h.tonnes });
  }
  return { nodes, edges };
}

/** routeLabel writes a route as "A (AU) → B (MY) → …". */
export function routeLabel(route) {
  const hops = route.hops || [];
  if (!hops.length) return '';
  const names = [hops[0].from, ...hops.map((h) => h.to)].map((f) => `${f.name} (${f.country})`);
  return names.join(' → ');
}

/** searchIndex builds the entries search runs over: facilities, companies
 * and countries. */
export function searchIndex(nodes, countries) {
  const out = [];
  const companies = new Map();
  for (const n of nodes) {
    out.push({ kind: 'facility', id: n.id, label: n.name, detail: `${n.tier} · ${n.country}${n.company ? ` · ${n.company}` : ''}`, text: `${n.id} ${n.name} ${n.company || ''}`.toLowerCase() });
    if (n.company) companies.set(n.company, (companies.get(n.company) || 0) + 1);
  }
  for (const [c, k] of companies) out.push({ kind: 'company', id: c, label: c, detail: `company · ${k} facilities`, text: c.toLowerCase() });
  for (const c of countries || []) out.push({ kind: 'country', id: c.code, label: c.name, detail: `country · ${c.code}`, text: `${c.code} ${c.name}`.toLowerCase() });
  return out;
}

/** search ranks index entries for a query: exact id or code first, then
 * prefix matches, then substring matches; at most limit. */
export function search(index, q, limit = 12) {
  const s = String(q || '').trim().toLowerCase();
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
  scored.sort((a, b) => a[0] - b[0] || kindRank[a[1].kind] - kindRank[b[1].kind] || a[1].label.localeCompare(b[1].label));
  return scored.slice(0, limit).map((x) => x[1]);
}
