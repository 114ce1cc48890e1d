import test from 'node:test';
import assert from 'node:assert/strict';
import { searchIndex, resolveDestination, destEntryLabel, destLabel, dependenceRows, dependsOnSentence, highlightKey, upstreamCountries } from '../src/mapping.js';

const nodes = [
  { id: 'MTW', name: 'Mount Weld', tier: 'Mine', country: 'AU', company: 'Lynas Rare Earths' },
  { id: 'LAMP', name: 'Lynas Malaysia', tier: 'Separation', country: 'MY', company: 'Lynas Rare Earths' },
  { id: 'BAOTOU', name: 'Baotou', tier: 'Separation', country: 'CN', company: 'Northern' },
  { id: 'MAG', name: 'Shin-Etsu', tier: 'Magnet', country: 'JP', company: 'Shin-Etsu' },
  { id: 'OEM', name: 'Toyota', tier: 'OEM', country: 'JP', company: 'Toyota' },
  { id: 'US1', name: 'Far away', tier: 'Mine', country: 'US', company: 'X' },
];
const names = new Map([['JP', 'Japan'], ['CN', 'China'], ['MY', 'Malaysia']]);

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

test('dependenceRows keeps the home country, marked domestic, in share order', () => {
  const rows = dependenceRows([{ country: 'CN', share: 0.71, tonnes: 9 }, { country: 'JP', share: 0.74, tonnes: 10 }, { country: 'AU', share: 0.08, tonnes: 1 }],
    [{ facility: { id: 'OEM', country: 'JP' } }]);
  assert.deepEqual(rows.map((r) => [r.country, r.domestic]), [['JP', true], ['CN', false], ['AU', false]]);
  assert.deepEqual(dependenceRows(null, []), []);
});

test('dependsOnSentence reads for countries and stays quiet on 0% for companies', () => {
  assert.equal(dependsOnSentence({ country: 'CN', share: 0.71 }, 'JP', names), 'Depends on China for 71% of it.');
  assert.equal(dependsOnSentence({ country: 'CN', share: 0 }, 'JP', names), 'Depends on China for 0% of it.');
  assert.equal(dependsOnSentence({ country: 'CN', share: 0 }, 'company:Lynas Rare Earths', names), '');
  assert.equal(dependsOnSentence({ country: 'CN', share: 0.25 }, 'LAMP', names), '25% of it would be lost without China.');
  assert.equal(dependsOnSentence({ country: 'CN', share: 0.9 }, 'CN', names), '');
  assert.equal(dependsOnSentence(null, 'JP', names), '');
});

test('highlightKey lists only the highlights on screen, in order', () => {
  const k = highlightKey({ route: 5, dest: 7, choke: 0, blocked: 1, match: 0 });
  assert.deepEqual(k.map((x) => x.key), ['dest', 'blocked', 'route']);
  assert.equal(k[0].text, 'destination\'s receiving facilities: 7');
  assert.equal(k[1].text, 'flows blocked by the controls: 1');
  assert.deepEqual(highlightKey({}), []);
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
