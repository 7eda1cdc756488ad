// Zipkin v2 JSON (a JSON array of spans, as POSTed to /api/v2/spans and returned by /api/v2/trace/{id}).
// Spec: openzipkin/zipkin-api zipkin2-api.yaml. Times are microseconds.
//
// Shared spans: in B3 propagation the server may report its half of an RPC with the client's span id and
// `shared: true`. Ids are kept exact, so both halves carry the same spanId; the server half gets
// `parentSpanId = its own spanId`, which `trace/spanTree.ts` reads as "child of the other span with this id"
// (the Zipkin UI draws it the same way). Its original parentId is kept in attributes['zipkin.parentId'].

import type { Span, SpanEvent, SpanStatus } from '../../model';
import { bag, decodeId, isObj, str, usToNs, WarningTally, type Obj } from './common';
import type { ImportSink, TraceImporter } from './types';

const V2_KEYS = new Set([
  'traceId',
  'parentId',
  'id',
  'kind',
  'name',
  'timestamp',
  'duration',
  'debug',
  'shared',
  'localEndpoint',
  'remoteEndpoint',
  'annotations',
  'tags',
]);

/** Detection: traceId + id + localEndpoint/kind; an endpoint-less local span only if every key is Zipkin's. */
const looksLikeZipkinV2 = (s: unknown): boolean =>
  isObj(s) &&
  typeof s.traceId === 'string' &&
  typeof s.id === 'string' &&
  !Array.isArray(s.binaryAnnotations) &&
  !hasV1Annotations(s) &&
  (isObj(s.localEndpoint) ||
    typeof s.kind === 'string' ||
    (typeof s.timestamp === 'number' && Object.keys(s).every((k) => V2_KEYS.has(k))));

export const hasV1Annotations = (s: Obj): boolean =>
  Array.isArray(s.annotations) && s.annotations.some((a) => isObj(a) && isObj(a.endpoint));

/** Zipkin's `error` tag (any value, even empty) marks an error; OTel's exporter also writes otel.status_code. */
export function zipkinStatus(tags: Obj): { status: SpanStatus; message: string | null } {
  const code = tags['otel.status_code'];
  if ('error' in tags || code === 'ERROR') {
    const desc =
      typeof tags.error === 'string' && tags.error !== '' ? tags.error : str(tags['otel.status_description']);
    return { status: 'error', message: desc || null };
  }
  return { status: code === 'OK' ? 'ok' : 'unset', message: null };
}

/** `/api/v2/traces` answers a list of traces, each a list of spans: read it as one list. */
export const spanList = (v: unknown): unknown =>
  Array.isArray(v) && v.length > 0 && v.every(Array.isArray) ? (v as unknown[][]).flat() : v;

export function stringTags(v: unknown): Obj {
  const out = bag();
  if (isObj(v)) for (const [k, x] of Object.entries(v)) out[k] = x;
  return out;
}

function convert(raw: Obj, where: string, tally: WarningTally): Span | null {
  const traceId = decodeId(raw.traceId);
  const spanId = decodeId(raw.id);
  if (!traceId.id) {
    tally.add(traceId.error ?? 'span without traceId skipped', where);
    return null;
  }
  if (!spanId.id) {
    tally.add(spanId.error ?? 'span without id skipped', where);
    return null;
  }
  const parent = decodeId(raw.parentId);
  if (parent.error) tally.add(`parentId: ${parent.error}; kept as a root`, where);

  const events: SpanEvent[] = [];
  if (Array.isArray(raw.annotations)) {
    for (const a of raw.annotations) {
      const t = isObj(a) ? usToNs(a.timestamp) : null;
      if (!isObj(a) || t === null) {
        tally.add('annotation without a readable timestamp skipped', where);
        continue;
      }
      events.push({ timeNs: t, name: str(a.value) ?? '', attributes: bag() });
    }
  }
  let startNs = usToNs(raw.timestamp);
  if (startNs === null) {
    // An incomplete span (timestamp is optional in v2): fall back to its first annotation.
    if (events.length === 0) {
      tally.add('span without timestamp or annotations skipped', where);
      return null;
    }
    startNs = events.reduce((m, e) => (e.timeNs < m ? e.timeNs : m), events[0]!.timeNs);
    tally.add('span without timestamp: started at its first annotation', where);
  }
  const dur = raw.duration === undefined ? 0n : usToNs(raw.duration);
  if (dur === null || dur < 0n) tally.add('unreadable duration: span ends at its start', where);

  const tags = stringTags(raw.tags);
  const attributes = bag();
  Object.assign(attributes, tags);
  const shared = raw.shared === true;
  for (const k of ['localEndpoint', 'remoteEndpoint', 'debug', 'shared'] as const)
    if (raw[k] !== undefined) attributes[`zipkin.${k}`] = raw[k];
  if (shared && parent.id !== null) attributes['zipkin.parentId'] = parent.id;
  const { status, message } = zipkinStatus(tags);
  const local = isObj(raw.localEndpoint) ? str(raw.localEndpoint.serviceName) : null;
  return {
    traceId: traceId.id,
    spanId: spanId.id,
    parentSpanId: shared ? spanId.id : parent.id,
    name: str(raw.name) ?? '',
    service: local || null,
    kind: typeof raw.kind === 'string' ? raw.kind.toUpperCase() : null,
    startNs,
    endNs: startNs + (dur !== null && dur > 0n ? dur : 0n),
    status,
    statusMessage: message,
    attributes,
    events,
    links: [],
    origin: 'reported',
    format: 'zipkin-v2',
  };
}

export const zipkinV2: TraceImporter = {
  name: 'zipkin-v2',
  spec: 'openzipkin/zipkin-api zipkin2-api.yaml (ListOfSpans)',
  detect(value) {
    const v = spanList(value);
    return Array.isArray(v) && v.length > 0 && v.slice(0, 8).some(looksLikeZipkinV2);
  },
  import(input, sink: ImportSink) {
    const value = spanList(input);
    if (!Array.isArray(value)) {
      sink.warn('Zipkin v2: expected a JSON array of spans');
      return;
    }
    const tally = new WarningTally();
    value.forEach((raw, i) => {
      if (!isObj(raw)) {
        tally.add('span is not an object', `[${i}]`);
        return;
      }
      const span = convert(raw, `[${i}]`, tally);
      if (span) sink.span(span);
    });
    tally.flush((m) => sink.warn(`Zipkin v2: ${m}`));
  },
};
