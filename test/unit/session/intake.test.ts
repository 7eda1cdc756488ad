// The intake's time order of all records: a run of records already in time order is kept as a count until a
// record out of order (or a question) needs the list; either way the order is the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Intake } from '../../../src/core/session/intake';
import { MemoryStore } from './memoryStore';

const ms = (n: number) => BigInt(n) * 1_000_000n;

function orderOf(intake: Intake): number[] {
  intake.all.ensureSorted(intake.times.compare);
  return [...intake.all.view()];
}

test('records in time order, then one out of order, then more: the time order is the same as a sort', () => {
  const times = [1, 2, 2, 5, 9, 3, 10, 4, 11];
  for (const askFirst of [false, true]) {
    const store = new MemoryStore();
    const intake = new Intake(store, Number.MAX_SAFE_INTEGER);
    store.append(times.slice(0, 5).map((t) => ({ timeNs: ms(t), message: `m${t}` })));
    intake.take(store.count);
    if (askFirst) assert.deepEqual(orderOf(intake), [0, 1, 2, 3, 4]);
    store.append(times.slice(5).map((t) => ({ timeNs: ms(t), message: `m${t}` })));
    intake.take(store.count);
    const sorted = times.map((t, id) => [t, id] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    assert.deepEqual(
      orderOf(intake),
      sorted.map(([, id]) => id),
      `asked first: ${askFirst}`,
    );
    assert.deepEqual(
      intake.levelCounts.reduce((a, b) => a + b, 0),
      times.length,
    );
  }
});

test('a capped stream in time order evicts from the order as well', () => {
  const store = new MemoryStore();
  const intake = new Intake(store, 100);
  store.append(Array.from({ length: 250 }, (_, i) => ({ timeNs: ms(i), message: `m${i}` })));
  intake.take(store.count);
  const evicted = intake.evict();
  assert.ok(evicted !== null && evicted.length > 0);
  const order = orderOf(intake);
  assert.equal(order.length, 250 - evicted.length);
  assert.deepEqual(
    order,
    Array.from({ length: order.length }, (_, i) => evicted.length + i),
  );
});

test('the run in time order ends at a record earlier by its nanoseconds only, and ties keep the record before', () => {
  // nanoseconds within one millisecond; a record without a time takes the one before it
  const ns = [5_000_010n, 5_000_010n, 5_000_020n, 5_000_015n, 6_000_000n, undefined, 6_000_000n, 5_999_999n, 7n];
  for (const batch of [1, 4, ns.length]) {
    const store = new MemoryStore();
    const intake = new Intake(store, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < ns.length; i += batch) {
      store.append(ns.slice(i, i + batch).map((t, j) => ({ timeNs: t, message: `m${i + j}` })));
      intake.take(store.count);
    }
    const effective = ns.map((t, id) => t ?? ns[id - 1]!);
    const sorted = effective.map((t, id) => [t, id] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    assert.deepEqual(
      orderOf(intake),
      sorted.map(([, id]) => id),
      `batches of ${batch}`,
    );
  }
});
