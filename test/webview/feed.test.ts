// The host side of the protocol, under plain Node: chunking, string tables, marker order, the row for
// records without a span, critical path, and the panel's Content-Security-Policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimelineFeed, clipText, valueText } from '../../src/extension/timeline/feed';
import { answerRequest } from '../../src/extension/timeline/answer';
import { timelineHtml } from '../../src/extension/timeline/html';
import { contentSecurityPolicy } from '../../src/extension/webviewHtml';
import { SpanFlag } from '../../src/shared/protocol';
import { GeneratedSession, SpecSession } from './fakeSession';
import { CHECKOUT, CHECKOUT_ROWS } from './fixtures';
import { groupList, records, spanTree } from '../support/sessionQueries';

test('group meta counts spans, records, errors and services', async () => {
  const feed = new TimelineFeed(new SpecSession([CHECKOUT]));
  const m = await feed.openGroup(CHECKOUT.groupId);
  assert.equal(m.spanCount, 7); // six spans plus the row of records that name no span
  assert.equal(m.markerCount, 5);
  assert.equal(m.errorCount, 2); // the error span and the error record
  assert.deepEqual(m.services, ['frontend', 'auth', 'db', 'cache']);
  assert.equal(m.durationNs, 100e6);
  assert.equal(m.baseNs, (1732540000000n * 1_000_000n).toString());
});

test('span chunks carry pre-order columns and only the strings they add', async () => {
  const feed = new TimelineFeed(new SpecSession([CHECKOUT]));
  const a = await feed.spanChunk(CHECKOUT.groupId, 0, 3),
    b = await feed.spanChunk(CHECKOUT.groupId, 3, 10);
  assert.equal(a.count, 3);
  assert.equal(b.count, 4);
  assert.equal(b.offset, 3);
  const table: string[] = [];
  for (const c of [a, b])
    c.strings.forEach((s, i) => {
      table[c.stringsFrom + i] = s;
    });
  const names = [...a.name, ...b.name].map((i) => table[i]);
  assert.deepEqual(names, CHECKOUT_ROWS.slice(1));
  assert.deepEqual([...a.depth, ...b.depth], [0, 1, 1, 2, 1, 1, 0]);
  assert.deepEqual([...a.parent, ...b.parent], [-1, 0, 0, 2, 0, 0, -1]);
  assert.equal(a.start[2], 25e6);
  assert.equal(a.duration[2], 35e6);
  assert.ok(a.flags[2]! & SpanFlag.error);
  assert.ok(b.flags[3]! & SpanFlag.unattached);
  assert.ok(a.start instanceof Float64Array && a.depth instanceof Uint16Array);
});

test('markers are grouped by span and time-ordered within it', async () => {
  const feed = new TimelineFeed(new SpecSession([CHECKOUT]));
  const s = await feed.spanChunk(CHECKOUT.groupId, 0, 100),
    m = await feed.markerChunk(CHECKOUT.groupId, 0, 100);
  assert.deepEqual([...m.span], [1, 2, 2, 5, 6]);
  assert.deepEqual(
    [...m.time].map((t) => t / 1e6),
    [10, 40, 58, 70, 50],
  );
  assert.deepEqual([...m.level], [3, 4, 5, 2, 3]);
  assert.equal(s.markerStart[2], 1);
  assert.equal(s.markerCount[2], 2);
  const partial = await feed.markerChunk(CHECKOUT.groupId, 3, 1);
  assert.equal(partial.count, 1);
  assert.equal(partial.span[0], 5);
});

test('details and records come through requests with the same id, errors as error responses', async () => {
  const feed = new TimelineFeed(new SpecSession([CHECKOUT]));
  const d = await answerRequest(feed, { type: 'spanDetail', requestId: 7, groupId: CHECKOUT.groupId, spanIndex: 2 });
  assert.equal(d.type, 'spanDetailResult');
  assert.equal(d.requestId, 7);
  if (d.type !== 'spanDetailResult') return;
  assert.equal(d.detail.status, 'error');
  assert.equal(d.detail.statusMessage, 'deadline exceeded');
  assert.deepEqual(d.detail.attributes[0], ['db.statement', 'SELECT * FROM orders WHERE id = $1']);
  assert.equal(d.detail.events[0]!.name, 'exception');
  const r = await feed.records(CHECKOUT.groupId, 2, 0, 10);
  assert.equal(r.total, 2);
  assert.equal(r.items[1]!.message, 'query timeout after 30000ms');
  assert.equal(r.items[1]!.source, 'src/db.ts:91');
  const u = await feed.records(CHECKOUT.groupId, 6, 0, 10);
  assert.equal(u.items[0]!.message, 'background heartbeat');
  await assert.rejects(feed.spanDetail(CHECKOUT.groupId, 99));
  await assert.rejects(feed.spanDetail('trace:nope', 0));
});

test('critical path follows the last-finishing child and skips concurrent siblings', async () => {
  const feed = new TimelineFeed(new SpecSession([CHECKOUT]));
  const p = await feed.criticalPath(CHECKOUT.groupId);
  const on = new Set(p.span);
  assert.ok(!on.has(4), 'cache.get overlaps db.query and is not waited for');
  for (const i of [0, 1, 2, 3, 5]) assert.ok(on.has(i), `span ${i} on the path`);
  let total = 0;
  for (let k = 0; k < p.span.length; k++) total += p.end[k]! - p.start[k]!;
  assert.equal(total, 100e6, 'segments tile the root exactly');
});

test(
  'critical path arrives as typed segments relative to the group base, ' + 'for a chain of 100,000 nested spans',
  async () => {
    const n = 100_000;
    const spans = Array.from({ length: n }, (_, i) => ({
      id: `s${i}`,
      parent: i ? `s${i - 1}` : null,
      name: 'nested',
      service: 'svc',
      start: i * 1e-3,
      end: 1000 - i * 1e-3,
    }));
    const feed = new TimelineFeed(
      new SpecSession([{ groupId: 'trace:chain', traceId: 'c', epochMs: '1732540000000', spans, records: [] }]),
    );
    const p = await feed.criticalPath('trace:chain');
    assert.ok(p.span instanceof Int32Array && p.start instanceof Float64Array);
    assert.equal(new Set(p.span).size, n, 'every span of the chain is on the path');
    assert.equal(
      p.start.reduce((a, b) => Math.min(a, b), Infinity),
      0,
    );
    assert.equal(
      p.end.reduce((a, b) => Math.max(a, b), -Infinity),
      1000e6,
    );
  },
);

test('record search matches fuzzily and maps to markers', async () => {
  const feed = new TimelineFeed(new SpecSession([CHECKOUT]));
  const r = await feed.searchRecords(CHECKOUT.groupId, 'query timeot', 10);
  assert.deepEqual([...r.markers], [2]);
  assert.equal((await feed.searchRecords(CHECKOUT.groupId, '   ', 10)).markers.length, 0);
});

test('long values are clipped before they reach the wire', async () => {
  const big = 'x'.repeat(1_000_000);
  assert.ok(clipText(big).length < 5000);
  assert.match(valueText({ a: 1n, b: big }), /more characters\)$/);
  assert.equal(valueText(12345678901234567890n), '12345678901234567890');
});

test('a generated 20,000-span trace chunks losslessly', async () => {
  const s = new GeneratedSession('trace:gen', 20_000, 50_000);
  const feed = new TimelineFeed(s);
  const m = await feed.openGroup('trace:gen');
  assert.equal(m.spanCount, 20_000);
  assert.equal(m.markerCount, 50_000);
  let seen = 0,
    prevSpan = 0,
    prevTime = -Infinity;
  for (let o = 0; o < m.markerCount; o += 7000) {
    const c = await feed.markerChunk('trace:gen', o, 7000);
    for (let k = 0; k < c.count; k++) {
      if (c.span[k] !== prevSpan) {
        assert.ok(c.span[k]! > prevSpan);
        prevSpan = c.span[k]!;
        prevTime = -Infinity;
      }
      assert.ok(c.time[k]! >= prevTime);
      prevTime = c.time[k]!;
      seen++;
    }
  }
  assert.equal(seen, 50_000);
});

test('the panel HTML allows only nonce scripts and extension resources', async () => {
  const csp = contentSecurityPolicy('https://ext.vscode-cdn.net', 'abc123');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!ext\.vscode-cdn\.net)/);
  const html = timelineHtml({
    cspSource: 'https://ext',
    nonce: 'abc123',
    scriptUri: 'https://ext/w.js"><script>',
    styleUri: 's',
    codiconUri: 'c',
  });
  assert.ok(!html.includes('"><script>'), 'resource URIs are escaped');
  assert.equal((html.match(/<script /g) ?? []).length, 1);
  assert.match(html, /<script nonce="abc123"/);
});

test(
  'over the real session: ' + 'every span and record of real fixtures reaches the wire, derived groups included',
  async () => {
    const { createSession } = await import('../../src/core/session/session');
    const s = createSession();
    try {
      for (const f of ['otlp-traces.ndjson', 'pino-lines.jsonl', 'logback-mdc.jsonl'])
        await s.addFile(`test/fixtures/session/${f}`);
      const feed = new TimelineFeed(s);
      const groups = groupList(s);
      assert.ok(groups.some((g) => g.kind === 'trace') && groups.some((g) => g.kind === 'correlation'));
      for (const g of groups) {
        const nodes = spanTree(s, g.id),
          total = records(s, g.id, { limit: 0 }).total;
        const m = await feed.openGroup(g.id);
        assert.equal(m.markerCount, total, `${g.id}: every record is a marker`);
        assert.ok(
          m.spanCount === nodes.length || m.spanCount === nodes.length + 1,
          `${g.id}: one row per span (+ unattached)`,
        );
        const c = await feed.spanChunk(g.id, 0, m.spanCount),
          mk = await feed.markerChunk(g.id, 0, m.markerCount);
        nodes.forEach((n, i) => {
          assert.equal(c.depth[i], n.depth);
          assert.equal(c.parent[i], n.parent);
          assert.equal(c.start[i], Number(n.span.startNs - BigInt(m.baseNs)));
          // The core decides which records belong to a span; the markers follow it.
          assert.equal(
            c.markerCount[i],
            records(s, g.id, { spanId: n.span.spanId, limit: 0 }).total,
            `${g.id} span ${i}`,
          );
        });
        assert.equal(new Set(mk.record).size, total, 'no record twice');
      }
      // A correlation group's records carry no span ID, yet sit on its derived span's row.
      const corr = groups.find((g) => g.kind === 'correlation')!;
      const c = await feed.spanChunk(corr.id, 0, 100);
      assert.ok(c.markerCount[0]! > 0 && !(c.flags[0]! & SpanFlag.unattached));
    } finally {
      s.clear();
    }
  },
);

test('records without a time keep their row in time order; records outside every span get their own row', async () => {
  const spec = {
    groupId: 'trace:t',
    traceId: 't',
    epochMs: '1732540000000',
    spans: [{ id: 's1', name: 'job', service: 'worker', start: 0, end: 10 }],
    records: [
      { span: 's1', at: 2, level: 'info' as const, message: 'a' },
      { span: 's1', at: null, level: 'info' as const, message: 'no time' },
      { span: 's1', at: 7, level: 'info' as const, message: 'b' },
      { span: 'nope', at: 12, level: 'warn' as const, message: 'stray' },
    ],
  };
  const feed = new TimelineFeed(new SpecSession([spec]));
  const meta = await feed.openGroup('trace:t');
  const mk = await feed.markerChunk('trace:t', 0, 10);
  assert.equal(meta.markerCount, 4);
  const times = [...mk.time].map((t) => t / 1e6);
  assert.deepEqual(
    times.slice(0, 3).sort((a, b) => a - b),
    times.slice(0, 3),
    'sorted within the span',
  );
  assert.equal(mk.span[3], 1, 'the stray record is on the extra row');
  assert.equal(meta.durationNs, 12e6, 'the stray record extends the trace');
  const rows = await feed.records('trace:t', 0, 0, 10);
  assert.deepEqual(
    rows.items.map((r) => (r.timeNs === null ? null : r.timeNs / 1e6)).sort(),
    [2, 7, null],
    'the list still says which has no time',
  );
});

test('service colours are stable per name and distinct while the palette lasts', async () => {
  const { assignServiceColours } = await import('../../webview/theme');
  const palette = ['#a00000', '#00a000', '#0000a0', '#A00000'];
  const one = assignServiceColours(['db', 'auth', 'cache'], [palette]);
  const again = assignServiceColours(['cache', 'db', 'auth'], [palette]);
  assert.deepEqual([...one.entries()].sort(), [...again.entries()].sort(), 'order of arrival does not matter');
  assert.equal(new Set(one.values()).size, 3, 'duplicate palette values count once; three services, three colours');
  const many = assignServiceColours(['a', 'b', 'c', 'd', 'e'], [palette]);
  assert.equal(many.size, 5);
  for (const c of many.values()) assert.ok(['#a00000', '#00a000', '#0000a0'].includes(c));
});
