// @ts-check
// The exposure panel: where a destination's supply of the element comes
// from, by country and by tier, with its top chokepoints.

import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { sources } from '../sources.js';
import { app, update } from '../store.js';
import { dependenceRows, dependsOnSentence } from '../lib/exposure.js';
import { formatShare } from '../lib/text.js';
import { compareTiers, countryColour } from '../lib/tiers.js';
import { elementLabel, unitElement } from '../lib/units.js';
import {
  rangeCells,
  rangeText,
  shareColumns,
  shareRangeText,
  shareRangeWords,
  tonnesColumns,
  tonnesRangeWords,
  withInterval,
} from '../lib/ranges.js';
import { FIGURE_WORDS } from '../lib/sensitivity.js';
import { countryLabel, placeName, possessive } from '../names.js';
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
import { chokeList, chokeMap } from './chokepoints.js';
import { researchNext } from './research.js';

function exposureKey() {
  return JSON.stringify(analysisParams());
}

/** exposureOf fetches the destination's exposure (dependence on China
 * asked), once per parameters. */
export function exposureOf() {
  const key = exposureKey();
  if (!app.exposures.has(key)) {
    if (app.exposures.size > 20) app.exposures.clear();
    app.exposures.set(
      key,
      api.exposure({ ...analysisParams(), country: 'CN' }).catch((err) => {
        app.exposures.delete(key);
        throw err;
      }),
    );
  }
  return app.exposures.get(key);
}

/** exposure shows the exposure panel; stale says when a newer panel began.
 * @param {() => boolean} stale */
export async function exposure(stale) {
  if (!app.state.dest) return needDest('where its supply comes from');
  loadingPanel(`Computing the ${elementLabel(app.state.element)} exposure of ${app.state.dest}…`);
  const [ex, cp, registry] = await Promise.all([
    exposureOf(),
    api.chokepoints({ ...analysisParams(), limit: 10 }),
    sources(),
  ]);
  if (stale()) return;
  app.exposure = ex;
  const tiers = [...ex.byTier].sort((a, b) => compareTiers(a.tier, b.tier));
  // The dependence on each country, with its range's low and high when
  // the answer has ranges, then the tiers, which have none: the split of
  // a maximum flow between facilities is not unique.
  const rg = !!ex.ranges;
  const none = rg ? [null, null] : [];
  app.table = {
    name: `exposure-${app.state.dest}-${ex.element}`,
    columns: [
      'element',
      'part',
      'tier',
      'country',
      ...tonnesColumns('tonnes', ex.unit, rg),
      ...shareColumns('share', rg),
    ],
    rows: [
      ...(ex.dependence || []).map((c) => [
        ex.element,
        'dependence',
        '',
        c.country,
        ...rangeCells(c.tonnes, c.tonnesRange, rg),
        ...rangeCells(c.share, c.shareRange, rg),
      ]),
      ...tiers.flatMap((t) =>
        t.countries.map((c) => [ex.element, 'tier', t.tier, c.country, c.tonnes, ...none, c.share, ...none]),
      ),
    ],
  };
  setAnalysisOverlay({ match: ex.sinks.map((s) => s.facility.id), choke: chokeMap(cp) });
  // Domestic applies to a country destination; a company's or a
  // facility's shares are all "without that country's other facilities".
  const isCountry = app.countryName.has(app.state.dest);
  const rows = dependenceRows(ex.dependence, isCountry ? ex.sinks : []);
  const home = rows.filter((c) => c.domestic);
  const shown = rows.slice(0, 10);
  const china = dependsOnSentence(ex.dependsOn, app.state.dest, app.countryName, ex.ranges);
  const el = unitElement(ex.unit);
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'exposure', 'data-element': ex.element },
      h('h2', {}, `${el} exposure of ${countryLabel(app.state.dest)}`),
      contextChips(),
      elementNote(ex),
      h(
        'p',
        {},
        `Maximum ${el} supply (joint): `,
        h('strong', { testid: 'maxflow' }, tonnes(ex.maxFlowTonnes, ex)),
        rangeSpan(
          withInterval(rangeText(ex.maxFlowTonnesRange), ex.ranges),
          'maxflow-range',
          tonnesRangeWords(ex.maxFlowTonnesRange, ex.unit, ex.ranges),
        ),
        magnet(ex.magnetEquivalent),
        ` into ${ex.sinks.length} receiving facilit${ex.sinks.length === 1 ? 'y' : 'ies'}.`,
        china ? [' ', h('strong', { testid: 'exposure-china' }, china)] : null,
      ),
      h('h3', {}, `Dependence on each country (share of the joint ${el} supply lost without its facilities)`),
      h(
        'div',
        { class: 'chart', testid: 'exposure-countries' },
        shown.map((c) =>
          h(
            'div',
            {
              class: `chart-row${c.domestic ? ' domestic' : ''}`,
              'data-country': c.country,
              'data-domestic': c.domestic ? 'true' : null,
            },
            h(
              'span',
              { class: 'chart-label', title: countryLabel(c.country) },
              h('span', { class: 'swatch', style: { background: countryColour(c.country) } }),
              ` ${c.country}`,
              c.domestic ? h('small', { class: 'muted' }, ' domestic') : null,
            ),
            bar(
              c.share,
              countryColour(c.country),
              `${countryLabel(c.country)}${c.domestic ? ' (domestic)' : ''}: ` +
                `${formatShare(c.share)}, ${tonnes(c.tonnes, ex)}`,
              c.shareRange
                ? { range: c.shareRange, max: 1, point: c.share, words: shareRangeWords(c.shareRange, ex.ranges) }
                : null,
            ),
            figure(
              formatShare(c.share),
              c.tonnes,
              ex,
              shareRangeText(c.shareRange),
              c.tonnesRange ? tonnesRangeWords(c.tonnesRange, ex.unit, ex.ranges) : '',
            ),
          ),
        ),
        !isCountry || rows.some((c) => !c.domestic)
          ? null
          : h('p', { class: 'muted' }, 'No foreign country: all supply is domestic.'),
      ),
      home.length
        ? h(
            'p',
            { class: 'domestic muted', testid: 'exposure-domestic' },
            h('strong', {}, 'Domestic: '),
            home.map(
              (c) =>
                `without ${possessive(app.countryName.get(c.country) || c.country)} ` +
                'own mines, plants, magnet makers and traders, ' +
                `${formatShare(c.share)} (${shareRangeText(c.shareRange) ? `${shareRangeText(c.shareRange)}; ` : ''}` +
                `${tonnes(c.tonnes, ex)}) would be lost; ` +
                'its receiving facilities themselves always stay. ',
            ),
          )
        : null,
      isCountry
        ? null
        : h(
            'p',
            { class: 'domestic muted' },
            "Each share is what would be lost without that country's facilities; " +
              `${possessive(placeName(app.state.dest))} own receiving facilities always stay.`,
          ),
      rangesNote(ex),
      h('h3', {}, `Where each tier is (share of the ${el} passing it, HHI)`),
      ex.ranges
        ? h(
            'p',
            { class: 'no-range muted', testid: 'tiers-no-range' },
            'No range here: the split of a maximum flow between facilities is not unique, ' +
              'so these tier shares are one such split of the point answer, not a measured figure.',
          )
        : null,
      h(
        'div',
        { class: 'chart', testid: 'exposure-chart' },
        tiers.map((t) =>
          h(
            'div',
            { class: 'chart-row', 'data-tier': t.tier },
            h('span', { class: 'chart-label' }, t.tier),
            h(
              'div',
              {
                class: 'stack',
                role: 'img',
                'aria-label': `${t.tier}: ${t.countries.map((c) => `${c.country} ${formatShare(c.share)}`).join(', ')}`,
              },
              t.countries.map((c) =>
                h(
                  'span',
                  {
                    style: { width: `${c.share * 100}%`, background: countryColour(c.country) },
                    title: `${countryLabel(c.country)} ${formatShare(c.share)} · ${tonnes(c.tonnes, ex)}`,
                  },
                  c.share > 0.12 ? c.country : '',
                ),
              ),
            ),
            h(
              'span',
              { class: 'chart-value figure', title: 'Herfindahl–Hirschman index, 0–10,000' },
              h('strong', {}, `HHI ${Math.round(t.hhi).toLocaleString('en-US')}`),
              h('small', { class: 'unit' }, tonnes(t.tonnes, ex)),
            ),
          ),
        ),
      ),
      h(
        'details',
        { class: 'sinks', testid: 'exposure-sinks' },
        h(
          'summary',
          {},
          `Receiving facilities (${ex.sinks.length}), each alone — these do not add up to the joint total`,
        ),
        h(
          'ul',
          { class: 'impacts' },
          [...ex.sinks]
            .sort((a, b) => b.eachAloneTonnes - a.eachAloneTonnes)
            .map((s) =>
              h(
                'li',
                { 'data-id': s.facility.id },
                `${s.facility.name} (${s.facility.country}): at most ${tonnes(s.eachAloneTonnes, ex)}` +
                  `${rangeText(s.eachAloneTonnesRange) ? ` (${rangeText(s.eachAloneTonnesRange)})` : ''} each alone`,
              ),
            ),
        ),
      ),
      h('h3', {}, 'Top chokepoints'),
      chokeList(cp, 5),
      researchNext(ex, {
        figure: FIGURE_WORDS.maxFlowTonnes,
        registry,
        more: (limit) => api.sensitivity({ ...analysisParams(), limit }),
      }),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              update({
                panel: 'routes',
                avoid: app.state.avoid.length ? app.state.avoid : ['CN'],
                via: app.state.via.length ? app.state.via : ['AU', 'MY'],
              }),
          },
          'Routes avoiding China',
        ),
        h('button', { type: 'button', onclick: () => update({ panel: 'scenario' }) }, 'Run a scenario'),
      ),
      assumptions(ex),
    ),
  );
}
