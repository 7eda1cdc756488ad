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

export interface SessionApi {
  /** Index a file (plain or .gz); resolves when done; progress at most ~10 times a second. */
  addFile(path: string, opts?: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void }): Promise<SourceSummary>;
  /** A live source: push text or bytes as it arrives; lines are split here; a partial last line waits. */
  addStream(name: string): StreamSink;
  sources(): SourceSummary[];
  clear(): void;

  groups(by: GroupBy): GroupSummary[];
  /** Span tree of a group (reported spans, placeholders for missing parents, spans derived from logs). */
  spanTree(groupId: string): SpanNode[];
  /** Records of a group (optionally of one span), time-ordered, paged. */
  records(groupId: string, opts?: { spanId?: string; offset?: number; limit?: number }): { total: number; items: RecordSummary[] };
  /** The whole record, parsed on demand from its source. */
  record(id: RecordId): Promise<LogRecord & { position: Position }>;

  setFilter(filter: Filter | null): void;
  filter(): Filter | null;
  search(query: string, limit?: number): SearchHit[];
  /** Records whose source location ends with this path (for in-editor hints), by line. */
  recordsAtSource(pathSuffix: string): Map<number, RecordSummary[]>;

  /** Called (throttled) whenever records, spans or sources change. Returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void;
}

export interface StreamSink {
  write(chunk: string | Uint8Array): void;
  /** Whole JSON documents that arrived out of band (a receiver's OTLP/Zipkin bodies). */
  writeDocument(value: unknown, origin: string): void;
  end(): void;
  summary(): SourceSummary;
}
