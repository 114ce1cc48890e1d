// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  inputUnit,
  inputId,
  inputName,
  bandKind,
  bandText,
  swingSentence,
  swingShareText,
  swingFractions,
} from './sensitivity.js';

// Two entries as POST /api/v1/scenarios answers them (JP, Dy+Tb, the de
// facto halt): a flow with its basis' default band, a facility's capacity.
const flow = {
  flow: {
    from: 'SE_TAKEFU',
    to: 'TOYOTA',
    material: 'ndfeb-sintered-magnet',
    materialTonnes: 2000,
    content: 0.012,
    tonnes: 24,
    basis: 'inferred',
    sources: ['https://a'],
  },
  point: 2000,
  low: 0,
  high: 4000,
  unit: 't ndfeb-sintered-magnet/yr',
  ownBounds: false,
  basis: 'inferred',
  confidence: 'low',
  sources: ['https://a'],
  atLow: 108.11,
  atHigh: 156.11,
  swing: 48,
  share: 0.1644,
};
const capacity = {
  facility: { id: 'EU_MAGNET_SCRAP', name: 'European magnet scrap', tier: 'Recycler', country: 'FR' },
  point: 2000,
  low: 200,
  high: 2000,
  unit: 't magnet-scrap/yr',
  ownBounds: true,
  basis: 'capacity target',
  confidence: 'medium',
  sources: [],
  atLow: 33.25,
  atHigh: 52.69,
  swing: 19.44,
  share: 0.2556,
};

test('an input is named by its flow or its facility', () => {
  const names = new Map([
    ['SE_TAKEFU', 'Shin-Etsu Takefu'],
    ['TOYOTA', 'Toyota Motor'],
  ]);
  assert.deepEqual(
    inputName(flow, (id) => names.get(id) || id),
    { name: 'Shin-Etsu Takefu → Toyota Motor', what: 'NdFeB sintered magnet flow' },
  );
  assert.deepEqual(inputName(capacity), { name: 'European magnet scrap', what: 'capacity' });
  assert.equal(inputId(flow), 'SE_TAKEFU>TOYOTA>ndfeb-sintered-magnet');
  assert.equal(inputId(capacity), 'EU_MAGNET_SCRAP');
  assert.equal(inputId({}), '');
});

test("an input's band, in its unit, says where it comes from", () => {
  assert.equal(inputUnit('t ndfeb-sintered-magnet/yr'), 't NdFeB sintered magnet/yr');
  assert.equal(inputUnit('t magnet-scrap/yr'), 't magnet scrap/yr');
  assert.equal(inputUnit('t NdPr oxide/yr'), 't NdPr oxide/yr');
  assert.equal(inputUnit(''), 'unit unknown');
  assert.equal(bandText(flow), '2,000 t NdFeB sintered magnet/yr, band 0–4,000');
  assert.equal(bandKind(flow), 'default band for inferred/low');
  assert.equal(bandKind(capacity), 'own bounds');
});

test("a swing in the answer's unit, and its part of all swings", () => {
  assert.equal(
    swingSentence(flow, 't Dy+Tb/yr', 'the joint loss'),
    'If this estimate were at the bottom of its band instead of the top, ' +
      'the joint loss would move by 48 t Dy+Tb/yr (156 → 108).',
  );
  assert.equal(swingShareText(flow), '16% of all swings');
  assert.deepEqual(swingFractions([flow, capacity]), [1, 19.44 / 48]);
  assert.deepEqual(swingFractions([]), []);
});
