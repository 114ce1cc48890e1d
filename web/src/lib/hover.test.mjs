// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';

test('hoverLines gives the full name, company and country, then tier and status', async () => {
  const { hoverLines } = await import('./hover.js');
  const names = new Map([['JP', 'Japan']]);
  assert.deepEqual(
    hoverLines(
      {
        id: 'X',
        name: 'Shin-Etsu Chemical Takefu magnet plant',
        company: 'Shin-Etsu',
        country: 'JP',
        tier: 'Magnet',
        status: 'planned',
        throughput: 1200,
        unit: 't Nd+Pr/yr',
      },
      names,
    ),
    [
      'Shin-Etsu Chemical Takefu magnet plant',
      'Shin-Etsu · Japan (JP)',
      'Magnet · planned',
      '1,200 t Nd+Pr/yr in + out',
    ],
  );
  assert.deepEqual(
    hoverLines({
      id: 'LAMP',
      name: 'Lynas Malaysia',
      country: 'MY',
      tier: 'Separation',
      status: 'operating',
      locationApproximate: true,
    }),
    ['Lynas Malaysia', 'MY', 'Separation · approximate location'],
  );
  // A flow: material tonnes and element tonnes apart, then material, basis and content.
  assert.deepEqual(
    hoverLines({
      source: 'A',
      target: 'B',
      material: 'ndpr-oxide',
      materialTonnes: 1000,
      content: 0.85,
      tonnes: 850,
      unit: 't Nd+Pr/yr',
      basis: 'estimated',
    }),
    ['A → B', '1,000 t NdPr oxide → 850 t Nd+Pr/yr', 'ndpr-oxide · estimated · content 85% Nd+Pr'],
  );
  assert.deepEqual(
    hoverLines({
      source: 'A',
      target: 'B',
      material: 'mixed-concentrate',
      materialTonnes: 500,
      content: 0,
      tonnes: 0,
      unit: 't Dy+Tb/yr',
      basis: 'reported',
    }),
    ['A → B', '500 t mixed concentrate/yr; carries no Dy+Tb', 'mixed-concentrate · reported'],
  );
  assert.deepEqual(
    hoverLines({
      source: 'A',
      target: 'B',
      aggregated: true,
      material: 'x, y',
      tonnes: 12,
      unit: 't Dy/yr',
      flows: ['a', 'b'],
    }),
    ['A → B', 'x, y · 12 t Dy/yr · 2 flows'],
  );
  assert.deepEqual(hoverLines(null), []);
});

test('hoverLines adds why a facility or flow is not in force on the as-of date', async () => {
  const { hoverLines } = await import('./hover.js');
  assert.deepEqual(
    hoverLines({
      id: 'MP_10X',
      name: 'MP 10X',
      country: 'US',
      asOfNote: 'not yet online on 2025-01-01 (online 2028-01-01)',
    }),
    ['MP 10X', 'US', 'not yet online on 2025-01-01 (online 2028-01-01)'],
  );
  const flow = hoverLines({
    source: 'LAMP',
    target: 'JARE_SOJITZ',
    material: 'dytb-oxide',
    tonnes: 10,
    unit: 't Dy+Tb/yr',
    asOfNote: 'not in force on 2025-01-01: starts 2025-05-16',
  });
  assert.equal(flow[0], 'LAMP → JARE_SOJITZ');
  assert.equal(flow[flow.length - 1], 'not in force on 2025-01-01: starts 2025-05-16');
});
