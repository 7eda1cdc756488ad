// Real spans in a real Zipkin: the OpenTelemetry SDK with its Zipkin exporter reports a two-service trace
// (checkout calls payments, which fails), and local log lines in logstash-logback-encoder's shape carry the
// same trace and span IDs, as a Spring Boot service's logs would.

import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';

// Plain JavaScript (types in zipkinTraces.d.mts) so the workbench tests, run by plain Node, post the same trace.

function provider(zipkinUrl, service) {
  return new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new SimpleSpanProcessor({
        exporter: new ZipkinExporter({ url: `${zipkinUrl}/api/v2/spans`, serviceName: service }),
      }),
    ],
  });
}

/** Reports one checkout → payments trace to Zipkin; `startS` places it in time (default: a minute ago). */
export async function postCheckoutTrace(zipkinUrl, startS = Math.floor(Date.now() / 1000) - 60) {
  const checkout = provider(zipkinUrl, 'checkout');
  const payments = provider(zipkinUrl, 'payments');
  const t1 = checkout.getTracer('checkout');
  const t2 = payments.getTracer('payments');
  const root = t1.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    startTime: [startS, 0],
    attributes: { 'http.method': 'GET' },
  });
  const call = t1.startSpan(
    'POST /charge',
    { kind: SpanKind.CLIENT, startTime: [startS, 10_000_000] },
    trace.setSpan(context.active(), root),
  );
  const server = t2.startSpan(
    'POST /charge',
    { kind: SpanKind.SERVER, startTime: [startS, 12_000_000], attributes: { 'card.kind': 'visa' } },
    trace.setSpan(context.active(), call),
  );
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  server.end([startS, 80_000_000]);
  call.end([startS, 85_000_000]);
  root.end([startS, 120_000_000]);
  await checkout.forceFlush();
  await payments.forceFlush();
  await checkout.shutdown();
  await payments.shutdown();
  return {
    traceId: root.spanContext().traceId,
    rootSpanId: root.spanContext().spanId,
    callSpanId: call.spanContext().spanId,
    serverSpanId: server.spanContext().spanId,
    startS,
  };
}

/** Local logs of the trace, as logstash-logback-encoder writes them with Micrometer Tracing's MDC keys. */
export function localLogLines(t) {
  const at = (ms) => new Date(t.startS * 1000 + ms).toISOString();
  const line = (ms, level, service, spanId, message) =>
    JSON.stringify({
      '@timestamp': at(ms),
      '@version': '1',
      message,
      logger_name: `com.example.${service}.Api`,
      thread_name: 'http-nio-8080-exec-1',
      level,
      level_value: level === 'ERROR' ? 40000 : 20000,
      traceId: t.traceId,
      spanId,
      service,
    });
  return (
    [
      line(5, 'INFO', 'checkout', t.rootSpanId, 'checkout started for cart 42'),
      line(40, 'ERROR', 'payments', t.serverSpanId, 'card declined by issuer'),
      line(110, 'WARN', 'checkout', t.rootSpanId, 'checkout failed: payment declined'),
      JSON.stringify({
        '@timestamp': at(500),
        message: 'unrelated',
        level: 'INFO',
        traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        spanId: '1111111111111111',
      }),
    ].join('\n') + '\n'
  );
}

/** Zipkin stores asynchronously: wait until it serves the trace (a condition, not a fixed delay). */
export async function untilStored(zipkinUrl, traceId, spans) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${zipkinUrl}/api/v2/trace/${traceId}`);
    if (res.ok && (await res.json()).length >= spans) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Zipkin at ${zipkinUrl} never served trace ${traceId} with ${spans} spans`);
}
