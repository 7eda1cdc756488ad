// Per-record columns, in chunks of at most CHUNK_RECORDS. A chunk never grows into one giant array: a 1 GiB
// file is a list of ~60 chunks whose buffers can move between threads by transfer, without a copy.

import type { LogRecord } from '../model';
import { NONE } from './types';

export const CHUNK_RECORDS = 32768;

/** idFlags bits. */
export const F_SPAN_PACKED = 1; // spanHi/spanLo hold 16 hex digits
export const F_SPAN_TEXT = 2; // spanLo holds a string key (span ID that is not 16 hex digits)
export const F_PARENT_PACKED = 4;
export const F_PARENT_TEXT = 8;
export const F_ERROR = 16;

export type KeyColumn = Int32Array | Uint16Array | Uint8Array;

export interface ChunkColumns {
  count: number;
  /**
   * Record time in ms (NaN: none). A merged chunk whose times are whole ms within ±24 days of each other holds
   * them as Int32 offsets from `timeBase` (TIME_NONE: none) instead: half the bytes (see `narrowTimes`).
   */
  timeMs: Float64Array | Int32Array;
  /** Set only when `timeMs` holds offsets. */
  timeBase?: number;
  /** Nanoseconds within the millisecond; null in a stored chunk where every record's is 0 (millisecond logs). */
  subNs: Int32Array | null;
  level: Uint8Array;
  idFlags: Uint8Array;
  /**
   * String keys (NONE: no value). A chunk being filled holds Int32Arrays; a merged chunk whose keys are all
   * small, with no NONE among them, holds Uint8 or Uint16 arrays (see `narrowKeys`).
   */
  format: KeyColumn;
  trace: KeyColumn;
  thread: KeyColumn;
  /** Optional columns (service, correlation, parent, location) exist only once a record of the chunk has a value. */
  service: KeyColumn | null;
  correlation: KeyColumn | null;
  spanHi: Uint32Array;
  spanLo: Uint32Array;
  parentHi: Uint32Array | null;
  parentLo: Uint32Array | null;
  /** Key into the location table, NONE when the index saw no source location. */
  location: Int32Array | null;
  /**
   * In a worker's chunk only: the 32-hex trace id of each row whose `trace` is TRACE_WORDS, as four words at
   * 4 × row. The store interns them when it merges the chunk; the worker does not (`deferTraceWords`).
   */
  traceWords: Uint32Array | null;
  /**
   * 1-based line of the record's first line. A merged chunk whose lines span less than 65,536 holds them as
   * Uint16 offsets from `lineFirst` (see `narrowLines`); read through `lineAt`.
   */
  line: Uint32Array | Uint16Array;
  /** Set only when `line` holds offsets. */
  lineFirst?: number;
  /**
   * Byte offset of the record's first line in its source (-1: none), and bytes up to the end of its last
   * continuation line. A chunk being filled holds Float64Arrays; a sent chunk whose values all fit holds
   * Uint32Arrays, or for lengths Uint16Arrays when every record is shorter than 64 KiB (see `sendableChunk`).
   * Write `length` through `setLength`.
   */
  offset: Float64Array | Uint32Array;
  length: Float64Array | Uint32Array | Uint16Array;
  /** Records parsed whole at index time (documents, OTLP batches): their bytes alone cannot give them back. By row. */
  objects?: Map<number, LogRecord>;
}

export function newChunk(capacity = CHUNK_RECORDS): ChunkColumns {
  const c: ChunkColumns = {
    count: 0,
    timeMs: new Float64Array(capacity),
    subNs: new Int32Array(capacity),
    level: new Uint8Array(capacity),
    idFlags: new Uint8Array(capacity),
    format: new Int32Array(capacity),
    trace: new Int32Array(capacity).fill(NONE),
    thread: new Int32Array(capacity).fill(NONE),
    service: null,
    correlation: null,
    spanHi: new Uint32Array(capacity),
    spanLo: new Uint32Array(capacity),
    parentHi: null,
    parentLo: null,
    location: null,
    traceWords: null,
    line: new Uint32Array(capacity),
    offset: new Float64Array(capacity),
    length: new Float64Array(capacity),
  };
  return c;
}

export const noneColumn = (capacity: number): Int32Array => new Int32Array(capacity).fill(NONE);

/** A chunk as the store keeps it: columns plus where its records came from. */
export interface StoredChunk {
  cols: ChunkColumns;
  /** First record id of the chunk in the store. */
  base: number;
  /** Index into the store's sources. */
  source: number;
  /** The columns were released (every record evicted): ids stay valid numbers, their values are gone. */
  evicted?: boolean;
  /** Records of the chunk evicted so far (their columns stay until the whole chunk goes). */
  dead?: number;
}

/**
 * A copy-ready view of a chunk: cut to its record count (a range's last chunk is seldom full: the store would
 * keep the empty tail), and without optional columns no record uses (a recycled chunk keeps them allocated).
 * Shares the arrays it does not cut.
 */
export function sendableChunk(c: ChunkColumns): ChunkColumns {
  const n = c.count;
  const used = <T extends KeyColumn>(a: T | null): T | null => (a !== null && anyKey(a, n) ? a : null);
  const parent = anyParent(c.idFlags, n);
  const v: ChunkColumns = {
    ...c,
    service: used(c.service),
    correlation: used(c.correlation),
    location: used(c.location),
    parentHi: parent ? c.parentHi : null,
    parentLo: parent ? c.parentLo : null,
  };
  const narrowed: ChunkColumns = {
    ...v,
    subNs: subNsOrNull(c.subNs, n),
    offset: narrowU32(c.offset, n),
    length: narrowLengths(c.length, n),
  };
  // times and lines as the store keeps them, made here: half the bytes to copy, and less for the calling thread
  // to do per chunk (new arrays: the chunk's own stay Float64/Uint32 to be filled again)
  narrowTimes(narrowed);
  narrowLines(narrowed);
  if (n === c.timeMs.length) return narrowed;
  const cut = <T extends { slice(s: number, e: number): T }>(a: T): T => a.slice(0, n);
  const opt = <T extends { slice(s: number, e: number): T }>(a: T | null): T | null =>
    a === null ? null : a.slice(0, n);
  return {
    ...narrowed,
    timeMs: narrowed.timeBase !== undefined ? narrowed.timeMs : cut(v.timeMs),
    subNs: opt(narrowed.subNs),
    level: cut(v.level),
    idFlags: cut(v.idFlags),
    format: cut(v.format),
    trace: cut(v.trace),
    thread: cut(v.thread),
    service: opt(v.service),
    correlation: opt(v.correlation),
    spanHi: cut(v.spanHi),
    spanLo: cut(v.spanLo),
    parentHi: opt(v.parentHi),
    parentLo: opt(v.parentLo),
    location: opt(v.location),
    traceWords: c.traceWords === null ? null : c.traceWords.slice(0, n * 4),
    line: narrowed.lineFirst !== undefined ? narrowed.line : cut(v.line),
    offset: cut(narrowed.offset),
    length: cut(narrowed.length),
  };
}

/** Whether a[0, n) holds a key (not only NONE). */
function anyKey(a: KeyColumn, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== NONE) return true;
  return false;
}

/** Whether a record of flags[0, n) has a parent span id. */
function anyParent(flags: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if ((flags[i]! & (F_PARENT_PACKED | F_PARENT_TEXT)) !== 0) return true;
  return false;
}

/**
 * A key column in the narrowest array that holds its first `n` values exactly: Uint8 or Uint16 when every key
 * is below 2^8 or 2^16 and none is NONE, else the column as it is. Keys are read, never written, afterwards.
 */
export function narrowKeys(a: KeyColumn, n: number): KeyColumn {
  if (!(a instanceof Int32Array)) return a;
  const max = keyMax(a, n);
  if (max < 0) return a;
  if (max <= 0xff) return new Uint8Array(a.subarray(0, n));
  if (max <= 0xffff) return new Uint16Array(a.subarray(0, n));
  return a;
}

// The loops of the narrowing functions live in functions of their own. A narrowing function runs once per chunk
// and column, so V8 optimises it in the middle of its first loop (on-stack replacement), before the code after
// the loop has run even once: that code then has no type feedback, and the optimised function is thrown away
// where it starts, chunk after chunk (90 such deoptimisations in one run of a 256 MiB file). A loop alone has
// seen all of its code by the time it is optimised.

/** The largest of a[0, n) (0 when n is 0), or -1 when one is negative (NONE). */
function keyMax(a: Int32Array, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) {
    const k = a[i]!;
    if (k < 0) return -1;
    if (k > max) max = k;
  }
  return max;
}

/** An Int32 `timeMs` offset that stands for no time (NaN). */
export const TIME_NONE = -0x80000000;

/** Makes `timeMs` Int32 offsets from `timeBase` when every time of the chunk fits one exactly (see ChunkColumns). */
export function narrowTimes(c: ChunkColumns): void {
  const t = c.timeMs,
    n = c.count;
  if (!(t instanceof Float64Array) || c.timeBase !== undefined) return;
  const base = offsetBase(t, n);
  if (base === Infinity) return;
  c.timeMs = timeOffsets(t, n, base);
  c.timeBase = Number.isNaN(base) ? 0 : base;
}

/** The first time of t[0, n) (NaN: none), or Infinity when one is not a whole number of ms within Int32 of it. */
function offsetBase(t: Float64Array, n: number): number {
  let base = NaN;
  for (let i = 0; i < n; i++) {
    const x = t[i]!;
    if (Number.isNaN(x)) continue;
    if (Number.isNaN(base)) base = x;
    const d = x - base;
    if (!Number.isInteger(d) || d <= TIME_NONE || d > 0x7fffffff) return Infinity;
  }
  return base;
}

function timeOffsets(t: Float64Array, n: number, base: number): Int32Array {
  const rel = new Int32Array(n);
  for (let i = 0; i < n; i++) rel[i] = Number.isNaN(t[i]!) ? TIME_NONE : t[i]! - base;
  return rel;
}

/** Record `row`'s time in ms (NaN: none), whichever way the chunk holds times. */
export function timeAt(c: ChunkColumns, row: number): number {
  const t = c.timeMs[row]!,
    b = c.timeBase;
  return b === undefined ? t : t === TIME_NONE ? NaN : b + t;
}

/** Makes `line` Uint16 offsets from the chunk's first line when every line of the chunk is within 65,535 of it. */
export function narrowLines(c: ChunkColumns): void {
  const l = c.line,
    n = c.count;
  if (!(l instanceof Uint32Array) || c.lineFirst !== undefined || n === 0) return;
  const first = l[0]!;
  if (!linesWithin(l, n, first)) return;
  c.line = lineOffsets(l, n, first);
  c.lineFirst = first;
}

/** Whether every line of l[0, n) is within 65,535 after `first`. */
function linesWithin(l: Uint32Array, n: number, first: number): boolean {
  for (let i = 0; i < n; i++) {
    const d = l[i]! - first;
    if (d < 0 || d > 0xffff) return false;
  }
  return true;
}

function lineOffsets(l: Uint32Array, n: number, first: number): Uint16Array {
  const rel = new Uint16Array(n);
  for (let i = 0; i < n; i++) rel[i] = l[i]! - first;
  return rel;
}

/** Record `row`'s 1-based line, whichever way the chunk holds lines. */
export function lineAt(c: ChunkColumns, row: number): number {
  const f = c.lineFirst;
  return f === undefined ? c.line[row]! : f + c.line[row]!;
}

/** Largest value a Uint32 offset or length column holds. */
const U32_MAX = 0xffffffff;

/** The column as Uint32s when its first `n` values all fit (offsets and lengths below 4 GiB, none -1). */
export function narrowU32(a: Float64Array | Uint32Array, n: number): Float64Array | Uint32Array {
  if (a instanceof Uint32Array || !allWithin(a, n, U32_MAX)) return a;
  return new Uint32Array(a.subarray(0, n));
}

/** Lengths as Uint16s when every one of the first `n` is below 64 KiB, else as `narrowU32` gives them. */
export function narrowLengths(
  a: Float64Array | Uint32Array | Uint16Array,
  n: number,
): Float64Array | Uint32Array | Uint16Array {
  if (a instanceof Uint16Array) return a;
  if (!allWithin(a, n, 0xffff)) return narrowU32(a, n);
  return new Uint16Array(a.subarray(0, n));
}

/** Whether each of a[0, n) is in [0, max] (none is NaN). */
function allWithin(a: Float64Array | Uint32Array, n: number, max: number): boolean {
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    if (!(x >= 0 && x <= max)) return false;
  }
  return true;
}

/** null when the first `n` sub-millisecond values are all 0 (logs with millisecond times cost no column). */
function subNsOrNull(a: Int32Array | null, n: number): Int32Array | null {
  if (a === null) return null;
  for (let i = 0; i < n; i++) if (a[i] !== 0) return a;
  return null;
}

/** Sets row `i`'s length, widening a narrow column (to Float64: rare, a continuation past its range) when needed. */
export function setLength(c: ChunkColumns, i: number, length: number): void {
  const a = c.length;
  const max = a instanceof Uint16Array ? 0xffff : a instanceof Uint32Array ? U32_MAX : Infinity;
  if (!(length >= 0 && length <= max)) c.length = Float64Array.from(a);
  c.length[i] = length;
}

/** Makes a sent chunk ready to be filled again from row 0 (columns that are not written for every row are cleared). */
export function recycleChunk(c: ChunkColumns): void {
  c.count = 0;
  c.trace.fill(NONE);
  c.thread.fill(NONE);
  c.service?.fill(NONE);
  c.correlation?.fill(NONE);
  c.location?.fill(NONE);
  c.parentHi?.fill(0);
  c.parentLo?.fill(0);
  delete c.objects;
}
