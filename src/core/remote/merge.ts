// Takes a fetched trace into a session next to its local records: the trace's spans go in as an out-of-band
// document (like a receiver's body), so the session's trace group `trace:<id>` holds the remote spans and the
// local log records with the same trace ID, which the timeline draws as markers on them. Spans the session
// already holds (an earlier fetch of the same trace, the same spans read from a file) are not added twice.

import type { Span } from '../model';
import type { GroupRef, SessionApi } from '../session/api';
import type { RemoteTrace, TraceStore } from './traceStore';

export interface MergeResult {
  /** The session group the trace landed in (`trace:<id>`), and the same as a ref for the session's queries. */
  groupId: string;
  group: GroupRef;
  added: number;
  /** Spans left out because the session held them already. */
  alreadyHeld: number;
  /** Name of the stream the spans were written to, or null when nothing new was written. */
  sourceName: string | null;
}

/** What makes two reports the same span: both halves of a shared RPC span carry one ID. */
const spanKey = (s: Span): string => {
  const shared = s.attributes['zipkin.shared'] === true ? 's' : '';
  return `${s.traceId}|${s.spanId}|${s.service ?? ''}|${s.kind ?? ''}|${shared}|${s.format}`;
};

export function mergeRemoteTrace(session: SessionApi, store: TraceStore, trace: RemoteTrace): MergeResult {
  const held = new Set<string>();
  for (const s of session.spans()) if (s.traceId === trace.traceId) held.add(spanKey(s));
  const keep: number[] = [];
  trace.spans.forEach((s, i) => {
    if (!held.has(spanKey(s))) keep.push(i);
    held.add(spanKey(s));
  });
  const groupId = `trace:${trace.traceId}`;
  const group: GroupRef = { by: { kind: 'trace' }, id: groupId };
  const alreadyHeld = trace.spans.length - keep.length;
  // A fetch that brings nothing new leaves no empty source behind.
  if (keep.length === 0 && (trace.warnings.length === 0 || alreadyHeld > 0))
    return { groupId, group, added: 0, alreadyHeld, sourceName: null };
  const sourceName = remoteSourceName(store, trace.traceId);
  const sink = session.addStream(sourceName);
  sink.writeDocument(trace.document(keep), `${store.url} trace ${trace.traceId}`);
  sink.end();
  return { groupId, group, added: keep.length, alreadyHeld, sourceName };
}

/** "Zipkin 127.0.0.1:9411 trace 4bf92f35…": the Sources view and the CLI's files[] name a fetch by this. */
export function remoteSourceName(store: TraceStore, traceId: string): string {
  const label = store.kind.charAt(0).toUpperCase() + store.kind.slice(1);
  return `${label} ${store.url.replace(/^https?:\/\//, '')} trace ${traceId}`;
}
