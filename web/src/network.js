// @ts-check
// The drawn network: the /graph answer, loaded, indexed and drawn on the
// chain and the map, with the analyses' and the search's marks on both.

import { api } from './api.js';
import { h, fill } from './dom.js';
import { app, update } from './store.js';
import { toElements, keepNode } from './lib/graph.js';
import { destinationIds } from './lib/destination.js';
import { searchIndex } from './lib/search.js';
import { elementUnit } from './lib/units.js';
import { flowId } from './lib/graph.js';
import { inForce, inForceNote, inForceSummary } from './lib/inforce.js';
import { BIG } from './views/chain.js';

/** unitNow is the unit of the drawn graph's tonnes (the /graph answer's),
 * or the one the element counted gives before it is in. */
export function unitNow() {
  return app.graph.unit || elementUnit(app.state.element);
}

/** setLoading shows text in the loading badge; empty hides it.
 * @param {string} text */
export function setLoading(text) {
  app.el.loading.textContent = text || '';
  app.el.loading.hidden = !text;
}

/** fetchGraph asks /graph for the state's focus (or the whole network) in
 * the element counted, timing the answer. */
export function fetchGraph() {
  const t = performance.now();
  const el = { element: app.state.element };
  return api
    .graph(
      app.state.focus ? { focus: app.state.focus, depth: app.state.depth, limit: 5000, ...el } : { limit: 5000, ...el },
    )
    .then((g) => {
      app.metrics.graphLoadMs = Math.round(performance.now() - t);
      return g;
    });
}

/** loadGraph fetches the graph (or takes the request start began) and
 * draws it. */
export async function loadGraph(pending, opts = {}) {
  setLoading(app.state.focus ? `Loading the neighbourhood of ${app.state.focus}…` : 'Loading the network…');
  try {
    app.graph = await (pending || fetchGraph());
  } catch (err) {
    setLoading('');
    showEmpty(
      `The network cannot be loaded: ${err.message}`,
      err.status === 404 && app.state.focus
        ? h('button', { type: 'button', onclick: () => update({ focus: '' }) }, 'Show the whole network')
        : null,
    );
    app.graph = { nodes: [], edges: [], truncated: false };
    return;
  }
  indexGraph();
  await draw(opts);
}

/** indexGraph indexes the drawn graph's facilities by id; the search
 * index is built again on first use. */
export function indexGraph() {
  app.nodesById = new Map(app.graph.nodes.map((n) => [n.id, n]));
  app.flowsById = new Map(app.graph.edges.map((e) => [flowId(e), e]));
  app.searchEntries = null; // built on first use, off the first render's path
}

/** idx is the search index over the graph and the countries. */
export function idx() {
  if (!app.searchEntries) app.searchEntries = searchIndex(app.graph.nodes, app.countries);
  return app.searchEntries;
}

function filters() {
  return {
    tiers: app.state.tiers,
    countries: app.state.countries,
    status: app.state.status,
    material: app.state.material,
    collapse: app.state.collapse,
  };
}

/** showEmpty shows why the chain is empty, with an action; empty text hides it.
 * @param {string} text
 * @param {import('./dom.js').Child} [action] */
export function showEmpty(text, action) {
  fill(app.el.empty, h('p', {}, text), action);
  app.el.empty.hidden = !text;
}

/** draw lays out the graph after the filters on the chain and the map;
 * with keep, the chain keeps its layout (other tonnes, same flows). */
export async function draw({ keep = false } = {}) {
  const t = performance.now();
  const els = toElements(app.graph, filters());
  const nodeCount = els.filter((e) => e.group === 'nodes').length;
  if (!app.graph.nodes.length)
    showEmpty('The graph is empty. Load the seed with "chokepoint seed" (or make run) and reload.');
  else if (!nodeCount)
    showEmpty(
      'No facility matches the filters.',
      h(
        'button',
        { type: 'button', onclick: () => update({ tiers: [], countries: [], status: [], material: '' }) },
        'Clear the filters',
      ),
    );
  else showEmpty('');
  if (nodeCount > BIG) {
    setLoading(`Drawing ${nodeCount.toLocaleString()} facilities…`);
    await new Promise((r) => setTimeout(r, 0)); // let the message paint
  }
  const tEls = performance.now();
  const parts = await app.chain.show(els, {
    keep,
    onPreview: () => setLoading(`Making ${nodeCount.toLocaleString()} facilities clickable…`),
  });
  if (parts.superseded) return; // a newer draw took over
  app.metrics.layoutMs = Math.round(performance.now() - t);
  app.metrics.layoutParts = { elementsMs: Math.round(tEls - t), ...parts };
  app.metrics.nodes = app.chain.cy.nodes().not('.tierlabel').length;
  app.metrics.edges = app.chain.cy.edges().length;
  // The first render is when the whole chain is first on screen (a big
  // graph's preview), interactive when Cytoscape has drawn it.
  if (app.metrics.firstRenderMs === undefined) {
    app.metrics.interactiveMs = Math.round(performance.now());
    app.metrics.firstRenderMs = parts.previewAt || app.metrics.interactiveMs;
  }
  const kept = app.graph.nodes.filter((n) => keepNode(n, app.state));
  const keptIds = new Set(kept.map((n) => n.id));
  const mapStats = app.map.show(
    kept,
    app.graph.edges.filter(
      (e) => keptIds.has(e.from) && keptIds.has(e.to) && (!app.state.material || e.material === app.state.material),
    ),
    unitNow(),
  );
  setLoading('');
  applyInForce();
  applyOverlay();
  unplaced = mapStats.missing;
  showStatus(parts.laterFlows || 0);
}

let unplaced = 0;

/** showStatus says in the status bar what the chain shows; pending is
 * how many of a big graph's flows are still to be drawn.
 * @param {number} [pending] */
export function showStatus(pending = 0) {
  app.el.status.textContent =
    `${app.metrics.nodes.toLocaleString()} facilities, ${app.metrics.edges.toLocaleString()} flows shown` +
    (pending ? ` (drawing the other ${pending.toLocaleString()})` : '') +
    (app.graph.truncated ? ' — truncated at 5,000 facilities: filter or focus to see the rest' : '') +
    (app.state.focus ? ` — neighbourhood of ${app.state.focus}, depth ${app.state.depth}` : '') +
    ` · flows in ${unitNow()} · map: ${unplaced} without coordinates · drawn in ${app.metrics.layoutMs} ms`;
}

/** setAnalysisOverlay puts an analysis' marks on the graph, replacing the
 * search's.
 * @param {import('./store.js').Marks} o */
export function setAnalysisOverlay(o) {
  app.marks.analysis = o;
  app.marks.search = {};
  applyOverlay();
}

/** applyOverlay draws the analysis', the search's and the destination's
 * marks on the chain and the map. */
export function applyOverlay() {
  const o = {
    ...app.marks.analysis,
    match: app.marks.search.match || [],
    dest: destinationIds(app.graph.nodes, app.state.dest),
    fade: !!(app.marks.search.match && app.marks.search.match.length) || !!app.marks.analysis.fade,
  };
  app.overlay = o;
  app.chain.overlay(o);
  app.map.overlay(o, app.state.selected);
}

/** applyInForce fades, on the chain and the map, what is not in force on
 * the state's as-of date (flows not valid that day, facilities not yet
 * online) and marks the facilities ramping up; without an as-of date,
 * everything is in force. No request: the /graph answer carries the days. */
export function applyInForce() {
  const asOf = app.state.asOf;
  const f = inForce(app.graph, asOf);
  app.inForce = f;
  /** @param {string} id */
  const noteOf = (id) => {
    const x = app.nodesById.get(id) || (app.flowsById && app.flowsById.get(id));
    return x ? inForceNote(x, asOf, f) : '';
  };
  app.chain.inForce(f, noteOf);
  app.map.inForce(f, noteOf);
  if (app.el.timebar) app.el.timebar.faded.textContent = inForceSummary(f);
}
