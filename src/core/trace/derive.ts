// Spans for logs without a tracer. A span ID seen only in log records becomes one span from its first to
// its last record; a correlation ID or a thread becomes one span the same way. Such spans have
// origin 'derived' and say in `attributes['threadline.derivedFrom']` what they were made from.

import type { Level, Span } from '../model';

/** What the tree needs of a record: LogRecord and RecordSummary both fit. */
export interface TreeRecord {
  timeNs: bigint | null;
  traceId?: string | null;
  spanId: string | null;
  parentSpanId?: string | null;
  level?: Level | null;
  /** Any non-null error text counts the record as an error. */
  error?: string | null;
  service?: string | null;
  thread?: string | null;
}

/** The span id of the root derived for a trace's records (never a hex id, so it cannot collide). */
export const DERIVED_ROOT_SPAN_ID = '(trace)';

export const isErrorRecord = (r: TreeRecord): boolean =>
  r.level === 'error' || r.level === 'fatal' || (r.error !== undefined && r.error !== null && r.error !== '');

/** First and last time of the records (nulls skipped); null when none has a time. */
export function timeRange(records: readonly TreeRecord[], indices?: readonly number[]): [bigint, bigint] | null {
  let lo: bigint | null = null,
    hi: bigint | null = null;
  const n = indices ? indices.length : records.length;
  for (let k = 0; k < n; k++) {
    const t = records[indices ? indices[k]! : k]!.timeNs;
    if (t === null) continue;
    if (lo === null || t < lo) lo = t;
    if (hi === null || t > hi) hi = t;
  }
  return lo === null || hi === null ? null : [lo, hi];
}

function firstOf<K extends 'service' | 'thread' | 'parentSpanId'>(
  records: readonly TreeRecord[],
  indices: readonly number[],
  key: K,
): string | null {
  for (const i of indices) {
    const v = records[i]![key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
}

export function derivedSpan(init: {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  service: string | null;
  range: [bigint, bigint];
  from: string;
}): Span {
  return {
    traceId: init.traceId,
    spanId: init.spanId,
    parentSpanId: init.parentSpanId,
    name: init.name,
    service: init.service,
    kind: null,
    startNs: init.range[0],
    endNs: init.range[1],
    status: 'unset',
    statusMessage: null,
    attributes: { 'threadline.derivedFrom': init.from },
    events: [],
    links: [],
    origin: 'derived',
    format: 'derived',
  };
}

/**
 * Spans for the span IDs that records of one trace carry but no reported span has. Each spans its records;
 * its parent is the records' parentSpanId when they have one, else the trace's derived root (returned too,
 * spanning every record of the trace, when any derived span needs it or the trace has no span at all).
 */
export function deriveTraceSpans(
  traceId: string,
  reportedIds: ReadonlySet<string>,
  records: readonly TreeRecord[],
  hasReported: boolean,
): { spans: Span[]; root: Span | null } {
  const bySpan = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (r.spanId === null || r.spanId === '' || reportedIds.has(r.spanId)) return;
    const l = bySpan.get(r.spanId);
    if (l) l.push(i);
    else bySpan.set(r.spanId, [i]);
  });
  const spans: Span[] = [];
  let needRoot = !hasReported && records.length > 0;
  // Records without a time still make their span; it then covers the trace's records (or sits at 0).
  const whole = timeRange(records) ?? [0n, 0n];
  for (const [spanId, idx] of bySpan) {
    const parent = firstOf(records, idx, 'parentSpanId');
    if (parent === null || parent === spanId) needRoot = true;
    spans.push(
      derivedSpan({
        traceId,
        spanId,
        parentSpanId: parent === null || parent === spanId ? DERIVED_ROOT_SPAN_ID : parent,
        name: `span ${spanId}`,
        service: firstOf(records, idx, 'service'),
        range: timeRange(records, idx) ?? whole,
        from: 'span id in logs',
      }),
    );
  }
  const all = records.map((_, i) => i);
  const root = needRoot
    ? derivedSpan({
        traceId,
        spanId: DERIVED_ROOT_SPAN_ID,
        parentSpanId: null,
        name: `trace ${traceId}`,
        service: firstOf(records, all, 'service'),
        range: whole,
        from: 'trace id in logs',
      })
    : null;
  return { spans, root };
}

/** One span for a correlation ID or thread group, from its first to its last record. */
export function deriveGroupSpan(kind: 'correlation' | 'thread', key: string, records: readonly TreeRecord[]): Span {
  const all = records.map((_, i) => i);
  return derivedSpan({
    traceId: `${kind}:${key}`,
    spanId: `${kind}:${key}`,
    parentSpanId: null,
    name: kind === 'thread' ? `thread ${key}` : `${key}`,
    service: firstOf(records, all, 'service'),
    range: timeRange(records) ?? [0n, 0n],
    from: kind === 'thread' ? 'thread in logs' : 'correlation id in logs',
  });
}
