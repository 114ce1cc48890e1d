// The viewer: wires the API, the URL state, the chain and map views, the
// analysis panels and the console together.

import './app.css';
import { api } from './api.js';
import { h, fill, sourceLink, download } from './dom.js';
import { decodeState, encodeState, formatCustomControl, scenarioBody } from './state.js';
import { toElements, keepNode, flowId, shortName, formatTonnes, formatShare, routeElements, routeLabel, searchIndex, search, isEstimated, scenarioHeadline, destinationIds, resolveDestination, destEntryLabel, destLabel, dependenceRows, dependsOnSentence, highlightKey, upstreamCountries } from './mapping.js';
import { compareTiers, countryColour } from './tiers.js';
import { toCSV } from './csv.js';
import { elementOptions, elementLabel, elementMembers, elementUnit, formatFlow, formatNumber, formatContent, magnetText, materialName, csvColumn, controlCoverage, unitElement } from './units.js';
import { createChain, BIG } from './chain.js';
import { createMap } from './map.js';

const metrics = { navigationStartMs: 0 };
const app = {
  metrics,
  state: null,
  overlay: {},
  ready: false,
  errors: [],
};
window.chokepoint = app;
// The table the CSV export writes now (its columns carry their units).
Object.defineProperty(app, 'table', { get: () => currentTable });

let state = decodeState(location.hash);
app.state = state;
let graph = { nodes: [], edges: [], truncated: false };
let nodesById = new Map();
let countries = [];
let countryName = new Map();
let controls = [];
let searchIdx = null;
let currentTable = null;
let searchOverlay = {};
let analysisOverlay = {};

// ---------- layout ----------

const $ = {};
function ui() {
  $.search = h('input', { id: 'search', type: 'search', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'search-list', 'aria-autocomplete': 'list', autocomplete: 'off', placeholder: 'Search facility, company, country  ( / )', testid: 'search', 'aria-label': 'Search facilities, companies and countries' });
  $.searchList = h('ul', { id: 'search-list', role: 'listbox', class: 'search-list', hidden: true, testid: 'search-list' });
  $.views = ['chain', 'map', 'console'].map((v) => h('button', { type: 'button', role: 'tab', 'data-view': v, testid: `view-${v}`, onclick: () => update({ view: v }) }, { chain: 'Chain', map: 'Map', console: 'Cypher console' }[v]));
  // The destination: a country, company or facility, typed or picked from
  // a list built from the search index on first focus.
  $.destList = h('datalist', { id: 'dest-list', testid: 'destination-list' });
  $.dest = h('input', { id: 'dest', type: 'search', list: 'dest-list', testid: 'destination', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. Japan or Lynas',
    title: 'The country, company or facility whose supply the analyses follow',
    onfocus: () => { fillDestList(); $.dest.select(); }, onchange: pickDest, onkeydown: (ev) => { if (ev.key === 'Escape') { $.dest.value = destName(state.dest); $.dest.blur(); } } });
  // The element the analyses count (tonnes of it, as metal): next to the
  // destination, as both say what an analysis is about.
  const opts = elementOptions();
  $.element = h('select', { id: 'element', testid: 'element', 'aria-label': 'Element counted',
    title: 'What every figure counts: tonnes a year of this element (or group), as metal, never tonnes of mixed materials',
    onchange: (ev) => update({ element: ev.target.value }) },
  [...new Set(opts.map((o) => o.group))].map((g) => h('optgroup', { label: g }, opts.filter((o) => o.group === g).map((o) => h('option', { value: o.value, title: o.title }, o.label)))));
  $.banner = h('div', { class: 'banner', role: 'alert', hidden: true, testid: 'banner' });
  $.chain = h('div', { class: 'view chain', testid: 'chain', role: 'application', 'aria-roledescription': 'graph', 'aria-label': 'Supply chain graph: tiers as columns. Arrow keys pan, + and - zoom, 0 fits.' });
  $.mapBox = h('div', { class: 'view map', testid: 'map' });
  $.console = h('div', { class: 'view console', testid: 'console' });
  $.loading = h('div', { class: 'loading', role: 'status', testid: 'loading' }, 'Loading the network…');
  $.empty = h('div', { class: 'empty-state', hidden: true, testid: 'empty' });
  $.filters = h('div', { class: 'filters', testid: 'filters' });
  $.legend = h('div', { class: 'legend', testid: 'legend' });
  $.panelTabs = ['details', 'exposure', 'chokepoints', 'routes', 'scenario'].map((p) => h('button', { type: 'button', role: 'tab', 'data-panel': p, testid: `panel-${p}`, onclick: () => update({ panel: p }) }, { details: 'Details', exposure: 'Exposure', chokepoints: 'Chokepoints', routes: 'Routes', scenario: 'Scenario' }[p]));
  $.panel = h('div', { class: 'panel', testid: 'panel', 'aria-live': 'polite' });
  $.status = h('div', { class: 'statusline', testid: 'statusline' });
  const exportBtn = (label, fn, id) => h('button', { type: 'button', onclick: fn, testid: id }, label);
  fill(document.getElementById('app'),
    h('header', { class: 'top' },
      h('h1', {}, 'Chokepoint', h('small', {}, 'rare-earth magnet supply chains')),
      h('div', { class: 'searchbox' }, $.search, $.searchList),
      h('nav', { class: 'tabs', role: 'tablist', 'aria-label': 'Views' }, $.views),
      h('label', { class: 'destpick' }, 'Destination ', $.dest, $.destList),
      h('label', { class: 'elempick' }, 'Element ', $.element),
      h('div', { class: 'exports' },
        exportBtn('PNG', exportPNG, 'export-png'), exportBtn('SVG', exportSVG, 'export-svg'), exportBtn('CSV', exportCSV, 'export-csv'),
        exportBtn('Copy link', copyLink, 'copy-link'))),
    $.banner,
    h('div', { class: 'body' },
      h('aside', { class: 'left', 'aria-label': 'Filters and legend' }, $.filters, $.legend),
      h('main', { class: 'center' }, $.chain, $.mapBox, $.console, $.loading, $.empty),
      h('aside', { class: 'right', 'aria-label': 'Details and analyses' },
        h('nav', { class: 'tabs panel-tabs', role: 'tablist', 'aria-label': 'Panels' }, $.panelTabs), $.panel)),
    $.status);
}

ui();
const chain = createChain($.chain, {
  onSelect: (el) => update({ selected: el.id(), panel: 'details' }),
  onBackground: () => { if (state.selected) update({ selected: '' }); },
  countryNames: () => countryName,
});
const map = createMap($.mapBox, { onSelect: (id) => update({ selected: id, panel: 'details' }), countryNames: () => countryName });
// The console and its editor load on first use, keeping the first render light.
let cons = null;
async function openConsole() {
  $.console.replaceChildren(h('p', { class: 'loading-inline' }, 'Loading the console…'));
  const { createConsole } = await import('./console.js');
  cons = createConsole($.console, {
    onResult: (t) => { currentTable = t; },
    onQueryChange: (name) => { if (state.query !== name) update({ query: name }); },
  });
  await cons.load(state.query);
}
app.cy = chain.cy;

// ---------- state ----------

function changed(prev, keys) {
  return keys.some((k) => JSON.stringify(prev[k]) !== JSON.stringify(state[k]));
}

/** update merges a patch into the state, writes it to the URL and syncs
 * the page. */
async function update(patch) {
  const prev = state;
  state = { ...state, ...patch };
  app.state = state;
  const hash = encodeState(state);
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
  await sync(prev);
}

window.addEventListener('hashchange', () => {
  const prev = state;
  state = decodeState(location.hash);
  app.state = state;
  sync(prev);
});

let consoleLoaded = false;
async function sync(prev) {
  syncElement();
  // Counting another element keeps the chain's layout: the same flows,
  // with other tonnes (widths and sizes).
  if (changed(prev, ['focus', 'depth'])) await loadGraph();
  else if (changed(prev, ['element'])) await loadGraph(null, { keep: true });
  else if (changed(prev, ['tiers', 'countries', 'status', 'material', 'collapse'])) await draw();
  showView();
  // The chain moves to the destination while its analysis loads.
  if (changed(prev, ['dest'])) showDestination(prev.view !== null);
  if (!prev || changed(prev, ['panel', 'dest', 'element', 'material', 'asOf', 'avoid', 'via', 'controls', 'custom'])) await showPanel();
  else if (changed(prev, ['selected']) && state.panel === 'details') await showPanel();
  if (changed(prev, ['selected'])) { chain.select(state.selected); applyOverlay(); }
  renderFilters();
}

/** showDestination rings the destination's receiving facilities and, when
 * the analyst picked it (not at start), brings them into view. */
function showDestination(move) {
  applyOverlay();
  const ids = destinationIds(graph.nodes, state.dest);
  if (move && ids.length && state.view === 'chain') chain.focusOn(ids, { context: true });
  if (state.dest) {
    $.status.textContent = ids.length
      ? `Destination ${placeName(state.dest)}: ${ids.length} receiving facilit${ids.length === 1 ? 'y' : 'ies'} ringed green`
      : `Destination ${placeName(state.dest)}: no facility of it in the drawn graph`;
  }
}

/** syncElement shows the element counted in its picker. */
function syncElement() {
  if ($.element.value !== state.element) $.element.value = state.element;
  $.element.dataset.element = state.element;
}

/** unitNow is the unit of the drawn graph's tonnes (the /graph answer's),
 * or the one the element counted gives before it is in. */
function unitNow() {
  return graph.unit || elementUnit(state.element);
}

function showView() {
  for (const b of $.views) b.setAttribute('aria-selected', String(b.dataset.view === state.view));
  $.chain.hidden = state.view !== 'chain';
  $.mapBox.hidden = state.view !== 'map';
  $.console.hidden = state.view !== 'console';
  if (state.view === 'chain') chain.resize();
  if (state.view === 'map') map.resize();
  if (state.view === 'console' && !consoleLoaded) {
    consoleLoaded = true;
    openConsole().catch((err) => { consoleLoaded = false; fill($.console, h('p', { class: 'error' }, `The console failed to load: ${err.message}`)); });
  }
  for (const b of $.panelTabs) b.setAttribute('aria-selected', String(b.dataset.panel === state.panel));
}

// ---------- data ----------

function setLoading(text) {
  $.loading.textContent = text || '';
  $.loading.hidden = !text;
}

function fetchGraph() {
  const t = performance.now();
  const el = { element: state.element };
  return api.graph(state.focus ? { focus: state.focus, depth: state.depth, limit: 5000, ...el } : { limit: 5000, ...el })
    .then((g) => { metrics.graphLoadMs = Math.round(performance.now() - t); return g; });
}

/** loadGraph fetches the graph (or takes the request start began) and
 * draws it. */
async function loadGraph(pending, opts = {}) {
  setLoading(state.focus ? `Loading the neighbourhood of ${state.focus}…` : 'Loading the network…');
  try {
    graph = await (pending || fetchGraph());
  } catch (err) {
    setLoading('');
    showEmpty(`The network cannot be loaded: ${err.message}`, err.status === 404 && state.focus ? h('button', { type: 'button', onclick: () => update({ focus: '' }) }, 'Show the whole network') : null);
    graph = { nodes: [], edges: [], truncated: false };
    return;
  }
  indexGraph();
  await draw(opts);
}

function indexGraph() {
  nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
  searchIdx = null; // built on first use, off the first render's path
}

/** idx is the search index over the graph and the countries. */
function idx() {
  if (!searchIdx) searchIdx = searchIndex(graph.nodes, countries);
  return searchIdx;
}

function filters() {
  return { tiers: state.tiers, countries: state.countries, status: state.status, material: state.material, collapse: state.collapse };
}

function showEmpty(text, action) {
  fill($.empty, h('p', {}, text), action);
  $.empty.hidden = !text;
}

async function draw({ keep = false } = {}) {
  const t = performance.now();
  const els = toElements(graph, filters());
  const nodeCount = els.filter((e) => e.group === 'nodes').length;
  if (!graph.nodes.length) showEmpty('The graph is empty. Load the seed with "chokepoint seed" (or make run) and reload.');
  else if (!nodeCount) showEmpty('No facility matches the filters.', h('button', { type: 'button', onclick: () => update({ tiers: [], countries: [], status: [], material: '' }) }, 'Clear the filters'));
  else showEmpty('');
  if (nodeCount > BIG) {
    setLoading(`Drawing ${nodeCount.toLocaleString()} facilities…`);
    await new Promise((r) => setTimeout(r, 0)); // let the message paint
  }
  const tEls = performance.now();
  const parts = await chain.show(els, { keep });
  metrics.layoutMs = Math.round(performance.now() - t);
  metrics.layoutParts = { elementsMs: Math.round(tEls - t), ...parts };
  metrics.nodes = chain.cy.nodes().not('.tierlabel').length;
  metrics.edges = chain.cy.edges().length;
  if (metrics.firstRenderMs === undefined) metrics.firstRenderMs = Math.round(performance.now());
  const kept = graph.nodes.filter((n) => keepNode(n, state));
  const keptIds = new Set(kept.map((n) => n.id));
  const mapStats = map.show(kept, graph.edges.filter((e) => keptIds.has(e.from) && keptIds.has(e.to) && (!state.material || e.material === state.material)), unitNow());
  setLoading('');
  applyOverlay();
  $.status.textContent = `${metrics.nodes.toLocaleString()} facilities, ${metrics.edges.toLocaleString()} flows shown` +
    (graph.truncated ? ' — truncated at 5,000 facilities: filter or focus to see the rest' : '') +
    (state.focus ? ` — neighbourhood of ${state.focus}, depth ${state.depth}` : '') +
    ` · flows in ${unitNow()} · map: ${mapStats.missing} without coordinates · drawn in ${metrics.layoutMs} ms`;
}

function setAnalysisOverlay(o) {
  analysisOverlay = o;
  searchOverlay = {};
  applyOverlay();
}

function applyOverlay() {
  const o = { ...analysisOverlay, match: searchOverlay.match || [], dest: destinationIds(graph.nodes, state.dest), fade: !!(searchOverlay.match && searchOverlay.match.length) || !!analysisOverlay.fade };
  app.overlay = o;
  chain.overlay(o);
  map.overlay(o, state.selected);
}

// ---------- filters and legend ----------

function checkboxGroup(name, values, selected, label, onChange) {
  return h('fieldset', { class: 'chips', testid: `filter-${name}` }, h('legend', {}, label),
    values.map((v) => h('label', { class: 'chip' },
      h('input', { type: 'checkbox', checked: selected.includes(v.value), onchange: (ev) => onChange(v.value, ev.target.checked) }),
      v.swatch ? h('span', { class: 'swatch', style: { background: v.swatch } }) : null, v.label)));
}

function toggle(list, v, on) {
  const s = new Set(list);
  if (on) s.add(v); else s.delete(v);
  return [...s];
}

function renderFilters() {
  const materials = [...new Set(graph.edges.map((e) => e.material))].sort();
  const tiers = [...new Set(graph.nodes.map((n) => n.tier))].sort(compareTiers);
  const statuses = [...new Set(graph.nodes.map((n) => n.status).filter(Boolean))].sort();
  const inGraph = new Map();
  for (const n of graph.nodes) inGraph.set(n.country, (inGraph.get(n.country) || 0) + 1);
  const countryList = [...inGraph.keys()].sort((a, b) => inGraph.get(b) - inGraph.get(a) || a.localeCompare(b));
  const companies = [...new Set(graph.nodes.map((n) => n.company).filter(Boolean))].sort();
  const companyPick = h('select', { 'aria-label': 'Company to collapse', testid: 'collapse-company' }, h('option', { value: '' }, 'Collapse a company…'), companies.map((c) => h('option', { value: c }, c)));
  companyPick.addEventListener('change', () => { if (companyPick.value) update({ collapse: toggle(state.collapse, `company:${companyPick.value}`, true) }); });
  fill($.filters,
    h('h2', {}, 'Filters'),
    state.focus ? h('p', { class: 'focusnote' }, `Neighbourhood of ${nodesById.get(state.focus)?.name || state.focus}, depth ${state.depth} `,
      h('button', { type: 'button', onclick: () => update({ depth: Math.min(6, state.depth + 1) }) }, 'Deeper'),
      h('button', { type: 'button', onclick: () => update({ focus: '' }), testid: 'unfocus' }, 'Whole network')) : null,
    h('label', { class: 'row' }, 'Material ', h('select', { testid: 'filter-material', onchange: (ev) => update({ material: ev.target.value }) },
      h('option', { value: '' }, 'all materials'), materials.map((m) => h('option', { value: m, selected: m === state.material }, m)))),
    checkboxGroup('tier', tiers.map((t) => ({ value: t, label: t })), state.tiers, 'Tier', (v, on) => update({ tiers: toggle(state.tiers, v, on) })),
    checkboxGroup('status', statuses.map((s) => ({ value: s, label: s })), state.status, 'Status', (v, on) => update({ status: toggle(state.status, v, on) })),
    h('fieldset', { class: 'countries', testid: 'filter-country' }, h('legend', {}, 'Country (colour · filter · collapse)'),
      h('ul', {}, countryList.map((c) => h('li', {},
        h('label', {}, h('input', { type: 'checkbox', checked: state.countries.includes(c), onchange: (ev) => update({ countries: toggle(state.countries, c, ev.target.checked) }) }),
          h('span', { class: 'swatch', style: { background: countryColour(c) } }), `${c} `, h('span', { class: 'muted' }, `${countryName.get(c) || ''} (${inGraph.get(c)})`)),
        h('button', { type: 'button', class: 'mini', 'aria-pressed': String(state.collapse.includes(`country:${c}`)), title: `Collapse ${c} into one node`, testid: `collapse-${c}`,
          onclick: () => update({ collapse: toggle(state.collapse, `country:${c}`, !state.collapse.includes(`country:${c}`)) }) }, '⊟'))))),
    h('div', { class: 'row' }, companyPick),
    state.collapse.length ? h('div', { class: 'collapsed-list' }, 'Collapsed: ', state.collapse.map((g) => h('button', { type: 'button', class: 'mini', onclick: () => update({ collapse: toggle(state.collapse, g, false) }), title: 'Expand again' }, `${g} ✕`))) : null);
  fill($.legend,
    h('h2', {}, 'Legend'),
    h('ul', {},
      h('li', {}, h('span', { class: 'lg size' }, h('i', { style: { width: '6px', height: '6px' } }), h('i', { style: { width: '13px', height: '13px' } })), `facility; size grows with ${unitNow()} in + out; colour = country`),
      h('li', { testid: 'legend-width' }, h('span', { class: 'lg line' }), `flow; width grows with the ${unitElement(unitNow())} it carries (${unitNow()}, as metal), not with tonnes of material`),
      h('li', {}, h('span', { class: 'lg line faint' }), `thin, faint: carries no ${unitElement(unitNow())}`),
      h('li', {}, h('span', { class: 'lg line dashed' }), 'dashed: tonnes estimated or inferred'),
      h('li', {}, h('span', { class: 'lg hex' }, '⬢'), 'aggregate of several sites'),
      h('li', {}, h('span', { class: 'lg hollow' }), 'hollow: not producing yet (planned / construction)'),
      h('li', {}, h('span', { class: 'lg ring' }), 'map: approximate location'),
      h('li', {}, h('span', { class: 'lg dest' }), 'destination\'s receiving facilities'),
      h('li', {}, h('span', { class: 'lg route' }), `route (${unitNow()} per hop)`),
      h('li', {}, h('span', { class: 'lg cut' }), 'cut off in the scenario'),
      h('li', {}, h('span', { class: 'lg part' }), 'partly cut in the scenario'),
      h('li', {}, h('span', { class: 'lg choke' }), 'chokepoint (lost share)')));
  syncDest();
}

// ---------- search ----------

let results = [];
let active = -1;
function renderSearch() {
  const open = results.length > 0;
  $.search.setAttribute('aria-expanded', String(open));
  $.searchList.hidden = !open;
  fill($.searchList, results.map((r, i) => h('li', {
    id: `opt-${i}`, role: 'option', 'aria-selected': String(i === active), class: i === active ? 'active' : '', 'data-kind': r.kind, 'data-id': r.id, testid: 'search-option',
    onmousedown: (ev) => { ev.preventDefault(); pick(r); },
  }, h('span', { class: `kind ${r.kind}` }, r.kind), ` ${r.label} `, h('small', { class: 'muted' }, r.detail))));
  if (active >= 0) $.search.setAttribute('aria-activedescendant', `opt-${active}`);
  else $.search.removeAttribute('aria-activedescendant');
}
$.search.addEventListener('input', () => { results = search(idx(), $.search.value); active = results.length ? 0 : -1; renderSearch(); });
$.search.addEventListener('keydown', (ev) => {
  if (ev.key === 'ArrowDown') { ev.preventDefault(); if (results.length) active = (active + 1) % results.length; renderSearch(); }
  else if (ev.key === 'ArrowUp') { ev.preventDefault(); if (results.length) active = (active - 1 + results.length) % results.length; renderSearch(); }
  else if (ev.key === 'Enter') { ev.preventDefault(); if (results[active]) pick(results[active]); }
  else if (ev.key === 'Escape') { results = []; active = -1; renderSearch(); searchOverlay = {}; applyOverlay(); }
});
$.search.addEventListener('blur', () => setTimeout(() => { results = []; renderSearch(); }, 150));
document.addEventListener('keydown', (ev) => {
  if (ev.key === '/' && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName) && !document.activeElement.closest('.cm-editor')) { ev.preventDefault(); $.search.focus(); }
});

async function pick(r) {
  results = [];
  renderSearch();
  $.search.value = r.label;
  if (r.kind === 'facility') {
    searchOverlay = { match: [r.id] };
    if (!chain.cy.getElementById(r.id).nonempty() && !state.focus) await update({ tiers: [], countries: [], status: [] });
    await update({ selected: r.id, panel: 'details' });
    chain.focusOn([r.id]);
  } else {
    const ids = graph.nodes.filter((n) => (r.kind === 'company' ? n.company === r.id : n.country === r.id)).map((n) => n.id);
    searchOverlay = { match: ids };
    applyOverlay();
    chain.focusOn(ids);
    if (r.kind === 'country') await update({ dest: r.id, panel: state.panel === 'details' ? 'exposure' : state.panel });
    else await update({ selected: `company:${r.id}`, panel: 'details' });
  }
}

// ---------- panels ----------

function loadingPanel(text) {
  fill($.panel, h('p', { class: 'loading-inline', role: 'status' }, text));
}

function needDest(what) {
  fill($.panel, h('div', { class: 'empty' },
    h('p', {}, `Pick a destination to see ${what}.`),
    h('p', {}, 'The destination is the country (or company or facility) whose supply you analyse, usually where the OEMs are.'),
    h('button', { type: 'button', class: 'primary', testid: 'dest-jp', onclick: () => update({ dest: 'JP' }) }, 'Use Japan (JP)')));
}

function panelError(err) {
  fill($.panel, h('div', { class: 'error', role: 'alert', testid: 'panel-error' }, h('strong', {}, 'The analysis failed. '), err.message,
    err.problem && err.problem.fields ? h('ul', {}, err.problem.fields.map((f) => h('li', {}, `${f.field}: ${f.reason}`))) : null));
}

/** placeName names a destination in a sentence: Japan, a company, a facility. */
function placeName(d) {
  if (countryName.get(d)) return countryName.get(d);
  if (String(d).startsWith('company:')) return d.slice(8);
  return nodesById.get(d)?.name || d;
}

/** possessive: Japan's, Lynas Rare Earths'. */
function possessive(name) {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

function countryLabel(c) {
  if (countryName.get(c)) return `${c} ${countryName.get(c)}`;
  if (String(c).startsWith('company:')) return `${c.slice(8)} (company)`;
  return nodesById.get(c)?.name || c;
}

let panelSeq = 0;
async function showPanel() {
  const seq = ++panelSeq;
  const stale = () => seq !== panelSeq;
  $.panel.dataset.panel = state.panel;
  for (const b of $.panelTabs) b.setAttribute('aria-selected', String(b.dataset.panel === state.panel));
  try {
    switch (state.panel) {
      case 'details': await details(stale); break;
      case 'exposure': await exposure(stale); break;
      case 'chokepoints': await chokepoints(stale); break;
      case 'routes': await routes(stale); break;
      case 'scenario': await scenario(stale); break;
      default: break;
    }
  } catch (err) {
    if (!stale()) panelError(err);
  }
}

function propTable(obj) {
  return h('table', { class: 'props', testid: 'props' }, h('tbody', {}, Object.entries(obj).filter(([k]) => k !== 'sources').map(([k, v]) =>
    h('tr', { 'data-prop': k }, h('th', { scope: 'row' }, k), h('td', {}, v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : typeof v === 'number' ? v.toLocaleString() : String(v))))));
}

function sourcesList(sources) {
  return h('div', { class: 'sources' }, h('h3', {}, `Sources (${(sources || []).length})`),
    sources && sources.length ? h('ol', {}, sources.map((s) => h('li', {}, sourceLink(s)))) : h('p', { class: 'muted' }, 'No source recorded.'));
}

async function details(stale) {
  const id = state.selected;
  if (!id) {
    fill($.panel, h('div', { class: 'empty', testid: 'details-empty' },
      h('h2', {}, 'Start here'),
      h('ol', {},
        h('li', {}, 'Search a facility, company or country above (press /), or click a node or a flow.'),
        h('li', {}, 'Pick a destination, e.g. ', h('button', { type: 'button', class: 'linkish', onclick: () => update({ dest: 'JP', panel: 'exposure' }) }, 'Japan'), ', to see its exposure and chokepoints.'),
        h('li', {}, 'Pick what to count next to it (Element): every figure is tonnes of that element as metal a year — Nd+Pr by default, ',
          h('button', { type: 'button', class: 'linkish', onclick: () => update({ element: 'DyTb' }) }, 'Dy+Tb'), ' for the heavy rare earths, or any single rare earth.'),
        h('li', {}, 'Open Routes to avoid a country (CN) and go via others (AU, MY).'),
        h('li', {}, 'Open Scenario to switch on an export control, e.g. ', h('button', { type: 'button', class: 'linkish', onclick: () => update({ dest: 'JP', controls: ['CN-2026-001-JP'], panel: 'scenario' }) }, 'China → Japan, 6 Jan 2026'), '.'))));
    return;
  }
  if (id.startsWith('company:') || id.startsWith('country:')) {
    const [kind, value] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
    const members = graph.nodes.filter((n) => (kind === 'company' ? n.company === value : n.country === value));
    fill($.panel, h('div', { testid: 'details' },
      h('h2', {}, kind === 'company' ? value : countryLabel(value)), h('p', { class: 'muted' }, `${kind} · ${members.length} facilities`),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => update({ collapse: toggle(state.collapse, id, !state.collapse.includes(id)) }) }, state.collapse.includes(id) ? 'Expand the group' : 'Collapse into one node'),
        kind === 'country' ? h('button', { type: 'button', onclick: () => update({ dest: value, panel: 'exposure' }) }, 'Use as destination') : h('button', { type: 'button', onclick: () => update({ dest: `company:${value}`, panel: 'exposure' }) }, 'Use as destination')),
      h('ul', { class: 'members' }, members.sort((a, b) => compareTiers(a.tier, b.tier)).map((m) => h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: () => update({ selected: m.id }) }, m.name), ` ${m.tier} · ${m.country}`)))));
    return;
  }
  if (id.includes('>')) {
    const e = graph.edges.find((x) => flowId(x) === id);
    const agg = chain.cy.getElementById(id);
    if (!e && agg.nonempty() && agg.data('aggregated')) {
      fill($.panel, h('div', { testid: 'details' }, h('h2', {}, `${agg.data('source')} → ${agg.data('target')}`),
        propTable({ materials: agg.data('material'), [`tonnes (${unitNow()})`]: agg.data('tonnes'), flows: agg.data('flows').length }),
        h('ul', {}, agg.data('flows').map((f) => h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: () => update({ selected: f }) }, f))))));
      return;
    }
    if (!e) { fill($.panel, h('p', { class: 'empty' }, `Flow ${id} is not in the current graph.`)); return; }
    const from = nodesById.get(e.from);
    const to = nodesById.get(e.to);
    fill($.panel, h('div', { testid: 'details' },
      h('h2', {}, `${from?.name || e.from} → ${to?.name || e.to}`),
      h('p', { class: 'muted' }, `flow · ${e.basis}${isEstimated(e.basis) ? ' (drawn dashed)' : ''}`),
      h('p', { testid: 'flow-amounts' }, h('strong', {}, formatFlow(e, unitNow()))),
      propTable({ from: e.from, to: e.to, material: e.material, 'material tonnes (t of material/yr)': e.materialTonnes,
        [`content (t ${unitElement(unitNow())} per t)`]: e.content, [`tonnes (${unitNow()})`]: e.tonnes, basis: e.basis }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => update({ selected: e.from }) }, 'Supplier'),
        h('button', { type: 'button', onclick: () => update({ selected: e.to }) }, 'Customer')),
      sourcesList(e.sources)));
    return;
  }
  const n = nodesById.get(id);
  fill($.panel, h('div', { testid: 'details' }, h('h2', {}, n ? n.name : id), h('p', { class: 'loading-inline' }, 'Loading its properties…')));
  const f = await api.facility(id);
  if (stale()) return;
  const inflows = graph.edges.filter((e) => e.to === id);
  const outflows = graph.edges.filter((e) => e.from === id);
  const flowItem = (e, other) => h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: () => update({ selected: flowId(e) }) }, `${nodesById.get(other)?.name || other}`), ` · ${formatFlow(e, unitNow())}${isEstimated(e.basis) ? ` (${e.basis})` : ''}`);
  fill($.panel, h('div', { testid: 'details', 'data-id': f.id },
    h('h2', {}, f.name),
    h('p', { class: 'muted' }, h('span', { class: 'swatch', style: { background: countryColour(f.country) } }), ` ${f.tier} · ${countryLabel(f.country)}${f.company ? ` · ${f.company}` : ''}${f.aggregate ? ' · aggregate' : ''}${f.locationApproximate ? ' · approximate location' : ''}`),
    h('div', { class: 'actions' },
      h('button', { type: 'button', testid: 'expand', onclick: () => expand(id) }, 'Expand neighbours'),
      h('button', { type: 'button', onclick: () => update({ focus: id, depth: 2 }) }, 'Only its neighbourhood'),
      h('button', { type: 'button', onclick: () => update({ dest: id, panel: 'exposure' }) }, 'Use as destination'),
      h('button', { type: 'button', onclick: () => update({ avoid: toggle(state.avoid, id, true), panel: 'routes' }) }, 'Avoid in routes')),
    propTable(Object.fromEntries(Object.entries(f))),
    sourcesList(f.sources),
    h('h3', {}, `Supplied by (${inflows.length})`), h('ul', { class: 'flows' }, inflows.map((e) => flowItem(e, e.from))),
    h('h3', {}, `Supplies (${outflows.length})`), h('ul', { class: 'flows' }, outflows.map((e) => flowItem(e, e.to)))));
  currentTable = { name: `facility-${f.id}`, columns: Object.keys(f), rows: [Object.values(f)] };
}

/** expand adds a facility's neighbours to the graph and highlights them. */
async function expand(id) {
  const sub = await api.graph({ focus: id, depth: 1, limit: 5000, element: state.element });
  const have = new Set(graph.nodes.map((n) => n.id));
  const haveE = new Set(graph.edges.map(flowId));
  const added = sub.nodes.filter((n) => !have.has(n.id));
  graph = { ...graph, nodes: [...graph.nodes, ...added], edges: [...graph.edges, ...sub.edges.filter((e) => !haveE.has(flowId(e)))] };
  // Both answers count the same element (the expand asks for it).
  indexGraph();
  if (added.length) await draw();
  searchOverlay = { match: sub.nodes.map((n) => n.id) };
  applyOverlay();
  chain.focusOn(searchOverlay.match);
  $.status.textContent = `${added.length} neighbours added; ${sub.nodes.length - 1} neighbours of ${id} highlighted`;
}

function bar(share, colour, label) {
  return h('div', { class: 'bar', title: label }, h('span', { style: { width: `${Math.max(0.5, Math.min(100, share * 100))}%`, background: colour } }));
}

function analysisParams() {
  return { to: state.dest, element: state.element, material: state.material, asOf: state.asOf };
}

/** tonnes writes a figure of an answer with the answer's unit. */
function tonnes(t, res) {
  return formatTonnes(t, res && res.unit);
}

/** magnet shows an answer's derived magnet-equivalent next to a
 * headline figure ("≈ 14,600 t magnet (derived)"), its note as the
 * tooltip; nothing when the answer has none. */
function magnet(me, testid) {
  const text = magnetText(me);
  return text ? h('span', { class: 'magnet muted', testid: testid || 'magnet', title: `${me.note || ''}${me.unit ? ` (${me.unit})` : ''}` }, ` ${text}`) : null;
}

/** assumptions is the short "Assumptions" disclosure under an analysis
 * result: what its figures assume, in the answer's words. */
function assumptions(res) {
  const list = (res && res.assumptions) || [];
  return h('details', { class: 'assumptions', testid: 'assumptions' },
    h('summary', {}, `Assumptions (${list.length}) — all figures in ${res.unit || 'the answer\'s unit'}`),
    h('ul', {}, list.map((a) => h('li', {}, a))));
}

/** figure is a share with its tonnes under it, for a chart's value
 * column: "42%" over "1,837 t Nd+Pr/yr". */
function figure(main, t, res) {
  return h('span', { class: 'chart-value figure' }, h('strong', {}, main), h('small', { class: 'unit' }, tonnes(t, res)));
}

// The last exposure answers, by their parameters: the routes panel ranks
// its country suggestions by them.
const exposures = new Map();
function exposureKey() {
  return JSON.stringify(analysisParams());
}

/** exposureOf fetches the destination's exposure (dependence on China
 * asked), once per parameters. */
function exposureOf() {
  const key = exposureKey();
  if (!exposures.has(key)) {
    if (exposures.size > 20) exposures.clear();
    exposures.set(key, api.exposure({ ...analysisParams(), country: 'CN' }).catch((err) => { exposures.delete(key); throw err; }));
  }
  return exposures.get(key);
}

/** routeSuggestions are the countries offered first to avoid or go via:
 * those the destination depends on most (its exposure), else those that
 * supply it by tonnes in the drawn graph. */
async function routeSuggestions() {
  const fallback = () => upstreamCountries(graph.nodes, graph.edges, destinationIds(graph.nodes, state.dest), 8);
  try {
    const ex = await exposureOf();
    const ranked = dependenceRows(ex.dependence, []).filter((c) => c.share > 0 && c.country !== state.dest).map((c) => c.country);
    // The exposure names the countries that matter most; those that
    // supply the destination by the drawn flows follow.
    return [...new Set([...ranked, ...fallback()])].filter((c) => c !== state.dest).slice(0, 6);
  } catch {
    return fallback();
  }
}

/** elementNote says which element the figures count, with a one-click
 * way to count another (shown over every analysis). */
function elementNote(res) {
  const el = unitElement(res.unit) || elementLabel(state.element);
  return h('p', { class: 'element-note muted', testid: 'element-note' }, `Counting tonnes of ${el} as metal (${res.unit}), not tonnes of material. `,
    state.element === 'DyTb' ? h('button', { type: 'button', class: 'linkish', onclick: () => update({ element: 'NdPr' }) }, 'Count Nd+Pr')
      : h('button', { type: 'button', class: 'linkish', testid: 'switch-dytb', onclick: () => update({ element: 'DyTb' }) }, 'Count Dy+Tb'));
}

async function exposure(stale) {
  if (!state.dest) return needDest('where its supply comes from');
  loadingPanel(`Computing the ${elementLabel(state.element)} exposure of ${state.dest}…`);
  const [ex, cp] = await Promise.all([exposureOf(), api.chokepoints({ ...analysisParams(), limit: 10 })]);
  if (stale()) return;
  app.exposure = ex;
  const tiers = [...ex.byTier].sort((a, b) => compareTiers(a.tier, b.tier));
  currentTable = { name: `exposure-${state.dest}-${ex.element}`, columns: ['element', 'tier', 'country', csvColumn('tonnes', ex.unit), 'share'], rows: tiers.flatMap((t) => t.countries.map((c) => [ex.element, t.tier, c.country, c.tonnes, c.share])) };
  setAnalysisOverlay({ match: ex.sinks.map((s) => s.facility.id), choke: chokeMap(cp) });
  // Domestic applies to a country destination; a company's or a
  // facility's shares are all "without that country's other facilities".
  const isCountry = countryName.has(state.dest);
  const rows = dependenceRows(ex.dependence, isCountry ? ex.sinks : []);
  const home = rows.filter((c) => c.domestic);
  const shown = rows.slice(0, 10);
  const china = dependsOnSentence(ex.dependsOn, state.dest, countryName);
  const el = unitElement(ex.unit);
  fill($.panel, h('div', { testid: 'exposure', 'data-element': ex.element },
    h('h2', {}, `${el} exposure of ${countryLabel(state.dest)}`),
    elementNote(ex),
    h('p', {}, `Maximum ${el} supply (joint): `, h('strong', { testid: 'maxflow' }, tonnes(ex.maxFlowTonnes, ex)), magnet(ex.magnetEquivalent),
      ` into ${ex.sinks.length} receiving facilit${ex.sinks.length === 1 ? 'y' : 'ies'}.`,
      china ? [' ', h('strong', { testid: 'exposure-china' }, china)] : null),
    h('h3', {}, `Dependence on each country (share of the joint ${el} supply lost without its facilities)`),
    h('div', { class: 'chart', testid: 'exposure-countries' }, shown.map((c) => h('div', { class: `chart-row${c.domestic ? ' domestic' : ''}`, 'data-country': c.country, 'data-domestic': c.domestic ? 'true' : null },
      h('span', { class: 'chart-label', title: countryLabel(c.country) }, h('span', { class: 'swatch', style: { background: countryColour(c.country) } }), ` ${c.country}`, c.domestic ? h('small', { class: 'muted' }, ' domestic') : null),
      bar(c.share, countryColour(c.country), `${countryLabel(c.country)}${c.domestic ? ' (domestic)' : ''}: ${formatShare(c.share)}, ${tonnes(c.tonnes, ex)}`), figure(formatShare(c.share), c.tonnes, ex))),
      !isCountry || rows.some((c) => !c.domestic) ? null : h('p', { class: 'muted' }, 'No foreign country: all supply is domestic.')),
    home.length ? h('p', { class: 'domestic muted', testid: 'exposure-domestic' }, h('strong', {}, 'Domestic: '),
      home.map((c) => `without ${possessive(countryName.get(c.country) || c.country)} own mines, plants, magnet makers and traders, ${formatShare(c.share)} (${tonnes(c.tonnes, ex)}) would be lost; its receiving facilities themselves always stay. `)) : null,
    isCountry ? null : h('p', { class: 'domestic muted' }, `Each share is what would be lost without that country's facilities; ${possessive(placeName(state.dest))} own receiving facilities always stay.`),
    h('h3', {}, `Where each tier is (share of the ${el} passing it, HHI)`),
    h('div', { class: 'chart', testid: 'exposure-chart' }, tiers.map((t) => h('div', { class: 'chart-row', 'data-tier': t.tier },
      h('span', { class: 'chart-label' }, t.tier),
      h('div', { class: 'stack', role: 'img', 'aria-label': `${t.tier}: ${t.countries.map((c) => `${c.country} ${formatShare(c.share)}`).join(', ')}` },
        t.countries.map((c) => h('span', { style: { width: `${c.share * 100}%`, background: countryColour(c.country) }, title: `${countryLabel(c.country)} ${formatShare(c.share)} · ${tonnes(c.tonnes, ex)}` }, c.share > 0.12 ? c.country : ''))),
      h('span', { class: 'chart-value figure', title: 'Herfindahl–Hirschman index, 0–10,000' }, h('strong', {}, `HHI ${Math.round(t.hhi).toLocaleString('en-US')}`), h('small', { class: 'unit' }, tonnes(t.tonnes, ex)))))),
    h('details', { class: 'sinks', testid: 'exposure-sinks' }, h('summary', {}, `Receiving facilities (${ex.sinks.length}), each alone — these do not add up to the joint total`),
      h('ul', { class: 'impacts' }, [...ex.sinks].sort((a, b) => b.eachAloneTonnes - a.eachAloneTonnes).map((s) => h('li', { 'data-id': s.facility.id }, `${s.facility.name} (${s.facility.country}): at most ${tonnes(s.eachAloneTonnes, ex)} each alone`)))),
    h('h3', {}, 'Top chokepoints'), chokeList(cp, 5),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => update({ panel: 'routes', avoid: state.avoid.length ? state.avoid : ['CN'], via: state.via.length ? state.via : ['AU', 'MY'] }) }, 'Routes avoiding China'),
      h('button', { type: 'button', onclick: () => update({ panel: 'scenario' }) }, 'Run a scenario')),
    assumptions(ex)));
}

function chokeMap(cp) {
  const out = {};
  for (const c of cp.facilities || []) if (c.facility) out[c.facility.id] = { share: c.lostShare, structural: (c.why || []).includes('dominator') };
  return out;
}

function chokeList(cp, n) {
  const items = (cp.facilities || []).slice(0, n);
  if (!items.length) return h('p', { class: 'muted' }, 'No chokepoint: no single facility carries supply alone.');
  return h('ol', { class: 'chokes', testid: 'chokepoint-list' }, items.map((c) => h('li', { 'data-id': c.facility.id },
    h('button', { type: 'button', class: 'linkish', onclick: () => { update({ selected: c.facility.id, panel: 'details' }); chain.focusOn([c.facility.id]); } }, c.facility.name),
    ` (${c.facility.country}, ${c.facility.tier}) `, bar(c.lostShare, '#b4236b', formatShare(c.lostShare)), h('span', { class: 'chart-value' }, ` −${formatShare(c.lostShare)} · −${tonnes(c.lostTonnes, cp)}`),
    h('small', { class: 'muted' }, ` ${(c.why || []).join(', ')}`))));
}

async function chokepoints(stale) {
  if (!state.dest) return needDest('its chokepoints');
  loadingPanel(`Finding the ${elementLabel(state.element)} chokepoints of ${state.dest}…`);
  const cp = await api.chokepoints({ ...analysisParams(), avoid: state.avoid, limit: 30 });
  if (stale()) return;
  app.chokepoints = cp;
  setAnalysisOverlay({ choke: chokeMap(cp) });
  currentTable = { name: `chokepoints-${state.dest}-${cp.element}`, columns: ['element', 'kind', 'id', 'name', 'country', 'tier', csvColumn('lostTonnes', cp.unit), 'lostShare', 'why'],
    rows: [...cp.facilities.map((c) => [cp.element, 'facility', c.facility.id, c.facility.name, c.facility.country, c.facility.tier, c.lostTonnes, c.lostShare, c.why.join(' ')]),
      ...cp.countries.map((c) => [cp.element, 'country', c.country, countryName.get(c.country) || '', c.country, '', c.lostTonnes, c.lostShare, c.why.join(' ')])] };
  const el = unitElement(cp.unit);
  fill($.panel, h('div', { testid: 'chokepoints', 'data-element': cp.element },
    h('h2', {}, `${el} chokepoints of ${countryLabel(state.dest)}`),
    elementNote(cp),
    h('p', {}, `Maximum ${el} supply (joint) `, h('strong', { testid: 'chokepoints-maxflow' }, tonnes(cp.maxFlowTonnes, cp)), magnet(cp.magnetEquivalent),
      ` from ${cp.sources} mines and recyclers. Each figure below is what would be lost without it (share and ${cp.unit}); highlighted on the graph.`),
    h('h3', {}, 'Countries'),
    h('div', { class: 'chart', testid: 'chokepoint-countries' }, cp.countries.slice(0, 8).map((c) => h('div', { class: 'chart-row', 'data-country': c.country }, h('span', { class: 'chart-label' }, c.country), bar(c.lostShare, countryColour(c.country), countryLabel(c.country)), figure(`−${formatShare(c.lostShare)}`, c.lostTonnes, cp)))),
    h('h3', {}, 'Facilities'), chokeList(cp, 30),
    cp.minCut && cp.minCut.flows && cp.minCut.flows.length ? h('details', { class: 'mincut' }, h('summary', {}, `Minimum cut: ${cp.minCut.flows.length} flows, ${tonnes(cp.minCut.capacityTonnes, cp)}`),
      h('ul', { class: 'flows' }, cp.minCut.flows.map((f) => h('li', {}, `${nodesById.get(f.from)?.name || f.from} → ${nodesById.get(f.to)?.name || f.to}: ${formatFlow(f, cp.unit)}`)))) : null,
    assumptions(cp)));
}

/** countryPicker is a compact avoid or via picker: the chosen countries
 * as chips (click to remove), then one-click buttons for the countries
 * that supply the destination (suggested), then the other countries in a
 * "more…" list. */
function countryPicker(name, selected, suggested, onChange) {
  const codes = [...new Set(graph.nodes.map((n) => n.country))].sort();
  const quick = suggested.filter((c) => !selected.includes(c));
  const rest = codes.filter((c) => !selected.includes(c) && !quick.includes(c));
  const verb = name === 'avoid' ? 'Avoid' : 'Go via';
  const chipText = (c) => (countryName.has(c) || /^[A-Z]{2}$/.test(c) ? c : shortName(nodesById.get(c)?.name || c, 20));
  const more = h('select', { 'aria-label': `${verb} another country`, testid: `${name}-more`, class: 'picker-more',
    onchange: (ev) => { if (ev.target.value) onChange(ev.target.value, true); } },
  h('option', { value: '' }, quick.length ? 'more…' : 'add…'), rest.map((c) => h('option', { value: c }, `${c} ${countryName.get(c) || ''}`)));
  return h('div', { class: 'picker', role: 'group', 'aria-label': verb, testid: `${name}-picker` },
    h('span', { class: 'picker-label' }, name === 'avoid' ? 'Avoid' : 'Via', h('small', { class: 'muted' }, name === 'avoid' ? '' : ' (any)')),
    selected.map((c) => h('button', { type: 'button', class: 'chip on', 'aria-pressed': 'true', testid: `${name}-${c}`, title: `${verb} ${countryLabel(c)}: click to remove`, onclick: () => onChange(c, false) }, `${chipText(c)} ✕`)),
    selected.length ? null : h('span', { class: 'muted none' }, 'none'),
    quick.length ? h('span', { class: 'muted sep', title: 'Countries that supply the destination, most tonnes first' }, 'add') : null,
    quick.map((c) => h('button', { type: 'button', class: 'chip', 'aria-pressed': 'false', testid: `${name}-${c}`, title: `${verb} ${countryLabel(c)}`, onclick: () => onChange(c, true) }, `+${c}`)),
    rest.length ? more : null);
}

/** limitedByText names what sets a route's bottleneck: a facility's
 * capacity (its id) or a flow ("FROM→TO"). */
function limitedByText(r) {
  const by = String(r.limitedBy || '');
  if (!by) return '';
  const name = (id) => nodesById.get(id)?.name || (r.hops || []).flatMap((hp) => [hp.from, hp.to]).find((f) => f.id === id)?.name || id;
  const arrow = by.indexOf('→');
  if (arrow > 0) return `the flow ${shortName(name(by.slice(0, arrow)), 28)} → ${shortName(name(by.slice(arrow + 1)), 28)}`;
  return `the capacity of ${shortName(name(by), 32)}`;
}

function routeList(list, testid, res) {
  const unit = res && res.unit;
  return h('ol', { class: 'routes', testid }, list.map((r, i) => h('li', { testid: `route-${i}`, 'data-nodes': routeElements(r).nodes.join(' '), 'data-limited-by': r.limitedBy || null },
    h('button', { type: 'button', class: 'linkish', onclick: () => { showRoutes([r], list, res); chain.focusOn(routeElements(r).nodes); } }, `Route ${i + 1}`),
    `: bottleneck `, h('strong', { testid: 'route-bottleneck' }, formatTonnes(r.bottleneckTonnes, unit)), ` · ${r.countries.join(' → ')}`,
    r.limitedBy ? h('div', { class: 'limited muted', testid: 'route-limited-by' }, `limited by ${limitedByText(r)}`,
      r.flowBottleneckTonnes > r.bottleneckTonnes + 1e-9 ? ` (its flows alone: ${formatTonnes(r.flowBottleneckTonnes, unit)})` : '') : null,
    h('div', { class: 'route-path' }, routeLabel(r)),
    h('details', { class: 'hops' }, h('summary', {}, `${r.hops.length} hops: material → ${unitElement(unit)}, basis`),
      h('table', { class: 'hops' }, h('tbody', {}, r.hops.map((hp) => h('tr', { testid: 'hop' }, h('td', {}, `${shortName(hp.from.name, 22)} → ${shortName(hp.to.name, 22)}`),
        h('td', { class: 'num', title: hp.content > 0 ? `content ${formatContent(hp.content)} ${unitElement(unit)}` : '' }, formatFlow(hp, unit)), h('td', {}, hp.basis)))))))));
}

function showRoutes(shown, all, res) {
  const nodes = [];
  const edges = {};
  for (const r of shown) {
    const el = routeElements(r);
    for (const n of el.nodes) if (!nodes.includes(n)) nodes.push(n);
    for (const e of el.edges) edges[e.id] = e.tonnes;
  }
  setAnalysisOverlay({ ...analysisOverlay, route: { nodes, edges, count: all.length, unit: res && res.unit }, fade: true });
  if (state.view === 'chain' && nodes.length) chain.focusOn([...nodes, ...(analysisOverlay.affected || []), ...Object.keys(analysisOverlay.cutoff || {})]);
}

async function routes(stale) {
  if (!state.dest) return needDest('alternative routes');
  const k = 5;
  const suggested = await routeSuggestions();
  if (stale()) return;
  const form = h('div', { class: 'routeform' },
    countryPicker('avoid', state.avoid, suggested.filter((c) => !state.via.includes(c)), (c, on) => update({ avoid: toggle(state.avoid, c, on) })),
    countryPicker('via', state.via, suggested.filter((c) => !state.avoid.includes(c)), (c, on) => update({ via: toggle(state.via, c, on) })));
  fill($.panel, h('div', { testid: 'routes' }, h('h2', {}, `${elementLabel(state.element)} routes to ${countryLabel(state.dest)}`), form, h('p', { class: 'loading-inline' }, 'Finding routes…')));
  const r = await api.routes({ ...analysisParams(), avoid: state.avoid, via: state.via, k });
  if (stale()) return;
  currentTable = { name: `routes-${state.dest}-${r.element}`, columns: ['element', 'route', csvColumn('bottleneckTonnes', r.unit), 'limitedBy', 'hop', 'from', 'fromCountry', 'to', 'toCountry', 'material', 'materialTonnes (t of material/yr)', 'content (t per t)', csvColumn('tonnes', r.unit), 'basis'],
    rows: r.routes.flatMap((rt, i) => rt.hops.map((hp, j) => [r.element, i + 1, rt.bottleneckTonnes, rt.limitedBy, j + 1, hp.from.id, hp.from.country, hp.to.id, hp.to.country, hp.material, hp.materialTonnes, hp.content, hp.tonnes, hp.basis])) };
  setAnalysisOverlay({});
  showRoutes(r.routes, r.routes, r);
  app.routes = r;
  const el = unitElement(r.unit);
  const upTo = r.survivingExact === false ? 'at most ' : '';
  fill($.panel, h('div', { testid: 'routes', 'data-element': r.element },
    h('h2', {}, `${el} routes to ${countryLabel(state.dest)}`), elementNote(r), form,
    h('p', { testid: 'routes-summary' }, r.routes.length ? [`${r.routes.length} routes${state.avoid.length ? ` avoiding ${state.avoid.join(', ')}` : ''}${state.via.length ? ` via ${state.via.join(' or ')}` : ''}. Together (joint) they can carry ${upTo}`,
      h('strong', { testid: 'routes-surviving' }, tonnes(r.survivingMaxFlowTonnes, r)), magnet(r.survivingMagnetEquivalent), ` of the ${tonnes(r.maxFlowTonnes, r)} unrestricted supply (${upTo}${formatShare(r.maxFlowTonnes ? r.survivingMaxFlowTonnes / r.maxFlowTonnes : 0)}).`,
      r.survivingExact === false ? h('small', { class: 'muted', testid: 'routes-upper-bound' }, ' "At most": through via countries the total is an upper bound, not an exact figure.') : null,
      ' Route bottlenecks share capacity and do not add up.']
      : `No route carries ${el} under these constraints.`),
    routeList(r.routes, 'routes-list', r),
    assumptions(r)));
}

/** untouchedNotice says plainly when the controls applied stop no flow of
 * the element counted, and offers the element they do stop. */
function untouchedNotice(res) {
  const cov = controlCoverage(res, state.element);
  const el = unitElement(res.unit);
  const place = placeName(state.dest);
  if (!cov.untouched) {
    const partial = res.diff.blockedFlows.length > 0 && !(res.lostJointTonnes > 0);
    return partial ? h('p', { class: 'notice', testid: 'scenario-no-loss' }, `The controls stop ${res.diff.blockedFlows.length} flows of ${el}, but ${possessive(place)} joint ${el} supply does not fall: other flows make up for them.`) : null;
  }
  const ids = res.diff.controls.filter((c) => c.inForce).map((c) => c.id).join(', ');
  return h('div', { class: 'notice untouched', testid: 'scenario-untouched' },
    h('p', {}, h('strong', {}, `${ids} ${res.diff.controls.filter((c) => c.inForce).length === 1 ? 'does' : 'do'} not touch ${el}: `),
      `${possessive(place)} ${el} supply does not change. `,
      cov.listed.length ? `${res.diff.controls.filter((c) => c.inForce).length === 1 ? 'This control covers' : 'These controls cover'} ${cov.listed.join(', ')}${cov.materials.length ? ` and ${cov.materials.map(materialName).join(', ')}` : ''}${cov.suggest ? ': ' : '.'}` : 'The controls list no element this destination receives.',
      cov.suggest ? h('button', { type: 'button', class: 'primary mini', testid: 'scenario-switch-element', onclick: () => update({ element: cov.suggest }) }, `see ${elementLabel(cov.suggest)}`) : null));
}

async function scenario(stale) {
  if (!state.dest) return needDest('the effect of export controls');
  const relevant = (c) => c.to === '*' || c.to === state.dest || c.from === state.dest;
  const sorted = [...controls].sort((a, b) => Number(relevant(b)) - Number(relevant(a)) || b.effective.localeCompare(a.effective));
  const fromSel = h('select', { 'aria-label': 'From country', testid: 'custom-from' }, countries.map((c) => h('option', { value: c.code, selected: c.code === 'CN' }, c.code)));
  const toSel = h('select', { 'aria-label': 'To country', testid: 'custom-to' }, h('option', { value: '*' }, '* (all)'), countries.map((c) => h('option', { value: c.code, selected: c.code === state.dest }, c.code)));
  const elIn = h('input', { placeholder: 'elements, e.g. Dy,Tb,Nd,Pr', 'aria-label': 'Elements', testid: 'custom-elements', size: 16 });
  const asOf = h('input', { type: 'date', value: state.asOf, 'aria-label': 'As of', testid: 'asof', onchange: (ev) => update({ asOf: ev.target.value }) });
  const members = new Set(elementMembers(state.element));
  const form = h('div', { class: 'scenario-form' },
    h('fieldset', { class: 'controls', testid: 'controls' }, h('legend', {}, 'Export controls (seeded; ticked ones apply)'),
      h('ul', {}, sorted.map((c) => h('li', { class: relevant(c) ? '' : 'muted' }, h('label', {},
        h('input', { type: 'checkbox', checked: state.controls.includes(c.id), 'data-testid': `control-${c.id}`, onchange: (ev) => update({ controls: toggle(state.controls, c.id, ev.target.checked) }) }),
        h('strong', {}, ` ${c.from}→${c.to === '*' ? 'all' : c.to} `), `${c.effective}${c.until ? `–${c.until}` : ''} `, h('span', { title: c.notes || '' }, c.title), h('small', { class: 'muted' }, ` ${c.id}`),
        (c.elements || []).length ? h('small', { class: (c.elements || []).some((e) => members.has(e)) ? 'covers' : 'muted' }, ` · ${c.elements.join(', ')}`) : null))))),
    h('div', { class: 'row' }, 'Add control: ', fromSel, ' → ', toSel, ' ', elIn, ' ',
      h('button', { type: 'button', testid: 'custom-add', onclick: () => {
        const els = elIn.value.split(/[\s,+]+/).filter(Boolean).map((e) => e[0].toUpperCase() + e.slice(1).toLowerCase());
        if (!els.length) { elIn.focus(); elIn.setCustomValidity('Name at least one element'); elIn.reportValidity(); return; }
        update({ custom: [...state.custom, formatCustomControl({ from: fromSel.value, to: toSel.value, elements: els })] });
      } }, 'Add')),
    state.custom.length ? h('div', { class: 'row' }, 'Added: ', state.custom.map((c) => h('button', { type: 'button', class: 'mini', onclick: () => update({ custom: state.custom.filter((x) => x !== c) }) }, `${c} ✕`))) : null,
    h('label', { class: 'row' }, 'As of ', asOf, h('small', { class: 'muted' }, ' (empty: every flow; controls apply from their effective date)')));
  const body = scenarioBody(state);
  const title = `${elementLabel(state.element)} scenario for ${countryLabel(state.dest)}`;
  if (!body.controls.length) {
    setAnalysisOverlay({});
    fill($.panel, h('div', { testid: 'scenario' }, h('h2', {}, title), form,
      h('p', { class: 'empty' }, 'Tick a control above (for instance CN→JP, 2026-01-06, CN-2026-001-JP) or add one to see what supply survives.')));
    return;
  }
  fill($.panel, h('div', { testid: 'scenario' }, h('h2', {}, title), form, h('p', { class: 'loading-inline' }, 'Running the scenario…')));
  const res = await api.scenario(body);
  if (stale()) return;
  app.scenario = res;
  const cutoff = {};
  for (const o of res.cutOff) cutoff[o.facility.id] = { share: o.lostShare };
  const partly = res.affected.filter((o) => !o.cutOff);
  setAnalysisOverlay({ cutoff, affected: partly.map((o) => o.facility.id), blocked: res.diff.blockedFlows.map(flowId) });
  showRoutes(res.routes, res.routes, res);
  const u = res.unit;
  currentTable = { name: `scenario-${state.dest}-${res.element}`, columns: ['element', 'facility', 'name', 'country', 'tier', csvColumn('beforeEachAloneTonnes', u), csvColumn('afterEachAloneTonnes', u), csvColumn('lostEachAloneTonnes', u), 'lostShare', 'cutOff'],
    rows: res.affected.map((o) => [res.element, o.facility.id, o.facility.name, o.facility.country, o.facility.tier, o.beforeEachAloneTonnes, o.afterEachAloneTonnes, o.lostEachAloneTonnes, o.lostShare, o.cutOff]) };
  const max = Math.max(res.before.jointTonnes, 1e-9);
  const el = unitElement(u);
  const impact = (o) => h('li', { 'data-id': o.facility.id }, h('button', { type: 'button', class: 'linkish', onclick: () => { update({ selected: o.facility.id, panel: 'details' }); chain.focusOn([o.facility.id]); } }, o.facility.name),
    ` (${o.facility.country}) ${formatNumber(o.beforeEachAloneTonnes)} → ${formatTonnes(o.afterEachAloneTonnes, u)} (−${formatShare(o.lostShare)})`);
  const cutList = () => [h('h3', {}, `Cut off (${res.cutOff.length}): no ${el} can reach it at all — highlighted red`), h('ul', { class: 'impacts', testid: 'cutoff-list' }, res.cutOff.map(impact))];
  const partList = () => [h('h3', {}, `Partly affected (${partly.length}), each alone (do not add up) — ringed orange`), h('ul', { class: 'impacts', testid: 'affected-list' }, partly.slice(0, 30).map(impact))];
  const blocked = res.diff.blockedFlows;
  const meBefore = res.before.jointMagnetEquivalent;
  const meAfter = res.after.jointMagnetEquivalent;
  fill($.panel, h('div', { testid: 'scenario', 'data-element': res.element },
    h('h2', {}, `${el} scenario for ${countryLabel(state.dest)}`),
    h('p', { class: 'headline', testid: 'scenario-headline' }, scenarioHeadline(res, placeName(state.dest))),
    untouchedNotice(res),
    h('div', { class: 'chart', testid: 'scenario-result' },
      h('div', { class: 'chart-row' }, h('span', { class: 'chart-label' }, 'Before, joint'), bar(res.before.jointTonnes / max, '#3b7dd8', 'before'), h('span', { class: 'chart-value', testid: 'scenario-before' }, tonnes(res.before.jointTonnes, res))),
      h('div', { class: 'chart-row' }, h('span', { class: 'chart-label' }, 'After, joint'), bar(res.after.jointTonnes / max, '#b00020', 'after'), h('span', { class: 'chart-value', testid: 'scenario-after' }, tonnes(res.after.jointTonnes, res)))),
    h('p', {}, 'Lost (joint) ', h('strong', { testid: 'scenario-lost' }, `${tonnes(res.lostJointTonnes, res)} (${formatShare(res.lostShare)})`),
      meBefore && meAfter ? h('span', { class: 'magnet muted', testid: 'magnet', title: meBefore.note || '' }, ` ≈ ${formatNumber(meBefore.tonnes)} → ${formatNumber(meAfter.tonnes)} t magnet (derived)`) : null,
      `; ${blocked.length} flows blocked by `,
      res.diff.controls.map((c) => `${c.id}${c.inForce ? '' : ' (not in force at that date)'}`).join(', '), '.'),
    res.cutOff.length ? cutList() : null,
    partly.length ? partList() : null,
    res.affected.length ? h('p', { class: 'muted small' }, `Per-facility figures are each alone (all the upstream capacity it can reach): they do not add up to the joint totals.`) : null,
    blocked.length ? h('details', { class: 'blocked', testid: 'blocked-flows' }, h('summary', {}, `Blocked flows (${blocked.length}) — dotted red`),
      h('ul', { class: 'flows' }, blocked.map((f) => h('li', {}, `${shortName(nodesById.get(f.from)?.name || f.from, 26)} → ${shortName(nodesById.get(f.to)?.name || f.to, 26)}: ${formatFlow(f, u)} stopped (${(f.elements || []).join(', ')}) by ${f.by}`)))) : null,
    assumptions(res),
    form,
    h('h3', {}, `Surviving routes (${res.routes.length}) — highlighted blue`), routeList(res.routes, 'surviving-routes', res)));
  $.panel.scrollTop = 0; // the result leads; the controls follow it
}

// ---------- exports ----------

function stamp() {
  return new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
}

async function exportPNG() {
  if (state.view === 'map') {
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(map.svgText())))}`;
    await img.decode();
    const { width, height } = map.size();
    const canvas = h('canvas', { width: 1920, height: Math.round((1920 * height) / width) });
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((b) => download(b, `chokepoint-map-${stamp()}.png`), 'image/png');
    return;
  }
  download(await chain.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff' }), `chokepoint-chain-${stamp()}.png`);
}

function exportSVG() {
  const text = state.view === 'map' ? map.svgText() : chain.cy.svg({ full: true, scale: 1, bg: '#ffffff' });
  download(new Blob([text], { type: 'image/svg+xml' }), `chokepoint-${state.view === 'map' ? 'map' : 'chain'}-${stamp()}.svg`);
}

function exportCSV() {
  let t = currentTable;
  if (!t) {
    const cols = ['id', 'name', 'tier', 'company', 'country', 'status', 'lat', 'lon', 'locationApproximate', 'aggregate'];
    t = { name: 'facilities', columns: cols, rows: graph.nodes.filter((n) => keepNode(n, state)).map((n) => cols.map((c) => n[c])) };
  }
  download(new Blob([toCSV(t.columns, t.rows)], { type: 'text/csv' }), `chokepoint-${t.name}-${stamp()}.csv`);
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    $.status.textContent = 'Link to this view copied.';
  } catch {
    window.prompt('Copy the link to this view:', location.href);
  }
}

// ---------- health ----------

async function checkHealth() {
  try {
    const hl = await api.health();
    $.banner.hidden = true;
    $.banner.dataset.state = 'ok';
    app.health = hl;
    return true;
  } catch (err) {
    $.banner.hidden = false;
    $.banner.dataset.state = 'down';
    fill($.banner, h('strong', {}, err.status === 0 ? 'The Chokepoint API is not answering. ' : 'Neo4j is not reachable. '),
      `${err.message}. The graph and the analyses cannot load until it is back; this page retries every 15 s. `,
      h('button', { type: 'button', onclick: () => start() }, 'Retry now'));
    return false;
  }
}

// ---------- benchmark ----------

/** benchPanZoom pans and zooms the chain for ms milliseconds and returns
 * the frame times (requestAnimationFrame deltas). mode 'gesture' sends the
 * wheel and mouse-drag events a user makes (Cytoscape's gesture path);
 * 'programmatic' sets the viewport every frame (a full redraw each time). */
app.benchPanZoom = async (ms = 3000, mode = 'gesture') => {
  const cy = chain.cy;
  const z0 = cy.zoom();
  const p0 = { ...cy.pan() };
  const box = $.chain.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cyy = box.top + box.height / 2;
  const canvas = $.chain.querySelector('canvas:last-of-type') || $.chain;
  const mouse = (type, x, y, target) => target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0, buttons: type === 'mouseup' ? 0 : 1 }));
  const deltas = [];
  let dragging = false;
  await new Promise((resolve) => {
    let start = 0;
    let last = 0;
    const step = (t) => {
      if (!start) { start = t; last = t; } else { deltas.push(t - last); last = t; }
      const ph = (t - start) / ms;
      if (mode === 'programmatic') {
        cy.viewport({ zoom: z0 * (1.6 + 0.6 * Math.sin(ph * Math.PI * 4)), pan: { x: p0.x + 300 * Math.sin(ph * Math.PI * 6), y: p0.y + 150 * Math.cos(ph * Math.PI * 6) } });
      } else if (ph < 0.5) {
        const dir = Math.sin(ph * Math.PI * 8) > 0 ? -1 : 1;
        canvas.dispatchEvent(new WheelEvent('wheel', { clientX: cx, clientY: cyy, deltaY: 60 * dir, deltaMode: 0, bubbles: true, cancelable: true }));
      } else {
        const x = cx + 200 * Math.sin(ph * Math.PI * 6);
        const y = cyy + 120 * Math.cos(ph * Math.PI * 6);
        if (!dragging) { mouse('mousedown', x, y, canvas); dragging = true; } else mouse('mousemove', x, y, window);
      }
      if (t - start < ms) requestAnimationFrame(step);
      else {
        if (dragging) mouse('mouseup', cx, cyy, window);
        resolve();
      }
    };
    requestAnimationFrame(step);
  });
  cy.viewport({ zoom: z0, pan: p0 });
  const sorted = [...deltas].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] || 0;
  return { mode, frames: deltas.length, medianMs: +q(0.5).toFixed(1), p95Ms: +q(0.95).toFixed(1), maxMs: +(sorted[sorted.length - 1] || 0).toFixed(1) };
};

// ---------- start ----------

async function start() {
  metrics.startMs = Math.round(performance.now());
  // The graph, the health check and the reference lists load together;
  // the chain is drawn as soon as the graph is in.
  const graphReq = fetchGraph();
  const healthReq = checkHealth();
  const refsReq = Promise.all([api.countries().catch(() => ({ items: [] })), api.controls().catch(() => ({ items: [] }))]);
  const graphOK = await graphReq.then(() => true, () => false);
  if (!graphOK && !(await healthReq)) {
    setLoading('');
    showEmpty('Waiting for the API…');
    return;
  }
  await loadGraph(graphReq);
  const [ok, [cs, ks]] = await Promise.all([healthReq, refsReq]);
  metrics.healthMs = Math.round(performance.now());
  if (!ok) return;
  countries = cs.items;
  countryName = new Map(countries.map((c) => [c.code, c.name]));
  searchIdx = null;
  controls = ks.items;
  const prev = { ...state, panel: null, view: null };
  await sync(prev);
  app.ready = true;
  document.body.dataset.ready = 'true';
}

let destListFor = null;
/** fillDestList lists countries, companies and facilities for the
 * destination box (once per search index). */
function fillDestList() {
  if (destListFor === idx()) return;
  destListFor = idx();
  const kindRank = { country: 0, company: 1, facility: 2 };
  const entries = [...idx()].sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || a.label.localeCompare(b.label));
  fill($.destList, entries.map((e) => h('option', { value: destEntryLabel(e) }, e.kind === 'facility' ? e.detail : e.detail.replace(/^company · /, ''))));
}

function pickDest() {
  const d = resolveDestination(idx(), $.dest.value);
  if (d === null) {
    $.dest.setCustomValidity('No country, company or facility matches');
    $.dest.reportValidity();
    return;
  }
  $.dest.setCustomValidity('');
  $.dest.value = destName(d);
  if (d === state.dest) { syncDest(); return; }
  update({ dest: d, panel: state.panel === 'details' && d ? 'exposure' : state.panel });
}

/** destName is what the destination box shows for a destination value:
 * Japan, Lynas Rare Earths (company), a facility's name. */
function destName(d) {
  return destLabel(d, countryName, nodesById);
}

function syncDest() {
  if (document.activeElement !== $.dest) $.dest.value = destName(state.dest);
  $.dest.title = state.dest ? `Destination: ${destName(state.dest)} (${state.dest}) — the country, company or facility whose supply the analyses follow` : 'The country, company or facility whose supply the analyses follow';
}

setInterval(async () => {
  const wasDown = $.banner.dataset.state === 'down';
  if ((await checkHealth()) && wasDown) start();
}, 15000);
window.addEventListener('resize', () => { chain.resize(); map.resize(); });
start().catch((err) => { app.errors.push(String(err)); setLoading(''); showEmpty(`The viewer failed to start: ${err.message}`); });
