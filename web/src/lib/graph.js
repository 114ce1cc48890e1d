// @ts-check
// From API answers to Cytoscape elements: filters, collapsing a country or
// a company into one node, node sizes and edge widths. No DOM.

import { TIER_ORDER, tierColumn, countryColour } from './tiers.js';
import { shortName } from './text.js';

/**
 * Facility is a node of the /graph answer.
 * @typedef {object} Facility
 * @property {string} id
 * @property {string} name
 * @property {string} tier
 * @property {string} country
 * @property {string} [company]
 * @property {string} [status]
 * @property {number | null} [lat]
 * @property {number | null} [lon]
 * @property {boolean} [locationApproximate]
 * @property {boolean} [aggregate]
 * @property {string} [onlineDate] when a planned or building site starts producing (YYYY-MM-DD)
 * @property {number} [rampMonths] months from its online date to its capacity
 */

/**
 * Flow is an edge of the /graph answer: material tonnes, the content of
 * the element counted (t per t) and its tonnes.
 * @typedef {object} Flow
 * @property {string} from
 * @property {string} to
 * @property {string} material
 * @property {number | null} [tonnes]
 * @property {number | null} [materialTonnes]
 * @property {number | null} [materialTonnesLow] the range the answers sample it from
 * @property {number | null} [materialTonnesHigh]
 * @property {boolean} [ownBounds] the flow's own bounds, not its basis' default band
 * @property {string} [confidence]
 * @property {number | null} [content]
 * @property {string} [basis]
 * @property {string[]} [sources]
 * @property {string} [validFrom] the first day it is valid (YYYY-MM-DD), left out when open
 * @property {string} [validTo] the last day it is valid, left out when open
 */

/**
 * Graph is the /graph answer: facilities, flows and the unit of their
 * tonnes ("t Nd+Pr/yr").
 * @typedef {object} Graph
 * @property {Facility[]} nodes
 * @property {Flow[]} edges
 * @property {boolean} [truncated]
 * @property {string} [unit]
 */

/** flowId names a flow (they are unique by from, to and material).
 * @param {{from: string, to: string, material: string}} f */
export function flowId(f) {
  return `${f.from}>${f.to}>${f.material}`;
}

/** isEstimated says whether a flow's tonnes are a guess (dashed edges).
 * @param {string | undefined} basis */
export function isEstimated(basis) {
  return basis === 'estimated' || basis === 'inferred';
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

/** carriesNone says whether a flow carries none of the element counted
 * (its content is 0); a flow whose content is not given is not judged.
 * @param {{content?: number | null}} e */
export function carriesNone(e) {
  return e.content === 0;
}

/** groupOf returns the collapse group a facility falls into, or ''.
 * @param {Facility} node
 * @param {string[] | undefined} collapse */
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

/** keepNode applies the tier, country and status filters to a facility.
 * @param {Facility} n
 * @param {{tiers?: string[], countries?: string[], status?: string[]}} f */
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
 * @param {Graph} graph
 * @param {{tiers?: string[], countries?: string[], status?: string[], material?: string,
 *   collapse?: string[]}} [f]
 */
export function toElements(graph, f = {}) {
  const kept = new Map();
  for (const n of graph.nodes || []) if (keepNode(n, f)) kept.set(n.id, n);
  const edges = (graph.edges || []).filter(
    (e) => kept.has(e.from) && kept.has(e.to) && (!f.material || e.material === f.material),
  );
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
  const tp = throughputs(
    edges
      .map((e) => ({ from: target.get(e.from), to: target.get(e.to), tonnes: e.tonnes }))
      .filter((e) => e.from !== e.to),
  );
  const maxTp = Math.max(0, ...tp.values());
  const sig = significantIds(tp);
  const sized = (id) => ({
    throughput: tp.get(id) || 0,
    unit,
    size: nodeSize(tp.get(id) || 0, maxTp),
    significant: sig.has(id),
  });
  for (const n of kept.values()) {
    if (groups.has(target.get(n.id))) continue;
    const notOperating = !!n.status && n.status !== 'operating';
    out.push({
      group: 'nodes',
      data: {
        id: n.id,
        label: notOperating ? `${shortName(n.name)} (${n.status})` : shortName(n.name),
        name: n.name,
        tier: n.tier,
        country: n.country,
        company: n.company || '',
        status: n.status || '',
        colour: countryColour(n.country),
        col: tierColumn(n.tier),
        approx: !!n.locationApproximate,
        aggregate: !!n.aggregate,
        ...sized(n.id),
      },
      classes: [n.aggregate ? 'aggregate' : '', notOperating ? 'notoperating' : '', sig.has(n.id) ? 'significant' : '']
        .filter(Boolean)
        .join(' '),
    });
  }
  for (const [g, members] of groups) {
    const cols = members.map((m) => tierColumn(m.tier)).sort((a, b) => a - b);
    const [kind, value] = [g.slice(0, g.indexOf(':')), g.slice(g.indexOf(':') + 1)];
    const countries = [...new Set(members.map((m) => m.country))];
    out.push({
      group: 'nodes',
      data: {
        id: g,
        label: `${value} (${members.length})`,
        name: `${kind === 'country' ? 'Country' : 'Company'} ${value}: ${members.length} facilities`,
        tier: TIER_ORDER[cols[Math.floor(cols.length / 2)]] || '',
        country: countries.length === 1 ? countries[0] : '',
        company: kind === 'company' ? value : '',
        colour: countries.length === 1 ? countryColour(countries[0]) : '#999',
        col: cols[Math.floor(cols.length / 2)],
        collapsed: true,
        members: members.map((m) => m.id),
        ...sized(g),
      },
      classes: sig.has(g) ? 'collapsed significant' : 'collapsed',
    });
  }
  if (!groups.size) {
    for (const e of edges) {
      out.push({
        group: 'edges',
        data: {
          id: flowId(e),
          source: e.from,
          target: e.to,
          material: e.material,
          tonnes: e.tonnes ?? null,
          materialTonnes: e.materialTonnes ?? null,
          content: e.content ?? null,
          unit,
          basis: e.basis,
          width: width(e.tonnes),
          sources: e.sources || [],
        },
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
    if (!merged.has(key))
      merged.set(key, {
        source: s,
        target: t,
        tonnes: 0,
        known: false,
        estimated: false,
        none: true,
        materials: new Set(),
        flows: [],
      });
    const m = merged.get(key);
    if (e.tonnes) {
      m.tonnes += e.tonnes;
      m.known = true;
    }
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
        id: `agg:${key}`,
        source: m.source,
        target: m.target,
        material: [...m.materials].sort().join(', '),
        tonnes: m.known ? m.tonnes : null,
        unit,
        basis: m.estimated ? 'estimated' : 'reported',
        width: m.known ? 1.5 + 8 * Math.sqrt(m.tonnes / maxM) : 1.5,
        flows: m.flows,
        aggregated: true,
      },
      classes: [m.estimated ? 'estimated' : '', m.none ? 'noelement' : ''].filter(Boolean).join(' '),
    });
  }
  return out;
}
