import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionOver } from '../../../src/core/session/session';
import { UNGROUPED_GROUP_ID } from '../../../src/core/session/api';
import { MemoryStore, memoryBackend } from './memoryStore';
import { allRecordIds, allRecords, groupIdOf, groupList, records } from '../../support/sessionQueries';

const ms = (n: number) => BigInt(n) * 1_000_000n;

function setup(maxRecords?: number) {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores), maxRecords ? { maxRecords } : {});
  return { session, store: stores[0]!, stores };
}

test('primary grouping: trace beats correlation beats thread; records with none are counted as ungrouped', () => {
  const { session, store } = setup();
  store.append([
    { timeNs: ms(1), traceId: 'aa', correlationId: 'r1', thread: 'main', message: 'a' },
    { timeNs: ms(2), correlationId: 'r1', thread: 'main', message: 'b' },
    { timeNs: ms(3), thread: 'main', message: 'c' },
    { timeNs: ms(4), message: 'd' },
    { timeNs: ms(5), traceId: 'aa', thread: 'worker', message: 'e' },
  ]);
  const groups = groupList(session, { kind: 'trace' });
  const byId = new Map(groups.map((g) => [g.id, g]));
  assert.deepEqual([...byId.keys()], ['trace:aa', 'correlation:r1', 'thread:main', UNGROUPED_GROUP_ID]);
  assert.equal(byId.get('trace:aa')!.records, 2);
  assert.equal(byId.get('correlation:r1')!.records, 1);
  assert.equal(byId.get('thread:main')!.records, 1);
  assert.equal(byId.get(UNGROUPED_GROUP_ID)!.records, 1);
  // Nothing lost: every record is in exactly one group.
  assert.equal(
    groups.reduce((n, g) => n + g.records, 0),
    store.count,
  );
  assert.equal(byId.get('trace:aa')!.startNs, ms(1));
  assert.equal(byId.get('trace:aa')!.endNs, ms(5));
});

test('regrouping by correlation falls back to thread; by thread uses only threads', () => {
  const { session, store } = setup();
  store.append([
    { timeNs: ms(1), traceId: 'aa', correlationId: 'r1', thread: 'main' },
    { timeNs: ms(2), traceId: 'bb', thread: 'main' },
    { timeNs: ms(3), correlationId: 'r1', thread: 'w' },
    { timeNs: ms(4), traceId: 'cc' },
  ]);
  const byCorr = Object.fromEntries(groupList(session, { kind: 'correlation' }).map((g) => [g.id, g.records]));
  assert.deepEqual(byCorr, { 'correlation:r1': 2, 'thread:main': 1, [UNGROUPED_GROUP_ID]: 1 });
  const byThread = Object.fromEntries(groupList(session, { kind: 'thread' }).map((g) => [g.id, g.records]));
  assert.deepEqual(byThread, { 'thread:main': 2, 'thread:w': 1, [UNGROUPED_GROUP_ID]: 1 });
  // A reference names its grouping: the same id is another group (or none) in another grouping.
  assert.equal(records(session, 'thread:main', { by: { kind: 'thread' } }).total, 2);
  assert.equal(records(session, 'thread:main').total, 0);
});

test('grouping by a column field and by a raw field (parsed in the background)', async () => {
  const { session, store } = setup();
  store.append([
    { timeNs: ms(1), service: 'pay', fields: { tenant: 'acme', http: { status: 500 } } },
    { timeNs: ms(2), service: 'cart', fields: { tenant: 'acme', http: { status: 200 } } },
    { timeNs: ms(3), service: 'pay', fields: { tenant: 'globex' } },
  ]);
  const bySvc = Object.fromEntries(groupList(session, { field: 'service' }).map((g) => [g.key, g.records]));
  assert.deepEqual(bySvc, { pay: 2, cart: 1 });

  groupList(session, { field: 'tenant' });
  await waitFor(() => session.groupsPending({ field: 'tenant' }) === 0);
  const byTenant = Object.fromEntries(groupList(session, { field: 'tenant' }).map((g) => [g.key, g.records]));
  assert.deepEqual(byTenant, { acme: 2, globex: 1 });

  groupList(session, { field: 'http.status' });
  await waitFor(() => session.groupsPending({ field: 'http.status' }) === 0);
  const byStatus = groupList(session, { field: 'http.status' });
  assert.deepEqual(Object.fromEntries(byStatus.map((g) => [g.id, g.records])), {
    'field:500': 1,
    'field:200': 1,
    [UNGROUPED_GROUP_ID]: 1,
  });
});

test('reported spans make trace groups with counts, root name and services, even without records', () => {
  const { session, store } = setup();
  store.append(
    [{ timeNs: ms(15), traceId: 'aa', spanId: 's2', level: 'error', message: 'boom' }],
    [
      { traceId: 'aa', spanId: 's1', name: 'GET /pay', service: 'gw', startNs: ms(10), endNs: ms(30) },
      {
        traceId: 'aa',
        spanId: 's2',
        parentSpanId: 's1',
        name: 'charge',
        service: 'pay',
        startNs: ms(12),
        endNs: ms(20),
      },
      { traceId: 'bb', spanId: 't1', name: 'cron', service: 'jobs', startNs: ms(40), endNs: ms(41) },
    ],
  );
  const [a, b] = groupList(session, { kind: 'trace' });
  assert.deepEqual(
    {
      id: a!.id,
      records: a!.records,
      spans: a!.spans,
      errors: a!.errors,
      root: a!.root,
      services: a!.services,
      start: a!.startNs,
      end: a!.endNs,
    },
    {
      id: 'trace:aa',
      records: 1,
      spans: 2,
      errors: 1,
      root: 'GET /pay',
      services: ['gw', 'pay'],
      start: ms(10),
      end: ms(30),
    },
  );
  assert.deepEqual(
    { id: b!.id, records: b!.records, spans: b!.spans, root: b!.root },
    { id: 'trace:bb', records: 0, spans: 1, root: 'cron' },
  );
});

test('records are merged by time across sources, paged, and timeless lines keep their place in their source', () => {
  const { session, store } = setup();
  store.append([
    { timeNs: ms(10), thread: 't', message: 'a10', source_: 'a.log' },
    { timeNs: null, thread: 't', message: 'a-cont', source_: 'a.log' },
    { timeNs: ms(30), thread: 't', message: 'a30', source_: 'a.log' },
  ]);
  store.append([
    { timeNs: ms(5), thread: 't', message: 'b5', source_: 'b.log' },
    { timeNs: ms(20), thread: 't', message: 'b20', source_: 'b.log' },
  ]);
  const all = records(session, 'thread:t', { limit: 100 });
  assert.deepEqual(
    all.items.map((r) => r.message),
    ['b5', 'a10', 'a-cont', 'b20', 'a30'],
  );
  assert.equal(all.items[2]!.timeNs, null, 'a timeless record reports no time of its own');
  const page = records(session, 'thread:t', { offset: 1, limit: 2 });
  assert.equal(page.total, 5);
  assert.deepEqual(
    page.items.map((r) => r.message),
    ['a10', 'a-cont'],
  );
  assert.deepEqual(
    allRecords(session, { offset: 3 }).items.map((r) => r.message),
    ['b20', 'a30'],
  );
  assert.deepEqual(allRecordIds(session, { limit: 10 }), { total: 5, ids: allRecords(session).items.map((r) => r.id) });
});

test('live append updates groups incrementally and notifies at most ten times a second', async () => {
  const { session, store } = setup();
  let calls = 0;
  session.onDidChange(() => calls++);
  const started = Date.now();
  for (let i = 0; i < 200; i++) store.append([{ timeNs: ms(i), thread: `t${i % 3}`, message: `m${i}` }]);
  const groups = groupList(session, { kind: 'trace' });
  assert.deepEqual(
    groups.map((g) => [g.id, g.records]),
    [
      ['thread:t0', 67],
      ['thread:t1', 67],
      ['thread:t2', 66],
    ],
  );
  await new Promise((r) => setTimeout(r, 250));
  const elapsed = Date.now() - started;
  assert.ok(calls >= 1, 'at least one notification');
  assert.ok(calls <= Math.ceil(elapsed / 100) + 1, `${calls} notifications in ${elapsed} ms`);
  store.append([{ timeNs: ms(1000), thread: 't0', message: 'late' }]);
  assert.equal(groupList(session, { kind: 'trace' })[0]!.records, 68);
});

test('eviction keeps at most maxRecords, drops the oldest and counts them', () => {
  const { session, store } = setup(100);
  for (let i = 0; i < 250; i++) store.append([{ timeNs: ms(i), thread: i < 50 ? 'old' : 'new', message: `m${i}` }]);
  const live = groupList(session, { kind: 'trace' });
  const total = live.reduce((n, g) => n + g.records, 0);
  assert.ok(total <= 100, `kept ${total}`);
  assert.equal(session.evicted() + total, 250);
  assert.equal(
    live.find((g) => g.key === 'old'),
    undefined,
    'oldest records went first',
  );
  const newest = records(session, 'thread:new', { limit: 1000 }).items;
  assert.equal(newest.at(-1)!.message, 'm249');
  assert.equal(newest[0]!.message, `m${session.evicted()}`);
  return assert.rejects(session.record(0), /evicted/);
});

test('clear starts an empty session', () => {
  const { session, store, stores } = setup();
  store.append([{ timeNs: ms(1), thread: 'x' }]);
  assert.equal(groupList(session, { kind: 'trace' }).length, 1);
  session.clear();
  assert.equal(groupList(session, { kind: 'trace' }).length, 0);
  assert.equal(stores.length, 2, 'a fresh store after clear');
});

test('record() loads the whole record with its position', async () => {
  const { session, store } = setup();
  store.append([{ timeNs: ms(1), thread: 'x', message: 'first line\nsecond line', fields: { k: 'v' } }]);
  assert.equal(records(session, 'thread:x').items[0]!.message, 'first line');
  const rec = await session.record(0);
  assert.equal(rec.message, 'first line\nsecond line');
  assert.deepEqual(rec.fields, { k: 'v' });
  assert.equal(rec.position.line, 1);
  await assert.rejects(session.record(5), /No record 5/);
});

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('groupIdOf names the group a record is in under each grouping', () => {
  const { session, store } = setup();
  store.append([
    { timeNs: ms(1), traceId: 'aa', correlationId: 'r1', thread: 'main' },
    { timeNs: ms(2), correlationId: 'r1', thread: 'main' },
    { timeNs: ms(3) },
  ]);
  assert.deepEqual(
    [0, 1, 2].map((id) => groupIdOf(session, id)),
    ['trace:aa', 'correlation:r1', UNGROUPED_GROUP_ID],
  );
  assert.deepEqual(
    [0, 1, 2].map((id) => groupIdOf(session, id, { kind: 'thread' })),
    ['thread:main', 'thread:main', UNGROUPED_GROUP_ID],
  );
  assert.equal(groupIdOf(session, 99), null);
});

test('groups placed by record before any lookup are found by id, and spans reported later join them', () => {
  const { session, store } = setup();
  store.append([
    { timeNs: ms(5), traceId: 'aa', service: 'gw', message: 'a' },
    { timeNs: ms(6), traceId: 'bb', service: 'gw', message: 'b' },
    { timeNs: ms(7), traceId: 'aa', service: 'pay', message: 'c' },
  ]);
  // counts first (no group looked up by id yet), then a record's group by id, then spans of a known trace
  assert.equal(session.stats().groups.trace, 2);
  assert.equal(groupIdOf(session, 2), 'trace:aa');
  store.append([], [{ traceId: 'aa', spanId: 's1', name: 'GET /pay', service: 'gw', startNs: ms(1), endNs: ms(9) }]);
  const groups = groupList(session, { kind: 'trace' });
  assert.deepEqual(
    groups.map((g) => [g.id, g.records, g.spans, g.services, g.startNs]),
    [
      ['trace:aa', 2, 1, ['gw', 'pay'], ms(1)],
      ['trace:bb', 1, 0, ['gw'], ms(6)],
    ],
  );
  assert.equal(session.stats().groups.trace, 2);
});

test('a trace group made by its spans takes the records that name it later, and is found by id throughout', () => {
  const { session, store } = setup();
  store.append([], [{ traceId: 'aa', spanId: 's1', name: 'GET /pay', service: 'gw', startNs: ms(1), endNs: ms(9) }]);
  assert.deepEqual(
    groupList(session, { kind: 'trace' }).map((g) => [g.id, g.records, g.spans]),
    [['trace:aa', 0, 1]],
  );
  store.append([
    { timeNs: ms(4), traceId: 'aa', service: 'pay', message: 'a' },
    { timeNs: ms(12), traceId: 'bb', message: 'b' },
    { timeNs: ms(13), traceId: 'aa', message: 'c' },
  ]);
  const groups = groupList(session, { kind: 'trace' });
  assert.deepEqual(
    groups.map((g) => [g.id, g.records, g.spans, g.services, g.startNs, g.endNs]),
    [
      ['trace:aa', 2, 1, ['gw', 'pay'], ms(1), ms(13)],
      ['trace:bb', 1, 0, [], ms(12), ms(12)],
    ],
  );
  assert.equal(session.stats().groups.trace, 2);
  assert.deepEqual(
    records(session, 'trace:aa').items.map((r) => r.message),
    ['a', 'c'],
  );
});
