// A grouping keeps its groups as rows of one table: rows keep their values as the table grows, and a dropped
// group's row goes to a new group while a handle on the dropped one reads as empty, never as the new group.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupTable, Grouping, kindKeyer } from '../../../src/core/session/grouping';
import { RecordTimes } from '../../../src/core/session/recordTimes';
import { MemoryStore, type Rec } from './memoryStore';

const ms = (n: number) => BigInt(n) * 1_000_000n;

test('rows keep their own numbers as the table grows past its capacity', () => {
  const table = new GroupTable(2);
  const rows: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const r = table.alloc(0);
    assert.ok(Number.isNaN(table.startMs[r]!) && Number.isNaN(table.endMs[r]!) && table.errors[r] === 0);
    table.widen(r, 1_764_000_000_000 + i, i);
    table.widen(r, 1_764_000_000_500 + i, 999_999);
    table.errors[r] = i % 7;
    table.token[r] = 3 * i;
    rows.push(r);
  }
  assert.equal(table.rows, 1000);
  rows.forEach((r, i) => {
    assert.deepEqual(
      [table.startMs[r], table.startSub[r], table.endMs[r], table.endSub[r], table.errors[r], table.token[r]],
      [1_764_000_000_000 + i, i, 1_764_000_000_500 + i, 999_999, i % 7, 3 * i],
    );
  });
});

test('a released row is reset for its next group and its generation moves on', () => {
  const table = new GroupTable(4);
  const a = table.alloc(0);
  table.widen(a, 10, 1);
  table.errors[a] = 3;
  const gen = table.gen[a];
  table.release(a);
  const b = table.alloc(2);
  assert.equal(b, a, 'the new group took the released row');
  assert.notEqual(table.gen[b], gen);
  assert.ok(Number.isNaN(table.startMs[b]!));
  assert.deepEqual([table.errors[b], table.kind[b], table.token[b]], [0, 2, -2]);
});

function grouping(store: MemoryStore) {
  const times = new RecordTimes(store);
  const live = new Set<number>();
  const g = new Grouping(store, times, kindKeyer(store, 'trace'), true, 'trace', (id) => live.has(id));
  const add = (recs: Rec[]) => {
    const from = store.count;
    store.append(recs);
    for (let id = from; id < store.count; id++) live.add(id);
    times.extend(store.count);
    g.catchUp();
  };
  return { g, live, add };
}

test('a handle on a dropped group reads as empty after its row is given to a new group', () => {
  const store = new MemoryStore();
  const { g, live, add } = grouping(store);
  add([
    { timeNs: ms(5), traceId: 'aa', level: 'error', service: 'api', message: 'a' },
    { timeNs: ms(9), traceId: 'bb', message: 'b' },
  ]);
  const aa = g.get('trace:aa')!;
  assert.deepEqual([aa.records, aa.errors, aa.services], [1, 1, ['api']]);
  live.delete(0);
  g.evict([0], 0);
  assert.equal(g.get('trace:aa'), undefined);
  add([{ timeNs: ms(20), traceId: 'cc', thread: 't', message: 'c' }]);
  const cc = g.get('trace:cc')!;
  assert.equal(cc.row, aa.row, 'the dropped row was reused');
  assert.equal(aa.live, false);
  assert.deepEqual([aa.records, aa.spans.length, aa.services, g.sortedIds(aa).length], [0, 0, [], 0]);
  assert.deepEqual([cc.records, cc.errors, cc.services, cc.key], [1, 0, [], 'cc']);
  assert.deepEqual(
    [...g.orderedRows()].map((r) => g.state(r).id),
    ['trace:bb', 'trace:cc'],
  );
});

test('a group without spans has none; its first span gives it a list and a root', () => {
  const store = new MemoryStore();
  const { g, add } = grouping(store);
  add([
    { timeNs: ms(3), traceId: 't', message: 'a' },
    { timeNs: ms(4), traceId: 'u', message: 'b' },
  ]);
  const t = g.get('trace:t')!,
    u = g.get('trace:u')!;
  assert.deepEqual([t.spans.length, t.root], [0, null]);
  store.append(
    [],
    [
      {
        traceId: 't',
        spanId: 's1',
        name: 'GET /',
        startNs: 2_000_000n,
        endNs: 5_500_000n,
        service: 'api',
        status: 'error',
      },
    ],
  );
  g.catchUp();
  assert.deepEqual([...t.spans], [0]);
  assert.equal(u.spans.length, 0);
  assert.equal(t.root, 'GET /');
  assert.deepEqual([t.startMs, t.endMs, t.endSub, t.errors], [2, 5, 500_000, 1]);
  assert.deepEqual(t.services, ['api']);
  assert.deepEqual(t.summary().services, ['api']);
});

test("a group lists its records' services once each, in the order first seen, past the bits the grouping has", () => {
  const store = new MemoryStore();
  const { g, add } = grouping(store);
  // 40 services (more than a grouping gives bits to), each record's alternating, in two traces
  const names = Array.from({ length: 40 }, (_, i) => `svc-${String(39 - i).padStart(2, '0')}`);
  const recs: Rec[] = [];
  for (let i = 0; i < 400; i++)
    recs.push({ timeNs: ms(i), traceId: i % 3 === 0 ? 'bb' : 'aa', service: names[(i * 7) % 40], message: 'm' });
  add(recs);
  const firstSeen = (trace: string) => [...new Set(recs.filter((r) => r.traceId === trace).map((r) => r.service))];
  assert.deepEqual(g.get('trace:aa')!.services, firstSeen('aa'));
  assert.deepEqual(g.get('trace:bb')!.services, firstSeen('bb'));
  assert.equal(g.get('trace:aa')!.services.length, 40);
});
