// @ts-check
// Positions on the chain: tier columns, spreading rows apart, fitting a
// box into the pane and the tier headers over the columns. No DOM.

import { TIER_ORDER, tierColumn } from './tiers.js';

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
  return {
    zoom,
    pan: { x: pad + (aw - bw * zoom) / 2 - bb.x1 * zoom, y: pad + top + (ah - bh * zoom) / 2 - bb.y1 * zoom },
  };
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
  return [...xs]
    .sort((a, b) => a[0] - b[0])
    .filter(([c]) => TIER_ORDER[c])
    .map(([c, [lo, hi]]) => ({ col: c, tier: TIER_ORDER[c], x: (lo + hi) / 2 }));
}

/**
 * columnPositions places nodes in tier columns: x by column, y in order
 * within the column, each column centred on y = 0. order(a, b) sorts a
 * column; by default country, company, name.
 * @param {{id: string, col?: number, tier?: string, country?: string, company?: string, label?: string}[]} nodes
 * @param {{colGap?: number, rowGap?: number, order?: (a: any, b: any) => number,
 *   maxRows?: number, subGap?: number}} [opts]
 * @returns {Record<string, {x: number, y: number}>}
 */
export function columnPositions(nodes, { colGap = 260, rowGap = 46, order, maxRows = Infinity, subGap = 16 } = {}) {
  const cols = new Map();
  for (const n of nodes) {
    const c = n.col ?? tierColumn(n.tier);
    if (!cols.has(c)) cols.set(c, []);
    cols.get(c).push(n);
  }
  const cmp =
    order ||
    ((a, b) =>
      String(a.country).localeCompare(String(b.country)) ||
      String(a.company).localeCompare(String(b.company)) ||
      String(a.label).localeCompare(String(b.label)));
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
    list.forEach((n, i) => {
      pos[n.id] = { x: x + Math.floor(i / rows) * subGap, y: top + (i % rows) * rowGap };
    });
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
    const shift =
      (ys[0] + ys[ys.length - 1]) / 2 -
      (Math.min(...ids.map((id) => pos[id].y)) + Math.max(...ids.map((id) => pos[id].y))) / 2;
    ids.forEach((id, i) => {
      out[id] = { x: c * colGap, y: ys[i] - shift };
    });
  }
  return out;
}

/** spreadCoincident moves map points that fall on the same pixel (two
 * plants in one town, a plant beside the one it shares an estate with)
 * onto a small ring of radius r around it, in id order, so each can be
 * seen and clicked; a point alone stays where it is.
 * @param {Map<string, [number, number]>} at id → [x, y]
 * @param {number} r
 * @returns {Map<string, [number, number]>} */
export function spreadCoincident(at, r) {
  /** @type {Map<string, string[]>} */
  const groups = new Map();
  for (const [id, [x, y]] of at) {
    const key = `${Math.round(x)},${Math.round(y)}`;
    const g = groups.get(key);
    if (g) g.push(id);
    else groups.set(key, [id]);
  }
  /** @type {Map<string, [number, number]>} */
  const out = new Map(at);
  for (const ids of groups.values()) {
    if (ids.length < 2) continue;
    ids.sort();
    const [cx, cy] = /** @type {[number, number]} */ (at.get(ids[0]));
    ids.forEach((id, i) => {
      const a = (2 * Math.PI * i) / ids.length - Math.PI / 2;
      out.set(id, [cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    });
  }
  return out;
}

/**
 * placeLabels places text labels (centred on x, baseline at y) so that
 * none overlaps another: heaviest first, each at its point or moved up or
 * down by one or two line heights, or left out when every place is taken.
 * A label is about charW × its length wide and h high.
 * @param {{x: number, y: number, text: string, weight: number}[]} items
 * @param {{h?: number, charW?: number}} [opts]
 * @returns {{x: number, y: number, shown: boolean}[]} in the items' order
 */
export function placeLabels(items, { h = 10, charW = 5.4 } = {}) {
  const boxes = [];
  const out = items.map((it) => ({ x: it.x, y: it.y, shown: false }));
  const order = items.map((_, i) => i).sort((a, b) => items[b].weight - items[a].weight);
  for (const i of order) {
    const it = items[i];
    const w = it.text.length * charW;
    for (const dy of [0, -h, h, -2 * h, 2 * h]) {
      const box = { x1: it.x - w / 2, x2: it.x + w / 2, y1: it.y + dy - h, y2: it.y + dy };
      if (boxes.some((b) => box.x1 < b.x2 && b.x1 < box.x2 && box.y1 < b.y2 && b.y1 < box.y2)) continue;
      boxes.push(box);
      out[i] = { x: it.x, y: it.y + dy, shown: true };
      break;
    }
  }
  return out;
}
