// @ts-check
// The chokepoints panel: the countries and facilities without which a
// destination loses most of the element, and the minimum cut.

import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { sources } from '../sources.js';
import { app, update } from '../store.js';
import { formatShare } from '../lib/text.js';
import { countryColour } from '../lib/tiers.js';
import { elementLabel, formatFlow, unitElement } from '../lib/units.js';
import {
  rangeCells,
  rangeText,
  rankStabilityText,
  shareColumns,
  shareRangeText,
  shareRangeWords,
  tonnesColumns,
  tonnesRangeWords,
  withInterval,
} from '../lib/ranges.js';
import { FIGURE_WORDS } from '../lib/sensitivity.js';
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
  rangesNote,
  rangeSpan,
  tonnes,
} from './parts.js';
import { researchNext } from './research.js';

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

/** shareWhisker is a lost share's whisker on a 0..1 bar, or null when
 * the answer gives the share no range. */
export function shareWhisker(c, cp) {
  return c.lostShareRange
    ? { range: c.lostShareRange, max: 1, point: c.lostShare, words: shareRangeWords(c.lostShareRange, cp.ranges) }
    : null;
}

/** rankLine says how steady a chokepoint's rank is across the samples,
 * small under its figures; nothing without ranges, nor when it is ranked
 * alone (of is how many the list ranks): first of one says nothing. */
export function rankLine(c, of = 2) {
  const text = of > 1 ? rankStabilityText(c.rankStability) : '';
  return text ? h('small', { class: 'rank', testid: 'rank-stability' }, text) : null;
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
        bar(c.lostShare, '#b4236b', `−${formatShare(c.lostShare)} without it`, shareWhisker(c, cp)),
        h(
          'span',
          {
            class: 'chart-value',
            title: c.lostTonnesRange
              ? `lost without it: ${tonnesRangeWords(c.lostTonnesRange, cp.unit, cp.ranges)}`
              : null,
          },
          ` −${formatShare(c.lostShare)}`,
          shareRangeText(c.lostShareRange)
            ? h('small', { class: 'range' }, ` (${shareRangeText(c.lostShareRange)})`)
            : null,
          ` · −${tonnes(c.lostTonnes, cp)}`,
        ),
        rankLine(c, (cp.facilities || []).length),
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
  const [cp, registry] = await Promise.all([api.chokepoints({ ...analysisParams(), limit: 30 }), sources()]);
  if (stale()) return;
  app.chokepoints = cp;
  setAnalysisOverlay({ choke: chokeMap(cp) });
  // With ranges, each figure's low and high follow it, then the rank
  // stability (samples=0: none).
  const rg = !!cp.ranges;
  const stability = (c) => (rg ? [c.rankStability?.first ?? null, c.rankStability?.top3 ?? null] : []);
  app.table = {
    name: `chokepoints-${app.state.dest}-${cp.element}`,
    columns: [
      'element',
      'kind',
      'id',
      'name',
      'country',
      'tier',
      ...tonnesColumns('lostTonnes', cp.unit, rg),
      ...shareColumns('lostShare', rg),
      ...(rg ? ['rankFirstShare', 'rankTop3Share'] : []),
      'why',
    ],
    rows: [
      ...cp.facilities.map((c) => [
        cp.element,
        'facility',
        c.facility.id,
        c.facility.name,
        c.facility.country,
        c.facility.tier,
        ...rangeCells(c.lostTonnes, c.lostTonnesRange, rg),
        ...rangeCells(c.lostShare, c.lostShareRange, rg),
        ...stability(c),
        c.why.join(' '),
      ]),
      ...cp.countries.map((c) => [
        cp.element,
        'country',
        c.country,
        app.countryName.get(c.country) || '',
        c.country,
        '',
        ...rangeCells(c.lostTonnes, c.lostTonnesRange, rg),
        ...rangeCells(c.lostShare, c.lostShareRange, rg),
        ...stability(c),
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
        rangeSpan(
          withInterval(rangeText(cp.maxFlowTonnesRange), cp.ranges),
          'chokepoints-maxflow-range',
          tonnesRangeWords(cp.maxFlowTonnesRange, cp.unit, cp.ranges),
        ),
        magnet(cp.magnetEquivalent),
        ` from ${cp.sources} mines and recyclers. ` +
          `Each figure below is what would be lost without it (share and ${cp.unit}); highlighted on the graph.`,
      ),
      rangesNote(cp),
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
              bar(c.lostShare, countryColour(c.country), countryLabel(c.country), shareWhisker(c, cp)),
              figure(
                `−${formatShare(c.lostShare)}`,
                c.lostTonnes,
                cp,
                shareRangeText(c.lostShareRange),
                c.lostTonnesRange ? tonnesRangeWords(c.lostTonnesRange, cp.unit, cp.ranges) : '',
              ),
              rankLine(c, cp.countries.length),
            ),
          ),
      ),
      h('h3', {}, 'Facilities'),
      chokeList(cp, 30),
      researchNext(cp, {
        figure: FIGURE_WORDS.maxFlowTonnes,
        registry,
        more: (limit) => api.sensitivity({ ...analysisParams(), limit }),
      }),
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
