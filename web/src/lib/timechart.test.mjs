// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  areaPath,
  dayX,
  frame,
  linePath,
  monthScale,
  niceMax,
  overTimeGeometry,
  stepPath,
  ticks,
  timelineGeometry,
  yScale,
} from './timechart.js';
import { monthsFrom } from './time.js';

test('nice tops and ticks', () => {
  assert.equal(niceMax(163.2), 200);
  assert.equal(niceMax(0.8), 1);
  assert.equal(niceMax(21), 25);
  assert.equal(niceMax(50), 50);
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(NaN), 1);
  assert.deepEqual(ticks(200), [0, 50, 100, 150, 200]);
});

test('months take equal bands; a day falls where it is in its month', () => {
  const f = frame(440, 120, { left: 40, right: 0 });
  const s = monthScale(4, f);
  assert.equal(s.band, 100);
  assert.equal(s.x(0), 90);
  assert.equal(s.start(3), 340);
  const months = ['2026-01', '2026-02', '2026-03', '2026-04'];
  assert.equal(dayX('2026-01-01', months, f), 40);
  assert.equal(dayX('2026-02-15', months, f), 140 + (14 / 28) * 100);
  assert.equal(dayX('2027-01-01', months, f), null);
  const y = yScale(200, f);
  assert.equal(y(0), f.bottom);
  assert.equal(y(200), f.top);
  assert.equal(y(500), f.top, 'clamped to the top');
});

test('paths', () => {
  assert.equal(
    linePath([
      { x: 1, y: 2 },
      { x: 3.04, y: 4.06 },
    ]),
    'M1,2L3,4.1',
  );
  assert.equal(
    areaPath(
      [
        { x: 1, y: 2 },
        { x: 3, y: 4 },
      ],
      10,
    ),
    'M1,2L3,4L3,10L1,10Z',
  );
  assert.equal(areaPath([], 10), '');
  const s = monthScale(2, frame(220, 100, { left: 20, right: 0 }));
  assert.equal(stepPath([5, 7], s), 'M20,5L120,5L120,7L220,7');
});

const ot = {
  start: '2026-01-06',
  end: '2026-04-06',
  months: [
    {
      month: '2026-01',
      supplyTonnesPerYear: 40,
      demandTonnesPerYear: 163.2,
      stockLeftTonnes: 30,
      shortfallTonnes: 0,
      events: [],
    },
    {
      month: '2026-02',
      supplyTonnesPerYear: 40,
      demandTonnesPerYear: 163.2,
      stockLeftTonnes: 20,
      shortfallTonnes: 0,
      events: [],
    },
    {
      month: '2026-03',
      supplyTonnesPerYear: 40,
      demandTonnesPerYear: 163.2,
      stockLeftTonnes: 9,
      shortfallTonnes: 0,
      events: [],
    },
    {
      month: '2026-04',
      supplyTonnesPerYear: 60,
      demandTonnesPerYear: 163.2,
      stockLeftTonnes: 0,
      shortfallTonnes: 3.2,
      events: ['LAMP_HRE2 comes online'],
    },
  ],
};

test('the over-time chart has a point a month, axes in t/yr and t, and marks the events', () => {
  const g = overTimeGeometry(ot, 480, 200);
  assert.equal(g.supply.length, 4);
  assert.deepEqual(
    g.supply.map((p) => p.month),
    ['2026-01', '2026-02', '2026-03', '2026-04'],
  );
  assert.ok(
    g.supply.every((p, i) => i === 0 || p.x > g.supply[i - 1].x),
    'points in order',
  );
  assert.equal(g.rate.max, 200);
  assert.equal(g.stock.max, 50);
  assert.ok(g.supply[3].y < g.supply[0].y, 'more supply is higher');
  assert.deepEqual(
    g.eventMonths.map((e) => e.month),
    ['2026-04'],
  );
  assert.deepEqual(
    g.shortMonths.map((e) => e.month),
    ['2026-04'],
  );
  assert.ok(g.endX !== null && g.endX > g.supply[2].x && g.endX < g.supply[3].x, 'the period ends in early April');
  assert.match(g.stockPath, /Z$/);
  assert.equal(g.demandPath.split('L').length, 4);
  assert.equal(overTimeGeometry({ start: '', end: '', months: [] }, 480, 200).supply.length, 0);
});

test('the timeline places each event at its day, stacking close ones, and the as-of line', () => {
  const months = monthsFrom('2023-01', '2030-12');
  const tl = {
    months: months.map((m) => ({
      month: m,
      supplyTonnesPerYear: m >= '2026-01' ? 40 : 160,
      lowestTonnesPerYear: 30,
      events: [],
    })),
    events: [
      {
        date: '2026-01-06',
        kind: 'control-in-force',
        what: 'CN-2026-01-JP-DEFACTO comes into force',
        ref: 'CN-2026-01-JP-DEFACTO',
      },
      { date: '2026-01-07', kind: 'online', what: 'X comes online', ref: 'X' },
      {
        date: '2028-06-01',
        kind: 'flow-starts',
        what: 'A→B ndpr-oxide starts',
        ref: 'A',
        to: 'B',
        material: 'ndpr-oxide',
      },
      { date: '2035-01-01', kind: 'online', what: 'late comes online' },
    ],
  };
  const g = timelineGeometry(tl, 960, 260, '2026-01-06');
  assert.equal(g.supply.length, 96);
  assert.equal(g.axis.max, 200);
  assert.equal(g.markers.length, 3, 'an event off the chart has no marker');
  const [a, b, c] = g.markers;
  assert.equal(a.row, 0);
  assert.equal(b.row, 1, 'a day later is too close: the next row');
  assert.equal(c.row, 0);
  assert.ok(b.y > a.y);
  assert.deepEqual(a.target, { kind: 'control', id: 'CN-2026-01-JP-DEFACTO' });
  assert.deepEqual(c.target, { kind: 'flow', id: 'A>B>ndpr-oxide' });
  assert.match(a.label, /^2026-01-06: CN-2026-01-JP-DEFACTO comes into force \(control comes into force\)$/);
  assert.equal(g.asOfX, a.x);
  assert.equal(timelineGeometry(tl, 960, 260, '').asOfX, null);
  assert.equal(g.years[0].label, '2023');
  assert.equal(g.years.length, 8);
});
