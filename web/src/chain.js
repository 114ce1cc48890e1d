// The chain view: Cytoscape.js with tiers as columns. dagre (through
// cytoscape-dagre, see layout.js) orders the nodes within their columns
// up to DAGRE_MAX nodes, our barycentre sweeps (layerPositions) above it;
// spreadColumns then snaps them to the columns and spaces them. Big
// graphs use plain tier columns.

import cytoscape from 'cytoscape';
import cytoscapeSvg from 'cytoscape-svg';
import { shortUnit } from './units.js';
import { DAGRE_MAX, dagrePositions } from './layout.js';
import { columnPositions, spreadColumns, stretchRows, fitViewport, tierHeaders, formatTonnes, formatShare, hoverLines, layerPositions, highlightKey, shortName } from './mapping.js';

cytoscape.use(cytoscapeSvg);

/** Column spacing (model units): the seed-sized chain leaves room for a
 * label right of each node; big graphs have no labels. */
const COL_GAP = 190;
const BIG_COL_GAP = 280;
/** Room kept right of the last column for its labels (model units). */
const LABEL_ROOM = 110;
/** Height of the tier headers over the chain (pixels). */
const HEADER_H = 26;
/** On-screen size of the significant nodes' labels at the first fit (px). */
const SIG_FONT_PX = 10;
/** BIG is the node count above which the chain uses plain columns and
 * cheaper styles. */
export const BIG = 800;

function style(big) {
  return [
    { selector: 'node', style: {
      'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)', label: big ? '' : 'data(label)', 'font-size': 11,
      'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 3, color: '#1b1f24',
      'text-wrap': 'ellipsis', 'text-max-width': COL_GAP - 24,
      'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': 1, 'text-background-shape': 'roundrectangle',
      'border-width': 1, 'border-color': '#39424c', 'min-zoomed-font-size': 8,
    } },
    { selector: 'node.significant', style: { 'font-size': 'data(sigFont)', 'z-index': 5 } },
    // The analyses' marked facilities keep readable labels when zoomed out,
    // as the significant ones do.
    { selector: 'node.dest, node.affected, node.cutoff, node.choke, node.route', style: { 'font-size': 'data(sigFont)' } },
    { selector: 'node.aggregate', style: { shape: 'hexagon', 'border-width': 3, 'border-style': 'double' } },
    // Planned or under construction: hollow (pale fill, ring in the
    // country's colour); the label carries the status.
    { selector: 'node.notoperating', style: { 'background-opacity': 0.18, 'border-width': 2.5, 'border-color': 'data(colour)', color: '#56616c' } },
    { selector: 'node.collapsed', style: { shape: 'round-rectangle', 'border-width': 2, 'font-weight': 'bold' } },
    { selector: 'edge', style: {
      width: 'data(width)', 'line-color': '#8a96a3', opacity: 0.7,
      'curve-style': big ? 'haystack' : 'bezier', 'target-arrow-shape': big ? 'none' : 'triangle', 'target-arrow-color': '#8a96a3', 'arrow-scale': 0.7,
    } },
    { selector: 'edge.estimated', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    // A flow that carries none of the element counted: thin and faint.
    { selector: 'edge.noelement', style: { width: 1, opacity: 0.25 } },
    { selector: '.faded', style: { opacity: 0.3 } },
    { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#f2a900', 'z-index': 20 } },
    // Not bold: a label whose weight changes after it was measured is cut
    // short on the canvas ("Nidec Corporatio"); the colour and the ring mark it.
    { selector: 'node.dest', style: { 'border-width': 4, 'border-color': '#1a7f37', color: '#0f5323', 'z-index': 22 } },
    { selector: 'node.choke', style: { 'border-width': 4, 'border-color': '#b4236b', label: 'data(chokeLabel)', 'font-weight': 'bold', 'z-index': 25 } },
    { selector: 'node.structural', style: { 'border-width': 6 } },
    { selector: 'node.affected', style: { 'border-width': 4, 'border-color': '#e07b00', 'z-index': 28 } },
    { selector: 'node.cutoff', style: {
      'border-width': 5, 'border-color': '#b00020', 'underlay-color': '#b00020', 'underlay-opacity': 0.3, 'underlay-padding': 7,
      label: 'data(cutLabel)', color: '#8a0018', 'font-weight': 'bold', 'z-index': 30,
    } },
    { selector: 'edge.blocked', style: { 'line-color': '#b00020', 'target-arrow-color': '#b00020', opacity: 0.9, 'line-style': 'dotted', width: 3 } },
    { selector: 'node.route', style: { 'border-width': 4, 'border-color': '#0b3d91', 'z-index': 40, opacity: 1 } },
    { selector: 'edge.route', style: {
      'line-color': '#0b3d91', 'target-arrow-color': '#0b3d91', opacity: 1, 'z-index': 40, width: 5,
      label: 'data(hopLabel)', 'font-size': 10, 'font-weight': 'bold', color: '#0b3d91',
      'text-background-color': '#fff', 'text-background-opacity': 0.9, 'text-background-padding': 2,
    } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#000', 'overlay-color': '#000', 'overlay-opacity': 0.08 } },
    { selector: 'edge:selected', style: { 'line-color': '#000', 'target-arrow-color': '#000', opacity: 1 } },
  ];
}

/** createChain mounts the chain view in container. */
export function createChain(container, { onSelect, onBackground, countryNames }) {
  let big = false;
  const cy = cytoscape({
    container, style: style(false), minZoom: 0.03, maxZoom: 4, boxSelectionEnabled: false,
    selectionType: 'single', wheelSensitivity: 0.3,
  });
  cy.on('tap', 'node, edge', (ev) => onSelect(ev.target));
  cy.on('tap', (ev) => { if (ev.target === cy) onBackground(); });

  // Tier headers: an HTML strip over the canvas whose labels follow the
  // columns as the graph pans and zooms.
  const bar = document.createElement('div');
  bar.className = 'tierbar';
  bar.setAttribute('aria-hidden', 'true');
  bar.dataset.testid = 'tier-headers';
  container.append(bar);
  let headers = [];
  function placeHeaders() {
    const z = cy.zoom();
    const px = cy.pan().x;
    const w = container.clientWidth;
    for (const hd of headers) {
      const x = hd.x * z + px;
      hd.el.style.transform = `translateX(${Math.round(x)}px) translateX(-50%)`;
      hd.el.hidden = x < -60 || x > w + 60;
    }
  }
  function setHeaders() {
    const pos = {};
    const col = {};
    cy.nodes().forEach((n) => { pos[n.id()] = n.position(); col[n.id()] = n.data('col'); });
    headers = tierHeaders(pos, col).map((hd) => {
      const el = document.createElement('span');
      el.className = 'tierhead';
      el.dataset.tier = hd.tier;
      el.textContent = hd.tier;
      return { ...hd, el };
    });
    bar.replaceChildren(...headers.map((hd) => hd.el));
    placeHeaders();
  }
  cy.on('viewport', placeHeaders);

  // Hover: the full name, company and country next to the pointer (labels
  // are shortened on the canvas).
  const tip = document.createElement('div');
  tip.className = 'hovertip';
  tip.setAttribute('role', 'tooltip');
  tip.dataset.testid = 'chain-tooltip';
  tip.hidden = true;
  container.append(tip);
  // "On the graph now": the highlights the analyses put on screen, and
  // only those.
  const key = document.createElement('div');
  key.className = 'mapkey graphkey';
  key.dataset.testid = 'chain-highlights';
  key.hidden = true;
  container.append(key);
  function showTip(ev) {
    const el = ev.target;
    if (el.hasClass && el.hasClass('tierlabel')) return;
    const lines = hoverLines(el.data(), countryNames && countryNames());
    if (!lines.length) return;
    tip.replaceChildren(...lines.map((l, i) => {
      const d = document.createElement(i ? 'div' : 'strong');
      d.textContent = l;
      return d;
    }));
    tip.dataset.id = el.id();
    tip.hidden = false;
    const p = ev.renderedPosition || (el.isNode() ? el.renderedPosition() : el.renderedMidpoint());
    const w = container.clientWidth;
    const hgt = container.clientHeight;
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    const x = p.x + 14 + tw > w ? Math.max(4, p.x - 14 - tw) : p.x + 14;
    const y = Math.max(HEADER_H + 4, Math.min(hgt - th - 4, p.y + 12));
    tip.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }
  cy.on('mouseover', 'node, edge', showTip);
  cy.on('mouseout', 'node, edge', () => { tip.hidden = true; });
  cy.on('viewport remove', () => { tip.hidden = true; });

  // Keyboard: with the canvas focused, arrows pan, + and - zoom about the
  // centre, 0 fits the whole chain again.
  container.tabIndex = 0;
  container.addEventListener('keydown', (ev) => {
    if (ev.target !== container || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const step = ev.shiftKey ? 200 : 60;
    const centre = { x: container.clientWidth / 2, y: container.clientHeight / 2 };
    const zoomBy = (f) => cy.zoom({ level: Math.max(cy.minZoom(), Math.min(cy.maxZoom(), cy.zoom() * f)), renderedPosition: centre });
    const act = {
      ArrowLeft: () => cy.panBy({ x: step, y: 0 }), ArrowRight: () => cy.panBy({ x: -step, y: 0 }),
      ArrowUp: () => cy.panBy({ x: 0, y: step }), ArrowDown: () => cy.panBy({ x: 0, y: -step }),
      '+': () => zoomBy(1.25), '=': () => zoomBy(1.25), '-': () => zoomBy(0.8), 0: () => fit(),
    }[ev.key];
    if (!act) return;
    ev.preventDefault();
    act();
  });

  /** fit shows the whole graph below the headers and sizes the
   * significant labels to be readable at that zoom. */
  function fit() {
    const nodes = cy.nodes();
    if (nodes.empty()) return;
    const bb = nodes.boundingBox({ includeLabels: false });
    const w = container.clientWidth;
    const hgt = container.clientHeight;
    const box = big ? bb : { ...bb, x2: bb.x2 + LABEL_ROOM };
    const v = fitViewport(box, w, hgt, { pad: 16, top: HEADER_H, minZoom: cy.minZoom(), maxZoom: 1.6 });
    cy.viewport(v);
    sizeLabels();
  }

  // The significant (and marked) labels keep SIG_FONT_PX on screen when
  // zoomed out (up to a limit) and the others' size when zoomed in.
  let sigFont = 0;
  const SIZED = '.significant, .dest, .affected, .cutoff, .choke, .route';
  function sizeLabels() {
    if (big) return;
    const font = Math.round(Math.max(11, Math.min(34, SIG_FONT_PX / cy.zoom())));
    if (font === sigFont) return;
    sigFont = font;
    cy.batch(() => cy.nodes(SIZED).data('sigFont', font));
  }
  let labelFrame = 0;
  cy.on('viewport', () => {
    if (!labelFrame) labelFrame = requestAnimationFrame(() => { labelFrame = 0; sizeLabels(); });
  });

  /** restyle updates the data and classes of the elements in place when
   * elements are the drawn ones (same ids), keeping their positions; it
   * returns false, changing nothing, when they are not. */
  function restyle(elements) {
    const ids = new Set(elements.map((e) => e.data.id));
    const drawn = cy.elements().not('.tierlabel');
    if (drawn.length !== ids.size || drawn.some((el) => !ids.has(el.id()))) return false;
    cy.batch(() => {
      for (const e of elements) {
        const el = cy.getElementById(e.data.id);
        const keepData = { sigFont: el.data('sigFont'), chokeLabel: el.data('chokeLabel'), cutLabel: el.data('cutLabel'), hopLabel: el.data('hopLabel') };
        el.data({ ...e.data, ...Object.fromEntries(Object.entries(keepData).filter(([, v]) => v !== undefined)) });
        const marks = ['faded', 'match', 'dest', 'choke', 'structural', 'cutoff', 'affected', 'blocked', 'route'].filter((c) => el.hasClass(c));
        el.classes([...(e.classes ? e.classes.split(' ') : []), ...marks].join(' '));
      }
      if (sigFont) cy.nodes(SIZED).data('sigFont', sigFont);
    });
    return true;
  }

  /** show replaces the elements and lays them out; it resolves when drawn.
   * With keep, elements that are the drawn ones (other data, such as the
   * tonnes of another element) are updated in place instead. */
  async function show(elements, { keep = false } = {}) {
    if (keep && !big && restyle(elements)) {
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return { restyled: true };
    }
    const parts = {};
    let t0 = performance.now();
    const lap = (k) => { const t = performance.now(); parts[k] = Math.round(t - t0); t0 = t; };
    const nodeCount = elements.filter((e) => e.group === 'nodes').length;
    const nowBig = nodeCount > BIG;
    if (nowBig !== big) {
      big = nowBig;
      cy.style(style(big));
      // On big graphs, gestures (wheel, drag) move a texture of the graph
      // instead of redrawing it; the full drawing follows when they stop.
      const r = cy.renderer();
      if (r) {
        r.textureOnViewport = big;
        r.hideEdgesOnViewport = big;
      }
    }
    if (!big && nodeCount) {
      // Order each tier column with dagre (run headless, rankDir LR), or
      // above DAGRE_MAX nodes, where dagre takes seconds, by barycentre
      // sweeps (a few ms); then snap the nodes to their tier's column,
      // spread the rows to the pane's shape and push apart rows that
      // came too close; the nodes are added in place.
      const col = {};
      const size = {};
      const ids = [];
      const nodeData = elements.filter((e) => e.group === 'nodes').map((e) => e.data)
        .sort((x, y) => String(x.country).localeCompare(String(y.country)) || String(x.company).localeCompare(String(y.company)) || String(x.label).localeCompare(String(y.label)));
      for (const d of nodeData) { ids.push(d.id); col[d.id] = d.col; size[d.id] = d.size; }
      const edgeData = elements.filter((e) => e.group === 'edges').map((e) => e.data);
      const pos = nodeCount <= DAGRE_MAX ? dagrePositions(nodeData, edgeData) : layerPositions(ids, col, edgeData, { gap: 24 });
      const w = container.clientWidth || 800;
      const hgt = container.clientHeight || 600;
      const aspect = (hgt - HEADER_H) / w;
      const spread = spreadColumns(stretchRows(spreadColumns(pos, col, { colGap: COL_GAP, minGap: 0 }), aspect, { minFactor: 0.05, maxFactor: 4, extraWidth: LABEL_ROOM }), col, { colGap: COL_GAP, minGap: 22, size });
      for (const e of elements) if (e.group === 'nodes') e.position = spread[e.data.id];
      lap('orderMs');
    }
    cy.startBatch();
    cy.elements().remove();
    if (big) {
      const pos = columnPositions(elements.filter((e) => e.group === 'nodes').map((e) => e.data), { colGap: BIG_COL_GAP, rowGap: 12, maxRows: 160, subGap: 14 });
      for (const e of elements) if (e.group === 'nodes') { e.position = pos[e.data.id]; e.data = { ...e.data, size: 10 }; }
    }
    for (const e of elements) if (e.group === 'nodes' && e.data.sigFont === undefined) e.data = { ...e.data, sigFont: 11 };
    cy.add(elements);
    sigFont = 0;
    cy.endBatch();
    lap('addMs');
    cy.resize();
    fit();
    setHeaders();
    lap('fitMs');
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    lap('paintMs');
    return parts;
  }

  /** markLabel is a node's label short enough to take a share after it
   * ("JP auto-parts… −19%", not "JP auto-parts & motor… …"). */
  function markLabel(el) {
    const l = String(el.data('label') || '');
    return l.length > 20 ? shortName(l, 20) : l;
  }

  /** overlay draws the analyses' highlights (see main.js for its shape). */
  function overlay(o) {
    cy.batch(() => {
      cy.elements().removeClass('faded match dest choke structural cutoff affected blocked route');
      const add = (ids, cls) => { for (const id of ids || []) { const el = cy.getElementById(id); if (el.nonempty()) el.addClass(cls); } };
      add(o.match, 'match');
      add(o.dest, 'dest');
      for (const [id, c] of Object.entries(o.choke || {})) {
        const el = cy.getElementById(id);
        if (el.nonempty()) el.data('chokeLabel', `${markLabel(el)} −${formatShare(c.share)}`).addClass(c.structural ? 'choke structural' : 'choke');
      }
      for (const [id, c] of Object.entries(o.cutoff || {})) {
        const el = cy.getElementById(id);
        if (el.nonempty()) el.data('cutLabel', `✖ ${markLabel(el)} −${formatShare(c.share)}`).addClass('cutoff');
      }
      add(o.affected, 'affected');
      add(o.blocked, 'blocked');
      if (o.route) {
        add(o.route.nodes, 'route');
        for (const [id, t] of Object.entries(o.route.edges || {})) {
          const el = cy.getElementById(id);
          if (el.nonempty()) el.data('hopLabel', formatTonnes(t, shortUnit(o.route.unit))).addClass('route');
        }
      }
      if (sigFont) cy.nodes(SIZED).data('sigFont', sigFont);
      const lit = cy.elements('.match, .route, .cutoff, .affected, .blocked, .dest');
      if (o.fade && lit.nonempty()) cy.elements().not(lit).addClass('faded');
    });
    showKey();
  }

  /** showKey lists the highlights on the graph now, with their counts. */
  function showKey() {
    const n = (sel) => cy.$(sel).length;
    const items = highlightKey({ dest: n('node.dest'), cutoff: n('node.cutoff'), affected: n('node.affected'), blocked: n('edge.blocked'),
      choke: n('node.choke'), route: n('node.route'), match: n('node.match') });
    key.replaceChildren();
    key.hidden = !items.length;
    if (!items.length) return;
    const title = document.createElement('strong');
    title.textContent = 'On the graph now';
    key.append(title);
    for (const x of items) {
      const row = document.createElement('span');
      row.dataset.highlight = x.key;
      const sw = document.createElement('span');
      sw.className = `lg ${x.lg}`;
      row.append(sw, x.text);
      key.append(row);
    }
    if (cy.$('.faded').nonempty()) {
      const note = document.createElement('span');
      note.className = 'muted';
      note.textContent = 'the rest is faded';
      key.append(note);
    }
  }

  /** focusOn brings elements into view below the tier headers; with
   * context, it zooms in no further than needed to show them. */
  function focusOn(ids, { context = false } = {}) {
    const els = cy.collection(ids.map((id) => cy.getElementById(id)).filter((e) => e.nonempty()));
    if (els.empty()) return;
    if (els.length === 1) { cy.animate({ center: { eles: els }, zoom: Math.max(0.9, Math.min(cy.zoom(), 1.4)), duration: 250 }); return; }
    const bb = els.boundingBox({ includeLabels: false });
    const w = container.clientWidth;
    const hgt = container.clientHeight;
    const box = big ? bb : { ...bb, x2: bb.x2 + LABEL_ROOM * 1.5 };
    const maxZoom = context ? Math.max(cy.zoom(), Math.min(1.2, cy.zoom() * 1.6)) : 1.6;
    const v = fitViewport(box, w, hgt, { pad: 40, top: HEADER_H, minZoom: cy.minZoom(), maxZoom });
    cy.animate({ zoom: v.zoom, pan: v.pan, duration: 250 });
  }

  function select(id) {
    cy.elements(':selected').unselect();
    if (id) cy.getElementById(id).select();
  }

  return { cy, show, overlay, focusOn, select, fit, resize: () => { cy.resize(); placeHeaders(); } };
}
