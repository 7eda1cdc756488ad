// A thread that reads and scans a file ahead of the calling thread (wasm/aheadWorker.ts). Reading alone, the
// calling thread spends a quarter of its time reading and a third in the WebAssembly line batches; a second full
// index worker costs an isolate, its own optimising compiles and a merge of its tables (no faster below 256 MiB,
// measured). This thread costs none of those: it runs the same module over chunks ahead with a copy of the
// calling thread's module memory (programs and value tables), and the calling thread takes its results as if its
// own module had run them. Whatever the thread cannot finish (a value its tables lack, a line of another shape,
// a line longer than a chunk's tail) is done on the calling thread, exactly as when it reads alone; the table
// entries the calling thread adds meanwhile go to the thread through a log.
//
// The file after the first records is cut into chunks of `chunkBytes`; a chunk holds the lines that start in it.
// Each chunk has a claim word. The calling thread goes through the chunks in order and reads a chunk itself when
// it finds it unclaimed; the thread claims chunks from two past the calling thread's on, so when it falls behind
// (booting, or the calling thread is fast) the calling thread finds the next chunk free instead of waiting, and
// when it is ahead it claimed that chunk long before. The calling thread only waits for a chunk being scanned
// (and gives up on the thread when it stops answering).

import { readSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { AheadBatches, BatchResult, LineIndexer } from './lineIndexer';
import { nextLineStart, readRange, type RangeOptions } from './rangeReader';
import type { BatchPlan } from './wasm/batchPlan';
import {
  C_AHEAD_WAITS,
  C_BEAT,
  C_CALLER_WAITS,
  C_CANCEL,
  C_CONSUMED,
  C_READY,
  CLAIM_CALLER,
  CLAIM_FREE,
  C_STATE,
  CTRL_WORDS,
  F64_COLUMNS,
  H_BYTES,
  H_COMPLETE,
  H_COVERED,
  H_HAS_BYTES,
  H_RECORDS,
  H_START,
  I32_COLUMNS,
  LEFT_COLUMNS,
  MAX_SLOTS,
  R_LS,
  R_ROWS,
  R_SIZE,
  R_STATE,
  RECORD_HEADER_BYTES,
  ROW_BYTES_BEFORE_LEFT,
  S_FAILED,
  S_BOOTING,
  S_FINISHED,
  AHEAD_DEFAULTS,
  LOG_BYTES,
  sharedLayout,
  slotAt,
  U8_COLUMNS,
  type AheadGeometry,
} from './wasm/aheadLayout';
import { aheadThreadAvailable, startAheadThread } from './wasm/aheadThread';
import type { AheadStart } from './wasm/aheadWorker';
import { F_PARENT_PACKED } from './columns';
import { NONE } from './types';
import {
  claimReadBuffer,
  leftValues,
  LEFT_VALUE,
  releaseReadBuffer,
  STOP_JS,
  STOP_MISS,
  wasmScanner,
  type BatchRows,
  type LeftValues,
} from './wasm/wasmScan';

export interface ScanAheadOptions extends Partial<AheadGeometry> {
  /** Files with fewer bytes after their first records are read on the calling thread alone. */
  minBytes?: number;
  /**
   * Testing: wait (up to 20 s) for the thread to run before reading on, so that it takes chunks of a small file
   * (a thread that fails to load its script is not seen failing while this thread waits).
   */
  awaitThread?: boolean;
}

/** The calling thread gives up on a chunk the thread claimed once it has not run a batch for this long. */
const SILENT_MS = 2000;

/** The thread and the memory it shares with the calling thread, for one file. */
export class ScanAhead {
  private readonly g: AheadGeometry;
  private readonly minBytes: number;
  private readonly awaitThread: boolean;
  private shared: SharedArrayBuffer | null = null;
  private ctrl: Int32Array<ArrayBufferLike> = new Int32Array(CTRL_WORDS);
  private claims: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private from = 0;
  private size = 0;
  /** Chunks after the first records, and the programs in the module's slots when the thread got its copy. */
  chunks = 0;
  private slotOf: (Int32Array | null)[] = [];
  private mask = 0;
  private cleared = 0;
  /** The thread stopped answering or failed: the calling thread reads every chunk after. */
  private given = false;
  /** The table log: where its next entry goes, and its entries. */
  private logAt = 0;
  private logEnd = 0;
  private logged = 0;
  /** Chunks the thread scanned and the calling thread took (for tests and the benchmark). */
  taken = 0;

  private constructor(
    private readonly worker: Worker,
    opts: ScanAheadOptions,
  ) {
    this.g = {
      chunkBytes: opts.chunkBytes ?? AHEAD_DEFAULTS.chunkBytes,
      tailBytes: opts.tailBytes ?? AHEAD_DEFAULTS.tailBytes,
      // (the thread leaves the next chunk to the calling thread, so it needs three slots to take any)
      slots: Math.max(3, Math.min(MAX_SLOTS, opts.slots ?? AHEAD_DEFAULTS.slots)),
      recordBytes: opts.recordBytes ?? AHEAD_DEFAULTS.recordBytes,
    };
    this.minBytes = opts.minBytes ?? AHEAD_DEFAULTS.minBytes;
    this.awaitThread = opts.awaitThread === true;
    // its errors end in its state (S_FAILED)
    worker.on('error', () => Atomics.store(this.ctrl, C_STATE, S_FAILED));
  }

  /** Whether a thread can scan ahead here (the module loaded, a thread script is there). */
  static available(): boolean {
    return wasmScanner() !== null && aheadThreadAvailable();
  }

  /**
   * Starts the thread for a file of `size` bytes (it boots while the first records are read), or gives null:
   * no module, no thread script, or a file too small to pay the thread back.
   */
  static start(size: number, opts: ScanAheadOptions = {}): ScanAhead | null {
    if (wasmScanner() === null || size < (opts.minBytes ?? AHEAD_DEFAULTS.minBytes)) return null;
    const worker = startAheadThread();
    return worker === null ? null : new ScanAhead(worker, opts);
  }

  /**
   * Gives the thread the file from `from` (a line start, after the first records) with a copy of the module's
   * memory once `indexer` has loaded its programs. False: nothing to do ahead (the caller reads on alone).
   */
  begin(indexer: LineIndexer, path: string, from: number, size: number): boolean {
    const w = wasmScanner();
    const programs = indexer.aheadPrograms();
    if (w === null || programs === null || from <= 0 || size - from < this.minBytes || w.batch.tableLog !== null) {
      this.close();
      return false;
    }
    this.from = from;
    this.size = size;
    this.chunks = Math.ceil((size - from) / this.g.chunkBytes);
    const layout = sharedLayout(this.g, this.chunks);
    const shared = (this.shared = new SharedArrayBuffer(layout.bytes));
    this.ctrl = new Int32Array(shared, 0, CTRL_WORDS);
    this.claims = new Int32Array(shared, layout.claims, this.chunks);
    this.logAt = layout.log + 8;
    this.logEnd = layout.log + LOG_BYTES;
    this.slotOf = programs.slotOf;
    this.mask = programs.mask;
    this.cleared = w.batch.cleared;
    // the entries this thread's tables get from now on go to the thread too
    w.batch.tableLog = (table, key, len, value) => this.log(layout.log, w.batch.bytes, table, key, len, value);
    const parts = w.stateParts();
    let bytes = 0;
    for (let i = 0; i < parts.length; i += 2) bytes += parts[i + 1] - parts[i];
    const snapshot = new Uint8Array(bytes);
    for (let i = 0, o = 0; i < parts.length; o += parts[i + 1] - parts[i], i += 2)
      snapshot.set(new Uint8Array(w.memory, parts[i], parts[i + 1] - parts[i]), o);
    const start: AheadStart = {
      ...this.g,
      module: w.module,
      snapshot: snapshot.buffer,
      parts,
      shared,
      path,
      from,
      size,
      chunks: this.chunks,
      mask: programs.mask,
      first: programs.first,
    };
    this.worker.postMessage(start, [snapshot.buffer]);
    if (this.awaitThread)
      for (const until = performance.now() + 20_000; performance.now() < until;)
        if (Atomics.wait(this.ctrl, C_STATE, S_BOOTING, 50) !== 'timed-out') break;
    return true;
  }

  /** Appends a table entry to the log (while it has room: the thread then leaves more values to this side). */
  private log(at: number, bytes: Buffer, table: number, key: number, len: number, value: number): void {
    const need = 12 + ((len + 3) & ~3);
    if (this.logAt + need > this.logEnd) return;
    const i32 = new Int32Array(this.shared!, this.logAt, 3);
    i32[0] = table;
    i32[1] = value;
    i32[2] = len;
    new Uint8Array(this.shared!, this.logAt + 12, len).set(bytes.subarray(key, key + len));
    this.logAt += need;
    Atomics.store(new Int32Array(this.shared!, at, 1), 0, ++this.logged);
  }

  /** The end of chunk k: its lines start before it. */
  chunkEnd(k: number): number {
    return Math.min(this.from + (k + 1) * this.g.chunkBytes, this.size);
  }

  /** Bytes of the read buffer a chunk needs on the calling thread. */
  get bufferBytes(): number {
    return this.g.chunkBytes + this.g.tailBytes + 1;
  }

  /**
   * Chunk k as the thread scanned it, or null when the calling thread is to read it itself (claimed here, or the
   * thread is gone). Chunks are asked for in order, each once, and handed back with `release`. While the thread
   * is still on chunk k, `whileWaiting` runs (as long as it has work) before this thread waits.
   */
  claim(k: number, buf: Buffer | null, fd: number, whileWaiting?: () => boolean): AheadChunk | null {
    const c = this.ctrl;
    if (this.shared === null || this.given) return null;
    // (without a read buffer the chunk is read here whoever has it: the thread's results are dropped)
    if (Atomics.compareExchange(this.claims, k, CLAIM_FREE, CLAIM_CALLER) === CLAIM_FREE || buf === null) return null;
    const s = k % this.g.slots;
    let beat = Atomics.load(c, C_BEAT),
      heard = performance.now();
    for (;;) {
      // (the state is read before the slot: a thread that ended filled the slot before it said so)
      const state = Atomics.load(c, C_STATE);
      const ready = Atomics.load(c, C_READY + s);
      if (ready === k + 1) {
        this.taken++;
        return new AheadChunk(this.shared, slotAt(this.g, s), buf, fd, this.slotOf, this.mask, this.cleared);
      }
      if (state === S_FAILED || state === S_FINISHED || performance.now() - heard > SILENT_MS) {
        this.giveUp();
        return null;
      }
      if (!whileWaiting?.()) {
        Atomics.store(c, C_CALLER_WAITS, 1);
        if (Atomics.load(c, C_READY + s) === ready) Atomics.wait(c, C_READY + s, ready, 20);
        Atomics.store(c, C_CALLER_WAITS, 0);
      }
      const b = Atomics.load(c, C_BEAT);
      if (b !== beat) {
        beat = b;
        heard = performance.now();
      }
    }
  }

  /** The calling thread is done with chunk k: its slot may take the next chunk. */
  release(k: number): void {
    Atomics.store(this.ctrl, C_CONSUMED, k + 1);
    if (Atomics.load(this.ctrl, C_AHEAD_WAITS) !== 0) Atomics.notify(this.ctrl, C_CONSUMED);
  }

  private giveUp(): void {
    this.given = true;
    Atomics.store(this.ctrl, C_CANCEL, 1);
    Atomics.notify(this.ctrl, C_CONSUMED);
    const b = wasmScanner()?.batch;
    if (b !== undefined && this.shared !== null) b.tableLog = null;
  }

  close(): void {
    if (this.given) return;
    this.giveUp();
    if (this.shared === null) void this.worker.terminate();
  }
}

interface RecordAt {
  /** Byte offset of the record in the shared memory, its first line, rows, and the line start after it. */
  at: number;
  ls: number;
  rows: number;
  end: number;
}

/** One chunk in its slot: the bytes the thread read and the batches it ran over them. */
export class AheadChunk implements AheadBatches {
  /** File offset of the chunk's first byte (the byte before the chunk), and its bytes. */
  readonly base: number;
  readonly bytes: number;
  /** Its first line start (-1: none in its bytes), where its records end, and whether they reach its end. */
  readonly start: number;
  readonly covered: number;
  readonly complete: boolean;
  private readonly records: RecordAt[] = [];
  private cursor = 0;
  private copied = false;
  private readonly hasBytes: boolean;
  private readonly i32: Int32Array;

  constructor(
    private readonly shared: SharedArrayBuffer,
    private readonly slot: { at: number; bytes: number; records: number },
    /** The calling thread's read buffer (in its module's memory, at the address the thread's buffer has). */
    private readonly buf: Buffer,
    /** The file (bytes the thread did not copy are read again when needed). */
    private readonly fd: number,
    private readonly slotOf: readonly (Int32Array | null)[],
    private readonly mask: number,
    private readonly cleared: number,
  ) {
    const i32 = (this.i32 = new Int32Array(shared));
    this.base = new Float64Array(shared)[slot.at >> 3];
    const h = slot.at >> 2;
    this.bytes = i32[h + H_BYTES];
    this.start = i32[h + H_START];
    this.covered = i32[h + H_COVERED];
    this.complete = i32[h + H_COMPLETE] === 1;
    this.hasBytes = i32[h + H_HAS_BYTES] === 1;
    for (let r = 0, at = slot.records, n = i32[h + H_RECORDS]; r < n; r++) {
      const w = at >> 2,
        why = i32[w + R_STATE + 1];
      const end = why === STOP_JS || why === STOP_MISS ? i32[w + R_STATE + 9] + 1 : i32[w + R_STATE];
      this.records.push({ at, ls: i32[w + R_LS], rows: i32[w + R_ROWS], end });
      at += i32[w + R_SIZE];
    }
  }

  /** Puts the chunk's bytes in the calling thread's read buffer (before any line is read there). */
  ensureBytes(): void {
    if (this.copied) return;
    this.copied = true;
    if (this.hasBytes) this.buf.set(new Uint8Array(this.shared, this.slot.bytes, this.bytes), 0);
    else
      for (let n = 0; n < this.bytes;) {
        const r = readSync(this.fd, this.buf, n, this.bytes - n, this.base + n);
        if (r === 0) throw new Error(`the file shrank while it was read (at byte ${this.base + n})`);
        n += r;
      }
  }

  take(
    offset: number,
    maxRows: number,
    slotOf: readonly (Int32Array | null)[],
    plans: readonly (BatchPlan | null)[],
  ): BatchResult | null {
    const rel = offset - this.base;
    const recs = this.records;
    while (this.cursor < recs.length && recs[this.cursor].end <= rel) this.cursor++;
    if (this.cursor === recs.length || !this.programsHold(slotOf, plans)) return null;
    const rec = recs[this.cursor];
    const w = rec.at >> 2;
    const o = rec.at + RECORD_HEADER_BYTES;
    const offsets = new Float64Array(this.shared, o + OFFSET_COLUMN * rec.rows * 8, rec.rows);
    const state = this.i32.slice(w + R_STATE, w + R_STATE + 16);
    // the rows from the one at `offset` (a batch that starts mid-record: this side read the lines before it)
    let first = 0;
    if (rel !== rec.ls) {
      first = rel === state[0] ? rec.rows : binarySearch(offsets, offset);
      if (first < 0) return null;
    }
    const n = Math.min(rec.rows - first, maxRows);
    const whole = first === 0 && n === rec.rows;
    const defs = state[11];
    const rows = rowViews(this.shared, o, rec.rows, defs, first, n);
    let left = leftViews(this.shared, o + rec.rows * ROW_BYTES_BEFORE_LEFT, defs);
    if (!whole) {
      const end = first + n;
      if (end < rec.rows) {
        // stopped at the row limit: no stop line, no miss
        state[0] = offsets[end] - this.base;
        state[1] = 0;
      }
      left = leftOf(left, defs, first, end);
      state[11] = left.row.length;
      anyColumns(rows, n, state);
    }
    if (state[11] > 0 || state[1] === STOP_JS || state[1] === STOP_MISS) this.ensureBytes();
    return { rows, n, left, state };
  }

  /** Whether the module's slots still hold the programs the thread ran, as this indexer's plans. */
  private programsHold(slotOf: readonly (Int32Array | null)[], plans: readonly (BatchPlan | null)[]): boolean {
    if (wasmScanner()?.batch.cleared !== this.cleared) return false;
    for (let j = 0; j < this.slotOf.length; j++) {
      if (!((this.mask >> j) & 1)) continue;
      const p = this.slotOf[j];
      if (slotOf[j] !== p || plans[j]?.prog !== p) return false;
    }
    return true;
  }
}

/** Where a record's rows' file offsets are among its 64-bit columns. */
const OFFSET_COLUMN = F64_COLUMNS.indexOf('offset');
const UNSIGNED = new Set<string>(['spanHi', 'spanLo', 'parentHi', 'parentLo', 'line']);

/** Views of rows [first, first + n) of a record's `rows` rows (at `o`, after its header) with `defs` left values. */
function rowViews(
  shared: SharedArrayBuffer,
  o: number,
  rows: number,
  defs: number,
  first: number,
  n: number,
): BatchRows {
  const v: Record<string, unknown> = {};
  for (const c of F64_COLUMNS) {
    v[c] = new Float64Array(shared, o + first * 8, n);
    o += rows * 8;
  }
  for (const c of I32_COLUMNS) {
    v[c] = UNSIGNED.has(c) ? new Uint32Array(shared, o + first * 4, n) : new Int32Array(shared, o + first * 4, n);
    o += rows * 4;
  }
  v.words = new Uint32Array(shared, o + first * 16, n * 4);
  o += rows * 16 + defs * 4 * LEFT_COLUMNS.length;
  for (const c of U8_COLUMNS) {
    v[c] = new Uint8Array(shared, o + first, n);
    o += rows;
  }
  return v as unknown as BatchRows;
}

function leftViews(shared: SharedArrayBuffer, o: number, defs: number): LeftValues {
  return leftValues((k) => new Int32Array(shared, o + k * defs * 4, defs));
}

/** The left values of rows [first, end), numbered from `first` (copies: the record may be taken again after). */
function leftOf(l: LeftValues, defs: number, first: number, end: number): LeftValues {
  const keep: number[] = [];
  for (let d = 0; d < defs; d++) if (l.row[d] >= first && l.row[d] < end) keep.push(d);
  return leftValues((k) => {
    const c = LEFT_COLUMNS[k]!;
    return Int32Array.from(keep, (d) => l[c][d]! - (c === 'row' ? first : 0));
  });
}

/** Sets the batch state's "a row has a value" words (service, correlation, parent, location) for `n` rows. */
function anyColumns(r: BatchRows, n: number, state: Int32Array): void {
  let service = 0,
    corr = 0,
    parent = 0,
    loc = 0;
  for (let i = 0; i < n; i++) {
    service |= +(r.service[i] !== NONE && r.service[i] !== LEFT_VALUE);
    corr |= +(r.correlation[i] !== NONE && r.correlation[i] !== LEFT_VALUE);
    parent |= +((r.idFlags[i] & F_PARENT_PACKED) !== 0);
    loc |= +(r.location[i] !== NONE);
  }
  state[5] = service;
  state[6] = corr;
  state[7] = parent;
  state[8] = loc;
}

/** The index of `x` in the ascending `a`, or -1. */
function binarySearch(a: Float64Array, x: number): number {
  let lo = 0,
    hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === x) return mid;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Records one batch may add (no first-slice limit here). */
const MAX_BATCH = 1 << 30;

/**
 * Indexes the lines that start in [from, size) with the thread's chunks, yielding once a turn has run `turnMs`.
 * Returns where reading stopped, as `readInSteps` does.
 */
export async function readWithScanAhead(
  ahead: ScanAhead,
  fd: number,
  from: number,
  size: number,
  indexer: LineIndexer,
  opts: RangeOptions,
  turnMs: number,
  signal?: AbortSignal,
  whileWaiting?: () => boolean,
): Promise<number> {
  let pos = from;
  let turn = performance.now();
  try {
    for (let k = 0; k < ahead.chunks && pos >= 0; k++) {
      const end = ahead.chunkEnd(k);
      let c: AheadChunk | null = null;
      const buf = claimReadBuffer(ahead.bufferBytes);
      try {
        c = ahead.claim(k, buf, fd, whileWaiting);
        // (no line starts in the thread's bytes: a line longer than a chunk and its tail)
        if (c !== null && (c.start < 0 || pos < c.base + c.start)) c = null;
        if (c !== null) pos = takeChunk(c, buf!, pos, indexer);
      } finally {
        indexer.ahead = null;
        if (buf !== null) releaseReadBuffer();
        ahead.release(k);
      }
      // what the thread did not read: the whole chunk, or its lines after the thread's records
      if (c === null || !c.complete) {
        const to = end >= size ? size : nextLineStart(fd, end, size);
        if (pos < to) pos = readRange(fd, pos, to, size, indexer, opts);
      }
      // (as readInSteps: where it was when `signal` aborted, -1 when `onChunk` said stop)
      if (pos < 0 || signal?.aborted) return pos;
      if (opts.onChunk && !opts.onChunk(pos)) return -1;
      if (performance.now() - turn >= turnMs) {
        await new Promise((r) => setImmediate(r));
        turn = performance.now();
      }
    }
  } finally {
    ahead.close();
  }
  return pos;
}

/** The chunk's lines from `pos` up to where the thread's records end, with them; returns the offset reached. */
function takeChunk(c: AheadChunk, buf: Buffer, pos: number, indexer: LineIndexer): number {
  const stop = c.covered;
  let ls = pos - c.base;
  indexer.ahead = c;
  while (ls < stop) {
    const to = indexer.batch(buf, ls, stop, c.base, c.base + stop, MAX_BATCH);
    if (to !== ls) {
      ls = to;
      continue;
    }
    c.ensureBytes();
    const nl = buf.indexOf(10, ls);
    indexer.line(buf, ls, nl, c.base + ls, c.base + nl + 1);
    ls = nl + 1;
  }
  return c.base + Math.max(ls, pos - c.base);
}
