// @ts-check
// The timeline panel: supply of the element counted to the destination,
// month by month from 2023 to 2030, under the scenario's controls (or,
// when it ticks none, every seeded control that restricts), with every
// event that changes the network as a marker. Picking an event moves the
// as-of date to its day and selects what it is about: a control is ticked
// in the scenario, a facility or a flow selected on the chain.

import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { app, update } from '../store.js';
import { toggle } from '../lib/state.js';
import { EVENT_WORDS, eventTarget, repeatQuery, timelineParams } from '../lib/time.js';
import { csvColumn, elementLabel } from '../lib/units.js';
import { countryLabel } from '../names.js';
import { setAnalysisOverlay } from '../network.js';
import { assumptions, contextChips, needDest } from './parts.js';
import { chartWidth, timelineChart } from './charts.js';

/** fetchTimeline asks for the timeline of params, keeping the last few
 * answers: the as-of slider redraws the panel without asking again. */
function fetchTimeline(params) {
  const key = repeatQuery(params);
  let p = app.timelines.get(key);
  if (!p) {
    p = api.timeline(params);
    app.timelines.set(key, p);
    p.catch(() => app.timelines.delete(key));
    while (app.timelines.size > 8) app.timelines.delete(app.timelines.keys().next().value);
  }
  return p;
}

/** pickEvent moves the as-of date to an event's day and selects what it
 * is about.
 * @param {{date: string, kind: string, what: string, ref?: string}} ev
 * @param {ReturnType<typeof import('../lib/time.js').eventTarget>} target */
function pickEvent(ev, target) {
  /** @type {Partial<import('../lib/state.js').State>} */
  const patch = { asOf: ev.date };
  if (target && target.kind === 'control') {
    if (app.controls.some((c) => c.id === target.id)) patch.controls = toggle(app.state.controls, target.id, true);
  } else if (target) {
    patch.selected = target.id;
  }
  update(patch).then(() => {
    if (target && target.kind === 'facility' && app.nodesById.has(target.id)) app.chain.focusOn([target.id]);
  });
}

/** timeline shows the timeline panel; stale says when a newer panel began.
 * @param {() => boolean} stale */
export async function timeline(stale) {
  if (!app.state.dest) return needDest('how supply changes over time');
  const params = timelineParams(app.state);
  const title = `Timeline: ${elementLabel(app.state.element)} supply to ${countryLabel(app.state.dest)}`;
  fill(
    app.el.panel,
    h('div', { testid: 'timeline' }, h('h2', {}, title), h('p', { class: 'loading-inline' }, 'Loading the timeline…')),
  );
  const tl = await fetchTimeline(params);
  if (stale()) return;
  app.timeline = tl;
  setAnalysisOverlay({});
  const u = tl.unit;
  app.table = {
    name: `timeline-${app.state.dest}-${tl.element}`,
    columns: ['element', 'month', csvColumn('supplyTonnesPerYear', u), csvColumn('lowestTonnesPerYear', u), 'events'],
    rows: tl.months.map((m) => [
      tl.element,
      m.month,
      m.supplyTonnesPerYear,
      m.lowestTonnesPerYear,
      (m.events || []).join('; '),
    ]),
  };
  const onPick = (ev) => pickEvent(ev, eventTarget(ev));
  const ticked = params.control.length > 0;
  const controls = tl.controls || [];
  fill(
    app.el.panel,
    h(
      'div',
      { testid: 'timeline', 'data-element': tl.element },
      h('h2', {}, title),
      contextChips(),
      h(
        'p',
        { class: 'muted small', testid: 'timeline-controls' },
        ticked
          ? `Under the scenario's controls: ${controls.join(', ') || params.control.join(', ')}. `
          : `Under every seeded control that restricts (${controls.length}: ${controls.join(', ')}); tick controls in the Scenario tab to see the network under yours. `,
        'Pick an event (click, or Tab to it and press Enter) to move the as-of date to its day and select what it is about.',
      ),
      timelineChart(tl, chartWidth(app.el.panel), app.state.asOf, onPick),
      h(
        'details',
        { class: 'timeline-events', testid: 'timeline-events' },
        h('summary', {}, `Events (${tl.events.length})`),
        h(
          'ul',
          { class: 'small' },
          tl.events.map((ev) =>
            h(
              'li',
              { 'data-date': ev.date, class: ev.date === app.state.asOf ? 'current' : null },
              h('button', { type: 'button', class: 'linkish', onclick: () => onPick(ev) }, ev.date),
              ` ${ev.what} `,
              h('small', { class: 'muted' }, `(${EVENT_WORDS[ev.kind] || ev.kind})`),
            ),
          ),
        ),
      ),
      assumptions(tl),
    ),
  );
}
