// @ts-check
// The viewer's entry: builds the page, mounts the chain and the map,
// wires the URL, the search and the health check, and starts. Each panel,
// view and control lives in its own file; the shared state is app
// (store.js).

import './app.css';
import { app, update } from './store.js';
import { decodeState } from './lib/state.js';
import { buildPage } from './ui.js';
import { createChain } from './views/chain.js';
import { createMap } from './views/map.js';
import { sync } from './sync.js';
import { initSearch } from './search.js';
import { applyInForce, applyOverlay, setLoading, showEmpty, showStatus } from './network.js';
import { checkHealth, start } from './start.js';

/** @type {any} */ (window).chokepoint = app;
app.sync = sync;
app.el = buildPage();
app.chain = createChain(app.el.chain, {
  onSelect: (el) => update({ selected: el.id(), panel: 'details' }),
  onBackground: () => {
    if (app.state.selected) update({ selected: '' });
  },
  countryNames: () => app.countryName,
  // A big graph's other flows, added after its first paint: count them and
  // draw the analyses' marks on them too.
  onComplete: ({ laterFlows, laterMs }) => {
    app.metrics.edges = app.chain.cy.edges().length;
    app.metrics.laterFlows = laterFlows;
    app.metrics.allFlowsMs = Math.round(performance.now());
    app.metrics.laterMs = laterMs;
    applyInForce();
    applyOverlay();
    showStatus();
  },
});
app.map = createMap(app.el.mapBox, {
  onSelect: (id) => update({ selected: id, panel: 'details' }),
  countryNames: () => app.countryName,
});
app.cy = app.chain.cy;

window.addEventListener('hashchange', () => {
  const prev = app.state;
  app.state = decodeState(location.hash);
  sync(prev);
});
initSearch();

setInterval(async () => {
  const wasDown = app.el.banner.dataset.state === 'down';
  if ((await checkHealth()) && wasDown) start();
}, 15000);
window.addEventListener('resize', () => {
  app.chain.resize();
  app.map.resize();
});
start().catch((err) => {
  app.errors.push(String(err));
  setLoading('');
  showEmpty(`The viewer failed to start: ${err.message}`);
});
