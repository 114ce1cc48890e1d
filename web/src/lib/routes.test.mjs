// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { routeDoubts } from './routes.js';

test("a route's links in doubt are its inferred, not-operating and restricting-country hops", () => {
  const hop = (from, fc, to, tc) => ({
    from: { id: from, country: fc },
    to: { id: to, country: tc },
    material: 'ndpr-oxide',
  });
  const route = {
    hops: [
      hop('MM1', 'MM', 'CN1', 'CN'),
      hop('CN1', 'CN', 'VN1', 'VN'),
      hop('VN1', 'VN', 'JP1', 'JP'),
      hop('JP1', 'JP', 'JP2', 'JP'),
    ],
    caveats: [
      { kind: 'restricting-country', at: 'CN', note: '' },
      { kind: 'inferred', at: 'JP1→JP2', note: '' },
      { kind: 'low-confidence', at: 'VN1→JP1', note: '' },
    ],
  };
  assert.deepEqual(routeDoubts(route), ['MM1>CN1>ndpr-oxide', 'CN1>VN1>ndpr-oxide', 'JP1>JP2>ndpr-oxide']);
  assert.deepEqual(routeDoubts({ hops: route.hops, caveats: [{ kind: 'not-operating', at: 'VN1', note: '' }] }), [
    'CN1>VN1>ndpr-oxide',
    'VN1>JP1>ndpr-oxide',
  ]);
  assert.deepEqual(routeDoubts({ hops: route.hops }), []);
});
