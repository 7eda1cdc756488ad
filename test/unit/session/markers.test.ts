import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionOver } from '../../../src/core/session/session';
import {
  TRACE_RECORDS_SPAN_ID,
  UNGROUPED_GROUP_ID,
  type GroupMarkers,
  type SessionApi,
} from '../../../src/core/session/api';
import { MemoryStore, memoryBackend, type Rec } from './memoryStore';
import { groupList, markers, records as recordsOf, spanTree } from '../../support/sessionQueries';
import { PRIMARY_GROUPING, type GroupBy } from '../../../src/core/session/api';

const ms = (n: number) => BigInt(n) * 1_000_000n;

function setup() {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  const store = stores[0]!;
  let messages = 0;
  const message = store.message.bind(store);
  store.message = (id: number) => {
    messages++;
    return message(id);
  };
  return { session, store, messageReads: () => messages };
}

/** What `records` says, row by row, in the layout `markers` promises. */
function expected(session: SessionApi, groupId: string, by: GroupBy, filter?: string) {
  const nodes = spanTree(session, groupId, by);
  const ids: number[] = [],
    rows: number[] = [];
  const seen = new Set<string>();
  nodes.forEach((n, i) => {
    if (seen.has(n.span.spanId)) return;
    seen.add(n.span.spanId);
    for (const r of recordsOf(session, groupId, {
      spanId: n.span.spanId,
      limit: 1e9,
      by,
      ...(filter ? { filter } : {}),
    }).items) {
      ids.push(r.id);
      rows.push(i);
    }
  });
  const f = filter ? { filter } : {};
  const loose = nodes.length
    ? recordsOf(session, groupId, { spanId: TRACE_RECORDS_SPAN_ID, limit: 1e9, by, ...f })
    : recordsOf(session, groupId, { limit: 1e9, by, ...f });
  for (const r of loose.items) {
    ids.push(r.id);
    rows.push(-1);
  }
  return { ids, rows };
}

function check(session: SessionApi, groupId: string, m: GroupMarkers, by: GroupBy = PRIMARY_GROUPING, filter?: string) {
  const e = expected(session, groupId, by, filter);
  assert.deepEqual([...m.ids], e.ids, `${groupId}: ids in (span, time) order`);
  assert.deepEqual([...m.row], e.rows, `${groupId}: rows follow records(groupId, { spanId })`);
  assert.equal(m.nodes.length, spanTree(session, groupId, by).length);
  const summaries = session.recordSummaries(m.ids);
  summaries.forEach((r, k) => {
    const t = r.timeNs === null ? null : BigInt(m.timeMs[k]!) * 1_000_000n + BigInt(m.timeSubMsNs[k]!);
    assert.equal(t, r.timeNs, `time of record ${r.id}`);
    assert.equal(
      m.level[k],
      r.level === null ? 0 : ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].indexOf(r.level) + 1,
    );
  });
}

const records: Rec[] = [
  { timeNs: ms(12) + 345n, traceId: 'aa', spanId: 'c1', message: 'in child', level: 'error' },
  { timeNs: ms(11), traceId: 'aa', message: 'no span id', level: 'info' },
  { timeNs: ms(13), traceId: 'aa', spanId: 'c1', message: 'still in child' },
  { timeNs: ms(14), traceId: 'aa', spanId: 'd9', parentSpanId: 'c1', message: 'span only in logs', level: 'warn' },
  { timeNs: null, traceId: 'aa', spanId: 'c2', message: 'no time' },
  { timeNs: ms(3), correlationId: 'req-1', message: 'corr a' },
  { timeNs: ms(2), correlationId: 'req-1', message: 'corr b', level: 'debug' },
  { timeNs: ms(5), message: 'nothing to group by' },
  { timeNs: ms(1), thread: 'main', message: 'on a thread', level: 'fatal' },
];
const spans = [
  { traceId: 'aa', spanId: 'c1', parentSpanId: 'p0', name: 'charge', startNs: ms(10), endNs: ms(20) },
  { traceId: 'aa', spanId: 'c2', parentSpanId: 'p0', name: 'reserve', startNs: ms(15), endNs: ms(30) },
];

test('markers: the same records, rows and order as records(groupId, { spanId }), with no message read', async () => {
  const { session, store, messageReads } = setup();
  store.append(records, spans);
  const groups = groupList(session, { kind: 'trace' });
  assert.deepEqual(
    groups.map((g) => g.id).sort(),
    ['correlation:req-1', 'thread:main', 'trace:aa', UNGROUPED_GROUP_ID].sort(),
  );
  const before = messageReads();
  const all = new Map<string, GroupMarkers>();
  for (const g of groups) all.set(g.id, await markers(session, g.id));
  assert.equal(messageReads(), before, 'markers read no message');
  for (const g of groups) check(session, g.id, all.get(g.id)!);
  const trace = all.get('trace:aa')!;
  assert.ok(trace.row.includes(-1), 'the trace-only record is on no row');
  assert.ok(
    [...trace.row].some((r) => trace.nodes[r]?.span.origin === 'derived'),
    'a span known only from logs takes its records',
  );
  assert.equal(Number.isNaN(trace.timeMs[[...trace.ids].indexOf(4)]!), true, 'no time stays no time');
  assert.deepEqual([...all.get(UNGROUPED_GROUP_ID)!.row], [-1]);
  assert.equal((await markers(session, 'trace:nope')).ids.length, 0);
});

test('markers: other groupings and the filter apply as in records()', async () => {
  const { session, store } = setup();
  store.append(records, spans);
  const thread = { kind: 'thread' } as const,
    level = { field: 'level' };
  for (const g of groupList(session, thread)) check(session, g.id, await markers(session, g.id, thread), thread);
  for (const g of groupList(session, level)) check(session, g.id, await markers(session, g.id, level), level);
  const m = await markers(session, 'trace:aa', PRIMARY_GROUPING, 'level>=warn');
  check(session, 'trace:aa', m, PRIMARY_GROUPING, 'level>=warn');
  assert.deepEqual([...m.ids].sort(), [0, 3]);
});

test(
  'markers: a big group is built in slices, ' + 'giving the event loop back, and matches the synchronous tree',
  async () => {
    const { session, store } = setup();
    const n = 200_000;
    const recs: Rec[] = [];
    for (let i = 0; i < n; i++)
      recs.push({
        timeNs: ms(10) + BigInt(i * 100),
        traceId: 'big',
        spanId: i % 3 === 0 ? undefined : `s${i % 50}`,
        message: `m${i}`,
      });
    store.append(recs, [{ traceId: 'big', spanId: 's0', name: 'root', startNs: ms(10), endNs: ms(40) }]);
    // The session takes a big append in over several turns of the event loop.
    while (session.groupsPending({ kind: 'trace' }) > 0) await new Promise((r) => setImmediate(r));
    groupList(session, { kind: 'trace' });
    let turns = 0;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    let done = false;
    setImmediate(tick);
    const m = await markers(session, 'trace:big');
    done = true;
    assert.ok(turns > 1, `other work ran while the markers were built (${turns} turns)`);
    assert.equal(m.ids.length, n);
    check(session, 'trace:big', m);
    // The tree the cooperative build cached is the one spanTree answers with.
    assert.equal(spanTree(session, 'trace:big'), m.nodes);
  },
);

test('the span tree built from a few records per span ID equals the tree built from every record', async () => {
  const { buildSpanTree, buildGroupTree } = await import('../../../src/core/trace/spanTree');
  const { session, store } = setup();
  let seed = 3;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const recs: Rec[] = [];
  for (let i = 0; i < 3000; i++) {
    const k = Math.floor(rnd() * 40);
    recs.push({
      // Out of order, some without a time, some spans only in logs with a parent, services and errors here and there.
      timeNs: rnd() < 0.05 ? null : ms(100) + BigInt(Math.floor(rnd() * 1e9)),
      traceId: 'tt',
      spanId: k < 6 ? undefined : `s${k}`,
      parentSpanId: k >= 30 && rnd() < 0.3 ? (rnd() < 0.5 ? 's10' : 'gone') : undefined,
      service: rnd() < 0.2 ? `svc${k % 3}` : undefined,
      level: rnd() < 0.05 ? 'error' : rnd() < 0.5 ? 'info' : null,
      error: rnd() < 0.02 ? 'boom' : undefined,
      correlationId: i % 7 === 0 ? 'req-9' : undefined,
      thread: 'worker-1',
      message: `m${i}`,
    });
  }
  const reported = [
    { traceId: 'tt', spanId: 's10', name: 'root', service: 'api', startNs: ms(100), endNs: ms(900) },
    {
      traceId: 'tt',
      spanId: 's11',
      parentSpanId: 's10',
      name: 'child',
      status: 'error' as const,
      startNs: ms(200),
      endNs: ms(300),
    },
    { traceId: 'tt', spanId: 's12', parentSpanId: 'missing', name: 'orphan', startNs: ms(250), endNs: ms(260) },
  ];
  store.append(recs, reported);
  const shape = (nodes: ReturnType<SessionApi['spanTree']>) =>
    nodes.map((n) => ({
      spanId: n.span.spanId,
      parent: n.parent,
      depth: n.depth,
      children: n.children,
      records: n.records,
      errors: n.errors,
      startNs: n.span.startNs,
      endNs: n.span.endNs,
      name: n.span.name,
      service: n.span.service,
      parentSpanId: n.span.parentSpanId,
      origin: n.span.origin,
    }));
  for (const by of [{ kind: 'trace' as const }, { kind: 'thread' as const }]) {
    for (const g of groupList(session, by)) {
      if (g.id === UNGROUPED_GROUP_ID) continue;
      // Every record of the group, as the tree takes them: in time order, untimed ones after their source neighbour.
      const all = recordsOf(session, g.id, { limit: 1e9, by }).items;
      const full = all.map((r) => {
        const src = recs[r.id]!;
        return {
          timeNs: r.timeNs,
          traceId: r.traceId,
          spanId: r.spanId,
          parentSpanId: src.parentSpanId ?? null,
          level: r.level,
          error: src.error || r.level === 'error' ? 'error' : null,
          service: r.service,
          thread: r.thread,
        };
      });
      const tree =
        g.kind === 'trace'
          ? buildSpanTree(
              store.spans.filter((s) => s.traceId === g.key),
              full,
              { traceId: g.key },
            )
          : buildGroupTree(g.kind as 'thread', g.key, full);
      const nodes = spanTree(session, g.id, by);
      assert.deepEqual(shape(nodes), shape(tree.nodes), `${g.id}: same nodes`);
      const bySpan = new Map<string, number[]>();
      all.forEach((r, i) => {
        const node = tree.recordNode[i]!;
        const key = node < 0 ? TRACE_RECORDS_SPAN_ID : tree.nodes[node]!.span.spanId;
        bySpan.set(key, [...(bySpan.get(key) ?? []), r.id]);
      });
      for (const [spanId, ids] of bySpan)
        assert.deepEqual(
          recordsOf(session, g.id, { spanId, limit: 1e9, by }).items.map((r) => r.id),
          ids,
          `${g.id} ${spanId}`,
        );
    }
  }
});
