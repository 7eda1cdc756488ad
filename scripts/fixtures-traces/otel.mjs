#!/usr/bin/env node
// Regenerates test/fixtures/traces/{otlp-traces.json, otlp-logs.json, otlp-export.ndjson, zipkin-v2-otel.json}
// by running the OpenTelemetry JS SDK and its OTLP/HTTP JSON and Zipkin exporters against a local HTTP server
// that captures the request bodies as sent. Ids come from a fixed sequence and span/record times are fixed, so
// the output is stable except `observedTimeUnixNano` and the one record emitted without a timestamp (the SDK
// stamps them with the clock); everything else (JSON shape, encodings, tags) is what the libraries wrote.
//   node scripts/fixtures-traces/otel.mjs
import { createServer } from 'node:http';
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { trace, SpanKind, SpanStatusCode, ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';

const out = resolve(import.meta.dirname, '../../test/fixtures/traces');
mkdirSync(out, { recursive: true });

const bodies = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    bodies.push({ path: req.url, type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// Deterministic ids: the SDK asks for them in creation order.
let seq = 0;
const idGenerator = {
  generateTraceId: () => '4bf92f3577b34da6a3ce929d0e0e4736',
  generateSpanId: () =>
    ['00f067aa0ba902b7', 'b7ad6b7169203331', '5fb397be34d26b51', 'e457b5a2e4d86bd1', '9a2b3c4d5e6f7081'][seq++],
};
const resource = resourceFromAttributes({ 'service.name': 'pay', 'service.version': '1.4.0', 'host.name': 'web-1' });
const T0 = 1714551300; // 2024-05-01T08:15:00Z
const at = (ms, ns = 0) => [T0, ms * 1e6 + ns];

async function runTraces(exporter) {
  seq = 0;
  const provider = new TracerProvider({
    resource,
    idGenerator,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('com.acme.pay', '1.4.0');
  const root = tracer.startSpan('POST /pay', {
    kind: SpanKind.SERVER,
    startTime: at(123, 456789),
    attributes: {
      'http.request.method': 'POST',
      'http.response.status_code': 502,
      'order.amount': 12.5,
      'order.express': true,
      'order.tags': ['a', 'b'],
    },
  });
  const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
  const charge = tracer.startSpan('charge', { kind: SpanKind.INTERNAL, startTime: at(125) }, rootCtx);
  charge.addEvent('db.query', { 'db.statement': 'SELECT 1' }, at(126, 500));
  const chargeCtx = trace.setSpan(rootCtx, charge);
  const fraud = tracer.startSpan('GET /fraud-check', { kind: SpanKind.CLIENT, startTime: at(127) }, chargeCtx);
  fraud.recordException(
    {
      name: 'Error',
      message: 'upstream timeout',
      stack: 'Error: upstream timeout\n    at check (/app/fraud.js:41:13)',
    },
    at(133),
  );
  fraud.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
  fraud.end(at(133, 250));
  charge.end(at(134));
  const audit = tracer.startSpan(
    'audit',
    {
      kind: SpanKind.PRODUCER,
      startTime: at(135),
      links: [
        {
          context: {
            traceId: '0af7651916cd43dd8448eb211c80319c',
            spanId: 'b9c7c989f97918e1',
            traceFlags: TraceFlags.SAMPLED,
          },
          attributes: { reason: 'batch' },
        },
      ],
    },
    rootCtx,
  );
  audit.end(at(136));
  root.setStatus({ code: SpanStatusCode.ERROR });
  root.end(at(138, 690000));
  await provider.forceFlush();
  await provider.shutdown();
}

async function runLogs() {
  const exporter = new OTLPLogExporter({ url: `${base}/v1/logs` });
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('com.acme.Pay', '1.4.0');
  const spanCtx = (spanId) =>
    trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId,
      traceFlags: TraceFlags.SAMPLED,
    });
  logger.emit({
    timestamp: at(125, 100),
    severityNumber: 9,
    severityText: 'INFO',
    body: 'charging card',
    attributes: {
      'code.filepath': '/app/pay.js',
      'code.lineno': 20,
      'code.function': 'charge',
      'code.namespace': 'PayService',
      'thread.name': 'main',
    },
    context: spanCtx('b7ad6b7169203331'),
  });
  logger.emit({
    timestamp: at(133, 200),
    severityNumber: 17,
    severityText: 'ERROR',
    body: 'fraud check failed',
    attributes: {
      'code.file.path': 'src/fraud.ts',
      'code.line.number': 41,
      'code.function.name': 'FraudClient.check',
      'code.column.number': 13,
      'exception.type': 'Error',
      'exception.message': 'upstream timeout',
      'exception.stacktrace': 'Error: upstream timeout\n    at check (/app/fraud.js:41:13)',
    },
    context: spanCtx('5fb397be34d26b51'),
  });
  logger.emit({
    timestamp: at(137),
    severityNumber: 13,
    body: { event: 'retry scheduled', attempt: 2, delays: [100, 200] },
    attributes: { 'thread.id': 7 },
    context: spanCtx('cafebabecafebabe'), // a span id no tracer reported: the tree derives a span for it
  });
  logger.emit({ severityText: 'WARN', body: 'no timestamp, no trace', attributes: {} });
  await provider.forceFlush();
  await provider.shutdown();
}

await runTraces(new OTLPTraceExporter({ url: `${base}/v1/traces` }));
await runLogs();
await runTraces(new ZipkinExporter({ url: `${base}/api/v2/spans` }));
server.close();

const pick = (p) => bodies.filter((b) => b.path === p);
const traces = pick('/v1/traces'),
  logs = pick('/v1/logs'),
  zipkin = pick('/api/v2/spans');
for (const [name, list] of [
  ['traces', traces],
  ['logs', logs],
  ['zipkin', zipkin],
]) {
  if (list.length === 0) throw new Error(`no ${name} request captured`);
  for (const b of list) if (!/json/.test(b.type ?? '')) throw new Error(`${name} request is ${b.type}, not JSON`);
}
// One export request per ended span (SimpleSpanProcessor): merge them into one request document for the
// single-document fixture, and keep each request as one NDJSON line like the Collector's file exporter.
const traceDocs = traces.map((b) => JSON.parse(b.body));
const merged = { resourceSpans: traceDocs.flatMap((d) => d.resourceSpans) };
writeFileSync(resolve(out, 'otlp-traces.json'), JSON.stringify(merged, null, 1) + '\n');
const logDocs = logs.map((b) => JSON.parse(b.body));
writeFileSync(
  resolve(out, 'otlp-logs.json'),
  JSON.stringify({ resourceLogs: logDocs.flatMap((d) => d.resourceLogs) }, null, 1) + '\n',
);
writeFileSync(
  resolve(out, 'otlp-export.ndjson'),
  [...traces, ...logs].map((b) => JSON.stringify(JSON.parse(b.body))).join('\n') + '\n',
);
const zipkinSpans = zipkin.flatMap((b) => JSON.parse(b.body));
writeFileSync(resolve(out, 'zipkin-v2-otel.json'), JSON.stringify(zipkinSpans, null, 1) + '\n');
console.log(
  `captured ${traces.length} OTLP trace, ${logs.length} OTLP log and ${zipkin.length} Zipkin requests → ${out}`,
);
