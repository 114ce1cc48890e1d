// @ts-check
// The chain's own layered ordering, used above DAGRE_MAX facilities
// (dagre.js), where dagre is too slow. No DOM.

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
  for (const c of keys)
    cols.get(c).forEach((id, i, list) => {
      y[id] = (i - (list.length - 1) / 2) * gap;
    });
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
    const ys = list.map((id) => {
      last = Math.max(bc.get(id), last + gap);
      return last;
    });
    const shift = (ys.reduce((s, v) => s + v, 0) - list.reduce((s, id) => s + bc.get(id), 0)) / list.length;
    list.forEach((id, i) => {
      y[id] = ys[i] - shift;
    });
  };
  for (let s = 0; s < sweeps; s++) {
    const fwd = s % 2 === 0;
    for (const c of fwd ? keys : [...keys].reverse()) place(c, fwd ? 1 : -1);
  }
  const out = {};
  for (const id of ids) out[id] = { x: col[id] ?? 0, y: y[id] };
  return out;
}

/**
 * chainNodes orders the chain's nodes as its layouts first see them (by country, company, label) and
 * returns them with their ids, tier columns and sizes, and the flows' data.
 * @param {any[]} elements Cytoscape elements
 */
export function chainNodes(elements) {
  const nodes = elements
    .filter((e) => e.group === 'nodes')
    .map((e) => e.data)
    .sort(
      (x, y) =>
        String(x.country).localeCompare(String(y.country)) ||
        String(x.company).localeCompare(String(y.company)) ||
        String(x.label).localeCompare(String(y.label)),
    );
  /** @type {Record<string, number>} */
  const col = {};
  /** @type {Record<string, number>} */
  const size = {};
  for (const d of nodes) {
    col[d.id] = d.col;
    size[d.id] = d.size;
  }
  const edges = elements.filter((e) => e.group === 'edges').map((e) => e.data);
  return { nodes, ids: nodes.map((d) => d.id), col, size, edges };
}
