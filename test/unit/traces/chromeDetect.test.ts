import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromeTrace } from '../../../src/core/formats/traces/chrome';
import {
  detectTraceImporter,
  importTraceDocument,
  parseTraceText,
  TRACE_IMPORTERS,
} from '../../../src/core/formats/traces/index';
import { buildSpanTree } from '../../../src/core/trace/spanTree';
import { collect, fixture, fixtureText } from './sink';

test('Chrome trace: X and B/E nest per thread, instants become events or records, metadata names, async spans', () => {
  const c = collect();
  chromeTrace.import(fixture('chrome.json'), c);
  const names = c.spans.map((s) => s.name).sort();
  assert.deepEqual(names, ['charge', 'db', 'fetch']);
  const charge = c.spans.find((s) => s.name === 'charge')!;
  const db = c.spans.find((s) => s.name === 'db')!;
  const fetch = c.spans.find((s) => s.name === 'fetch')!;
  assert.equal(charge.traceId, 'chrome-pid-1');
  assert.equal(charge.spanId, 'e2', 'span id = index of the opening event');
  assert.equal(charge.startNs, 1714551300123456000n);
  assert.equal(charge.endNs, 1714551300138690000n);
  assert.equal(charge.service, 'pay-server');
  assert.equal(charge.attributes['thread.name'], 'worker-7');
  assert.equal(charge.attributes.order, 'o-9');
  assert.equal(db.parentSpanId, 'e2', 'B/E inside an X on the same thread nests under it');
  assert.equal(db.endNs, 1714551300131000000n);
  assert.deepEqual({ ...db.attributes }.rows, 1, "E's args merge into the span");
  assert.deepEqual(
    db.events.map((e) => [e.name, e.timeNs]),
    [['cache miss', 1714551300126000500n]],
  );
  assert.equal(fetch.parentSpanId, null);
  assert.equal(fetch.endNs - fetch.startNs, 5000000n, 'async b/e pair across threads by cat+id');
  assert.equal(c.records.length, 1);
  assert.equal(c.records[0]!.message, 'gc');
  assert.equal(c.records[0]!.timeNs, 1714551300140000000n);
  assert.equal(c.records[0]!.thread, 'worker-7');
  assert.equal(c.records[0]!.traceId, 'chrome-pid-1');
  assert.match(c.warnings.join('\n'), /1 × ph "C"/);
});

test('Chrome trace array without its closing bracket: parsed, unfinished B closed at the thread end', () => {
  const text = fixtureText('chrome-unterminated.json');
  assert.throws(() => JSON.parse(text));
  const parsed = parseTraceText(text);
  assert.equal(parsed.documents.length, 1);
  assert.match(parsed.notes[0]!, /closing "\]"/);
  const c = collect();
  assert.equal(importTraceDocument(parsed.documents[0]!.value, c)?.name, 'chrome-trace');
  const by = (n: string) => c.spans.find((s) => s.name === n)!;
  assert.equal(by('inner').startNs, 1100250n);
  assert.equal(by('inner').parentSpanId, by('outer').spanId);
  assert.equal(by('left open').attributes['chrome.unfinished'], true);
  assert.equal(by('left open').endNs, 2610000n);
  assert.equal(by('tick').parentSpanId, by('left open').spanId);
  assert.match(c.warnings.join('\n'), /begin \(B\) without an end/);
  const tree = buildSpanTree(c.spans);
  assert.deepEqual(
    tree.nodes.map((n) => `${n.depth}:${n.span.name}`),
    ['0:outer', '1:inner', '0:left open', '1:tick'],
  );
});

test('Chrome trace: an E without B and events without ts warn', () => {
  const c = collect();
  chromeTrace.import(
    [
      { ph: 'E', ts: 5, pid: 1, tid: 1 },
      { ph: 'X', pid: 1, tid: 1, name: 'no ts' },
      { ph: 'X', ts: 1, dur: 2, pid: 1, tid: 1, name: 'ok' },
    ],
    c,
  );
  assert.deepEqual(
    c.spans.map((s) => s.name),
    ['ok'],
  );
  const w = c.warnings.join('\n');
  assert.match(w, /event 0: end event \(E\) without a matching begin/);
  assert.match(w, /event 1: event with ph "X" without a readable ts/);
});

test('detection (OTLP, Chrome, Jaeger, Zipkin in that order) picks the right importer for every fixture', () => {
  assert.deepEqual(
    TRACE_IMPORTERS.map((i) => i.name),
    ['otlp-traces', 'otlp-logs', 'chrome-trace', 'jaeger', 'zipkin-v2', 'zipkin-v1'],
  );
  const expected: Record<string, string> = {
    'otlp-traces.json': 'otlp-traces',
    'otlp-logs.json': 'otlp-logs',
    'chrome.json': 'chrome-trace',
    'jaeger.json': 'jaeger',
    'zipkin-v2-otel.json': 'zipkin-v2',
    'zipkin-v2-shared.json': 'zipkin-v2',
    'zipkin-v1.json': 'zipkin-v1',
  };
  for (const [file, name] of Object.entries(expected))
    assert.equal(detectTraceImporter(fixture(file))?.name, name, file);
  assert.equal(detectTraceImporter({ level: 30, msg: 'pino line' }), null);
  assert.equal(detectTraceImporter([1, 2, 3]), null);
  assert.equal(detectTraceImporter(null), null);
  for (const imp of TRACE_IMPORTERS) assert.match(imp.spec, /\S/);
});

test('NDJSON of OTLP export requests (Collector file exporter): one document per line, spans and records', () => {
  const parsed = parseTraceText(fixtureText('otlp-export.ndjson') + 'not json\n');
  assert.equal(parsed.documents.length, 8);
  assert.deepEqual(
    parsed.badLines.map((b) => b.line),
    [9],
  );
  const c = collect();
  const used = parsed.documents.map((d) => importTraceDocument(d.value, c)?.name);
  assert.deepEqual([...new Set(used)], ['otlp-traces', 'otlp-logs']);
  assert.equal(c.spans.length, 4);
  assert.equal(c.records.length, 4);
  assert.deepEqual(c.warnings, []);
});

test('a document no importer knows gets a warning, not an exception', () => {
  const c = collect();
  assert.equal(importTraceDocument({ hello: 'world' }, c), null);
  assert.match(c.warnings[0]!, /not a trace document/);
});

test('a JSON array of log records with traceId/id keys is not taken for Zipkin', () => {
  const logs = [{ traceId: 'abc', id: 'r-1', timestamp: 1714551300123, msg: 'hi', level: 30 }];
  assert.equal(detectTraceImporter(logs), null);
  assert.equal(
    detectTraceImporter([{ traceId: 'abc', id: 'def', timestamp: 1, duration: 2, name: 'local' }])?.name,
    'zipkin-v2',
  );
});
