// @ts-check
// sync brings the page in line with the state after a change: the graph
// when its parameters changed, the view, the destination, the panel and
// the filters.

import { h, fill } from './dom.js';
import { app, update } from './store.js';
import { draw, loadGraph, applyOverlay, applyInForce } from './network.js';
import { showDestination } from './destination.js';
import { renderFilters } from './filters.js';
import { showPanel } from './panels/panels.js';
import { syncTimebar } from './timebar.js';

/** @typedef {import('./lib/state.js').State} State */

/** changed says whether any of keys differs between prev and the state.
 * @param {State} prev
 * @param {(keyof State)[]} keys */
function changed(prev, keys) {
  return keys.some((k) => JSON.stringify(prev[k]) !== JSON.stringify(app.state[k]));
}

/** sync brings the page in line with the state after a change from prev.
 * @param {State} prev */
export async function sync(prev) {
  syncElement();
  syncTimebar();
  // Counting another element keeps the chain's layout: the same flows,
  // with other tonnes (widths and sizes).
  if (changed(prev, ['focus', 'depth'])) await loadGraph();
  else if (changed(prev, ['element'])) await loadGraph(null, { keep: true });
  else if (changed(prev, ['tiers', 'countries', 'status', 'material', 'collapse'])) await draw();
  else if (changed(prev, ['asOf'])) applyInForce();
  showView();
  // The chain moves to the destination while its analysis loads.
  if (changed(prev, ['dest'])) showDestination(prev.view !== null);
  if (
    !prev ||
    changed(prev, [
      'panel',
      'dest',
      'element',
      'material',
      'asOf',
      'avoid',
      'via',
      'controls',
      'custom',
      'start',
      'days',
    ])
  )
    await showPanel();
  else if (changed(prev, ['selected']) && app.state.panel === 'details') await showPanel();
  if (changed(prev, ['selected'])) {
    app.chain.select(app.state.selected);
    applyOverlay();
  }
  renderFilters();
}

/** syncElement shows the element counted in its picker. */
function syncElement() {
  if (app.el.element.value !== app.state.element) app.el.element.value = app.state.element;
  app.el.element.dataset.element = app.state.element;
}

/** showView shows the view the state names, and marks its tab and the panel's. */
function showView() {
  for (const b of app.el.views) b.setAttribute('aria-selected', String(b.dataset.view === app.state.view));
  app.el.chain.hidden = app.state.view !== 'chain';
  app.el.mapBox.hidden = app.state.view !== 'map';
  app.el.console.hidden = app.state.view !== 'console';
  if (app.state.view === 'chain') app.chain.resize();
  if (app.state.view === 'map') app.map.resize();
  if (app.state.view === 'console' && !app.consoleLoaded) {
    app.consoleLoaded = true;
    openConsole().catch((err) => {
      app.consoleLoaded = false;
      fill(app.el.console, h('p', { class: 'error' }, `The console failed to load: ${err.message}`));
    });
  }
  for (const b of app.el.panelTabs) b.setAttribute('aria-selected', String(b.dataset.panel === app.state.panel));
}

/** openConsole loads the console and its editor on first use, keeping the
 * first render light. */
async function openConsole() {
  app.el.console.replaceChildren(h('p', { class: 'loading-inline' }, 'Loading the console…'));
  const { createConsole } = await import('./views/console.js');
  const cons = createConsole(app.el.console, {
    onResult: (t) => {
      app.table = t;
    },
    onQueryChange: (name) => {
      if (app.state.query !== name) update({ query: name });
    },
  });
  await cons.load(app.state.query);
}
