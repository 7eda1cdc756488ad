// Turns a session's span tree and records into the timeline protocol's compact answers: typed-array chunks,
// string tables, details on demand. Pure (no `vscode`): the panel, the browser tests and the benchmark all
// drive it with a session.

import Fuse from 'fuse.js';
import {
  PRIMARY_GROUPING,
  TRACE_RECORDS_SPAN_ID,
  groupRefFromKey,
  type GroupMarkers,
  type GroupRef,
  type RecordSummary,
  type SessionApi,
  type SpanNode,
} from '../../core/session/api';
import { msToNs, nsToMs } from '../../core/session/recordTimes';
import { isErrorLevelCode, levelCode, type Span } from '../../core/model';
import {
  NO_SERVICE,
  SpanFlag,
  type AttributeList,
  type CriticalPathData,
  type GroupMeta,
  type MarkerChunkData,
  type RecordRow,
  type RecordView,
  type SpanChunkData,
  type SpanColumns,
  type SpanDetail,
} from '../../shared/protocol';
import { criticalPathSegments } from '../../core/trace/spanTree';
import { logRow, recordView } from '../detail/recordView';

/**
 * What the feed needs of a session. `markers` and `recordSummaries` are the fast path (columns straight from the
 * index); a session without them is read page by page through `query`, with the same result.
 */
export type TimelineSession = Pick<SessionApi, 'spanTree' | 'query'> &
  Partial<Pick<SessionApi, 'markers' | 'recordSummaries' | 'record'>>;

/**
 * The timeline names a group by `groupRefKey(ref)` (an opaque string for the webview); a bare group id names a
 * group of the primary grouping.
 */
export function timelineRef(groupKey: string): GroupRef {
  return groupRefFromKey(groupKey) ?? { by: PRIMARY_GROUPING, id: groupKey };
}

/** A group's records (optionally one span's), paged, as the timeline reads them. */
function recordsOf(
  session: TimelineSession,
  groupKey: string,
  opts: { spanId?: string; offset?: number; limit?: number },
) {
  const scope = { group: timelineRef(groupKey), ...(opts.spanId !== undefined ? { spanId: opts.spanId } : {}) };
  return session.query({ scope }, { offset: opts.offset ?? 0, limit: opts.limit ?? 500 });
}

/** Longest string a single value may put on the wire; a 1 MB attribute must not become a 1 MB DOM node. */
export const MAX_TEXT = 4000;
const SPAN_CHUNK = 20_000;
const MARKER_CHUNK = 250_000;
/** Records asked of the session per call when paging: each page reads its messages, so it must stay short. */
const RECORD_PAGE = 1_000;
/** Above this many records, fuzzy matching costs seconds: search falls back to substring matching. */
const FUZZY_LIMIT = 50_000;

export function clipText(s: string, max = MAX_TEXT): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length - max} more characters)`;
}

export function valueText(v: unknown): string {
  if (typeof v === 'string') return clipText(v);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return String(v);
  try {
    return clipText(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v));
  } catch {
    return '[unprintable value]';
  }
}

function attributeList(attrs: Record<string, unknown>): AttributeList {
  return Object.keys(attrs)
    .sort()
    .map((k) => [clipText(k, 500), valueText(attrs[k])]);
}

/** A whole group as the host holds it; requests are answered with slices of these columns. */
interface GroupData extends SpanColumns {
  meta: GroupMeta;
  nodes: SpanNode[];
  base: bigint;
  strings: string[];
  markerTime: Float64Array;
  markerLevel: Uint8Array;
  markerSpan: Uint32Array;
  markerRecord: Float64Array;
  spanIndexById: Map<string, number>;
  /** Summaries of the extra row's records, kept only when the session cannot give summaries by id. */
  loose: Map<number, RecordSummary> | null;
  unattachedRow: number;
  criticalPath: CriticalPathData | null;
}

/**
 * Long work on the extension host must give the event loop back often: building a group of a million
 * records pauses every few milliseconds.
 */
function timeSlicer(budgetMs = 12): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise((r) => setTimeout(r, 0));
    since = performance.now();
  };
}

export class TimelineFeed {
  /** Groups built so far; `building` holds those on their way, so concurrent requests share one build. */
  private readonly groups = new Map<string, GroupData>();
  private readonly building = new Map<string, Promise<GroupData>>();

  constructor(private readonly session: TimelineSession) {}

  /** Forget cached groups (all, or those listed) so the next request rebuilds them from the session. */
  invalidate(groupIds?: string[]): void {
    if (!groupIds) {
      this.groups.clear();
      this.building.clear();
    } else
      for (const g of groupIds) {
        this.groups.delete(g);
        this.building.delete(g);
      }
  }

  /** Whether the session now holds more (or fewer) records or spans for a cached group than it did. */
  isStale(groupId: string): boolean {
    const g = this.groups.get(groupId);
    if (!g) return false;
    const attached = g.markerTime.length;
    return (
      recordsOf(this.session, groupId, { offset: 0, limit: 0 }).total !== attached ||
      this.session.spanTree(timelineRef(groupId)).length !== g.nodes.length
    );
  }

  isOpen(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  async openGroup(groupId: string): Promise<GroupMeta> {
    return (await this.group(groupId)).meta;
  }

  async spanChunk(groupId: string, offset: number, limit: number): Promise<SpanChunkData> {
    const g = await this.group(groupId);
    const from = clampIndex(offset, g.start.length),
      to = clampIndex(from + Math.max(0, limit), g.start.length);
    // Strings are sent with the first chunk that names them; the table is built in span order, so a chunk
    // needs the table entries up to its highest name index.
    let maxName = -1;
    for (let i = from; i < to; i++) if (g.name[i]! > maxName) maxName = g.name[i]!;
    let stringsFrom = 0;
    for (let i = 0; i < from; i++) if (g.name[i]! + 1 > stringsFrom) stringsFrom = g.name[i]! + 1;
    return {
      offset: from,
      count: to - from,
      start: g.start.slice(from, to),
      duration: g.duration.slice(from, to),
      depth: g.depth.slice(from, to),
      parent: g.parent.slice(from, to),
      service: g.service.slice(from, to),
      flags: g.flags.slice(from, to),
      name: g.name.slice(from, to),
      markerStart: g.markerStart.slice(from, to),
      markerCount: g.markerCount.slice(from, to),
      stringsFrom,
      strings: g.strings.slice(stringsFrom, Math.max(stringsFrom, maxName + 1)),
    };
  }

  async markerChunk(groupId: string, offset: number, limit: number): Promise<MarkerChunkData> {
    const g = await this.group(groupId);
    const n = g.markerTime.length;
    const from = clampIndex(offset, n),
      to = clampIndex(from + Math.max(0, limit), n);
    return {
      offset: from,
      count: to - from,
      time: g.markerTime.slice(from, to),
      level: g.markerLevel.slice(from, to),
      span: g.markerSpan.slice(from, to),
      record: g.markerRecord.slice(from, to),
    };
  }

  async spanDetail(groupId: string, spanIndex: number): Promise<SpanDetail> {
    const g = await this.group(groupId);
    const node = g.nodes[spanIndex];
    if (spanIndex === g.unattachedRow) {
      return {
        spanIndex,
        name: g.strings[g.name[spanIndex]!]!,
        service: null,
        kind: null,
        traceId: '',
        spanId: '',
        parentSpanId: null,
        status: 'unset',
        statusMessage: null,
        origin: 'unattached',
        format: '',
        startNs: String(g.base + BigInt(Math.round(g.start[spanIndex]!))),
        durationNs: g.duration[spanIndex]!,
        attributes: [],
        events: [],
        links: [],
      };
    }
    if (!node) throw new Error(`no span ${spanIndex} in group ${groupId}`);
    const s = node.span;
    return {
      spanIndex,
      name: clipText(s.name, 1000),
      service: s.service === null ? null : clipText(s.service, 500),
      kind: s.kind,
      traceId: clipText(s.traceId, 200),
      spanId: clipText(s.spanId, 200),
      parentSpanId: s.parentSpanId === null ? null : clipText(s.parentSpanId, 200),
      status: s.status,
      statusMessage: s.statusMessage === null ? null : clipText(s.statusMessage),
      origin: s.origin,
      format: clipText(s.format, 200),
      startNs: s.startNs.toString(),
      durationNs: Number(s.endNs - s.startNs),
      attributes: attributeList(s.attributes),
      events: s.events.slice(0, 1000).map((e) => ({
        timeNs: Number(e.timeNs - g.base),
        name: clipText(e.name, 1000),
        attributes: attributeList(e.attributes),
      })),
      links: s.links.slice(0, 1000).map((l) => ({
        traceId: clipText(l.traceId, 200),
        spanId: clipText(l.spanId, 200),
        attributes: attributeList(l.attributes),
      })),
    };
  }

  async records(
    groupId: string,
    spanIndex: number,
    offset: number,
    limit: number,
  ): Promise<{ total: number; offset: number; items: RecordRow[] }> {
    const g = await this.group(groupId);
    limit = Math.max(0, Math.min(limit, 1000));
    if (spanIndex === g.unattachedRow) {
      const a = g.markerStart[spanIndex]!,
        total = g.markerCount[spanIndex]!;
      const from = clampIndex(offset, total),
        to = clampIndex(from + limit, total);
      const items = this.summaries(g, g.markerRecord.subarray(a + from, a + to)).map((r) => recordRow(r, g.base));
      return { total, offset, items };
    }
    const node = g.nodes[spanIndex];
    if (!node) throw new Error(`no span ${spanIndex} in group ${groupId}`);
    const page = recordsOf(this.session, groupId, { spanId: node.span.spanId, offset, limit });
    return { total: page.total, offset, items: page.items.map((r) => recordRow(r, g.base)) };
  }

  async criticalPath(groupId: string): Promise<CriticalPathData> {
    const g = await this.group(groupId);
    if (!g.criticalPath) {
      // The core's path over the span tree; the extra row of unattached records is no span and never on it.
      const segs = criticalPathSegments(g.nodes);
      g.criticalPath = {
        span: Int32Array.from(segs, (s) => s.node),
        start: Float64Array.from(segs, (s) => Number(s.startNs - g.base)),
        end: Float64Array.from(segs, (s) => Number(s.endNs - g.base)),
      };
    }
    return g.criticalPath;
  }

  /** Markers whose record message matches `query`, best first. */
  async searchRecords(
    groupId: string,
    query: string,
    limit: number,
  ): Promise<{ markers: Uint32Array; truncated: boolean }> {
    const g = await this.group(groupId);
    const q = query.trim();
    if (!q) return { markers: new Uint32Array(0), truncated: false };
    const slice = timeSlicer();
    // Messages are read from the sources page by page; a million are never held at once.
    const pages = async (take: (r: RecordSummary) => boolean) => {
      for (let offset = 0; ;) {
        await slice();
        const page = recordsOf(this.session, groupId, { offset, limit: RECORD_PAGE });
        for (const r of page.items) if (!take(r)) return;
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) return;
      }
    };
    let ids: number[];
    if (g.markerRecord.length <= FUZZY_LIMIT) {
      const all: { id: number; message: string }[] = [];
      await pages((r) => {
        all.push({ id: r.id, message: r.message });
        return true;
      });
      const fuse = new Fuse(all, {
        keys: ['message'],
        threshold: 0.34,
        ignoreLocation: true,
        minMatchCharLength: Math.min(2, q.length),
      });
      ids = fuse.search(q, { limit: limit + 1 }).map((h) => h.item.id);
    } else {
      const needle = q.toLowerCase();
      ids = [];
      await pages((r) => {
        if (r.message.toLowerCase().includes(needle)) ids.push(r.id);
        return ids.length <= limit;
      });
    }
    const truncated = ids.length > limit;
    const rank = new Map<number, number>();
    ids.slice(0, limit).forEach((id, k) => rank.set(id, k));
    const markers = new Array<number>(rank.size).fill(-1);
    for (let m = 0; m < g.markerRecord.length; m++) {
      if ((m & 0xffff) === 0) await slice();
      const k = rank.get(g.markerRecord[m]!);
      if (k !== undefined) markers[k] = m;
    }
    return { markers: Uint32Array.from(markers.filter((m) => m >= 0)), truncated };
  }

  async markerRecord(groupId: string, markerIndex: number): Promise<RecordRow | null> {
    const g = await this.group(groupId);
    if (!(markerIndex >= 0 && markerIndex < g.markerRecord.length)) return null;
    const row = g.markerSpan[markerIndex]!,
      id = g.markerRecord[markerIndex]!,
      k = markerIndex - g.markerStart[row]!;
    if (row === g.unattachedRow || this.session.recordSummaries) {
      const r = this.summaries(g, [id])[0];
      return r ? recordRow(r, g.base) : null;
    }
    const spanId = g.nodes[row]?.span.spanId;
    if (spanId === undefined) return null;
    // The marker's place in its row is normally its place in the session's list; look around it by id anyway.
    const from = Math.max(0, k - 50);
    const hit = recordsOf(this.session, groupId, { spanId, offset: from, limit: 101 }).items.find((r) => r.id === id);
    return hit ? recordRow(hit, g.base) : null;
  }

  async spanIndex(groupId: string, spanId: string): Promise<number | null> {
    return (await this.group(groupId)).spanIndexById.get(spanId) ?? null;
  }

  async markerIndex(groupId: string, recordId: number): Promise<number | null> {
    const g = await this.group(groupId);
    for (let m = 0; m < g.markerRecord.length; m++) if (g.markerRecord[m] === recordId) return m;
    return null;
  }

  async spanIdAt(groupId: string, spanIndex: number): Promise<string | null> {
    return (await this.spanAt(groupId, spanIndex))?.spanId ?? null;
  }

  /** One record in full, as the Logs view's expanded row shows it; null when it is gone or cannot be read. */
  async recordView(recordId: number): Promise<RecordView | null> {
    if (!this.session.record) return null;
    try {
      return recordView(recordId, await this.session.record(recordId));
    } catch {
      return null;
    }
  }

  /** The span at a row of the group, or null for the row of records outside every span. */
  async spanAt(groupId: string, spanIndex: number): Promise<Span | null> {
    const g = await this.group(groupId);
    return spanIndex === g.unattachedRow ? null : (g.nodes[spanIndex]?.span ?? null);
  }

  private summaries(g: GroupData, ids: ArrayLike<number>): RecordSummary[] {
    if (this.session.recordSummaries) return this.session.recordSummaries(ids);
    const out: RecordSummary[] = [];
    for (let i = 0; i < ids.length; i++) {
      const r = g.loose?.get(ids[i]!);
      if (r) out.push(r);
    }
    return out;
  }

  private group(groupId: string): Promise<GroupData> {
    let p = this.building.get(groupId);
    if (!p) {
      const mine: Promise<GroupData> = buildGroup(groupId, this.session).then((g) => {
        if (this.building.get(groupId) === mine) this.groups.set(groupId, g);
        return g;
      });
      mine.catch(() => {
        if (this.building.get(groupId) === mine) this.building.delete(groupId);
      });
      this.building.set(groupId, (p = mine));
    }
    return p;
  }
}

function clampIndex(i: number, n: number): number {
  return Number.isFinite(i) ? Math.max(0, Math.min(n, Math.floor(i))) : 0;
}

/** The Logs view's row (detail/recordView.ts), on the group's time base. */
function recordRow(r: RecordSummary, base: bigint): RecordRow {
  const row = logRow(r);
  return {
    id: row.id,
    timeNs: r.timeNs === null ? null : Number(r.timeNs - base),
    level: row.level,
    message: clipText(row.message, 1000),
    source: row.source === null ? null : clipText(row.source, 1000),
  };
}

function groupKey(groupKey: string): string {
  const groupId = timelineRef(groupKey).id;
  const i = groupId.indexOf(':');
  return i >= 0 ? groupId.slice(i + 1) : groupId;
}

/**
 * A session without `markers`: the same columns, read page by page (span by span, in pre-order, then the
 * trace's own records, then whatever those answers did not cover), keeping summaries of the extra row's records.
 */
async function markersByPaging(
  groupId: string,
  session: TimelineSession,
  slice: () => Promise<void>,
): Promise<GroupMarkers & { loose: Map<number, RecordSummary> }> {
  const nodes = session.spanTree(timelineRef(groupId));
  const firstRow = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!firstRow.has(n.span.spanId)) firstRow.set(n.span.spanId, i);
  });
  const ids: number[] = [],
    rows: number[] = [],
    ms: number[] = [],
    sub: number[] = [],
    levels: number[] = [];
  const loose = new Map<number, RecordSummary>();
  const seen = new Set<number>();
  const collect = async (opts: { spanId?: string }, row: number, skipSeen = false) => {
    for (let offset = 0; ;) {
      await slice();
      const page = recordsOf(session, groupId, { ...opts, offset, limit: RECORD_PAGE });
      for (const r of page.items) {
        if (skipSeen && seen.has(r.id)) continue;
        seen.add(r.id);
        ids.push(r.id);
        rows.push(row);
        const [m, s] = r.timeNs === null ? [NaN, 0] : nsToMs(r.timeNs);
        ms.push(m);
        sub.push(s);
        levels.push(levelCode(r.level));
        if (row < 0) loose.set(r.id, r);
      }
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
  };
  for (const [spanId, row] of firstRow) await collect({ spanId }, row);
  if (nodes.length) await collect({ spanId: TRACE_RECORDS_SPAN_ID }, -1);
  if (recordsOf(session, groupId, { offset: 0, limit: 0 }).total > ids.length) await collect({}, -1, true);
  return {
    nodes,
    ids: Int32Array.from(ids),
    row: Int32Array.from(rows),
    timeMs: Float64Array.from(ms),
    timeSubMsNs: Int32Array.from(sub),
    level: Uint8Array.from(levels),
    loose,
  };
}

async function buildGroup(groupId: string, session: TimelineSession): Promise<GroupData> {
  const slice = timeSlicer();
  // The session decides which records hang under which span (derived groups attach records that carry no
  // span ID); its columns come ordered by (span, time), the records on no span last.
  const mk: GroupMarkers & { loose?: Map<number, RecordSummary> } = session.markers
    ? await session.markers(timelineRef(groupId))
    : await markersByPaging(groupId, session, slice);
  const nodes = mk.nodes;
  const spanIndexById = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!spanIndexById.has(n.span.spanId)) spanIndexById.set(n.span.spanId, i);
  });

  // Times as doubles relative to the first timed record (exact: a trace spans far less than 2^53 ns), shifted
  // to the final base once it is known.
  const total = mk.ids.length;
  let originMs = NaN,
    originSub = 0;
  for (let k = 0; k < total; k++)
    if (mk.timeMs[k] === mk.timeMs[k]) {
      originMs = mk.timeMs[k]!;
      originSub = mk.timeSubMsNs[k]!;
      break;
    }
  const origin: bigint | null = originMs === originMs ? msToNs(originMs, originSub) : null;
  const recId = mk.ids,
    recLevel = mk.level;
  const recTime = new Float64Array(total);
  const recordSpan = new Int32Array(total);
  let looseCount = 0,
    lo = Infinity,
    hi = -Infinity;
  for (let k = 0; k < total; k++) {
    if ((k & 0xfff) === 0) await slice();
    const t = mk.timeMs[k]!;
    if (t === t) {
      const rel = (recTime[k] = (t - originMs) * 1e6 + (mk.timeSubMsNs[k]! - originSub));
      if (rel < lo) lo = rel;
      if (rel > hi) hi = rel;
    } else recTime[k] = NaN;
    const row = mk.row[k]!;
    if (row < 0 || row >= nodes.length) {
      recordSpan[k] = nodes.length;
      looseCount++;
    } else recordSpan[k] = row;
  }

  let base: bigint | null = null;
  let last: bigint | null = null;
  for (const n of nodes) {
    if (base === null || n.span.startNs < base) base = n.span.startNs;
    if (last === null || n.span.endNs > last) last = n.span.endNs;
  }
  if (lo !== Infinity) {
    const a = origin! + BigInt(lo),
      b = origin! + BigInt(hi);
    if (base === null || a < base) base = a;
    if (last === null || b > last) last = b;
  }
  base ??= 0n;
  last ??= base;
  const shift = origin === null ? 0 : Number(origin - base);

  const unattachedRow = looseCount > 0 ? nodes.length : -1;
  const rows = nodes.length + (unattachedRow >= 0 ? 1 : 0);

  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const intern = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const services: string[] = [];
  const serviceIndex = new Map<string, number>();

  const start = new Float64Array(rows),
    duration = new Float64Array(rows);
  const depth = new Uint16Array(rows),
    parent = new Int32Array(rows),
    service = new Uint16Array(rows);
  const flags = new Uint8Array(rows),
    name = new Uint32Array(rows);
  let errorCount = 0;
  nodes.forEach((n, i) => {
    const s: Span = n.span;
    start[i] = Number(s.startNs - base!);
    duration[i] = Math.max(0, Number(s.endNs - s.startNs));
    depth[i] = Math.min(n.depth, 0xffff);
    parent[i] = n.parent;
    let svc = NO_SERVICE;
    if (s.service !== null) {
      let k = serviceIndex.get(s.service);
      if (k === undefined && services.length < NO_SERVICE) {
        k = services.length;
        services.push(clipText(s.service, 500));
        serviceIndex.set(s.service, k);
      }
      svc = k ?? NO_SERVICE;
    }
    service[i] = svc;
    let f = 0;
    if (s.status === 'error') {
      f |= SpanFlag.error;
      errorCount++;
    }
    if (s.origin === 'placeholder') f |= SpanFlag.placeholder;
    if (s.origin === 'derived') f |= SpanFlag.derived;
    flags[i] = f;
    name[i] = intern(clipText(s.name || '(unnamed)', 1000));
  });

  // Markers ordered by (span, time): a stable counting sort over records that arrive time-ordered.
  const markerCount = new Uint32Array(rows);
  for (let k = 0; k < recId.length; k++) markerCount[recordSpan[k]!]!++;
  const markerStart = new Uint32Array(rows);
  for (let i = 1; i < rows; i++) markerStart[i] = markerStart[i - 1]! + markerCount[i - 1]!;
  const fill = markerStart.slice();
  const m = recId.length;
  const markerTime = new Float64Array(m),
    markerLevel = new Uint8Array(m),
    markerSpan = new Uint32Array(m),
    markerRecord = new Float64Array(m);
  let unattachedFirst = Infinity,
    unattachedLast = -Infinity;
  for (let k = 0; k < m; k++) {
    if ((k & 0xfff) === 0) await slice();
    const row = recordSpan[k]!,
      time = recTime[k]!;
    const at = fill[row]!++;
    // A record without a time sits where the one before it in its row sits (or at the span's start), which
    // keeps the row in time order; its list entry still says "no time".
    const t =
      time === time
        ? time + shift
        : at > markerStart[row]!
          ? markerTime[at - 1]!
          : row < nodes.length
            ? start[row]!
            : 0;
    markerTime[at] = t;
    const lv = recLevel[k]!;
    markerLevel[at] = lv;
    markerSpan[at] = row;
    markerRecord[at] = recId[k]!;
    if (isErrorLevelCode(lv)) {
      errorCount++;
      if (row < nodes.length) flags[row]! |= SpanFlag.error;
    }
    if (row === unattachedRow) {
      unattachedFirst = Math.min(unattachedFirst, t);
      unattachedLast = Math.max(unattachedLast, t);
    }
  }
  // Drawing and hit-testing binary-search each row's markers by time: make sure every run is sorted (the
  // session answers time-ordered; the catch-all row can mix two answers).
  for (let row = 0; row < rows; row++) {
    const a = markerStart[row]!,
      b = a + markerCount[row]!;
    let sorted = true;
    for (let x = a + 1; x < b && sorted; x++) if (markerTime[x]! < markerTime[x - 1]!) sorted = false;
    if (sorted) continue;
    const perm = Array.from({ length: b - a }, (_, k) => a + k).sort(
      (p, q) => markerTime[p]! - markerTime[q]! || p - q,
    );
    const t = perm.map((x) => markerTime[x]!),
      l = perm.map((x) => markerLevel[x]!),
      r = perm.map((x) => markerRecord[x]!);
    markerTime.set(t, a);
    markerLevel.set(l, a);
    markerRecord.set(r, a);
  }
  if (unattachedRow >= 0) {
    start[unattachedRow] = unattachedFirst;
    duration[unattachedRow] = Math.max(0, unattachedLast - unattachedFirst);
    parent[unattachedRow] = -1;
    service[unattachedRow] = NO_SERVICE;
    flags[unattachedRow] = SpanFlag.unattached;
    name[unattachedRow] = intern(nodes.length ? '(records without a span)' : '(records)');
  }

  const root = nodes.find((n) => n.parent === -1);
  const meta: GroupMeta = {
    groupId,
    label: clipText(root ? `${root.span.name}` : groupKey(groupId), 300),
    baseNs: base.toString(),
    durationNs: Number(last - base),
    spanCount: rows,
    markerCount: m,
    errorCount,
    services,
    spanChunkSize: SPAN_CHUNK,
    markerChunkSize: MARKER_CHUNK,
  };
  return {
    meta,
    nodes,
    base,
    start,
    duration,
    depth,
    parent,
    service,
    flags,
    name,
    markerStart,
    markerCount,
    strings,
    markerTime,
    markerLevel,
    markerSpan,
    markerRecord,
    spanIndexById,
    loose: mk.loose ?? null,
    unattachedRow,
    criticalPath: null,
  };
}
