// Normalised output of lines written by the real libraries (test/fixtures/logs, see its README). Expected
// call sites are looked up in the generator scripts themselves, so the check is "the record points at the
// line of code that logged it".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLogFormat, normalizeAny } from '../../../src/core/formats/normalize';
import { parseJsonLine } from '../../../src/core/json/parseLine';
import { parseTextRecord } from '../../../src/core/formats/text';
import type { LogRecord } from '../../../src/core/model';

const root = join(import.meta.dirname, '../../..');
const fixture = (name: string) =>
  readFileSync(join(root, 'test/fixtures/logs', name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
const scriptLine = (script: string, snippet: string) => {
  const lines = readFileSync(join(root, 'scripts/fixtures', script), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(snippet));
  assert.ok(i >= 0, `${snippet} not in ${script}`);
  return i + 1;
};
const scriptColumn = (script: string, snippet: string) => {
  const line = readFileSync(join(root, 'scripts/fixtures', script), 'utf8')
    .split('\n')
    .find((l) => l.includes(snippet));
  assert.ok(line !== undefined, `${snippet} not in ${script}`);
  return line.indexOf(snippet) + 1;
};
function records(name: string): LogRecord[] {
  return fixture(name).map((l) => {
    const r = parseJsonLine(l);
    assert.ok(r.ok, `${name}: ${!r.ok && r.reason}`);
    return normalizeAny(r.value as Record<string, unknown>);
  });
}
const T123 = 1714551300123000000n;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

test('pino: levels, times, ids, req.id, err.stack → source', () => {
  const r = records('pino.jsonl');
  assert.deepEqual(
    r.map((x) => x.format),
    ['pino', 'pino', 'pino', 'pino', 'pino'],
  );
  assert.deepEqual(
    r.map((x) => x.level),
    ['info', 'error', 'debug', 'warn', 'fatal'],
  );
  assert.ok(r.every((x) => x.timeNs === T123));
  assert.equal(r[0].traceId, TRACE);
  assert.equal(r[0].spanId, '00f067aa0ba902b7');
  assert.equal(r[0].source, null);
  assert.equal(r[1].correlationId, 'req-1pc');
  assert.match(r[1].error ?? '', /^TypeError: x is undefined\n {4}at charge \(/);
  assert.deepEqual(r[1].source, {
    file: '/app/scripts/fixtures/gen-node.cjs',
    line: scriptLine('gen-node.cjs', "throw new TypeError('x is undefined')"),
    column: scriptColumn('gen-node.cjs', "new TypeError('x is undefined')"),
    function: 'charge',
    origin: 'stack',
  });
  assert.equal(r[2].correlationId, '17');
  assert.equal(r[3].fields.orderId, '9007199254740993');
  assert.equal(r[4].message, 'shutting down');
});

test('pino with a pino-caller style caller field', () => {
  const [r] = records('pino-caller.jsonl');
  assert.equal(r.source?.origin, 'caller');
  assert.equal(r.source?.file, '/app/scripts/fixtures/gen-node.cjs');
  assert.equal(r.source?.line, scriptLine('gen-node.cjs', "log.info('with caller')"));
  assert.equal(r.source?.function, 'handler');
});

test('bunyan: service, req_id, empty src falls back to the error stack', () => {
  const r = records('bunyan.jsonl');
  assert.deepEqual(
    r.map((x) => [x.format, x.level, x.service, x.timeNs]),
    [
      ['bunyan', 'info', 'pay', T123],
      ['bunyan', 'error', 'pay', T123],
    ],
  );
  assert.equal(r[0].correlationId, 'r-17');
  assert.equal(r[0].source, null);
  assert.equal(r[1].source?.origin, 'stack');
  assert.equal(r[1].source?.function, 'charge');
});

test('winston: label, service, stack, aliases', () => {
  const r = records('winston.jsonl');
  assert.ok(
    r.every((x) => x.format === 'winston' && x.service === 'pay' && x.logger === 'payments' && x.timeNs === T123),
  );
  assert.equal(r[0].traceId, TRACE);
  assert.equal(r[1].level, 'error');
  assert.equal(r[1].message, 'x is undefined');
  assert.equal(r[1].source?.function, 'charge');
  assert.equal(r[2].correlationId, 'r-9');
});

test('python-json-logger: asctime, created, ISO timestamp, source fields, exc_info, OTel keys', () => {
  const r = records('python-json-logger.jsonl');
  assert.ok(r.every((x) => x.format === 'python-json-logger'));
  assert.deepEqual(
    r.map((x) => x.level),
    ['info', 'error', 'warn', 'fatal'],
  );
  assert.deepEqual(
    r.map((x) => x.timeNs),
    [T123, T123, 1714551300123456000n, 1714551300123456000n],
  );
  assert.deepEqual(r[0].source, {
    file: '/app/scripts/fixtures/gen-python.py',
    line: scriptLine('gen-python.py', 'log.info("order placed"'),
    column: null,
    function: 'place_order',
    origin: 'field',
  });
  assert.equal(r[0].logger, 'pay');
  assert.equal(r[0].thread, 'MainThread');
  assert.equal(r[0].correlationId, 'r-17');
  assert.match(r[1].error ?? '', /ValueError: declined$/);
  assert.equal(r[1].source?.line, scriptLine('gen-python.py', 'log.exception("charge failed"'));
  assert.equal(r[2].traceId, TRACE);
  assert.equal(r[2].spanId, '00f067aa0ba902b7');
  assert.equal(r[2].service, 'pay');
});

test('python logging text: records and traceback continuation lines', () => {
  const lines = fixture('python-text.log');
  const recs = lines.map(parseTextRecord);
  assert.deepEqual(
    recs.map((x) => x !== null),
    [true, true, false, false, false, false, false, false],
  );
  assert.equal(recs[1]?.level, 'error');
  assert.equal(recs[1]?.logger, 'pay');
  assert.equal(recs[1]?.message, 'charge failed');
  assert.equal(recs[1]?.timeNs, T123);
});

for (const name of ['structlog-iso.jsonl', 'structlog-float.jsonl']) {
  test(`structlog (${name}): event, level, timestamp, call site, exception`, () => {
    const r = records(name);
    assert.ok(
      r.every((x) => x.format === 'structlog' && x.timeNs === 1714551300123456000n && x.correlationId === 'r-17'),
    );
    assert.equal(r[0].message, 'charged');
    assert.equal(r[0].traceId, TRACE);
    assert.deepEqual(r[0].source, {
      file: '/app/scripts/fixtures/gen-python.py',
      line: scriptLine('gen-python.py', 'slog.info("charged"'),
      column: null,
      function: 'handle',
      origin: 'field',
    });
    assert.equal(r[1].level, 'error');
    assert.match(r[1].error ?? '', /ValueError: declined$/);
  });
}

test('zap: float seconds as written, caller, stacktrace, int64 field exact', () => {
  const r = records('zap.jsonl');
  assert.ok(r.every((x) => x.format === 'zap' && x.logger === 'pay'));
  // zap wrote 1714551300.1234567 (a float64 keeps ~100 ns): exactly those digits, no binary noise.
  assert.ok(r.every((x) => x.timeNs === 1714551300123456700n));
  assert.deepEqual(r[0].source, {
    file: 'fixtures/gen-go.go',
    line: scriptLine('gen-go.go', 'zl.Info("charged"'),
    column: null,
    function: null,
    origin: 'caller',
  });
  assert.equal(r[0].fields.orderId, '9007199254740993');
  assert.equal(r[0].traceId, TRACE);
  assert.equal(r[1].level, 'error');
  assert.match(r[1].error ?? '', /^declined\nmain\.charge\n\t\/app\/scripts\/fixtures\/gen-go\.go:\d+/);
  assert.equal(r[1].source?.line, scriptLine('gen-go.go', 'log.Error("charge failed"'));
  assert.equal(r[2].correlationId, 'r-17');
});

test('zerolog: RFC3339Nano exact, Unix seconds, caller', () => {
  const r = records('zerolog.jsonl');
  assert.ok(r.every((x) => x.format === 'zerolog'));
  assert.deepEqual(
    r.map((x) => x.timeNs),
    [1714551300123456789n, 1714551300123456789n, 1714551300000000000n],
  );
  assert.equal(r[0].source?.file, '/app/scripts/fixtures/gen-go.go');
  assert.equal(r[0].source?.line, scriptLine('gen-go.go', 'z.Warn().Str("request_id"'));
  assert.equal(r[0].correlationId, 'r-17');
  assert.equal(r[1].error, 'declined');
  assert.equal(r[1].traceId, TRACE);
});

test('logrus: warning, file/func caller, error', () => {
  const r = records('logrus.jsonl');
  assert.ok(r.every((x) => x.format === 'logrus' && x.timeNs === 1714551300123456789n));
  assert.deepEqual(
    r.map((x) => x.level),
    ['warn', 'error'],
  );
  assert.deepEqual(r[0].source, {
    file: '/app/scripts/fixtures/gen-go.go',
    line: scriptLine('gen-go.go', '.Warn("retrying")'),
    column: null,
    function: 'main.main',
    origin: 'caller',
  });
  assert.equal(r[0].traceId, TRACE);
  assert.equal(r[1].error, 'declined');
});

test('Go log/slog JSONHandler with AddSource: RFC3339Nano exact, level offsets, source object, groups kept', () => {
  const r = records('slog.jsonl');
  assert.ok(r.every((x) => x.format === 'slog' && x.timeNs === 1714551300123456789n && x.service === 'pay'));
  assert.deepEqual(
    r.map((x) => x.level),
    ['info', 'error', 'debug', 'info', 'trace', 'warn'],
  );
  assert.deepEqual(
    r.map((x) => x.message),
    ['charged', 'charge failed', 'query', 'almost a warning', 'very verbose', 'shutting down'],
  );
  assert.deepEqual(r[0].source, {
    file: '/app/scripts/fixtures/gen-slog.go',
    line: scriptLine('gen-slog.go', 'req.Info("charged"'),
    column: null,
    function: 'main.handle',
    origin: 'field',
  });
  assert.equal(r[3].source?.line, scriptLine('gen-slog.go', '"almost a warning"'));
  assert.equal(r[3].source?.function, 'main.main');
  assert.deepEqual(
    r.map((x) => x.traceId),
    [TRACE, TRACE, TRACE, null, null, null],
  );
  assert.deepEqual(
    r.map((x) => x.spanId),
    ['00f067aa0ba902b7', '00f067aa0ba902b7', '00f067aa0ba902b7', null, null, null],
  );
  assert.deepEqual(
    r.map((x) => x.correlationId),
    ['r-17', 'r-17', 'r-17', null, null, null],
  );
  assert.equal(r[1].error, 'declined');
  assert.equal(r[0].fields.orderId, '9007199254740993');
  assert.deepEqual(r[0].fields.http, { method: 'POST', path: '/pay' });
});

interface DocSourced {
  logs: { format: string; source: string; line: string }[];
  traces: { kind: string; line: string }[];
  wrapped: { wrapper: string; line: string; inner: string; format: string | null }[];
}
const doc = JSON.parse(readFileSync(join(root, 'test/fixtures/logs/doc-sourced.json'), 'utf8')) as DocSourced;

test('doc-sourced catalogue lines: each detected as its format; trace documents never claimed by a log format', () => {
  for (const d of doc.logs) {
    const r = parseJsonLine(d.line);
    assert.ok(r.ok);
    assert.equal(detectLogFormat(r.value)?.name, d.format, d.line.slice(0, 80));
  }
  for (const t of doc.traces) {
    const r = parseJsonLine(t.line);
    assert.ok(r.ok);
    assert.equal(detectLogFormat(r.value), null, t.kind);
  }
});

test('a mixed file: detection line by line, text lines recognised or left as continuations', () => {
  const expected: [string, string | null][] = [];
  const byFile: Record<string, string> = {
    'pino.jsonl': 'pino',
    'pino-caller.jsonl': 'pino',
    'bunyan.jsonl': 'bunyan',
    'winston.jsonl': 'winston',
    'python-json-logger.jsonl': 'python-json-logger',
    'structlog-iso.jsonl': 'structlog',
    'zap.jsonl': 'zap',
    'zerolog.jsonl': 'zerolog',
    'logrus.jsonl': 'logrus',
    'slog.jsonl': 'slog',
    'java/logstash-logback-8.jsonl': 'logstash-logback',
    'java/logback-json.jsonl': 'logback-json',
    'java/log4j2-json-compact.jsonl': 'log4j2-json',
    'java/log4j2-template-ecs.jsonl': 'ecs',
    'java/log4j2-template-gcp.jsonl': 'gcp-structured',
    'java/gcp-logback.jsonl': 'gcp-structured',
    'spring/payments.ecs.jsonl': 'ecs',
    'spring/payments.gelf.jsonl': 'gelf',
  };
  for (const [file, fmt] of Object.entries(byFile)) for (const l of fixture(file)) expected.push([l, fmt]);
  for (const d of doc.logs) expected.push([d.line, d.format]);
  for (const l of fixture('python-text.log')) expected.push([l, null]);
  // Interleave deterministically so neighbours differ.
  const mixed = expected
    .map((e, i) => ({ e, k: (i * 7919) % expected.length }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.e);
  let text = 0;
  for (const [line, fmt] of mixed) {
    const r = parseJsonLine(line);
    if (fmt === null) {
      assert.equal(r.ok, false);
      if (parseTextRecord(line)) text++;
      continue;
    }
    assert.ok(r.ok);
    assert.equal(detectLogFormat(r.value)?.name, fmt, line.slice(0, 80));
  }
  assert.equal(text, 2);
});
