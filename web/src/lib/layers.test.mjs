// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';

test('layerPositions uncrosses flows, keeps columns and the gap', async () => {
  const { layerPositions } = await import('./layers.js');
  // a1→b2 and a2→b1 cross in the given order; the sweeps uncross them.
  const col = { a1: 0, a2: 0, b1: 1, b2: 1, c1: 2 };
  const pos = layerPositions(
    ['a1', 'a2', 'b1', 'b2', 'c1'],
    col,
    [
      { source: 'a1', target: 'b2' },
      { source: 'a2', target: 'b1' },
      { source: 'b1', target: 'c1' },
      { source: 'b2', target: 'c1' },
    ],
    { gap: 10 },
  );
  assert.equal(Math.sign(pos.a1.y - pos.a2.y), Math.sign(pos.b2.y - pos.b1.y));
  for (const id of Object.keys(col)) assert.equal(pos[id].x, col[id]);
  assert.ok(Math.abs(pos.a1.y - pos.a2.y) >= 10 - 1e-9 && Math.abs(pos.b1.y - pos.b2.y) >= 10 - 1e-9);
  // c1 sits between its two suppliers.
  assert.ok(pos.c1.y >= Math.min(pos.b1.y, pos.b2.y) && pos.c1.y <= Math.max(pos.b1.y, pos.b2.y));
  // An isolated node keeps a place; no edge, no NaN.
  const lone = layerPositions(['x'], { x: 3 }, []);
  assert.deepEqual(lone, { x: { x: 3, y: 0 } });
});
test('layerPositions puts nodes without flows below the others', async () => {
  const { layerPositions } = await import('./layers.js');
  const col = { lone: 1, a: 0, b: 1 };
  const pos = layerPositions(['lone', 'a', 'b'], col, [{ source: 'a', target: 'b' }], { gap: 10 });
  assert.ok(pos.lone.y > pos.b.y);
});
