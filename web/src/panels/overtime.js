// @ts-check
// The scenario over time, under the scenario's result: the joint time to
// survive and to recover, the shortfall over the period, the stock and
// where it comes from, the same without the national stockpile, derived
// costs, a month-by-month chart and each facility alone.

import { h } from '../dom.js';
import { app, update } from '../store.js';
import {
  HORIZON_YEARS,
  amountUnit,
  countText,
  durationLabel,
  lowHigh,
  priceText,
  recoverText,
  shortfallText,
  stockSources,
  stockText,
  stockpileText,
  surviveText,
  usdText,
} from '../lib/time.js';
import { formatNumber, formatTonnes, unitElement } from '../lib/units.js';
import { shortName } from '../lib/text.js';
import { placeName } from '../names.js';
import { chartWidth, overTimeChart } from './charts.js';

/** survivalLine is a time to survive in words, its days and date apart
 * for the browser test to read. */
function survivalLine(sv, testid) {
  return h(
    'span',
    {
      testid,
      'data-days':
        sv.timeToSurviveDays === null || sv.timeToSurviveDays === undefined ? '' : String(sv.timeToSurviveDays),
      'data-date': sv.runsShortOn || '',
    },
    surviveText(sv),
  );
}

/** costsBlock shows the derived costs of the shortfall, when the answer
 * has them: dollars and vehicles at risk with their ranges, the price
 * and its sources. */
function costsBlock(costs, ot) {
  if (!costs) return null;
  const p = costs.price || {};
  const t = amountUnit(ot);
  const el = unitElement(ot.unit);
  const srcs = p.sources || []; // the API lists each once
  return h(
    'div',
    { class: 'costs', testid: 'overtime-costs' },
    h('h4', {}, 'What the shortfall costs ', h('span', { class: 'derived' }, '(derived estimate)')),
    h(
      'p',
      {},
      'Shortfall worth ',
      h('strong', { testid: 'overtime-costs-usd' }, `≈ ${usdText(costs.shortfallUsd)}`),
      lowHigh(costs.shortfallUsdRange, usdText)
        ? h('span', { class: 'range muted' }, ` (range ${lowHigh(costs.shortfallUsdRange, usdText)})`)
        : null,
      Number.isFinite(p.usdPerKg)
        ? [
            ` at ${priceText(p.usdPerKg)}/kg of ${p.material || 'the material'}`,
            Number.isFinite(p.usdPerKgLow) && Number.isFinite(p.usdPerKgHigh)
              ? ` (${priceText(p.usdPerKgLow)}–${priceText(p.usdPerKgHigh)}/kg)`
              : '',
            Number.isFinite(p.usdPerKgElement) ? `, ${priceText(p.usdPerKgElement)}/kg of ${el} as metal` : '',
            p.asOf ? `; price as of ${p.asOf}` : '',
          ]
        : null,
      '.',
    ),
    Number.isFinite(costs.vehiclesAtRisk)
      ? h(
          'p',
          {},
          'Vehicles at risk ',
          h('strong', { testid: 'overtime-costs-vehicles' }, `≈ ${countText(costs.vehiclesAtRisk)} vehicles`),
          lowHigh(costs.vehiclesAtRiskRange, countText)
            ? h('span', { class: 'range muted' }, ` (range ${lowHigh(costs.vehiclesAtRiskRange, countText)})`)
            : null,
          Number.isFinite(costs.magnetKgPerVehicle)
            ? ` at ${formatNumber(costs.magnetKgPerVehicle)} kg of magnet a vehicle` +
                (Number.isFinite(costs.magnetKgPerVehicleLow) && Number.isFinite(costs.magnetKgPerVehicleHigh)
                  ? ` (${formatNumber(costs.magnetKgPerVehicleLow)}–${formatNumber(costs.magnetKgPerVehicleHigh)} kg)`
                  : '')
            : null,
          `, from the shortfall in ${t}.`,
        )
      : null,
    srcs.length
      ? h('p', { class: 'muted small', testid: 'overtime-costs-sources' }, 'Price from ', sourceLinks(srcs), '.')
      : null,
    (costs.assumptions || []).length
      ? h(
          'details',
          { class: 'assumptions' },
          h('summary', {}, `How the costs are derived (${costs.assumptions.length})`),
          h(
            'ul',
            {},
            costs.assumptions.map((a) => h('li', {}, a)),
          ),
        )
      : null,
  );
}

/** sourceLinks lists sources, a link each when it is a web address. */
function sourceLinks(srcs) {
  return srcs.map((s, i) => [
    i ? ', ' : '',
    /^https?:\/\//i.test(s) ? h('a', { href: s, target: '_blank', rel: 'noopener noreferrer' }, s) : s,
  ]);
}

/** facilityTable lists each destination facility alone, shortest time
 * to survive first (the API's order). */
function facilityTable(ot) {
  const u = ot.unit;
  const t = amountUnit(ot);
  const without = ot.facilities.some((f) => f.withoutStockpile);
  // A column of dashes says less than a line: the column shows when one recovers.
  const recovers = ot.facilities.some((f) => f.recovers);
  const cell = (sv) =>
    sv.timeToSurviveDays === null || sv.timeToSurviveDays === undefined
      ? 'not within 5 years'
      : [`${formatNumber(sv.timeToSurviveDays)} d`, h('br'), h('small', { class: 'muted' }, sv.runsShortOn)];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'p',
      { class: 'muted small', id: 'overtime-facilities-caption', testid: 'overtime-facilities-caption' },
      'Each alone (optimistic bound each; they do not add up): its own supply, its own stock and its share of a national stockpile.',
      recovers ? '' : ` None recovers within ${HORIZON_YEARS} years.`,
    ),
    h(
      'table',
      {
        class: 'overtime-facilities',
        testid: 'overtime-facilities',
        'aria-describedby': 'overtime-facilities-caption',
      },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Facility'),
          h('th', {}, `Demand (${u})`),
          h('th', {}, 'Stock (days)'),
          h('th', {}, 'Runs short after'),
          without ? h('th', { title: 'if the national stockpile is not released' }, 'no stockpile') : null,
          recovers ? h('th', {}, 'Recovers') : null,
          h('th', {}, `Shortfall (${t})`),
        ),
      ),
      h(
        'tbody',
        {},
        ot.facilities.map((f) =>
          h(
            'tr',
            { 'data-id': f.facility.id, testid: 'overtime-facility' },
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'linkish',
                  title: f.facility.name,
                  onclick: () => {
                    update({ selected: f.facility.id, panel: 'details' });
                    app.chain.focusOn([f.facility.id]);
                  },
                },
                shortName(f.facility.name, 26),
              ),
            ),
            h('td', { title: `demand from ${f.demandFrom}` }, formatNumber(f.demandTonnesPerYear)),
            h('td', { title: `stock from ${f.stockFrom}` }, formatNumber(f.stockDays)),
            h('td', { testid: 'overtime-facility-survive' }, cell(f)),
            without ? h('td', {}, f.withoutStockpile ? cell(f.withoutStockpile) : '') : null,
            recovers
              ? h(
                  'td',
                  { title: f.supplyFallsShort ? '' : 'its supply alone never falls short of its demand' },
                  f.recoversOn || (f.supplyFallsShort ? '—' : 'never short'),
                )
              : null,
            h('td', {}, formatNumber(f.shortfallTonnes)),
          ),
        ),
      ),
    ),
  );
}

/**
 * overTimeSection shows a scenario answer's overTime; nothing when the
 * answer has none.
 * @param {any} ot
 */
export function overTimeSection(ot) {
  if (!ot) return null;
  const j = ot.joint;
  const u = ot.unit;
  const amount = amountUnit(ot);
  const place = placeName(app.state.dest);
  const sources = stockSources(ot.facilities);
  const sp = ot.stockpile;
  const wo = ot.jointWithoutStockpile;
  return h(
    'section',
    { class: 'overtime', testid: 'overtime', 'data-start': ot.start, 'data-days': String(ot.days) },
    h('h3', {}, `Over time: from ${ot.start} for ${durationLabel(ot.days)} (to ${ot.end})`),
    h(
      'p',
      { class: 'headline' },
      h('span', { class: 'label' }, 'Joint (stocks shared): '),
      `${place} `,
      survivalLine(j, 'overtime-survive'),
      '.',
    ),
    wo
      ? h(
          'p',
          { testid: 'overtime-without-stockpile' },
          'Without releasing the national stockpile: ',
          survivalLine(wo, 'overtime-without-survive'),
          '.',
        )
      : null,
    ot.jointWithUpstreamStock
      ? h(
          'p',
          { testid: 'overtime-with-upstream' },
          `Drawing on the ${formatNumber(ot.upstreamStockTonnes)} ${amount} held upstream too (optimistic bound): `,
          survivalLine(ot.jointWithUpstreamStock, 'overtime-upstream-survive'),
          '.',
        )
      : null,
    h('p', {}, 'Recovery: ', h('span', { testid: 'overtime-recover' }, recoverText(j, ot.start)), '.'),
    h(
      'p',
      {},
      'Shortfall (joint): ',
      h('strong', { testid: 'overtime-shortfall' }, shortfallText(j.shortfallTonnes, amount, ot.days)),
      ': the demand that stock and supply leave unmet in the period.',
    ),
    h(
      'div',
      { testid: 'overtime-stock' },
      'Stock: ',
      h('strong', {}, stockText(j, amount)),
      ` at a demand of ${formatTonnes(j.demandTonnesPerYear, u)}`,
      sources.length || sp
        ? h(
            'ul',
            { class: 'small muted' },
            sources.map((s) => h('li', {}, s)),
            sp
              ? h(
                  'li',
                  { testid: 'overtime-stockpile', title: sp.notes || '' },
                  stockpileText(sp, amount),
                  (sp.sources || []).length ? ['; from ', sourceLinks(sp.sources)] : null,
                )
              : null,
          )
        : '.',
    ),
    overTimeChart(ot, chartWidth(app.el.panel)),
    costsBlock(ot.costs, ot),
    ot.facilities.length ? facilityTable(ot) : null,
  );
}
