import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_STATE, encodeState, decodeState, parseCustomControl, formatCustomControl, scenarioBody } from '../src/state.js';

test('an empty hash is the default state', () => {
  assert.deepEqual(decodeState(''), { ...DEFAULT_STATE, tiers: [], countries: [], status: [], collapse: [], avoid: [], via: [], controls: [], custom: [] });
  assert.equal(encodeState(decodeState('#')), '');
});

test('encode and decode are inverse', () => {
  const s = { ...decodeState(''), view: 'map', panel: 'routes', focus: 'LAMP', depth: 3, dest: 'JP', tiers: ['Mine', 'OEM'], avoid: ['CN'], via: ['AU', 'MY'], controls: ['CN-2026-001-JP'], collapse: ['company:Lynas Rare Earths'], custom: ['CN>JP>Dy+Tb'], asOf: '2026-02-01' };
  const h = encodeState(s);
  assert.deepEqual(decodeState(`#${h}`), s);
  assert.match(h, /dest=JP/);
});

test('bad values fall back to defaults', () => {
  const s = decodeState('view=nope&panel=x&depth=99&asOf=tomorrow');
  assert.equal(s.view, 'chain');
  assert.equal(s.panel, 'details');
  assert.equal(s.depth, 2);
  assert.equal(s.asOf, '');
});

test('custom controls round-trip and join the scenario body', () => {
  const c = parseCustomControl('CN>JP>Dy+Tb');
  assert.deepEqual(c, { id: 'custom-CN-JP', from: 'CN', to: 'JP', elements: ['Dy', 'Tb'] });
  assert.equal(formatCustomControl(c), 'CN>JP>Dy+Tb');
  assert.equal(parseCustomControl('bad'), null);
  assert.equal(scenarioBody({ ...decodeState(''), dest: '' }), null);
  const body = scenarioBody({ ...decodeState(''), dest: 'JP', controls: ['CN-2026-001-JP'], custom: ['CN>*>'] });
  assert.deepEqual(body, { to: 'JP', controls: [{ id: 'CN-2026-001-JP' }, { id: 'custom-CN-ALL', from: 'CN', to: '*' }] });
});
