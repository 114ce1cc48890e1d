// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { toCSV } from './csv.js';

test('CSV quotes, escapes and defuses formulas', () => {
  assert.equal(
    toCSV(
      ['a', 'b'],
      [[1, 'x,y'], { a: '=SUM(A1)', b: 'say "hi"' }].map((r, i) => (i ? r : r)),
    ),
    'a,b\r\n1,"x,y"\r\n\'=SUM(A1),"say ""hi"""\r\n',
  );
  assert.equal(toCSV(['n'], [[-3.5], [null], [{ k: 1 }]]), 'n\r\n-3.5\r\n\r\n"{""k"":1}"\r\n');
});
