// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { captionLines, contextLine, totalsLine } from './caption.js';
import { DEFAULT_STATE } from './state.js';

const state = {
  ...DEFAULT_STATE,
  panel: 'scenario',
  dest: 'JP',
  element: 'DyTb',
  asOf: '2026-12-01',
  controls: ['CN-2025-018'],
  avoid: ['CN'],
};

test('an export says what it answers under, in the chips’ words', () => {
  assert.equal(
    contextLine(state, 'JP Japan', 't Dy+Tb/yr'),
    'to JP Japan · counting Dy+Tb (t Dy+Tb/yr) · as of 2026-12-01 · under CN-2025-018 · avoiding CN',
  );
  assert.match(contextLine({ ...DEFAULT_STATE }, '', ''), /every date · no export control$/);
});

test("an export's totals are the answer's, with one precision for a scenario", () => {
  const res = {
    unit: 't Dy+Tb/yr',
    before: { jointTonnes: 163.2 },
    after: { jointTonnes: 52.6876 },
    lostJointTonnes: 110.5124,
    lostShare: 0.677,
    diff: { blockedFlows: [{}, {}] },
  };
  assert.equal(
    totalsLine('scenario', res),
    'Joint supply before 163.2 t Dy+Tb/yr, after 52.7 t Dy+Tb/yr: lost 110.5 t Dy+Tb/yr (68%); 2 flows blocked.',
  );
  const routes = {
    unit: 't Nd+Pr/yr',
    survivingMaxFlowTonnes: 2366.4,
    maxFlowTonnes: 4230,
    survivingFirmTonnes: 0,
    survivingExact: true,
    routes: [{}, {}],
  };
  assert.equal(
    totalsLine('routes', routes),
    'Surviving 2,366 t Nd+Pr/yr of 4,230 t Nd+Pr/yr (56%); firm 0 t Nd+Pr/yr; 2 routes shown, whose bottlenecks do not add up.',
  );
  assert.equal(totalsLine('chokepoints', null), '');
  // With ranges, each total carries its interval.
  const ranges = { samples: 1000, asked: 1000, interval: 0.9 };
  assert.equal(
    totalsLine('routes', { ...routes, ranges, survivingMaxFlowTonnesRange: { low: 1407, median: 2108, high: 2706 } }),
    'Surviving 2,366 t Nd+Pr/yr (1.4k–2.7k, p5–p95) of 4,230 t Nd+Pr/yr (56%); firm 0 t Nd+Pr/yr; ' +
      '2 routes shown, whose bottlenecks do not add up.',
  );
  assert.equal(
    totalsLine('chokepoints', {
      unit: 't Nd+Pr/yr',
      maxFlowTonnes: 4230,
      maxFlowTonnesRange: { low: 3526, median: 4239, high: 4883 },
      ranges,
    }),
    'Maximum joint supply 4,230 t Nd+Pr/yr (3.5k–4.9k, p5–p95).',
  );
});

test('caption lines: title, context, totals, legend, provenance', () => {
  const lines = captionLines({
    state,
    destLabel: 'JP Japan',
    answer: null,
    legend: ['cut off in the scenario: 2'],
    url: 'http://localhost/#dest=JP',
    when: '2026-12-01T16:00Z',
  });
  assert.equal(lines[0], 'Chokepoint: Dy+Tb scenario of JP Japan');
  assert.equal(lines.length, 4);
  assert.equal(lines[2], 'Highlighted: cut off in the scenario: 2');
  assert.match(lines[3], /exported 2026-12-01T16:00Z/);
});
