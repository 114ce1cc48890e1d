import test from 'node:test';
import assert from 'node:assert/strict';
import { toElements, shortName, throughputs, nodeSize, NODE_MIN, NODE_MAX, significantIds, fitViewport, stretchRows, tierHeaders, spreadColumns, splitDependence, scenarioHeadline } from '../src/mapping.js';

test('short names drop details, shorten common words and cut at a word', () => {
  assert.equal(shortName('Lynas Malaysia advanced materials plant (Gebeng Industrial Estate, Kuantan)'), 'Lynas Malaysia advanced…');
  assert.equal(shortName('Chinese rare-earth metal makers (aggregate; Baotou)'), 'CN RE metal makers');
  assert.equal(shortName('MP Independence - NdPr metal & alloy line (Fort Worth, TX)'), 'MP Independence');
  assert.equal(shortName('Ngualla'), 'Ngualla');
  assert.equal(shortName('(only brackets)'), '(only brackets)');
  assert.ok(shortName('x'.repeat(40)).length <= 24);
});

test('throughput sums tonnes in and out; sizes grow with its square root', () => {
  const tp = throughputs([{ from: 'A', to: 'B', tonnes: 100 }, { from: 'B', to: 'C', tonnes: 60 }, { from: 'C', to: 'D', tonnes: null }]);
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
  assert.equal(significantIds(new Map([['A', 1], ['B', 0]])).size, 1);
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
  const nodes = Object.fromEntries(toElements(graph).filter((e) => e.group === 'nodes').map((e) => [e.data.id, e]));
  assert.equal(nodes.M.data.throughput, 400);
  assert.equal(nodes.M.data.size, NODE_MAX);
  assert.equal(nodes.Z.data.size, NODE_MIN);
  assert.match(nodes.M.classes, /significant/);
  assert.doesNotMatch(nodes.Z.classes, /significant/);
  assert.equal(nodes.S.data.label, 'Sep (planned)');
  assert.match(nodes.S.classes, /notoperating/);
  assert.equal(nodes.M.data.label, 'Mine');
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
  const out = spreadColumns({ A: { x: 0, y: 0 }, B: { x: 0, y: 1 } }, { A: 0, B: 0 }, { colGap: 100, minGap: 10, size: { A: 40, B: 20 }, sizeGap: 8 });
  assert.equal(out.B.y - out.A.y, 38);
});

test('tier headers sit over the middle of their columns', () => {
  const hs = tierHeaders({ A: { x: 0 }, B: { x: 20 }, C: { x: 300 } }, { A: 0, B: 0, C: 7 });
  assert.deepEqual(hs.map((x) => [x.tier, x.x]), [['Mine', 10], ['OEM', 300]]);
});

test('the destination\'s own country is not listed as a dependency', () => {
  const { foreign, home } = splitDependence(
    [{ country: 'JP', share: 1 }, { country: 'CN', share: 0.6 }, { country: 'AU', share: 0.1 }],
    [{ facility: { id: 'T', country: 'JP' }, eachAloneTonnes: 5 }]);
  assert.deepEqual(foreign.map((c) => c.country), ['CN', 'AU']);
  assert.deepEqual(home.map((c) => c.country), ['JP']);
  assert.equal(splitDependence([{ country: 'CN', share: 1 }], []).foreign.length, 1);
});

test('scenario headlines lead with what happened, joint, in the answer\'s unit', () => {
  const oem = (id, cutOff = false) => ({ facility: { id, tier: 'OEM' }, cutOff });
  const unit = 't Dy+Tb/yr';
  const part = { cutOff: [], affected: [...Array(7)].map((_, i) => oem(`O${i}`)), lostJointTonnes: 154.12, lostShare: 0.911, unit };
  assert.equal(scenarioHeadline(part, 'Japan'), 'No OEM in Japan loses all its Dy+Tb; 7 lose part of it: −154 t Dy+Tb/yr joint (91%).');
  // affected lists the cut off ones too: they are not counted twice.
  const a = oem('A', true);
  assert.equal(scenarioHeadline({ cutOff: [a], affected: [a], lostJointTonnes: 50, lostShare: 0.5, unit: 't Nd+Pr/yr' }, 'Japan'), '1 OEM in Japan is cut off from Nd+Pr: −50 t Nd+Pr/yr joint (50%).');
  const m = { facility: { tier: 'Magnet' }, cutOff: true };
  assert.equal(scenarioHeadline({ cutOff: [a, m], affected: [a, m, oem('B')], lostJointTonnes: 50, lostShare: 0.5, unit: 't Dy/yr' }, 'X'), '2 facilities in X are cut off from Dy, 1 more loses part of it: −50 t Dy/yr joint (50%).');
  assert.equal(scenarioHeadline({ cutOff: [], affected: [], lostJointTonnes: 0, lostShare: 0, unit: 't Nd+Pr/yr' }, 'Japan'), 'No facility in Japan loses Nd+Pr supply.');
});
