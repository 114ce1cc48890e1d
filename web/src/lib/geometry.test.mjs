// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { columnPositions, spreadColumns, fitViewport, stretchRows, tierHeaders, spreadCoincident } from './geometry.js';
import { toElements } from './graph.js';
import { graph } from './testdata.mjs';

test('column positions and spreading keep tiers in columns', () => {
  const nodes = toElements(graph)
    .filter((e) => e.group === 'nodes')
    .map((e) => e.data);
  const pos = columnPositions(nodes, { colGap: 100, rowGap: 10 });
  assert.equal(pos.MTW.x, 0);
  assert.equal(pos.LAMP.x, 100);
  assert.equal(Math.abs(pos.LAMP.y - pos.BAOTOU.y), 10);
  const tall = columnPositions(
    [...Array(5)].map((_, i) => ({ id: `M${i}`, col: 0, label: `M${i}` })).concat([{ id: 'O', col: 1, label: 'O' }]),
    { colGap: 100, rowGap: 10, maxRows: 2, subGap: 5 },
  );
  assert.deepEqual([tall.M0.x, tall.M2.x, tall.M4.x], [0, 5, 10]);
  assert.equal(tall.O.x, 110);
  const spread = spreadColumns(
    { A: { x: 5, y: 0 }, B: { x: 50, y: 1 }, C: { x: 7, y: 100 } },
    { A: 1, B: 1, C: 2 },
    { colGap: 100, minGap: 40 },
  );
  assert.equal(spread.A.x, 100);
  assert.equal(spread.C.x, 200);
  assert.ok(spread.B.y - spread.A.y >= 40);
});
test('fitting keeps the header strip free and centres the box', () => {
  const v = fitViewport({ x1: 0, y1: 0, x2: 1000, y2: 500 }, 540, 400, { pad: 20, top: 30 });
  assert.equal(v.zoom, 0.5);
  assert.equal(v.pan.x, 20);
  // Height left: 400 - 40 - 30 = 330; the box takes 250 of it.
  assert.equal(v.pan.y, 20 + 30 + 40);
  assert.equal(fitViewport({ x1: 0, y1: 0, x2: 1, y2: 1 }, 500, 500, { maxZoom: 2 }).zoom, 2);
});
test('rows stretch to the pane and squeeze when asked', () => {
  const pos = { A: { x: 0, y: -10 }, B: { x: 100, y: 10 } };
  assert.deepEqual(stretchRows(pos, 0.5, { maxFactor: 10 }).B, { x: 100, y: 25 });
  assert.deepEqual(stretchRows(pos, 0.05, { minFactor: 0.1 }).B, { x: 100, y: 10 * 0.25 });
  assert.deepEqual(stretchRows(pos, 0.05).B, { x: 100, y: 10 });
});
test('spreading keeps big nodes apart by their sizes', () => {
  const out = spreadColumns(
    { A: { x: 0, y: 0 }, B: { x: 0, y: 1 } },
    { A: 0, B: 0 },
    { colGap: 100, minGap: 10, size: { A: 40, B: 20 }, sizeGap: 8 },
  );
  assert.equal(out.B.y - out.A.y, 38);
});
test('tier headers sit over the middle of their columns', () => {
  const hs = tierHeaders({ A: { x: 0 }, B: { x: 20 }, C: { x: 300 } }, { A: 0, B: 0, C: 7 });
  assert.deepEqual(
    hs.map((x) => [x.tier, x.x]),
    [
      ['Mine', 10],
      ['OEM', 300],
    ],
  );
});

test('points on one pixel spread onto a ring, each clickable; lone points stay', () => {
  /** @type {Map<string, [number, number]>} */
  const at = new Map([
    ['LAMP', [100, 50]],
    ['LYNAS_JSLINK_MY', [100.3, 50.2]],
    ['LAMP_HRE2', [100, 50]],
    ['MTW', [10, 10]],
  ]);
  const out = spreadCoincident(at, 6);
  assert.deepEqual(out.get('MTW'), [10, 10]);
  const ring = ['LAMP', 'LAMP_HRE2', 'LYNAS_JSLINK_MY'].map((id) => out.get(id));
  for (const [x, y] of ring) assert.ok(Math.abs(Math.hypot(x - 100, y - 50) - 6) < 1e-9);
  const keys = new Set(ring.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`));
  assert.equal(keys.size, 3, 'three distinct pixels');
});

test('labels are placed without overlap, heaviest first, or left out', async () => {
  const { placeLabels } = await import('./geometry.js');
  const items = [
    { x: 100, y: 100, text: '600 t Nd+Pr', weight: 600 },
    { x: 102, y: 101, text: '2,552 t Nd+Pr', weight: 2552 },
    { x: 300, y: 100, text: '10 t Nd+Pr', weight: 10 },
  ];
  const p = placeLabels(items, { h: 10, charW: 5 });
  // The heaviest keeps its place; the one on top of it moves a line; the
  // far one stays.
  assert.deepEqual(p[1], { x: 102, y: 101, shown: true });
  assert.equal(p[0].shown, true);
  assert.notEqual(p[0].y, 100);
  assert.deepEqual(p[2], { x: 300, y: 100, shown: true });
  // Six labels on one point: five places, so one is left out.
  const many = [...Array(6)].map((_, i) => ({ x: 0, y: 0, text: 'xxxx', weight: i }));
  assert.equal(placeLabels(many, { h: 10, charW: 5 }).filter((q) => q.shown).length, 5);
});
