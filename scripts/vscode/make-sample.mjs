#!/usr/bin/env node
// Regenerates sample/logs from the sample sources: the checkout service's pino log comes from running
// sample/checkout/src/checkout.ts with the real pino (trace context and caller added by a mixin, as
// @opentelemetry/instrumentation-pino and pino-caller do); the spans go through the real OpenTelemetry SDK and
// its OTLP/JSON serializer; the orders service's logstash-logback-encoder JSON (no JVM here) is written in that
// encoder's shape, with caller lines looked up in the Java sources so "Go to Source" lands on the statement.
//   node --import tsx scripts/vscode/make-sample.mjs
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';

const root = resolve(import.meta.dirname, '../..');
const sample = join(root, 'sample');
const { checkout } = await import(join(sample, 'checkout/src/checkout.ts'));

// deterministic clock and ids, so regenerating gives the same files
let clockNs = 1_714_551_300_000_000_000n; // 2024-05-01T08:15:00Z
const tick = (ms) => {
  clockNs += BigInt(Math.round(ms * 1e6));
  return clockNs;
};
let idSeed = 0x5eed;
function hex(bytes) {
  let s = '';
  for (let i = 0; i < bytes; i++) {
    idSeed = (idSeed * 1103515245 + 12345) >>> 0;
    s += ((idSeed >>> 16) & 0xff).toString(16).padStart(2, '0');
  }
  return s;
}

// ── the Java side: lines of the statements that log
function javaLines(file) {
  return readFileSync(join(sample, 'src/main/java/com/acme/orders', file), 'utf8').split('\n');
}
const javaSources = {
  'OrderService.java': javaLines('OrderService.java'),
  'PaymentClient.java': javaLines('PaymentClient.java'),
};
function callerLine(file, template) {
  const i = javaSources[file].findIndex((l) => l.includes(`"${template}"`));
  if (i < 0) throw new Error(`${file} has no log statement "${template}"`);
  return i + 1;
}
function format(template, args) {
  let i = 0;
  return template.replace(/\{\}/g, () => String(args[i++]));
}

const logback = [];
function logbackLine({ level, template, args = [], file, method, thread, traceId, spanId, stack }) {
  const levelValue = { TRACE: 5000, DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 }[level];
  const t = tick(0.4 + (logback.length % 5) * 0.3);
  const ms = Number(t / 1_000_000n);
  const cls = `com.acme.orders.${file.replace('.java', '')}`;
  const line = {
    '@timestamp': new Date(ms).toISOString().replace('Z', '+00:00'),
    '@version': '1',
    message: format(template, args),
    logger_name: cls,
    thread_name: thread,
    level,
    level_value: levelValue,
    traceId,
    spanId,
    caller_class_name: cls,
    caller_method_name: method,
    caller_file_name: file,
    caller_line_number: callerLine(file, template),
  };
  if (stack) line.stack_trace = stack;
  logback.push(JSON.stringify(line));
}

// ── the TypeScript side: real pino, trace context from the active span, caller from the stack
const pinoLines = [];
let active = null; // { traceId, spanId }
const sink = new Writable({
  write(chunk, _enc, cb) {
    pinoLines.push(...String(chunk).split('\n').filter(Boolean));
    cb();
  },
});
const log = pino(
  {
    name: 'checkout',
    base: { pid: 4242, hostname: 'checkout-7d9f' },
    timestamp: () => `,"time":${Number(tick(0.7) / 1_000_000n)}`,
    mixin() {
      const frame = new Error().stack.split('\n').find((l) => l.includes('checkout.ts'));
      // deployed as /app in its container: the workspace maps it back with threadline.pathMappings
      const caller = frame
        ?.trim()
        .replace(/^at /, '')
        .replace(/\(?\/.*\/sample\/checkout\//, '(/app/')
        .replace(/^\(/, '');
      return {
        ...(active ? { trace_id: active.traceId, span_id: active.spanId, trace_flags: '01' } : {}),
        ...(caller ? { caller } : {}),
      };
    },
  },
  sink,
);

// spans, as an OTLP/JSON exporter sends them
const spans = { checkout: [], orders: [] };

const scenarios = [
  { cart: 'cart-1001', customer: 'cust-17', total: 42.5, outcome: 'ok' },
  { cart: 'cart-1002', customer: 'cust-23', total: 310, outcome: 'declined' },
  { cart: 'cart-1003', customer: 'cust-17', total: 0, outcome: 'empty' },
  { cart: 'cart-1004', customer: 'cust-08', total: 12.99, outcome: 'retry' },
  { cart: 'cart-1005', customer: 'cust-31', total: 99, outcome: 'ok' },
  { cart: 'cart-1006', customer: 'cust-23', total: 150, outcome: 'declined' },
];

let reqNo = 0;
for (const sc of scenarios) {
  const traceId = hex(16);
  const start = tick(5);
  const serverSpanId = hex(8);
  active = { traceId, spanId: serverSpanId };
  const reqLog = log.child({ reqId: `req-${++reqNo}` });
  const thread = `http-nio-8080-exec-${(reqNo % 3) + 1}`;

  const placeOrder = async (cart) => {
    const clientStart = tick(1);
    const clientSpanId = hex(8);
    const ordersServer = { id: hex(8), start: tick(0.5) };
    const mdc = { traceId, spanId: ordersServer.id, thread };
    logbackLine({
      ...mdc,
      level: 'INFO',
      template: 'Placing order for customer {}',
      args: [cart.customerId],
      file: 'OrderService.java',
      method: 'place',
    });
    const chargeSpanId = hex(8);
    const chargeStart = tick(1);
    logbackLine({
      ...mdc,
      spanId: chargeSpanId,
      level: 'DEBUG',
      template: 'Charging {} {}',
      args: [cart.customerId, `EUR ${cart.total}`],
      file: 'PaymentClient.java',
      method: 'charge',
    });
    if (sc.outcome === 'retry') {
      tick(2000);
      logbackLine({
        ...mdc,
        spanId: chargeSpanId,
        level: 'WARN',
        template: 'Payment provider timed out, retrying once',
        file: 'PaymentClient.java',
        method: 'charge',
      });
    }
    const chargeEnd = tick(sc.outcome === 'retry' ? 180 : 60);
    const declined = sc.outcome === 'declined';
    spans.orders.push({
      traceId,
      spanId: chargeSpanId,
      parentSpanId: ordersServer.id,
      name: 'POST /v1/charges',
      kind: 3,
      startTimeUnixNano: String(chargeStart),
      endTimeUnixNano: String(chargeEnd),
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'POST' } },
        { key: 'http.response.status_code', value: { intValue: declined ? '402' : '201' } },
      ],
      status: declined ? { code: 2, message: 'card declined' } : { code: 0 },
    });
    if (declined) {
      logbackLine({
        ...mdc,
        level: 'ERROR',
        template: 'Payment declined for order {}: {}',
        args: [cart.id, 'card declined'],
        file: 'OrderService.java',
        method: 'place',
        stack:
          `com.acme.orders.PaymentDeclinedException: card declined\n\tat ` +
          `com.acme.orders.OrderService.place(OrderService.java:` +
          `${callerLine('OrderService.java', 'Payment declined for order {}: {}') + 2})\n\tat com.acme.orders` +
          `.OrderController.create(OrderController.java:31)\n\tat ` +
          `java.base/java.lang.Thread.run(Thread.java:1583)`,
      });
    } else {
      logbackLine({
        ...mdc,
        level: 'INFO',
        template: 'Order {} confirmed',
        args: [cart.id],
        file: 'OrderService.java',
        method: 'place',
      });
    }
    const ordersEnd = tick(2);
    spans.orders.push({
      traceId,
      spanId: ordersServer.id,
      parentSpanId: clientSpanId,
      name: 'POST /orders',
      kind: 2,
      startTimeUnixNano: String(ordersServer.start),
      endTimeUnixNano: String(ordersEnd),
      attributes: [
        { key: 'http.route', value: { stringValue: '/orders' } },
        { key: 'thread.name', value: { stringValue: thread } },
      ],
      status: declined ? { code: 2, message: 'payment declined' } : { code: 0 },
    });
    const clientEnd = tick(0.5);
    spans.checkout.push({
      traceId,
      spanId: clientSpanId,
      parentSpanId: serverSpanId,
      name: 'POST orders/orders',
      kind: 3,
      startTimeUnixNano: String(clientStart),
      endTimeUnixNano: String(clientEnd),
      attributes: [],
      status: declined ? { code: 2, message: 'HTTP 402' } : { code: 0 },
    });
    return !declined;
  };

  const status = await checkout(reqLog, { id: sc.cart, customerId: sc.customer, total: sc.total }, placeOrder);
  const end = tick(1);
  spans.checkout.push({
    traceId,
    spanId: serverSpanId,
    parentSpanId: '',
    name: 'POST /checkout',
    kind: 2,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(end),
    attributes: [
      { key: 'http.route', value: { stringValue: '/checkout' } },
      { key: 'http.response.status_code', value: { intValue: String(status) } },
    ],
    status: status >= 500 ? { code: 2, message: `HTTP ${status}` } : { code: 0 },
  });
  active = null;
}

// replay the spans through the real OpenTelemetry SDK and its OTLP/JSON serializer, one provider per service,
// with an id generator that hands out the ids the logs already carry
let nextTraceId = '',
  nextSpanId = '';
const ids = { generateTraceId: () => nextTraceId, generateSpanId: () => nextSpanId };
const hr = (ns) => [Number(BigInt(ns) / 1_000_000_000n), Number(BigInt(ns) % 1_000_000_000n)];
const KIND = { 2: SpanKind.SERVER, 3: SpanKind.CLIENT };
async function exportService(name, scope, list) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': name, 'service.version': '1.4.0' }),
    idGenerator: ids,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer(scope.name, scope.version);
  for (const s of list) {
    nextTraceId = s.traceId;
    nextSpanId = s.spanId;
    const parent = s.parentSpanId
      ? trace.setSpanContext(ROOT_CONTEXT, {
          traceId: s.traceId,
          spanId: s.parentSpanId,
          traceFlags: TraceFlags.SAMPLED,
          isRemote: true,
        })
      : ROOT_CONTEXT;
    const attributes = Object.fromEntries(
      s.attributes.map((a) => [a.key, a.value.stringValue ?? Number(a.value.intValue)]),
    );
    const span = tracer.startSpan(
      s.name,
      { kind: KIND[s.kind], startTime: hr(s.startTimeUnixNano), attributes },
      parent,
    );
    if (s.status.code === 2) span.setStatus({ code: SpanStatusCode.ERROR, message: s.status.message });
    span.end(hr(s.endTimeUnixNano));
  }
  await provider.forceFlush();
  return JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(exporter.getFinishedSpans())));
}
const otlp = {
  resourceSpans: [
    ...(
      await exportService(
        'checkout',
        { name: '@opentelemetry/instrumentation-http', version: '0.57.0' },
        spans.checkout,
      )
    ).resourceSpans,
    ...(await exportService('orders', { name: 'io.opentelemetry.tomcat-10.0', version: '2.10.0-alpha' }, spans.orders))
      .resourceSpans,
  ],
};

mkdirSync(join(sample, 'logs'), { recursive: true });
writeFileSync(join(sample, 'logs/checkout.ndjson'), pinoLines.join('\n') + '\n');
writeFileSync(join(sample, 'logs/orders.log'), logback.join('\n') + '\n');
writeFileSync(join(sample, 'logs/traces.otlp.json'), JSON.stringify(otlp) + '\n');
console.log(
  `sample/logs: ${pinoLines.length} pino lines, ${logback.length} logback lines, ` +
    `${spans.checkout.length + spans.orders.length} spans`,
);
