// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { dependenceRows, dependsOnSentence, upstreamCountries, splitDependence } from './exposure.js';
import { nodes, names } from './testdata.mjs';

test('dependenceRows keeps the home country, marked domestic, in share order', () => {
  const rows = dependenceRows(
    [
      { country: 'CN', share: 0.71, tonnes: 9 },
      { country: 'JP', share: 0.74, tonnes: 10 },
      { country: 'AU', share: 0.08, tonnes: 1 },
    ],
    [{ facility: { id: 'OEM', country: 'JP' } }],
  );
  assert.deepEqual(
    rows.map((r) => [r.country, r.domestic]),
    [
      ['JP', true],
      ['CN', false],
      ['AU', false],
    ],
  );
  assert.deepEqual(dependenceRows(null, []), []);
});
test('dependsOnSentence reads for countries and stays quiet on 0% for companies', () => {
  assert.equal(dependsOnSentence({ country: 'CN', share: 0.71 }, 'JP', names), 'Depends on China for 71% of it.');
  assert.equal(dependsOnSentence({ country: 'CN', share: 0 }, 'JP', names), 'Depends on China for 0% of it.');
  assert.equal(dependsOnSentence({ country: 'CN', share: 0 }, 'company:Lynas Rare Earths', names), '');
  assert.equal(
    dependsOnSentence({ country: 'CN', share: 0.25 }, 'LAMP', names),
    '25% of it would be lost without China.',
  );
  assert.equal(dependsOnSentence({ country: 'CN', share: 0.9 }, 'CN', names), '');
  assert.equal(dependsOnSentence(null, 'JP', names), '');
});
test("dependsOnSentence gives the share's interval when the answer has ranges", () => {
  const cn = { country: 'CN', share: 0.28, shareRange: { low: 0.2252, median: 0.3566, high: 0.5385 } };
  const ranges = { samples: 1000, asked: 1000, interval: 0.9 };
  assert.equal(dependsOnSentence(cn, 'JP', names, ranges), 'Depends on China for 28% (23–54%, p5–p95) of it.');
  assert.equal(dependsOnSentence(cn, 'LAMP', names, ranges), '28% (23–54%, p5–p95) of it would be lost without China.');
  // Without ranges (samples=0) the sentence is as before.
  assert.equal(dependsOnSentence({ country: 'CN', share: 0.28 }, 'JP', names, null), 'Depends on China for 28% of it.');
});
test('upstreamCountries ranks the supplying countries by tonnes', () => {
  const edges = [
    { from: 'MTW', to: 'LAMP', tonnes: 9000 },
    { from: 'LAMP', to: 'MAG', tonnes: 900 },
    { from: 'BAOTOU', to: 'MAG', tonnes: 5000 },
    { from: 'MAG', to: 'OEM', tonnes: 4000 },
    { from: 'US1', to: 'LAMP', tonnes: null },
  ];
  assert.deepEqual(upstreamCountries(nodes, edges, ['OEM']), ['AU', 'CN', 'JP', 'MY', 'US']);
  assert.deepEqual(upstreamCountries(nodes, edges, ['OEM'], 2), ['AU', 'CN']);
  assert.deepEqual(upstreamCountries(nodes, edges, ['LAMP']), ['AU', 'US']);
  assert.deepEqual(upstreamCountries(nodes, edges, []), []);
});
test("the destination's own country is not listed as a dependency", () => {
  const { foreign, home } = splitDependence(
    [
      { country: 'JP', share: 1 },
      { country: 'CN', share: 0.6 },
      { country: 'AU', share: 0.1 },
    ],
    [{ facility: { id: 'T', country: 'JP' }, eachAloneTonnes: 5 }],
  );
  assert.deepEqual(
    foreign.map((c) => c.country),
    ['CN', 'AU'],
  );
  assert.deepEqual(
    home.map((c) => c.country),
    ['JP'],
  );
  assert.equal(splitDependence([{ country: 'CN', share: 1 }], []).foreign.length, 1);
});
