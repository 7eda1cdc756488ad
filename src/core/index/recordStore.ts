// The RecordStore: column chunks from every source in read order, one string table, one location table,
// reported spans, and a reader per source so whole records are parsed again only when asked for.

import { closeSync, openSync, readSync } from 'node:fs';
import type { LogRecord, Position, SourceLocation, Span } from '../model';
import { withContinuation } from '../formats/continuation';
import { PLAIN_FORMAT } from '../formats/text';
import { continuationText, joinPieces } from '../formats/unwrap';
import type { SourceSummary } from '../model';
import { ChunkBuilder, internTraceWords, LOCATION_DEFERRED, LocationTable, packedHex } from './builder';
import {
  F_ERROR,
  F_PARENT_PACKED,
  F_PARENT_TEXT,
  F_SPAN_PACKED,
  F_SPAN_TEXT,
  lineAt,
  narrowKeys,
  narrowLines,
  narrowTimes,
  newChunk,
  TIME_NONE,
  timeAt,
  type ChunkColumns,
  type KeyColumn,
  type StoredChunk,
} from './columns';
import { DeferredLocations } from './deferredLocations';
import { MessagePlan, messageFirstLine, skimRecordMessage } from './messageReader';
import type { IndexHooks } from './hooks';
import { StringTable, type StringBatch } from './interner';
import { DepthTracker, type BadLine, type LineStats } from './lineIndexer';
import { NONE, type RecordColumns, type RecordStore } from './types';

/** Where a source's bytes can be read again. */
export interface ByteReader {
  read(offset: number, length: number): Buffer;
  close(): void;
}

export class FileReader implements ByteReader {
  private fd: number | null = null;
  constructor(
    readonly path: string,
    private readonly onClose?: () => void,
  ) {}
  read(offset: number, length: number): Buffer {
    if (this.fd === null) this.fd = openSync(this.path, 'r');
    const b = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, b, got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return b.subarray(0, got);
  }
  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        /* already gone */
      }
      this.fd = null;
    }
    this.onClose?.();
  }
}

/**
 * A stream's bytes, kept in the arrival chunks (never concatenated). Chunks wholly before the oldest record
 * still kept are released (`dropBefore`), so a stream with a record cap holds a bounded number of bytes.
 */
export class MemoryReader implements ByteReader {
  private parts: Buffer[] = [];
  private starts: number[] = [];
  /** Parts before this index are released (compacted away once they are half the list). */
  private head = 0;
  /** Bytes before this offset were released. */
  releasedTo = 0;
  size = 0;
  /** Bytes still held. */
  retained = 0;
  add(b: Buffer): void {
    this.parts.push(b);
    this.starts.push(this.size);
    this.size += b.length;
    this.retained += b.length;
  }
  /** Releases every arrival chunk that ends at or before `offset`. */
  dropBefore(offset: number): void {
    let h = this.head;
    while (h < this.parts.length && this.starts[h] + this.parts[h].length <= offset) {
      this.retained -= this.parts[h].length;
      this.releasedTo = this.starts[h] + this.parts[h].length;
      this.parts[h] = EMPTY;
      h++;
    }
    this.head = h;
    if (h > 1024 && h * 2 > this.parts.length) {
      this.parts = this.parts.slice(h);
      this.starts = this.starts.slice(h);
      this.head = 0;
    }
  }
  read(offset: number, length: number): Buffer {
    if (offset < this.releasedTo) throw new RangeError(`bytes at ${offset} were released (the record was evicted)`);
    const out: Buffer[] = [];
    let i = Math.max(this.head, upperBound(this.starts, offset) - 1);
    let at = offset;
    const end = Math.min(offset + length, this.size);
    while (i >= 0 && i < this.parts.length && at < end) {
      const p = this.parts[i],
        s = this.starts[i];
      const from = at - s,
        to = Math.min(p.length, end - s);
      if (from < to) out.push(p.subarray(from, to));
      at = s + to;
      i++;
    }
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }
  close(): void {
    this.parts.length = 0;
    this.starts.length = 0;
    this.head = 0;
    this.retained = 0;
  }
}

const EMPTY = Buffer.alloc(0);

/** Bytes read at most in one go for `messages()`, and the gap allowed between the records of one read. */
const WINDOW_BYTES = 4 * 1024 * 1024;
const WINDOW_SLACK = 64 * 1024;
/** Read-ahead of `rawSync`/`message` asks in source order: after this many in a row, windows of this size. */
const AHEAD_AFTER = 8;
const AHEAD_BYTES = 256 * 1024;
const AHEAD_GAP = 64 * 1024;

function upperBound(a: number[], x: number): number {
  let lo = 0,
    hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m] <= x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** A source's accounting, as the store keeps it while indexing. */
export class SourceState {
  lines = 0;
  recordLines = 0;
  records = 0;
  spans = 0;
  continuationLines = 0;
  badLines: BadLine[] = [];
  formats: Record<string, number> = Object.create(null);
  invalidUtf8Lines: number[] = [];
  notes: string[] = [];
  bytes = 0;
  bytesDone = 0;
  done = false;
  error: string | null = null;
  started = Date.now();
  elapsedMs = 0;
  fastLines = 0;
  slowLines = 0;
  /** Records of this source evicted (the session's record cap). */
  evicted = 0;
  /** Counts of the indexer still running on this source (summaries add them in). */
  live: { syncCounts(): LineStats } | null = null;
  constructor(
    readonly index: number,
    readonly name: string,
    readonly kind: 'file' | 'stream',
    public reader: ByteReader | null,
  ) {}

  /** Adds the counts of a range indexed with line numbers starting after `lineBase`. */
  addStats(st: LineStats, lineBase: number): void {
    this.lines += st.lines;
    this.recordLines += st.recordLines;
    this.records += st.records;
    this.continuationLines += st.continuationLines;
    for (const b of st.badLines) this.badLines.push(lineBase === 0 ? b : { line: b.line + lineBase, reason: b.reason });
    for (const l of st.invalidUtf8Lines) this.invalidUtf8Lines.push(l + lineBase);
    for (const n of st.notes) if (this.notes.length < 1000) this.notes.push(n);
    for (const f in st.formats) this.formats[f] = (this.formats[f] ?? 0) + st.formats[f];
    this.fastLines += st.fastLines;
    this.slowLines += st.slowLines;
  }

  summary(): SourceSummary {
    if (this.live !== null) {
      const l = this.live.syncCounts();
      const withLive = new SourceState(this.index, this.name, this.kind, null);
      Object.assign(withLive, this, {
        live: null,
        badLines: this.badLines.slice(),
        formats: { ...this.formats },
        invalidUtf8Lines: [],
        notes: [],
      });
      withLive.addStats(l, 0);
      return withLive.summary();
    }
    return {
      name: this.name,
      kind: this.kind,
      lines: this.lines,
      recordLines: this.recordLines,
      records: this.records,
      spans: this.spans,
      continuationLines: this.continuationLines,
      badLines: this.badLines.slice().sort((a, b) => a.line - b.line),
      formats: { ...this.formats },
      bytes: this.bytes,
      bytesDone: this.bytesDone,
      done: this.done,
      error: this.error,
      elapsedMs: this.done ? this.elapsedMs : Date.now() - this.started,
      ...(this.evicted > 0 ? { evicted: this.evicted } : {}),
    };
  }
}

/**
 * Column storage with the RecordStore contract. Sources append through `builderFor` (shared tables, chunks
 * appended in place) or `appendChunks` (a worker's chunks, re-interned).
 */
export class ColumnStore implements RecordStore {
  readonly strings = new StringTable();
  readonly locationTable = new LocationTable();
  readonly chunks: StoredChunk[] = [];
  readonly spans: Span[] = [];
  private readonly spanSource: number[] = [];
  private readonly spanLine: number[] = [];
  private readonly spanOffset: number[] = [];
  readonly sourceStates: SourceState[] = [];
  private readonly listeners = new Set<(from: number, to: number) => void>();
  private lastChunk = 0;
  private spanKeyCache = new Map<ChunkColumns, Int32Array>();
  private parentKeyCache = new Map<ChunkColumns, Int32Array>();
  private notified = 0;
  /** Chunks whose records are all evicted, freed once nothing appends to them any more. */
  private readonly unfreed = new Set<StoredChunk>();

  constructor(readonly hooks: IndexHooks) {}

  get count(): number {
    const n = this.chunks.length;
    if (n === 0) return 0;
    const last = this.chunks[n - 1];
    return last.base + last.cols.count;
  }

  // ── appending ──

  addSource(name: string, kind: 'file' | 'stream', reader: ByteReader | null): SourceState {
    const s = new SourceState(this.sourceStates.length, name, kind, reader);
    this.sourceStates.push(s);
    return s;
  }

  /** A builder whose records go straight into this store for `source`. */
  builderFor(source: SourceState, chunkRecords?: number): ChunkBuilder {
    return new ChunkBuilder({
      strings: this.strings,
      locations: this.locationTable,
      chunkRecords,
      onChunk: (c) => this.chunks.push({ cols: c, base: this.count, source: source.index }),
      // a chunk may grow only while it is the store's last one (ids stay dense and in order)
      canAppend: (c) => this.chunks.length > 0 && this.chunks[this.chunks.length - 1].cols === c,
    });
  }

  /** Appends chunks built with their own tables (a worker's), re-interning their strings and locations. */
  appendChunks(
    source: SourceState,
    cols: ChunkColumns[],
    strings: StringBatch,
    locations: SourceLocation[],
    lineBase: number,
  ): void {
    const remap = this.internAll(strings, []);
    const locMap = this.internLocations(locations, []);
    for (const c of cols) this.appendChunk(source, c, remap, locMap, lineBase);
  }

  /**
   * Keys in this store of a worker's strings [from, to) of the batch, appended to `into` (a worker sends each
   * string once).
   */
  internAll(batch: StringBatch, into: number[], from = 0, to = batch.strings.length): number[] {
    const { strings, hexAt, hexWords } = batch;
    const end = Math.min(to, strings.length);
    // hexAt is ascending: find the first id held as words at or after `from`
    let h = 0;
    while (h < hexAt.length && hexAt[h] < from) h++;
    for (let i = from; i < end; i++) {
      if (h < hexAt.length && hexAt[h] === i) {
        into.push(this.strings.internWords(hexWords, h * 4));
        h++;
      } else into.push(this.strings.intern(strings[i]));
    }
    return into;
  }

  internLocations(locations: readonly SourceLocation[], into: number[]): number[] {
    for (let i = 0; i < locations.length; i++) into.push(this.locationTable.intern(locations[i]));
    return into;
  }

  /**
   * Appends one finished chunk of a range: `remap`/`locMap` give this store's key for each key of the tables it
   * was built with (a worker's), null when it was built with this store's own.
   */
  appendChunk(
    source: SourceState,
    c: ChunkColumns,
    remap: readonly number[] | null,
    locMap: readonly number[] | null,
    lineBase: number,
  ): void {
    if (c.count === 0) return;
    const n = c.count;
    if (remap !== null && locMap !== null) remapKeys(c, remap, locMap);
    // a worker's trace ids that came as words (its batches do not intern them: this is the one time they are)
    if (c.traceWords !== null) {
      internTraceWords(this.strings, c.trace as Int32Array, c.traceWords, n);
      c.traceWords = null;
    }
    // a worker's chunk may come with its lines as offsets already (see `sendableChunk`)
    if (lineBase !== 0 && c.lineFirst !== undefined) c.lineFirst += lineBase;
    else if (lineBase !== 0) for (let i = 0; i < n; i++) c.line[i] += lineBase;
    // nothing appends to a merged chunk: its keys can take the narrowest arrays that hold them
    narrowTimes(c);
    narrowLines(c);
    c.format = narrowKeys(c.format, n);
    c.trace = narrowKeys(c.trace, n);
    c.thread = narrowKeys(c.thread, n);
    if (c.service !== null) c.service = narrowKeys(c.service, n);
    if (c.correlation !== null) c.correlation = narrowKeys(c.correlation, n);
    this.chunks.push({ cols: c, base: this.count, source: source.index });
  }

  /** Appends reported spans of a source, with the (range-relative) lines they were read from. */
  addSpans(
    source: SourceState,
    spans: readonly Span[],
    lines: readonly number[] | null,
    offsets: readonly number[] | null,
    lineBase = 0,
  ): void {
    for (let i = 0; i < spans.length; i++) {
      this.spans.push(spans[i]);
      this.spanSource.push(source.index);
      this.spanLine.push(lines ? lines[i] + lineBase : 0);
      this.spanOffset.push(offsets ? offsets[i] : -1);
    }
    source.spans += spans.length;
  }

  /** Where span `index` (of `spans`) was read: null for spans that arrived as documents out of band. */
  spanPosition(index: number): Position | null {
    const line = this.spanLine[index];
    if (line === undefined || line === 0) return null;
    return { source: this.sourceStates[this.spanSource[index]]?.name ?? '', line, offset: this.spanOffset[index] };
  }

  /** Tells listeners about records appended since the last call. */
  notify(): void {
    const to = this.count;
    if (to === this.notified) return;
    const from = this.notified;
    this.notified = to;
    for (const l of this.listeners) l(from, to);
  }

  /**
   * Frees the columns of every chunk whose records all lie below `id` (a session that evicts oldest first).
   * Later ids keep their numbers; reading an evicted id throws a RangeError.
   */
  evictBefore(id: number): void {
    const ids: number[] = [];
    for (const sc of this.chunks) {
      if (sc.base >= id) break;
      for (let r = sc.dead ?? 0; r < sc.cols.count && sc.base + r < id; r++) ids.push(sc.base + r);
    }
    this.evictRecords(ids);
  }

  /**
   * Evicts records (ids ascending, each once): their parsed objects go at once, a chunk's columns once all its
   * records are gone and nothing appends to it, and a stream's bytes up to its oldest kept record. Stream
   * records are evicted oldest first per source, so what a source keeps is a suffix of what it read.
   */
  evictRecords(ids: ArrayLike<number>): void {
    const touched = new Set<StoredChunk>();
    const releaseTo = new Map<number, number>();
    let sc: StoredChunk | undefined;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (sc === undefined || id < sc.base || id >= sc.base + sc.cols.count) {
        sc = this.chunkOf(id);
        if (sc === undefined || sc.evicted) {
          sc = undefined;
          continue;
        }
      }
      const row = id - sc.base;
      sc.dead = (sc.dead ?? 0) + 1;
      sc.cols.objects?.delete(row);
      touched.add(sc);
      const state = this.sourceStates[sc.source];
      if (state !== undefined) state.evicted++;
      const off = sc.cols.offset[row];
      if (off >= 0) releaseTo.set(sc.source, off + sc.cols.length[row]);
    }
    for (const c of touched) if (c.dead! >= c.cols.count) this.unfreed.add(c);
    for (const c of this.unfreed) {
      // never the chunk a live source is still appending to
      if (c === this.chunks[this.chunks.length - 1]) continue;
      this.unfreed.delete(c);
      this.freeChunk(c);
    }
    for (const [source, offset] of releaseTo) {
      const reader = this.sourceStates[source]?.reader;
      if (reader instanceof MemoryReader) reader.dropBefore(offset);
    }
  }

  private freeChunk(sc: StoredChunk): void {
    const count = sc.cols.count;
    this.spanKeyCache.delete(sc.cols);
    this.parentKeyCache.delete(sc.cols);
    sc.cols = { ...newChunk(0), count };
    sc.evicted = true;
  }

  private chunkOf(id: number): StoredChunk | undefined {
    const chunks = this.chunks;
    let lo = 0,
      hi = chunks.length - 1;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (chunks[m].base <= id) lo = m;
      else hi = m - 1;
    }
    const c = chunks[lo];
    return c !== undefined && id >= c.base && id < c.base + c.cols.count ? c : undefined;
  }

  /** What the store holds: column chunks still allocated and their bytes, and stream bytes kept for reading. */
  memory(): { chunks: number; evictedChunks: number; columnBytes: number; streamBytes: number } {
    let chunks = 0,
      evictedChunks = 0,
      columnBytes = 0,
      streamBytes = 0;
    for (const sc of this.chunks) {
      if (sc.evicted) {
        evictedChunks++;
        continue;
      }
      chunks++;
      for (const v of Object.values(sc.cols)) if (ArrayBuffer.isView(v)) columnBytes += v.byteLength;
    }
    for (const s of this.sourceStates) if (s.reader instanceof MemoryReader) streamBytes += s.reader.retained;
    return { chunks, evictedChunks, columnBytes, streamBytes };
  }

  /** The last record of a source, as [chunk, row], or null. */
  lastRecordOf(source: number): [ChunkColumns, number] | null {
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      const c = this.chunks[i];
      if (c.source === source && c.cols.count > 0) return c.evicted ? null : [c.cols, c.cols.count - 1];
    }
    return null;
  }

  clear(): void {
    this.ahead = this.lastReader = null;
    for (const s of this.sourceStates) s.reader?.close();
    this.sourceStates.length = 0;
    this.chunks.length = 0;
    this.spans.length = 0;
    this.spanSource.length = 0;
    this.spanLine.length = 0;
    this.spanOffset.length = 0;
    this.spanKeyCache.clear();
    this.parentKeyCache.clear();
    this.lastChunk = 0;
    this.notified = 0;
    this.unfreed.clear();
  }

  // ── reading ──

  private row = 0;

  /** The chunk holding record `id`; sets `this.row`. Sequential access hits the cached chunk. */
  private at(id: number): StoredChunk {
    const c = this.locate(id);
    if (c.evicted) throw new RangeError(`record ${id} was evicted`);
    this.row = id - c.base;
    return c;
  }

  /** The chunk holding record `id`, evicted or not. */
  private locate(id: number): StoredChunk {
    const chunks = this.chunks;
    let c = chunks[this.lastChunk];
    if (c === undefined || id < c.base || id >= c.base + c.cols.count) {
      let lo = 0,
        hi = chunks.length - 1;
      while (lo < hi) {
        const m = (lo + hi + 1) >> 1;
        if (chunks[m].base <= id) lo = m;
        else hi = m - 1;
      }
      c = chunks[lo];
      if (c === undefined || id < c.base || id >= c.base + c.cols.count) throw new RangeError(`no record ${id}`);
      this.lastChunk = lo;
    }
    return c;
  }

  timeMs(id: number): number {
    const c = this.at(id).cols;
    return timeAt(c, this.row);
  }
  timeSubMsNs(id: number): number {
    const c = this.at(id).cols;
    return c.subNs === null ? 0 : c.subNs[this.row];
  }
  level(id: number): number {
    const c = this.at(id).cols;
    return c.level[this.row];
  }
  traceKey(id: number): number {
    const c = this.at(id).cols;
    return c.trace[this.row];
  }
  correlationKey(id: number): number {
    const c = this.at(id).cols;
    return c.correlation === null ? NONE : c.correlation[this.row];
  }
  threadKey(id: number): number {
    const c = this.at(id).cols;
    return c.thread[this.row];
  }
  serviceKey(id: number): number {
    const c = this.at(id).cols;
    return c.service === null ? NONE : c.service[this.row];
  }
  formatKey(id: number): number {
    const c = this.at(id).cols;
    return c.format[this.row];
  }
  string(key: number): string {
    return this.strings.get(key);
  }
  findString(s: string): number {
    const k = this.strings.find(s);
    return k < 0 ? NONE : k;
  }
  compareStrings(a: number, b: number): number {
    return this.strings.compareKeys(a, b);
  }
  hasError(id: number): boolean {
    const c = this.at(id).cols;
    return (c.idFlags[this.row] & F_ERROR) !== 0;
  }

  readColumns(from: number, to: number, out: RecordColumns): void {
    if (to - from > out.capacity) throw new RangeError(`${to - from} records do not fit ${out.capacity} rows`);
    let id = from;
    while (id < to) {
      const sc = this.locate(id),
        c = sc.cols;
      const r0 = id - sc.base,
        r1 = Math.min(c.count, to - sc.base),
        o = id - from,
        n = r1 - r0;
      id += n;
      out.source.fill(sc.source, o, o + n);
      if (sc.evicted) {
        out.timeMs.fill(NaN, o, o + n);
        out.subNs.fill(0, o, o + n);
        out.level.fill(0, o, o + n);
        out.error.fill(0, o, o + n);
        for (const k of [out.trace, out.correlation, out.thread, out.service]) k.fill(NONE, o, o + n);
        continue;
      }
      readTimes(c, r0, r1, out.timeMs, o);
      if (c.subNs === null) out.subNs.fill(0, o, o + n);
      else out.subNs.set(c.subNs.subarray(r0, r1), o);
      out.level.set(c.level.subarray(r0, r1), o);
      const flags = c.idFlags,
        error = out.error;
      for (let r = r0; r < r1; r++) error[o + r - r0] = (flags[r]! & F_ERROR) !== 0 ? 1 : 0;
      readKeys(c.trace, r0, r1, out.trace, o);
      readKeys(c.correlation, r0, r1, out.correlation, o);
      readKeys(c.thread, r0, r1, out.thread, o);
      readKeys(c.service, r0, r1, out.service, o);
    }
  }

  /** Span IDs are stored as two 32-bit words; their string key is made on first use and cached per chunk. */
  spanKey(id: number): number {
    const c = this.at(id).cols,
      r = this.row,
      f = c.idFlags[r];
    if (f & F_SPAN_TEXT) return c.spanLo[r];
    if (!(f & F_SPAN_PACKED)) return NONE;
    return this.packedKey(this.spanKeyCache, c, r, c.spanHi[r], c.spanLo[r]);
  }

  parentSpanKey(id: number): number {
    const c = this.at(id).cols,
      r = this.row,
      f = c.idFlags[r];
    if (f & F_PARENT_TEXT) return c.parentLo![r];
    if (!(f & F_PARENT_PACKED)) return NONE;
    return this.packedKey(this.parentKeyCache, c, r, c.parentHi![r], c.parentLo![r]);
  }

  private packedKey(cache: Map<ChunkColumns, Int32Array>, c: ChunkColumns, r: number, hi: number, lo: number): number {
    let keys = cache.get(c);
    if (keys === undefined) {
      keys = new Int32Array(c.timeMs.length).fill(NONE);
      cache.set(c, keys);
    }
    let k = keys[r];
    if (k === NONE) k = keys[r] = this.strings.intern(packedHex(hi, lo));
    return k;
  }

  source(id: number): SourceLocation | null {
    const sc = this.at(id),
      c = sc.cols;
    let k = c.location === null ? NONE : c.location[this.row];
    if (k <= LOCATION_DEFERRED) {
      this.deferredLocations ??= new DeferredLocations({
        locationTable: this.locationTable,
        readerOf: (i) => this.sourceStates[i]?.reader ?? null,
        loadSync: (i) => this.loadSync(i),
      });
      k = this.deferredLocations.resolve(sc, this.row, k);
    }
    return k === NONE ? null : this.locationTable.list[k];
  }

  /** Locations the fast path left to the first question that asks (see deferredLocations.ts). */
  private deferredLocations: DeferredLocations | null = null;

  sourceOf(id: number): number {
    return this.at(id).source;
  }

  position(id: number): Position {
    const sc = this.at(id),
      r = this.row;
    return { source: this.sourceStates[sc.source]?.name ?? '', line: lineAt(sc.cols, r), offset: sc.cols.offset[r] };
  }

  /** The message's first line: skimmed from the record's bytes where that decides it (messageReader.ts). */
  message(id: number): string {
    let sc: StoredChunk;
    try {
      sc = this.at(id);
    } catch {
      return this.fullMessage(id);
    }
    const r = this.row,
      c = sc.cols;
    const plan = c.objects?.has(r) ? null : this.messagePlan(c.format[r]);
    const reader = this.sourceStates[sc.source]?.reader;
    if (plan === null || !reader || c.offset[r] < 0) return this.fullMessage(id);
    let buf: Buffer;
    try {
      buf = this.recordBytes(sc, r);
    } catch {
      return this.fullMessage(id);
    }
    return skimRecordMessage(buf, 0, buf.length, plan) ?? this.fullMessage(id);
  }

  /**
   * `message(id)` of each id, in the order given. Runs of ids whose records lie close together in one source
   * are read in one go (a window of bytes), so a whole file's messages cost a few large reads.
   */
  messages(ids: ArrayLike<number>): string[] {
    const out = new Array<string>(ids.length);
    let i = 0;
    while (i < ids.length) {
      const id = ids[i]!;
      let sc: StoredChunk;
      try {
        sc = this.at(id);
      } catch {
        out[i++] = this.fullMessage(id);
        continue;
      }
      const c = sc.cols,
        reader = this.sourceStates[sc.source]?.reader;
      const first = this.row;
      if (!reader || c.offset[first] < 0) {
        out[i++] = this.fullMessage(id);
        continue;
      }
      // the run: ids of this chunk at ascending offsets, within one window of bytes
      const start = c.offset[first];
      let j = i + 1,
        end = start + c.length[first],
        used = c.length[first];
      for (; j < ids.length; j++) {
        const row = ids[j]! - sc.base;
        if (row < 0 || row >= c.count) break;
        const off = c.offset[row],
          len = c.length[row];
        if (off < end || off + len - start > WINDOW_BYTES || off + len - start > 4 * (used + len) + WINDOW_SLACK) break;
        end = off + len;
        used += len;
      }
      let buf: Buffer | null = null;
      try {
        buf = reader.read(start, end - start);
      } catch {
        // not readable any more: each record takes the full path (which says why)
      }
      for (let k = i; k < j; k++) {
        const row = ids[k]! - sc.base;
        const plan = buf === null || c.objects?.has(row) ? null : this.messagePlan(c.format[row]);
        const s = c.offset[row] - start;
        const m =
          plan === null || s + c.length[row] > buf!.length
            ? undefined
            : skimRecordMessage(buf!, s, s + c.length[row], plan);
        out[k] = m ?? this.fullMessage(ids[k]!);
      }
      i = j;
    }
    return out;
  }

  /** How each format's message is skimmed (null: that format's records take the full path), by format key. */
  private readonly messagePlans = new Map<number, MessagePlan | null>();

  private messagePlan(format: number): MessagePlan | null {
    let p = this.messagePlans.get(format);
    if (p === undefined) {
      const rules = format === NONE ? null : (this.hooks.messageRules?.(this.string(format)) ?? null);
      this.messagePlans.set(format, (p = rules === null ? null : new MessagePlan(rules)));
    }
    return p;
  }

  /** The message's first line from the record as `load()` gives it: the reference `message()` agrees with. */
  fullMessage(id: number): string {
    let rec: LogRecord;
    try {
      rec = this.loadSync(id);
    } catch (e) {
      return `[record unavailable: ${(e as Error).message}]`;
    }
    return messageFirstLine(rec.message);
  }

  async load(id: number): Promise<LogRecord> {
    return this.loadSync(id);
  }

  async raw(id: number): Promise<string> {
    return this.rawSync(id);
  }

  rawSync(id: number): string {
    const sc = this.at(id);
    return this.recordBytes(sc, this.row).toString('utf8');
  }

  /** A window read ahead for asks that go through a source in order; where the last ask's record lay. */
  private ahead: { reader: ByteReader; start: number; buf: Buffer } | null = null;
  private lastReader: ByteReader | null = null;
  private lastStart = -1;
  private lastEnd = -1;
  private inOrder = 0;

  /**
   * The bytes of row `r` of `sc`. Asks that go through a source in order (a filter deciding every record, one at
   * a time) are served from a window read ahead once a few came in a row; other asks read their record alone.
   */
  private recordBytes(sc: StoredChunk, r: number): Buffer {
    const reader = this.sourceStates[sc.source]?.reader;
    if (!reader) throw new Error('source closed');
    const off = sc.cols.offset[r],
      len = sc.cols.length[r];
    // in order: the same record again (its raw text, then its message) or one a little further on
    const near = reader === this.lastReader && off >= this.lastStart && off - this.lastEnd <= AHEAD_GAP;
    this.inOrder = near ? this.inOrder + 1 : 0;
    this.lastReader = reader;
    this.lastStart = off;
    this.lastEnd = off + len;
    const w = this.ahead;
    if (w !== null && w.reader === reader && off >= w.start && off + len <= w.start + w.buf.length)
      return w.buf.subarray(off - w.start, off - w.start + len);
    if (this.inOrder < AHEAD_AFTER || len >= AHEAD_BYTES) return reader.read(off, len);
    const buf = reader.read(off, AHEAD_BYTES);
    if (buf.length < len) return reader.read(off, len);
    this.ahead = { reader, start: off, buf };
    return buf.subarray(0, len);
  }

  loadSync(id: number): LogRecord {
    const sc = this.at(id),
      r = this.row;
    const obj = sc.cols.objects?.get(r);
    if (obj !== undefined) return obj;
    const text = this.rawSync(id);
    return recordFromText(text, this.hooks, this.string(sc.cols.format[r]) === PLAIN_FORMAT);
  }

  sources(): SourceSummary[] {
    return this.sourceStates.map((s) => s.summary());
  }

  onAppend(listener: (fromId: number, toId: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The slow path for one record's text (its line and continuation lines), as `load()` gives it: the first
 * line parsed and normalised (or the whole text when it is a multi-line document, or a text record), with
 * its continuation lines attached by `withContinuation` (a trace to `error`, other lines to the message).
 */
export function recordFromText(text: string, hooks: IndexHooks, plain = false): LogRecord {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.endsWith('\n')) body = body.slice(0, body.endsWith('\r\n') ? -2 : -1);
  const nl = body.indexOf('\n');
  let first = nl < 0 ? body : body.slice(0, nl);
  if (first.endsWith('\r')) first = first.slice(0, -1);
  let rest = nl < 0 ? '' : body.slice(nl + 1);
  const piece = hooks.unwrapPiece(first);
  const payload = piece === null ? null : piece.text;
  let inner = payload ?? first;
  if (piece !== null && piece.partial) {
    // a line the container runtime split: its later pieces are in the text (with other streams' lines between)
    const joined = joinPieces(piece, rest.split('\n'), hooks.unwrapPiece);
    inner = joined.text;
    rest = joined.rest.join('\n');
  }
  const lead = inner.trimStart();
  let rec: LogRecord | null = null;
  let usedAll = false;
  if (lead.startsWith('{') || lead.startsWith('[')) {
    const p = hooks.parseJson(inner);
    if (p.ok) rec = hooks.normalizeValue(p.value).records[0] ?? null;
    else if (payload === null) {
      const whole = hooks.parseJson(body);
      if (whole.ok) {
        rec = hooks.normalizeValue(whole.value).records[0] ?? null;
        usedAll = true;
      } else {
        // a multi-line document with continuation lines after it (a stack trace printed below it): the
        // document ends where the indexer saw it end
        const bytes = Buffer.from(body, 'utf8');
        const depth = new DepthTracker();
        depth.feed(bytes, 0, bytes.length);
        const nlAfter = depth.closedAt < 0 ? -1 : bytes.indexOf(10, depth.closedAt);
        const doc = nlAfter < 0 ? null : hooks.parseJson(bytes.toString('utf8', 0, nlAfter));
        if (doc?.ok) {
          rec = hooks.normalizeValue(doc.value).records[0] ?? null;
          rest = bytes.toString('utf8', nlAfter + 1);
        }
      }
    }
  }
  if (rec === null) rec = hooks.textRecord(inner);
  // indexed as a plain-text line of output before the first record
  if (rec === null && plain) rec = hooks.plainRecord(inner);
  if (rec === null) throw new Error('the record no longer parses (the file changed since it was indexed?)');
  if (!usedAll && rest.trim() !== '') {
    // A continuation line is wrapped like the record line (each Docker json-file line is its own envelope):
    // the trace is only recognisable in what the application printed. Lines after an unwrapped record line
    // come from the same unwrapped stream, so they are not tried (message() loads records for every row).
    const cont = payload === null ? rest : continuationText(rest.split('\n'), hooks.unwrapPiece);
    rec = withContinuation(rec, cont);
  }
  return rec;
}

/** Rows [r0, r1) of a chunk's times into `out` from `o`, in ms (NaN: none), whichever way the chunk holds them. */
function readTimes(c: ChunkColumns, r0: number, r1: number, out: Float64Array, o: number): void {
  const t = c.timeMs,
    base = c.timeBase;
  if (base === undefined) {
    out.set(t.subarray(r0, r1), o);
    return;
  }
  for (let r = r0; r < r1; r++) {
    const x = t[r]!;
    out[o + r - r0] = x === TIME_NONE ? NaN : base + x;
  }
}

/** Rows [r0, r1) of a key column into `out` from `o` (NONE where the chunk has no such column). */
function readKeys(col: KeyColumn | null, r0: number, r1: number, out: Int32Array, o: number): void {
  if (col === null) out.fill(NONE, o, o + r1 - r0);
  else out.set(col.subarray(r0, r1), o);
}

/** Maps a worker-built chunk's string and location keys to the store's, in place. */
function remapKeys(c: ChunkColumns, remap: readonly number[], locMap: readonly number[]): void {
  const n = c.count;
  // each loop in a function of its own, so V8 optimises it whole (see columns.ts, narrowKeys)
  remapColumn(c.format, n, remap);
  remapColumn(c.trace, n, remap);
  remapColumn(c.thread, n, remap);
  if (c.service !== null) remapColumn(c.service, n, remap);
  if (c.correlation !== null) remapColumn(c.correlation, n, remap);
  // (LOCATION_DEFERRED stays as it is: resolved later from the bytes)
  if (c.location !== null) remapLocations(c.location, n, locMap);
  remapTextIds(c, n, remap);
}

/** Remaps a worker's keys; NONE and TRACE_WORDS (negative) stay as they are. */
function remapColumn(col: KeyColumn, n: number, remap: readonly number[]): void {
  for (let i = 0; i < n; i++) {
    const k = col[i]!;
    if (k >= 0) col[i] = remap[k]!;
  }
}

function remapLocations(loc: Int32Array, n: number, locMap: readonly number[]): void {
  for (let i = 0; i < n; i++) {
    const l = loc[i]!;
    if (l >= 0) loc[i] = locMap[l]!;
  }
}

/** Span and parent ids held as string keys (ids that are not 16 hex digits). */
function remapTextIds(c: ChunkColumns, n: number, remap: readonly number[]): void {
  const flags = c.idFlags;
  for (let i = 0; i < n; i++) {
    const f = flags[i]!;
    if (f & F_SPAN_TEXT) c.spanLo[i] = remap[c.spanLo[i]!]!;
    if (f & F_PARENT_TEXT) c.parentLo![i] = remap[c.parentLo![i]!]!;
  }
}
