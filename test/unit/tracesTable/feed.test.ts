// The Traces table's host side over a real session: rows are the session's groupsPage, the scatter's points are
// its groups in start order as typed columns, a dot's index names the same group the host opens, and an invalid
// filter comes back as a problem with its column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionOver } from '../../../src/core/session/session';
import { TracesFeed, traceRow } from '../../../src/extension/traces/feed';
import type { TracesQuery } from '../../../src/shared/protocol';
import { MemoryStore, memoryBackend } from '../session/memoryStore';

const ms = (n: number) => BigInt(n) * 1_000_000n;

function setup() {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  const recs = [];
  // 40 traces, started 10 ms apart out of order; trace k lasts k ms; every 7th has an error
  for (let i = 0; i < 40; i++) {
    const k = (i * 17) % 40;
    recs.push({ timeNs: ms(1000 + k * 10), traceId: `t${k}`, message: `start ${k}`, service: `svc${k % 3}` });
    recs.push({
      timeNs: ms(1000 + k * 10 + k),
      traceId: `t${k}`,
      message: `end ${k}`,
      level: k % 7 === 3 ? ('error' as const) : ('info' as const),
    });
  }
  stores[0]!.append(recs);
  return { session, feed: new TracesFeed(session) };
}

const query = (filter = '', sort: TracesQuery['sort'] = 'start', descending = false): TracesQuery => ({
  by: { kind: 'trace' },
  filter,
  sort,
  descending,
});

test('rows are the session groupsPage rows, sorted as asked', () => {
  const { session, feed } = setup();
  const r = feed.answer({ type: 'tracesPage', requestId: 1, query: query('', 'duration', true), offset: 0, limit: 5 });
  assert.ok(r.type === 'tracesPageResult');
  const expected = session.groupsPage({ by: { kind: 'trace' }, sort: 'duration', descending: true }, { limit: 5 });
  assert.equal(r.total, 40);
  assert.deepEqual(r.rows, expected.items.map(traceRow));
  assert.deepEqual(
    r.rows.map((x) => x.durationMs),
    [39, 38, 37, 36, 35],
  );
  assert.equal(r.rows[0]!.startMs, 1000 + 39 * 10);
  assert.equal(r.rows[0]!.startSubMsNs, 0);
});

test('points are every group in start order; dot k opens the group at offset k of that order', () => {
  const { feed } = setup();
  for (const filter of ['', 'level:error', 'end']) {
    const p = feed.answer({ type: 'tracesPoints', requestId: 1, query: query(filter, 'errors', true) });
    assert.ok(p.type === 'tracesPointsResult');
    assert.ok(p.startMs instanceof Float64Array && p.durationMs instanceof Float64Array);
    assert.ok(p.error instanceof Uint8Array);
    const starts = [...p.startMs];
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
    for (const k of [0, Math.floor(starts.length / 2), starts.length - 1]) {
      const ref = feed.pointGroup(query(filter, 'errors', true), k)!;
      // trace tK starts at 1000 + 10 K ms; filtered, only its last record (K ms later) passes
      const K = Number(ref.id.slice('trace:t'.length));
      assert.equal(starts[k], 1000 + 10 * K + (filter === '' ? 0 : K));
    }
    if (filter === 'level:error') {
      assert.equal(starts.length, [...Array(40).keys()].filter((k) => k % 7 === 3).length);
      assert.ok([...p.error].every((e) => e === 1));
    }
  }
  assert.equal(feed.pointGroup(query(), 40), null);
  assert.equal(feed.pointGroup(query(), -1), null);
});

test('an invalid filter is a problem at its column, with no rows and no points', () => {
  const { feed } = setup();
  const r = feed.answer({ type: 'tracesPage', requestId: 1, query: query('svc1 level:loud'), offset: 0, limit: 5 });
  assert.ok(r.type === 'tracesPageResult' && r.problem);
  assert.equal(r.problem.column, 12);
  assert.equal(r.rows.length, 0);
  const p = feed.answer({ type: 'tracesPoints', requestId: 2, query: query('svc1 level:loud') });
  assert.ok(p.type === 'tracesPointsResult' && p.startMs.length === 0);
});
