// The Zipkin API v2 as a TraceStore: GET /api/v2/trace/{id}, /api/v2/traces, /api/v2/services, /api/v2/spans
// (openzipkin/zipkin-api zipkin2-api.yaml). Spans go through the same importer as a Zipkin file
// (formats/traces/zipkinV2.ts), so a fetched trace reads exactly as its export would. IDs stay strings.

import type { Span } from '../model';
import { zipkinV2 } from '../formats/traces/zipkinV2';
import { getJson, shortUrl, type HttpLimits, type JsonAnswer } from './http';
import {
  normalizeBaseUrl,
  normalizeTraceId,
  RemoteTraceError,
  summarizeSpans,
  type RemoteTrace,
  type RemoteTraceSummary,
  type RequestOptions,
  type TraceQuery,
  type TraceStore,
} from './traceStore';

export interface ZipkinOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** e.g. `{ authorization: 'Basic …' }` for a Zipkin behind a proxy that asks for credentials. */
  headers?: Record<string, string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSpanLike = (v: unknown): boolean => isObj(v) && typeof v.traceId === 'string' && typeof v.id === 'string';

export class ZipkinTraceStore implements TraceStore {
  readonly kind = 'zipkin';
  readonly url: string;

  constructor(
    url: string,
    private readonly options: ZipkinOptions = {},
  ) {
    // The UI's address (…/zipkin/) works too: the API sits beside it.
    this.url = normalizeBaseUrl(url).replace(/\/zipkin$/, '');
  }

  async services(opts?: RequestOptions): Promise<string[]> {
    return this.stringList(await this.get('/api/v2/services', {}, opts), '/api/v2/services');
  }

  async spanNames(service: string, opts?: RequestOptions): Promise<string[]> {
    return this.stringList(await this.get('/api/v2/spans', { serviceName: service }, opts), '/api/v2/spans');
  }

  async search(query: TraceQuery, opts?: RequestOptions): Promise<RemoteTraceSummary[]> {
    const answer = await this.get('/api/v2/traces', zipkinQuery(query, this.url), opts);
    this.expectOk(answer, '/api/v2/traces');
    const v = answer.value;
    if (!Array.isArray(v) || !v.every((t) => Array.isArray(t) && t.every(isSpanLike))) {
      throw this.notZipkin(answer, '/api/v2/traces', 'a list of traces');
    }
    const out: RemoteTraceSummary[] = [];
    for (const list of v as unknown[][]) {
      const { spans } = importSpans(list);
      const id = spans[0]?.traceId ?? (isObj(list[0]) ? String(list[0].traceId).toLowerCase() : null);
      if (id) out.push(summarizeSpans(id, spans));
    }
    // newest first, as the Zipkin UI lists them
    return out.sort((a, b) =>
      a.startNs === b.startNs ? 0 : a.startNs === null ? 1 : b.startNs === null ? -1 : a.startNs > b.startNs ? -1 : 1,
    );
  }

  async trace(traceId: string, opts?: RequestOptions): Promise<RemoteTrace> {
    const id = normalizeTraceId(traceId, this.url);
    const path = `/api/v2/trace/${id}`;
    const answer = await this.get(path, {}, opts);
    if (answer.status === 404) {
      // Any web server says 404 for a path it does not know: only a Zipkin that lists services has no such trace.
      await this.services(opts).catch((e: unknown) => {
        throw e instanceof RemoteTraceError && e.kind !== 'timeout' && e.kind !== 'unreachable'
          ? this.notZipkin(answer, path, 'a trace')
          : e;
      });
      throw new RemoteTraceError('not-found', `trace ${id} not found in Zipkin at ${this.url}`, this.url + path, 404);
    }
    this.expectOk(answer, path);
    const raws = answer.value;
    if (!Array.isArray(raws) || !raws.every(isSpanLike)) throw this.notZipkin(answer, path, 'a list of spans');
    if (raws.length === 0)
      throw new RemoteTraceError('not-found', `trace ${id} not found in Zipkin at ${this.url}`, this.url + path, 200);
    const { spans, from, warnings } = importSpans(raws);
    return {
      traceId: spans[0]?.traceId ?? id,
      spans,
      warnings,
      document: (keep) => (keep.length === spans.length ? raws : keep.map((i) => raws[from[i]!])),
    };
  }

  private get(path: string, params: Record<string, string>, opts?: RequestOptions): Promise<JsonAnswer> {
    const qs = new URLSearchParams(params).toString();
    const limits: HttpLimits = { ...this.options, ...(opts?.signal ? { signal: opts.signal } : {}) };
    return getJson(`${this.url}${path}${qs ? `?${qs}` : ''}`, limits);
  }

  private stringList(answer: JsonAnswer, path: string): string[] {
    this.expectOk(answer, path);
    const v = answer.value;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
      throw this.notZipkin(answer, path, 'a list of names');
    return v as string[];
  }

  private expectOk(answer: JsonAnswer, path: string): void {
    if (answer.status >= 200 && answer.status < 300) return;
    const url = this.url + path;
    if (answer.status === 404) throw this.notZipkin(answer, path, 'an answer');
    const why = answer.status === 401 || answer.status === 403 ? ' (check the credentials)' : '';
    throw new RemoteTraceError(
      'http-error',
      `Zipkin at ${this.url} answered HTTP ${answer.status}${why}: ${answer.excerpt || '(no body)'}`,
      url,
      answer.status,
    );
  }

  private notZipkin(answer: JsonAnswer, path: string, expected: string): RemoteTraceError {
    const what =
      answer.value === undefined ? `${answer.contentType || 'a body'} that is not JSON` : 'JSON of another shape';
    return new RemoteTraceError(
      'not-a-trace-store',
      `${shortUrl(this.url + path)} is not a Zipkin API: ` +
        `HTTP ${answer.status} with ${what} where Zipkin sends ${expected}` +
        (answer.excerpt ? ` ("${answer.excerpt.slice(0, 60)}")` : ''),
      this.url + path,
      answer.status,
    );
  }
}

/** Spans through the Zipkin v2 importer one raw span at a time, so each span knows the raw span it came from. */
function importSpans(raws: readonly unknown[]): { spans: Span[]; from: number[]; warnings: string[] } {
  const spans: Span[] = [];
  const from: number[] = [];
  const warnings: string[] = [];
  raws.forEach((raw, i) => {
    zipkinV2.import([raw], {
      span: (s) => {
        spans.push(s);
        from.push(i);
      },
      record: () => undefined,
      warn: (m) => warnings.push(`span ${i + 1}: ${m}`),
    });
  });
  return { spans, from, warnings };
}

/** TraceQuery → /api/v2/traces parameters (durations in µs, times in ms, tags as an annotationQuery). */
export function zipkinQuery(q: TraceQuery, url: string): Record<string, string> {
  const p: Record<string, string> = {};
  const bad = (m: string) => new RemoteTraceError('invalid-request', m, url);
  if (q.service) p.serviceName = q.service;
  if (q.spanName) p.spanName = q.spanName;
  if (q.tags && q.tags.length > 0) {
    p.annotationQuery = q.tags
      .map(({ key, value }) => {
        // Zipkin splits the query on " and " and a term on its first "=": such keys and values cannot be asked for.
        if (!key || / and /i.test(key) || key.includes('='))
          throw bad(`tag key ${JSON.stringify(key)} cannot be queried in Zipkin`);
        if (value !== undefined && / and /i.test(value))
          throw bad(`tag value ${JSON.stringify(value)} contains " and ", which Zipkin's query cannot hold`);
        return value === undefined ? key : `${key}=${value}`;
      })
      .join(' and ');
  }
  const us = (ms: number | undefined, name: string) => {
    if (ms === undefined) return undefined;
    if (!Number.isFinite(ms) || ms < 0) throw bad(`${name} must be a duration of 0 or more`);
    return String(Math.round(ms * 1000));
  };
  const min = us(q.minDurationMs, 'minimum duration');
  const max = us(q.maxDurationMs, 'maximum duration');
  if (min !== undefined) p.minDuration = min;
  if (max !== undefined) {
    if (min === undefined) throw bad('Zipkin needs a minimum duration whenever a maximum is given');
    p.maxDuration = max;
  }
  if (q.endMs !== undefined) p.endTs = String(Math.round(q.endMs));
  if (q.lookbackMs !== undefined) {
    if (!Number.isFinite(q.lookbackMs) || q.lookbackMs <= 0) throw bad('lookback must be a positive duration');
    p.lookback = String(Math.round(q.lookbackMs));
  }
  if (q.limit !== undefined) {
    if (!Number.isInteger(q.limit) || q.limit < 1) throw bad('limit must be a whole number of 1 or more');
    p.limit = String(q.limit);
  }
  return p;
}
