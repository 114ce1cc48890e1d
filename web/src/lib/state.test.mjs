// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_STATE,
  encodeState,
  decodeState,
  parseCustomControl,
  formatCustomControl,
  scenarioBody,
} from './state.js';

test('an empty hash is the default state', () => {
  assert.deepEqual(decodeState(''), {
    ...DEFAULT_STATE,
    tiers: [],
    countries: [],
    status: [],
    collapse: [],
    avoid: [],
    via: [],
    controls: [],
    custom: [],
  });
  assert.equal(encodeState(decodeState('#')), '');
});

test('encode and decode are inverse', () => {
  const s = {
    ...decodeState(''),
    view: 'map',
    panel: 'routes',
    focus: 'LAMP',
    depth: 3,
    dest: 'JP',
    element: 'Dy',
    tiers: ['Mine', 'OEM'],
    avoid: ['CN'],
    via: ['AU', 'MY'],
    controls: ['CN-2026-001-JP'],
    collapse: ['company:Lynas Rare Earths'],
    custom: ['CN>JP>Dy+Tb'],
    asOf: '2026-02-01',
  };
  const h = encodeState(s);
  assert.deepEqual(decodeState(`#${h}`), s);
  assert.match(h, /dest=JP/);
  assert.match(h, /element=Dy(&|$)/);
});

test('the element is in the URL unless it is the default, NdPr', () => {
  assert.equal(DEFAULT_STATE.element, 'NdPr');
  assert.equal(decodeState('').element, 'NdPr');
  assert.doesNotMatch(encodeState({ ...decodeState(''), dest: 'JP' }), /element/);
  assert.equal(encodeState({ ...decodeState(''), element: 'NdPr' }), '');
  for (const el of ['DyTb', 'REE', 'Nd', 'Pr', 'Dy', 'Tb', 'Sm', 'Lu', 'Y']) {
    const h = encodeState({ ...decodeState(''), element: el });
    assert.equal(h, `element=${el}`);
    assert.equal(decodeState(`#${h}`).element, el);
  }
  // Written by hand: groups in any case, REO for REE, symbols capitalised.
  assert.equal(decodeState('element=dytb').element, 'DyTb');
  assert.equal(decodeState('element=REO').element, 'REE');
  assert.equal(decodeState('element=dy').element, 'Dy');
  // Not an element: the default.
  assert.equal(decodeState('element=Fe').element, 'NdPr');
  assert.equal(decodeState('element=').element, 'NdPr');
});

test('bad values fall back to defaults', () => {
  const s = decodeState('view=nope&panel=x&depth=99&asOf=tomorrow');
  assert.equal(s.view, 'chain');
  assert.equal(s.panel, 'details');
  assert.equal(s.depth, 2);
  assert.equal(s.asOf, '');
});

test('the period over time and the timeline panel live in the URL', () => {
  const s = decodeState('panel=timeline&start=2026-01-06&days=365');
  assert.equal(s.panel, 'timeline');
  assert.equal(s.start, '2026-01-06');
  assert.equal(s.days, 365);
  assert.equal(encodeState(s), 'panel=timeline&start=2026-01-06&days=365');
  assert.equal(decodeState('').days, 90);
  assert.equal(encodeState(decodeState('days=90')), '', 'the default days is left out');
  const bad = decodeState('start=soon&days=4000');
  assert.equal(bad.start, '');
  assert.equal(bad.days, 90);
  assert.equal(decodeState('days=3650').days, 3650);
  assert.equal(decodeState('depth=7').depth, 2, 'depth keeps its own bounds');
});

test('custom controls round-trip and join the scenario body', () => {
  const c = parseCustomControl('CN>JP>Dy+Tb');
  assert.deepEqual(c, { id: 'custom-CN-JP', from: 'CN', to: 'JP', elements: ['Dy', 'Tb'] });
  assert.equal(formatCustomControl(c), 'CN>JP>Dy+Tb');
  assert.equal(parseCustomControl('bad'), null);
  assert.equal(scenarioBody({ ...decodeState(''), dest: '' }), null);
  const body = scenarioBody({ ...decodeState(''), dest: 'JP', controls: ['CN-2026-001-JP'], custom: ['CN>*>'] });
  assert.deepEqual(body, {
    to: 'JP',
    element: 'NdPr',
    controls: [{ id: 'CN-2026-001-JP' }, { id: 'custom-CN-ALL', from: 'CN', to: '*' }],
  });
  assert.equal(scenarioBody({ ...decodeState('element=DyTb'), dest: 'JP' }).element, 'DyTb');
  // The scenario answers under the avoided countries, as the other panels do.
  assert.deepEqual(scenarioBody({ ...decodeState('avoid=CN,MM'), dest: 'JP' }).avoid, ['CN', 'MM']);
});
