// Receivers refuse what a browser page can forge and keep serving real clients: the OpenTelemetry SDK's OTLP
// exporters (JSON, protobuf, logs), its Zipkin exporter and a raw NDJSON TCP client get in; requests with
// browser headers are refused unless their origin is allowed; an HTTP request line on the JSON-lines port
// closes the connection with nothing taken; many large bodies at once are answered 429 with Retry-After.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as HttpTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { SpanKind } from '@opentelemetry/api';
import { startReceiver, type Receiver } from '../../../src/core/live/receiver/index';
import { judgeRequest, parseAllowedOrigins, sniffHttpRequest } from '../../../src/core/live/receiver/browser';
import { createSession } from '../../../src/core/session/session';
import type { SessionApi } from '../../../src/core/session/api';

let session: SessionApi;
let receiver: Receiver;
let allowed: ReadonlySet<string> = new Set();
const events: { kind: string; origin?: string; status: number }[] = [];

before(async () => {
  session = createSession({ workers: 0 });
  receiver = await startReceiver({
    otlpPort: 0,
    zipkinPort: 0,
    jsonLinesPort: 0,
    maxBodyBytes: 1024 * 1024,
    maxInflightBytes: 1536 * 1024,
    sinkFor: (kind, port) => session.addStream(`${kind} :${port}`),
    allowedOrigins: () => allowed,
    onRequest: (kind, e) =>
      events.push({ kind, status: e.status, ...(e.browserOrigin ? { origin: e.browserOrigin } : {}) }),
  });
});

after(async () => {
  await receiver.close();
  session.dispose();
});

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function post(
  port: number,
  path: string,
  body: string,
  headers: Record<string, string>,
  method = 'POST',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const all = { 'Content-Length': Buffer.byteLength(body), ...headers };
    const req = request({ host: '127.0.0.1', port, path, method, headers: all }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

type SpanExporter = ConstructorParameters<typeof SimpleSpanProcessor>[0]['exporter'];

async function spans(exporter: SpanExporter, service: string): Promise<string> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const s = provider.getTracer('origins-test').startSpan(`GET /${service}`, { kind: SpanKind.SERVER });
  s.end();
  await provider.forceFlush();
  await provider.shutdown();
  return s.spanContext().traceId;
}

const settled = () => new Promise((r) => setTimeout(r, 100));
const zipkinSpan = JSON.stringify([
  {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    id: '00f067aa0ba902b7',
    name: 'forged',
    timestamp: 1714551300000000,
    duration: 5,
  },
]);

test('what marks a browser request, and which origins are allowed', () => {
  const none = new Set<string>();
  const exporter = { 'content-type': 'application/json', 'user-agent': 'OTel-OTLP-Exporter-JavaScript/0.301.0' };
  assert.equal(judgeRequest(exporter, none).browser, false);
  assert.deepEqual(judgeRequest({ origin: 'http://evil.test' }, none), {
    browser: true,
    origin: 'http://evil.test',
    allowed: false,
  });
  const fetchOnly = { 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'cross-site' };
  assert.equal(judgeRequest(fetchOnly, none).browser, true, 'Sec-Fetch-* alone marks one');
  const { origins, invalid } = parseAllowedOrigins(['HTTP://LocalHost:3000/', 'null', 'ftp://x', 42]);
  assert.deepEqual([...origins], ['http://localhost:3000']);
  assert.deepEqual(invalid, ['null', 'ftp://x', '42']);
  assert.equal(judgeRequest({ origin: 'http://localhost:3000' }, origins).allowed, true);
  assert.equal(judgeRequest({ origin: 'null' }, new Set(['null'])).allowed, false, 'an opaque origin is never allowed');
  assert.equal(judgeRequest({ origin: 'http://localhost:3001' }, origins).allowed, false);
});

test('an HTTP request line at the start of a TCP connection is recognised; log lines are not', () => {
  assert.equal(sniffHttpRequest(Buffer.from('POST / HTTP/1.1\r\nHost: x\r\n')), 'http');
  assert.equal(sniffHttpRequest(Buffer.from('OPTIONS * HTTP/1.1\r\n')), 'http');
  assert.equal(sniffHttpRequest(Buffer.from('POS')), 'undecided');
  assert.equal(sniffHttpRequest(Buffer.from('GET /api/orders 200 12ms\n')), 'data', 'an access-log line is data');
  assert.equal(sniffHttpRequest(Buffer.from('{"msg":"x"}\n')), 'data');
  assert.equal(sniffHttpRequest(Buffer.from('INFO started\n')), 'data');
});

test('the OpenTelemetry SDK exporters (OTLP JSON, protobuf, logs) and the Zipkin exporter still get in', async () => {
  const base = `http://127.0.0.1:${receiver.ports.otlp}`;
  const t1 = await spans(new HttpTraceExporter({ url: `${base}/v1/traces` }), 'json');
  const t2 = await spans(new ProtoTraceExporter({ url: `${base}/v1/traces` }), 'proto');
  const zipkinUrl = `http://127.0.0.1:${receiver.ports.zipkin}/api/v2/spans`;
  const t3 = await spans(new ZipkinExporter({ url: zipkinUrl, serviceName: 'zipkin' }), 'zipkin');
  const exporter = new OTLPLogExporter({ url: `${base}/v1/logs` });
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  provider.getLogger('origins-test').emit({ body: 'from the logs exporter', severityText: 'INFO' });
  await provider.forceFlush();
  await provider.shutdown();
  await settled();
  const traces = new Set(session.spans().map((s) => s.traceId));
  for (const t of [t1, t2, t3]) assert.ok(traces.has(t), `trace ${t} arrived`);
  assert.ok(session.query({}).items.some((r) => r.message === 'from the logs exporter'));
  const st = receiver.stats();
  assert.equal(st.otlp!.browserRefused + st.zipkin!.browserRefused, 0);
});

test('a raw NDJSON TCP client gets in; an HTTP request on that port is closed with nothing taken', async () => {
  const before = session.stats().records;
  await new Promise<void>((resolve) => {
    const c = connect(receiver.ports.jsonLines!, '127.0.0.1', () => c.end('{"level":"info","msg":"raw tcp line"}\n'));
    c.on('close', () => resolve());
  });
  const answer = await new Promise<string>((resolve) => {
    const c = connect(receiver.ports.jsonLines!, '127.0.0.1', () => {
      c.write(
        'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.test\r\n' +
          'Content-Type: text/plain\r\nContent-Length: 34\r\n\r\n',
      );
      c.write('{"level":"error","msg":"forged"}\n');
    });
    let text = '';
    c.on('data', (d) => (text += d));
    c.on('close', () => resolve(text));
  });
  await settled();
  assert.match(answer, /^HTTP\/1\.1 403 Forbidden/);
  const items = session.query({}).items.map((r) => r.message);
  assert.ok(items.includes('raw tcp line'));
  assert.ok(!items.includes('forged'), 'the forged body line was not taken');
  assert.equal(session.stats().records, before + 1);
  const src = session.sources().find((s) => s.name.startsWith('jsonLines'))!;
  assert.equal(src.badLines.length, 0, 'the request head was not read as bad lines');
  assert.equal(receiver.stats().jsonLines!.browserRefused, 1);
});

test('browser requests are refused with 403 and counted; an allowed origin gets CORS answers', async () => {
  const before = session.spans().length;
  const z = receiver.ports.zipkin!;
  // a Blob without a type: no Content-Type at all
  const page = { Origin: 'http://evil.test', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Site': 'same-site' };
  let r = await post(z, '/api/v2/spans', zipkinSpan, page);
  assert.equal(r.status, 403);
  assert.equal(r.headers['access-control-allow-origin'], undefined);
  r = await post(
    z,
    '/api/v2/spans',
    '',
    { Origin: 'http://evil.test', 'Access-Control-Request-Method': 'POST' },
    'OPTIONS',
  );
  assert.equal(r.status, 403, 'no preflight answer for an origin that is not allowed');
  await settled();
  assert.equal(session.spans().length, before);
  assert.ok(events.some((e) => e.origin === 'http://evil.test' && e.status === 403));

  allowed = new Set(['http://localhost:3000']);
  try {
    const preflight = {
      Origin: 'http://localhost:3000',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    };
    r = await post(z, '/api/v2/spans', '', preflight, 'OPTIONS');
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.match(String(r.headers['access-control-allow-headers']), /Content-Type/);
    const page = { Origin: 'http://localhost:3000', 'Content-Type': 'application/json', 'Sec-Fetch-Mode': 'cors' };
    r = await post(z, '/api/v2/spans', zipkinSpan, page);
    assert.equal(r.status, 202);
    assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:3000');
    await settled();
    assert.equal(session.spans().length, before + 1);
  } finally {
    allowed = new Set();
  }
});

test('bodies past the shared budget are answered 429 with Retry-After, and the receiver goes on', async () => {
  const o = receiver.ports.otlp!;
  // two clients each start a 1 MiB body and hold it open: together they pass the 1.5 MiB budget
  const open = (n: number) =>
    new Promise<Answer>((resolve, reject) => {
      const headers = { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' };
      const req = request({ host: '127.0.0.1', port: o, path: '/v1/traces', method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.write('{"resourceSpans":[],"pad":"' + 'x'.repeat(n));
      return req;
    });
  const first = open(900 * 1024);
  await settled();
  const second = await open(900 * 1024);
  assert.equal(second.status, 429);
  assert.equal(second.headers['retry-after'], '1');
  // a declared length past what is left is refused before a byte is read
  const third = await post(o, '/v1/traces', 'x'.repeat(700 * 1024), { 'Content-Type': 'application/json' });
  assert.equal(third.status, 429);
  void first.catch(() => {});
});
