// @ts-check
// The filters on the left (material, tier, status, country, collapsed
// groups) and the legend under them.

import { h, fill } from './dom.js';
import { app, update } from './store.js';
import { toggle } from './lib/state.js';
import { compareTiers, countryColour } from './lib/tiers.js';
import { unitElement } from './lib/units.js';
import { unitNow } from './network.js';
import { syncDest } from './destination.js';

function checkboxGroup(name, values, selected, label, onChange) {
  return h(
    'fieldset',
    { class: 'chips', testid: `filter-${name}` },
    h('legend', {}, label),
    values.map((v) =>
      h(
        'label',
        { class: 'chip' },
        h('input', {
          type: 'checkbox',
          checked: selected.includes(v.value),
          onchange: (ev) => onChange(v.value, ev.target.checked),
        }),
        v.swatch ? h('span', { class: 'swatch', style: { background: v.swatch } }) : null,
        v.label,
      ),
    ),
  );
}

/** renderFilters fills the filters and the legend for the drawn graph. */
export function renderFilters() {
  const materials = [...new Set(app.graph.edges.map((e) => e.material))].sort();
  const tiers = [...new Set(app.graph.nodes.map((n) => n.tier))].sort(compareTiers);
  const statuses = [...new Set(app.graph.nodes.map((n) => n.status).filter(Boolean))].sort();
  const inGraph = new Map();
  for (const n of app.graph.nodes) inGraph.set(n.country, (inGraph.get(n.country) || 0) + 1);
  const countryList = [...inGraph.keys()].sort((a, b) => inGraph.get(b) - inGraph.get(a) || a.localeCompare(b));
  const companies = [...new Set(app.graph.nodes.map((n) => n.company).filter(Boolean))].sort();
  const companyPick = h(
    'select',
    { 'aria-label': 'Company to collapse', testid: 'collapse-company' },
    h('option', { value: '' }, 'Collapse a company…'),
    companies.map((c) => h('option', { value: c }, c)),
  );
  companyPick.addEventListener('change', () => {
    if (companyPick.value) update({ collapse: toggle(app.state.collapse, `company:${companyPick.value}`, true) });
  });
  fill(
    app.el.filters,
    h('h2', {}, 'Filters'),
    app.state.focus
      ? h(
          'p',
          { class: 'focusnote' },
          `Neighbourhood of ${app.nodesById.get(app.state.focus)?.name || app.state.focus}, depth ${app.state.depth} `,
          h('button', { type: 'button', onclick: () => update({ depth: Math.min(6, app.state.depth + 1) }) }, 'Deeper'),
          h('button', { type: 'button', onclick: () => update({ focus: '' }), testid: 'unfocus' }, 'Whole network'),
        )
      : null,
    h(
      'label',
      { class: 'row' },
      'Material ',
      h(
        'select',
        { testid: 'filter-material', onchange: (ev) => update({ material: ev.target.value }) },
        h('option', { value: '' }, 'all materials'),
        materials.map((m) => h('option', { value: m, selected: m === app.state.material }, m)),
      ),
    ),
    checkboxGroup(
      'tier',
      tiers.map((t) => ({ value: t, label: t })),
      app.state.tiers,
      'Tier',
      (v, on) => update({ tiers: toggle(app.state.tiers, v, on) }),
    ),
    checkboxGroup(
      'status',
      statuses.map((s) => ({ value: s, label: s })),
      app.state.status,
      'Status',
      (v, on) => update({ status: toggle(app.state.status, v, on) }),
    ),
    h(
      'fieldset',
      { class: 'countries', testid: 'filter-country' },
      h('legend', {}, 'Country (colour · filter · collapse)'),
      h(
        'ul',
        {},
        countryList.map((c) =>
          h(
            'li',
            {},
            h(
              'label',
              {},
              h('input', {
                type: 'checkbox',
                checked: app.state.countries.includes(c),
                onchange: (ev) => update({ countries: toggle(app.state.countries, c, ev.target.checked) }),
              }),
              h('span', { class: 'swatch', style: { background: countryColour(c) } }),
              `${c} `,
              h('span', { class: 'muted' }, `${app.countryName.get(c) || ''} (${inGraph.get(c)})`),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'mini',
                'aria-pressed': String(app.state.collapse.includes(`country:${c}`)),
                title: `Collapse ${c} into one node`,
                testid: `collapse-${c}`,
                onclick: () =>
                  update({
                    collapse: toggle(app.state.collapse, `country:${c}`, !app.state.collapse.includes(`country:${c}`)),
                  }),
              },
              '⊟',
            ),
          ),
        ),
      ),
    ),
    h('div', { class: 'row' }, companyPick),
    app.state.collapse.length
      ? h(
          'div',
          { class: 'collapsed-list' },
          'Collapsed: ',
          app.state.collapse.map((g) =>
            h(
              'button',
              {
                type: 'button',
                class: 'mini',
                onclick: () => update({ collapse: toggle(app.state.collapse, g, false) }),
                title: 'Expand again',
              },
              `${g} ✕`,
            ),
          ),
        )
      : null,
  );
  fill(
    app.el.legend,
    h('h2', {}, 'Legend'),
    h(
      'ul',
      {},
      h(
        'li',
        {},
        h(
          'span',
          { class: 'lg size' },
          h('i', { style: { width: '6px', height: '6px' } }),
          h('i', { style: { width: '13px', height: '13px' } }),
        ),
        `facility; size grows with ${unitNow()} in + out; colour = country`,
      ),
      h(
        'li',
        { testid: 'legend-width' },
        h('span', { class: 'lg line' }),
        `flow; width grows with the ${unitElement(unitNow())} it carries (${unitNow()}, as metal), ` +
          'not with tonnes of material',
      ),
      h('li', {}, h('span', { class: 'lg line faint' }), `thin, faint: carries no ${unitElement(unitNow())}`),
      h('li', {}, h('span', { class: 'lg line dashed' }), 'dashed: tonnes estimated or inferred'),
      h('li', {}, h('span', { class: 'lg hex' }, '⬢'), 'aggregate of several sites'),
      h('li', {}, h('span', { class: 'lg hollow' }), 'hollow: not producing yet (planned / construction)'),
      h('li', {}, h('span', { class: 'lg ring' }), 'map: approximate location'),
      h('li', {}, h('span', { class: 'lg dest' }), "destination's receiving facilities"),
      h('li', {}, h('span', { class: 'lg route' }), `route (${unitNow()} per hop)`),
      h('li', {}, h('span', { class: 'lg cut' }), 'cut off in the scenario'),
      h('li', {}, h('span', { class: 'lg part' }), 'partly cut in the scenario'),
      h('li', {}, h('span', { class: 'lg choke' }), 'chokepoint (lost share)'),
    ),
  );
  syncDest();
}
