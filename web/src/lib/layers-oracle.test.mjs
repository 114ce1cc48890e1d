// @ts-check
// dagre (cytoscape-dagre's bundled @dagrejs/dagre, run headless in node
// as the chain runs it up to DAGRE_MAX nodes) is the test oracle for
// layerPositions, the barycentre sweeps the chain uses above that size:
// on the seed and on a generated bigger graph, our ordering of the tier
// columns may cross no more flows between adjacent columns than dagre's,
// give or take FACTOR. Both counts are logged.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toElements } from './graph.js';
import { chainNodes, layerPositions } from './layers.js';
import { dagrePositions } from './dagre.js';

/** Ours may cross at most this many times dagre's crossings. */
const FACTOR = 1.25;

/** parseCSV reads RFC 4180 CSV (quoted cells, "" escapes) into objects by header. */
function parseCSV(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const [head, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(head.map((k, i) => [k, r[i] ?? ''])));
}

/** seedGraph builds the graph as GET /api/v1/graph answers it from the seed CSVs. */
export function seedGraph() {
  const fac = parseCSV(readFileSync(new URL('../../../seed/facilities.csv', import.meta.url), 'utf8'));
  const flows = parseCSV(readFileSync(new URL('../../../seed/flows.csv', import.meta.url), 'utf8'));
  return {
    nodes: fac.map((f) => ({
      id: f.id,
      name: f.name,
      tier: f.tier,
      company: f.company,
      country: f.country,
      status: f.status,
      aggregate: f.aggregate === 'true',
    })),
    edges: flows.map((e) => ({
      from: e.from,
      to: e.to,
      material: e.material,
      tonnes: e.tonnes_per_year === '' ? null : Number(e.tonnes_per_year),
      basis: e.basis,
      sources: [],
    })),
  };
}

/** generatedGraph builds a layered network of n facilities over the chain's tiers (seeded, deterministic). */
export function generatedGraph(n, seed = 7) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const tiers = ['Mine', 'Separation', 'Refinery', 'Metal', 'Alloy', 'Magnet', 'OEM'];
  const countries = ['CN', 'AU', 'US', 'JP', 'MY', 'VN', 'DE', 'EE', 'KR', 'IN'];
  const nodes = [];
  for (let i = 0; i < n; i++)
    nodes.push({
      id: `F${i}`,
      name: `Facility ${i}`,
      tier: tiers[Math.floor(rnd() * tiers.length)],
      country: countries[Math.floor(rnd() * countries.length)],
      company: `C${Math.floor((rnd() * n) / 3)}`,
      status: 'operating',
    });
  const byTier = tiers.map((t) => nodes.filter((x) => x.tier === t));
  const edges = [];
  for (const x of nodes) {
    const t = tiers.indexOf(x.tier);
    for (let k = 0; k < 2 && t < tiers.length - 1; k++) {
      const next = byTier[Math.min(tiers.length - 1, t + 1 + (rnd() < 0.15 ? 1 : 0))];
      if (next.length)
        edges.push({
          from: x.id,
          to: next[Math.floor(rnd() * next.length)].id,
          material: 'm',
          tonnes: Math.round(rnd() * 1000),
          basis: 'reported',
          sources: [],
        });
    }
  }
  return { nodes, edges };
}

/** chainInput reduces elements to what the chain's layout sees, in its first order. */
export function chainInput(elements) {
  const { nodes, ids, col, edges } = chainNodes(elements);
  return { ids, col, nodes, edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target })) };
}

/** crossings counts the pairs of flows between adjacent tier columns that cross when each column is ordered by y. */
export function crossings(pos, col, edges) {
  const cols = [...new Set(Object.values(col))].sort((a, b) => a - b);
  const rank = {};
  for (const c of cols) {
    Object.keys(col)
      .filter((id) => col[id] === c)
      .sort((a, b) => pos[a].y - pos[b].y || (a < b ? -1 : 1))
      .forEach((id, i) => {
        rank[id] = i;
      });
  }
  let n = 0;
  for (let i = 0; i + 1 < cols.length; i++) {
    const between = [];
    for (const e of edges) {
      const [a, b] = [e.source, e.target];
      if (col[a] === cols[i] && col[b] === cols[i + 1]) between.push([rank[a], rank[b]]);
      else if (col[b] === cols[i] && col[a] === cols[i + 1]) between.push([rank[b], rank[a]]);
    }
    for (let p = 0; p < between.length; p++) {
      for (let q = p + 1; q < between.length; q++) {
        if ((between[p][0] - between[q][0]) * (between[p][1] - between[q][1]) < 0) n++;
      }
    }
  }
  return n;
}

function compare(name, graph) {
  const input = chainInput(toElements(graph));
  let t = performance.now();
  const oracle = crossings(dagrePositions(input.nodes, input.edges), input.col, input.edges);
  const dagreMs = performance.now() - t;
  t = performance.now();
  const ours = crossings(layerPositions(input.ids, input.col, input.edges, { gap: 24 }), input.col, input.edges);
  const oursMs = performance.now() - t;
  console.log(
    `${name}: ${input.ids.length} nodes, ${input.edges.length} flows; crossings between adjacent tier columns: ` +
      `layerPositions ${ours} (${oursMs.toFixed(0)} ms), dagre ${oracle} (${dagreMs.toFixed(0)} ms), limit ${FACTOR}×`,
  );
  assert.ok(
    ours <= FACTOR * oracle,
    `${name}: layerPositions crosses ${ours} times, dagre ${oracle} (limit ${FACTOR}×)`,
  );
}

test('layerPositions crosses no more flows than dagre on the seed', () => {
  const g = seedGraph();
  assert.ok(g.nodes.length > 100 && g.edges.length > 150);
  compare('seed', g);
});

test('layerPositions crosses no more flows than dagre on a generated network of 200 facilities', () => {
  compare('generated-200', generatedGraph(200));
});
