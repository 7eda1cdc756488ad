// OTLP/JSON traces (ExportTraceServiceRequest: resourceSpans → scopeSpans → spans), as the OTLP/HTTP JSON
// exporters and the Collector's file exporter write it. Spec: open-telemetry/opentelemetry-proto
// docs/specification.md (JSON mapping) and opentelemetry/proto/trace/v1/trace.proto.

import type { Span, SpanEvent, SpanLink, SpanStatus } from '../../model';
import { bag, decodeId, isObj, keyValues, nsFrom, str, WarningTally, type Obj } from './common';
import type { ImportSink, TraceImporter } from './types';

const KINDS = ['', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

/** `kind` as an integer (the spec) or an enum name (`SPAN_KIND_SERVER`, which proto3 JSON parsers also accept). */
export function otlpKind(v: unknown): string | null {
  if (typeof v === 'number') return KINDS[v] || null;
  if (typeof v === 'string') {
    const name = v.replace(/^SPAN_KIND_/, '').toUpperCase();
    if (KINDS.includes(name) && name !== '') return name;
    if (/^\d+$/.test(v)) return KINDS[Number(v)] || null;
  }
  return null;
}

export function otlpStatus(v: unknown): { status: SpanStatus; message: string | null } {
  if (!isObj(v)) return { status: 'unset', message: null };
  const c = v.code;
  const status: SpanStatus =
    c === 2 || c === 'STATUS_CODE_ERROR' || c === '2'
      ? 'error'
      : c === 1 || c === 'STATUS_CODE_OK' || c === '1'
        ? 'ok'
        : 'unset';
  return { status, message: str(v.message) || null };
}

/** Resource attributes and scope, kept on every span so nothing from the envelope is lost. */
export interface OtlpEnvelope {
  resource: Obj;
  scopeName: string | null;
  scopeVersion: string | null;
}

export function resourceOf(rs: Obj): Obj {
  return isObj(rs.resource) ? keyValues(rs.resource.attributes) : bag();
}

/** `scopeSpans` and, from before OTLP 0.15, `instrumentationLibrarySpans` (same for logs). */
export function scopesOf(rs: Obj, current: string, legacy: string): unknown[] {
  const v = rs[current] ?? rs[legacy];
  return Array.isArray(v) ? v : [];
}

export function scopeOf(ss: Obj): { name: string | null; version: string | null } {
  const scope = isObj(ss.scope) ? ss.scope : isObj(ss.instrumentationLibrary) ? ss.instrumentationLibrary : null;
  return { name: scope ? str(scope.name) || null : null, version: scope ? str(scope.version) || null : null };
}

function convertSpan(raw: Obj, env: OtlpEnvelope, where: string, tally: WarningTally): Span | null {
  const traceId = decodeId(raw.traceId);
  const spanId = decodeId(raw.spanId);
  if (!traceId.id) {
    tally.add(traceId.error ?? 'span without traceId skipped', where);
    return null;
  }
  if (!spanId.id) {
    tally.add(spanId.error ?? 'span without spanId skipped', where);
    return null;
  }
  const parent = decodeId(raw.parentSpanId);
  if (parent.error) tally.add(`parentSpanId: ${parent.error}; kept as a root`, where);
  const startNs = nsFrom(raw.startTimeUnixNano);
  if (startNs === null) {
    tally.add('span without a readable startTimeUnixNano skipped', where);
    return null;
  }
  let endNs = nsFrom(raw.endTimeUnixNano);
  if (endNs === null) {
    tally.add('span without a readable endTimeUnixNano: end set to its start', where);
    endNs = startNs;
  } else if (endNs < startNs) {
    tally.add('endTimeUnixNano before startTimeUnixNano: end set to its start', where);
    endNs = startNs;
  }

  const attributes = keyValues(raw.attributes);
  attributes['otel.resource'] = env.resource;
  if (env.scopeName !== null) attributes['otel.scope.name'] = env.scopeName;
  if (env.scopeVersion !== null) attributes['otel.scope.version'] = env.scopeVersion;
  for (const k of ['traceState', 'flags', 'droppedAttributesCount', 'droppedEventsCount', 'droppedLinksCount']) {
    if (raw[k] !== undefined && raw[k] !== '' && raw[k] !== 0) attributes[`otlp.${k}`] = raw[k];
  }

  const events: SpanEvent[] = [];
  if (Array.isArray(raw.events)) {
    for (const e of raw.events) {
      const t = isObj(e) ? nsFrom(e.timeUnixNano) : null;
      if (!isObj(e) || t === null) {
        tally.add('span event without a readable timeUnixNano skipped', where);
        continue;
      }
      events.push({ timeNs: t, name: str(e.name) ?? '', attributes: keyValues(e.attributes) });
    }
  }
  const links: SpanLink[] = [];
  if (Array.isArray(raw.links)) {
    for (const l of raw.links) {
      const lt = isObj(l) ? decodeId(l.traceId) : { id: null };
      const ls = isObj(l) ? decodeId(l.spanId) : { id: null };
      if (!isObj(l) || !lt.id || !ls.id) {
        tally.add('span link without readable traceId/spanId skipped', where);
        continue;
      }
      const la = keyValues(l.attributes);
      if (typeof l.traceState === 'string' && l.traceState !== '') la['otlp.traceState'] = l.traceState;
      links.push({ traceId: lt.id, spanId: ls.id, attributes: la });
    }
  }
  const { status, message } = otlpStatus(raw.status);
  const service = env.resource['service.name'];
  return {
    traceId: traceId.id,
    spanId: spanId.id,
    parentSpanId: parent.id,
    name: str(raw.name) ?? '',
    service: typeof service === 'string' ? service : null,
    kind: otlpKind(raw.kind),
    startNs,
    endNs,
    status,
    statusMessage: message,
    attributes,
    events,
    links,
    origin: 'reported',
    format: 'otlp-traces',
  };
}

export const otlpTraces: TraceImporter = {
  name: 'otlp-traces',
  spec:
    'open-telemetry/opentelemetry-proto docs/specification.md (OTLP/JSON), ' +
    'opentelemetry/proto/trace/v1/trace.proto',
  detect: (v) => isObj(v) && Array.isArray(v.resourceSpans),
  import(value, sink: ImportSink) {
    if (!isObj(value) || !Array.isArray(value.resourceSpans)) {
      sink.warn('OTLP traces: expected an object with a resourceSpans array');
      return;
    }
    const tally = new WarningTally();
    value.resourceSpans.forEach((rs, ri) => {
      if (!isObj(rs)) {
        tally.add('resourceSpans entry is not an object', `resourceSpans[${ri}]`);
        return;
      }
      const resource = resourceOf(rs);
      scopesOf(rs, 'scopeSpans', 'instrumentationLibrarySpans').forEach((ss, si) => {
        if (!isObj(ss)) {
          tally.add('scopeSpans entry is not an object', `resourceSpans[${ri}].scopeSpans[${si}]`);
          return;
        }
        const scope = scopeOf(ss);
        const env: OtlpEnvelope = { resource, scopeName: scope.name, scopeVersion: scope.version };
        const spans = Array.isArray(ss.spans) ? ss.spans : [];
        spans.forEach((raw, i) => {
          const where = `resourceSpans[${ri}].scopeSpans[${si}].spans[${i}]`;
          if (!isObj(raw)) {
            tally.add('span is not an object', where);
            return;
          }
          const span = convertSpan(raw, env, where, tally);
          if (span) sink.span(span);
        });
      });
    });
    tally.flush((m) => sink.warn(`OTLP traces: ${m}`));
  },
};
