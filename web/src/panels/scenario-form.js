// @ts-check
// The scenario's form: the seeded export controls to tick (those that
// concern the destination first), a control to add, and the date.

import { h } from '../dom.js';
import { app, update } from '../store.js';
import { formatCustomControl, toggle } from '../lib/state.js';
import { elementMembers } from '../lib/units.js';
import { DURATIONS, defaultStart } from '../lib/time.js';

/** scenarioForm builds the form for the state's destination and element. */
export function scenarioForm() {
  const relevant = (c) => c.to === '*' || c.to === app.state.dest || c.from === app.state.dest;
  const sorted = [...app.controls].sort(
    (a, b) => Number(relevant(b)) - Number(relevant(a)) || b.effective.localeCompare(a.effective),
  );
  const fromSel = h(
    'select',
    { 'aria-label': 'From country', testid: 'custom-from' },
    app.countries.map((c) => h('option', { value: c.code, selected: c.code === 'CN' }, c.code)),
  );
  const toSel = h(
    'select',
    { 'aria-label': 'To country', testid: 'custom-to' },
    h('option', { value: '*' }, '* (all)'),
    app.countries.map((c) => h('option', { value: c.code, selected: c.code === app.state.dest }, c.code)),
  );
  const elIn = h('input', {
    placeholder: 'elements, e.g. Dy,Tb,Nd,Pr',
    'aria-label': 'Elements',
    testid: 'custom-elements',
    size: 16,
  });
  const asOf = h('input', {
    type: 'date',
    value: app.state.asOf,
    'aria-label': 'As of',
    testid: 'asof',
    onchange: (ev) => update({ asOf: ev.target.value }),
  });
  const members = new Set(elementMembers(app.state.element));
  // The period over time: the start (its default shown until one is
  // typed) and the length, one of DURATIONS or a number of days.
  const def = defaultStart(app.state, app.controls);
  const start = h('input', {
    type: 'date',
    value: app.state.start || def.day,
    'aria-label': 'Over time from',
    testid: 'overtime-start',
    onchange: (ev) => update({ start: ev.target.value === def.day ? '' : ev.target.value }),
  });
  const preset = DURATIONS.some((d) => d.days === app.state.days);
  const days = h('input', {
    type: 'number',
    min: 1,
    max: 3650,
    step: 1,
    value: String(app.state.days),
    'aria-label': 'Over time for days',
    testid: 'overtime-days',
    size: 5,
    onchange: (ev) => {
      const n = Math.round(Number(ev.target.value));
      if (n >= 1 && n <= 3650) update({ days: n });
      else ev.target.reportValidity();
    },
  });
  const duration = h(
    'select',
    {
      'aria-label': 'Over time for',
      testid: 'overtime-duration',
      onchange: (ev) => {
        if (ev.target.value !== 'other') update({ days: Number(ev.target.value) });
        else days.focus();
      },
    },
    DURATIONS.map((d) => h('option', { value: String(d.days), selected: d.days === app.state.days }, d.label)),
    h('option', { value: 'other', selected: !preset }, 'other…'),
  );
  return h(
    'div',
    { class: 'scenario-form' },
    h(
      'fieldset',
      { class: 'controls', testid: 'controls' },
      h('legend', {}, 'Export controls (seeded; ticked ones apply)'),
      h(
        'ul',
        {},
        sorted.map((c) =>
          h(
            'li',
            { class: relevant(c) ? '' : 'muted' },
            h(
              'label',
              {},
              h('input', {
                type: 'checkbox',
                checked: app.state.controls.includes(c.id),
                'data-testid': `control-${c.id}`,
                onchange: (ev) => update({ controls: toggle(app.state.controls, c.id, ev.target.checked) }),
              }),
              h('strong', {}, ` ${c.from}→${c.to === '*' ? 'all' : c.to} `),
              `${c.effective}${c.until ? `–${c.until}` : ''} `,
              h('span', { title: c.notes || '' }, c.title),
              h('small', { class: 'muted' }, ` ${c.id}`),
              (c.elements || []).length
                ? h(
                    'small',
                    { class: (c.elements || []).some((e) => members.has(e)) ? 'covers' : 'muted' },
                    ` · ${c.elements.join(', ')}`,
                  )
                : null,
              c.endUse === 'military'
                ? h(
                    'small',
                    { class: 'muted', testid: `enduse-${c.id}` },
                    ' · military end users only: stops no modelled flow',
                  )
                : null,
            ),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'row' },
      'Add control: ',
      fromSel,
      ' → ',
      toSel,
      ' ',
      elIn,
      ' ',
      h(
        'button',
        {
          type: 'button',
          testid: 'custom-add',
          onclick: () => {
            const els = elIn.value
              .split(/[\s,+]+/)
              .filter(Boolean)
              .map((e) => e[0].toUpperCase() + e.slice(1).toLowerCase());
            if (!els.length) {
              elIn.focus();
              elIn.setCustomValidity('Name at least one element');
              elIn.reportValidity();
              return;
            }
            update({
              custom: [
                ...app.state.custom,
                formatCustomControl({ from: fromSel.value, to: toSel.value, elements: els }),
              ],
            });
          },
        },
        'Add',
      ),
    ),
    app.state.custom.length
      ? h(
          'div',
          { class: 'row' },
          'Added: ',
          app.state.custom.map((c) =>
            h(
              'button',
              {
                type: 'button',
                class: 'mini',
                onclick: () => update({ custom: app.state.custom.filter((x) => x !== c) }),
              },
              `${c} ✕`,
            ),
          ),
        )
      : null,
    h(
      'label',
      { class: 'row' },
      'As of ',
      asOf,
      h('small', { class: 'muted' }, ' (empty: every flow; controls apply from their effective date)'),
    ),
    h(
      'div',
      { class: 'row', testid: 'overtime-period' },
      h('label', {}, 'Over time from ', start),
      ' for ',
      duration,
      ' ',
      h('label', {}, days, ' days'),
      h('small', { class: 'muted' }, app.state.start ? ' (typed)' : ` (default: ${def.why})`),
    ),
  );
}
