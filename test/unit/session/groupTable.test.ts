// A grouping keeps its groups' numbers in one table, a row each: rows keep their values as the table grows,
// and a dropped group keeps its own (callers may still hold it) while its row goes to a new group.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupState, GroupTable } from '../../../src/core/session/grouping';

function numbers(g: GroupState) {
  return [g.startMs, g.startSub, g.endMs, g.endSub, g.orderMs, g.orderSub, g.errors, g.token, g.lastServiceKey];
}

test('groups sharing a table keep their own numbers as it grows past its capacity', () => {
  const table = new GroupTable(2);
  const groups: GroupState[] = [];
  for (let i = 0; i < 1000; i++) {
    const g = new GroupState(null, 'trace', `t${i}`, null, table);
    assert.ok(Number.isNaN(g.startMs) && Number.isNaN(g.endMs) && g.errors === 0 && g.token === -2);
    g.widen(1_764_000_000_000 + i, i);
    g.widen(1_764_000_000_500 + i, 999_999);
    g.errors = i % 7;
    g.token = 3 * i;
    g.moved = i % 2 === 0;
    g.inOrder = i % 3 === 0;
    groups.push(g);
  }
  assert.ok(table.rows >= 1000);
  groups.forEach((g, i) => {
    assert.deepEqual(
      [g.startMs, g.startSub, g.endMs, g.endSub, g.errors, g.token],
      [1_764_000_000_000 + i, i, 1_764_000_000_500 + i, 999_999, i % 7, 3 * i],
    );
    assert.equal(g.moved, i % 2 === 0);
    assert.equal(g.inOrder, i % 3 === 0);
    assert.equal(g.removed, false);
  });
});

test('a dropped group keeps its numbers after its row is given to a new group', () => {
  const table = new GroupTable(4);
  const a = new GroupState(null, 'trace', 'a', null, table);
  a.widen(10, 1);
  a.widen(20, 2);
  a.errors = 3;
  a.removed = true;
  const before = numbers(a);
  a.detach();
  const b = new GroupState(null, 'trace', 'b', null, table);
  b.widen(99, 9);
  b.errors = 1;
  assert.equal(table.rows, 1, 'the new group took the dropped group’s row');
  assert.deepEqual(numbers(a), before);
  assert.equal(a.removed, true);
  assert.equal(b.removed, false);
  assert.deepEqual([b.startMs, b.endMs, b.errors], [99, 99, 1]);
});

test('a group without spans shares the empty list; its first span gives it its own and a root', () => {
  const g = new GroupState(null, 'trace', 't', null, new GroupTable());
  const h = new GroupState(null, 'trace', 'u', null, new GroupTable());
  assert.equal(g.spans.length, 0);
  assert.equal(g.root, null);
  g.addSpan(5, {
    traceId: 't',
    spanId: 's1',
    parentSpanId: null,
    name: 'GET /',
    startNs: 2_000_000n,
    endNs: 5_500_000n,
    service: 'api',
    kind: null,
    status: 'error',
    statusMessage: null,
    attributes: {},
    events: [],
    links: [],
    origin: 'reported',
    format: 'otlp',
  });
  assert.deepEqual([...g.spans], [5]);
  assert.equal(h.spans.length, 0);
  assert.equal(g.root, 'GET /');
  assert.deepEqual([g.startMs, g.endMs, g.endSub, g.errors], [2, 5, 500_000, 1]);
  assert.deepEqual(g.services, ['api']);
});
