// Jaeger query-service / UI JSON (`{data: [{traceID, spans, processes}]}`, what "Download JSON" and
// /api/traces return). Spec: jaegertracing/jaeger model/json/model.go.
// Times are microseconds. The first CHILD_OF reference is the tree edge; FOLLOWS_FROM (and any further
// CHILD_OF) become links, since Jaeger allows several references and a tree needs one parent.

import type { Span, SpanEvent, SpanLink, SpanStatus } from '../../model';
import { bag, decodeId, int64Value, isObj, str, usToNs, WarningTally, type Obj } from './common';
import type { ImportSink, TraceImporter } from './types';

/** Jaeger tags `[{key, type, value}]` → object; int64 kept exact (number while safe, else its text). */
export function jaegerTags(list: unknown): Obj {
  const out = bag();
  if (!Array.isArray(list)) return out;
  for (const t of list) {
    if (!isObj(t) || typeof t.key !== 'string') continue;
    out[t.key] = t.type === 'int64' ? (int64Value(t.value) ?? t.value) : t.value;
  }
  return out;
}

function status(tags: Obj): { status: SpanStatus; message: string | null } {
  const err = tags.error;
  const code = tags['otel.status_code'];
  if (err === true || err === 'true' || code === 'ERROR')
    return { status: 'error', message: str(tags['otel.status_description']) };
  return { status: code === 'OK' ? 'ok' : 'unset', message: null };
}

function tracesOf(value: unknown): unknown[] | null {
  if (isObj(value) && Array.isArray(value.data)) return value.data;
  if (isObj(value) && Array.isArray(value.spans)) return [value];
  return null;
}

function convert(raw: Obj, processes: Obj, where: string, tally: WarningTally): Span | null {
  const traceId = decodeId(raw.traceID);
  const spanId = decodeId(raw.spanID);
  if (!traceId.id) {
    tally.add(traceId.error ?? 'span without traceID skipped', where);
    return null;
  }
  if (!spanId.id) {
    tally.add(spanId.error ?? 'span without spanID skipped', where);
    return null;
  }
  const startNs = usToNs(raw.startTime);
  if (startNs === null) {
    tally.add('span without a readable startTime skipped', where);
    return null;
  }
  const dur = raw.duration === undefined ? 0n : usToNs(raw.duration);
  if (dur === null || dur < 0n) tally.add('unreadable duration: span ends at its start', where);

  let parent: string | null = null;
  const links: SpanLink[] = [];
  for (const r of Array.isArray(raw.references) ? raw.references : []) {
    const rs = isObj(r) ? decodeId(r.spanID) : { id: null };
    const rt = isObj(r) ? decodeId(r.traceID) : { id: null };
    if (!isObj(r) || !rs.id) {
      tally.add('reference without a readable spanID skipped', where);
      continue;
    }
    const sameTrace = rt.id === null || rt.id === traceId.id;
    if (r.refType === 'CHILD_OF' && parent === null && sameTrace) parent = rs.id;
    else {
      const attributes = bag();
      attributes['jaeger.refType'] = r.refType;
      links.push({ traceId: rt.id ?? traceId.id, spanId: rs.id, attributes });
    }
  }
  // Older UI exports carry parentSpanID instead of (or besides) references.
  if (parent === null && raw.parentSpanID !== undefined) parent = decodeId(raw.parentSpanID).id;

  const tags = jaegerTags(raw.tags);
  const proc =
    typeof raw.processID === 'string' && isObj(processes[raw.processID])
      ? (processes[raw.processID] as Obj)
      : isObj(raw.process)
        ? raw.process
        : null;
  if (!proc) tally.add(`processID ${JSON.stringify(raw.processID)} not in processes: service unknown`, where);
  const attributes = bag();
  Object.assign(attributes, tags);
  if (proc) attributes['otel.resource'] = jaegerTags(proc.tags);
  if (raw.flags !== undefined) attributes['jaeger.flags'] = raw.flags;
  if (Array.isArray(raw.warnings) && raw.warnings.length > 0) attributes['jaeger.warnings'] = raw.warnings;

  const events: SpanEvent[] = [];
  for (const l of Array.isArray(raw.logs) ? raw.logs : []) {
    const t = isObj(l) ? usToNs(l.timestamp) : null;
    if (!isObj(l) || t === null) {
      tally.add('span log without a readable timestamp skipped', where);
      continue;
    }
    const fields = jaegerTags(l.fields);
    const name = str(fields.event) ?? str(fields.message) ?? 'log';
    events.push({ timeNs: t, name, attributes: fields });
  }
  const kind = tags['span.kind'];
  const st = status(tags);
  return {
    traceId: traceId.id,
    spanId: spanId.id,
    parentSpanId: parent,
    name: str(raw.operationName) ?? '',
    service: proc ? str(proc.serviceName) : null,
    kind: typeof kind === 'string' ? kind.toUpperCase() : null,
    startNs,
    endNs: startNs + (dur !== null && dur > 0n ? dur : 0n),
    status: st.status,
    statusMessage: st.message,
    attributes,
    events,
    links,
    origin: 'reported',
    format: 'jaeger',
  };
}

export const jaeger: TraceImporter = {
  name: 'jaeger',
  spec: 'jaegertracing/jaeger model/json/model.go (query API / UI JSON)',
  detect(v) {
    const traces = tracesOf(v);
    if (!traces || traces.length === 0) return false;
    const t = traces[0];
    return isObj(t) && Array.isArray(t.spans) && (isObj(t.processes) || (isObj(t.spans[0]) && 'spanID' in t.spans[0]));
  },
  import(value, sink: ImportSink) {
    const traces = tracesOf(value);
    if (!traces) {
      sink.warn('Jaeger: expected {data: [{spans, processes}]}');
      return;
    }
    const tally = new WarningTally();
    traces.forEach((t, ti) => {
      if (!isObj(t) || !Array.isArray(t.spans)) {
        tally.add('trace without a spans array skipped', `data[${ti}]`);
        return;
      }
      const processes = isObj(t.processes) ? t.processes : bag();
      t.spans.forEach((raw, i) => {
        const where = `data[${ti}].spans[${i}]`;
        if (!isObj(raw)) {
          tally.add('span is not an object', where);
          return;
        }
        const span = convert(raw, processes, where, tally);
        if (span) sink.span(span);
      });
    });
    tally.flush((m) => sink.warn(`Jaeger: ${m}`));
  },
};
