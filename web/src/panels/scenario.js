// @ts-check
// The scenario panel: export controls ticked or added, supply before and
// after, the facilities cut off and the routes that survive.

import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { sources } from '../sources.js';
import { app, update } from '../store.js';
import { flowId } from '../lib/graph.js';
import { scenarioHeadline, scenarioDigits, controlCoverage } from '../lib/scenario.js';
import { scenarioBody } from '../lib/state.js';
import { formatShare, shortName } from '../lib/text.js';
import {
  barScale,
  intervalLabel,
  rangeCells,
  rangeText,
  shareColumns,
  shareRangeText,
  shareRangeWords,
  tonnesColumns,
  tonnesRangeWords,
} from '../lib/ranges.js';
import { FIGURE_WORDS } from '../lib/sensitivity.js';
import {
  elementLabel,
  formatFlow,
  formatNumber,
  formatTonnes,
  formatTonnesFixed,
  materialName,
  unitElement,
} from '../lib/units.js';
import { countryLabel, placeName, possessive } from '../names.js';
import { setAnalysisOverlay } from '../network.js';
import { assumptions, bar, contextChips, needDest, rangesNote } from './parts.js';
import { researchNext } from './research.js';
import { routeList, showRoutes } from './routes.js';
import { scenarioForm } from './scenario-form.js';
import { overTimeSection } from './overtime.js';
import { period } from '../lib/time.js';

/** untouchedNotice says plainly when the controls applied stop no flow of
 * the element counted, and offers the element they do stop. */
function untouchedNotice(res) {
  const cov = controlCoverage(res, app.state.element);
  const el = unitElement(res.unit);
  const place = placeName(app.state.dest);
  if (!cov.untouched) {
    const partial = res.diff.blockedFlows.length > 0 && !(res.lostJointTonnes > 0);
    return partial
      ? h(
          'p',
          { class: 'notice', testid: 'scenario-no-loss' },
          `The controls stop ${res.diff.blockedFlows.length} flows of ${el}, ` +
            `but ${possessive(place)} joint ${el} supply does not fall: other flows make up for them.`,
        )
      : null;
  }
  const ids = res.diff.controls
    .filter((c) => c.inForce)
    .map((c) => c.id)
    .join(', ');
  const covers =
    res.diff.controls.filter((c) => c.inForce).length === 1 ? 'This control covers' : 'These controls cover';
  const andMaterials = cov.materials.length ? ` and ${cov.materials.map(materialName).join(', ')}` : '';
  return h(
    'div',
    { class: 'notice untouched', testid: 'scenario-untouched' },
    h(
      'p',
      {},
      h(
        'strong',
        {},
        `${ids} ${res.diff.controls.filter((c) => c.inForce).length === 1 ? 'does' : 'do'} not touch ${el}: `,
      ),
      `${possessive(place)} ${el} supply does not change. `,
      cov.listed.length
        ? `${covers} ${cov.listed.join(', ')}${andMaterials}${cov.suggest ? ': ' : '.'}`
        : 'The controls list no element this destination receives.',
      cov.suggest
        ? h(
            'button',
            {
              type: 'button',
              class: 'primary mini',
              testid: 'scenario-switch-element',
              onclick: () => update({ element: cov.suggest }),
            },
            `see ${elementLabel(cov.suggest)}`,
          )
        : null,
    ),
  );
}

/** scenario shows the scenario panel; stale says when a newer panel began.
 * @param {() => boolean} stale */
export async function scenario(stale) {
  if (!app.state.dest) return needDest('the effect of export controls');
  const form = scenarioForm();
  const body = scenarioBody(app.state);
  const title = `${elementLabel(app.state.element)} scenario for ${countryLabel(app.state.dest)}`;
  if (!body.controls.length) {
    setAnalysisOverlay({});
    fill(
      app.el.panel,
      h(
        'div',
        { testid: 'scenario' },
        h('h2', {}, title),
        form,
        h(
          'p',
          { class: 'empty' },
          'Tick a control above (for instance CN→JP, 2026-01-06, CN-2026-01-JP-DEFACTO: the reported halt to every Japanese buyer) or add one ' +
            'to see what supply survives.',
        ),
      ),
    );
    return;
  }
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'scenario' },
      h('h2', {}, title),
      form,
      h('p', { class: 'loading-inline' }, 'Running the scenario…'),
    ),
  );
  // The run asks for the scenario over time too (its period from the form).
  const sent = { ...body, ...period(app.state, app.controls) };
  const [res, registry] = await Promise.all([api.scenario(sent), sources()]);
  if (stale()) return;
  app.scenario = res;
  app.scenarioRequest = sent;
  const cutoff = {};
  for (const o of res.cutOff) cutoff[o.facility.id] = { share: o.lostShare };
  const partly = res.affected.filter((o) => !o.cutOff);
  setAnalysisOverlay({
    cutoff,
    affected: partly.map((o) => o.facility.id),
    blocked: res.diff.blockedFlows.map(flowId),
  });
  showRoutes(res.routes, res.routes, res);
  const u = res.unit;
  // With ranges, each figure's low and high follow it (samples=0: none).
  const rg = !!res.ranges;
  app.table = {
    name: `scenario-${app.state.dest}-${res.element}`,
    columns: [
      'element',
      'facility',
      'name',
      'country',
      'tier',
      ...tonnesColumns('beforeEachAloneTonnes', u, rg),
      ...tonnesColumns('afterEachAloneTonnes', u, rg),
      ...tonnesColumns('lostEachAloneTonnes', u, rg),
      ...shareColumns('lostShare', rg),
      'cutOff',
    ],
    rows: res.affected.map((o) => [
      res.element,
      o.facility.id,
      o.facility.name,
      o.facility.country,
      o.facility.tier,
      ...rangeCells(o.beforeEachAloneTonnes, o.beforeEachAloneTonnesRange, rg),
      ...rangeCells(o.afterEachAloneTonnes, o.afterEachAloneTonnesRange, rg),
      ...rangeCells(o.lostEachAloneTonnes, o.lostEachAloneTonnesRange, rg),
      ...rangeCells(o.lostShare, o.lostShareRange, rg),
      o.cutOff,
    ]),
  };
  // The bars share one scale, wide enough for the whiskers' high ends.
  const before = { point: res.before.jointTonnes, range: res.before.jointTonnesRange };
  const after = { point: res.after.jointTonnes, range: res.after.jointTonnesRange };
  const max = Math.max(barScale([before, after]), 1e-9);
  /** @param {{point: number, range: any}} f */
  const whiskerOf = (f) =>
    f.range ? { range: f.range, max, point: f.point, words: tonnesRangeWords(f.range, u, res.ranges) } : null;
  const el = unitElement(u);
  const impact = (o) =>
    h(
      'li',
      {
        'data-id': o.facility.id,
        title: o.lostEachAloneTonnesRange
          ? `lost each alone ${tonnesRangeWords(o.lostEachAloneTonnesRange, u, res.ranges)}; ` +
            `share lost ${shareRangeWords(o.lostShareRange, res.ranges)}`
          : null,
      },
      h(
        'button',
        {
          type: 'button',
          class: 'linkish',
          onclick: () => {
            update({ selected: o.facility.id, panel: 'details' });
            app.chain.focusOn([o.facility.id]);
          },
        },
        o.facility.name,
      ),
      ` (${o.facility.country}) ${formatNumber(o.beforeEachAloneTonnes)} → ` +
        `${formatTonnes(o.afterEachAloneTonnes, u)} (−${formatShare(o.lostShare)}` +
        `${shareRangeText(o.lostShareRange) ? `; ${shareRangeText(o.lostShareRange)}` : ''})`,
    );
  const cutList = () => [
    h('h3', {}, `Cut off (${res.cutOff.length}): no ${el} can reach it at all — highlighted red`),
    h('ul', { class: 'impacts', testid: 'cutoff-list' }, res.cutOff.map(impact)),
  ];
  const partList = () => [
    h('h3', {}, `Partly affected (${partly.length}), each alone (do not add up) — ringed orange`),
    h('ul', { class: 'impacts', testid: 'affected-list' }, partly.slice(0, 30).map(impact)),
  ];
  const blocked = res.diff.blockedFlows;
  // Before, after and lost share one precision, so that they add up as shown.
  const digits = scenarioDigits(res);
  const meBefore = res.before.jointMagnetEquivalent;
  const meAfter = res.after.jointMagnetEquivalent;
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'scenario', 'data-element': res.element },
      h('h2', {}, `${el} scenario for ${countryLabel(app.state.dest)}`),
      contextChips(),
      h('p', { class: 'headline', testid: 'scenario-headline' }, scenarioHeadline(res, placeName(app.state.dest))),
      untouchedNotice(res),
      h(
        'div',
        { class: 'chart', testid: 'scenario-result' },
        h(
          'div',
          { class: 'chart-row', testid: 'scenario-before-row' },
          h('span', { class: 'chart-label' }, 'Before, joint'),
          bar(before.point / max, '#3b7dd8', 'before', whiskerOf(before)),
          h(
            'span',
            { class: 'chart-value figure' },
            h('span', { testid: 'scenario-before' }, formatTonnesFixed(res.before.jointTonnes, digits, u)),
            rangeText(before.range)
              ? h('small', { class: 'range', testid: 'scenario-before-range' }, rangeText(before.range))
              : null,
          ),
        ),
        h(
          'div',
          { class: 'chart-row', testid: 'scenario-after-row' },
          h('span', { class: 'chart-label' }, 'After, joint'),
          bar(after.point / max, '#b00020', 'after', whiskerOf(after)),
          h(
            'span',
            { class: 'chart-value figure' },
            h('span', { testid: 'scenario-after' }, formatTonnesFixed(res.after.jointTonnes, digits, u)),
            rangeText(after.range)
              ? h('small', { class: 'range', testid: 'scenario-after-range' }, rangeText(after.range))
              : null,
          ),
        ),
      ),
      rangesNote(res),
      h(
        'p',
        {},
        'Lost (joint) ',
        h(
          'strong',
          { testid: 'scenario-lost' },
          `${formatTonnesFixed(res.lostJointTonnes, digits, u)} (${formatShare(res.lostShare)})`,
        ),
        rangeText(res.lostJointTonnesRange)
          ? h(
              'span',
              {
                class: 'range muted',
                testid: 'scenario-lost-range',
                title: `${tonnesRangeWords(res.lostJointTonnesRange, u, res.ranges)}; ${shareRangeWords(res.lostShareRange, res.ranges)}`,
              },
              `, ${intervalLabel(res.ranges && res.ranges.interval)} ${rangeText(res.lostJointTonnesRange)} ${u}` +
                (shareRangeText(res.lostShareRange) ? ` (${shareRangeText(res.lostShareRange)})` : ''),
            )
          : null,
        meBefore && meAfter
          ? h(
              'span',
              { class: 'magnet muted', testid: 'magnet', title: meBefore.note || '' },
              ` ≈ ${formatNumber(meBefore.tonnes)} → ${formatNumber(meAfter.tonnes)} t magnet (derived)`,
            )
          : null,
        `; ${blocked.length} flows blocked by `,
        res.diff.controls.map((c) => `${c.id}${c.inForce ? '' : ' (not in force at that date)'}`).join(', '),
        '.',
      ),
      res.cutOff.length ? cutList() : null,
      partly.length ? partList() : null,
      res.affected.length
        ? h(
            'p',
            { class: 'muted small' },
            'Per-facility figures are each alone (all the upstream capacity it can reach): ' +
              'they do not add up to the joint totals.',
          )
        : null,
      // After the affected facilities, which lead the result at 1280×720.
      overTimeSection(res.overTime),
      blocked.length
        ? h(
            'details',
            { class: 'blocked', testid: 'blocked-flows' },
            h('summary', {}, `Blocked flows (${blocked.length}) — dotted red`),
            h(
              'ul',
              { class: 'flows' },
              blocked.map((f) =>
                h(
                  'li',
                  {},
                  `${shortName(app.nodesById.get(f.from)?.name || f.from, 26)} → ` +
                    `${shortName(app.nodesById.get(f.to)?.name || f.to, 26)}: ` +
                    `${formatFlow(f, u)} stopped (${(f.elements || []).join(', ')}) by ${f.by}`,
                ),
              ),
            ),
          )
        : null,
      researchNext(res, {
        figure: FIGURE_WORDS.lostJointTonnes,
        registry,
        more: (limit) => api.scenarioSensitivity(body, limit),
      }),
      assumptions(res),
      form,
      h('h3', {}, `Surviving routes (${res.routes.length}) — highlighted blue`),
      routeList(res.routes, 'surviving-routes', res),
    ),
  );
  app.el.panel.scrollTop = 0; // the result leads; the controls follow it
}
