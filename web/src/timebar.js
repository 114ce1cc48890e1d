// @ts-check
// The as-of slider under the header: a month from 2023-01 to 2030-12 to
// see the network as of, the day chosen, today and every date (no as-of).
// Dragging shows the day at once and sets the state's asOf once the
// slider rests (debounced), so a drag is one request, not one a pixel.
// The chain and the map follow it without a request (network.js
// applyInForce): what is not in force that day is faded.

import { h } from './dom.js';
import { app, update } from './store.js';
import { SLIDER_MONTHS, debounce, sliderDay, sliderIndex, today } from './lib/time.js';

/** SLIDER_REST_MS is how long the slider rests before the view follows. */
export const SLIDER_REST_MS = 300;

/** buildTimebar builds the slider's bar; sync.js keeps it in line with
 * the state (syncTimebar). */
export function buildTimebar() {
  const shown = h('output', { class: 'asof-shown', testid: 'asof-shown', 'aria-live': 'polite' });
  const follow = debounce((/** @type {string} */ day) => {
    if (app.state.asOf !== day) update({ asOf: day });
  }, SLIDER_REST_MS);
  const range = h('input', {
    type: 'range',
    min: '0',
    max: String(SLIDER_MONTHS.length - 1),
    step: '1',
    testid: 'asof-slider',
    'aria-label': 'As of (month)',
    title:
      'See the network as of a month: the flows valid, the facilities online and the controls in force on its first day; ' +
      'the chain and the map fade the rest',
    oninput: (ev) => {
      const day = sliderDay(Number(ev.target.value));
      range.setAttribute('aria-valuetext', day);
      shown.value = `as of ${day}`;
      shown.dataset.pending = 'true';
      follow(day);
    },
    onchange: () => follow.flush(),
  });
  // What the chain and the map fade on the day (network.js applyInForce).
  const faded = h('small', { class: 'muted timebar-note', testid: 'asof-faded' });
  const todayBtn = h(
    'button',
    {
      type: 'button',
      class: 'mini',
      testid: 'asof-today',
      title: 'As of today',
      onclick: () => {
        follow.cancel();
        update({ asOf: today() });
      },
    },
    'today',
  );
  const clear = h(
    'button',
    {
      type: 'button',
      class: 'mini',
      testid: 'asof-clear',
      title: 'Every flow, whatever its dates, and every control ticked',
      onclick: () => {
        follow.cancel();
        update({ asOf: '' });
      },
    },
    'every date',
  );
  const el = h(
    'div',
    { class: 'timebar', testid: 'timebar', role: 'group', 'aria-label': 'As of' },
    h('span', { class: 'timebar-label' }, 'As of'),
    h('small', { class: 'muted' }, SLIDER_MONTHS[0]),
    range,
    h('small', { class: 'muted' }, SLIDER_MONTHS[SLIDER_MONTHS.length - 1]),
    shown,
    todayBtn,
    clear,
    faded,
  );
  return { el, range, shown, faded };
}

/** syncTimebar puts the slider at the state's as-of month and says the
 * day (or every date). */
export function syncTimebar() {
  const tb = app.el.timebar;
  if (!tb) return;
  const asOf = app.state.asOf;
  tb.range.value = String(sliderIndex(asOf));
  tb.range.setAttribute('aria-valuetext', asOf || 'every date');
  tb.range.classList.toggle('unset', !asOf);
  tb.shown.value = asOf ? `as of ${asOf}` : 'every date';
  delete tb.shown.dataset.pending;
  tb.shown.dataset.asof = asOf;
}
