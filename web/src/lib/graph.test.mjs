// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { toElements, throughputs, nodeSize, NODE_MIN, NODE_MAX, significantIds, flowId } from './graph.js';
import { countryColour } from './tiers.js';
import { graph } from './testdata.mjs';

test('elements carry country colour, estimates dashed and widths by tonnes', () => {
  const els = toElements(graph);
  const nodes = els.filter((e) => e.group === 'nodes');
  const edges = els.filter((e) => e.group === 'edges');
  assert.equal(nodes.length, 4);
  assert.equal(edges.length, 3);
  const lamp = nodes.find((n) => n.data.id === 'LAMP');
  assert.equal(lamp.data.approx, true);
  assert.equal(lamp.data.colour, countryColour('MY'));
  assert.match(nodes.find((n) => n.data.id === 'BAOTOU').classes, /aggregate/);
  assert.match(nodes.find((n) => n.data.id === 'SHINETSU').classes, /notoperating/);
  const big = edges.find((e) => e.data.id === flowId(graph.edges[0]));
  const small = edges.find((e) => e.data.id === flowId(graph.edges[1]));
  assert.ok(big.data.width > small.data.width);
  assert.equal(big.classes, '');
  assert.equal(small.classes, 'estimated');
});
test('filters drop nodes and their flows', () => {
  const els = toElements(graph, { countries: ['AU', 'MY'] });
  assert.deepEqual(
    els.map((e) => e.data.id),
    ['MTW', 'LAMP', 'MTW>LAMP>mixed-concentrate'],
  );
  assert.equal(toElements(graph, { status: ['planned'] }).length, 1);
  assert.equal(toElements(graph, { material: 'ndpr-oxide' }).filter((e) => e.group === 'edges').length, 2);
  assert.equal(toElements(graph, { tiers: ['Mine'] }).length, 1);
});
test('collapsing a company merges its facilities and sums their flows', () => {
  const els = toElements(graph, { collapse: ['company:Lynas'] });
  const group = els.find((e) => e.data.id === 'company:Lynas');
  assert.deepEqual(group.data.members, ['MTW', 'LAMP']);
  const edges = els.filter((e) => e.group === 'edges');
  // MTW→LAMP becomes a self-loop and disappears.
  assert.deepEqual(edges.map((e) => e.data.id).sort(), ['agg:BAOTOU>SHINETSU', 'agg:company:Lynas>SHINETSU']);
  const unknown = edges.find((e) => e.data.id === 'agg:BAOTOU>SHINETSU');
  assert.equal(unknown.data.tonnes, null);
});
test('throughput sums tonnes in and out; sizes grow with its square root', () => {
  const tp = throughputs([
    { from: 'A', to: 'B', tonnes: 100 },
    { from: 'B', to: 'C', tonnes: 60 },
    { from: 'C', to: 'D', tonnes: null },
  ]);
  assert.equal(tp.get('A'), 100);
  assert.equal(tp.get('B'), 160);
  assert.equal(tp.get('C'), 60);
  assert.equal(tp.get('D'), 0);
  assert.equal(nodeSize(0, 100), NODE_MIN);
  assert.equal(nodeSize(100, 100), NODE_MAX);
  assert.equal(nodeSize(25, 100), Math.round(NODE_MIN + (NODE_MAX - NODE_MIN) / 2));
  assert.ok(nodeSize(1, 1e6) >= NODE_MIN);
});
test('significant nodes are the largest throughputs, within bounds', () => {
  const tp = new Map([...Array(100)].map((_, i) => [`N${String(i).padStart(3, '0')}`, i]));
  const sig = significantIds(tp, { share: 0.3, min: 12, max: 40 });
  assert.equal(sig.size, 30);
  assert.ok(sig.has('N099') && !sig.has('N000'));
  assert.equal(
    significantIds(
      new Map([
        ['A', 1],
        ['B', 0],
      ]),
    ).size,
    1,
  );
});
test('elements carry size, throughput and significance; non-operating ones say their status', () => {
  const graph = {
    nodes: [
      { id: 'M', name: 'Mine (x)', tier: 'Mine', country: 'AU', status: 'operating' },
      { id: 'S', name: 'Sep', tier: 'Separation', country: 'MY', status: 'planned' },
      { id: 'Z', name: 'Idle', tier: 'Magnet', country: 'JP', status: 'operating' },
    ],
    edges: [{ from: 'M', to: 'S', material: 'c', tonnes: 400, basis: 'reported' }],
  };
  const nodes = Object.fromEntries(
    toElements(graph)
      .filter((e) => e.group === 'nodes')
      .map((e) => [e.data.id, e]),
  );
  assert.equal(nodes.M.data.throughput, 400);
  assert.equal(nodes.M.data.size, NODE_MAX);
  assert.equal(nodes.Z.data.size, NODE_MIN);
  assert.match(nodes.M.classes, /significant/);
  assert.doesNotMatch(nodes.Z.classes, /significant/);
  assert.equal(nodes.S.data.label, 'Sep (planned)');
  assert.match(nodes.S.classes, /notoperating/);
  assert.equal(nodes.M.data.label, 'Mine');
});
