// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { highlightKey } from './highlights.js';

test('highlightKey lists only the highlights on screen, in order', () => {
  const k = highlightKey({ route: 5, dest: 7, choke: 0, blocked: 1, match: 0 });
  assert.deepEqual(
    k.map((x) => x.key),
    ['dest', 'blocked', 'route'],
  );
  assert.equal(k[0].text, "destination's receiving facilities: 7");
  assert.equal(k[1].text, 'flows blocked by the controls: 1');
  assert.deepEqual(highlightKey({}), []);
});

test('highlightKey lists what is not in force on the as-of date last', () => {
  const k = highlightKey({ notinforce: 3, dest: 1, notyet: 2, ramping: 1 });
  assert.deepEqual(
    k.map((x) => x.key),
    ['dest', 'notyet', 'ramping', 'notinforce'],
  );
  assert.equal(k[3].text, 'flows not in force on the as-of date (faded): 3');
});
