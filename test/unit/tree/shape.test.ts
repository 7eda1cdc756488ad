import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SpanNode } from '../../../src/core/model';
import { childSpans, standInRoot } from '../../../src/extension/tree/shape';

/** A pre-order tree from [depth, parent, records] rows; children counted from the parents. */
function tree(rows: [depth: number, parent: number, records: number][]): SpanNode[] {
  return rows.map(([depth, parent, records], i) => ({
    span: {
      spanId: `s${i}`,
      name: `span ${i}`,
    } as SpanNode['span'],
    depth,
    parent,
    children: rows.filter((r) => r[1] === i).length,
    records,
    errors: 0,
  }));
}

test('standInRoot: a single root that holds records or spans is skipped', () => {
  assert.equal(standInRoot(tree([[0, -1, 3]]), 0), 0, 'one derived span with records: records sit under the group');
  assert.equal(
    standInRoot(
      tree([
        [0, -1, 1],
        [1, 0, 2],
      ]),
      0,
    ),
    0,
    'a trace whose root holds everything',
  );
});

test('standInRoot: a level that adds something stays', () => {
  assert.equal(standInRoot([], 0), -1, 'no spans');
  assert.equal(standInRoot(tree([[0, -1, 3]]), 1), -1, 'records outside the span sit beside it');
  assert.equal(
    standInRoot(
      tree([
        [0, -1, 1],
        [0, -1, 1],
      ]),
      0,
    ),
    -1,
    'two roots',
  );
  assert.equal(standInRoot(tree([[0, -1, 0]]), 0), -1, 'a lone empty span is the only row the group has');
});

test('childSpans: roots, and the direct children of a span in pre-order', () => {
  const t = tree([
    [0, -1, 0],
    [1, 0, 0],
    [2, 1, 0],
    [1, 0, 0],
    [0, -1, 0],
    [1, 4, 0],
  ]);
  assert.deepEqual(childSpans(t, -1), [0, 4]);
  assert.deepEqual(childSpans(t, 0), [1, 3]);
  assert.deepEqual(childSpans(t, 1), [2]);
  assert.deepEqual(childSpans(t, 2), []);
  assert.deepEqual(childSpans(t, 4), [5]);
});
