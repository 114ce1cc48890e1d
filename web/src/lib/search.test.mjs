// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { searchIndex, search } from './search.js';
import { routeElements, routeLabel } from './routes.js';
import { formatTonnes } from './units.js';
import { formatShare } from './text.js';
import { graph } from './testdata.mjs';

test('routes, search and formats', () => {
  const route = {
    hops: [
      {
        from: { id: 'MTW', name: 'Mount Weld', country: 'AU' },
        to: { id: 'LAMP', name: 'LAMP', country: 'MY' },
        material: 'mixed-concentrate',
        tonnes: 9000,
      },
      {
        from: { id: 'LAMP', name: 'LAMP', country: 'MY' },
        to: { id: 'SHINETSU', name: 'Shin-Etsu', country: 'JP' },
        material: 'ndpr-oxide',
        tonnes: 900,
      },
    ],
  };
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
