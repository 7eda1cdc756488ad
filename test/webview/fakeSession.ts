// Sessions for the browser tests and the benchmark: the timeline's host side only asks `spanTree` and
// `records`, so these implement exactly that, either from a small hand-written trace or generated.

import type { Level, LogRecord, Position, Span } from '../../src/core/model';
import type {
  GroupRef,
  PageRequest,
  RecordPage,
  RecordQuery,
  RecordSummary,
  SpanNode,
} from '../../src/core/session/api';
import type { TimelineSession } from '../../src/extension/timeline/feed';

export interface SpanSpec {
  id: string;
  parent?: string | null;
  name: string;
  service?: string | null;
  /** ms from the trace start (fractions allowed). */
  start: number;
  end: number;
  status?: 'unset' | 'ok' | 'error';
  statusMessage?: string;
  attributes?: Record<string, unknown>;
  events?: { at: number; name: string; attributes?: Record<string, unknown> }[];
  links?: { traceId: string; spanId: string }[];
  origin?: Span['origin'];
}

export interface RecordSpec {
  span: string | null;
  at: number | null;
  level: Level | null;
  message: string;
  file?: string;
  line?: number;
  /** The record's own fields and error text, for the detail pane's full view. */
  fields?: Record<string, unknown>;
  error?: string;
}

export interface TraceSpec {
  groupId: string;
  traceId: string;
  /** Epoch ms of the trace start (decimal string: bigint-safe over JSON). */
  epochMs: string;
  spans: SpanSpec[];
  records: RecordSpec[];
}

const ms = (base: bigint, at: number) => base + BigInt(Math.round(at * 1e6));

/** Pre-order: parent before children, siblings by start time, as the core's spanTree promises. */
function preorder(spans: Span[]): SpanNode[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const kids = new Map<string | null, Span[]>();
  for (const s of spans) {
    const p = s.parentSpanId !== null && byId.has(s.parentSpanId) ? s.parentSpanId : null;
    if (!kids.has(p)) kids.set(p, []);
    kids.get(p)!.push(s);
  }
  for (const k of kids.values()) k.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
  const out: SpanNode[] = [];
  const stack: { s: Span; depth: number; parent: number }[] = [...(kids.get(null) ?? [])]
    .reverse()
    .map((s) => ({ s, depth: 0, parent: -1 }));
  while (stack.length) {
    const { s, depth, parent } = stack.pop()!;
    const index = out.length;
    out.push({
      span: s,
      depth,
      parent,
      children: kids.get(s.spanId)?.length ?? 0,
      records: 0,
      errors: s.status === 'error' ? 1 : 0,
    });
    for (const c of [...(kids.get(s.spanId) ?? [])].reverse()) stack.push({ s: c, depth: depth + 1, parent: index });
  }
  return out;
}

export class SpecSession implements TimelineSession {
  private readonly trees = new Map<string, SpanNode[]>();
  private readonly recs = new Map<string, RecordSummary[]>();
  private readonly full = new Map<number, { summary: RecordSummary; spec: RecordSpec }>();
  private nextRecord = 0;

  constructor(specs: TraceSpec[]) {
    for (const t of specs) this.add(t);
  }

  add(t: TraceSpec): void {
    const base = BigInt(t.epochMs) * 1_000_000n;
    const spans: Span[] = t.spans.map((s) => ({
      traceId: t.traceId,
      spanId: s.id,
      parentSpanId: s.parent ?? null,
      name: s.name,
      service: s.service ?? null,
      kind: 'internal',
      startNs: ms(base, s.start),
      endNs: ms(base, s.end),
      status: s.status ?? 'unset',
      statusMessage: s.statusMessage ?? null,
      attributes: s.attributes ?? {},
      events: (s.events ?? []).map((e) => ({ timeNs: ms(base, e.at), name: e.name, attributes: e.attributes ?? {} })),
      links: (s.links ?? []).map((l) => ({ ...l, attributes: {} })),
      origin: s.origin ?? 'reported',
      format: 'otlp-json',
    }));
    this.trees.set(t.groupId, preorder(spans));
    const records: RecordSummary[] = t.records.map((r, k) => ({
      id: this.nextRecord + k,
      timeNs: r.at === null ? null : ms(base, r.at),
      level: r.level,
      message: r.message,
      traceId: t.traceId,
      spanId: r.span,
      thread: null,
      correlationId: null,
      service: null,
      source: r.file ? { file: r.file, line: r.line ?? null, function: null, origin: 'field' } : null,
      position: { source: 'test.log', line: this.nextRecord + k + 1, offset: 0 },
    }));
    records.forEach((r, k) => this.full.set(r.id, { summary: r, spec: t.records[k]! }));
    this.nextRecord += records.length;
    records.sort((a, b) =>
      (a.timeNs ?? 0n) < (b.timeNs ?? 0n) ? -1 : (a.timeNs ?? 0n) > (b.timeNs ?? 0n) ? 1 : a.id - b.id,
    );
    this.recs.set(t.groupId, records);
  }

  spanTree(ref: GroupRef): SpanNode[] {
    return this.trees.get(ref.id) ?? [];
  }

  async record(id: number): Promise<LogRecord & { position: Position }> {
    const r = this.full.get(id);
    if (!r) throw new Error(`no record ${id}`);
    const { summary: s, spec } = r;
    return {
      timeNs: s.timeNs,
      level: s.level,
      message: s.message,
      service: s.service,
      logger: null,
      thread: s.thread,
      correlationId: null,
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: null,
      source: s.source,
      error: spec.error ?? null,
      fields: spec.fields ?? { msg: s.message, level: s.level },
      format: 'fake',
      position: s.position,
    };
  }

  query(q: RecordQuery, page: PageRequest = {}): RecordPage {
    return { ...pageOf(q, page, (groupId, opts) => this.records(groupId, opts)), pending: 0 };
  }

  records(groupId: string, opts?: { spanId?: string; offset?: number; limit?: number }) {
    let all = this.recs.get(groupId) ?? [];
    if (opts?.spanId === '') {
      // As the core does: records that belong to the trace but to none of its spans.
      const ids = new Set((this.trees.get(groupId) ?? []).map((n) => n.span.spanId));
      all = all.filter((r) => r.spanId === null || !ids.has(r.spanId));
    } else if (opts?.spanId !== undefined) all = all.filter((r) => r.spanId === opts.spanId);
    const offset = opts?.offset ?? 0,
      limit = opts?.limit ?? 500;
    return { total: all.length, items: all.slice(offset, offset + limit) };
  }
}

/**
 * A generated trace of `spanCount` spans and `recordCount` records: a few services, random nesting up to
 * depth 12, children inside their parents, records spread over spans. Records are produced page by page from
 * typed columns, so a million of them never exist as objects at once.
 */
export class GeneratedSession implements TimelineSession {
  private readonly nodes: SpanNode[];
  private readonly recTime: Float64Array;
  private readonly recSpan: Uint32Array;
  private readonly recLevel: Uint8Array;
  private readonly order: Uint32Array;
  private readonly base = 1_700_000_000_000_000_000n;
  private bySpan: { offset: Uint32Array; list: Uint32Array } | null = null;

  /** `rootShare`: fraction of records on the root span, to exercise one row with hundreds of thousands of markers. */
  constructor(
    readonly groupId: string,
    spanCount: number,
    recordCount: number,
    seed = 1,
    rootShare = 0,
  ) {
    let x = seed >>> 0 || 1;
    const rnd = () => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x / 4294967296;
    };
    const services = [
      'frontend',
      'checkout',
      'payments',
      'inventory',
      'db',
      'cache',
      'auth',
      'shipping',
      'search',
      'email',
    ];
    const names = [
      'GET /api/cart',
      'POST /api/order',
      'db.query',
      'cache.get',
      'rpc.call',
      'render',
      'auth.verify',
      'queue.publish',
      'http.client',
      'compute',
    ];
    const start = new Float64Array(spanCount),
      end = new Float64Array(spanCount),
      parent = new Int32Array(spanCount),
      depth = new Uint16Array(spanCount);
    // Pre-order generation: each new span is a child of the previous span or of one of its ancestors.
    start[0] = 0;
    end[0] = 10e9;
    parent[0] = -1;
    depth[0] = 0;
    const lastChildEnd = new Float64Array(spanCount);
    for (let i = 1; i < spanCount; i++) {
      let p = i - 1;
      while (p > 0 && (depth[p]! >= 12 || rnd() < 0.45 || end[p]! - Math.max(start[p]!, lastChildEnd[p]!) < 1000))
        p = parent[p]!;
      let s: number, e: number;
      if (p === 0) {
        // Top-level requests spread over the whole trace, in start order.
        s = Math.max(lastChildEnd[0]!, (i / spanCount) * end[0]! * 0.99);
        e = Math.min(end[0]!, s + 50e3 + rnd() * 20e6);
        lastChildEnd[0] = s;
      } else {
        const from = Math.max(start[p]!, lastChildEnd[p]!);
        const room = end[p]! - from;
        s = from + rnd() * room * 0.1;
        e = Math.min(end[p]!, s + Math.max(50, rnd() * room * 0.6));
        lastChildEnd[p] = e;
      }
      start[i] = s;
      end[i] = e;
      parent[i] = p;
      depth[i] = depth[p]! + 1;
    }
    this.nodes = Array.from({ length: spanCount }, (_, i) => ({
      span: {
        traceId: 'b'.repeat(32),
        spanId: i.toString(16).padStart(16, '0'),
        parentSpanId: parent[i]! < 0 ? null : parent[i]!.toString(16).padStart(16, '0'),
        name: names[i % names.length]!,
        service: services[(i * 7 + depth[i]!) % services.length]!,
        kind: 'internal',
        startNs: this.base + BigInt(Math.round(start[i]!)),
        endNs: this.base + BigInt(Math.round(end[i]!)),
        status: rnd() < 0.01 ? 'error' : 'ok',
        statusMessage: null,
        attributes: { 'http.status_code': 200, i },
        events: [],
        links: [],
        origin: 'reported',
        format: 'generated',
      },
      depth: depth[i]!,
      parent: parent[i]!,
      children: 0,
      records: 0,
      errors: 0,
    }));
    this.recTime = new Float64Array(recordCount);
    this.recSpan = new Uint32Array(recordCount);
    this.recLevel = new Uint8Array(recordCount);
    for (let k = 0; k < recordCount; k++) {
      const i = rnd() < rootShare ? 0 : Math.floor(rnd() * spanCount);
      this.recSpan[k] = i;
      this.recTime[k] = start[i]! + rnd() * (end[i]! - start[i]!);
      const r = rnd();
      this.recLevel[k] = r < 0.02 ? 5 : r < 0.07 ? 4 : r < 0.5 ? 3 : 2;
    }
    this.order = Uint32Array.from({ length: recordCount }, (_, k) => k).sort(
      (a, b) => this.recTime[a]! - this.recTime[b]!,
    );
  }

  spanTree(): SpanNode[] {
    return this.nodes;
  }

  query(q: RecordQuery, page: PageRequest = {}): RecordPage {
    return { ...pageOf(q, page, (groupId, opts) => this.records(groupId, opts)), pending: 0 };
  }

  records(_groupId: string, opts?: { spanId?: string; offset?: number; limit?: number }) {
    const offset = opts?.offset ?? 0,
      limit = opts?.limit ?? 500;
    const levels: (Level | null)[] = [null, 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];
    const make = (k: number): RecordSummary => ({
      id: k,
      timeNs: this.base + BigInt(Math.round(this.recTime[k]!)),
      level: levels[this.recLevel[k]!]!,
      message: `record ${k} of span ${this.recSpan[k]}`,
      traceId: 'b'.repeat(32),
      spanId: this.recSpan[k]!.toString(16).padStart(16, '0'),
      thread: null,
      correlationId: null,
      service: null,
      source: { file: 'src/app.ts', line: (k % 400) + 1, function: null, origin: 'field' },
      position: { source: 'gen.log', line: k + 1, offset: 0 },
    });
    if (opts?.spanId !== undefined) {
      if (!this.bySpan) {
        // Record ids per span, time-ordered, built once (the core keeps the same map per group).
        const count = new Uint32Array(this.nodes.length + 1);
        for (const k of this.order) count[this.recSpan[k]! + 1]!++;
        for (let i = 1; i < count.length; i++) count[i]! += count[i - 1]!;
        const list = new Uint32Array(this.order.length),
          fill = count.slice();
        for (const k of this.order) list[fill[this.recSpan[k]!]!++] = k;
        this.bySpan = { offset: count, list };
      }
      if (opts.spanId === '') return { total: 0, items: [] };
      const span = parseInt(opts.spanId, 16);
      const a = this.bySpan.offset[span] ?? 0,
        b = this.bySpan.offset[span + 1] ?? 0;
      const items: RecordSummary[] = [];
      for (let j = a + offset; j < Math.min(b, a + offset + limit); j++) items.push(make(this.bySpan.list[j]!));
      return { total: b - a, items };
    }
    const items: RecordSummary[] = [];
    for (let j = offset; j < Math.min(this.order.length, offset + limit); j++) items.push(make(this.order[j]!));
    return { total: this.order.length, items };
  }
}

type Paged = (
  groupId: string,
  opts: { spanId?: string; offset?: number; limit?: number },
) => { total: number; items: RecordSummary[] };

/** A group-scoped query answered by a fake's own paging (fakes hold one grouping: the reference's id is enough). */
function pageOf(q: RecordQuery, page: PageRequest, records: Paged): { total: number; items: RecordSummary[] } {
  if (!q.scope || !('group' in q.scope)) throw new Error('fake sessions answer group-scoped queries only');
  const opts = {
    offset: page.offset ?? 0,
    limit: page.limit ?? 500,
    ...(q.scope.spanId !== undefined ? { spanId: q.scope.spanId } : {}),
  };
  return records(q.scope.group.id, opts);
}
