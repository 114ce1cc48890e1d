// From API answers to Cytoscape elements: filters, collapsing a country or
// a company into one node, tier columns and analysis overlays. No DOM.

import { TIER_ORDER, tierColumn, countryColour } from './tiers.js';
import { formatTonnes, formatFlow, formatContent as formatContentShort, unitElement } from './units.js';

export { formatTonnes } from './units.js';

/** flowId names a flow (they are unique by from, to and material). */
export function flowId(f) {
  return `${f.from}>${f.to}>${f.material}`;
}

/** isEstimated says whether a flow's tonnes are a guess (dashed edges). */
export function isEstimated(basis) {
  return basis === 'estimated' || basis === 'inferred';
}

/** formatShare writes a 0..1 share as a percentage. */
export function formatShare(s) {
  if (s === null || s === undefined) return 'n/a';
  const p = s * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

// Words common in facility names, shortened for labels (full names stay
// in the details panel and the tooltips of the lists).
const ABBREV = [
  [/\bChinese\b/g, 'CN'], [/\bJapanese\b/g, 'JP'], [/\bEuropean\b/g, 'EU'], [/\bNorth American\b/g, 'N. Am.'],
  [/\b[Rr]are[- ][Ee]arths?\b/g, 'RE'], [/\bseparation\b/g, 'sep.'], [/\bproducers\b/g, 'makers'],
];

/** shortName makes a facility's name fit a chart label: it drops
 * parenthesised details and what follows a dash, comma or semicolon,
 * shortens common words (Chinese → CN, rare earth → RE), then cuts at a
 * word boundary to at most n characters. */
export function shortName(name, n = 24) {
  let s = String(name || '').replace(/\s*\(.*$/, '').replace(/\s+[—–-]\s.*$/, '').replace(/[,;].*$/, '').trim();
  if (!s) s = String(name || '').trim();
  for (const [re, to] of ABBREV) s = s.replace(re, to);
  if (s.length <= n) return s;
  const cut = s.slice(0, n - 1);
  const sp = s[n - 1] === ' ' ? n - 1 : cut.lastIndexOf(' ');
  return `${(sp > n / 2 ? cut.slice(0, sp) : cut).replace(/[\s&/+-]+$/, '')}…`;
}

/** throughputs sums the tonnes into and out of every facility over
 * edges ({from, to, tonnes}); flows without tonnes count 0. */
export function throughputs(edges) {
  const inT = new Map();
  const outT = new Map();
  for (const e of edges) {
    const t = e.tonnes > 0 ? e.tonnes : 0;
    outT.set(e.from, (outT.get(e.from) || 0) + t);
    inT.set(e.to, (inT.get(e.to) || 0) + t);
  }
  const out = new Map();
  for (const id of new Set([...inT.keys(), ...outT.keys()])) out.set(id, (inT.get(id) || 0) + (outT.get(id) || 0));
  return out;
}

/** NODE_MIN and NODE_MAX bound a chain node's diameter (model units). */
export const NODE_MIN = 12;
export const NODE_MAX = 46;

/** nodeSize gives a node's diameter for its throughput: the square root
 * of its share of the largest throughput (so areas compare tonnes), never
 * below NODE_MIN. */
export function nodeSize(t, maxT) {
  if (!(t > 0) || !(maxT > 0)) return NODE_MIN;
  return Math.round(NODE_MIN + (NODE_MAX - NODE_MIN) * Math.sqrt(Math.min(1, t / maxT)));
}

/** significantIds picks the facilities whose labels show at the first
 * fit: the largest throughputs, share of those with flows but at least
 * min and at most max of them; ties by id. */
export function significantIds(tp, { share = 0.3, min = 12, max = 40 } = {}) {
  const ranked = [...tp].filter(([, t]) => t > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const k = Math.max(Math.min(min, ranked.length), Math.min(max, Math.ceil(ranked.length * share)));
  return new Set(ranked.slice(0, k).map(([id]) => id));
}

/** fitViewport returns the zoom and pan that show the box bb ({x1, y1,
 * x2, y2}) in a w×h pane with pad pixels around it and top more pixels
 * kept free at the top (for the tier headers); zoom stays within
 * [minZoom, maxZoom]. */
export function fitViewport(bb, w, h, { pad = 20, top = 0, minZoom = 0.03, maxZoom = 1.6 } = {}) {
  const bw = Math.max(1, bb.x2 - bb.x1);
  const bh = Math.max(1, bb.y2 - bb.y1);
  const aw = Math.max(1, w - 2 * pad);
  const ah = Math.max(1, h - 2 * pad - top);
  const zoom = Math.min(maxZoom, Math.max(minZoom, Math.min(aw / bw, ah / bh)));
  return { zoom, pan: { x: pad + (aw - bw * zoom) / 2 - bb.x1 * zoom, y: pad + top + (ah - bh * zoom) / 2 - bb.y1 * zoom } };
}

/** stretchRows spreads the rows of a layout (pos: id -> {x, y}) apart
 * vertically, by at most maxFactor, so that its height/width ratio comes
 * closer to aspect (a pane's height/width): the pane's spare height goes
 * to the space between rows, where labels need it. With minFactor < 1 it
 * also squeezes a layout taller than the pane. */
export function stretchRows(pos, aspect, { maxFactor = 2.5, minFactor = 1, extraWidth = 0 } = {}) {
  const ps = Object.values(pos);
  if (ps.length < 2) return pos;
  const xs = ps.map((p) => p.x);
  const ys = ps.map((p) => p.y);
  const w = Math.max(...xs) - Math.min(...xs) + extraWidth;
  const hgt = Math.max(...ys) - Math.min(...ys);
  if (!(hgt > 0) || !(w > 0)) return pos;
  const f = Math.min(maxFactor, Math.max(minFactor, (aspect * w) / hgt));
  const out = {};
  for (const [id, p] of Object.entries(pos)) out[id] = { x: p.x, y: p.y * f };
  return out;
}

/** tierHeaders places a header over each tier column: x is the middle of
 * the column's node positions (pos: id -> {x}; col: id -> column). */
export function tierHeaders(pos, col) {
  const xs = new Map();
  for (const [id, p] of Object.entries(pos)) {
    const c = col[id];
    const [lo, hi] = xs.get(c) || [Infinity, -Infinity];
    xs.set(c, [Math.min(lo, p.x), Math.max(hi, p.x)]);
  }
  return [...xs].sort((a, b) => a[0] - b[0]).filter(([c]) => TIER_ORDER[c]).map(([c, [lo, hi]]) => ({ col: c, tier: TIER_ORDER[c], x: (lo + hi) / 2 }));
}

/** carriesNone says whether a flow carries none of the element counted
 * (its content is 0); a flow whose content is not given is not judged. */
export function carriesNone(e) {
  return e.content === 0;
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
 * tonnes of the element counted (graph.unit, e.g. t Nd+Pr/yr: a flow's
 * tonnes times its content), not of material; flows that carry none of
 * the element are drawn thin and faint (class noelement); estimated and
 * inferred flows are marked dashed. Every edge and node carries the unit.
 */
export function toElements(graph, f = {}) {
  const kept = new Map();
  for (const n of graph.nodes || []) if (keepNode(n, f)) kept.set(n.id, n);
  const edges = (graph.edges || []).filter((e) => kept.has(e.from) && kept.has(e.to) && (!f.material || e.material === f.material));
  const collapse = f.collapse || [];
  const unit = graph.unit || '';
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
  // Node sizes and labels follow throughput (tonnes in plus out), taken
  // over the drawn flows and summed over a collapsed group's members.
  const tp = throughputs(edges.map((e) => ({ from: target.get(e.from), to: target.get(e.to), tonnes: e.tonnes })).filter((e) => e.from !== e.to));
  const maxTp = Math.max(0, ...tp.values());
  const sig = significantIds(tp);
  const sized = (id) => ({ throughput: tp.get(id) || 0, unit, size: nodeSize(tp.get(id) || 0, maxTp), significant: sig.has(id) });
  for (const n of kept.values()) {
    if (groups.has(target.get(n.id))) continue;
    const notOperating = !!n.status && n.status !== 'operating';
    out.push({
      group: 'nodes',
      data: {
        id: n.id, label: notOperating ? `${shortName(n.name)} (${n.status})` : shortName(n.name), name: n.name, tier: n.tier, country: n.country, company: n.company || '',
        status: n.status || '', colour: countryColour(n.country), col: tierColumn(n.tier),
        approx: !!n.locationApproximate, aggregate: !!n.aggregate, ...sized(n.id),
      },
      classes: [n.aggregate ? 'aggregate' : '', notOperating ? 'notoperating' : '', sig.has(n.id) ? 'significant' : ''].filter(Boolean).join(' '),
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
        col: cols[Math.floor(cols.length / 2)], collapsed: true, members: members.map((m) => m.id), ...sized(g),
      },
      classes: sig.has(g) ? 'collapsed significant' : 'collapsed',
    });
  }
  if (!groups.size) {
    for (const e of edges) {
      out.push({
        group: 'edges',
        data: { id: flowId(e), source: e.from, target: e.to, material: e.material, tonnes: e.tonnes ?? null, materialTonnes: e.materialTonnes ?? null, content: e.content ?? null, unit, basis: e.basis, width: width(e.tonnes), sources: e.sources || [] },
        classes: [isEstimated(e.basis) ? 'estimated' : '', carriesNone(e) ? 'noelement' : ''].filter(Boolean).join(' '),
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
    if (!merged.has(key)) merged.set(key, { source: s, target: t, tonnes: 0, known: false, estimated: false, none: true, materials: new Set(), flows: [] });
    const m = merged.get(key);
    if (e.tonnes) { m.tonnes += e.tonnes; m.known = true; }
    if (!carriesNone(e)) m.none = false;
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
        tonnes: m.known ? m.tonnes : null, unit, basis: m.estimated ? 'estimated' : 'reported', width: m.known ? 1.5 + 8 * Math.sqrt(m.tonnes / maxM) : 1.5,
        flows: m.flows, aggregated: true,
      },
      classes: [m.estimated ? 'estimated' : '', m.none ? 'noelement' : ''].filter(Boolean).join(' '),
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
 * minGap (or than half their diameters, size maps id to a diameter, plus
 * sizeGap). pos maps id to {x, y}; col maps id to a column.
 */
export function spreadColumns(pos, col, { colGap = 260, minGap = 40, size = {}, sizeGap = 8 } = {}) {
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
    let lastSize = 0;
    const ys = ids.map((id) => {
      const sz = size[id] || 0;
      const y = Math.max(pos[id].y, last + Math.max(minGap, (lastSize + sz) / 2 + sizeGap));
      last = y;
      lastSize = sz;
      return y;
    });
    const shift = (ys[0] + ys[ys.length - 1]) / 2 - (Math.min(...ids.map((id) => pos[id].y)) + Math.max(...ids.map((id) => pos[id].y))) / 2;
    ids.forEach((id, i) => { out[id] = { x: c * colGap, y: ys[i] - shift }; });
  }
  return out;
}

/** routeElements lists the node and edge ids a route passes, each edge
 * with its hop's tonnes of the element. */
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

/**
 * splitDependence separates, in an exposure answer's dependence list, the
 * countries of the destination's own receiving facilities (sinks) from the
 * others: a home country's share is what its domestic suppliers carry (the
 * API never removes the receiving facilities themselves), shown apart from
 * the foreign dependencies. It returns {foreign, home}.
 */
export function splitDependence(dependence, sinks) {
  const homes = new Set((sinks || []).map((s) => s.facility && s.facility.country).filter(Boolean));
  const foreign = [];
  const home = [];
  for (const c of dependence || []) (homes.has(c.country) ? home : foreign).push(c);
  return { foreign, home };
}

/** scenarioHeadline says in one sentence what a scenario answer
 * ({cutOff, affected, lostJointTonnes, lostShare, unit}) does to the
 * destination's facilities in place ("Japan"): cut off ones first, else
 * the partly affected ones, with the joint tonnes lost in the answer's
 * unit. */
export function scenarioHeadline(res, place) {
  const all = [...(res.cutOff || []), ...(res.affected || [])];
  const oem = all.length > 0 && all.every((o) => o.facility && o.facility.tier === 'OEM');
  const noun = (k) => (oem ? (k === 1 ? 'OEM' : 'OEMs') : (k === 1 ? 'facility' : 'facilities'));
  const el = unitElement(res.unit) || 'the element';
  const cut = (res.cutOff || []).length;
  const part = (res.affected || []).filter((o) => !o.cutOff).length;
  const lost = `−${formatTonnes(res.lostJointTonnes, res.unit)} joint (${formatShare(res.lostShare)})`;
  const verb = (k, one, many) => (k === 1 ? one : many);
  if (!cut && !part) return `No ${noun(1)} in ${place} loses ${el} supply.`;
  if (!cut) return `No ${noun(1)} in ${place} loses all its ${el}; ${part} ${verb(part, 'loses', 'lose')} part of it: ${lost}.`;
  return `${cut} ${noun(cut)} in ${place} ${verb(cut, 'is', 'are')} cut off from ${el}${part ? `, ${part} more ${verb(part, 'loses', 'lose')} part of it` : ''}: ${lost}.`;
}

/**
 * hoverLines describes a facility (or a collapsed group, or a flow) for a
 * tooltip: the full name first, then company and country, then tier,
 * status and tonnes. names maps country codes to names.
 */
export function hoverLines(d, names) {
  if (!d) return [];
  if (d.source && d.target) {
    if (d.aggregated) return [`${d.source} → ${d.target}`, [d.material, d.tonnes ? formatTonnes(d.tonnes, d.unit) : 'tonnes unknown', `${(d.flows || []).length} flows`].filter(Boolean).join(' · ')];
    return [`${d.source} → ${d.target}`, formatFlow(d, d.unit), [d.material, d.basis, d.content > 0 ? `content ${formatContentShort(d.content)} ${unitElement(d.unit)}` : ''].filter(Boolean).join(' · ')];
  }
  const country = d.country ? (names && names.get && names.get(d.country) ? `${names.get(d.country)} (${d.country})` : d.country) : '';
  const lines = [d.name || d.id];
  const who = [d.company, country].filter(Boolean).join(' · ');
  if (who) lines.push(who);
  const what = [d.tier, d.status && d.status !== 'operating' ? d.status : '', d.aggregate ? 'aggregate of several sites' : '', d.approx || d.locationApproximate ? 'approximate location' : ''].filter(Boolean).join(' · ');
  if (what) lines.push(what);
  if (d.throughput) lines.push(`${formatTonnes(d.throughput, d.unit)} in + out`);
  return lines;
}

/**
 * destinationIds lists the facilities that receive a destination's supply,
 * as the analyses take them (graph/analysis Sinks): a country's OEMs (all
 * its facilities when it has none), a company's facilities (company:NAME,
 * matched on company or facility name), or the facility itself; mines and
 * recyclers are origins and left out.
 */
export function destinationIds(nodes, dest) {
  const d = String(dest || '').trim();
  if (!d) return [];
  let out;
  if (d.startsWith('company:')) {
    const want = d.slice(8).trim().toLowerCase();
    out = want ? nodes.filter((n) => (n.company || '').toLowerCase().includes(want) || (n.name || '').toLowerCase().includes(want)) : [];
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
 * API's to): a country code, company:NAME or a facility id. */
export function destValue(e) {
  return e.kind === 'company' ? `company:${e.id}` : e.id;
}

/**
 * resolveDestination turns what the analyst typed or picked in the
 * destination box into a destination: empty stays empty; a destination
 * value from the index (JP, company:Lynas, LAMP) is kept; otherwise the
 * best search match (Japan → JP, lynas → company:Lynas). It returns null
 * when nothing matches.
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
  if (t.toLowerCase().startsWith('company:')) return resolveDestination(index.filter((e) => e.kind === 'company'), t.slice(8)) || null;
  const best = search(index, t, 1)[0];
  return best ? destValue(best) : null;
}

/**
 * layerPositions orders the nodes within their columns to keep flows
 * short and uncrossed, in a few barycentre sweeps (each node moves to the
 * mean height of its neighbours in the columns already placed, then the
 * column is pushed apart to gap), instead of a full layered layout. ids
 * gives the first order, col maps id to a column, edges are
 * {source, target}. It returns id -> {x: column, y}.
 */
export function layerPositions(ids, col, edges, { gap = 30, sweeps = 6 } = {}) {
  const nbr = new Map(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (e.source === e.target || !nbr.has(e.source) || !nbr.has(e.target)) continue;
    nbr.get(e.source).push(e.target);
    nbr.get(e.target).push(e.source);
  }
  const cols = new Map();
  for (const id of ids) {
    const c = col[id] ?? 0;
    if (!cols.has(c)) cols.set(c, []);
    cols.get(c).push(id);
  }
  const keys = [...cols.keys()].sort((a, b) => a - b);
  const y = {};
  for (const c of keys) cols.get(c).forEach((id, i, list) => { y[id] = (i - (list.length - 1) / 2) * gap; });
  const place = (c, dir) => {
    const list = cols.get(c);
    const bc = new Map();
    const lone = [];
    for (const id of list) {
      const others = nbr.get(id).filter((n) => (col[n] ?? 0) !== c);
      const placed = others.filter((n) => (dir > 0 ? (col[n] ?? 0) < c : (col[n] ?? 0) > c));
      const use = placed.length ? placed : others;
      if (use.length) bc.set(id, use.reduce((s, n) => s + y[n], 0) / use.length);
      else lone.push(id);
    }
    // Nodes without flows to other columns go below the others.
    let bottom = Math.max(-Infinity, ...bc.values());
    if (bottom === -Infinity) bottom = -gap;
    for (const id of lone.sort((a, b) => y[a] - y[b])) bc.set(id, (bottom += gap));
    list.sort((a, b) => bc.get(a) - bc.get(b) || y[a] - y[b] || (a < b ? -1 : a > b ? 1 : 0));
    let last = -Infinity;
    const ys = list.map((id) => { last = Math.max(bc.get(id), last + gap); return last; });
    const shift = (ys.reduce((s, v) => s + v, 0) - list.reduce((s, id) => s + bc.get(id), 0)) / list.length;
    list.forEach((id, i) => { y[id] = ys[i] - shift; });
  };
  for (let s = 0; s < sweeps; s++) {
    const fwd = s % 2 === 0;
    for (const c of fwd ? keys : [...keys].reverse()) place(c, fwd ? 1 : -1);
  }
  const out = {};
  for (const id of ids) out[id] = { x: col[id] ?? 0, y: y[id] };
  return out;
}

/** destEntryLabel is how the destination box shows a search index entry:
 * a country by its name (Japan), a company as "NAME (company)", a
 * facility by its name. */
export function destEntryLabel(e) {
  return e.kind === 'company' ? `${e.label} (company)` : e.label;
}

/**
 * destLabel names a destination value (JP, company:NAME, a facility id)
 * for the destination box: "Japan", "Lynas Rare Earths (company)", the
 * facility's name; the value itself when nothing names it. names maps
 * country codes to names, nodesById facility ids to facilities.
 */
export function destLabel(dest, names, nodesById) {
  const d = String(dest || '');
  if (!d) return '';
  if (d.startsWith('company:')) return `${d.slice(8)} (company)`;
  if (names && names.get && names.get(d)) return names.get(d);
  const n = nodesById && nodesById.get && nodesById.get(d);
  return (n && n.name) || d;
}

/**
 * dependenceRows lists an exposure answer's dependence on countries for
 * one chart, largest share first, each marked domestic when it is the
 * country of one of the destination's receiving facilities (sinks): that
 * share is what its own suppliers carry, the receiving facilities kept.
 */
export function dependenceRows(dependence, sinks) {
  const { home } = splitDependence(dependence, sinks);
  const homes = new Set(home.map((c) => c.country));
  return [...(dependence || [])].map((c) => ({ ...c, domestic: homes.has(c.country) }))
    .sort((a, b) => b.share - a.share || a.country.localeCompare(b.country));
}

/**
 * dependsOnSentence says how much of a destination's supply rests on one
 * country (the exposure answer's dependsOn, {country, share}): for a
 * country destination "Depends on China for 71% of it."; for a company or
 * a facility "71% of it would be lost without China.", and nothing when
 * that is 0% (a company that takes nothing from China is not "dependent
 * for 0%"), nor when the country is the destination itself (its domestic
 * row says it). names maps codes to names.
 */
export function dependsOnSentence(dependsOn, dest, names) {
  if (!dependsOn || !dependsOn.country) return '';
  const c = dependsOn.country;
  if (c === dest) return '';
  const name = (names && names.get && names.get(c)) || c;
  const isCountry = /^[A-Z]{2}$/.test(String(dest || ''));
  if (isCountry) return `Depends on ${name} for ${formatShare(dependsOn.share)} of it.`;
  if (!(dependsOn.share > 0)) return '';
  return `${formatShare(dependsOn.share)} of it would be lost without ${name}.`;
}

/** HIGHLIGHTS are the analyses' marks on the graph, in the order the
 * "on the graph now" key lists them; class is the Cytoscape class, lg the
 * legend swatch's class. */
export const HIGHLIGHTS = [
  { key: 'dest', lg: 'dest', label: 'destination\'s receiving facilities' },
  { key: 'cutoff', lg: 'cut', label: 'cut off in the scenario' },
  { key: 'affected', lg: 'part', label: 'partly cut in the scenario' },
  { key: 'blocked', lg: 'blocked', label: 'flows blocked by the controls', edges: true },
  { key: 'choke', lg: 'choke', label: 'chokepoints (share lost without each)' },
  { key: 'route', lg: 'route', label: 'routes (element tonnes per hop)' },
  { key: 'match', lg: 'match', label: 'search matches' },
];

/**
 * highlightKey lists the highlights on screen, given how many elements
 * carry each ({dest: 7, route: 12, …}): only those with at least one, in
 * HIGHLIGHTS order, each with its count and noun.
 */
export function highlightKey(counts) {
  return HIGHLIGHTS.filter((x) => (counts && counts[x.key]) > 0).map((x) => ({
    ...x, n: counts[x.key], text: `${x.label}: ${counts[x.key]}`,
  }));
}

/**
 * upstreamCountries ranks the countries that supply a destination's
 * receiving facilities (destIds), directly or further up the chain, by the
 * tonnes their facilities send on, largest first (then by code); at most
 * limit. These are the countries worth offering first to avoid or go via.
 */
export function upstreamCountries(nodes, edges, destIds, limit = 8) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const into = new Map();
  for (const e of edges) {
    if (!into.has(e.to)) into.set(e.to, []);
    into.get(e.to).push(e);
  }
  const seen = new Set(destIds);
  const queue = [...destIds];
  const tonnes = new Map();
  while (queue.length) {
    const id = queue.shift();
    for (const e of into.get(id) || []) {
      const from = byId.get(e.from);
      if (!from) continue;
      tonnes.set(from.country, (tonnes.get(from.country) || 0) + (e.tonnes || 0));
      if (!seen.has(e.from)) { seen.add(e.from); queue.push(e.from); }
    }
  }
  return [...tonnes.keys()].sort((a, b) => tonnes.get(b) - tonnes.get(a) || a.localeCompare(b)).slice(0, limit);
}
