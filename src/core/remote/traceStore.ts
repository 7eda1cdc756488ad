// A trace store Threadline can query over the network (Zipkin today; Jaeger's and Tempo's query APIs fit the
// same shape): search recent traces, fetch one trace by ID. Nothing is fetched until a caller asks. Failures
// come back as `RemoteTraceError` with a kind a user can act on, never as a raw network exception.

import type { Span } from '../model';

/** What a search asks for; every field is optional and means "any" when left out. */
export interface TraceQuery {
  service?: string;
  spanName?: string;
  /** Tags a span of the trace must carry: `{ key }` alone asks for the tag's presence (e.g. `error`). */
  tags?: readonly { key: string; value?: string }[];
  /** Bounds on a span's duration, in milliseconds (fractions allowed). */
  minDurationMs?: number;
  maxDurationMs?: number;
  /** How far back from `endMs` (default: now) to look, in milliseconds. */
  lookbackMs?: number;
  endMs?: number;
  /** Most traces to return. */
  limit?: number;
}

/** A search hit, summarised from the spans the store returned with it. */
export interface RemoteTraceSummary {
  traceId: string;
  /** Name of the root span (the earliest when there is no root), or null for a trace without spans. */
  root: string | null;
  rootService: string | null;
  services: string[];
  startNs: bigint | null;
  durationNs: bigint | null;
  spans: number;
  /** Spans whose status is error. */
  errors: number;
}

/** One trace as fetched: its spans as Threadline's importer reads them, and the store's own document for them. */
export interface RemoteTrace {
  traceId: string;
  spans: readonly Span[];
  /** The backend's document holding only `spans[i]` for each i in `keep`, for a session to import. */
  document(keep: readonly number[]): unknown;
  /** What the importer skipped or repaired, one line each. */
  warnings: readonly string[];
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface TraceStore {
  /** 'zipkin', later 'jaeger', 'tempo': names the store in messages and source names. */
  readonly kind: string;
  /** The base URL, normalised (no trailing slash). */
  readonly url: string;
  services(opts?: RequestOptions): Promise<string[]>;
  spanNames(service: string, opts?: RequestOptions): Promise<string[]>;
  search(query: TraceQuery, opts?: RequestOptions): Promise<RemoteTraceSummary[]>;
  /** Rejects with kind 'not-found' when the store answers that it has no such trace. */
  trace(traceId: string, opts?: RequestOptions): Promise<RemoteTrace>;
}

export type RemoteErrorKind =
  /** No answer within the time limit (connected or not). */
  | 'timeout'
  /** The store answered and has no such trace. */
  | 'not-found'
  /** Connection refused, host unknown, connection reset, TLS failure. */
  | 'unreachable'
  /** Something answered, but not as this kind of store does (HTML, other JSON, other API). */
  | 'not-a-trace-store'
  /** The store answered with an HTTP error (bad query, 401, 500, …). */
  | 'http-error'
  /** The answer was bigger than the configured limit. */
  | 'too-large'
  /** The request was refused before sending it (a malformed URL or trace ID). */
  | 'invalid-request';

export class RemoteTraceError extends Error {
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    readonly url: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'RemoteTraceError';
  }
}

/** Summary of a trace's spans for a search result list. */
export function summarizeSpans(traceId: string, spans: readonly Span[]): RemoteTraceSummary {
  let first: Span | null = null;
  let root: Span | null = null;
  let start: bigint | null = null;
  let end: bigint | null = null;
  let errors = 0;
  const services = new Set<string>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const s of spans) {
    if (s.service) services.add(s.service);
    if (s.status === 'error') errors++;
    if (start === null || s.startNs < start) {
      start = s.startNs;
      first = s;
    }
    if (end === null || s.endNs > end) end = s.endNs;
    const isRoot = s.parentSpanId === null || (s.parentSpanId !== s.spanId && !ids.has(s.parentSpanId));
    if (isRoot && (root === null || s.startNs < root.startNs)) root = s;
  }
  const top = root ?? first;
  return {
    traceId,
    root: top?.name ?? null,
    rootService: top?.service ?? null,
    services: [...services].sort(),
    startNs: start,
    durationNs: start !== null && end !== null ? end - start : null,
    spans: spans.length,
    errors,
  };
}

/** A trace ID as stores index it: 1 to 32 hex digits, lower-case. Throws 'invalid-request' otherwise. */
export function normalizeTraceId(id: string, url: string): string {
  const t = id.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{1,32}$/.test(t) || /^0+$/.test(t)) {
    const shown = JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id);
    throw new RemoteTraceError('invalid-request', `${shown} is not a trace ID (1 to 32 hex digits, not all zero)`, url);
  }
  return t;
}

/** A store's base URL: http(s) only, no trailing slash, no query or fragment. */
export function normalizeBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new RemoteTraceError(
      'invalid-request',
      `${JSON.stringify(raw)} is not a URL (e.g. http://127.0.0.1:9411)`,
      raw,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new RemoteTraceError('invalid-request', `${u.protocol} URLs are not supported: use http:// or https://`, raw);
  }
  if (u.username || u.password) {
    throw new RemoteTraceError(
      'invalid-request',
      'put credentials in the connection settings, not in the URL',
      u.origin,
    );
  }
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}
