// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  RARE_EARTHS,
  GROUPS,
  DEFAULT_ELEMENT,
  elementOptions,
  normalizeElement,
  elementMembers,
  elementLabel,
  elementUnit,
  unitElement,
  shortUnit,
  formatNumber,
  formatTonnes,
  formatTonnesFixed,
  togetherDigits,
  formatFlow,
  formatContent,
  materialName,
  magnetText,
  csvColumn,
} from './units.js';
import { toElements, flowId } from './graph.js';
import { routeElements } from './routes.js';

test('numbers: separators from 100, one decimal from 10, two digits below', () => {
  assert.equal(formatNumber(4380), '4,380');
  assert.equal(formatNumber(14099.999), '14,100');
  assert.equal(formatNumber(169.2), '169');
  assert.equal(formatNumber(56.76), '56.8');
  assert.equal(formatNumber(15.07889), '15.1');
  assert.equal(formatNumber(9.6), '9.6');
  assert.equal(formatNumber(0.4567), '0.46');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(-1837.4), '-1,837');
  assert.equal(formatNumber(null), 'n/a');
  assert.equal(formatNumber(Number.NaN), 'n/a');
});

test('a tonnage always carries the unit of its answer, never a bare t', () => {
  assert.equal(formatTonnes(4380, 't Nd+Pr/yr'), '4,380 t Nd+Pr/yr');
  assert.equal(formatTonnes(169.2, 't Dy+Tb/yr'), '169 t Dy+Tb/yr');
  assert.equal(formatTonnes(2.5, 't Dy/yr'), '2.5 t Dy/yr');
  assert.equal(formatTonnes(10, 't REE/yr'), '10 t REE/yr');
  assert.equal(formatTonnes(null, 't Nd+Pr/yr'), 'n/a');
  // Without a unit it says so rather than passing for tonnes of anything.
  assert.equal(formatTonnes(12), '12 t (unit unknown)');
  assert.doesNotMatch(formatTonnes(12, 't Nd+Pr/yr'), /\bt$|\bt\/yr$/);
});

test('units name their element; labels on the graph drop the /yr', () => {
  assert.equal(unitElement('t Nd+Pr/yr'), 'Nd+Pr');
  assert.equal(unitElement('t Dy/yr'), 'Dy');
  assert.equal(unitElement('t REE/yr'), 'REE');
  assert.equal(unitElement(''), '');
  assert.equal(shortUnit('t Nd+Pr/yr'), 't Nd+Pr');
  assert.equal(elementUnit('NdPr'), 't Nd+Pr/yr');
  assert.equal(elementUnit('DyTb'), 't Dy+Tb/yr');
  assert.equal(elementUnit('REE'), 't REE/yr');
  assert.equal(elementUnit('Sm'), 't Sm/yr');
});

test('a flow shows material tonnes and element tonnes apart', () => {
  const f = { material: 'ndpr-oxide', materialTonnes: 1000, content: 0.85, tonnes: 850 };
  assert.equal(formatFlow(f, 't Nd+Pr/yr'), '1,000 t NdPr oxide → 850 t Nd+Pr/yr');
  assert.equal(
    formatFlow(
      { material: 'mixed-concentrate', materialTonnes: 20000, content: 0.070926, tonnes: 1418.52 },
      't Nd+Pr/yr',
    ),
    '20,000 t mixed concentrate → 1,419 t Nd+Pr/yr',
  );
  assert.equal(
    formatFlow({ material: 'ndfeb-sintered-magnet', materialTonnes: 500, content: 0.012, tonnes: 6 }, 't Dy+Tb/yr'),
    '500 t NdFeB sintered magnet → 6 t Dy+Tb/yr',
  );
  assert.equal(
    formatFlow({ material: 'ndpr-oxide', materialTonnes: 1000, content: 0, tonnes: 0 }, 't Dy+Tb/yr'),
    '1,000 t NdPr oxide/yr; carries no Dy+Tb',
  );
  assert.equal(
    formatFlow({ material: 'dytb-metal', materialTonnes: null, content: 0.99, tonnes: null }, 't Dy+Tb/yr'),
    'DyTb metal, tonnes unknown (99% Dy+Tb)',
  );
  assert.equal(formatFlow(null, 't Nd+Pr/yr'), '');
});

test('materials and contents read as chemists write them', () => {
  assert.equal(materialName('ndpr-oxide'), 'NdPr oxide');
  assert.equal(materialName('separated-re-oxides'), 'separated RE oxides');
  assert.equal(materialName('dy-oxide'), 'Dy oxide');
  assert.equal(materialName('mrec'), 'MREC');
  assert.equal(formatContent(0.850734), '85%');
  assert.equal(formatContent(0.070926), '7.1%');
  assert.equal(formatContent(0.0012), '0.12%');
  assert.equal(formatContent(0), '0%');
});

test('magnet-equivalents are marked derived; CSV columns carry the unit', () => {
  const me = {
    tonnes: 14599.99,
    unit: 't sintered NdFeB magnet/yr',
    content: 0.3,
    derived: true,
    note: 'derived: …',
  };
  assert.equal(magnetText(me), '≈ 14,600 t magnet (derived)');
  assert.equal(magnetText(null), '');
  assert.equal(magnetText(undefined), '');
  assert.equal(csvColumn('lostTonnes', 't Dy+Tb/yr'), 'lostTonnes (t Dy+Tb/yr)');
});

test('the element picker offers the groups, the magnet elements and every rare earth', () => {
  const opts = elementOptions();
  const values = opts.map((o) => o.value);
  assert.deepEqual(values.slice(0, 8), ['NdPr', 'DyTb', 'REE', 'Nd', 'Pr', 'Dy', 'Tb', 'Sm']);
  for (const s of RARE_EARTHS) assert.ok(values.includes(s), s);
  assert.equal(new Set(values).size, values.length);
  assert.equal(values.length, Object.keys(GROUPS).length + RARE_EARTHS.length);
  assert.equal(DEFAULT_ELEMENT, 'NdPr');
  for (const o of opts) assert.ok(o.label && o.group, o.value);
});

test('elements normalise, and name their members', () => {
  assert.equal(normalizeElement('ndpr'), 'NdPr');
  assert.equal(normalizeElement('DYTB'), 'DyTb');
  assert.equal(normalizeElement('reo'), 'REE');
  assert.equal(normalizeElement('ree'), 'REE');
  assert.equal(normalizeElement('dy'), 'Dy');
  assert.equal(normalizeElement('Fe'), '');
  assert.equal(normalizeElement(''), '');
  assert.deepEqual(elementMembers('NdPr'), ['Nd', 'Pr']);
  assert.deepEqual(elementMembers('Dy'), ['Dy']);
  assert.equal(elementMembers('REE').length, 17);
  assert.deepEqual(elementMembers(''), ['Nd', 'Pr']);
  assert.equal(elementLabel('DyTb'), 'Dy+Tb');
  assert.equal(elementLabel('Sm'), 'Sm');
});

// A scenario answer's diff as the API gives it for CN-2026-001-JP, which
// lists Sm, Gd, Tb, Dy, Lu, Sc and Y but neither Nd nor Pr.

// A /graph answer counted in Nd+Pr: each edge with its material tonnes,
// its content and its tonnes of the element.
const graph = {
  element: 'NdPr',
  unit: 't Nd+Pr/yr',
  nodes: [
    { id: 'M', name: 'Mine', tier: 'Mine', country: 'AU', status: 'operating' },
    { id: 'S', name: 'Sep', tier: 'Separation', country: 'MY', status: 'operating' },
    { id: 'G', name: 'Gd plant', tier: 'Refinery', country: 'MY', status: 'operating' },
  ],
  edges: [
    {
      from: 'M',
      to: 'S',
      material: 'mixed-concentrate',
      materialTonnes: 20000,
      content: 0.07,
      tonnes: 1400,
      basis: 'reported',
    },
    { from: 'S', to: 'G', material: 'gd-oxide', materialTonnes: 5000, content: 0, tonnes: 0, basis: 'reported' },
    { from: 'M', to: 'G', material: 'ndpr-oxide', materialTonnes: 100, content: 0.85, tonnes: 85, basis: 'estimated' },
  ],
};

test('chain edges are as wide as the element they carry, not the material', () => {
  const els = toElements(graph);
  const edge = (i) => els.find((e) => e.data.id === flowId(graph.edges[i]));
  // 20,000 t of concentrate carry more Nd+Pr than 5,000 t of Gd oxide (none).
  assert.ok(edge(0).data.width > edge(2).data.width);
  assert.ok(edge(2).data.width > edge(1).data.width || edge(1).data.width === 1.5);
  assert.equal(edge(1).classes, 'noelement');
  assert.equal(edge(2).classes, 'estimated');
  assert.equal(edge(0).data.unit, 't Nd+Pr/yr');
  assert.equal(edge(0).data.materialTonnes, 20000);
  assert.equal(edge(0).data.content, 0.07);
  assert.equal(edge(0).data.tonnes, 1400);
  // Nodes size by the element's throughput, and know its unit.
  const m = els.find((e) => e.data.id === 'M');
  assert.equal(m.data.throughput, 1485);
  assert.equal(m.data.unit, 't Nd+Pr/yr');
  // Collapsed: sums of the element, marked none only when no flow carries it.
  const col = toElements(graph, { collapse: ['country:MY'] });
  const agg = col.find((e) => e.data.id === 'agg:M>country:MY');
  assert.equal(agg.data.tonnes, 1485);
  assert.equal(agg.data.unit, 't Nd+Pr/yr');
  assert.equal(agg.classes, 'estimated');
});

test('route hops carry the element tonnes onto the graph', () => {
  const r = routeElements({
    hops: [
      {
        from: { id: 'M' },
        to: { id: 'S' },
        material: 'mixed-concentrate',
        materialTonnes: 20000,
        content: 0.07,
        tonnes: 1400,
      },
    ],
  });
  assert.deepEqual(r.edges, [{ id: 'M>S>mixed-concentrate', tonnes: 1400 }]);
});

test('figures read together share one precision and add up as shown', () => {
  // Japan's Dy+Tb under CN-2025-018: 163.2 before, 52.7 after, 110.5 lost.
  const d = togetherDigits([163.2, 52.6876, 110.5124]);
  assert.equal(d, 1);
  assert.equal(formatTonnesFixed(163.2, d, 't Dy+Tb/yr'), '163.2 t Dy+Tb/yr');
  assert.equal(formatTonnesFixed(52.6876, d, 't Dy+Tb/yr'), '52.7 t Dy+Tb/yr');
  assert.equal(formatTonnesFixed(110.5124, d, 't Dy+Tb/yr'), '110.5 t Dy+Tb/yr');
  // Large figures keep whole tonnes; small ones two decimals at most.
  assert.equal(togetherDigits([4230, 3330, 900]), 0);
  assert.equal(formatTonnesFixed(4230, 0, 't Nd+Pr/yr'), '4,230 t Nd+Pr/yr');
  assert.equal(togetherDigits([5.5, 0.004]), 2);
  assert.equal(formatTonnesFixed(null, 1, 't'), 'n/a');
});
