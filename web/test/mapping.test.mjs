import test from 'node:test';
import assert from 'node:assert/strict';
import { toElements, columnPositions, spreadColumns, routeElements, routeLabel, searchIndex, search, formatTonnes, formatShare, flowId } from '../src/mapping.js';
import { TIER_ORDER, tierColumn, compareTiers, countryColour } from '../src/tiers.js';
import { toCSV } from '../src/csv.js';

const graph = {
  nodes: [
    { id: 'MTW', name: 'Mount Weld', tier: 'Mine', country: 'AU', company: 'Lynas', status: 'operating' },
    { id: 'LAMP', name: 'Lynas Malaysia', tier: 'Separation', country: 'MY', company: 'Lynas', status: 'operating', locationApproximate: true },
    { id: 'BAOTOU', name: 'Baotou', tier: 'Separation', country: 'CN', company: 'Northern', status: 'operating', aggregate: true },
    { id: 'SHINETSU', name: 'Shin-Etsu', tier: 'Magnet', country: 'JP', company: 'Shin-Etsu', status: 'planned' },
  ],
  edges: [
    { from: 'MTW', to: 'LAMP', material: 'mixed-concentrate', tonnes: 9000, basis: 'reported', sources: ['https://a'] },
    { from: 'LAMP', to: 'SHINETSU', material: 'ndpr-oxide', tonnes: 900, basis: 'estimated', sources: [] },
    { from: 'BAOTOU', to: 'SHINETSU', material: 'ndpr-oxide', tonnes: null, basis: 'inferred', sources: [] },
  ],
};

test('tiers are columns in chain order', () => {
  assert.equal(TIER_ORDER[0], 'Mine');
  assert.ok(tierColumn('Magnet') < tierColumn('OEM'));
  assert.ok(tierColumn('Nope') >= TIER_ORDER.length);
  assert.deepEqual(['OEM', 'Mine', 'Alloy'].sort(compareTiers), ['Mine', 'Alloy', 'OEM']);
  assert.equal(countryColour('CN'), countryColour('CN'));
  assert.notEqual(countryColour('CN'), countryColour('JP'));
});

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
  assert.deepEqual(els.map((e) => e.data.id), ['MTW', 'LAMP', 'MTW>LAMP>mixed-concentrate']);
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

test('column positions and spreading keep tiers in columns', () => {
  const nodes = toElements(graph).filter((e) => e.group === 'nodes').map((e) => e.data);
  const pos = columnPositions(nodes, { colGap: 100, rowGap: 10 });
  assert.equal(pos.MTW.x, 0);
  assert.equal(pos.LAMP.x, 100);
  assert.equal(Math.abs(pos.LAMP.y - pos.BAOTOU.y), 10);
  const tall = columnPositions([...Array(5)].map((_, i) => ({ id: `M${i}`, col: 0, label: `M${i}` })).concat([{ id: 'O', col: 1, label: 'O' }]), { colGap: 100, rowGap: 10, maxRows: 2, subGap: 5 });
  assert.deepEqual([tall.M0.x, tall.M2.x, tall.M4.x], [0, 5, 10]);
  assert.equal(tall.O.x, 110);
  const spread = spreadColumns({ A: { x: 5, y: 0 }, B: { x: 50, y: 1 }, C: { x: 7, y: 100 } }, { A: 1, B: 1, C: 2 }, { colGap: 100, minGap: 40 });
  assert.equal(spread.A.x, 100);
  assert.equal(spread.C.x, 200);
  assert.ok(spread.B.y - spread.A.y >= 40);
});

test('routes, search and formats', () => {
  const route = { hops: [
    { from: { id: 'MTW', name: 'Mount Weld', country: 'AU' }, to: { id: 'LAMP', name: 'LAMP', country: 'MY' }, material: 'mixed-concentrate', tonnes: 9000 },
    { from: { id: 'LAMP', name: 'LAMP', country: 'MY' }, to: { id: 'SHINETSU', name: 'Shin-Etsu', country: 'JP' }, material: 'ndpr-oxide', tonnes: 900 },
  ] };
  const r = routeElements(route);
  assert.deepEqual(r.nodes, ['MTW', 'LAMP', 'SHINETSU']);
  assert.equal(r.edges[1].id, 'LAMP>SHINETSU>ndpr-oxide');
  assert.equal(routeLabel(route), 'Mount Weld (AU) → LAMP (MY) → Shin-Etsu (JP)');
  const idx = searchIndex(graph.nodes, [{ code: 'JP', name: 'Japan' }]);
  assert.equal(search(idx, 'lynas')[0].kind, 'company');
  assert.ok(search(idx, 'lynas').some((e) => e.id === 'LAMP'));
  assert.equal(search(idx, 'japan')[0].id, 'JP');
  assert.equal(search(idx, 'jp')[0].id, 'JP');
  assert.deepEqual(search(idx, ''), []);
  assert.equal(formatTonnes(12345, 't Nd+Pr/yr'), '12,345 t Nd+Pr/yr');
  assert.equal(formatTonnes(null, 't Nd+Pr/yr'), 'n/a');
  assert.equal(formatShare(0.456), '46%');
  assert.equal(formatShare(0.012), '1.2%');
});

test('CSV quotes, escapes and defuses formulas', () => {
  assert.equal(toCSV(['a', 'b'], [[1, 'x,y'], { a: '=SUM(A1)', b: 'say "hi"' }].map((r, i) => (i ? r : r))), 'a,b\r\n1,"x,y"\r\n\'=SUM(A1),"say ""hi"""\r\n');
  assert.equal(toCSV(['n'], [[-3.5], [null], [{ k: 1 }]]), 'n\r\n-3.5\r\n\r\n"{""k"":1}"\r\n');
});

test('hoverLines gives the full name, company and country, then tier and status', async () => {
  const { hoverLines } = await import('../src/mapping.js');
  const names = new Map([['JP', 'Japan']]);
  assert.deepEqual(hoverLines({ id: 'X', name: 'Shin-Etsu Chemical Takefu magnet plant', company: 'Shin-Etsu', country: 'JP', tier: 'Magnet', status: 'planned', throughput: 1200, unit: 't Nd+Pr/yr' }, names),
    ['Shin-Etsu Chemical Takefu magnet plant', 'Shin-Etsu · Japan (JP)', 'Magnet · planned', '1,200 t Nd+Pr/yr in + out']);
  assert.deepEqual(hoverLines({ id: 'LAMP', name: 'Lynas Malaysia', country: 'MY', tier: 'Separation', status: 'operating', locationApproximate: true }),
    ['Lynas Malaysia', 'MY', 'Separation · approximate location']);
  // A flow: material tonnes and element tonnes apart, then material, basis and content.
  assert.deepEqual(hoverLines({ source: 'A', target: 'B', material: 'ndpr-oxide', materialTonnes: 1000, content: 0.85, tonnes: 850, unit: 't Nd+Pr/yr', basis: 'estimated' }),
    ['A → B', '1,000 t NdPr oxide → 850 t Nd+Pr/yr', 'ndpr-oxide · estimated · content 85% Nd+Pr']);
  assert.deepEqual(hoverLines({ source: 'A', target: 'B', material: 'mixed-concentrate', materialTonnes: 500, content: 0, tonnes: 0, unit: 't Dy+Tb/yr', basis: 'reported' }),
    ['A → B', '500 t mixed concentrate/yr; carries no Dy+Tb', 'mixed-concentrate · reported']);
  assert.deepEqual(hoverLines({ source: 'A', target: 'B', aggregated: true, material: 'x, y', tonnes: 12, unit: 't Dy/yr', flows: ['a', 'b'] }), ['A → B', 'x, y · 12 t Dy/yr · 2 flows']);
  assert.deepEqual(hoverLines(null), []);
});

test('destinationIds takes a country\'s OEMs, a company\'s or one facility, never mines', async () => {
  const { destinationIds } = await import('../src/mapping.js');
  const nodes = [
    { id: 'M1', name: 'Mine', tier: 'Mine', country: 'JP', company: 'Acme' },
    { id: 'S1', name: 'Sep', tier: 'Separation', country: 'JP', company: 'Acme' },
    { id: 'O1', name: 'Toyota', tier: 'OEM', country: 'JP', company: 'Toyota' },
    { id: 'O2', name: 'Honda', tier: 'OEM', country: 'JP', company: 'Honda' },
    { id: 'X1', name: 'Acme Magnets', tier: 'Magnet', country: 'DE', company: 'Other' },
    { id: 'Y1', name: 'Plant', tier: 'Magnet', country: 'VN', company: 'V' },
    { id: 'Y2', name: 'Mine VN', tier: 'Mine', country: 'VN', company: 'V' },
  ];
  assert.deepEqual(destinationIds(nodes, 'JP'), ['O1', 'O2']);
  assert.deepEqual(destinationIds(nodes, 'VN'), ['Y1']);
  assert.deepEqual(destinationIds(nodes, 'company:acme'), ['S1', 'X1']);
  assert.deepEqual(destinationIds(nodes, 'S1'), ['S1']);
  assert.deepEqual(destinationIds(nodes, ''), []);
  assert.deepEqual(destinationIds(nodes, 'FR'), []);
});

test('resolveDestination keeps destination values and resolves names', async () => {
  const { resolveDestination, destValue } = await import('../src/mapping.js');
  const idx = searchIndex(graph.nodes, [{ code: 'JP', name: 'Japan' }, { code: 'MY', name: 'Malaysia' }]);
  assert.equal(resolveDestination(idx, ''), '');
  assert.equal(resolveDestination(idx, 'JP'), 'JP');
  assert.equal(resolveDestination(idx, 'jp'), 'JP');
  assert.equal(resolveDestination(idx, 'Japan'), 'JP');
  assert.equal(resolveDestination(idx, 'company:Lynas'), 'company:Lynas');
  assert.equal(resolveDestination(idx, 'company:lyn'), 'company:Lynas');
  assert.equal(resolveDestination(idx, 'LAMP'), 'LAMP');
  assert.equal(resolveDestination(idx, 'Lynas Malaysia'), 'LAMP');
  assert.equal(resolveDestination(idx, 'Shin'), 'company:Shin-Etsu');
  assert.equal(resolveDestination(idx, 'zzz'), null);
  assert.equal(destValue({ kind: 'facility', id: 'X' }), 'X');
});

test('layerPositions uncrosses flows, keeps columns and the gap', async () => {
  const { layerPositions } = await import('../src/mapping.js');
  // a1→b2 and a2→b1 cross in the given order; the sweeps uncross them.
  const col = { a1: 0, a2: 0, b1: 1, b2: 1, c1: 2 };
  const pos = layerPositions(['a1', 'a2', 'b1', 'b2', 'c1'], col, [
    { source: 'a1', target: 'b2' }, { source: 'a2', target: 'b1' }, { source: 'b1', target: 'c1' }, { source: 'b2', target: 'c1' }], { gap: 10 });
  assert.equal(Math.sign(pos.a1.y - pos.a2.y), Math.sign(pos.b2.y - pos.b1.y));
  for (const id of Object.keys(col)) assert.equal(pos[id].x, col[id]);
  assert.ok(Math.abs(pos.a1.y - pos.a2.y) >= 10 - 1e-9 && Math.abs(pos.b1.y - pos.b2.y) >= 10 - 1e-9);
  // c1 sits between its two suppliers.
  assert.ok(pos.c1.y >= Math.min(pos.b1.y, pos.b2.y) && pos.c1.y <= Math.max(pos.b1.y, pos.b2.y));
  // An isolated node keeps a place; no edge, no NaN.
  const lone = layerPositions(['x'], { x: 3 }, []);
  assert.deepEqual(lone, { x: { x: 3, y: 0 } });
});

test('layerPositions puts nodes without flows below the others', async () => {
  const { layerPositions } = await import('../src/mapping.js');
  const col = { lone: 1, a: 0, b: 1 };
  const pos = layerPositions(['lone', 'a', 'b'], col, [{ source: 'a', target: 'b' }], { gap: 10 });
  assert.ok(pos.lone.y > pos.b.y);
});
