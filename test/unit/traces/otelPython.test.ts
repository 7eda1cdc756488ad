// The OpenTelemetry Python SDK's own OTLP JSON file exporter (scripts/fixtures/gen-otel-python.py): one export
// request per line, logs from Python's `logging` through the SDK's LoggingHandler, spans with an exception event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTraceDocument, parseTraceText } from '../../../src/core/formats/traces/index';
import { byId, collect, fixtureText } from './sink';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = 1714551300123456789n;
const MS = 1_000_000n;
const root = join(import.meta.dirname, '../../..');
const script = () => readFileSync(join(root, 'scripts/fixtures/gen-otel-python.py'), 'utf8').split('\n');
const scriptLine = (snippet: string) => script().findIndex((l) => l.includes(snippet)) + 1;

function load() {
  const parsed = parseTraceText(fixtureText('otel-python.ndjson'));
  assert.deepEqual(parsed.badLines, []);
  const c = collect();
  const used = parsed.documents.map((d) => importTraceDocument(d.value, c)?.name);
  assert.deepEqual(used, ['otlp-logs', 'otlp-logs', 'otlp-traces', 'otlp-traces']);
  assert.deepEqual(c.warnings, []);
  return c;
}

test('OTel Python spans: hex ids, parent, kind, exact ns times, error status, service from the resource', () => {
  const { spans } = load();
  assert.equal(spans.length, 2);
  const server = byId(spans, '00f067aa0ba902b7');
  const charge = byId(spans, 'b7ad6b7169203331');
  assert.ok(spans.every((s) => s.traceId === TRACE && s.service === 'pay'));
  assert.equal(server.parentSpanId, null);
  assert.equal(charge.parentSpanId, '00f067aa0ba902b7');
  assert.equal(server.name, 'POST /pay');
  assert.equal(server.startNs, T0);
  assert.equal(server.endNs, T0 + 12n * MS);
  assert.equal(charge.startNs, T0 + 2n * MS);
  assert.equal(charge.endNs, T0 + 10n * MS);
  assert.deepEqual([server.kind, charge.kind], ['SERVER', 'INTERNAL']);
  assert.deepEqual([charge.status, charge.statusMessage], ['error', 'declined']);
  assert.equal(server.status, 'unset');
  assert.equal(server.attributes['http.response.status_code'], 402);
  const [ev] = charge.events;
  assert.equal(ev.name, 'exception');
  assert.equal(ev.timeNs, T0 + 9n * MS);
  const frame = /File "\/app\/scripts\/fixtures\/gen-otel-python\.py", line \d+, in main\n/;
  assert.match(String(ev.attributes['exception.stacktrace']), frame);
});

test('OTel Python log records: severity, body, trace context of the active span, code.* attributes as source', () => {
  const { records } = load();
  assert.deepEqual(
    records.map((r) => [r.level, r.message, r.traceId, r.spanId]),
    [
      ['info', 'payment received', TRACE, '00f067aa0ba902b7'],
      ['error', 'charge failed: declined', TRACE, 'b7ad6b7169203331'],
    ],
  );
  // logging's `created` is a float of seconds: the SDK's nanoseconds are what that double holds, within 1 µs.
  records.forEach((r, i) => {
    const d = r.timeNs! - (T0 + BigInt(5 + i) * MS);
    assert.ok(d > -1000n && d < 1000n, String(r.timeNs));
  });
  assert.deepEqual(
    records.map((r) => [r.source?.file, r.source?.line, r.source?.function]),
    [
      ['/app/scripts/fixtures/gen-otel-python.py', scriptLine('log.info("payment received"'), 'main'],
      ['/app/scripts/fixtures/gen-otel-python.py', scriptLine('log.error("charge failed'), 'main'],
    ],
  );
  assert.equal(records[0].service, 'pay');
  assert.equal(records[0].logger, 'pay.charge');
});
