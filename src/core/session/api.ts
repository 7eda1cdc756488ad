// What the rest of Threadline (extension host, CLI, live sources, the timeline's host side) may ask of
// a session. Implemented by `session/session.ts` over the lazy index. Pure: no `vscode` import.

import type { GroupKind, Level, LogRecord, Position, SourceLocation, Span } from '../model';

/** A record's number in its session: dense, stable for the session's life (until eviction). */
export type RecordId = number;

export interface SourceSummary {
  /** File path, or a stream's display name ("kubectl logs -f …", "OTLP receiver :4318"). */
  name: string;
  kind: 'file' | 'stream';
  lines: number;
  /** Lines that start a record or hold a whole document. lines = recordLines + continuationLines + badLines. */
  recordLines: number;
  /** Records read; can exceed recordLines when one line carries many (OTLP batches, JSON arrays). */
  records: number;
  spans: number;
  continuationLines: number;
  /** 1-based line numbers of lines that are neither a record nor a continuation, with the reason. */
  badLines: { line: number; reason: string }[];
  formats: Record<string, number>;
  bytes: number;
  /** Bytes indexed so far (== bytes when done). */
  bytesDone: number;
  done: boolean;
  error: string | null;
  elapsedMs: number;
  /** Records of this source dropped by the session's record cap (kept = records - evicted); absent when none. */
  evicted?: number;
}

export interface IndexProgress {
  source: SourceSummary;
  /** Records available so far in the whole session. */
  records: number;
}

/** How to group: one of the three primary kinds, or by the value of any field. */
export type GroupBy = { kind: GroupKind } | { field: string };

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

/** A span tree node in pre-order: parent before children, siblings by start time. */
export interface SpanNode {
  span: Span;
  depth: number;
  /** Index of the parent node in the same array, -1 for roots. */
  parent: number;
  children: number;
  /** Records attached to this span (direct, not descendants). */
  records: number;
  errors: number;
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

export interface Filter {
  /** Minimum level; records without a level pass only when null. */
  minLevel?: Level | null;
  levels?: Level[];
  fromNs?: bigint | null;
  toNs?: bigint | null;
  /** field = value; field names are normalised names (traceId, thread, …) or raw keys / dotted paths. */
  fields?: { field: string; value: string }[];
  text?: string | null;
  regex?: string | null;
}

export interface SearchHit {
  kind: 'group' | 'span' | 'service' | 'record';
  label: string;
  detail: string;
  groupId: string;
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

export interface SessionApi {
  /** Index a file (plain or .gz); resolves when done; progress at most ~10 times a second. */
  addFile(path: string, opts?: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void }): Promise<SourceSummary>;
  /** A live source: push text or bytes as it arrives; lines are split here; a partial last line waits. */
  addStream(name: string): StreamSink;
  sources(): SourceSummary[];
  clear(): void;

  /** Every group of a grouping in start order (earliest first, groups without a time after), the ungrouped bucket last. */
  groups(by: GroupBy): GroupSummary[];
  /**
   * One page of `groups(by)`: the same order, `total` counting the ungrouped bucket when it is listed. Costs the
   * page, not the number of groups (without a filter; with one, the filtered list is built once per change), so
   * a tree showing the first 500 of 270,000 groups asks for this on each refresh.
   */
  groupsPage(by: GroupBy, offset?: number, limit?: number): { total: number; items: GroupSummary[] };
  /** Span tree of a group (reported spans, placeholders for missing parents, spans derived from logs). */
  spanTree(groupId: string): SpanNode[];
  /** Records of a group (optionally of one span), time-ordered, paged. */
  records(groupId: string, opts?: { spanId?: string; offset?: number; limit?: number }): { total: number; items: RecordSummary[] };
  /**
   * The group's records as typed columns (see `GroupMarkers`). Gives the event loop back every few
   * milliseconds while it works (a million records build in well under a second without blocking the host).
   */
  markers(groupId: string): Promise<GroupMarkers>;
  /** Summaries of the given records in the order given (unknown or evicted ids are left out), e.g. a page of `markers().ids`. */
  recordSummaries(ids: ArrayLike<RecordId>): RecordSummary[];
  /** The whole record, parsed on demand from its source. */
  record(id: RecordId): Promise<LogRecord & { position: Position }>;

  /** Throws `FilterError` (session/filter.ts) with a message a user can act on, e.g. for an invalid regex; the previous filter then stays. */
  setFilter(filter: Filter | null): void;
  filter(): Filter | null;
  search(query: string, limit?: number): SearchHit[];
  /** Records whose source location ends with this path (for in-editor hints), by line. */
  recordsAtSource(pathSuffix: string): Map<number, RecordSummary[]>;

  /** Called (throttled) whenever records, spans or sources change. Returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void;

  stats(): SessionStats;
  /** Records dropped so far because the session held more than `maxRecords` (oldest first). */
  evicted(): number;
  /** Changes the cap on stream records; a lower one evicts the oldest at once (their memory is freed). */
  setMaxRecords(maxRecords: number): void;
  /**
   * Records the filter has not been evaluated on yet (hidden until it has). A query evaluates ~30 ms worth and
   * the rest continues in the background with change notifications; 0 without a filter.
   */
  filterPending(): number;
  /**
   * Id of the group a record is in under a grouping (default: the primary one), e.g. to reveal a search hit;
   * `UNGROUPED_GROUP_ID` for records with no key, null while a field grouping has not parsed it yet.
   */
  groupIdOf(id: RecordId, by?: GroupBy): string | null;
  /**
   * Records not placed in `groups(by)` yet. Appended records are taken in ~10 ms per turn of the event loop
   * (a worker's merge of a million records takes many turns), and grouping by a raw field parses records in the
   * background; change notifications report the progress. `addFile` resolves once its records are all placed.
   */
  groupsPending(by: GroupBy): number;
  /** Every live record, merged by time across sources, filter applied, paged. */
  allRecords(opts?: { offset?: number; limit?: number }): { total: number; items: RecordSummary[] };
  /** The same order as `allRecords`, ids only (nothing read from the sources): for exports that load each record. */
  allRecordIds(opts?: { offset?: number; limit?: number }): { total: number; ids: RecordId[] };
  /** Spans reported by trace formats, in read order (placeholders and derived spans live in `spanTree`). */
  spans(): readonly Span[];
  /** Where reported span `index` was read (file or stream and 1-based line), when the index records it; else null. */
  spanPosition(index: number): Position | null;
  /** Stops background work (field parsing, timers); the session answers queries from what it has. */
  dispose(): void;
}

export interface StreamSink {
  write(chunk: string | Uint8Array): void;
  /** Whole JSON documents that arrived out of band (a receiver's OTLP/Zipkin bodies). */
  writeDocument(value: unknown, origin: string): void;
  end(): void;
  summary(): SourceSummary;
}
