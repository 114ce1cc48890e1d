// @ts-check
// The chokepoints panel: the countries and facilities without which a
// destination loses most of the element, and the minimum cut.

import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { app, update } from '../store.js';
import { formatShare } from '../lib/text.js';
import { countryColour } from '../lib/tiers.js';
import { csvColumn, elementLabel, formatFlow, unitElement } from '../lib/units.js';
import { countryLabel } from '../names.js';
import { setAnalysisOverlay } from '../network.js';
import {
  analysisParams,
  assumptions,
  bar,
  contextChips,
  elementNote,
  figure,
  loadingPanel,
  magnet,
  needDest,
  tonnes,
} from './parts.js';

/** chokeMap is the chokepoint marks of an answer: facility id to lost share. */
export function chokeMap(cp) {
  const out = {};
  for (const c of cp.facilities || [])
    if (c.facility) out[c.facility.id] = { share: c.lostShare, structural: (c.why || []).includes('dominator') };
  return out;
}

/** WHY says in words why the API lists a chokepoint: every facility
 * listed is ranked by what is lost without it ("ranking"), which needs no
 * word; some also lie on every path or in the minimum cut. */
const WHY = { dominator: 'every path crosses it', 'min-cut': 'in the minimum cut' };

/** whyText is a chokepoint's reasons beyond its loss, in words. */
export function whyText(why) {
  return (why || [])
    .map((w) => WHY[w])
    .filter(Boolean)
    .join('; ');
}

/** chokeList lists an answer's first n chokepoint facilities. */
export function chokeList(cp, n) {
  const items = (cp.facilities || []).slice(0, n);
  if (!items.length) return h('p', { class: 'muted' }, 'No chokepoint: no single facility carries supply alone.');
  return h(
    'ol',
    { class: 'chokes', testid: 'chokepoint-list' },
    items.map((c) =>
      h(
        'li',
        { 'data-id': c.facility.id },
        h(
          'button',
          {
            type: 'button',
            class: 'linkish',
            onclick: () => {
              update({ selected: c.facility.id, panel: 'details' });
              app.chain.focusOn([c.facility.id]);
            },
          },
          c.facility.name,
        ),
        ` (${c.facility.country}, ${c.facility.tier}) `,
        bar(c.lostShare, '#b4236b', formatShare(c.lostShare)),
        h('span', { class: 'chart-value' }, ` −${formatShare(c.lostShare)} · −${tonnes(c.lostTonnes, cp)}`),
        whyText(c.why) ? h('small', { class: 'muted', testid: 'choke-why' }, ` ${whyText(c.why)}`) : null,
      ),
    ),
  );
}

/** chokepoints shows the chokepoints panel; stale says when a newer panel began.
 * @param {() => boolean} stale */
export async function chokepoints(stale) {
  if (!app.state.dest) return needDest('its chokepoints');
  loadingPanel(`Finding the ${elementLabel(app.state.element)} chokepoints of ${app.state.dest}…`);
  const cp = await api.chokepoints({ ...analysisParams(), limit: 30 });
  if (stale()) return;
  app.chokepoints = cp;
  setAnalysisOverlay({ choke: chokeMap(cp) });
  app.table = {
    name: `chokepoints-${app.state.dest}-${cp.element}`,
    columns: ['element', 'kind', 'id', 'name', 'country', 'tier', csvColumn('lostTonnes', cp.unit), 'lostShare', 'why'],
    rows: [
      ...cp.facilities.map((c) => [
        cp.element,
        'facility',
        c.facility.id,
        c.facility.name,
        c.facility.country,
        c.facility.tier,
        c.lostTonnes,
        c.lostShare,
        c.why.join(' '),
      ]),
      ...cp.countries.map((c) => [
        cp.element,
        'country',
        c.country,
        app.countryName.get(c.country) || '',
        c.country,
        '',
        c.lostTonnes,
        c.lostShare,
        c.why.join(' '),
      ]),
    ],
  };
  const el = unitElement(cp.unit);
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'chokepoints', 'data-element': cp.element },
      h('h2', {}, `${el} chokepoints of ${countryLabel(app.state.dest)}`),
      contextChips(),
      elementNote(cp),
      h(
        'p',
        {},
        `Maximum ${el} supply (joint) `,
        h('strong', { testid: 'chokepoints-maxflow' }, tonnes(cp.maxFlowTonnes, cp)),
        magnet(cp.magnetEquivalent),
        ` from ${cp.sources} mines and recyclers. ` +
          `Each figure below is what would be lost without it (share and ${cp.unit}); highlighted on the graph.`,
      ),
      h('h3', {}, 'Countries'),
      h(
        'div',
        { class: 'chart', testid: 'chokepoint-countries' },
        cp.countries
          .slice(0, 8)
          .map((c) =>
            h(
              'div',
              { class: 'chart-row', 'data-country': c.country },
              h('span', { class: 'chart-label' }, c.country),
              bar(c.lostShare, countryColour(c.country), countryLabel(c.country)),
              figure(`−${formatShare(c.lostShare)}`, c.lostTonnes, cp),
            ),
          ),
      ),
      h('h3', {}, 'Facilities'),
      chokeList(cp, 30),
      cp.minCut && cp.minCut.flows && cp.minCut.flows.length
        ? h(
            'details',
            { class: 'mincut' },
            h('summary', {}, `Minimum cut: ${cp.minCut.flows.length} flows, ${tonnes(cp.minCut.capacityTonnes, cp)}`),
            h(
              'ul',
              { class: 'flows' },
              cp.minCut.flows.map((f) =>
                h(
                  'li',
                  {},
                  `${app.nodesById.get(f.from)?.name || f.from} → ${app.nodesById.get(f.to)?.name || f.to}: ` +
                    formatFlow(f, cp.unit),
                ),
              ),
            ),
          )
        : null,
      assumptions(cp),
    ),
  );
}
