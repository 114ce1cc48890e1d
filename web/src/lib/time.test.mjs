// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  countText,
  debounce,
  defaultStart,
  durationLabel,
  amountUnit,
  eventTarget,
  horizonOf,
  lastDay,
  lowHigh,
  monthsFrom,
  period,
  priceText,
  recoverText,
  repeatQuery,
  shortfallText,
  sliderDay,
  sliderIndex,
  SLIDER_MONTHS,
  stockpileText,
  stockSources,
  stockText,
  surviveText,
  timelineParams,
  usdText,
} from './time.js';

const controls = [
  { id: 'CN-2026-01-JP-DEFACTO', effective: '2026-01-06' },
  { id: 'CN-2025-04', effective: '2025-04-04' },
  { id: 'CN-2023-12', effective: '2023-12-21' },
];

test('the start defaults to the as-of date, else the earliest control applied, else today', () => {
  assert.deepEqual(defaultStart({ asOf: '2027-03-01', controls: ['CN-2025-04'] }, controls, '2026-05-05'), {
    day: '2027-03-01',
    why: 'the as-of date',
  });
  assert.equal(
    defaultStart({ asOf: '', controls: ['CN-2026-01-JP-DEFACTO', 'CN-2025-04'] }, controls, '2026-05-05').day,
    '2025-04-04',
  );
  // Unknown ids and custom controls have no effective date: today.
  assert.deepEqual(defaultStart({ asOf: '', controls: ['nope'] }, controls, '2026-05-05'), {
    day: '2026-05-05',
    why: 'today',
  });
  assert.equal(defaultStart({ asOf: 'bad', controls: [] }, controls, '2026-05-05').day, '2026-05-05');
});

test('the period sends the form start or its default and 1 to 3,650 days', () => {
  const s = { asOf: '', controls: ['CN-2026-01-JP-DEFACTO'], start: '', days: 90 };
  assert.deepEqual(period(s, controls, '2026-05-05'), { start: '2026-01-06', durationDays: 90 });
  assert.deepEqual(period({ ...s, start: '2026-02-01', days: 365 }, controls), {
    start: '2026-02-01',
    durationDays: 365,
  });
  assert.equal(period({ ...s, days: 0 }, controls).durationDays, 90);
  assert.equal(period({ ...s, days: 99999 }, controls).durationDays, 90);
});

test('days and dates', () => {
  assert.equal(addDays('2026-01-06', 90), '2026-04-06');
  assert.equal(horizonOf('2026-01-06'), '2031-01-06');
  assert.equal(horizonOf(''), '');
  assert.equal(lastDay('2030-12'), '2030-12-31');
  assert.equal(lastDay('2028-02'), '2028-02-29');
  assert.equal(durationLabel(90), '90 days');
  assert.equal(durationLabel(365), '1 year');
  assert.equal(durationLabel(730), '2 years');
  assert.equal(durationLabel(1), '1 day');
});

const joint = {
  demandTonnesPerYear: 163.2,
  stockTonnes: 35.054,
  stockDays: 78.4,
  timeToSurviveDays: 96.8,
  runsShortOn: '2026-04-12',
  timeToRecoverDays: null,
  recovers: false,
  shortfallTonnes: 0,
  supplyFallsShort: true,
};

test('time to survive and to recover in words, with their dates', () => {
  assert.equal(surviveText(joint), 'runs short after 96.8 days, on 2026-04-12');
  assert.equal(surviveText({ ...joint, timeToSurviveDays: null }), 'does not run short within 5 years');
  assert.equal(recoverText(joint, '2026-01-06'), 'does not recover by 2031-01-06 (5 years from the start)');
  assert.equal(recoverText({ ...joint, supplyFallsShort: false }, '2026-01-06'), 'supply never falls short of demand');
  assert.equal(recoverText({ ...joint, supplyFallsShort: undefined }, '2026-01-06'), recoverText(joint, '2026-01-06'));
  assert.equal(
    recoverText(
      { ...joint, recovers: true, recoversOn: '2027-01-01', timeToRecoverDays: 365, recoversBecause: ['CN-HALT ends'] },
      '2026-01-01',
    ),
    'recovers on 2027-01-01 (365 days in): CN-HALT ends',
  );
});

test('a shortfall is a total in t of the element (the amount unit), over the period', () => {
  assert.equal(amountUnit({ amountUnit: 't Dy+Tb', unit: 't Dy+Tb/yr' }), 't Dy+Tb');
  assert.equal(amountUnit({ unit: 't Nd+Pr/yr' }), 't Nd+Pr');
  assert.equal(shortfallText(12.34, 't Dy+Tb', 90), '12.3 t Dy+Tb over 90 days');
  assert.equal(shortfallText(0, 't Dy+Tb', 365), '0 t Dy+Tb over 1 year');
  assert.equal(shortfallText(153.9, 't Nd+Pr', 200), '154 t Nd+Pr over 200 days');
  assert.equal(stockText(joint, 't Dy+Tb'), '78.4 days of demand (35.1 t Dy+Tb)');
});

test('stock sources name the facilities stocks, and the national stockpile from its record', () => {
  const fs = [{ stockFrom: "its tier's default, 18.4 days" }, { stockFrom: "its tier's default, 18.4 days" }];
  assert.deepEqual(stockSources(fs), ["2 facilities' own stocks: its tier's default, 18.4 days"]);
  assert.deepEqual(stockSources([{ stockFrom: 'its record, 30.0 days' }]), [
    "1 facility's own stock: its record, 30.0 days",
  ]);
  const sp = {
    country: 'JP',
    element: 'REE',
    days: 60,
    tonnes: 26.83,
    sources: ['https://x'],
    asOf: '2025-03-31',
    notes: '',
  };
  assert.equal(
    stockpileText(sp, 't Dy+Tb'),
    "JP's national stockpile of REE: 60 days of demand, 26.8 t Dy+Tb (as of 2025-03-31)",
  );
  assert.equal(
    stockpileText({ ...sp, asOf: '' }, 't Dy+Tb'),
    "JP's national stockpile of REE: 60 days of demand, 26.8 t Dy+Tb",
  );
  assert.equal(stockpileText(undefined, 't Dy+Tb'), '');
});

test('dollars and counts, short, and their ranges', () => {
  assert.equal(usdText(1234567), '$1.2M');
  assert.equal(usdText(850000), '$850k');
  assert.equal(usdText(420), '$420');
  assert.equal(usdText(2.5e9), '$2.5B');
  assert.equal(countText(12400.4), '12,400');
  assert.equal(priceText(1510.42), '$1,510');
  assert.equal(countText(1.25e6), '1.3M');
  assert.equal(lowHigh({ low: 1e6, high: 2.4e6 }, usdText), '$1.0M–$2.4M');
  assert.equal(lowHigh(null, usdText), '');
});

test('an event names what to select: a control, a facility or a flow', () => {
  assert.deepEqual(eventTarget({ kind: 'control-in-force', what: 'CN-X comes into force', ref: 'CN-X' }), {
    kind: 'control',
    id: 'CN-X',
  });
  assert.deepEqual(eventTarget({ kind: 'control-ends', what: 'whatever', ref: 'CN-Y' }), {
    kind: 'control',
    id: 'CN-Y',
  });
  assert.deepEqual(eventTarget({ kind: 'online', what: 'words', ref: 'LAMP_HRE2' }), {
    kind: 'facility',
    id: 'LAMP_HRE2',
  });
  assert.deepEqual(eventTarget({ kind: 'at-capacity', what: 'x', ref: 'DONALD' }), { kind: 'facility', id: 'DONALD' });
  // A flow from its fields, whatever its words say.
  assert.deepEqual(
    eventTarget({
      kind: 'flow-starts',
      what: 'A→B other-oxide starts',
      ref: 'MTP_SEP',
      to: 'MP_IND_METAL',
      material: 'dytb-oxide',
    }),
    { kind: 'flow', id: 'MTP_SEP>MP_IND_METAL>dytb-oxide' },
  );
  assert.deepEqual(eventTarget({ kind: 'flow-ends', what: 'A→B x ends', ref: 'F1' }), { kind: 'facility', id: 'F1' });
  assert.equal(eventTarget({ kind: 'flow-ends', what: 'A→B x ends' }), null);
  assert.equal(eventTarget({ kind: 'online', what: 'LAMP_HRE2 comes online' }), null);
});

test('the slider spans 2023-01 to 2030-12 and sets the first day of a month', () => {
  assert.equal(SLIDER_MONTHS.length, 96);
  assert.equal(SLIDER_MONTHS[0], '2023-01');
  assert.equal(SLIDER_MONTHS[95], '2030-12');
  assert.deepEqual(monthsFrom('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02']);
  assert.equal(sliderIndex('2026-01-06'), 36);
  assert.equal(sliderIndex('2019-05-01'), 0);
  assert.equal(sliderIndex('2040-05-01'), 95);
  assert.equal(sliderIndex('', '2026-07-20'), 42);
  assert.equal(sliderDay(36), '2026-01-01');
  assert.equal(sliderDay(-3), '2023-01-01');
  assert.equal(sliderDay(500), '2030-12-01');
});

test('debounce calls once with the last arguments', async () => {
  const calls = [];
  const d = debounce((v) => calls.push(v), 20);
  d(1);
  d(2);
  d(3);
  assert.deepEqual(calls, []);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(calls, [3]);
  d(4);
  d.flush();
  assert.deepEqual(calls, [3, 4]);
  d(5);
  d.cancel();
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(calls, [3, 4]);
});

test('the timeline asks for the slider span, the context and repeated controls', () => {
  const p = timelineParams({
    dest: 'JP',
    element: 'DyTb',
    material: '',
    avoid: ['AU'],
    controls: ['CN-A', 'CN-B'],
    custom: ['CN>JP>Dy+Tb'],
  });
  assert.equal(
    repeatQuery(p),
    '?to=JP&element=DyTb&start=2023-01-01&end=2030-12-31&control=CN-A&control=CN-B&control=CN%3EJP%3EDy%2BTb&avoid=AU',
  );
  assert.equal(
    repeatQuery(timelineParams({ dest: 'JP', element: 'NdPr' })),
    '?to=JP&element=NdPr&start=2023-01-01&end=2030-12-31',
  );
});
