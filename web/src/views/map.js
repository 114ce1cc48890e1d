// @ts-check
// The map view: facilities at their coordinates on a world map drawn with
// d3-geo from world-atlas (bundled; no tiles), flows as arcs. Approximate
// locations are hollow, dashed rings.

import { geoNaturalEarth1, geoPath, geoGraticule10 } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';
import { countryColour } from '../lib/tiers.js';
import { flowId, isEstimated } from '../lib/graph.js';
import { placeLabels, spreadCoincident } from '../lib/geometry.js';
import { hoverLines } from '../lib/hover.js';
import { highlightKey } from '../lib/highlights.js';
import { formatFlow, formatTonnes, shortUnit } from '../lib/units.js';
import { MAP_CSS, keyHTML } from './map-style.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, v);
  return el;
}

function hasCoords(n) {
  return n.lat !== null && n.lat !== undefined && n.lon !== null && n.lon !== undefined;
}

/** createMap mounts the map view in container. */
export function createMap(container, { onSelect, countryNames }) {
  // The projection is fitted to the pane's size when the map is first
  // shown (and again when the pane changes size); drawing waits until then.
  let W = 960;
  let H = 500;
  const projection = geoNaturalEarth1();
  const path = geoPath(projection);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'World map of facilities and flows',
    'data-testid': 'map-svg',
    xmlns: NS,
    preserveAspectRatio: 'xMidYMid meet',
  });
  const style = s('style');
  style.textContent = MAP_CSS;
  svg.append(style);
  const view = s('g');
  svg.append(view);
  const baseG = s('g');
  view.append(baseG);
  let land = null;
  let borders = null;
  function drawBase() {
    if (!land) {
      const topo = /** @type {any} */ (world); // the JSON's types are too wide for topojson's
      land = feature(topo, topo.objects.countries);
      borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
    }
    baseG.replaceChildren(
      s('path', { class: 'sphere', d: path({ type: 'Sphere' }) }),
      s('path', { class: 'grat', d: path(geoGraticule10()) }),
      s('path', { class: 'land', d: path(land) }),
      s('path', { class: 'grat', d: path(borders), style: 'stroke:#c9d1d9' }),
    );
  }
  const flowsG = s('g');
  const nodesG = s('g');
  const labelsG = s('g');
  view.append(flowsG, nodesG, labelsG);
  container.append(svg);
  const key = document.createElement('div');
  key.className = 'mapkey';
  key.dataset.testid = 'map-legend';
  let keyUnit = '';
  key.innerHTML = keyHTML(keyUnit);
  container.append(key);
  // The analyses' highlights on the map now, after the fixed entries.
  const MAP_MARKS = new Set([
    'dest',
    'cutoff',
    'affected',
    'choke',
    'match',
    'blocked',
    'notyet',
    'ramping',
    'notinforce',
  ]);
  /** showKey lists the marks on the map; unplaced counts, per mark, the
   * marked facilities the map cannot place (no coordinates), so that the
   * key's counts agree with the chain's and the status line's. */
  function showKey(counts, unplaced = {}) {
    key.innerHTML = keyHTML(keyUnit);
    for (const x of highlightKey(counts).filter((k) => MAP_MARKS.has(k.key))) {
      const row = document.createElement('span');
      row.dataset.highlight = x.key;
      const sw = document.createElement('span');
      sw.className = `lg ${x.lg}`;
      const more = unplaced[x.key] ? ` (+${unplaced[x.key]} without coordinates, not on the map)` : '';
      row.append(sw, x.text + more);
      key.insertBefore(row, key.lastChild);
    }
  }

  // Pan and zoom by changing the view box.
  let vb = { x: 0, y: 0, w: W, h: H };
  const setVB = () => svg.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
  svg.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      const r = svg.getBoundingClientRect();
      const px = vb.x + ((ev.clientX - r.left) / r.width) * vb.w;
      const py = vb.y + ((ev.clientY - r.top) / r.height) * vb.h;
      const k = Math.min(Math.max(ev.deltaY > 0 ? 1.15 : 1 / 1.15, W / 40 / vb.w), W / vb.w);
      vb = { x: px - (px - vb.x) * k, y: py - (py - vb.y) * k, w: vb.w * k, h: vb.h * k };
      setVB();
    },
    { passive: false },
  );
  let drag = null;
  svg.addEventListener('pointerdown', (ev) => {
    if (!ev.target.classList.contains('fac')) drag = { x: ev.clientX, y: ev.clientY, vb: { ...vb } };
  });
  window.addEventListener('pointerup', () => {
    drag = null;
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    vb = {
      ...drag.vb,
      x: drag.vb.x - ((ev.clientX - drag.x) / r.width) * vb.w,
      y: drag.vb.y - ((ev.clientY - drag.y) / r.height) * vb.h,
    };
    setVB();
  });

  let at = new Map(); // facility id -> [x, y]
  let circles = new Map();
  let arcs = new Map();
  let missing = 0;

  function arc(a, b) {
    const [x1, y1] = a;
    const [x2, y2] = b;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const d = Math.hypot(dx, dy) || 1;
    const bend = Math.min(0.25 * d, 80);
    const mx = (x1 + x2) / 2 - (dy / d) * bend;
    const my = (y1 + y2) / 2 + (dx / d) * bend;
    return {
      d: `M${x1.toFixed(1)},${y1.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`,
      mid: [(x1 + 2 * mx + x2) / 4, (y1 + 2 * my + y2) / 4],
    };
  }

  let data = { nodes: [], edges: [] };
  let dirty = true;
  let last = [{}, ''];

  /** show takes a subgraph's facilities and flows (already filtered) and
   * the unit of the flows' tonnes; they are drawn when the map is visible. */
  function show(nodes, edges, unit) {
    data = { nodes, edges, unit };
    keyUnit = unit || '';
    dirty = true;
    missing = nodes.filter((n) => !hasCoords(n)).length;
    render();
    return { placed: nodes.length - missing, missing };
  }

  /** render draws the map if it is visible (or force) and out of date. */
  function render(force) {
    const w = container.clientWidth;
    const h = container.clientHeight;
    if (!force && (!w || !h)) return;
    const nw = Math.max(200, w || W);
    const nh = Math.max(150, h || H);
    if (!dirty && nw === W && nh === H) return;
    if (nw !== W || nh !== H || !baseG.firstChild) {
      W = nw;
      H = nh;
      // Fit the facilities (not the whole sphere) to the pane, leaving
      // room for the key at the bottom; with too few, the whole world.
      const pts = data.nodes.filter(hasCoords).map((n) => [n.lon, n.lat]);
      /** @type {[[number, number], [number, number]]} */
      const frame = [
        [20, 20],
        [W - 20, H - 56],
      ];
      if (pts.length >= 2) projection.fitExtent(frame, { type: 'MultiPoint', coordinates: pts });
      else projection.fitExtent(frame, { type: 'Sphere' });
      drawBase();
      vb = { x: 0, y: 0, w: W, h: H };
      setVB();
    }
    dirty = false;
    drawData(data.nodes, data.edges, data.unit);
    markInForce();
    overlay(...last);
  }

  function drawData(nodes, edges, unit) {
    flowsG.replaceChildren();
    nodesG.replaceChildren();
    labelsG.replaceChildren();
    at = new Map();
    circles = new Map();
    arcs = new Map();
    for (const n of nodes) {
      if (!hasCoords(n)) continue;
      const p = projection([n.lon, n.lat]);
      if (p) at.set(n.id, p);
    }
    // Facilities on one point (a town, an estate) each get a place of
    // their own, so a click picks the one you see.
    at = spreadCoincident(at, 6);
    const maxT = Math.max(1, ...edges.map((e) => e.tonnes || 0));
    for (const e of edges) {
      const a = at.get(e.from);
      const b = at.get(e.to);
      if (!a || !b) continue;
      const { d, mid } = arc(a, b);
      const el = s('path', {
        class: `flow${isEstimated(e.basis) ? ' est' : ''}`,
        d,
        'stroke-width': (0.6 + 4 * Math.sqrt((e.tonnes || 0) / maxT)).toFixed(2),
      });
      const title = `${e.from} → ${e.to}: ${formatFlow(e, unit)} (${e.basis})`;
      el.append(Object.assign(s('title'), { textContent: title }));
      el.dataset.id = flowId(e);
      el.dataset.title = title;
      flowsG.append(el);
      arcs.set(flowId(e), { el, mid });
    }
    for (const n of nodes) {
      const p = at.get(n.id);
      if (!p) continue;
      const c = s('circle', {
        class: `fac${n.locationApproximate ? ' approx' : ''}`,
        cx: p[0].toFixed(1),
        cy: p[1].toFixed(1),
        r: n.locationApproximate ? 5 : 3.6,
        fill: countryColour(n.country),
        stroke: n.locationApproximate ? countryColour(n.country) : undefined,
        tabindex: 0,
        'data-id': n.id,
        role: 'button',
        'aria-label': `${n.name} (${n.country})${n.locationApproximate ? ', approximate location' : ''}`,
      });
      const title = hoverLines(n, countryNames && countryNames()).join('\n');
      c.dataset.title = title;
      c.append(Object.assign(s('title'), { textContent: title }));
      c.addEventListener('click', () => onSelect(n.id));
      c.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          onSelect(n.id);
        }
      });
      nodesG.append(c);
      circles.set(n.id, c);
    }
    return { placed: at.size, missing };
  }

  /** @type {[import('../lib/inforce.js').InForce | null, (id: string) => string]} */
  let inForceNow = [null, () => ''];

  /** inForce fades what is not in force on the as-of date (class
   * notinforce; still clickable) and rings the facilities ramping up
   * (class ramping); noteOf(id) says why, in the title. Kept for the next
   * drawing.
   * @param {import('../lib/inforce.js').InForce} f
   * @param {(id: string) => string} noteOf */
  function inForce(f, noteOf) {
    inForceNow = [f, noteOf];
    markInForce();
    overlay(...last);
  }
  function markInForce() {
    const [f, noteOf] = inForceNow;
    const mark = (el, id, st) => {
      el.classList.toggle('notinforce', st === 'notinforce');
      el.classList.toggle('ramping', st === 'ramping');
      const note = st ? noteOf(id) : '';
      el.querySelector('title').textContent = note ? `${el.dataset.title}\n${note}` : el.dataset.title;
    };
    for (const [id, c] of circles)
      mark(c, id, f && f.notYet.has(id) ? 'notinforce' : f && f.ramping.has(id) ? 'ramping' : '');
    for (const [id, a] of arcs) mark(a.el, id, f && f.flows.has(id) ? 'notinforce' : '');
  }

  let hiddenHops = 0;

  /** overlay draws the analyses' highlights. */
  function overlay(o, selected) {
    last = [o, selected];
    labelsG.replaceChildren();
    for (const [id, c] of circles) {
      c.classList.toggle('route', !!(o.route && o.route.nodes.includes(id)));
      c.classList.toggle('cutoff', !!(o.cutoff && o.cutoff[id]));
      c.classList.toggle('match', !!(o.match && o.match.includes(id)));
      c.classList.toggle('dest', !!(o.dest && o.dest.includes(id)));
      c.classList.toggle('affected', !!(o.affected && o.affected.includes(id)));
      c.classList.toggle('choke', !!(o.choke && o.choke[id]));
      c.classList.toggle('sel', id === selected);
    }
    const routeEdges = (o.route && o.route.edges) || {};
    const hopLabels = [];
    for (const [id, a] of arcs) {
      const onRoute = id in routeEdges;
      a.el.classList.toggle('route', onRoute);
      a.el.classList.toggle('blocked', !!(o.blocked && o.blocked.includes(id)));
      if (onRoute) {
        flowsG.append(a.el); // on top
        const text = formatTonnes(routeEdges[id], shortUnit(o.route.unit));
        hopLabels.push({ x: a.mid[0], y: a.mid[1], text, weight: routeEdges[id] || 0 });
      }
    }
    // The hops' tonnes, without overlapping: heaviest first, moved a line
    // when taken, left out when no place is free (the arc's tooltip keeps
    // its figure).
    const placed = placeLabels(hopLabels, { h: 10, charW: 5.4 });
    hiddenHops = 0;
    hopLabels.forEach((l, i) => {
      if (!placed[i].shown) {
        hiddenHops++;
        return;
      }
      const t = s('text', {
        class: 'hop',
        x: placed[i].x.toFixed(1),
        y: placed[i].y.toFixed(1),
        'text-anchor': 'middle',
      });
      t.textContent = l.text;
      labelsG.append(t);
    });
    labelsG.dataset.hidden = String(hiddenHops);
    const n = (cls) => [...circles.values()].filter((c) => c.classList.contains(cls)).length;
    const destOff = (o.dest || []).filter((id) => !at.has(id)).length;
    showKey(
      {
        dest: n('dest'),
        cutoff: n('cutoff'),
        affected: n('affected'),
        choke: n('choke'),
        match: n('match'),
        blocked: [...arcs.values()].filter((a) => a.el.classList.contains('blocked')).length,
        notyet: n('notinforce'),
        ramping: n('ramping'),
        notinforce: [...arcs.values()].filter((a) => a.el.classList.contains('notinforce')).length,
      },
      { dest: destOff },
    );
  }

  /** svgText serialises the map for export. */
  function svgText() {
    render(true);
    return new XMLSerializer().serializeToString(svg);
  }

  return {
    show,
    overlay,
    inForce,
    svgText,
    svg,
    resize: () => render(),
    size: () => ({ width: W, height: H }),
    stats: () => ({ placed: at.size, missing }),
  };
}
