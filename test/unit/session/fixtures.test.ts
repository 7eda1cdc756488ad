// The session over the real index, on fixture files from real libraries (see test/fixtures/session/generate.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from '../../../src/core/session/session';
import { UNGROUPED_GROUP_ID } from '../../../src/core/session/api';
import { allRecords, groupList, records, spanTree, search } from '../../support/sessionQueries';

const F = (name: string) => `test/fixtures/session/${name}`;
const at = (ms: number, ns = 0) => 1714551300_000_000_000n + BigInt(ms) * 1_000_000n + BigInt(ns);

test('logback with an MDC request ID only: correlation groups, thread fallback, derived timelines', async () => {
  const s = createSession();
  try {
    const sum = await s.addFile(F('logback-mdc.jsonl'));
    assert.equal(sum.records, 7);
    assert.deepEqual(sum.badLines, []);
    const groups = groupList(s, { kind: 'trace' });
    assert.deepEqual(
      groups.map((g) => [g.id, g.records, g.errors, g.startNs, g.endNs]),
      [
        ['correlation:r-100', 3, 0, at(0), at(40)],
        ['correlation:r-101', 3, 1, at(5), at(60)],
        ['thread:scheduler-1', 1, 0, at(25), at(25)],
      ],
    );
    const [span] = spanTree(s, 'correlation:r-101');
    assert.equal(span!.span.origin, 'derived');
    assert.equal(span!.span.startNs, at(5));
    assert.equal(span!.span.endNs, at(60));
    assert.equal(span!.records, 3);
    assert.deepEqual(
      records(s, 'correlation:r-101').items.map((r) => r.message),
      ['GET /orders/2 started', 'order 2 not found', 'GET /orders/2 failed'],
    );

    const byThread = groupList(s, { kind: 'thread' }).map((g) => [g.key, g.records]);
    assert.deepEqual(byThread, [
      ['http-nio-8080-exec-1', 3],
      ['http-nio-8080-exec-2', 3],
      ['scheduler-1', 1],
    ]);
    // logger is not an index column: grouping by it parses records in the background.
    groupList(s, { field: 'logger' });
    const end = Date.now() + 5000;
    while (s.groupsPending({ field: 'logger' }) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(Object.fromEntries(groupList(s, { field: 'logger' }).map((g) => [g.key, g.records])), {
      'com.acme.web.OrderController': 4,
      'com.acme.repo.OrderRepository': 2,
      'com.acme.cache.Refresher': 1,
    });
  } finally {
    s.dispose();
  }
});

test('Zipkin export: trace groups with spans, root names, and a placeholder for a parent never exported', async () => {
  const s = createSession();
  try {
    const sum = await s.addFile(F('zipkin.json'));
    assert.equal(sum.spans, 4);
    const groups = groupList(s, { kind: 'trace' });
    assert.deepEqual(
      groups.map((g) => [g.id, g.spans, g.root, g.services]),
      [
        ['trace:a1000000000000000000000000000001', 3, 'GET /checkout', ['shop']],
        ['trace:a10000000000000000000000000000ff', 1, null, ['shop']],
      ],
    );
    assert.equal(groups[0]!.startNs, at(0));
    assert.equal(groups[0]!.endNs, at(50));
    const tree = spanTree(s, 'trace:a1000000000000000000000000000001');
    assert.deepEqual(
      tree.map((n) => [n.span.name, n.depth]),
      [
        ['GET /checkout', 0],
        ['charge', 1],
        ['SELECT orders', 2],
      ],
    );
    const orphan = spanTree(s, 'trace:a10000000000000000000000000000ff');
    assert.deepEqual(
      orphan.map((n) => [n.span.spanId, n.span.origin, n.depth]),
      [
        ['feedfacefeedface', 'placeholder', 0],
        ['a100000000000004', 'reported', 1],
      ],
    );
  } finally {
    s.dispose();
  }
});

test(
  'mixed formats, OTLP NDJSON and Zipkin in one session: ' + 'merged by time, logs attached to reported spans',
  async () => {
    const s = createSession();
    try {
      const mixed = await s.addFile(F('mixed.log'));
      // 9 lines: 5 records (pino, logstash-logback), a raw Java stack trace of 3 lines, 1 truncated line.
      assert.equal(mixed.lines, 9);
      assert.equal(mixed.records, 5);
      assert.equal(mixed.continuationLines, 3);
      assert.deepEqual(
        mixed.badLines.map((b) => b.line),
        [9],
      );
      const otlp = await s.addFile(F('otlp-traces.ndjson'));
      assert.equal(otlp.spans, 4);
      await s.addFile(F('zipkin.json'));

      assert.deepEqual(
        allRecords(s).items.map((r) => r.message),
        ['charging card', 'charge failed', 'payment requested', 'authorize failed', 'retrying payment'],
      );
      const ids = groupList(s, { kind: 'trace' }).map((g) => g.id);
      assert.ok(ids.includes('correlation:req-42'), ids.join());
      assert.ok(!ids.includes(UNGROUPED_GROUP_ID));

      const pay = groupList(s, { kind: 'trace' }).find((g) => g.id === 'trace:b1000000000000000000000000000001')!;
      assert.equal(pay.records, 1);
      assert.equal(pay.spans, 2);
      assert.equal(pay.root, 'POST /pay');
      assert.equal(pay.errors, 2, 'the error record and the span with status error');
      const tree = spanTree(s, pay.id);
      const auth = tree.find((n) => n.span.name === 'authorize card')!;
      assert.equal(auth.records, 1);
      assert.deepEqual(
        records(s, pay.id, { spanId: 'b100000000000002' }).items.map((r) => r.message),
        ['authorize failed'],
      );

      const checkout = spanTree(s, 'trace:a1000000000000000000000000000001');
      assert.equal(checkout.find((n) => n.span.name === 'charge')!.records, 2);

      // The stack trace printed raw belongs to the record above it.
      const failed = allRecords(s).items.find((r) => r.message === 'charge failed')!;
      const full = await s.record(failed.id);
      assert.match(full.error ?? '', /IllegalStateException: declined/);
      assert.equal(full.position.line, 4);

      const hints = s.recordsAtSource('src/main/java/com/acme/Pay.java');
      assert.deepEqual(
        hints.get(42)?.map((r) => r.message),
        ['charging card'],
      );

      assert.deepEqual(
        allRecords(s, { filter: 'level>=error' }).items.map((r) => r.message),
        ['charge failed', 'authorize failed'],
      );
      assert.ok(search(s, 'checkout').some((h) => h.kind === 'span' && h.label === 'GET /checkout'));
    } finally {
      s.dispose();
    }
  },
);

test('a stream: lines arrive in pieces, a partial last line waits for its newline', async () => {
  const s = createSession();
  try {
    const sink = s.addStream('kubectl logs -f api');
    sink.write('{"level":30,"time":1714551300207,"reqId":"q-1","msg":"one"}\n{"level":30,"time":17145513');
    sink.write('00208,"reqId":"q-1","msg":"two"}\n{"level":40,"time":1714551300209,"reqId":"q-2","msg":"thr');
    const end = Date.now() + 5000;
    while (allRecords(s).total < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(
      groupList(s, { kind: 'trace' }).map((g) => [g.id, g.records]),
      [['correlation:q-1', 2]],
    );
    sink.write('ee"}\n');
    sink.end();
    while (!sink.summary().done && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(
      groupList(s, { kind: 'trace' }).map((g) => [g.id, g.records]),
      [
        ['correlation:q-1', 2],
        ['correlation:q-2', 1],
      ],
    );
    assert.equal(sink.summary().lines, 3);
  } finally {
    s.dispose();
  }
});

test('addFile reports progress with the session-wide record count, and its summary reconciles', async () => {
  const s = createSession();
  try {
    await s.addFile(F('logback-mdc.jsonl'));
    const seen: number[] = [];
    const sum = await s.addFile(F('mixed.log'), { onProgress: (p) => seen.push(p.records) });
    assert.ok(seen.length >= 1);
    assert.equal(seen.at(-1), 7 + 5, 'records of both files');
    assert.equal(sum.recordLines + sum.continuationLines + sum.badLines.length, sum.lines);
    assert.deepEqual(
      s.sources().map((x) => [x.name, x.records]),
      [
        [F('logback-mdc.jsonl'), 7],
        [F('mixed.log'), 5],
      ],
    );
    assert.equal(s.stats().records, 12);
    s.clear();
    assert.deepEqual(s.sources(), []);
    assert.deepEqual(groupList(s, { kind: 'trace' }), []);
  } finally {
    s.dispose();
  }
});
