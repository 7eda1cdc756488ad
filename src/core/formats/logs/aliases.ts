// Context keys every format may carry (MDC, bound fields, enrichers) (docs/formats.md).
// The normaliser tries these after a format's own rules (core keys win over root-level MDC), first at the
// record's root, then inside its context objects (the format's `context` plus the common ones below).

import type { KeyPath, Rules, IdDecode } from '../schema';

export const TRACE_ALIASES: Rules<IdDecode> = [
  { key: 'traceId' },
  { key: 'trace_id' },
  { key: 'X-B3-TraceId' },
  { key: 'trace.id' },
  { key: '@tr' },
  { key: 'otelTraceID' },
  { key: 'TraceId' },
  { key: 'traceID' },
  { key: 'logging.googleapis.com/trace', decode: 'gcpTrace' },
];
export const SPAN_ALIASES: Rules<IdDecode> = [
  { key: 'spanId' },
  { key: 'span_id' },
  { key: 'X-B3-SpanId' },
  { key: 'span.id' },
  { key: '@sp' },
  { key: 'otelSpanID' },
  { key: 'SpanId' },
  { key: 'spanID' },
  { key: 'logging.googleapis.com/spanId' },
];
export const PARENT_ALIASES: Rules<IdDecode> = [
  { key: 'parentId' },
  { key: 'parent_id' },
  { key: 'parentSpanId' },
  { key: 'parent_span_id' },
  { key: 'X-B3-ParentSpanId' },
  { key: 'ParentId' },
  { key: '@ps' },
];
export const CORRELATION_ALIASES: Rules<IdDecode> = [
  { key: 'reqId', decode: 'text' },
  { key: ['req', 'id'], decode: 'text' },
  { key: 'requestId', decode: 'text' },
  { key: 'request_id', decode: 'text' },
  { key: 'RequestId', decode: 'text' },
  { key: 'req_id', decode: 'text' },
  { key: 'correlationId', decode: 'text' },
  { key: 'correlation_id', decode: 'text' },
  { key: 'CorrelationId', decode: 'text' },
  { key: 'x-request-id', decode: 'text' },
  { key: 'X-Request-ID', decode: 'text' },
];

/** Thread names written by MDC/bound fields or nested under a context object (the format's own rules come first). */
export const THREAD_ALIASES: Rules<IdDecode> = [
  { key: 'thread', decode: 'text' },
  { key: 'threadName', decode: 'text' },
  { key: 'thread_name', decode: 'text' },
  { key: 'thread.name', decode: 'text' },
];

/** Service names written by MDC/bound fields (the format's own service rules come first). Root only. */
export const SERVICE_ALIASES: Rules<IdDecode> = [
  { key: 'service' },
  { key: 'service.name' },
  { key: 'serviceName' },
  { key: 'service_name' },
  { key: 'application' },
  { key: 'app' },
];

/**
 * Objects (or arrays of objects, like MEL `Scopes`) that hold MDC-style context in any format: the trace, span,
 * parent, correlation and thread aliases above are looked up one level down in each of them. logback/log4j2
 * `mdc`/`contextMap`, winston and @google-cloud/logging-winston `metadata`, Monolog/Laravel `context` and `extra`,
 * ECS and GCP `labels`, tracing/logrus-style `fields`, OpenTelemetry-style `attributes`, and `ctx`. A value that is
 * not an object (logback-contrib writes `"context":"default"`) is skipped. Other containers: name the nested path
 * in `threadline.fieldMappings` (`"correlationId": "payload.reqId"`).
 */
export const COMMON_CONTEXT: readonly KeyPath[] = [
  'mdc',
  'contextMap',
  'metadata',
  'context',
  'labels',
  'fields',
  'extra',
  'attributes',
  'ctx',
];
