// @ts-check
// The page: the header (search, views, destination, element, exports),
// the filters and legend on the left, the views in the middle, the panels
// on the right and the status line.

import { h, fill } from './dom.js';
import { app, update } from './store.js';
import { elementOptions } from './lib/units.js';
import { fillDestList, pickDest } from './destination.js';
import { destName } from './names.js';
import { exportPNG, exportSVG, exportCSV, copyLink } from './exports.js';
import { buildTimebar } from './timebar.js';

/** @typedef {ReturnType<typeof buildPage>} Elements */

/** buildPage builds the page in #app and returns the elements the
 * viewer fills and reads. */
export function buildPage() {
  const search = h('input', {
    id: 'search',
    type: 'search',
    role: 'combobox',
    'aria-expanded': 'false',
    'aria-controls': 'search-list',
    'aria-autocomplete': 'list',
    autocomplete: 'off',
    placeholder: 'Search facility, company, country  ( / )',
    testid: 'search',
    'aria-label': 'Search facilities, companies and countries',
  });
  const searchList = h('ul', {
    id: 'search-list',
    role: 'listbox',
    class: 'search-list',
    hidden: true,
    testid: 'search-list',
  });
  const views = ['chain', 'map', 'console'].map((v) =>
    h(
      'button',
      { type: 'button', role: 'tab', 'data-view': v, testid: `view-${v}`, onclick: () => update({ view: v }) },
      { chain: 'Chain', map: 'Map', console: 'Cypher console' }[v],
    ),
  );
  // The destination: a country, company or facility, typed or picked from
  // a list built from the search index on first focus.
  const destList = h('datalist', { id: 'dest-list', testid: 'destination-list' });
  const dest = h('input', {
    id: 'dest',
    type: 'search',
    list: 'dest-list',
    testid: 'destination',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'e.g. Japan or Lynas',
    title: 'The country, company or facility whose supply the analyses follow',
    onfocus: () => {
      fillDestList();
      dest.select();
    },
    onchange: pickDest,
    onkeydown: (ev) => {
      if (ev.key === 'Escape') {
        dest.value = destName(app.state.dest);
        dest.blur();
      }
    },
  });
  // The element the analyses count (tonnes of it, as metal): next to the
  // destination, as both say what an analysis is about.
  const opts = elementOptions();
  const element = h(
    'select',
    {
      id: 'element',
      testid: 'element',
      'aria-label': 'Element counted',
      title:
        'What every figure counts: tonnes a year of this element (or group), as metal, never tonnes of mixed materials',
      onchange: (ev) => update({ element: ev.target.value }),
    },
    [...new Set(opts.map((o) => o.group))].map((g) =>
      h(
        'optgroup',
        { label: g },
        opts.filter((o) => o.group === g).map((o) => h('option', { value: o.value, title: o.title }, o.label)),
      ),
    ),
  );
  const banner = h('div', { class: 'banner', role: 'alert', hidden: true, testid: 'banner' });
  const chain = h('div', {
    class: 'view chain',
    testid: 'chain',
    role: 'application',
    'aria-roledescription': 'graph',
    'aria-label':
      'Supply chain graph: tiers as columns. Arrow keys pan, + and - zoom, 0 fits; n and p move between facilities, Enter opens one.',
  });
  const mapBox = h('div', { class: 'view map', testid: 'map' });
  const console = h('div', { class: 'view console', testid: 'console' });
  const loading = h('div', { class: 'loading', role: 'status', testid: 'loading' }, 'Loading the network…');
  const empty = h('div', { class: 'empty-state', hidden: true, testid: 'empty' });
  const filters = h('div', { class: 'filters', testid: 'filters' });
  const legend = h('div', { class: 'legend', testid: 'legend' });
  const panelTabs = ['details', 'exposure', 'chokepoints', 'routes', 'scenario', 'timeline'].map((p) =>
    h(
      'button',
      { type: 'button', role: 'tab', 'data-panel': p, testid: `panel-${p}`, onclick: () => update({ panel: p }) },
      {
        details: 'Details',
        exposure: 'Exposure',
        chokepoints: 'Chokepoints',
        routes: 'Routes',
        scenario: 'Scenario',
        timeline: 'Timeline',
      }[p],
    ),
  );
  const panel = h('div', { class: 'panel', id: 'panel', testid: 'panel', 'aria-live': 'polite', tabindex: '-1' });
  // The first Tab stop: straight to the analysis panel's tabs, past the
  // search, the views, the filters and the graph.
  const skip = h(
    'a',
    {
      class: 'skip-link',
      href: '#panel',
      testid: 'skip-to-panel',
      onclick: (ev) => {
        ev.preventDefault(); // the hash holds the viewer's state
        /** @type {HTMLElement} */ (
          panelTabs.find((b) => b.getAttribute('aria-selected') === 'true') || panelTabs[0]
        ).focus();
      },
    },
    'Skip to the analysis panel',
  );
  const status = h('div', { class: 'statusline', testid: 'statusline' });
  const timebar = buildTimebar();
  const exportBtn = (label, fn, id) => h('button', { type: 'button', onclick: fn, testid: id }, label);
  fill(
    document.getElementById('app'),
    skip,
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'Chokepoint', h('small', {}, 'rare-earth magnet supply chains')),
      h('div', { class: 'searchbox' }, search, searchList),
      h('nav', { class: 'tabs', role: 'tablist', 'aria-label': 'Views' }, views),
      h('label', { class: 'destpick' }, 'Destination ', dest, destList),
      h('label', { class: 'elempick' }, 'Element ', element),
      h(
        'div',
        { class: 'exports' },
        exportBtn('PNG', exportPNG, 'export-png'),
        exportBtn('SVG', exportSVG, 'export-svg'),
        exportBtn('CSV', exportCSV, 'export-csv'),
        exportBtn('Copy link', copyLink, 'copy-link'),
      ),
    ),
    banner,
    timebar.el,
    h(
      'div',
      { class: 'body' },
      h('aside', { class: 'left', 'aria-label': 'Filters and legend' }, filters, legend),
      h('main', { class: 'center' }, chain, mapBox, console, loading, empty),
      h(
        'aside',
        { class: 'right', 'aria-label': 'Details and analyses' },
        h('nav', { class: 'tabs panel-tabs', role: 'tablist', 'aria-label': 'Panels' }, panelTabs),
        panel,
      ),
    ),
    status,
  );
  return {
    search,
    searchList,
    views,
    destList,
    dest,
    element,
    banner,
    chain,
    mapBox,
    console,
    loading,
    empty,
    filters,
    legend,
    panelTabs,
    panel,
    status,
    timebar,
  };
}
