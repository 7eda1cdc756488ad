// `threadline inspect` and `threadline stats` on fixture files: the JSON shape issue 3 specifies, with values
// that follow from the fixtures' contents (see test/fixtures/session/generate.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli, fixture } from './runCli';

const at = (ms: number, ns = 0) => (1714551300_000_000_000n + BigInt(ms) * 1_000_000n + BigInt(ns)).toString();
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', null];
// The one record shape (core/json/recordJson.ts), as the record document and Copy as JSON write it too.
const RECORD_KEYS = [
  'time',
  'timeNs',
  'level',
  'message',
  'service',
  'logger',
  'thread',
  'correlationId',
  'traceId',
  'spanId',
  'parentSpanId',
  'source',
  'error',
  'format',
  'file',
  'line',
];
const SPAN_KEYS = ['traceId', 'spanId', 'parentSpanId', 'name', 'service', 'startNs', 'endNs', 'file', 'line'];
const GROUP_KEYS = ['kind', 'key', 'records', 'spans', 'startNs', 'endNs', 'root'];

test(
  'inspect --json over mixed logs, ' + 'OTLP NDJSON and Zipkin prints one object with files, records, spans, groups',
  () => {
    const files = [fixture('mixed.log'), fixture('otlp-traces.ndjson'), fixture('zipkin.json')];
    const r = runCli(['inspect', ...files, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['files', 'records', 'spans', 'groups']);

    assert.deepEqual(
      out.files.map((f: { path: string }) => f.path),
      files,
    );
    const [mixed] = out.files;
    assert.deepEqual(Object.keys(mixed), ['path', 'lines', 'records', 'continuationLines', 'badLines', 'formats']);
    assert.deepEqual([mixed.lines, mixed.records, mixed.continuationLines, mixed.badLines], [9, 5, 3, [9]]);
    assert.equal(mixed.formats.pino, 3);
    assert.equal(mixed.formats['logstash-logback'], 2);
    assert.equal(out.files[2].lines, readFileSync(files[2]!, 'utf8').trimEnd().split('\n').length);

    // Records: merged by time across files, every key present, times as epoch-ns strings, IDs lower-case.
    assert.deepEqual(
      out.records.map((x: { message: string }) => x.message),
      ['charging card', 'charge failed', 'payment requested', 'authorize failed', 'retrying payment'],
    );
    for (const rec of out.records) {
      assert.deepEqual(Object.keys(rec), RECORD_KEYS);
      assert.ok(LEVELS.includes(rec.level), rec.level);
      assert.match(rec.timeNs, /^\d+$/);
      for (const k of ['traceId', 'spanId', 'parentSpanId'])
        if (rec[k] !== null) assert.equal(rec[k], rec[k].toLowerCase());
    }
    const charging = out.records[0];
    assert.deepEqual(
      { ...charging, source: charging.source && { file: charging.source.file, line: charging.source.line } },
      {
        time: '2024-05-01T08:15:00.012Z',
        timeNs: at(12),
        level: 'info',
        message: 'charging card',
        service: null,
        logger: 'com.acme.Pay',
        thread: 'exec-1',
        correlationId: null,
        traceId: 'a1000000000000000000000000000001',
        spanId: 'a100000000000002',
        parentSpanId: null,
        // caller_class_name com.acme.Pay places Pay.java in its package folder.
        source: { file: 'com/acme/Pay.java', line: 42 },
        error: null,
        format: 'logstash-logback',
        file: files[0],
        line: 2,
      },
    );
    assert.equal(typeof charging.source.function, 'string');
    const authorize = out.records[3];
    assert.deepEqual(
      [authorize.line, authorize.level, authorize.traceId, authorize.spanId, authorize.format],
      [3, 'error', 'b1000000000000000000000000000001', 'b100000000000002', 'pino'],
    );
    assert.equal(out.records[2].correlationId, 'req-42');

    // Spans: the 4 OTLP spans and the 4 Zipkin spans, times in ns (Zipkin µs, with the fraction the SDK wrote).
    assert.equal(out.spans.length, 8);
    for (const s of out.spans) {
      assert.deepEqual(Object.keys(s), SPAN_KEYS);
      assert.match(s.startNs, /^\d+$/);
      assert.match(s.endNs, /^\d+$/);
    }
    const select = out.spans.find((s: { name: string }) => s.name === 'SELECT orders');
    assert.deepEqual(
      [select.startNs, select.endNs, select.parentSpanId, select.service],
      [at(10, 200), at(20, 200), 'a100000000000002', 'shop'],
    );
    const pay = out.spans.find((s: { name: string }) => s.name === 'POST /pay');
    assert.deepEqual(
      [pay.traceId, pay.parentSpanId, pay.startNs, pay.endNs, pay.service],
      ['b1000000000000000000000000000001', null, at(200), at(260), 'pay'],
    );
    // Each span names the file it was read from (the line too, where the index records it).
    assert.deepEqual([select.file, pay.file], [files[2], files[1]]);
    for (const s of out.spans) assert.ok(s.line === null || Number.isInteger(s.line));

    // Groups: primary grouping; record and span counts; root span name.
    for (const g of out.groups) assert.deepEqual(Object.keys(g), GROUP_KEYS);
    const byKey = Object.fromEntries(out.groups.map((g: { kind: string; key: string }) => [`${g.kind}:${g.key}`, g]));
    assert.deepEqual(Object.keys(byKey).sort(), [
      'correlation:req-42',
      'trace:a1000000000000000000000000000001',
      'trace:a10000000000000000000000000000ff',
      'trace:b1000000000000000000000000000001',
      'trace:b2000000000000000000000000000001',
    ]);
    assert.deepEqual(byKey['trace:a1000000000000000000000000000001'], {
      kind: 'trace',
      key: 'a1000000000000000000000000000001',
      records: 2,
      spans: 3,
      startNs: at(0),
      endNs: at(50),
      root: 'GET /checkout',
    });
    assert.deepEqual(byKey['correlation:req-42'], {
      kind: 'correlation',
      key: 'req-42',
      records: 2,
      spans: 0,
      startNs: at(207),
      endNs: at(221),
      root: null,
    });
    assert.equal(byKey['trace:a10000000000000000000000000000ff'].root, null);
  },
);

test('inspect - reads stdin; without --json prints groups and records for people', () => {
  const input = readFileSync(fixture('logback-mdc.jsonl'), 'utf8');
  const r = runCli(['inspect', '-', '--json'], input);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    out.files.map((f: { path: string; lines: number; records: number }) => [f.path, f.lines, f.records]),
    [['-', 7, 7]],
  );
  assert.ok(out.records.every((x: { file: string }) => x.file === '-'));
  assert.deepEqual(
    out.records.map((x: { line: number }) => x.line),
    [1, 2, 3, 4, 5, 6, 7],
  );
  assert.deepEqual(
    out.groups.map((g: { kind: string; key: string; records: number }) => [g.kind, g.key, g.records]),
    [
      ['correlation', 'r-100', 3],
      ['correlation', 'r-101', 3],
      ['thread', 'scheduler-1', 1],
    ],
  );

  const text = runCli(['inspect', fixture('logback-mdc.jsonl')]);
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.split('\n');
  const head = lines.findIndex((l) => l.startsWith('correlation r-101'));
  assert.ok(head > 0, text.stdout);
  assert.match(lines[head]!, /3 records, 0 spans, 1 errors, 55\.0 ms/);
  assert.match(lines[head + 1]!, /2024-05-01T08:15:00\.005000Z INFO .*GET \/orders\/2 started/);
  assert.match(lines[head + 3]!, /ERROR .*GET \/orders\/2 failed/);
});

test('stats --json: lines, records, bad lines, groups per kind, levels, formats, elapsed ms', () => {
  const r = runCli(['stats', fixture('mixed.log'), fixture('logback-mdc.jsonl'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const st = JSON.parse(r.stdout);
  assert.deepEqual([st.lines, st.records, st.continuationLines, st.badLines], [16, 12, 3, 1]);
  assert.equal(st.records + st.continuationLines + st.badLines, st.lines);
  assert.deepEqual(st.groups, { trace: 2, correlation: 3, thread: 1, ungroupedRecords: 0 });
  assert.deepEqual(st.levels, { trace: 0, debug: 1, info: 6, warn: 2, error: 3, fatal: 0, none: 0 });
  assert.deepEqual(st.formats, { pino: 3, 'logstash-logback': 9 });
  assert.equal(typeof st.elapsedMs, 'number');
  assert.deepEqual(
    st.files.map((f: { path: string; badLines: number }) => [f.path, f.badLines]),
    [
      [fixture('mixed.log'), 1],
      [fixture('logback-mdc.jsonl'), 0],
    ],
  );

  const text = runCli(['stats', fixture('logback-mdc.jsonl')]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /groups: 0 traces, 2 correlation IDs, 1 threads; 0 records in none/);
  assert.match(text.stdout, /levels: debug 1, info 4, warn 1, error 1/);
  assert.match(text.stdout, /formats: logstash-logback 7/);
});
