// Continuation lines through the record store: what load(id) makes of the lines after a record (a raw Java
// trace after a JSON line, a multi-line message then a trace, Docker-wrapped trace lines, a Python traceback,
// a Node error, a Throwable whose class name has no Exception suffix, message lines that only look like one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexText, reconciles } from './helpers';

const root = join(import.meta.dirname, '../../..');
const fixture = (name: string) =>
  readFileSync(join(root, 'test/fixtures/logs', name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
const lineOf = (file: string, snippet: string) => {
  const i = readFileSync(join(root, 'scripts/fixtures', file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(snippet));
  assert.ok(i >= 0, snippet);
  return i + 1;
};
const docker = (log: string, stream = 'stderr') =>
  JSON.stringify({ log: log + '\n', stream, time: '2026-11-25T09:00:00.000000001Z' });

// Real output: LogstashEncoder JSON lines with a printStackTrace() after the fourth, logback PatternLayout,
// Python logging.
const mixed = fixture('java/logback-mixed.log');
const pattern = fixture('java/logback-text.log');
const python = fixture('python-text.log');
const rawTrace = mixed.slice(4, 11); // java.lang.IllegalStateException … ... 1 more
const patternTrace = pattern.slice(2, 10); // java.lang.IllegalStateException … ... 2 common frames omitted
assert.match(rawTrace[0], /^java\.lang\.IllegalStateException: /);
assert.match(rawTrace[6], /^\t\.\.\. 1 more$/);
assert.match(patternTrace[0], /^java\.lang\.IllegalStateException: /);
assert.match(patternTrace[7], /common frames omitted$/);
const headOf = (msg: string, level = 'ERROR') =>
  `2024-05-01 08:15:00.124 [http-nio-8080-exec-1] ${level} com.acme.shop.LogbackGen - ${msg}`;
const pino = (msg: string) => JSON.stringify({ level: 50, time: 1714551300123, pid: 1, hostname: 'h', msg });

const parts: string[][] = [
  mixed, // ids 0-4; the raw trace belongs to 3
  [headOf('charge failed for:'), '  orderId=42', '  attempt=2', ...patternTrace], // 5
  [docker(mixed[3]), ...rawTrace.map((l) => docker(l))], // 6
  [headOf('declined'), 'com.acme.shop.PaymentDeclined: card declined'], // 7
  [headOf('no frames here', 'INFO'), 'receipt: total=3', 'config.Port: 8080', 'Error: in the text, not a header'], // 8
  [
    // 9
    headOf('custom throwable'),
    'com.acme.Declined$Hard: card declined',
    '\tat com.acme.shop.Pay.charge(Pay.java:7)',
  ],
  [
    pino('handler failed'),
    'TypeError: cannot read properties of undefined',
    '    at handler (/app/src/server.js:10:5)',
    '    at node:internal/process/task_queues:95:5',
  ], // 10
  python, // 11-12; the traceback belongs to 12
];
const text = parts.flat().join('\n') + '\n';
const javaThrow = lineOf('java/src/com/acme/shop/LogbackGen.java', 'throw new IllegalStateException(');

test('continuation lines: the trace is the error and gives the source, other lines continue the message', async () => {
  const { store, summary } = await indexText(text);
  assert.deepEqual(summary.badLines, []);
  assert.equal(summary.records, 13);
  assert.equal(summary.continuationLines, parts.flat().length - 13);
  assert.ok(reconciles(summary));
  const load = (id: number) => store.load(id);
  const stack = (file: string, line: number, fn: string) => ({
    file,
    line,
    column: null,
    function: fn,
    origin: 'stack',
  });

  // A raw Java trace after a JSON line: all of it is the error; the first application frame the source.
  const r3 = await load(3);
  assert.equal(r3.message, 'request done');
  assert.equal(r3.error, rawTrace.join('\n'));
  assert.deepEqual(r3.source, stack('com/acme/shop/LogbackGen.java', javaThrow, 'com.acme.shop.LogbackGen.charge'));
  for (const id of [0, 2, 4]) assert.equal((await load(id)).error, null);

  // A multi-line message, then a trace.
  const r5 = await load(5);
  assert.equal(r5.message, 'charge failed for:\n  orderId=42\n  attempt=2');
  assert.equal(r5.error, patternTrace.join('\n'));
  assert.deepEqual(r5.source, stack('com/acme/shop/LogbackGen.java', javaThrow, 'com.acme.shop.LogbackGen.charge'));

  // Docker json-file: every continuation line is its own envelope, read for what the application printed.
  const r6 = await load(6);
  assert.equal(r6.message, 'request done');
  assert.equal(r6.error, rawTrace.join('\n'));
  assert.equal(r6.source?.line, javaThrow);

  // Java prints any Throwable as `class: message`; a suffix-less class is still a header.
  const r7 = await load(7);
  assert.equal(r7.message, 'declined');
  assert.equal(r7.error, 'com.acme.shop.PaymentDeclined: card declined');
  assert.equal(r7.source?.origin, 'logger', 'no frame: the logger hint stays');

  // `key: value` lines (no qualified class name, no frame under them) are message text.
  const r8 = await load(8);
  assert.equal(r8.message, 'no frames here\nreceipt: total=3\nconfig.Port: 8080\nError: in the text, not a header');
  assert.equal(r8.error, null);

  // The line above the first Java/Node frame is the exception header, whatever the class is called.
  const r9 = await load(9);
  assert.equal(r9.message, 'custom throwable');
  assert.equal(r9.error, 'com.acme.Declined$Hard: card declined\n\tat com.acme.shop.Pay.charge(Pay.java:7)');
  assert.deepEqual(r9.source, stack('com/acme/shop/Pay.java', 7, 'com.acme.shop.Pay.charge'));
  const r10 = await load(10);
  assert.equal(r10.message, 'handler failed');
  assert.match(r10.error ?? '', /^TypeError: cannot read properties of undefined\n {4}at handler /);
  assert.deepEqual(r10.source, {
    file: '/app/src/server.js',
    line: 10,
    column: 5,
    function: 'handler',
    origin: 'stack',
  });

  // A Python traceback: innermost application frame (the last one) is the source.
  const r12 = await load(12);
  assert.equal(r12.message, 'charge failed');
  assert.equal(r12.error, python.slice(2).join('\n'));
  assert.equal(r12.source?.file, '/app/scripts/fixtures/gen-python.py');
  assert.equal(r12.source?.line, lineOf('gen-python.py', 'raise ValueError("declined")'));
  assert.equal((await load(11)).error, null);
});

test('continuation lines: CRLF line ends and CRI-wrapped lines give the same record as plain LF lines', async () => {
  const plain = (await indexText(parts[1].join('\n') + '\n')).store;
  const crlf = (await indexText(parts[1].join('\r\n') + '\r\n')).store;
  const cri = (await indexText(parts[1].map((l) => `2026-11-25T09:00:01.000000000Z stdout F ${l}`).join('\n') + '\n'))
    .store;
  const want = await plain.load(0);
  assert.ok(want.error?.startsWith('java.lang.IllegalStateException'));
  assert.deepEqual(await crlf.load(0), want);
  assert.deepEqual(await cri.load(0), want);
});
