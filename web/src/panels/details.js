// @ts-check
// The details panel: a facility with every property and its sources, a
// flow, a collapsed group, or how to start.

import { api } from '../api.js';
import { sources } from '../sources.js';
import { h, fill, sourceLink } from '../dom.js';
import { app, update } from '../store.js';
import { flowId, isEstimated } from '../lib/graph.js';
import { toggle } from '../lib/state.js';
import { compareTiers, countryColour } from '../lib/tiers.js';
import { formatFlow, formatNumber, unitElement } from '../lib/units.js';
import { countryLabel } from '../names.js';
import { inForce, inForceNote } from '../lib/inforce.js';
import { unitNow, indexGraph, draw, applyOverlay } from '../network.js';

function propTable(obj) {
  return h(
    'table',
    { class: 'props', testid: 'props' },
    h(
      'tbody',
      {},
      Object.entries(obj)
        .filter(([k]) => k !== 'sources')
        .map(([k, v]) =>
          h(
            'tr',
            { 'data-prop': k },
            h('th', { scope: 'row' }, k),
            h(
              'td',
              {},
              v === null || v === undefined || v === ''
                ? '—'
                : Array.isArray(v)
                  ? v.join(', ')
                  : typeof v === 'number'
                    ? v.toLocaleString()
                    : String(v),
            ),
          ),
        ),
    ),
  );
}

/** sourcesList lists a record's sources, each named from the registry.
 * @param {string[] | undefined} sources
 * @param {Map<string, import('../sources.js').Source>} registry */
/** asOfNote says why a facility or a flow of the drawn graph is not in
 * force (or ramping up) on the as-of date; nothing when it is. */
function asOfNote(x) {
  const note = x ? inForceNote(x, app.state.asOf, app.inForce || inForce(app.graph, app.state.asOf)) : '';
  return note ? h('p', { class: 'asof-note', testid: 'details-asof' }, `As of: ${note}.`) : null;
}

function sourcesList(sources, registry) {
  return h(
    'div',
    { class: 'sources' },
    h('h3', {}, `Sources (${(sources || []).length})`),
    sources && sources.length
      ? h(
          'ol',
          {},
          sources.map((s) => h('li', {}, sourceLink(s, registry.get(s)))),
        )
      : h('p', { class: 'muted' }, 'No source recorded.'),
  );
}

/** details shows the details of the selected facility, flow or group, or
 * how to start; stale says when a newer panel began.
 * @param {() => boolean} stale */
export async function details(stale) {
  const id = app.state.selected;
  if (!id) {
    fill(
      app.el.panel,
      h(
        'div',
        { class: 'empty', testid: 'details-empty' },
        h('h2', {}, 'Start here'),
        h(
          'ol',
          {},
          h('li', {}, 'Search a facility, company or country above (press /), or click a node or a flow.'),
          h(
            'li',
            {},
            'Pick a destination, e.g. ',
            h(
              'button',
              { type: 'button', class: 'linkish', onclick: () => update({ dest: 'JP', panel: 'exposure' }) },
              'Japan',
            ),
            ', to see its exposure and chokepoints.',
          ),
          h(
            'li',
            {},
            'Pick what to count next to it (Element): every figure is tonnes of that element as metal a year — ' +
              'Nd+Pr by default, ',
            h('button', { type: 'button', class: 'linkish', onclick: () => update({ element: 'DyTb' }) }, 'Dy+Tb'),
            ' for the heavy rare earths, or any single rare earth.',
          ),
          h('li', {}, 'Open Routes to avoid a country (CN) and go via others (AU, MY).'),
          h(
            'li',
            {},
            'Open Scenario to switch on an export control, e.g. ',
            h(
              'button',
              {
                type: 'button',
                class: 'linkish',
                onclick: () =>
                  update({ dest: 'JP', controls: ['CN-2026-001-JP', 'CN-2026-01-JP-DEFACTO'], panel: 'scenario' }),
              },
              'China → Japan, 6 Jan 2026',
            ),
            '.',
          ),
        ),
      ),
    );
    return;
  }
  const registry = await sources();
  if (stale()) return;
  if (id.startsWith('company:') || id.startsWith('country:')) {
    const [kind, value] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
    const members = app.graph.nodes.filter((n) => (kind === 'company' ? n.company === value : n.country === value));
    fill(
      app.el.panel,
      h(
        'div',
        { testid: 'details' },
        h('h2', {}, kind === 'company' ? value : countryLabel(value)),
        h('p', { class: 'muted' }, `${kind} · ${members.length} facilities`),
        h(
          'div',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              onclick: () => update({ collapse: toggle(app.state.collapse, id, !app.state.collapse.includes(id)) }),
            },
            app.state.collapse.includes(id) ? 'Expand the group' : 'Collapse into one node',
          ),
          kind === 'country'
            ? h(
                'button',
                { type: 'button', onclick: () => update({ dest: value, panel: 'exposure' }) },
                'Use as destination',
              )
            : h(
                'button',
                { type: 'button', onclick: () => update({ dest: `company:${value}`, panel: 'exposure' }) },
                'Use as destination',
              ),
        ),
        h(
          'ul',
          { class: 'members' },
          members
            .sort((a, b) => compareTiers(a.tier, b.tier))
            .map((m) =>
              h(
                'li',
                {},
                h('button', { type: 'button', class: 'linkish', onclick: () => update({ selected: m.id }) }, m.name),
                ` ${m.tier} · ${m.country}`,
              ),
            ),
        ),
      ),
    );
    return;
  }
  if (id.includes('>')) {
    const e = app.graph.edges.find((x) => flowId(x) === id);
    const agg = app.chain.cy.getElementById(id);
    if (!e && agg.nonempty() && agg.data('aggregated')) {
      fill(
        app.el.panel,
        h(
          'div',
          { testid: 'details' },
          h('h2', {}, `${agg.data('source')} → ${agg.data('target')}`),
          propTable({
            materials: agg.data('material'),
            [`tonnes (${unitNow()})`]: agg.data('tonnes'),
            flows: agg.data('flows').length,
          }),
          h(
            'ul',
            {},
            agg
              .data('flows')
              .map((f) =>
                h(
                  'li',
                  {},
                  h('button', { type: 'button', class: 'linkish', onclick: () => update({ selected: f }) }, f),
                ),
              ),
          ),
        ),
      );
      return;
    }
    if (!e) {
      fill(app.el.panel, h('p', { class: 'empty' }, `Flow ${id} is not in the current graph.`));
      return;
    }
    const from = app.nodesById.get(e.from);
    const to = app.nodesById.get(e.to);
    fill(
      app.el.panel,
      h(
        'div',
        { testid: 'details' },
        h('h2', {}, `${from?.name || e.from} → ${to?.name || e.to}`),
        h('p', { class: 'muted' }, `flow · ${e.basis}${isEstimated(e.basis) ? ' (drawn dashed)' : ''}`),
        asOfNote(e),
        h('p', { testid: 'flow-amounts' }, h('strong', {}, formatFlow(e, unitNow()))),
        propTable({
          from: e.from,
          to: e.to,
          material: e.material,
          'material tonnes (t of material/yr)': e.materialTonnes,
          'range sampled (t of material/yr)':
            e.materialTonnesLow === undefined || e.materialTonnesLow === null
              ? null
              : `${formatNumber(e.materialTonnesLow)}–${formatNumber(e.materialTonnesHigh)} ` +
                (e.ownBounds ? '(its own bounds)' : `(default band for ${e.basis}/${e.confidence || 'low'})`),
          [`content (t ${unitElement(unitNow())} per t)`]: e.content,
          [`tonnes (${unitNow()})`]: e.tonnes,
          basis: e.basis,
        }),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => update({ selected: e.from }) }, 'Supplier'),
          h('button', { type: 'button', onclick: () => update({ selected: e.to }) }, 'Customer'),
        ),
        sourcesList(e.sources, registry),
      ),
    );
    return;
  }
  const n = app.nodesById.get(id);
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'details' },
      h('h2', {}, n ? n.name : id),
      h('p', { class: 'loading-inline' }, 'Loading its properties…'),
    ),
  );
  const f = await api.facility(id);
  if (stale()) return;
  const inflows = app.graph.edges.filter((e) => e.to === id);
  const outflows = app.graph.edges.filter((e) => e.from === id);
  const flowItem = (e, other) =>
    h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'linkish', onclick: () => update({ selected: flowId(e) }) },
        `${app.nodesById.get(other)?.name || other}`,
      ),
      ` · ${formatFlow(e, unitNow())}${isEstimated(e.basis) ? ` (${e.basis})` : ''}`,
    );
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'details', 'data-id': f.id },
      h('h2', {}, f.name),
      h(
        'p',
        { class: 'muted' },
        h('span', { class: 'swatch', style: { background: countryColour(f.country) } }),
        ` ${f.tier} · ${countryLabel(f.country)}${f.company ? ` · ${f.company}` : ''}` +
          `${f.aggregate ? ' · aggregate' : ''}${f.locationApproximate ? ' · approximate location' : ''}`,
      ),
      asOfNote(n),
      f.locationNote
        ? h(
            'p',
            { class: 'muted', testid: 'location' },
            `${f.locationApproximate ? 'Approximate location' : 'Site'}: ${f.locationNote}`,
          )
        : null,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', testid: 'expand', onclick: () => expand(id) }, 'Expand neighbours'),
        h('button', { type: 'button', onclick: () => update({ focus: id, depth: 2 }) }, 'Only its neighbourhood'),
        h('button', { type: 'button', onclick: () => update({ dest: id, panel: 'exposure' }) }, 'Use as destination'),
        h(
          'button',
          { type: 'button', onclick: () => update({ avoid: toggle(app.state.avoid, id, true), panel: 'routes' }) },
          'Avoid in routes',
        ),
      ),
      propTable(Object.fromEntries(Object.entries(f))),
      sourcesList(f.sources, registry),
      h('h3', {}, `Supplied by (${inflows.length})`),
      h(
        'ul',
        { class: 'flows' },
        inflows.map((e) => flowItem(e, e.from)),
      ),
      h('h3', {}, `Supplies (${outflows.length})`),
      h(
        'ul',
        { class: 'flows' },
        outflows.map((e) => flowItem(e, e.to)),
      ),
    ),
  );
  app.table = { name: `facility-${f.id}`, columns: Object.keys(f), rows: [Object.values(f)] };
}

/** expand adds a facility's neighbours to the graph and highlights them. */
async function expand(id) {
  const sub = await api.graph({ focus: id, depth: 1, limit: 5000, element: app.state.element });
  const have = new Set(app.graph.nodes.map((n) => n.id));
  const haveE = new Set(app.graph.edges.map(flowId));
  const added = sub.nodes.filter((n) => !have.has(n.id));
  app.graph = {
    ...app.graph,
    nodes: [...app.graph.nodes, ...added],
    edges: [...app.graph.edges, ...sub.edges.filter((e) => !haveE.has(flowId(e)))],
  };
  // Both answers count the same element (the expand asks for it).
  indexGraph();
  if (added.length) await draw();
  app.marks.search = { match: sub.nodes.map((n) => n.id) };
  applyOverlay();
  app.chain.focusOn(app.marks.search.match);
  app.el.status.textContent =
    `${added.length} neighbours added; ` + `${sub.nodes.length - 1} neighbours of ${id} highlighted`;
}
