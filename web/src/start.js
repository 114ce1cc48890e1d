// @ts-check
// Start-up and the health check: the graph, the health and the reference
// lists load together; the banner says when the API or Neo4j is down.

import { api } from './api.js';
import { h, fill } from './dom.js';
import { app } from './store.js';
import { fetchGraph, loadGraph, setLoading, showEmpty } from './network.js';
import { sync } from './sync.js';

/** checkHealth asks the API's health and shows or hides the banner; it
 * resolves to whether the API and Neo4j answer. */
export async function checkHealth() {
  try {
    const hl = await api.health();
    app.el.banner.hidden = true;
    app.el.banner.dataset.state = 'ok';
    app.health = hl;
    return true;
  } catch (err) {
    app.el.banner.hidden = false;
    app.el.banner.dataset.state = 'down';
    fill(
      app.el.banner,
      h('strong', {}, err.status === 0 ? 'The Chokepoint API is not answering. ' : 'Neo4j is not reachable. '),
      `${err.message}. The graph and the analyses cannot load until it is back; this page retries every 15 s. `,
      h('button', { type: 'button', onclick: () => start() }, 'Retry now'),
    );
    return false;
  }
}

/** start loads the graph, the health and the reference lists, draws the
 * chain and syncs the page; the page is ready after it. */
export async function start() {
  app.metrics.startMs = Math.round(performance.now());
  // The graph, the health check and the reference lists load together;
  // the chain is drawn as soon as the graph is in.
  const graphReq = fetchGraph();
  const healthReq = checkHealth();
  const refsReq = Promise.all([
    api.countries().catch(() => ({ items: [] })),
    api.controls().catch(() => ({ items: [] })),
  ]);
  const graphOK = await graphReq.then(
    () => true,
    () => false,
  );
  if (!graphOK && !(await healthReq)) {
    setLoading('');
    showEmpty('Waiting for the API…');
    return;
  }
  await loadGraph(graphReq);
  const [ok, [cs, ks]] = await Promise.all([healthReq, refsReq]);
  app.metrics.healthMs = Math.round(performance.now());
  if (!ok) return;
  app.countries = cs.items;
  app.countryName = new Map(app.countries.map((c) => [c.code, c.name]));
  app.searchEntries = null;
  app.controls = ks.items;
  const prev = { ...app.state, panel: null, view: null };
  await sync(prev);
  app.ready = true;
  document.body.dataset.ready = 'true';
}
