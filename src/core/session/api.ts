// What the rest of Threadline (extension host, CLI, live sources, the timeline's host side) may ask of
// a session. Implemented by `session/session.ts` over the lazy index. Pure: no `vscode` import.

import type {
  GroupKind,
  Level,
  LogRecord,
  Position,
  SourceLocation,
  SourceSummary,
  Span,
  SpanNode,
  StreamSink,
} from '../model';

export type { SourceSummary, SpanNode, StreamSink } from '../model';
import type { FilterSyntaxError } from '../query/language';

/** A record's number in its session: dense, stable for the session's life (until eviction). */
export type RecordId = number;

export interface IndexProgress {
  source: SourceSummary;
  /** Records available so far in the whole session. */
  records: number;
}

/** How to group: one of the three primary kinds, or by the value of any field. */
export type GroupBy = { kind: GroupKind } | { field: string };

/** The grouping a session keeps current as records arrive (trace, else correlation ID, else thread). */
export const PRIMARY_GROUPING: GroupBy = { kind: 'trace' };

export interface GroupSummary {
  /** Stable within a grouping: `${kind}:${key}`. */
  id: string;
  kind: GroupKind | 'field';
  key: string;
  records: number;
  spans: number;
  /** Records with an error (or level error/fatal) plus spans with status error. */
  errors: number;
  startNs: bigint | null;
  endNs: bigint | null;
  /** Root span's name, or null. */
  root: string | null;
  services: string[];
}

/** What counting records by message pattern reads of each. */
export type RecordMessage = Pick<RecordSummary, 'id' | 'timeNs' | 'level' | 'message'>;

/** A record as the tree and the timeline list it: cheap, from the index (no full parse). */
export interface RecordSummary {
  id: RecordId;
  timeNs: bigint | null;
  level: Level | null;
  /** First line of the message, at most 200 characters. */
  message: string;
  traceId: string | null;
  spanId: string | null;
  thread: string | null;
  correlationId: string | null;
  service: string | null;
  source: SourceLocation | null;
  position: Position;
}

/**
 * A group's records as columns, for drawing them (the timeline's markers): nothing is read from the sources and
 * no object is made per record. Record `k` is `ids[k]`; records are ordered by their row — the index in `nodes`
 * of the span they hang under, as `records(groupId, { spanId })` attaches them (a span ID shared by several
 * nodes counts for its first) — then by time, and records on no span (`TRACE_RECORDS_SPAN_ID`, or every record
 * of a group without a span tree) come last with row -1, in time order. The filter applies as in `records`.
 */
export interface GroupMarkers {
  /** `spanTree(groupId)` the rows refer to (the same array, as of this answer). */
  nodes: SpanNode[];
  ids: Int32Array;
  /** Index into `nodes`, or -1. */
  row: Int32Array;
  /** Epoch milliseconds (integral) and nanoseconds within the millisecond; NaN / 0 when the record has no time. */
  timeMs: Float64Array;
  timeSubMsNs: Int32Array;
  /** Level code (model.levelCode): 0 none, 1 trace … 6 fatal. */
  level: Uint8Array;
}

/**
 * One group, named so that it means the same whatever anyone asked before: the grouping it belongs to and its id
 * in that grouping (`GroupSummary.id`, e.g. `correlation:c1`). Under `{ kind: 'trace' }` a correlation group holds
 * the records of that ID that have no trace ID; under `{ kind: 'correlation' }` it holds every record of that ID.
 */
export interface GroupRef {
  by: GroupBy;
  id: string;
}

/** What a query looks at: every live record, or one group (optionally one span of its tree). */
export type Scope = { all: true } | { group: GroupRef; spanId?: string };

/**
 * A question about records, as a value: the same query gives the same answer whoever asks and whatever else was
 * asked meanwhile. `filter` is the filter language (`query/language.ts`, documented in the README); an invalid
 * filter makes every query method throw a `FilterSyntaxError` that says where the mistake is.
 */
export interface RecordQuery {
  /** Default: every record. */
  scope?: Scope;
  filter?: string;
  /** By time (records without a time keep their place among their source's neighbours); default 'asc'. */
  order?: 'asc' | 'desc';
}

export interface PageRequest {
  offset?: number;
  /** Default 500. */
  limit?: number;
}

export interface RecordPage {
  /** Records that match, among those decided so far. */
  total: number;
  /**
   * Records the filter has not decided yet (text and regex read each message from its source, in the background;
   * change notifications report progress). 0 when the answer is final.
   */
  pending: number;
  items: RecordSummary[];
}

/** Records over time, stacked by level. */
export interface Histogram {
  fromNs: bigint;
  /** Exclusive end: fromNs + buckets × bucketNs. */
  toNs: bigint;
  bucketNs: bigint;
  buckets: number;
  /** `counts[bucket * LEVEL_SLOTS + levelCode]` (levelCode 0 = no level … 6 = fatal). */
  counts: Uint32Array;
  /** Matching records with a time (those without one are in `untimed`). */
  total: number;
  untimed: number;
  pending: number;
}

export interface HistogramOptions {
  /** Default 100, at most 2,000. */
  buckets?: number;
  /** Default: the time range of the matching records. */
  fromNs?: bigint;
  toNs?: bigint;
}

/** Slots per histogram bucket: one per level code (0 none, 1 trace … 6 fatal). */
export const LEVEL_SLOTS = 7;

export interface DistinctValues {
  /** Most frequent first; `null` counts the matching records that have no value. */
  values: { value: string | null; count: number }[];
  /** Distinct values in all (the list may be cut at `limit`). */
  distinct: number;
  pending: number;
}

export type GroupSortKey = 'start' | 'duration' | 'errors' | 'records' | 'spans' | 'service' | 'root';

export interface GroupQuery {
  by: GroupBy;
  /** Groups with at least one record that passes (or, for a pure time filter, a span in the range). */
  filter?: string;
  /** Default 'start' ascending; 'duration', 'errors', 'records', 'spans' default to descending. */
  sort?: GroupSortKey;
  descending?: boolean;
}

export interface GroupPage {
  total: number;
  pending: number;
  items: GroupSummary[];
}

/**
 * Every group of a query as columns, for a scatter of duration over start time: no object per group. Point `k` is
 * the group at offset `k` of `groupsPage({ ...q, sort: 'start', descending: false })`; the ungrouped bucket is
 * left out (it is listed last, so offsets still line up). Times are epoch milliseconds with fractions; NaN when a
 * group has no time.
 */
export interface GroupPoints {
  startMs: Float64Array;
  durationMs: Float64Array;
  /** 1 when the group has an error (a record with one, or a span with status error). */
  error: Uint8Array;
  /** Groups the filter has not looked at yet (as in `GroupPage.pending`). */
  pending: number;
}

export interface SearchHit {
  kind: 'group' | 'span' | 'service' | 'record';
  label: string;
  detail: string;
  /** In the primary grouping (`{ kind: 'trace' }`). */
  group: GroupRef;
  spanId?: string;
  recordId?: RecordId;
  score: number;
}

/** Id of the bucket holding records that have none of the grouping's keys: listed last by `groups()` when non-empty. */
export const UNGROUPED_GROUP_ID = 'ungrouped';

/**
 * `records(groupId, { spanId: TRACE_RECORDS_SPAN_ID })`: records of a trace that carry no span ID while the trace
 * has reported spans (they belong to the trace, not to any one span).
 */
export const TRACE_RECORDS_SPAN_ID = '';

/** Extra keys per normalised field (`{ "traceId": "x-trace" }`, or a nested path `["ctx", "trace"]`). */
export type FieldMappings = Record<string, string | readonly string[]>;

export interface SessionOptions {
  /** Records kept before the oldest are evicted (default 1,000,000). */
  maxRecords?: number;
  fieldMappings?: FieldMappings;
  /** Index worker threads (0 = index on the calling thread). */
  workers?: number;
  /**
   * The calling thread runs an event loop that others share (an editor's extension host): big files are indexed
   * by a worker per core and this thread only merges their ranges, instead of indexing a share of each file
   * itself; the groups' start order is kept merged as records are placed (no ask merges a whole file at once).
   */
  keepThreadFree?: boolean;
  /** The pattern a message belongs to, for `pattern:` filters (`patterns/`). */
  patternIdOf?: (message: string) => string;
}

/** Counts over the whole session, kept incrementally (cheap to ask on every change). */
export interface SessionStats {
  /** Live records (read minus evicted). */
  records: number;
  spans: number;
  evicted: number;
  /** Records with an error or stack, or level error/fatal. */
  errors: number;
  levels: Record<Level | 'none', number>;
  /** Groups of the primary grouping per kind, and records in none. */
  groups: Record<GroupKind, number> & { ungroupedRecords: number };
}

/** A string that names a group reference exactly (cache keys, webview messages): `groupRefFromKey` reads it back. */
export function groupRefKey(ref: GroupRef): string {
  return JSON.stringify(['kind' in ref.by ? { kind: ref.by.kind } : { field: ref.by.field }, ref.id]);
}

export function groupRefFromKey(key: string): GroupRef | null {
  try {
    const v: unknown = JSON.parse(key);
    if (!Array.isArray(v) || v.length !== 2 || typeof v[1] !== 'string' || typeof v[0] !== 'object' || v[0] === null)
      return null;
    const by = v[0] as Record<string, unknown>;
    if (typeof by.kind === 'string' && ['trace', 'correlation', 'thread'].includes(by.kind))
      return { by: { kind: by.kind as GroupKind }, id: v[1] };
    if (typeof by.field === 'string') return { by: { field: by.field }, id: v[1] };
    return null;
  } catch {
    return null;
  }
}

/** Questions asked with explicit queries: no call changes what another call answers. */
export interface QueryApi {
  /** Checks a filter without running it: null when valid, else the error (message and 1-based column). */
  checkFilter(filter: string): FilterSyntaxError | null;
  /** A page of the records a query selects, time-ordered. */
  query(q: RecordQuery, page?: PageRequest): RecordPage;
  /** Ids only, in the same order (nothing read from the sources): for exports that load each record. */
  queryIds(q: RecordQuery, page?: PageRequest): { total: number; pending: number; ids: RecordId[] };
  /** Where a record stands in a query's order (its offset), or -1 when the query does not select it. */
  locate(q: RecordQuery, id: RecordId): number;
  histogram(q: RecordQuery, opts?: HistogramOptions): Histogram;
  /**
   * Distinct values of a field over the records a query selects:
   * columns (level, service, thread, …) or any raw field path.
   */
  distinct(q: RecordQuery, field: string, limit?: number): DistinctValues;
  /** A page of a grouping's groups, filtered and sorted as asked; the ungrouped bucket last when it has records. */
  groupsPage(q: GroupQuery, page?: PageRequest): GroupPage;
  /** The groups `groupsPage` lists for the query, in start order, as typed columns (see `GroupPoints`). */
  groupPoints(q: GroupQuery): GroupPoints;
  /** One group's summary (unfiltered), or null when the grouping has no such group. */
  group(ref: GroupRef): GroupSummary | null;
  /** Span tree of a group. */
  spanTree(ref: GroupRef): SpanNode[];
  /** A group's records as typed columns (see `GroupMarkers`), the filter applied. */
  markers(ref: GroupRef, filter?: string): Promise<GroupMarkers>;
  /** The group a record is in under a grouping; null while a field grouping has not parsed it yet. */
  groupOf(id: RecordId, by: GroupBy): GroupRef | null;
}

export interface SessionApi extends QueryApi {
  /** Index a file (plain or .gz); resolves when done; progress at most ~10 times a second. */
  addFile(
    path: string,
    opts?: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void },
  ): Promise<SourceSummary>;
  /** A live source: push text or bytes as it arrives; lines are split here; a partial last line waits. */
  addStream(name: string): StreamSink;
  sources(): SourceSummary[];
  clear(): void;

  /**
   * Summaries of the given records in the order given (unknown or
   * evicted ids are left out), e.g. a page of `markers().ids`.
   */
  recordSummaries(ids: ArrayLike<RecordId>): RecordSummary[];
  /**
   * Message (first line), level and time of the given records, as `recordSummaries` gives them, reading only the
   * message from the source (counting patterns over a whole file).
   */
  recordMessages(ids: ArrayLike<RecordId>): RecordMessage[];
  /** The whole record, parsed on demand from its source. */
  record(id: RecordId): Promise<LogRecord & { position: Position }>;

  /**
   * Records whose source location ends with this path (for in-editor hints), by line; no filter applies. A big
   * session is indexed by source over a few turns: the answer grows, with change notifications, until complete.
   */
  recordsAtSource(pathSuffix: string): Map<number, RecordSummary[]>;

  /**
   * Called (throttled) whenever records, spans or sources change,
   * or a filter's answer grew. Returns an unsubscribe function.
   */
  onDidChange(listener: () => void): () => void;

  stats(): SessionStats;
  /** Records dropped so far because the session held more than `maxRecords` (oldest first). */
  evicted(): number;
  /** Changes the cap on stream records; a lower one evicts the oldest at once (their memory is freed). */
  setMaxRecords(maxRecords: number): void;
  /**
   * Records not placed in the grouping `by` yet. Appended records are taken in ~5 ms per turn of the event loop
   * (a worker's merge of a million records takes many turns), and grouping by a raw field parses records in the
   * background; change notifications report the progress. `addFile` resolves once its records are all placed.
   */
  groupsPending(by: GroupBy): number;
  /** Spans reported by trace formats, in read order (placeholders and derived spans live in `spanTree`). */
  spans(): readonly Span[];
  /** Where reported span `index` was read (file or stream and 1-based line), when the index records it; else null. */
  spanPosition(index: number): Position | null;
  /** Stops background work (field parsing, timers); the session answers queries from what it has. */
  dispose(): void;
}
