// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { shortName } from './text.js';

test('short names drop details, shorten common words and cut at a word', () => {
  assert.equal(
    shortName('Lynas Malaysia advanced materials plant (Gebeng Industrial Estate, Kuantan)'),
    'Lynas Malaysia advanced…',
  );
  assert.equal(shortName('Chinese rare-earth metal makers (aggregate; Baotou)'), 'CN RE metal makers');
  assert.equal(shortName('MP Independence - NdPr metal & alloy line (Fort Worth, TX)'), 'MP Independence');
  assert.equal(shortName('Ngualla'), 'Ngualla');
  assert.equal(shortName('(only brackets)'), '(only brackets)');
  assert.ok(shortName('x'.repeat(40)).length <= 24);
});
