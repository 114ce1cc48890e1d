// @ts-check
// The scenario panel: export controls ticked or added, supply before and
// after, the facilities cut off and the routes that survive.

import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { app, update } from '../store.js';
import { flowId } from '../lib/graph.js';
import { scenarioHeadline, scenarioDigits, controlCoverage } from '../lib/scenario.js';
import { scenarioBody } from '../lib/state.js';
import { formatShare, shortName } from '../lib/text.js';
import {
  csvColumn,
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
import { assumptions, bar, contextChips, needDest } from './parts.js';
import { routeList, showRoutes } from './routes.js';
import { scenarioForm } from './scenario-form.js';

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
  const res = await api.scenario(body);
  if (stale()) return;
  app.scenario = res;
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
  app.table = {
    name: `scenario-${app.state.dest}-${res.element}`,
    columns: [
      'element',
      'facility',
      'name',
      'country',
      'tier',
      csvColumn('beforeEachAloneTonnes', u),
      csvColumn('afterEachAloneTonnes', u),
      csvColumn('lostEachAloneTonnes', u),
      'lostShare',
      'cutOff',
    ],
    rows: res.affected.map((o) => [
      res.element,
      o.facility.id,
      o.facility.name,
      o.facility.country,
      o.facility.tier,
      o.beforeEachAloneTonnes,
      o.afterEachAloneTonnes,
      o.lostEachAloneTonnes,
      o.lostShare,
      o.cutOff,
    ]),
  };
  const max = Math.max(res.before.jointTonnes, 1e-9);
  const el = unitElement(u);
  const impact = (o) =>
    h(
      'li',
      { 'data-id': o.facility.id },
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
        `${formatTonnes(o.afterEachAloneTonnes, u)} (−${formatShare(o.lostShare)})`,
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
          { class: 'chart-row' },
          h('span', { class: 'chart-label' }, 'Before, joint'),
          bar(res.before.jointTonnes / max, '#3b7dd8', 'before'),
          h(
            'span',
            { class: 'chart-value', testid: 'scenario-before' },
            formatTonnesFixed(res.before.jointTonnes, digits, u),
          ),
        ),
        h(
          'div',
          { class: 'chart-row' },
          h('span', { class: 'chart-label' }, 'After, joint'),
          bar(res.after.jointTonnes / max, '#b00020', 'after'),
          h(
            'span',
            { class: 'chart-value', testid: 'scenario-after' },
            formatTonnesFixed(res.after.jointTonnes, digits, u),
          ),
        ),
      ),
      h(
        'p',
        {},
        'Lost (joint) ',
        h(
          'strong',
          { testid: 'scenario-lost' },
          `${formatTonnesFixed(res.lostJointTonnes, digits, u)} (${formatShare(res.lostShare)})`,
        ),
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
      assumptions(res),
      form,
      h('h3', {}, `Surviving routes (${res.routes.length}) — highlighted blue`),
      routeList(res.routes, 'surviving-routes', res),
    ),
  );
  app.el.panel.scrollTop = 0; // the result leads; the controls follow it
}
