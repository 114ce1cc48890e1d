// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { searchIndex } from './search.js';
import { resolveDestination, destEntryLabel, destLabel } from './destination.js';
import { graph, nodes, names } from './testdata.mjs';

test('the destination box shows names and takes them back', () => {
  const idx = searchIndex(nodes, [{ code: 'JP', name: 'Japan' }]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  assert.equal(destLabel('JP', names, byId), 'Japan');
  assert.equal(destLabel('company:Lynas Rare Earths', names, byId), 'Lynas Rare Earths (company)');
  assert.equal(destLabel('LAMP', names, byId), 'Lynas Malaysia');
  assert.equal(destLabel('ZZ', names, byId), 'ZZ');
  assert.equal(destLabel('', names, byId), '');
  // What the box shows (and the list offers) resolves to the same value.
  for (const e of idx) {
    const want = e.kind === 'company' ? `company:${e.id}` : e.id;
    assert.equal(resolveDestination(idx, destEntryLabel(e)), want, destEntryLabel(e));
  }
  assert.equal(resolveDestination(idx, 'lynas rare earths (company)'), 'company:Lynas Rare Earths');
  assert.equal(resolveDestination(idx, 'Japan'), 'JP');
});
test("destinationIds takes a country's OEMs, a company's or one facility, never mines", async () => {
  const { destinationIds } = await import('./destination.js');
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
  const { resolveDestination, destValue } = await import('./destination.js');
  const idx = searchIndex(graph.nodes, [
    { code: 'JP', name: 'Japan' },
    { code: 'MY', name: 'Malaysia' },
  ]);
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
test('a destination that matches nothing gets the nearest ones', async () => {
  const { suggestDestinations } = await import('./destination.js');
  const idx = searchIndex(graph.nodes, [
    { code: 'JP', name: 'Japan' },
    { code: 'MY', name: 'Malaysia' },
  ]);
  assert.deepEqual(
    suggestDestinations(idx, 'Japn').map((e) => e.id),
    ['JP'],
  );
  assert.equal(suggestDestinations(idx, 'Malasia')[0].id, 'MY');
  assert.deepEqual(suggestDestinations(idx, 'qqqqqqqq'), []);
  assert.deepEqual(suggestDestinations(idx, ''), []);
});
