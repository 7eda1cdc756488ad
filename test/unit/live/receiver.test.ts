// The receiver against real clients: the OpenTelemetry JS SDK's OTLP/HTTP JSON and protobuf exporters, its
// logs exporter and its Zipkin exporter, all pointed at an ephemeral port; then hostile and malformed requests.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { TracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as HttpTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { SpanKind, SpanStatusCode, trace, context } from '@opentelemetry/api';
import { startReceiver, type Receiver, type ListenerKind } from '../../../src/core/live/receiver/index';
import {
  decodeExportResponse,
  decodeStatus,
  encodeTraceRequestForTest,
} from '../../../src/core/live/receiver/otlpProto';
import { createSession } from '../../../src/core/session/session';
import type { SessionApi } from '../../../src/core/session/api';
import { RecordingSink } from './recordingSink';
import { groupList } from '../../support/sessionQueries';

let receiver: Receiver;
const sinks = new Map<ListenerKind, RecordingSink>();
let session: SessionApi;
let sessionReceiver: Receiver;

before(async () => {
  receiver = await startReceiver({
    otlpPort: 0,
    zipkinPort: 0,
    jsonLinesPort: 0,
    maxBodyBytes: 256 * 1024,
    bodyTimeoutMs: 1500,
    headersTimeoutMs: 1500,
    sinkFor: (kind) => {
      const s = new RecordingSink(kind);
      sinks.set(kind, s);
      return s;
    },
  });
  session = createSession({ workers: 0 });
  sessionReceiver = await startReceiver({
    otlpPort: 0,
    zipkinPort: 0,
    jsonLinesPort: null,
    sinkFor: (kind, port) => session.addStream(`${kind} :${port}`),
  });
});
after(async () => {
  await receiver.close();
  await sessionReceiver.close();
  session.dispose();
});

const otlpUrl = (r: Receiver, path: string) => `http://127.0.0.1:${r.ports.otlp}${path}`;

type Obj = Record<string, unknown>;
const spansOf = (doc: Obj) =>
  (doc.resourceSpans as Obj[]).flatMap((rs) => (rs.scopeSpans as Obj[]).flatMap((ss) => ss.spans as Obj[]));

async function makeSpans(exporter: SpanExporter, service: string) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('live-test', '1.0.0');
  const root = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER, startTime: [1714551300, 123456789] });
  const child = tracer.startSpan(
    'SELECT orders',
    { kind: SpanKind.CLIENT, startTime: [1714551300, 200000001], attributes: { 'db.system': 'postgresql', rows: 3 } },
    trace.setSpan(context.active(), root),
  );
  child.addEvent('fetched', { n: 3 }, [1714551300, 250000000]);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  child.end([1714551300, 300000002]);
  root.end([1714551300, 423456789]);
  await provider.forceFlush();
  await provider.shutdown();
  return { root: root.spanContext(), child: child.spanContext() };
}

test('OTLP/HTTP JSON exporter: exact ids, times, names and attributes arrive', async () => {
  const sink = sinks.get('otlp') ?? null;
  const before = sink?.docs.length ?? 0;
  const ids = await makeSpans(new HttpTraceExporter({ url: otlpUrl(receiver, '/v1/traces') }), 'orders-json');
  const s = sinks.get('otlp')!;
  const docs = s.docs.slice(before);
  assert.ok(docs.length >= 1);
  assert.match(docs[0].origin, /^POST \/v1\/traces from 127\.0\.0\.1:\d+$/);
  const spans = docs.flatMap((d) => spansOf(d.value as Obj));
  const child = spans.find((x) => x.name === 'SELECT orders')!;
  const root = spans.find((x) => x.name === 'GET /orders')!;
  assert.equal(child.traceId, ids.child.traceId);
  assert.equal(child.spanId, ids.child.spanId);
  assert.equal(child.parentSpanId, ids.root.spanId);
  assert.equal(String(child.startTimeUnixNano), '1714551300200000001');
  assert.equal(String(child.endTimeUnixNano), '1714551300300000002');
  assert.equal(String(root.startTimeUnixNano), '1714551300123456789');
  assert.equal(child.kind, 3);
  assert.equal((child.status as Obj).code, 2);
  assert.equal((child.events as Obj[])[0].name, 'fetched');
});

test('OTLP/HTTP protobuf exporter: decoded to the OTLP/JSON shape with hex ids and exact nanoseconds', async () => {
  const s0 = sinks.get('otlp');
  const before = s0?.docs.length ?? 0;
  const ids = await makeSpans(new ProtoTraceExporter({ url: otlpUrl(receiver, '/v1/traces') }), 'orders-proto');
  const s = sinks.get('otlp')!;
  const docs = s.docs.slice(before);
  assert.ok(docs.length >= 1);
  assert.match(docs[0].origin, /\(protobuf\)$/);
  const doc = docs[0].value as Obj;
  const spans = docs.flatMap((d) => spansOf(d.value as Obj));
  const child = spans.find((x) => x.name === 'SELECT orders')!;
  assert.equal(child.traceId, ids.child.traceId);
  assert.equal(child.spanId, ids.child.spanId);
  assert.equal(child.parentSpanId, ids.root.spanId);
  assert.equal(child.startTimeUnixNano, '1714551300200000001');
  assert.equal(child.endTimeUnixNano, '1714551300300000002');
  assert.equal(child.kind, 3);
  assert.equal((child.status as Obj).code, 2);
  assert.equal((child.status as Obj).message, 'timeout');
  assert.equal((child.events as Obj[])[0].timeUnixNano, '1714551300250000000');
  const attrs = Object.fromEntries((child.attributes as Obj[]).map((a) => [a.key, a.value]));
  assert.deepEqual(attrs['db.system'], { stringValue: 'postgresql' });
  assert.deepEqual(attrs.rows, { intValue: '3' });
  const svc = (((doc.resourceSpans as Obj[])[0].resource as Obj).attributes as Obj[]).find(
    (a) => a.key === 'service.name',
  );
  assert.deepEqual(svc?.value, { stringValue: 'orders-proto' });
});

test('OTLP logs exporter: body, severity, trace context and time arrive', async () => {
  const before = sinks.get('otlp')?.docs.length ?? 0;
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'billing' }),
    processors: [
      new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: otlpUrl(receiver, '/v1/logs') }) }),
    ],
  });
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId = '00f067aa0ba902b7';
  const ctx = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: 1 });
  provider.getLogger('billing').emit({
    body: 'charge failed',
    severityNumber: 17,
    severityText: 'ERROR',
    timestamp: [1714551301, 5],
    attributes: { orderId: 'A-1' },
    context: ctx,
  });
  await provider.forceFlush();
  await provider.shutdown();
  const docs = sinks.get('otlp')!.docs.slice(before);
  const recs = docs.flatMap((d) =>
    ((d.value as Obj).resourceLogs as Obj[]).flatMap((rl) =>
      (rl.scopeLogs as Obj[]).flatMap((sl) => sl.logRecords as Obj[]),
    ),
  );
  assert.equal(recs.length, 1);
  assert.equal((recs[0].body as Obj).stringValue, 'charge failed');
  assert.equal(recs[0].severityNumber, 17);
  assert.equal(recs[0].traceId, traceId);
  assert.equal(recs[0].spanId, spanId);
  assert.equal(String(recs[0].timeUnixNano), '1714551301000000005');
});

test('Zipkin exporter: spans arrive as the Zipkin v2 JSON array (202)', async () => {
  const before = sinks.get('zipkin')?.docs.length ?? 0;
  const ids = await makeSpans(
    new ZipkinExporter({ url: `http://127.0.0.1:${receiver.ports.zipkin}/api/v2/spans`, serviceName: 'orders-zipkin' }),
    'orders-zipkin',
  );
  const docs = sinks.get('zipkin')!.docs.slice(before);
  const spans = docs.flatMap((d) => d.value as Obj[]);
  const child = spans.find((x) => x.name === 'select orders' || x.name === 'SELECT orders')!;
  assert.equal(child.traceId, ids.child.traceId);
  assert.equal(child.id, ids.child.spanId);
  assert.equal(child.parentId, ids.root.spanId);
  assert.equal(child.timestamp, 1714551300200000);
  assert.equal(child.kind, 'CLIENT');
  assert.equal(stats().zipkin!.errors, 0);
});

test('end to end into a real session: exported spans and logs become spans and records', async () => {
  const ids = await makeSpans(
    new ProtoTraceExporter({ url: otlpUrl(sessionReceiver, '/v1/traces') }),
    'orders-session',
  );
  await makeSpans(
    new ZipkinExporter({ url: `http://127.0.0.1:${sessionReceiver.ports.zipkin}/api/v2/spans` }),
    'orders-zipkin',
  );
  const spans = session.spans().filter((s) => s.traceId === ids.child.traceId);
  assert.equal(spans.length, 2);
  const child = spans.find((s) => s.spanId === ids.child.spanId)!;
  assert.equal(child.name, 'SELECT orders');
  assert.equal(child.parentSpanId, ids.root.spanId);
  assert.equal(child.startNs, 1714551300200000001n);
  assert.equal(child.endNs, 1714551300300000002n);
  assert.equal(child.service, 'orders-session');
  assert.equal(child.status, 'error');
  const g = groupList(session, { kind: 'trace' }).find((x) => x.key === ids.child.traceId);
  assert.ok(g, 'the trace is a group');
  assert.equal(g!.root, 'GET /orders');
  assert.ok(session.sources().some((s) => s.name === `otlp :${sessionReceiver.ports.otlp}` && s.spans === 2));
});

function stats() {
  return receiver.stats();
}

function post(
  path: string,
  body: Buffer | string,
  headers: Record<string, string | number>,
  port = receiver.ports.otlp!,
  method = 'POST',
): Promise<{ status: number; headers: Obj; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { 'Content-Length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('malformed, oversized and wrong-type bodies get the right status, and the server keeps serving', async () => {
  const json = { 'Content-Type': 'application/json' };
  let r = await post('/v1/traces', '{"resourceSpans": [', json);
  assert.equal(r.status, 400);
  assert.match(JSON.parse(r.body.toString()).message, /not a valid JSON document/);
  assert.equal(JSON.parse(r.body.toString()).code, 3);

  r = await post('/v1/traces', '{"resourceSpans": 5}', json);
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body.toString()).message, '"resourceSpans" must be an array');

  r = await post('/v1/traces', Buffer.from([0x0a, 0xff, 0xff, 0xff]), { 'Content-Type': 'application/x-protobuf' });
  assert.equal(r.status, 400);
  assert.equal(r.headers['content-type'], 'application/x-protobuf');
  assert.match(String(decodeStatus(r.body).message), /not a valid protobuf ExportTraceServiceRequest/);

  r = await post('/v1/traces', 'x'.repeat(300 * 1024), json);
  assert.equal(r.status, 413);
  r = await post('/v1/traces', gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20)), { ...json, 'Content-Encoding': 'gzip' });
  assert.equal(r.status, 413, 'a gzip bomb is refused by its inflated size');
  assert.match(JSON.parse(r.body.toString()).message, /once decompressed/);
  r = await post('/v1/traces', Buffer.from('not gzip'), { ...json, 'Content-Encoding': 'gzip' });
  assert.equal(r.status, 400);
  r = await post('/v1/traces', '{}', { ...json, 'Content-Encoding': 'br' });
  assert.equal(r.status, 415);

  r = await post('/v1/traces', 'hello', { 'Content-Type': 'text/plain' });
  assert.equal(r.status, 415);
  r = await post('/api/v2/spans', 'x', { 'Content-Type': 'application/x-protobuf' }, receiver.ports.zipkin!);
  assert.equal(r.status, 415);
  r = await post('/api/v2/spans', '{"not":"an array"}', json, receiver.ports.zipkin!);
  assert.equal(r.status, 400);
  r = await post('/v1/metrics', '{}', json);
  assert.equal(r.status, 404);
  r = await post('/v1/traces', '', {}, receiver.ports.otlp!, 'GET');
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, 'POST');

  // Still serving: a good gzip JSON request is accepted with an empty ExportTraceServiceResponse.
  const before = sinks.get('otlp')!.docs.length;
  const good = {
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                name: 'ok',
                startTimeUnixNano: '1',
                endTimeUnixNano: '2',
              },
            ],
          },
        ],
      },
    ],
  };
  r = await post('/v1/traces', gzipSync(JSON.stringify(good)), { ...json, 'Content-Encoding': 'gzip' });
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.body.toString()), {});
  assert.equal(sinks.get('otlp')!.docs.length, before + 1);
});

test('protobuf request gets a protobuf response; items the importer cannot read are a partial success', async () => {
  const body = encodeTraceRequestForTest({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'),
                spanId: Buffer.from('eee19b7ec3c1b174', 'hex'),
                name: 'good',
                startTimeUnixNano: 1,
                endTimeUnixNano: 2,
              },
              { name: 'no ids at all', startTimeUnixNano: 1, endTimeUnixNano: 2 },
            ],
          },
        ],
      },
    ],
  });
  const r = await post(
    '/v1/traces',
    Buffer.from(body),
    { 'Content-Type': 'application/x-protobuf' },
    sessionReceiver.ports.otlp!,
  );
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/x-protobuf');
  const res = decodeExportResponse('traces', r.body) as Obj;
  assert.equal((res.partialSuccess as Obj | undefined)?.rejectedSpans, '1');
  assert.match((res.partialSuccess as Obj | undefined)?.errorMessage as string, /1 of 2 spans could not be read/);

  const j = await post(
    '/v1/traces',
    JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'no ids' }] }] }] }),
    { 'Content-Type': 'application/json' },
    sessionReceiver.ports.otlp!,
  );
  assert.equal(j.status, 200);
  assert.equal(JSON.parse(j.body.toString()).partialSuccess.rejectedSpans, '1');
});

test('a slow client is cut off by the body deadline while others are served', async () => {
  const sock = connect(receiver.ports.otlp!, '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  sock.write(
    'POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"resou',
  );
  const answered = new Promise<string>((resolve) => {
    let t = '';
    sock.on('data', (c) => (t += c));
    sock.on('close', () => resolve(t));
  });
  const r = await post('/v1/traces', '{}', { 'Content-Type': 'application/json' });
  assert.equal(r.status, 200, 'served while the slow one trickles');
  const text = await answered;
  assert.match(text, /^HTTP\/1\.1 408/);
});

test('a client that never finishes its headers is disconnected after the header deadline', async () => {
  const sock = connect(receiver.ports.otlp!, '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  sock.write('POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Slow: ');
  // The client never ends or destroys its side: an 'end' can only be the server hanging up.
  const closed = new Promise<{ text: string; serverEnded: boolean }>((resolve) => {
    let text = '',
      serverEnded = false;
    sock.on('data', (c) => (text += c));
    sock.on('end', () => (serverEnded = true));
    sock.on('close', () => resolve({ text, serverEnded }));
  });
  const { text, serverEnded } = await closed;
  // The header deadline (1.5 s here) answers 408; the idle-socket timeout, later, would drop it without a word.
  assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
  assert.match(text, /\r\nConnection: close\r\n/);
  assert.ok(serverEnded, 'the server closed the connection');
});

test(
  'paused receiver buffers within its cap, ' + 'then answers 503 with Retry-After; resume delivers in order',
  async () => {
    const s = new RecordingSink('paused');
    const r2 = await startReceiver({
      otlpPort: 0,
      zipkinPort: null,
      jsonLinesPort: null,
      pauseBufferBytes: 100,
      sinkFor: () => s,
    });
    try {
      r2.pause();
      const json = { 'Content-Type': 'application/json' };
      const a = await post(
        '/v1/logs',
        JSON.stringify({ resourceLogs: [], n: 1 }).padEnd(150, ' '),
        json,
        r2.ports.otlp!,
      );
      assert.equal(a.status, 200);
      const b = await post('/v1/logs', JSON.stringify({ resourceLogs: [], n: 2 }), json, r2.ports.otlp!);
      assert.equal(b.status, 503);
      assert.equal(b.headers['retry-after'], '1');
      assert.equal(s.docs.length, 0);
      r2.resume();
      assert.equal(s.docs.length, 1);
      assert.equal((s.docs[0].value as Obj).n, 1);
    } finally {
      await r2.close();
    }
    assert.ok(s.ended);
  },
);

test('JSON lines over TCP: concurrent forwarders never splice lines; an over-long line is dropped alone', async () => {
  const sink = () => sinks.get('jsonLines')!;
  const send = (text: string[]) =>
    new Promise<void>((resolve) => {
      const c = connect(receiver.ports.jsonLines!, '127.0.0.1', async () => {
        for (const t of text) {
          c.write(t);
          await new Promise((r) => setTimeout(r, 1));
        }
        c.end();
      });
      c.on('close', () => resolve());
    });
  const a: string[] = [],
    b: string[] = [];
  for (let i = 0; i < 200; i++) {
    const la = JSON.stringify({ date: 1714551300.5, log: `a ${i}` }) + '\n';
    const lb = JSON.stringify({ date: 1714551300.5, log: `b ${i}` }) + '\n';
    a.push(la.slice(0, 10), la.slice(10));
    b.push(lb.slice(0, 7), lb.slice(7));
  }
  b.push('{"huge":"' + 'z'.repeat(300 * 1024) + '"}\n', '{"log":"after huge"}\n', '{"log":"no newline at close"}');
  await Promise.all([send(a), send(b)]);
  await new Promise((r) => setTimeout(r, 50));
  const lines = sink().lines;
  assert.equal(lines.length, 402);
  for (const l of lines) JSON.parse(l);
  assert.deepEqual(
    lines.filter((l) => l.includes('"a ')).map((l) => JSON.parse(l).log),
    a.length ? Array.from({ length: 200 }, (_, i) => `a ${i}`) : [],
  );
  assert.ok(lines.includes('{"log":"after huge"}'));
  assert.ok(lines.includes('{"log":"no newline at close"}'));
  assert.equal(stats().jsonLines!.errors, 1);
});

test('a port in use is a clear error, and nothing is left listening', async () => {
  await assert.rejects(
    startReceiver({
      otlpPort: receiver.ports.otlp!,
      zipkinPort: null,
      jsonLinesPort: null,
      sinkFor: () => new RecordingSink(),
    }),
    /port \d+ on 127\.0\.0\.1 is already in use/,
  );
});
