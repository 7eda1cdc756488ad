// Appends records to column chunks, with their own string and location tables. One builder per thread and
// range: a worker's tables travel with its chunks and are re-interned when the store merges them.

import type { LogRecord, SourceLocation } from '../model';
import { isErrorLevelCode, levelCode } from '../model';
import {
  CHUNK_RECORDS,
  F_ERROR,
  F_PARENT_PACKED,
  F_PARENT_TEXT,
  F_SPAN_PACKED,
  F_SPAN_TEXT,
  newChunk,
  noneColumn,
  setLength,
  type ChunkColumns,
} from './columns';
import { StringTable } from './interner';
import { NONE } from './types';
import { TRACE_WORDS, type BatchRows } from './wasm/wasmScan';

/** One record's index values, filled by the fast path or from a parsed record. */
export class Row {
  timeMs = NaN;
  subNs = 0;
  level = 0;
  format = 0;
  trace = NONE;
  thread = NONE;
  service = NONE;
  correlation = NONE;
  idFlags = 0;
  spanHi = 0;
  spanLo = 0;
  parentHi = 0;
  parentLo = 0;
  location = NONE;

  reset(): void {
    this.timeMs = NaN;
    this.subNs = 0;
    this.level = 0;
    this.format = 0;
    this.trace = NONE;
    this.thread = NONE;
    this.service = NONE;
    this.correlation = NONE;
    this.idFlags = 0;
    this.spanHi = 0;
    this.spanLo = 0;
    this.parentHi = 0;
    this.parentLo = 0;
    this.location = NONE;
  }
}

const HEX16 = /^[0-9a-f]{16}$/;

/**
 * Location column values ≤ LOCATION_DEFERRED: a fast-path record whose location was not looked up (≈ 130 bytes
 * hashed and compared per line were about a quarter of the fast path's time; grouping and the first screen do
 * not need it). The value says where the location's raw JSON lies in the record's first line (from the first
 * location value to the end of the last, the keys being neighbours), so `store.source(id)` reads those bytes
 * alone and looks them up (deferredLocations.ts).
 */
export const LOCATION_DEFERRED = -2;
const DEFERRED_LEN_BITS = 11;

/** The deferred-location value for raw bytes at `rel` from the line start, `len` long; NONE when they do not fit. */
export function deferredLocation(rel: number, len: number): number {
  if (rel < 0 || rel >= 1 << 16 || len >= 1 << DEFERRED_LEN_BITS) return NONE;
  return LOCATION_DEFERRED - (rel * (1 << DEFERRED_LEN_BITS) + len);
}

/** Offset from the line start and length of a deferred location's raw bytes (`k` ≤ LOCATION_DEFERRED). */
export function deferredRel(k: number): number {
  return (LOCATION_DEFERRED - k) >>> DEFERRED_LEN_BITS;
}
export function deferredLen(k: number): number {
  return (LOCATION_DEFERRED - k) & ((1 << DEFERRED_LEN_BITS) - 1);
}

export function locationKey(l: SourceLocation): string {
  return `${l.file}\u0000${l.line ?? ''}\u0000${l.column ?? ''}\u0000${l.function ?? ''}\u0000${l.origin}`;
}

/** Distinct source locations, each stored once. */
export class LocationTable {
  readonly list: SourceLocation[] = [];
  private readonly keys = new Map<string, number>();

  intern(l: SourceLocation): number {
    const k = locationKey(l);
    let id = this.keys.get(k);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(l);
      this.keys.set(k, id);
    }
    return id;
  }
}

export interface ChunkBuilderOptions {
  strings?: StringTable;
  locations?: LocationTable;
  chunkRecords?: number;
  /**
   * Called with every chunk the builder starts. The chunk then belongs to the callee: the builder does not
   * list it in `chunks` (a store evicts a stream's chunks; a list here would keep them all alive).
   */
  onChunk?: (c: ChunkColumns) => void;
  /** Where new chunks come from (a worker recycles the chunks it has sent). */
  newChunk?: (capacity: number) => ChunkColumns;
  /**
   * Whether the builder may keep appending to this chunk (a store
   * shared by several sources says no once another source appended).
   */
  canAppend?: (c: ChunkColumns) => boolean;
  /** Fast paths leave source locations to the first question that asks (LOCATION_DEFERRED); default true. */
  deferLocations?: boolean;
  /**
   * A line batch's 32-hex trace ids stay words in the chunk (`traceWords`) instead of being interned here: a
   * worker's, whose every key the store would intern again when it merges the chunk (default false).
   */
  deferTraceWords?: boolean;
}

export class ChunkBuilder {
  readonly strings: StringTable;
  readonly locations: LocationTable;
  readonly chunks: ChunkColumns[] = [];
  private cur: ChunkColumns | null = null;
  private lastChunk: ChunkColumns | null = null;
  private lastRow = -1;
  private readonly chunkRecords: number;
  readonly deferLocations: boolean;
  count = 0;

  constructor(private readonly opts: ChunkBuilderOptions = {}) {
    this.strings = opts.strings ?? new StringTable();
    this.locations = opts.locations ?? new LocationTable();
    this.chunkRecords = opts.chunkRecords ?? CHUNK_RECORDS;
    this.deferLocations = opts.deferLocations ?? true;
  }

  location(l: SourceLocation): number {
    return this.locations.intern(l);
  }

  /** The chunk being filled, or a new one when it is full (or may not take more). */
  private chunkWithRoom(): ChunkColumns {
    let c = this.cur;
    if (c === null || c.count === c.timeMs.length || (this.opts.canAppend !== undefined && !this.opts.canAppend(c))) {
      c = this.cur =
        this.opts.newChunk !== undefined ? this.opts.newChunk(this.chunkRecords) : newChunk(this.chunkRecords);
      if (this.opts.onChunk !== undefined) this.opts.onChunk(c);
      else this.chunks.push(c);
    }
    return c;
  }

  append(r: Row, line: number, offset: number, length: number): number {
    const c = this.chunkWithRoom();
    const i = c.count;
    c.timeMs[i] = r.timeMs;
    (c.subNs ??= new Int32Array(c.timeMs.length))[i] = r.subNs;
    c.level[i] = r.level;
    c.idFlags[i] = r.idFlags;
    c.format[i] = r.format;
    c.trace[i] = r.trace;
    c.thread[i] = r.thread;
    if (r.service !== NONE) (c.service ??= noneColumn(c.timeMs.length))[i] = r.service;
    if (r.correlation !== NONE) (c.correlation ??= noneColumn(c.timeMs.length))[i] = r.correlation;
    c.spanHi[i] = r.spanHi;
    c.spanLo[i] = r.spanLo;
    if (r.idFlags & (F_PARENT_PACKED | F_PARENT_TEXT)) {
      (c.parentHi ??= new Uint32Array(c.timeMs.length))[i] = r.parentHi;
      (c.parentLo ??= new Uint32Array(c.timeMs.length))[i] = r.parentLo;
    }
    if (r.location !== NONE) (c.location ??= noneColumn(c.timeMs.length))[i] = r.location;
    c.line[i] = line;
    c.offset[i] = offset;
    c.length[i] = length;
    c.count = i + 1;
    this.lastChunk = c;
    this.lastRow = i;
    return this.count++;
  }

  /**
   * Appends rows[0, n) of a line batch: what `append` does row by row, column by column.
   * Trace ids the batch kept as words are interned here (the batch's trace column then holds their keys), or
   * with `deferTraceWords` copied to the chunk's `traceWords` for the store to intern.
   */
  appendBatch(rows: BatchRows, n: number, any: Int32Array): void {
    const trace = rows.trace;
    const defer = this.opts.deferTraceWords === true;
    if (!defer) internTraceWords(this.strings, trace, rows.words, n);
    for (let done = 0; done < n;) {
      const c = this.chunkWithRoom();
      const at = c.count,
        cap = c.timeMs.length;
      const take = Math.min(n - done, cap - at),
        to = done + take;
      const part = <T extends { subarray(a: number, b: number): T }>(a: T) => a.subarray(done, to);
      c.timeMs.set(part(rows.timeMs), at);
      (c.subNs ??= new Int32Array(cap)).set(part(rows.subNs), at);
      c.level.set(part(rows.level), at);
      c.idFlags.set(part(rows.idFlags), at);
      c.format.set(part(rows.format), at);
      c.trace.set(part(trace), at);
      if (defer) (c.traceWords ??= new Uint32Array(cap * 4)).set(rows.words.subarray(done * 4, to * 4), at * 4);
      c.thread.set(part(rows.thread), at);
      // optional columns: made when a row has a value (their rows without one hold NONE or 0 already)
      if (any[0] !== 0 || c.service !== null) (c.service ??= noneColumn(cap)).set(part(rows.service), at);
      if (any[1] !== 0 || c.correlation !== null) (c.correlation ??= noneColumn(cap)).set(part(rows.correlation), at);
      c.spanHi.set(part(rows.spanHi), at);
      c.spanLo.set(part(rows.spanLo), at);
      if (any[2] !== 0 || c.parentHi !== null) {
        (c.parentHi ??= new Uint32Array(cap)).set(part(rows.parentHi), at);
        (c.parentLo ??= new Uint32Array(cap)).set(part(rows.parentLo), at);
      }
      if (any[3] !== 0 || c.location !== null) (c.location ??= noneColumn(cap)).set(part(rows.location), at);
      c.line.set(part(rows.line), at);
      c.offset.set(part(rows.offset), at);
      c.length.set(part(rows.length), at);
      c.count = at + take;
      this.lastChunk = c;
      this.lastRow = at + take - 1;
      this.count += take;
      done = to;
    }
  }

  /** Keeps the whole parsed record of the row just appended (records that cannot be re-read from bytes alone). */
  keepLast(rec: LogRecord): void {
    const c = this.lastChunk!;
    (c.objects ??= new Map()).set(this.lastRow, rec);
  }

  /** Extends the last record to end at `end` (a continuation line joined it). */
  extendLast(end: number): boolean {
    const c = this.lastChunk;
    if (c === null) return false;
    const i = this.lastRow;
    setLength(c, i, end - c.offset[i]);
    return true;
  }

  get hasRecords(): boolean {
    return this.count > 0;
  }

  /** Fills `r` from a parsed record. */
  rowFromRecord(rec: LogRecord, r: Row): void {
    r.reset();
    if (rec.timeNs !== null) {
      const ms = rec.timeNs / 1_000_000n;
      let sub = rec.timeNs - ms * 1_000_000n;
      let msN = Number(ms);
      if (sub < 0n) {
        sub += 1_000_000n;
        msN -= 1;
      }
      r.timeMs = msN;
      r.subNs = Number(sub);
    }
    r.level = levelCode(rec.level);
    r.format = this.strings.intern(rec.format);
    r.trace = rec.traceId === null ? NONE : this.strings.intern(rec.traceId);
    r.thread = rec.thread === null ? NONE : this.strings.intern(rec.thread);
    r.service = rec.service === null ? NONE : this.strings.intern(rec.service);
    r.correlation = rec.correlationId === null ? NONE : this.strings.intern(rec.correlationId);
    if (rec.spanId !== null) {
      if (HEX16.test(rec.spanId)) {
        r.idFlags |= F_SPAN_PACKED;
        r.spanHi = parseInt(rec.spanId.slice(0, 8), 16);
        r.spanLo = parseInt(rec.spanId.slice(8), 16);
      } else {
        r.idFlags |= F_SPAN_TEXT;
        r.spanLo = this.strings.intern(rec.spanId);
      }
    }
    if (rec.parentSpanId !== null) {
      if (HEX16.test(rec.parentSpanId)) {
        r.idFlags |= F_PARENT_PACKED;
        r.parentHi = parseInt(rec.parentSpanId.slice(0, 8), 16);
        r.parentLo = parseInt(rec.parentSpanId.slice(8), 16);
      } else {
        r.idFlags |= F_PARENT_TEXT;
        r.parentLo = this.strings.intern(rec.parentSpanId);
      }
    }
    if (rec.error !== null || isErrorLevelCode(r.level)) r.idFlags |= F_ERROR;
    // the index keeps locations from explicit fields and caller strings only (what the fast path can see);
    // stack-frame and logger hints come with load()
    r.location =
      rec.source !== null && (rec.source.origin === 'field' || rec.source.origin === 'caller')
        ? this.locations.intern(rec.source)
        : NONE;
  }
}

/** 16 lower-case hex digits as two 32-bit words, and back. */
export function packedHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/**
 * Rows whose trace id the batch left as words (TRACE_WORDS) get its key. A loop of its own: in `appendBatch`, V8
 * would optimise it mid-loop and then drop the code at the column copies after it, which had not run yet.
 */
export function internTraceWords(strings: StringTable, trace: Int32Array, words: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) if (trace[i] === TRACE_WORDS) trace[i] = strings.internWords(words, i * 4, true);
}
