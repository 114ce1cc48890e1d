// @ts-check
// The pieces the panels share: the loading and error states, the prompt
// for a destination, and an analysis answer's figures, bars and notes.

import { h, fill } from '../dom.js';
import { app, update } from '../store.js';
import { toggle } from '../lib/state.js';
import { elementLabel, formatTonnes, magnetText, unitElement } from '../lib/units.js';
import { truncatedText, whiskerGeometry, whiskerLegend, rankedText, roughText } from '../lib/ranges.js';
import { countryLabel } from '../names.js';

/** loadingPanel says what the panel is waiting for.
 * @param {string} text */
export function loadingPanel(text) {
  fill(app.el.panel, h('p', { class: 'loading-inline', role: 'status' }, text));
}

/** needDest asks for a destination, to see what.
 * @param {string} what */
export function needDest(what) {
  fill(
    app.el.panel,
    h(
      'div',
      { class: 'empty' },
      h('p', {}, `Pick a destination to see ${what}.`),
      h(
        'p',
        {},
        'The destination is the country (or company or facility) whose supply you analyse, usually where the OEMs are.',
      ),
      h(
        'button',
        { type: 'button', class: 'primary', testid: 'dest-jp', onclick: () => update({ dest: 'JP' }) },
        'Use Japan (JP)',
      ),
    ),
  );
}

/** panelError shows a failed analysis, with the problem's fields. */
export function panelError(err) {
  fill(
    app.el.panel,
    h(
      'div',
      { class: 'error', role: 'alert', testid: 'panel-error' },
      h('strong', {}, 'The analysis failed. '),
      err.message,
      err.problem && err.problem.fields
        ? h(
            'ul',
            {},
            err.problem.fields.map((f) => h('li', {}, `${f.field}: ${f.reason}`)),
          )
        : null,
    ),
  );
}

/**
 * Whisker is what a bar's whisker shows: a range in the unit of max (the
 * value at the bar's full width), its words for a tooltip and a screen
 * reader, and the point value it holds (marked by a dot when tick is
 * 'point', as for an input's band; else the dot is at the median).
 * @typedef {{range: any, max: number, words: string, point?: number, tick?: 'median' | 'point'}} Whisker
 */

/** whisker draws a range over a bar: a thin line from low to high with
 * small end caps and a dot at the median (or the point); the range's
 * raw ends ride on it as data-low, data-median, data-point and
 * data-high. Nothing when there is no range.
 * @param {Whisker | null | undefined} w */
export function whisker(w) {
  const g = w && whiskerGeometry(w.range, w.max, w.point);
  if (!g) return null;
  const pct = (f) => `${(f * 100).toFixed(2)}%`;
  const tickAt = w.tick === 'point' ? g.point : g.median;
  return h(
    'span',
    {
      class: 'whisker',
      role: 'img',
      'aria-label': w.words,
      title: w.words,
      testid: 'whisker',
      'data-low': String(w.range.low),
      'data-median': Number.isFinite(w.range.median) ? String(w.range.median) : null,
      'data-high': String(w.range.high),
      'data-point': Number.isFinite(w.point) ? String(w.point) : null,
    },
    h('span', { class: 'w-line', style: { left: pct(g.low), width: pct(g.high - g.low) } }),
    h('span', { class: 'w-cap', style: { left: pct(g.low) } }),
    h('span', { class: 'w-cap', style: { left: pct(g.high) } }),
    tickAt === null ? null : h('span', { class: `w-tick ${w.tick || 'median'}`, style: { left: pct(tickAt) } }),
  );
}

/** bar is a horizontal bar of a 0..1 share, with a whisker over it when
 * the figure has a range (w: its range on the bar's scale, see whisker).
 * @param {number} share
 * @param {string} colour
 * @param {string} label
 * @param {Whisker | null} [w] */
export function bar(share, colour, label, w) {
  const whiskered = whisker(w);
  const words = whiskered ? `${label}; ${w.words}` : label;
  return h(
    'div',
    { class: 'bar', title: words, role: whiskered ? 'img' : null, 'aria-label': whiskered ? words : null },
    h('span', {
      class: 'fill',
      style: { width: `${Math.max(0.5, Math.min(100, share * 100))}%`, background: colour },
    }),
    whiskered,
  );
}

/** rangesNote says, under an answer's bars, how to read their whiskers
 * (without bars, its ranges in brackets), when the time budget cut the
 * samples (or the swings) short, and when too few samples were drawn for
 * the ends to be quantiles; nothing when the answer has no ranges
 * (samples=0: point values only). */
export function rangesNote(res, { bars = true } = {}) {
  const ranges = res && res.ranges;
  if (!ranges) return null;
  const cut = truncatedText(ranges);
  return h(
    'p',
    { class: 'ranges-note muted', testid: 'ranges-note', 'data-truncated': cut ? 'true' : null },
    whiskerLegend(ranges, bars),
    cut ? [' ', h('strong', { class: 'warn', testid: 'ranges-truncated' }, cut)] : null,
    roughText(ranges) ? [' ', h('strong', { class: 'warn', testid: 'ranges-rough' }, roughText(ranges))] : null,
    // Fewer swings than inputs is only news when the budget cut them.
    cut && rankedText(ranges) ? ` ${rankedText(ranges)}` : null,
  );
}

/** rangeSpan is a figure's interval beside it, muted: " (3.5k–4.9k,
 * p5–p95)"; nothing for an empty text.
 * @param {string} text
 * @param {string} [testid]
 * @param {string} [title] */
export function rangeSpan(text, testid, title) {
  return text
    ? h('span', { class: 'range muted', testid: testid || 'range', title: title || null }, ` (${text})`)
    : null;
}

/** analysisParams are the analysis context every panel answers under:
 * the destination, element, material and date, the countries (companies,
 * facilities) avoided, and the scenario's controls (seeded ids and
 * FROM>TO>ELEMENTS), which the API applies before it answers. */
export function analysisParams() {
  return {
    to: app.state.dest,
    element: app.state.element,
    material: app.state.material,
    asOf: app.state.asOf,
    avoid: app.state.avoid,
    control: [...app.state.controls, ...app.state.custom],
  };
}

/** contextChips shows the context a panel answers under, at its top: one
 * chip per part, and one click on a ✕ turns that part off (for every
 * panel). via is shown by the routes panel only.
 * @param {{via?: boolean}} [opts] */
export function contextChips(opts = {}) {
  const s = app.state;
  /** @param {string} label @param {string} testid @param {(() => void) | null} off @param {string} [title] */
  const chip = (label, testid, off, title) =>
    off
      ? h(
          'button',
          { type: 'button', class: 'chip on', testid, title: title || `${label}: click to turn off`, onclick: off },
          `${label} ✕`,
        )
      : h('span', { class: 'chip fixed', testid, title: title || label }, label);
  const controls = [...s.controls, ...s.custom];
  return h(
    'div',
    {
      class: 'chips context',
      role: 'group',
      'aria-label': 'What this panel answers under',
      testid: 'context',
      'data-controls': controls.join(','),
      'data-avoid': s.avoid.join(','),
    },
    chip(`to ${countryLabel(s.dest)}`, 'context-dest', null),
    chip(`counting ${elementLabel(s.element)}`, 'context-element', null),
    s.material ? chip(`material ${s.material}`, 'context-material', () => update({ material: '' })) : null,
    s.asOf
      ? chip(`as of ${s.asOf}`, 'context-asof', () => update({ asOf: '' }))
      : h(
          'span',
          { class: 'chip fixed', testid: 'context-asof', title: 'Every flow counts, whatever its dates' },
          'every date, planned plants included ',
          h(
            'button',
            {
              type: 'button',
              class: 'linkish',
              testid: 'context-asof-today',
              title: 'Count only the flows valid today, and the controls in force today',
              onclick: () => update({ asOf: new Date().toISOString().slice(0, 10) }),
            },
            'count today only',
          ),
        ),
    controls.length
      ? controls.map((c) =>
          chip(`under ${c}`, `context-control-${c}`, () =>
            update(
              s.controls.includes(c)
                ? { controls: toggle(s.controls, c, false) }
                : { custom: toggle(s.custom, c, false) },
            ),
          ),
        )
      : chip('no export control', 'context-no-control', null, 'Tick controls in the Scenario tab to answer under them'),
    s.avoid.map((c) => chip(`avoid ${c}`, `context-avoid-${c}`, () => update({ avoid: toggle(s.avoid, c, false) }))),
    opts.via
      ? s.via.map((c) => chip(`via ${c}`, `context-via-${c}`, () => update({ via: toggle(s.via, c, false) })))
      : null,
  );
}

/** tonnes writes a figure of an answer with the answer's unit. */
export function tonnes(t, res) {
  return formatTonnes(t, res && res.unit);
}

/** magnet shows an answer's derived magnet-equivalent next to a
 * headline figure ("≈ 14,600 t magnet (derived)"), its note as the
 * tooltip; nothing when the answer has none. */
export function magnet(me, testid) {
  const text = magnetText(me);
  return text
    ? h(
        'span',
        {
          class: 'magnet muted',
          testid: testid || 'magnet',
          title: `${me.note || ''}${me.unit ? ` (${me.unit})` : ''}`,
        },
        ` ${text}`,
      )
    : null;
}

/** assumptions is the short "Assumptions" disclosure under an analysis
 * result: what its figures assume, in the answer's words. */
export function assumptions(res) {
  const list = (res && res.assumptions) || [];
  return h(
    'details',
    { class: 'assumptions', testid: 'assumptions' },
    h('summary', {}, `Assumptions (${list.length}) — all figures in ${res.unit || "the answer's unit"}`),
    h(
      'ul',
      {},
      list.map((a) => h('li', {}, a)),
    ),
  );
}

/** figure is a share with its tonnes under it, for a chart's value
 * column: "42%" over "1,837 t Nd+Pr/yr", and the share's interval under
 * them when it has one ("23–54%"). */
export function figure(main, t, res, range = '', title = '') {
  return h(
    'span',
    { class: 'chart-value figure' },
    h('strong', {}, main),
    h('small', { class: 'unit' }, tonnes(t, res)),
    range ? h('small', { class: 'range', testid: 'figure-range', title: title || null }, range) : null,
  );
}

/** elementNote says which element the figures count, with a one-click
 * way to count another (shown over every analysis). */
export function elementNote(res) {
  const el = unitElement(res.unit) || elementLabel(app.state.element);
  return h(
    'p',
    { class: 'element-note muted', testid: 'element-note' },
    `Counting tonnes of ${el} as metal (${res.unit}), not tonnes of material. `,
    app.state.element === 'DyTb'
      ? h('button', { type: 'button', class: 'linkish', onclick: () => update({ element: 'NdPr' }) }, 'Count Nd+Pr')
      : h(
          'button',
          { type: 'button', class: 'linkish', testid: 'switch-dytb', onclick: () => update({ element: 'DyTb' }) },
          'Count Dy+Tb',
        ),
  );
}
