// Zipkin v1 JSON (array of spans with core annotations cs/sr/ss/cr and binaryAnnotations, no `kind`).
// Spec: openzipkin/zipkin-api zipkin-api.yaml (v1); conversion follows zipkin2's V1SpanConverter: an RPC
// span reported by both sides splits into a CLIENT span and a shared SERVER span (see zipkinV2.ts on sharing).

import type { Span, SpanEvent } from '../../model';
import { bag, decodeId, isObj, str, usToNs, WarningTally, type Obj } from './common';
import type { ImportSink, TraceImporter } from './types';
import { hasV1Annotations, spanList, zipkinStatus } from './zipkinV2';

const CORE = new Set(['cs', 'cr', 'sr', 'ss', 'ms', 'mr']);

const serviceOf = (a: Obj | undefined): string | null =>
  a && isObj(a.endpoint) ? str(a.endpoint.serviceName) || null : null;

interface Half {
  kind: string | null;
  start: bigint | null;
  end: bigint | null;
  service: string | null;
  events: SpanEvent[];
  attributes: Obj;
}

function convert(raw: Obj, where: string, tally: WarningTally, out: (s: Span) => void): void {
  const traceId = decodeId(raw.traceId);
  const spanId = decodeId(raw.id);
  if (!traceId.id || !spanId.id) {
    tally.add(traceId.error ?? spanId.error ?? 'span without traceId or id skipped', where);
    return;
  }
  const parent = decodeId(raw.parentId);
  if (parent.error) tally.add(`parentId: ${parent.error}; kept as a root`, where);

  const core = new Map<string, { t: bigint; a: Obj }>();
  const others: { t: bigint; a: Obj }[] = [];
  for (const a of Array.isArray(raw.annotations) ? raw.annotations : []) {
    const t = isObj(a) ? usToNs(a.timestamp) : null;
    if (!isObj(a) || t === null) {
      tally.add('annotation without a readable timestamp skipped', where);
      continue;
    }
    const v = str(a.value) ?? '';
    if (CORE.has(v) && !core.has(v)) core.set(v, { t, a });
    else others.push({ t, a });
  }
  const client: Half | null =
    core.has('cs') || core.has('cr') || core.has('ms')
      ? {
          kind: core.has('ms') && !core.has('cs') ? 'PRODUCER' : 'CLIENT',
          start: (core.get('cs') ?? core.get('ms'))?.t ?? null,
          end: core.get('cr')?.t ?? null,
          service: serviceOf((core.get('cs') ?? core.get('cr') ?? core.get('ms'))?.a),
          events: [],
          attributes: bag(),
        }
      : null;
  const server: Half | null =
    core.has('sr') || core.has('ss') || core.has('mr')
      ? {
          kind: core.has('mr') && !core.has('sr') ? 'CONSUMER' : 'SERVER',
          start: (core.get('sr') ?? core.get('mr'))?.t ?? null,
          end: core.get('ss')?.t ?? null,
          service: serviceOf((core.get('sr') ?? core.get('ss') ?? core.get('mr'))?.a),
          events: [],
          attributes: bag(),
        }
      : null;
  const local: Half = { kind: null, start: null, end: null, service: null, events: [], attributes: bag() };
  const halves = [client, server].filter((h): h is Half => h !== null);
  if (halves.length === 0) halves.push(local);
  const pick = (svc: string | null): Half => halves.find((h) => svc !== null && h.service === svc) ?? halves[0]!;

  for (const { t, a } of others)
    pick(serviceOf(a)).events.push({ timeNs: t, name: str(a.value) ?? '', attributes: bag() });
  for (const b of Array.isArray(raw.binaryAnnotations) ? raw.binaryAnnotations : []) {
    if (!isObj(b) || typeof b.key !== 'string') {
      tally.add('binaryAnnotation without a key skipped', where);
      continue;
    }
    const svc = serviceOf(b);
    if (b.key === 'ca' || b.key === 'sa' || b.key === 'ma') {
      // An address annotation names the other side of the RPC.
      (b.key === 'ca' ? (server ?? halves[0]!) : (client ?? halves[0]!)).attributes['zipkin.remoteEndpoint'] =
        b.endpoint;
      continue;
    }
    if (b.key === 'lc' && local.service === null) local.service = svc;
    pick(svc).attributes[b.key] = b.value;
  }

  const spanStart = usToNs(raw.timestamp);
  const dur = usToNs(raw.duration);
  const emit = (h: Half, shared: boolean) => {
    let start = h.start ?? spanStart;
    if (start === null) {
      const ts = h.events.map((e) => e.timeNs);
      if (ts.length === 0) {
        tally.add('span without timestamp or annotations skipped', where);
        return;
      }
      start = ts.reduce((m, t) => (t < m ? t : m));
    }
    let end = h.end ?? (dur !== null && (h === halves[0] || h.start === null) ? start + dur : start);
    if (end < start) end = start;
    const attributes = bag();
    Object.assign(attributes, h.attributes);
    if (raw.debug !== undefined) attributes['zipkin.debug'] = raw.debug;
    if (shared) {
      attributes['zipkin.shared'] = true;
      if (parent.id !== null) attributes['zipkin.parentId'] = parent.id;
    }
    const { status, message } = zipkinStatus(h.attributes);
    out({
      traceId: traceId.id!,
      spanId: spanId.id!,
      parentSpanId: shared ? spanId.id : parent.id,
      name: str(raw.name) ?? '',
      service: h.service ?? local.service,
      kind: h.kind,
      startNs: start,
      endNs: end,
      status,
      statusMessage: message,
      attributes,
      events: h.events.sort((x, y) => (x.timeNs < y.timeNs ? -1 : x.timeNs > y.timeNs ? 1 : 0)),
      links: [],
      origin: 'reported',
      format: 'zipkin-v1',
    });
  };
  emit(halves[0]!, false);
  if (halves.length === 2) emit(halves[1]!, true);
}

export const zipkinV1: TraceImporter = {
  name: 'zipkin-v1',
  spec: 'openzipkin/zipkin-api zipkin-api.yaml (v1); zipkin2 V1SpanConverter for the split of shared RPC spans',
  detect: (input) => {
    const v = spanList(input);
    return (
      Array.isArray(v) &&
      v.length > 0 &&
      v
        .slice(0, 8)
        .some(
          (s) =>
            isObj(s) &&
            typeof s.traceId === 'string' &&
            typeof s.id === 'string' &&
            !isObj(s.localEndpoint) &&
            s.kind === undefined &&
            (Array.isArray(s.binaryAnnotations) || hasV1Annotations(s)),
        )
    );
  },
  import(input, sink: ImportSink) {
    const value = spanList(input);
    if (!Array.isArray(value)) {
      sink.warn('Zipkin v1: expected a JSON array of spans');
      return;
    }
    const tally = new WarningTally();
    value.forEach((raw, i) => {
      if (!isObj(raw)) {
        tally.add('span is not an object', `[${i}]`);
        return;
      }
      convert(raw, `[${i}]`, tally, (s) => sink.span(s));
    });
    tally.flush((m) => sink.warn(`Zipkin v1: ${m}`));
  },
};
