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

export interface ChunkColumns {
  count: number;
  timeMs: Float64Array;
  subNs: Int32Array;
  level: Uint8Array;
  idFlags: Uint8Array;
  format: Int32Array;
  trace: Int32Array;
  thread: Int32Array;
  /** Optional columns (service, correlation, parent, location) exist only once a record of the chunk has a value. */
  service: Int32Array | null;
  correlation: Int32Array | null;
  spanHi: Uint32Array;
  spanLo: Uint32Array;
  parentHi: Uint32Array | null;
  parentLo: Uint32Array | null;
  /** Key into the location table, NONE when the index saw no source location. */
  location: Int32Array | null;
  /** 1-based line of the record's first line. */
  line: Uint32Array;
  /** Byte offset of the record's first line in its source, and bytes up to the end of its last continuation line. */
  offset: Float64Array;
  length: Float64Array;
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
  const used = (a: Int32Array | null): Int32Array | null => {
    if (a === null) return null;
    for (let i = 0; i < n; i++) if (a[i] !== NONE) return a;
    return null;
  };
  let parent = false;
  for (let i = 0; i < n && !parent; i++) parent = (c.idFlags[i] & (F_PARENT_PACKED | F_PARENT_TEXT)) !== 0;
  const v: ChunkColumns = {
    ...c,
    service: used(c.service),
    correlation: used(c.correlation),
    location: used(c.location),
    parentHi: parent ? c.parentHi : null,
    parentLo: parent ? c.parentLo : null,
  };
  if (n === c.timeMs.length) return v;
  const cut = <T extends { slice(s: number, e: number): T }>(a: T): T => a.slice(0, n);
  const opt = <T extends { slice(s: number, e: number): T }>(a: T | null): T | null =>
    a === null ? null : a.slice(0, n);
  return {
    ...v,
    timeMs: cut(v.timeMs),
    subNs: cut(v.subNs),
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
    line: cut(v.line),
    offset: cut(v.offset),
    length: cut(v.length),
  };
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
