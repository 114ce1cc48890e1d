// @ts-check
// The viewer's one shared object: the state (mirrored in the URL's hash),
// the drawn network, the reference lists, the views, the page's elements
// and the answers on screen. It is window.chokepoint too, which the
// browser test (web/e2e_test.go) reads: state, metrics, table, cy, the
// last exposure, chokepoints, routes, scenario (and the request sent)
// and timeline answers, errors, ready.

import { decodeState, encodeState } from './lib/state.js';

/** @typedef {import('./lib/state.js').State} State */
/** @typedef {import('./lib/graph.js').Graph} Graph */
/** @typedef {import('./lib/graph.js').Facility} Facility */
/** @typedef {import('./lib/search.js').Entry} Entry */
/** @typedef {import('./ui.js').Elements} Elements */
/** @typedef {ReturnType<typeof import('./views/chain.js').createChain>} ChainView */
/** @typedef {ReturnType<typeof import('./views/map.js').createMap>} MapView */

/** @typedef {{name: string, columns: string[], rows: any[][]}} Table */

/**
 * Marks are what an analysis or the search puts on the graph (see
 * views/chain.js overlay): facility ids to ring, shares to label, a route.
 * @typedef {object} Marks
 * @property {string[]} [match] search matches
 * @property {string[]} [dest] the destination's receiving facilities
 * @property {Record<string, {share: number, structural?: boolean}>} [choke]
 * @property {Record<string, {share: number}>} [cutoff]
 * @property {string[]} [affected]
 * @property {string[]} [blocked] flow ids
 * @property {{nodes: string[], edges: Record<string, number>, doubt?: string[], count: number, unit?: string}} [route]
 * @property {boolean} [fade] fade what is not marked
 */

/**
 * @typedef {object} App
 * @property {Record<string, any>} metrics timings the browser test reads
 * @property {State} state
 * @property {Graph} graph the /graph answer drawn now
 * @property {Map<string, Facility>} nodesById
 * @property {Map<string, import('./lib/graph.js').Flow>} [flowsById] the drawn graph's flows by flowId
 * @property {import('./lib/inforce.js').InForce} [inForce] what is not in force on the as-of date, as drawn
 * @property {{code: string, name: string}[]} countries
 * @property {Map<string, string>} countryName country codes to names
 * @property {any[]} controls the seeded export controls
 * @property {Entry[] | null} searchEntries the search index, built on first use
 * @property {Table | null} table what the CSV export writes now (its columns carry their units)
 * @property {{search: Marks, analysis: Marks}} marks the search's and the analysis panel's marks
 * @property {Marks} overlay the marks drawn now, both together
 * @property {{results: Entry[], active: number}} search the search box's list and its active option
 * @property {Entry[] | null} destListFor the index the destination list was filled from
 * @property {number} panelSeq counts panel renders; an older one stops when a newer began
 * @property {Map<string, Promise<any>>} exposures the last exposure answers, by their parameters
 * @property {boolean} consoleLoaded
 * @property {Elements} [el] the page's elements (ui.js); main.js sets el, chain, map, cy and sync first
 * @property {ChainView} [chain]
 * @property {MapView} [map]
 * @property {import('cytoscape').Core} [cy] the chain's Cytoscape instance
 * @property {(prev: State) => Promise<void>} [sync] brings the page in line with the state (sync.js)
 * @property {boolean} ready
 * @property {string[]} errors
 * @property {any} [health]
 * @property {any} [exposure]
 * @property {any} [chokepoints]
 * @property {any} [routes]
 * @property {any} [scenario]
 * @property {any} [scenarioRequest] the body the scenario on screen was asked with (its period too)
 * @property {any} [timeline] the timeline answer on screen
 * @property {Map<string, Promise<any>>} timelines the last timeline answers, by their query
 */

/** app is the shared object; main.js fills in the views, the elements and sync. */
export const app = /** @type {App} */ ({
  metrics: { navigationStartMs: 0 },
  state: decodeState(location.hash),
  graph: { nodes: [], edges: [], truncated: false },
  nodesById: new Map(),
  countries: [],
  countryName: new Map(),
  controls: [],
  searchEntries: null,
  table: null,
  marks: { search: {}, analysis: {} },
  overlay: {},
  search: { results: [], active: -1 },
  destListFor: null,
  panelSeq: 0,
  exposures: new Map(),
  timelines: new Map(),
  consoleLoaded: false,
  ready: false,
  errors: [],
});

/** update merges a patch into the state, writes it to the URL and syncs
 * the page.
 * @param {Partial<State>} patch */
export async function update(patch) {
  const prev = app.state;
  app.state = { ...app.state, ...patch };
  const hash = encodeState(app.state);
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
  await app.sync(prev);
}
