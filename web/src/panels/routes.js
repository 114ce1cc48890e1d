// @ts-check
// The routes panel: the best routes to a destination avoiding some
// countries and going via others, drawn on the graph with tonnes per hop.

import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { sources } from '../sources.js';
import { app, update } from '../store.js';
import { destinationIds } from '../lib/destination.js';
import { dependenceRows, upstreamCountries } from '../lib/exposure.js';
import { routeDoubts, routeElements, routeLabel } from '../lib/routes.js';
import { toggle } from '../lib/state.js';
import { formatShare, shortName } from '../lib/text.js';
import { csvColumn, elementLabel, formatContent, formatFlow, formatTonnes, unitElement } from '../lib/units.js';
import { rangeCells, rangeText, tonnesColumns, tonnesRangeWords, withInterval } from '../lib/ranges.js';
import { FIGURE_WORDS } from '../lib/sensitivity.js';
import { countryLabel } from '../names.js';
import { setAnalysisOverlay } from '../network.js';
import {
  analysisParams,
  assumptions,
  contextChips,
  elementNote,
  magnet,
  needDest,
  rangesNote,
  rangeSpan,
  tonnes,
} from './parts.js';
import { researchNext } from './research.js';
import { exposureOf } from './exposure.js';

/** routeSuggestions are the countries offered first to avoid or go via:
 * those the destination depends on most (its exposure), else those that
 * supply it by tonnes in the drawn graph. */
async function routeSuggestions() {
  const fallback = () =>
    upstreamCountries(app.graph.nodes, app.graph.edges, destinationIds(app.graph.nodes, app.state.dest), 8);
  try {
    const ex = await exposureOf();
    const ranked = dependenceRows(ex.dependence, [])
      .filter((c) => c.share > 0 && c.country !== app.state.dest)
      .map((c) => c.country);
    // The exposure names the countries that matter most; those that
    // supply the destination by the drawn flows follow.
    return [...new Set([...ranked, ...fallback()])].filter((c) => c !== app.state.dest).slice(0, 6);
  } catch {
    return fallback();
  }
}

/** countryPicker is a compact avoid or via picker: the chosen countries
 * as chips (click to remove), then one-click buttons for the countries
 * that supply the destination (suggested), then the other countries in a
 * "more…" list. */
function countryPicker(name, selected, suggested, onChange) {
  const codes = [...new Set(app.graph.nodes.map((n) => n.country))].sort();
  const quick = suggested.filter((c) => !selected.includes(c));
  const rest = codes.filter((c) => !selected.includes(c) && !quick.includes(c));
  const verb = name === 'avoid' ? 'Avoid' : 'Go via';
  const chipText = (c) =>
    app.countryName.has(c) || /^[A-Z]{2}$/.test(c) ? c : shortName(app.nodesById.get(c)?.name || c, 20);
  const more = h(
    'select',
    {
      'aria-label': `${verb} another country`,
      testid: `${name}-more`,
      class: 'picker-more',
      onchange: (ev) => {
        if (ev.target.value) onChange(ev.target.value, true);
      },
    },
    h('option', { value: '' }, quick.length ? 'more…' : 'add…'),
    rest.map((c) => h('option', { value: c }, `${c} ${app.countryName.get(c) || ''}`)),
  );
  return h(
    'div',
    { class: 'picker', role: 'group', 'aria-label': verb, testid: `${name}-picker` },
    h(
      'span',
      { class: 'picker-label' },
      name === 'avoid' ? 'Avoid' : 'Via',
      h('small', { class: 'muted' }, name === 'avoid' ? '' : ' (any)'),
    ),
    selected.map((c) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip on',
          'aria-pressed': 'true',
          testid: `${name}-${c}`,
          title: `${verb} ${countryLabel(c)}: click to remove`,
          onclick: () => onChange(c, false),
        },
        `${chipText(c)} ✕`,
      ),
    ),
    selected.length ? null : h('span', { class: 'muted none' }, 'none'),
    quick.length
      ? h('span', { class: 'muted sep', title: 'Countries that supply the destination, most tonnes first' }, 'add')
      : null,
    quick.map((c) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          'aria-pressed': 'false',
          testid: `${name}-${c}`,
          title: `${verb} ${countryLabel(c)}`,
          onclick: () => onChange(c, true),
        },
        `+${c}`,
      ),
    ),
    rest.length ? more : null,
  );
}

/** limitedByText names what sets a route's bottleneck: a facility's
 * capacity (its id) or a flow ("FROM→TO"). */
function limitedByText(r) {
  const by = String(r.limitedBy || '');
  if (!by) return '';
  const name = (id) =>
    app.nodesById.get(id)?.name ||
    (r.hops || []).flatMap((hp) => [hp.from, hp.to]).find((f) => f.id === id)?.name ||
    id;
  const arrow = by.indexOf('→');
  if (arrow > 0)
    return `the flow ${shortName(name(by.slice(0, arrow)), 28)} → ${shortName(name(by.slice(arrow + 1)), 28)}`;
  return `the capacity of ${shortName(name(by), 32)}`;
}

/** routeList lists routes with their bottlenecks and hops; clicking one
 * draws it alone. */
/** CAVEAT_MARK is how each caveat kind is marked in a route's list. */
const CAVEAT_MARK = {
  'restricting-country': '⚠ passes a restricting country',
  'not-operating': '⚠ not operating',
  inferred: '⚠ inferred link',
  'low-confidence': '~ rough tonnes',
};

/** caveatList lists what is known against a route (the API's caveats),
 * or nothing when nothing is. */
export function caveatList(r) {
  const list = r.caveats || [];
  if (!list.length) return null;
  // The API lists the gravest first; the rough tonnes share one line.
  const rough = list.filter((c) => c.kind === 'low-confidence');
  return h(
    'ul',
    { class: 'caveats', testid: 'route-caveats', 'data-count': String(list.length) },
    list
      .filter((c) => c.kind !== 'low-confidence')
      .map((c) =>
        h(
          'li',
          { class: `caveat ${c.kind}`, 'data-kind': c.kind, title: c.note },
          h('strong', {}, CAVEAT_MARK[c.kind] || c.kind),
          `: ${c.note}`,
        ),
      ),
    rough.length
      ? h(
          'li',
          { class: 'caveat low-confidence', 'data-kind': 'low-confidence', title: rough.map((c) => c.note).join('; ') },
          h('strong', {}, CAVEAT_MARK['low-confidence']),
          `: ${rough.length === 1 ? 'the flow' : `${rough.length} flows`} ${rough.map((c) => c.at).join(', ')}`,
        )
      : null,
  );
}

export function routeList(list, testid, res) {
  const unit = res && res.unit;
  return h(
    'ol',
    { class: 'routes', testid },
    list.map((r, i) =>
      h(
        'li',
        {
          testid: `route-${i}`,
          'data-nodes': routeElements(r).nodes.join(' '),
          'data-limited-by': r.limitedBy || null,
        },
        h(
          'button',
          {
            type: 'button',
            class: 'linkish',
            onclick: () => {
              showRoutes([r], list, res);
              app.chain.focusOn(routeElements(r).nodes);
            },
          },
          `Route ${i + 1}`,
        ),
        `: bottleneck `,
        h('strong', { testid: 'route-bottleneck' }, formatTonnes(r.bottleneckTonnes, unit)),
        rangeSpan(
          rangeText(r.bottleneckTonnesRange),
          'route-bottleneck-range',
          tonnesRangeWords(r.bottleneckTonnesRange, unit, res && res.ranges),
        ),
        ` · ${r.countries.join(' → ')}`,
        r.limitedBy
          ? h(
              'div',
              { class: 'limited muted', testid: 'route-limited-by' },
              `limited by ${limitedByText(r)}`,
              r.flowBottleneckTonnes > r.bottleneckTonnes + 1e-9
                ? ` (its flows alone: ${formatTonnes(r.flowBottleneckTonnes, unit)})`
                : '',
            )
          : null,
        h('div', { class: 'route-path' }, routeLabel(r)),
        caveatList(r),
        h(
          'details',
          { class: 'hops' },
          h('summary', {}, `${r.hops.length} hops: material → ${unitElement(unit)}, basis`),
          h(
            'table',
            { class: 'hops' },
            h(
              'tbody',
              {},
              r.hops.map((hp) =>
                h(
                  'tr',
                  { testid: 'hop' },
                  h('td', {}, `${shortName(hp.from.name, 22)} → ${shortName(hp.to.name, 22)}`),
                  h(
                    'td',
                    {
                      class: 'num',
                      title: hp.content > 0 ? `content ${formatContent(hp.content)} ${unitElement(unit)}` : '',
                    },
                    formatFlow(hp, unit),
                  ),
                  h('td', {}, hp.basis),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** showRoutes draws the shown routes on the graph (of all, for the key). */
export function showRoutes(shown, all, res) {
  const nodes = [];
  const edges = {};
  const doubt = [];
  for (const r of shown) {
    const el = routeElements(r);
    for (const n of el.nodes) if (!nodes.includes(n)) nodes.push(n);
    for (const e of el.edges) edges[e.id] = e.tonnes;
    for (const id of routeDoubts(r)) if (!doubt.includes(id)) doubt.push(id);
  }
  setAnalysisOverlay({
    ...app.marks.analysis,
    route: { nodes, edges, doubt, count: all.length, unit: res && res.unit },
    fade: true,
  });
  if (app.state.view === 'chain' && nodes.length)
    app.chain.focusOn([
      ...nodes,
      ...(app.marks.analysis.affected || []),
      ...Object.keys(app.marks.analysis.cutoff || {}),
    ]);
}

/** routes shows the routes panel; stale says when a newer panel began.
 * @param {() => boolean} stale */
export async function routes(stale) {
  if (!app.state.dest) return needDest('alternative routes');
  const k = 5;
  const suggested = await routeSuggestions();
  if (stale()) return;
  const form = h(
    'div',
    { class: 'routeform' },
    countryPicker(
      'avoid',
      app.state.avoid,
      suggested.filter((c) => !app.state.via.includes(c)),
      (c, on) => update({ avoid: toggle(app.state.avoid, c, on) }),
    ),
    countryPicker(
      'via',
      app.state.via,
      suggested.filter((c) => !app.state.avoid.includes(c)),
      (c, on) => update({ via: toggle(app.state.via, c, on) }),
    ),
  );
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'routes' },
      h('h2', {}, `${elementLabel(app.state.element)} routes to ${countryLabel(app.state.dest)}`),
      form,
      h('p', { class: 'loading-inline' }, 'Finding routes…'),
    ),
  );
  const [r, registry] = await Promise.all([api.routes({ ...analysisParams(), via: app.state.via, k }), sources()]);
  if (stale()) return;
  const rg = !!r.ranges;
  app.table = {
    name: `routes-${app.state.dest}-${r.element}`,
    columns: [
      'element',
      'route',
      ...tonnesColumns('bottleneckTonnes', r.unit, rg),
      'limitedBy',
      'hop',
      'from',
      'fromCountry',
      'to',
      'toCountry',
      'material',
      'materialTonnes (t of material/yr)',
      'content (t per t)',
      csvColumn('tonnes', r.unit),
      'basis',
    ],
    rows: r.routes.flatMap((rt, i) =>
      rt.hops.map((hp, j) => [
        r.element,
        i + 1,
        ...rangeCells(rt.bottleneckTonnes, rt.bottleneckTonnesRange, rg),
        rt.limitedBy,
        j + 1,
        hp.from.id,
        hp.from.country,
        hp.to.id,
        hp.to.country,
        hp.material,
        hp.materialTonnes,
        hp.content,
        hp.tonnes,
        hp.basis,
      ]),
    ),
  };
  setAnalysisOverlay({});
  showRoutes(r.routes, r.routes, r);
  app.routes = r;
  const el = unitElement(r.unit);
  const upTo = r.survivingExact === false ? 'at most ' : '';
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'routes', 'data-element': r.element },
      h('h2', {}, `${el} routes to ${countryLabel(app.state.dest)}`),
      contextChips({ via: true }),
      elementNote(r),
      form,
      h(
        'p',
        { testid: 'routes-summary' },
        r.routes.length
          ? [
              `${r.routes.length} routes${app.state.avoid.length ? ` avoiding ${app.state.avoid.join(', ')}` : ''}` +
                `${app.state.via.length ? ` via ${app.state.via.join(' or ')}` : ''}. ` +
                `Together (joint) they can carry ${upTo}`,
              h('strong', { testid: 'routes-surviving' }, tonnes(r.survivingMaxFlowTonnes, r)),
              rangeSpan(
                withInterval(rangeText(r.survivingMaxFlowTonnesRange), r.ranges),
                'routes-surviving-range',
                tonnesRangeWords(r.survivingMaxFlowTonnesRange, r.unit, r.ranges),
              ),
              magnet(r.survivingMagnetEquivalent),
              ` of the ${tonnes(r.maxFlowTonnes, r)}`,
              rangeSpan(
                rangeText(r.maxFlowTonnesRange),
                'routes-maxflow-range',
                tonnesRangeWords(r.maxFlowTonnesRange, r.unit, r.ranges),
              ),
              ` unrestricted supply ` +
                `(${upTo}${formatShare(r.maxFlowTonnes ? r.survivingMaxFlowTonnes / r.maxFlowTonnes : 0)}).`,
              r.survivingExact === false
                ? h(
                    'small',
                    { class: 'muted', testid: 'routes-upper-bound' },
                    ' "At most": through via countries the total is an upper bound, not an exact figure.',
                  )
                : null,
              ' Route bottlenecks share capacity and do not add up.',
              h(
                'span',
                { class: 'firm', testid: 'routes-firm-line' },
                ' Firm (no inferred link, every plant operating, no restricting country): ',
                h('strong', { testid: 'routes-firm' }, tonnes(r.survivingFirmTonnes, r)),
                rangeSpan(
                  rangeText(r.survivingFirmTonnesRange),
                  'routes-firm-range',
                  tonnesRangeWords(r.survivingFirmTonnesRange, r.unit, r.ranges),
                ),
                r.survivingFirmTonnes < r.survivingMaxFlowTonnes - 1e-9
                  ? '; the rest rests on the links marked ⚠ below.'
                  : '.',
              ),
            ]
          : `No route carries ${el} under these constraints.`,
      ),
      rangesNote(r, { bars: false }),
      routeList(r.routes, 'routes-list', r),
      researchNext(r, {
        figure: FIGURE_WORDS.survivingMaxFlowTonnes,
        registry,
        // GET /sensitivity ranks inputs for the maximum flow under the
        // filter, which is the surviving supply only without via.
        more: app.state.via.length ? null : (limit) => api.sensitivity({ ...analysisParams(), limit }),
        note: app.state.via.length
          ? 'Through via countries the API lists only these; the longer list is for routes without via.'
          : '',
      }),
      assumptions(r),
    ),
  );
}
