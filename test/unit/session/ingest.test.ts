import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionOver } from '../../../src/core/session/session';
import { UNGROUPED_GROUP_ID, type GroupSummary, type SessionApi } from '../../../src/core/session/api';
import { MemoryStore, memoryBackend, type Rec } from './memoryStore';
import { allRecords, groupIdOf, groupList, groupsPage, records } from '../../support/sessionQueries';

const ms = (n: number) => BigInt(n) * 1_000_000n;
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function setup(maxRecords?: number) {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores), maxRecords ? { maxRecords } : {});
  return { session, store: stores[0]!, stores };
}

const turn = () => new Promise<void>((r) => setImmediate(r));

async function settle(session: SessionApi): Promise<number> {
  let turns = 0;
  while (session.groupsPending({ kind: 'trace' }) > 0) {
    await turn();
    turns++;
  }
  return turns;
}

/** Start order as the API states it, computed from the summaries alone. */
function byStart(a: GroupSummary, b: GroupSummary): number {
  if (a.startNs === null || b.startNs === null)
    return a.startNs === b.startNs ? compareIds(a.id, b.id) : a.startNs === null ? 1 : -1;
  return a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : compareIds(a.id, b.id);
}

test(
  'a big append is taken in over several turns; ' + 'what is listed meanwhile is consistent and counted as pending',
  async () => {
    const { session, store } = setup();
    const n = 150_000;
    let notified = 0;
    session.onDidChange(() => notified++);
    store.append(
      Array.from({ length: n }, (_, i): Rec => ({ timeNs: ms(i), traceId: `t${i % 5000}`, message: `m${i}` })),
    );
    assert.ok(
      session.groupsPending({ kind: 'trace' }) > 0,
      'a big append is not taken in inside the call that made it',
    );
    await turn();
    const pending = session.groupsPending({ kind: 'trace' });
    assert.ok(pending > 0 && pending < n, `one turn takes in a slice (${pending} pending)`);
    const placed = groupList(session, { kind: 'trace' }).reduce((k, g) => k + g.records, 0);
    assert.equal(placed, n - session.groupsPending({ kind: 'trace' }), 'groups hold exactly what is not pending');
    const turns = await settle(session);
    assert.ok(turns > 1, `${turns} turns`);
    const groups = groupList(session, { kind: 'trace' });
    assert.equal(groups.length, 5000);
    assert.equal(
      groups.reduce((k, g) => k + g.records, 0),
      n,
    );
    assert.equal(session.stats().records, n);
    assert.equal(allRecords(session, { limit: 0 }).total, n);
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(notified >= 2, `listeners hear of the progress (${notified})`);
    session.dispose();
  },
);

test('groupsPage pages the start order of groups(), ungrouped last, as records move group starts', async () => {
  const { session, store } = setup();
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  for (let round = 0; round < 6; round++) {
    const recs: Rec[] = [];
    for (let i = 0; i < 3000; i++) {
      const k = Math.floor(rnd() * 400);
      // Later rounds bring earlier records for existing groups (a second source catching up), moving their start.
      recs.push({
        timeNs: rnd() < 0.05 ? null : ms(Math.floor(rnd() * 100_000) - round * 10_000),
        thread: k < 380 ? `th${k}` : undefined,
        source_: `s${round % 2}`,
      });
    }
    store.append(recs);
    await settle(session);
    const all = groupList(session, { kind: 'trace' });
    const named = all.filter((g) => g.id !== UNGROUPED_GROUP_ID);
    assert.deepEqual(
      named.map((g) => g.id),
      [...named].sort(byStart).map((g) => g.id),
      `round ${round}: start order`,
    );
    assert.equal(all.at(-1)!.id, UNGROUPED_GROUP_ID);
    assert.equal(
      all.reduce((k, g) => k + g.records, 0),
      store.count,
    );
    const pages: GroupSummary[] = [];
    let total = -1;
    for (let off = 0; ; off += 37) {
      const p = groupsPage(session, { kind: 'trace' }, off, 37);
      total = p.total;
      pages.push(...p.items);
      if (p.items.length < 37) break;
    }
    assert.equal(total, all.length);
    assert.deepEqual(pages, all);
  }
  // With a filter, the page is of the filtered list.
  const since = 'since:1970-01-01T00:00:00Z';
  // The filter decides records in slices: compare once its answer is complete.
  while (session.groupsPage({ by: { kind: 'trace' }, filter: since }, { limit: 0 }).pending > 0) await turn();
  const filtered = groupList(session, { kind: 'trace' }, since);
  const page = session.groupsPage({ by: { kind: 'trace' }, filter: since }, { offset: 5, limit: 10 });
  assert.deepEqual({ total: page.total, items: page.items }, { total: filtered.length, items: filtered.slice(5, 15) });
});

test('the cap applies to stream records: records of a file are kept, the oldest stream records evicted', async () => {
  const { session, store } = setup(100);
  store.kinds.set('app.log', 'file');
  store.kinds.set('kubectl logs', 'stream');
  for (let i = 0; i < 300; i++) {
    const file = i % 2 === 0;
    store.append([
      { timeNs: ms(i), thread: file ? 'file' : 'live', message: `m${i}`, source_: file ? 'app.log' : 'kubectl logs' },
    ]);
  }
  const counts = Object.fromEntries(groupList(session, { kind: 'trace' }).map((g) => [g.key, g.records]));
  assert.equal(counts['file'], 150, 'every file record kept');
  assert.ok(counts['live']! <= 100, `stream records capped (${counts['live']})`);
  assert.equal(session.evicted() + counts['live']!, 150);
  assert.equal(session.stats().records, 150 + counts['live']!);
  const live = records(session, 'thread:live', { limit: 1000 }).items;
  assert.equal(live.at(-1)!.message, 'm299');
  // Evicted stream records interleave with kept file records: ids above the oldest live one can be gone too.
  const firstKept = live[0]!.id;
  assert.equal(records(session, 'thread:file', { limit: 1000 }).items[0]!.id, 0);
  await assert.rejects(session.record(firstKept - 2), /evicted/);
  assert.equal((await session.record(0)).message, 'm0');
  assert.equal((await session.record(firstKept - 1)).thread, 'file');
});

test('eviction drops emptied groups; a key seen again makes a new group; other groupings agree', () => {
  const { session, store } = setup(1000);
  const n = 20_000;
  // Each trace of two records: nearly every eviction empties groups (many groups emptied among many groups).
  for (let b = 0; b < n; b += 1000) {
    store.append(
      Array.from({ length: 1000 }, (_, j): Rec => ({
        timeNs: ms(b + j),
        traceId: `t${(b + j) >> 1}`,
        thread: `w${(b + j) % 3}`,
        message: `m${b + j}`,
      })),
    );
  }
  groupList(session, { kind: 'thread' });
  const groups = groupList(session, { kind: 'trace' });
  const total = groups.reduce((k, g) => k + g.records, 0);
  assert.equal(total + session.evicted(), n);
  assert.ok(total <= 1000);
  const liveTraces = new Set(Array.from({ length: total }, (_, i) => `trace:t${(n - total + i) >> 1}`));
  assert.deepEqual(new Set(groups.map((g) => g.id)), liveTraces);
  assert.ok(groups.every((g) => g.records > 0));
  assert.deepEqual(
    groups.map((g) => g.id),
    [...groups].sort(byStart).map((g) => g.id),
    'start order after eviction',
  );
  assert.equal(groupsPage(session, { kind: 'trace' }, 0, 5).total, groups.length);
  assert.equal(session.stats().groups.trace, groups.length, 'stats count the groups left');
  assert.equal(
    groupList(session, { kind: 'thread' }).reduce((k, g) => k + g.records, 0),
    total,
  );
  // t0 was evicted with its records; it comes back as a new group with only the new record.
  store.append([{ timeNs: ms(n + 1), traceId: 't0', message: 'again' }]);
  const t0 = groupList(session, { kind: 'trace' }).find((g) => g.id === 'trace:t0')!;
  assert.equal(t0.records, 1);
  assert.equal(t0.startNs, ms(n + 1));
  assert.equal(records(session, 'trace:t0').items[0]!.message, 'again');
  assert.equal(groupIdOf(session, 0), null, 'an evicted record is in no group');
});

test('clear() drops records still waiting to be taken in', () => {
  const { session, store } = setup();
  store.append(Array.from({ length: 120_000 }, (_, i): Rec => ({ timeNs: ms(i), thread: `t${i % 7}` })));
  assert.ok(session.groupsPending({ kind: 'trace' }) > 0);
  session.clear();
  assert.equal(session.groupsPending({ kind: 'trace' }), 0, 'clear drops pending work');
  assert.equal(groupList(session, { kind: 'trace' }).length, 0);
});
