// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  inputUnit,
  inputId,
  inputName,
  inputEnds,
  isContent,
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

// An element content, as the API names one (a material's, as a shipper
// ships it, or on one flow).
const content = {
  content: { material: 'ndfeb-sintered-magnet', element: 'Dy', from: 'SE_TAKEFU', to: 'TOYOTA' },
  point: 0.01,
  low: 0.008,
  high: 0.012,
  unit: 't Dy per t ndfeb-sintered-magnet',
  ownBounds: false,
  basis: 'content',
  confidence: 'low',
  sources: [],
  atLow: 83.3,
  atHigh: 138,
  swing: 54.4,
  share: 0.17,
};

test('an element content is named, placed and written as a percentage', () => {
  assert.ok(isContent(content) && !isContent(flow));
  assert.deepEqual(inputName(content), {
    name: 'SE_TAKEFU → TOYOTA',
    what: 'Dy content of NdFeB sintered magnet on this flow',
  });
  assert.equal(inputId(content), 'SE_TAKEFU>TOYOTA>ndfeb-sintered-magnet');
  assert.deepEqual(inputEnds(content), ['SE_TAKEFU', 'TOYOTA']);
  const shipper = { ...content, content: { material: 'ndfeb-sintered-magnet', element: 'Dy', from: 'SE_TAKEFU' } };
  assert.equal(inputId(shipper), 'SE_TAKEFU');
  assert.equal(inputName(shipper).what, 'Dy content of NdFeB sintered magnet as it ships it');
  const material = { ...content, content: { material: 'ndfeb-sintered-magnet', element: 'Dy' } };
  assert.equal(inputId(material), '');
  assert.deepEqual(inputEnds(material), []);
  assert.equal(inputName(material).name, 'Dy content of NdFeB sintered magnet');
  assert.equal(bandText(content), '1.0% Dy in NdFeB sintered magnet, band 0.8–1.2%');
  assert.equal(bandKind(content), 'default band for content/low');
});

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
  assert.deepEqual(inputEnds(flow), ['SE_TAKEFU', 'TOYOTA']);
  assert.deepEqual(inputEnds(capacity), ['EU_MAGNET_SCRAP']);
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
