// The lazy index as the session sees it: columns per record, strings interned, whole records parsed on demand.
// Implemented in `index/` (scanner, workers, files, streams); consumed by `session/`.

import type { LogRecord, Position, SourceLocation, SourceSummary, Span } from '../model';

/** No value in an interned-string column. */
export const NONE = -1;

/**
 * The columns of a run of records as plain arrays (`RecordStore.readColumns`): row i is record `from + i`. A loop
 * over many records reads these instead of calling an accessor per value (a session takes in a million records).
 */
export class RecordColumns {
  /** Time in ms (NaN: none) and the nanoseconds within that millisecond. */
  readonly timeMs: Float64Array;
  readonly subNs: Int32Array;
  readonly level: Uint8Array;
  /** 1: the record carries an error (see `hasError`). */
  readonly error: Uint8Array;
  /** Interned-string keys, NONE when absent. */
  readonly trace: Int32Array;
  readonly correlation: Int32Array;
  readonly thread: Int32Array;
  readonly service: Int32Array;
  /** Index into `sources()`. */
  readonly source: Int32Array;
  constructor(readonly capacity: number) {
    this.timeMs = new Float64Array(capacity);
    this.subNs = new Int32Array(capacity);
    this.level = new Uint8Array(capacity);
    this.error = new Uint8Array(capacity);
    this.trace = new Int32Array(capacity);
    this.correlation = new Int32Array(capacity);
    this.thread = new Int32Array(capacity);
    this.service = new Int32Array(capacity);
    this.source = new Int32Array(capacity);
  }
}

export interface RecordStore {
  /** Records indexed so far; ids are 0 … count-1, in read order per source (not time order). */
  readonly count: number;

  /** Epoch milliseconds (integral) and the nanoseconds within that millisecond; NaN / 0 when the record has no time. */
  timeMs(id: number): number;
  timeSubMsNs(id: number): number;
  /** Level code (model.levelCode): 0 none, 1 trace … 6 fatal. */
  level(id: number): number;

  /** Interned-string keys (NONE when absent); `string(key)` gives the text. */
  traceKey(id: number): number;
  spanKey(id: number): number;
  parentSpanKey(id: number): number;
  correlationKey(id: number): number;
  threadKey(id: number): number;
  serviceKey(id: number): number;
  /** Format name key (always present). */
  formatKey(id: number): number;
  string(key: number): string;
  /** The interned-string key of `s`, or NONE when no record holds it (nothing is interned). */
  findString(s: string): number;
  /** The order of the strings of two keys (as `<` orders them), without making them when the store can. */
  compareStrings?(a: number, b: number): number;

  /** Source location from explicit fields or caller strings, when the index could see it cheaply; else null. */
  source(id: number): SourceLocation | null;
  /** Whether the record carries an error/stack (error key present or level ≥ error). */
  hasError(id: number): boolean;
  /**
   * Records [from, to) into rows 0 … of `out` (to - from ≤ out.capacity): what the accessors above give, for
   * loops over many records. A record evicted since reads as no time, no level, no keys.
   */
  readColumns(from: number, to: number, out: RecordColumns): void;

  position(id: number): Position;
  /** The record's source as an index into `sources()`, without building a Position (optional: a faster path). */
  sourceOf?(id: number): number;
  /** First line of the message, ≤ 200 chars (reads the record's bytes; fine for a page of a few hundred). */
  message(id: number): string;
  /**
   * The whole record, normalised, parsed from its bytes; continuation
   * lines that form a trace go to `error`, others continue the message.
   */
  load(id: number): Promise<LogRecord>;
  /** Raw text of the record (its line plus continuation lines). */
  raw(id: number): Promise<string>;
  /**
   * The same raw text, read at once without parsing, when the store can (a text filter looks in it first and
   * parses only the records whose bytes contain every word); throws when the record cannot be read.
   */
  rawSync?(id: number): string;

  /** Spans reported by trace formats (OTLP, Zipkin, Jaeger, Chrome), in read order. */
  readonly spans: readonly Span[];

  sources(): SourceSummary[];
  /** Called after records or spans were appended: [fromId, toId) and the number of spans now known. */
  onAppend(listener: (fromId: number, toId: number) => void): () => void;

  /** Where `spans[index]` was read (null for documents that arrived out of band). */
  spanPosition?(index: number): Position | null;
  /** Frees the columns of records below `id` (whole chunks); reading them afterwards throws a RangeError. */
  evictBefore?(id: number): void;
  /** Frees what the store holds for these records (ids ascending); reading them afterwards may throw a RangeError. */
  evictRecords?(ids: ArrayLike<number>): void;
}

/** `readColumns` through the accessors, one record at a time (stores without column arrays; tests). */
export function readColumnsOneByOne(store: RecordStore, from: number, to: number, out: RecordColumns): void {
  for (let id = from; id < to; id++) {
    const i = id - from;
    out.timeMs[i] = store.timeMs(id);
    out.subNs[i] = store.timeSubMsNs(id);
    out.level[i] = store.level(id);
    out.error[i] = store.hasError(id) ? 1 : 0;
    out.trace[i] = store.traceKey(id);
    out.correlation[i] = store.correlationKey(id);
    out.thread[i] = store.threadKey(id);
    out.service[i] = store.serviceKey(id);
    out.source[i] = store.sourceOf?.(id) ?? -1;
  }
}

// Implementation entry points live in `index/index.ts`:
//   createRecordStore({ fieldMappings? }) → IndexStore (a RecordStore) with
//     addFile(path, { signal?, onProgress?, workers?, chunkSize?, fieldMappings? }) → Promise<FileIndexResult>
//     addStream(name) → StreamIndex { write(chunk), writeDocument(value, origin), end(), summary() }
//     clear()
//   indexFile(path, opts) → Promise<FileIndexResult & { store }>: one file into a new store (CLI, benchmark).
// Errors reading a file (missing, a directory) end in `summary.error`; the promise does not reject.
