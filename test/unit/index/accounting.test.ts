import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRecordStore } from '../../../src/core/index/index';
import { columns, indexText, reconciles, tempDir, tempFile } from './helpers';

const L1 =
  '{"@timestamp":"2026-11-25T09:00:00.001Z","@version":"1","message":"one","logger_name":"com.acme.A",' +
  '"thread_name":"t-1","level":"INFO","level_value":20000,"traceId":"0f3d06052c629ce00fc76afb762eba98",' +
  '"spanId":"069f5c4ef6650ab7"}';
const L2 =
  '{"@timestamp":"2026-11-25T09:00:00.002Z","@version":"1","message":"two","logger_name":"com.acme.B",' +
  '"thread_name":"t-2","level":"ERROR","level_value":40000,"traceId":"0f3d06052c629ce00fc76afb762eba98",' +
  '"spanId":"169f5c4ef6650ab7"}';
const STACK =
  'java.lang.IllegalStateException: boom\n\tat com.acme.A.run(A.java:42)\nCaused by: java.io.IOException: ' +
  'reset\n\t... 12 more';

test('plain NDJSON: every line a record, values indexed', async () => {
  const r = await indexText(`${L1}\n${L2}\n`);
  assert.equal(r.summary.lines, 2);
  assert.equal(r.summary.records, 2);
  assert.deepEqual(r.summary.formats, { 'logstash-logback': 2 });
  assert.equal(r.store.string(r.store.traceKey(0)), '0f3d06052c629ce00fc76afb762eba98');
  assert.equal(r.store.string(r.store.spanKey(1)), '169f5c4ef6650ab7');
  assert.equal(r.store.level(1), 5);
  assert.equal(r.store.hasError(1), true);
  assert.equal(r.store.timeMs(0), Date.UTC(2026, 10, 25, 9, 0, 0, 1));
  assert.equal(r.store.message(1), 'two');
  assert.ok(reconciles(r.summary));
});

test('raw Java stack trace lines continue the record above; load() appends them to error', async () => {
  const r = await indexText(`${L1}\n${STACK}\n${L2}\n`);
  assert.equal(r.summary.lines, 6);
  assert.equal(r.summary.continuationLines, 4);
  assert.equal(r.summary.records, 2);
  assert.ok(reconciles(r.summary));
  const rec = await r.store.load(0);
  assert.ok(rec.error?.includes('Caused by: java.io.IOException: reset'));
  assert.equal(await r.store.raw(0), `${L1}\n${STACK}\n`);
  assert.equal(r.store.position(1).line, 6);
});

test(
  'corrupt, truncated and binary lines are bad with reasons; ' + 'text before the first record is a plain record',
  async () => {
    const r = await indexText(
      `not a record\n${L1}\n{"a":1,\n{"a":tru}\n\u0000\u0001garbage\n${L1.slice(0, 40)}\n${L2}\n`,
    );
    const bad = new Map(r.summary.badLines.map((b) => [b.line, b.reason]));
    assert.ok(!bad.has(1), 'a line of output before the first record is not bad');
    assert.equal(r.store.position(0).line, 1);
    assert.equal(r.store.level(0), 0);
    assert.equal((await r.store.load(0)).message, 'not a record');
    assert.equal((await r.store.load(0)).format, 'plain');
    assert.match(bad.get(4)!, /invalid JSON at column \d+/);
    assert.match(bad.get(5)!, /binary data: control byte 0x00 at column 1/);
    assert.match(bad.get(6)!, /invalid JSON/);
    assert.ok(bad.has(3), 'an unclosed object that never closes is bad');
    assert.equal(r.summary.records, 3);
    assert.ok(reconciles(r.summary));
  },
);

test('CRLF, BOM and a last line without newline', async () => {
  const r = await indexText(`\uFEFF${L1}\r\n${L2}`);
  assert.equal(r.summary.lines, 2);
  assert.equal(r.summary.records, 2);
  assert.equal(r.summary.badLines.length, 0);
  assert.equal((await r.store.load(1)).message, 'two');
  assert.equal((await r.store.load(0)).message, 'one');
});

test('gzip files are inflated and indexed; records load by offset', async () => {
  const p = tempFile(gzipSync(Buffer.from(`${L1}\n${STACK}\n${L2}\n`)), 'x.log.gz');
  const store = createRecordStore();
  const r = await store.addFile(p, { workers: 0 });
  assert.equal(r.summary.records, 2);
  assert.equal(r.summary.continuationLines, 4);
  assert.equal((await store.load(1)).message, 'two');
  store.clear();
});

test('empty file, directory and missing file', async () => {
  const e = await indexText('');
  assert.equal(e.summary.lines, 0);
  assert.equal(e.summary.error, null);
  assert.equal(e.summary.done, true);
  const store = createRecordStore();
  const d = await store.addFile(tempDir());
  assert.match(d.summary.error!, /is a directory/);
  const m = await store.addFile(tempDir() + '/nope.log');
  assert.match(m.summary.error!, /no such file/);
});

test('invalid UTF-8 becomes U+FFFD and the line is noted', async () => {
  const bytes = Buffer.concat([
    Buffer.from('{"message":"caf'),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('","level":"info","time":"2026-01-01T00:00:00Z"}\n'),
  ]);
  const r = await indexText(bytes);
  assert.equal(r.summary.records, 1);
  assert.deepEqual(r.invalidUtf8Lines, [1]);
  assert.ok((await r.store.load(0)).message.includes('\uFFFD'));
});

test('__proto__ keys, duplicate keys and 64-bit numeric ids', async () => {
  const r = await indexText(
    [
      '{"__proto__":{"polluted":true},"level":"info","msg":"p","time":1700000000000}',
      '{"level":"info","level":"error","msg":"dup","time":1700000000000}',
      '{"level":"info","msg":"big","time":1700000000000,"traceId":12345678901234567890}',
    ].join('\n') + '\n',
  );
  assert.equal(r.summary.records, 3);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const dup = await r.store.load(1);
  assert.equal(dup.level, 'error', 'the last duplicate wins, as in JSON.parse');
  assert.equal(r.store.level(1), 5);
  assert.equal(r.store.string(r.store.traceKey(2)), '12345678901234567890');
  assert.ok(reconciles(r.summary));
});

test('10,000-deep nesting is a record, not a crash', async () => {
  const r = await indexText('{"msg":"deep","level":"info","d":' + '['.repeat(10000) + ']'.repeat(10000) + '}\n');
  assert.equal(r.summary.records, 1);
});

test('a 100 MB single line is parsed; one over the line limit is reported as too long', async () => {
  const big = '{"level":"info","msg":"' + 'x'.repeat(100 * 1024 * 1024) + '"}\n';
  const r = await indexText(big + L1 + '\n');
  assert.equal(r.summary.lines, 2);
  assert.equal(r.summary.records, 2);
  const small = await indexText('{"msg":"' + 'y'.repeat(5000) + '"}\n' + L1 + '\n', {
    maxLineBytes: 1024,
    chunkSize: 256,
  });
  assert.equal(small.summary.lines, 2);
  assert.match(small.summary.badLines[0].reason, /line too long: 5010 bytes/);
  assert.equal(small.summary.records, 1);
  assert.ok(reconciles(small.summary));
});

test('pretty-printed documents span lines: first line a record line, the rest continuation', async () => {
  const doc = JSON.stringify(
    { '@timestamp': '2026-11-25T09:00:00Z', '@version': '1', message: 'pretty', logger_name: 'a.B', level: 'WARN' },
    null,
    2,
  );
  const r = await indexText(`${doc}\n${L1}\n${doc}\n`);
  const lines = doc.split('\n').length;
  assert.equal(r.summary.lines, 2 * lines + 1);
  assert.equal(r.summary.recordLines, 3);
  assert.equal(r.summary.continuationLines, 2 * (lines - 1));
  assert.equal((await r.store.load(2)).message, 'pretty');
  const arr = await indexText(
    JSON.stringify(
      [
        { level: 'info', msg: 'a', time: 1 },
        { level: 'warn', msg: 'b', time: 2 },
      ],
      null,
      2,
    ) + '\n',
  );
  assert.equal(arr.summary.records, 2);
  assert.equal(arr.summary.recordLines, 1);
  assert.ok(reconciles(arr.summary));
  assert.equal((await arr.store.load(1)).message, 'b');
});

test('a file growing while read is indexed up to the size seen at start', async () => {
  const p = tempFile(`${L1}\n`.repeat(3000));
  const store = createRecordStore();
  let grown = false;
  const r = await store.addFile(p, {
    workers: 0,
    chunkSize: 4096,
    onProgress: () => {
      if (!grown) {
        grown = true;
        appendFileSync(p, `${L2}\n`.repeat(10));
      }
    },
  });
  assert.equal(r.summary.records, 3000);
  assert.ok(
    r.notes.some((n) => /grew while it was read/.test(n)),
    r.notes.join('; '),
  );
  writeFileSync(p, '');
});

test('tiny chunk sizes put boundaries everywhere and change nothing', async () => {
  const text = `\uFEFF${L1}\r\n${STACK}\n${L2}\n{"a":tru}\n${L1}`;
  const ref = await indexText(text);
  for (const chunkSize of [1, 2, 3, 7, 64]) {
    const r = await indexText(text, { chunkSize });
    assert.deepEqual(r.summary.badLines, ref.summary.badLines, `chunk ${chunkSize}`);
    assert.equal(r.summary.continuationLines, ref.summary.continuationLines);
    assert.deepEqual(columns(r.store), columns(ref.store), `chunk ${chunkSize}`);
  }
});

test('an aborted indexing stops early and says so', async () => {
  const ac = new AbortController();
  const p = tempFile(`${L1}\n`.repeat(20000));
  const store = createRecordStore();
  const r = await store.addFile(p, { workers: 0, chunkSize: 4096, signal: ac.signal, onProgress: () => ac.abort() });
  assert.equal(r.summary.error, 'indexing cancelled');
  assert.ok(r.summary.records < 20000);
  assert.ok(reconciles(r.summary));
});

test('Docker json-file and CRI wrappers: JSON payloads are records, text payloads text, on both paths', async () => {
  const docker = (log: string, stream = 'stdout') =>
    JSON.stringify({ log: log + '\n', stream, time: '2026-11-25T09:00:00.000000001Z' });
  const inner = (msg: string, level = 'info') => JSON.stringify({ level, msg, time: 1764000000000 });
  const text =
    [
      docker(inner('one')),
      docker('java.lang.IllegalStateException: boom'),
      docker(inner('two', 'warn'), 'stderr'),
      `2026-11-25T09:00:01.000000000Z stdout F ${inner('three')}`,
      '2026-11-25T09:00:01.000000000Z stdout F \tat a.B.c(B.java:1)',
    ].join('\n') + '\n';
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.equal(fast.summary.records, 3);
  assert.equal(fast.summary.continuationLines, 2);
  assert.ok(reconciles(fast.summary));
  assert.deepEqual(columns(fast.store), columns(slow.store));
  assert.equal((await fast.store.load(0)).message, 'one');
  assert.equal((await fast.store.load(2)).message, 'three');
  assert.equal(fast.store.level(1), 4);
});

test('a multi-line document over the size limit is reported, and its lines are read on their own', async () => {
  const doc = JSON.stringify(
    { level: 'info', msg: 'big', items: Array.from({ length: 200 }, (_, i) => ({ i })) },
    null,
    2,
  );
  const r = await indexText(`${doc}\n${L1}\n`, { maxDocumentBytes: 1000 });
  assert.match(r.summary.badLines[0].reason, /JSON document larger than the 1000 byte limit/);
  assert.equal(r.summary.badLines[0].line, 1);
  assert.equal(
    r.summary.badLines[1].reason,
    'text after the unparsed JSON document at line 1, before the first record',
  );
  assert.equal(r.summary.records, 1);
  assert.ok(reconciles(r.summary));
});
