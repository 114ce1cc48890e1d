// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { TIER_ORDER, tierColumn, compareTiers, countryColour } from './tiers.js';

test('tiers are columns in chain order', () => {
  assert.equal(TIER_ORDER[0], 'Mine');
  assert.ok(tierColumn('Magnet') < tierColumn('OEM'));
  assert.ok(tierColumn('Nope') >= TIER_ORDER.length);
  assert.deepEqual(['OEM', 'Mine', 'Alloy'].sort(compareTiers), ['Mine', 'Alloy', 'OEM']);
  assert.equal(countryColour('CN'), countryColour('CN'));
  assert.notEqual(countryColour('CN'), countryColour('JP'));
});
