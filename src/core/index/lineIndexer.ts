// Classifies every line of one source (or one range of a file) as a record line, a continuation line or a bad
// line, and appends records to a ChunkBuilder. Lines arrive one at a time (files and streams alike), so a
// JSON document spread over many lines is collected here until its brackets balance.
//
// Per line: `{…}` goes through the byte scanner; a known key shape with a compiled fast path fills the index
// columns without JSON.parse. Everything else takes the slow path (parseJsonLine + normalise), which is also
// what `load()` runs later, so both paths agree.

import { isUtf8 } from 'node:buffer';
import type { LogRecord, Span } from '../model';
import { ChunkBuilder, Row } from './builder';
import type { FastShape, IndexHooks } from './hooks';
import { LineScan } from './scanner';
import { NONE } from './types';
import type { LinePiece } from '../formats/unwrap';
import { SplitLines, type HeldPieces } from './splitLines';
import {
  STOP_JS,
  STOP_MISS,
  wasmScanner,
  type BatchRows,
  type LeftValues,
  type WasmBatch,
  type WasmScanner,
} from './wasm/wasmScan';
import type { BatchPlan } from './wasm/batchPlan';

export const DEFAULT_MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
/** Lines longer than this are reported, not parsed (V8 strings top out at ~512 M UTF-16 units). */
export const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;
const MAX_SHAPES = 4096;
/** What a value cache gives for a value it does not hold. */
const MISSING_VALUE = -2;
/** Size limit of a multi-line document that starts after single-line records. */
const MID_FILE_DOCUMENT_BYTES = 16 * 1024 * 1024;

export interface BadLine {
  line: number;
  reason: string;
}

/** Line accounting of one source or range. Line numbers are relative to the range start (1-based). */
export class LineStats {
  lines = 0;
  recordLines = 0;
  records = 0;
  continuationLines = 0;
  badLines: BadLine[] = [];
  formats: Record<string, number> = Object.create(null);
  /** Lines whose bytes were not valid UTF-8 (decoded with U+FFFD). */
  invalidUtf8Lines: number[] = [];
  notes: string[] = [];
  /** Ranges after the first: text lines before the range's first record (continuations of the range before, or bad). */
  leadingLines: number[] = [];
  leadingEnd = -1;
  /** Byte offset where this range's input really ended (a multi-line document may run past the range end). */
  consumedTo = 0;
  fastLines = 0;
  slowLines = 0;
}

export interface LineIndexerOptions {
  maxDocumentBytes?: number;
  maxLineBytes?: number;
  /** This range starts mid-file: leading text lines are held for the merge instead of reported. */
  rangeStart?: boolean;
  /** Take only the slow path (tests compare both paths). */
  slowOnly?: boolean;
  /** Scan lines with the JavaScript scanner even in the WebAssembly one's buffer (tests compare both). */
  jsScanner?: boolean;
  /** false: no line batches in the WebAssembly module (`batch`); each line takes `line` (tests compare both). */
  lineBatch?: boolean;
  /**
   * Fast paths learned by earlier indexers, kept warm across the ranges one worker indexes. Only valid for
   * builders sharing the same string and location tables (compiled paths hold keys into them).
   */
  shapeCache?: ShapeCache;
}

/** Key shapes seen so far and their compiled fast paths. */
export class ShapeCache {
  /** Shapes by a small-integer hash (Smi keys: no boxing per lookup), checked against the full key bytes. */
  readonly shapes = new Map<number, ShapeEntry[]>();
  /** The shapes that matched most recently, tried first (by bytes, without hashing). */
  readonly recent: ShapeEntry[] = [];
  count = 0;

  /** Every fast path drops its cached value keys (see `StringTable.forgetValues`). */
  forget(): void {
    for (const list of this.shapes.values()) for (const x of list) x.shape.forget?.();
  }
}

interface PendingLine {
  bytes: Buffer;
  line: number;
  offset: number;
  /** Offset just after the line's last byte before its line break. */
  end: number;
  /** Offset just after the line break (where a record's length ends). */
  next: number;
}

const SLOW: FastShape = { extract: () => false };
/** Lines a batch that stopped at its first line leaves to `line` before the next try, at most. */
const MAX_BATCH_PAUSE = 256;

/** A key shape: the exact key bytes in order (so matching never relies on a hash), and its fast path. */
class ShapeEntry {
  readonly bytes: Uint8Array;
  readonly ends: Int32Array;
  /** Every key byte is printable ASCII other than `"` and `\\`: the scanner may match keys against it directly. */
  readonly plain: boolean;
  constructor(
    buf: Uint8Array,
    sc: LineScan,
    readonly shape: FastShape,
  ) {
    this.ends = new Int32Array(sc.keys);
    let n = 0;
    for (let i = 0; i < sc.keys; i++) {
      n += sc.keyEnd[i] - sc.keyStart[i];
      this.ends[i] = n;
    }
    this.bytes = new Uint8Array(n);
    let o = 0;
    for (let i = 0; i < sc.keys; i++) for (let p = sc.keyStart[i]; p < sc.keyEnd[i]; p++) this.bytes[o++] = buf[p];
    this.plain = this.bytes.every((c) => c >= 32 && c < 127 && c !== 34 && c !== 92);
  }

  /** The last entry `commonKeys` was asked about, and how many leading keys the two share. */
  private prefixOf: ShapeEntry | null = null;
  private prefixKeys = 0;

  /** How many leading keys this shape and `other` have in common (byte for byte). */
  commonKeys(other: ShapeEntry): number {
    if (this.prefixOf !== other) {
      const a = this.ends,
        b = other.ends,
        n = Math.min(a.length, b.length);
      let k = 0;
      for (let o = 0; k < n && a[k] === b[k]; k++) {
        for (; o < a[k]; o++) if (this.bytes[o] !== other.bytes[o]) break;
        if (o < a[k]) break;
      }
      this.prefixOf = other;
      this.prefixKeys = k;
    }
    return this.prefixKeys;
  }

  /** Whether the line's keys are this shape's; the first `skip` keys are known to be equal already. */
  matches(buf: Uint8Array, sc: LineScan, skip = 0): boolean {
    const ends = this.ends,
      bytes = this.bytes;
    if (sc.keys !== ends.length) return false;
    let o = skip === 0 ? 0 : ends[skip - 1];
    for (let i = skip; i < ends.length; i++) {
      const s = sc.keyStart[i],
        e = sc.keyEnd[i];
      if (e - s !== ends[i] - o) return false;
      for (let p = s; p < e; p++) if (buf[p] !== bytes[o++]) return false;
    }
    return true;
  }
}

/** Tracks bracket depth across lines, aware of strings, to find where a multi-line document ends. */
export class DepthTracker {
  depth = 0;
  inString = false;
  escape = false;
  /** Index after the byte that closed the outermost bracket in the last feed, or -1. */
  closedAt = -1;

  feed(buf: Uint8Array, s: number, e: number): void {
    this.closedAt = -1;
    for (let i = s; i < e; i++) {
      const c = buf[i];
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === 0) {
          this.closedAt = i + 1;
          return;
        }
        if (this.depth < 0) return;
      }
    }
  }
}

/** A line batch's results: its rows, the values left to this side and the module's batch state after it. */
export interface BatchResult {
  readonly rows: BatchRows;
  readonly n: number;
  readonly left: LeftValues;
  readonly state: Int32Array;
}

/**
 * Line batches another thread ran ahead over the bytes being read (scanAhead.ts): `take` gives the results of
 * the batch starting at a file offset, as this thread's module would have given them, or null (this thread
 * then runs the batch itself, after `ensureBytes` has put the bytes in its read buffer).
 */
export interface AheadBatches {
  take(
    offset: number,
    maxRows: number,
    slotOf: readonly (Int32Array | null)[],
    plans: readonly (BatchPlan | null)[],
  ): BatchResult | null;
  ensureBytes(): void;
}

export class LineIndexer {
  readonly stats = new LineStats();
  private readonly scan: LineScan;
  /** The shape whose keys the scanner expects (`LineScan.expectBytes`). */
  private expected: ShapeEntry | null = null;
  private readonly row = new Row();
  private readonly shapes: ShapeCache;
  /** Fast-path record counts per format key, added to stats.formats in batches. */
  private fastFormat = -1;
  private fastFormatCount = 0;
  private pending: PendingLine[] | null = null;
  private pendingBytes = 0;
  /** Records came before the pending document (it is then held to a smaller size). */
  private pendingAfterRecords = false;
  private tracker = new DepthTracker();
  private multiLineOff = false;
  private firstLine = true;
  /**
   * A log record (JSON, or text with a timestamp) has been read. Before it, text lines are output of their own
   * (a banner, JVM warnings) and become plain-text records; after it, they continue the record above.
   */
  private started = false;
  /**
   * First line of a JSON document that failed to parse before the first record, else -1. The text lines after it
   * (its own, read again one by one, and any up to the first record) are bad, not plain output.
   */
  private failedDocumentLine = -1;
  /** Split lines (CRI `P`, Docker json-file chunks) waiting for their last piece. */
  private readonly split = new SplitLines();
  private readonly maxDoc: number;
  private readonly maxLine: number;
  readonly spans: Span[] = [];
  /** Line and byte offset of the line each span came from (parallel to `spans`). */
  readonly spanLines: number[] = [];
  readonly spanOffsets: number[] = [];

  constructor(
    readonly builder: ChunkBuilder,
    private readonly hooks: IndexHooks,
    private readonly opts: LineIndexerOptions = {},
  ) {
    this.maxDoc = opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    this.maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.shapes = opts.shapeCache ?? new ShapeCache();
    this.scan = opts.jsScanner ? new LineScan(null) : new LineScan();
    this.wasm = opts.jsScanner || opts.slowOnly || opts.lineBatch === false ? null : wasmScanner();
  }

  /** The module that runs line batches (null: every line takes `line`). */
  private readonly wasm: WasmScanner | null;
  /** Batch calls still to skip after batches that stopped at their first line (other shapes), and the next pause. */
  private batchPause = 0;
  private nextPause = 1;
  /** Batches run ahead over the bytes being read (set by the reader for the chunk it reads), or null. */
  ahead: AheadBatches | null = null;

  /**
   * Whole lines of buf[ls, len) — buf[0] at file offset `bufStart` — starting before file offset `end`: while
   * they have the expected key shape and its fast path, the WebAssembly module indexes them in one call (rows of
   * up to `maxRecords` records); the line it stops at, if any, takes `line`. Gives the offset in buf after the
   * last line taken (`ls` when none: the caller goes on line by line).
   */
  batch(buf: Buffer, ls: number, len: number, bufStart: number, end: number, maxRecords: number): number {
    const w = this.wasm;
    if (w === null || maxRecords <= 0 || this.pending !== null || this.split.open || this.firstLine) return ls;
    if (this.batchPause > 0) {
      this.batchPause--;
      return ls;
    }
    if (buf.buffer !== w.memory || buf.byteOffset < w.bufLo || buf.byteOffset + buf.length > w.bufHi) return ls;
    const b = w.batch;
    const first = this.loadPrograms(b);
    if (first < 0) return ls;
    const ahead = this.ahead?.take(bufStart + ls, maxRecords, b.slotOf, this.slotPlans) ?? null;
    let rows: number, st: Int32Array, out: BatchRows, left: LeftValues;
    if (ahead !== null) {
      ({ n: rows, state: st, rows: out, left } = ahead);
      for (let i = 0, line = this.stats.lines; i < rows; i++) out.line[i] = ++line;
    } else {
      this.ahead?.ensureBytes();
      const limit = Math.min(len, end - bufStart);
      rows = b.run(buf.byteOffset, ls, len, limit, this.slotMask, first, maxRecords, bufStart, this.stats.lines);
      ({ state: st, rows: out, left } = b);
    }
    const at = st[0],
      why = st[1];
    if (rows > 0) {
      if (st[11] > 0) this.resolveLeft(b, left, out, st, buf, st[11]);
      this.builder.appendBatch(out, rows, st.subarray(5, 9));
      const s = this.stats;
      s.lines += rows;
      s.recordLines += rows;
      s.records += rows;
      s.fastLines += rows;
      this.started = true;
      this.countFormats(out.format, rows);
      this.nextPause = 1;
    }
    if ((why !== STOP_JS && why !== STOP_MISS) || rows === maxRecords) return at;
    if (rows === 0 && why === STOP_JS) {
      this.batchPause = this.nextPause;
      this.nextPause = Math.min(this.nextPause * 2, MAX_BATCH_PAUSE);
    }
    const nl = st[9];
    this.line(buf, at, nl, bufStart + at, bufStart + nl + 1);
    if (why === STOP_MISS) {
      // the line's value is in the JavaScript cache now (the fast path just computed it): the table gets a copy
      const table = st[2],
        key = st[3],
        keyLen = st[4];
      const plan = this.slotPlans[st[10]];
      const j = plan == null ? -1 : plan.tables.indexOf(table);
      const v = j < 0 ? MISSING_VALUE : plan!.caches[j].get(b.bytes, key, key + keyLen, MISSING_VALUE);
      if (v !== MISSING_VALUE) b.tableSet(table, key, keyLen, v);
    }
    return nl + 1;
  }

  /**
   * Values the batch's rows left to this side (not in their tables yet): computed as the JavaScript path
   * computes them and written into the rows.
   */
  private resolveLeft(b: WasmBatch, l: LeftValues, r: BatchRows, st: Int32Array, buf: Buffer, n: number): void {
    for (let d = 0; d < n; d++) {
      const key = l.key[d],
        keyLen = l.keyLen[d],
        t = l.type[d];
      const plan = this.slotPlans[l.slot[d]]!,
        table = l.table[d];
      // A value seen before gets a table entry; one seen for the first time only the cache's (ids that differ on
      // every line would fill the tables). A value this side's table has is one the thread's copy lacked: set
      // again, it would go to the thread's log once more, for nothing (a full log teaches the thread no more).
      let k = b.tableGet(table, key, keyLen);
      if (k === MISSING_VALUE) {
        const j = plan.tables.indexOf(table);
        k = j < 0 ? MISSING_VALUE : plan.caches[j].get(b.bytes, key, key + keyLen, MISSING_VALUE);
        if (k !== MISSING_VALUE) b.tableSet(table, key, keyLen, k);
        else k = plan.resolve(l.field[d], b.bytes, key, keyLen, buf, l.start[d], l.end[d], t & 0xff, t >> 8);
      }
      // the cache marks null with a negative value
      const v = k < 0 ? NONE : k,
        row = l.row[d];
      switch (l.field[d]) {
        case 0:
          r.trace[row] = v;
          break;
        case 1:
          r.correlation[row] = v;
          if (v !== NONE) st[6] = 1;
          break;
        case 2:
          r.thread[row] = v;
          break;
        default:
          r.service[row] = v;
          if (v !== NONE) st[5] = 1;
      }
    }
  }

  /** Counts the batch's rows by format (a loop of its own: see internTraceWords in builder.ts). */
  private countFormats(format: Int32Array, rows: number): void {
    let f = this.fastFormat,
      count = this.fastFormatCount;
    for (let i = 0; i < rows; i++) {
      if (format[i] !== f) {
        this.fastFormatCount = count;
        this.flushFormatCount((f = format[i]!));
        count = 0;
      }
      count++;
    }
    this.fastFormatCount = count;
  }

  /**
   * Loads this indexer's programs into the module's slots for batches another thread runs ahead with a copy of
   * the module's memory: the slot to try first, the slots they may use and the programs in the slots; null when
   * there are none or line batches are off.
   */
  aheadPrograms(): { first: number; mask: number; slotOf: (Int32Array | null)[] } | null {
    const w = this.wasm;
    if (w === null || this.firstLine) return null;
    const first = this.loadPrograms(w.batch);
    return first < 0 ? null : { first, mask: this.slotMask, slotOf: w.batch.slotOf.slice() };
  }

  /** Plans of the module's program slots as this indexer last loaded them, and which slots a batch may use. */
  private readonly slotPlans: (BatchPlan | null)[] = [];
  private slotMask = 0;

  /**
   * Puts the programs of the recent shapes into the module's slots (those already there stay in theirs), and
   * sets `slotMask` to their slots: only they may be tried (other slots may hold another indexer's programs,
   * whose keys are in other string tables). Returns the slot of the expected shape's program (or of the first
   * one loaded), -1 when there is none.
   */
  private loadPrograms(b: WasmBatch): number {
    const recent = this.shapes.recent;
    const slots = b.slotOf.length;
    const plans = this.slotPlans;
    let first = -1,
      mask = 0;
    for (let i = 0; i < recent.length && i < slots; i++) {
      const x = recent[i],
        plan = x.shape.batch;
      if (plan == null || !x.plain || x.bytes.length > b.keys[0].length || x.ends.length > b.ends[0].length) continue;
      let j = b.slotOf.indexOf(plan.prog);
      if (j < 0) {
        // a slot holding none of the recent shapes' programs
        j = 0;
        while (j < slots && recent.some((y) => y.shape.batch?.prog === b.slotOf[j])) j++;
        if (j === slots) continue;
        b.prog[j].set(plan.prog);
        b.pool[j].set(plan.pool);
        b.keys[j].set(x.bytes);
        b.ends[j].set(x.ends);
        b.slotOf[j] = plan.prog;
      }
      plans[j] = plan;
      mask |= 1 << j;
      if (first < 0 || x === this.expected) first = j;
    }
    this.slotMask = mask;
    return first;
  }

  /**
   * One line: buf[s, e) without its `\n` (a trailing `\r` is dropped here); `offset` is the file offset of
   * buf[s]; `next` the offset after its line break.
   */
  line(buf: Buffer, s: number, e: number, offset: number, next: number): void {
    const lineNo = ++this.stats.lines;
    const base = offset - s;
    if (e > s && buf[e - 1] === 13) e--;
    if (this.firstLine) {
      this.firstLine = false;
      if (!this.opts.rangeStart && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    }
    if (this.pending !== null) {
      this.collect(buf, s, e, lineNo, base, next);
      return;
    }
    if (this.split.open) for (const h of this.split.expired(lineNo)) this.joined(h);
    this.classify(buf, s, e, lineNo, base, next);
  }

  /** A line too long to hold: reported with its length, never parsed. */
  longLine(bytes: number, next: number): void {
    const lineNo = ++this.stats.lines;
    this.flushPending();
    this.bad(lineNo, `line too long: ${bytes} bytes (limit ${this.maxLine} bytes); not parsed`);
    void next;
  }

  private classify(buf: Buffer, s: number, e: number, lineNo: number, base: number, next: number): void {
    let p = s;
    while (p < e && (buf[p] === 32 || buf[p] === 9)) p++;
    const c = p < e ? buf[p] : -1;
    if (c === 123 /* { */) {
      this.scan.lineStart = s;
      if (!this.opts.slowOnly && this.scan.scan(buf, p, e)) {
        const sc = this.scan;
        const shape = this.findShape(buf, sc);
        if (shape !== undefined && (!sc.nonAscii || isUtf8(buf.subarray(p, e)))) {
          this.row.reset();
          if (shape.extract(buf, sc, this.row)) {
            this.builder.append(this.row, lineNo, base + s, next - (base + s));
            this.started = true;
            this.stats.recordLines++;
            this.stats.records++;
            this.stats.fastLines++;
            if (this.row.format !== this.fastFormat) this.flushFormatCount(this.row.format);
            this.fastFormatCount++;
            return;
          }
        }
        this.jsonLine(buf, s, e, lineNo, base, next, shape === undefined ? 1 : -1);
        return;
      }
      this.jsonLine(buf, s, e, lineNo, base, next, -1);
      return;
    }
    if (c === 91 /* [ */ && !this.started && !this.opts.rangeStart) {
      this.jsonLine(buf, s, e, lineNo, base, next, -1);
      return;
    }
    this.textLine(buf, s, e, lineNo, base, next);
  }

  private findShape(buf: Uint8Array, sc: LineScan): FastShape | undefined {
    const recent = this.shapes.recent;
    // the scanner already compared the keys with the last shape seen (set as its expectation below)
    if (sc.expectedMatched) return recent[0].shape;
    const found = this.searchShape(buf, sc);
    const top = recent.length > 0 && recent[0].plain ? recent[0] : null;
    sc.expectBytes = top === null ? null : top.bytes;
    sc.expectEnds = top === null ? null : top.ends;
    this.expected = top;
    return found;
  }

  private searchShape(buf: Uint8Array, sc: LineScan): FastShape | undefined {
    const recent = this.shapes.recent;
    // Lines alternating between shapes that share leading keys (a stack-trace key added at the end): the
    // keys the scanner already matched against the expected shape are not compared again.
    const exp = this.expected,
      m = sc.expectedKeys;
    const known = exp !== null && m > 0 && sc.expectBytes === exp.bytes;
    for (let i = 0; i < recent.length; i++) {
      const x = recent[i];
      if (x.matches(buf, sc, known ? Math.min(m, x === exp ? m : x.commonKeys(exp)) : 0)) {
        if (i > 0) {
          const x = recent[i];
          recent[i] = recent[0];
          recent[0] = x;
        }
        return recent[0].shape;
      }
    }
    const list = this.shapes.shapes.get(sc.keyHash(buf));
    if (list === undefined) return undefined;
    for (const x of list) {
      if (x.matches(buf, sc)) {
        recent.unshift(x);
        if (recent.length > 4) recent.pop();
        return x.shape;
      }
    }
    return undefined;
  }

  private flushFormatCount(next: number): void {
    if (this.fastFormat >= 0 && this.fastFormatCount > 0) {
      const f = this.builder.strings.get(this.fastFormat);
      this.stats.formats[f] = (this.stats.formats[f] ?? 0) + this.fastFormatCount;
    }
    this.fastFormat = next;
    this.fastFormatCount = 0;
  }

  /** Counts so far, complete (for progress summaries). */
  syncCounts(): LineStats {
    this.flushFormatCount(this.fastFormat);
    return this.stats;
  }

  /**
   * Slow path for a line that starts with `{` (or a leading `[`).
   * `learn` ≥ 0: compile a fast path for the scanned shape.
   */
  private jsonLine(buf: Buffer, s: number, e: number, lineNo: number, base: number, next: number, learn: number): void {
    this.stats.slowLines++;
    const text = this.decode(buf, s, e, lineNo);
    const piece = this.hooks.unwrapPiece(text);
    if (piece !== null && this.piece(piece, lineNo, base + s, next)) return;
    const payload = piece === null ? null : piece.text;
    if (payload !== null) {
      // wrapped lines (Docker json-file, Fluent Bit) always take this path, whatever they carry
      learn = -1;
      if (!isJsonStart(payload)) {
        this.textPayload(payload, false, lineNo, base + s, next);
        return;
      }
    }
    const parsed = this.hooks.parseJson(payload ?? text);
    if (!parsed.ok) {
      const bin = binaryReason(buf, s, e);
      // `[INFO] …`, `[0.004s][warning][gc] …` before the first record: text that opens with a bracket
      if (bin === null && payload === null && !this.started && !looksLikeJson(buf, s, e)) {
        this.textPayload(text, false, lineNo, base + s, next);
        return;
      }
      if (bin === null && !this.multiLineOff && this.startsDocument(buf, s, e)) {
        this.pending = [{ bytes: copyLine(buf, s, e), line: lineNo, offset: base + s, end: base + e, next }];
        this.pendingAfterRecords = this.started;
        this.pendingBytes = e - s;
        return;
      }
      this.bad(lineNo, bin ?? parsed.reason);
      return;
    }
    const keep = this.addValue(parsed.value, lineNo, base + s, next - (base + s));
    if (learn >= 0 && keep !== null && this.shapes.count < MAX_SHAPES && !this.scan.keyEscapes) {
      const keys: string[] = [];
      const sc = this.scan;
      for (let i = 0; i < sc.keys; i++) keys.push(buf.toString('latin1', sc.keyStart[i], sc.keyEnd[i]));
      let shape: FastShape | null = null;
      if (new Set(keys).size === keys.length && keys.every(isAscii)) {
        shape = this.hooks.compileShape(keys, buf, sc, keep, this.builder);
      }
      const h = sc.keyHash(buf);
      const list = this.shapes.shapes.get(h) ?? [];
      list.push(new ShapeEntry(buf, sc, shape ?? SLOW));
      this.shapes.shapes.set(h, list);
      this.shapes.count++;
    }
  }

  /**
   * Whether a line that does not parse alone opens a document continued on the next lines: it must end with
   * an opening bracket (`{`, `[`, `"data": [`), as pretty printers write. A line cut anywhere else is bad at
   * once, so a truncated NDJSON line never makes the reader collect the rest of the file.
   */
  private startsDocument(buf: Buffer, s: number, e: number): boolean {
    let q = e - 1;
    while (q >= s && (buf[q] === 32 || buf[q] === 9)) q--;
    let p = s;
    while (p < e && (buf[p] === 32 || buf[p] === 9)) p++;
    // a `[` before any record opens an array document however its first line ends (Chrome writes `[{…},`)
    const arrayAtStart = buf[p] === 91 && !this.started;
    if (!arrayAtStart && (q < s || (buf[q] !== 123 && buf[q] !== 91))) return false;
    const t = new DepthTracker();
    t.feed(buf, s, e);
    return t.depth > 0 && !t.inString && t.closedAt < 0;
  }

  /**
   * Adds the records of a parsed value. Returns the record when the value was one plain log object (kept
   * lazily: `load()` re-reads its bytes), else null.
   */
  private addValue(value: unknown, lineNo: number, offset: number, length: number): LogRecord | null {
    const n = this.hooks.normalizeValue(value);
    this.started = true;
    this.stats.recordLines++;
    for (const w of n.warnings) this.note(`line ${lineNo}: ${w}`);
    for (const sp of n.spans) {
      this.spans.push(sp);
      this.spanLines.push(lineNo);
      this.spanOffsets.push(offset);
    }
    const b = this.builder;
    for (const r of n.records) {
      b.rowFromRecord(r, this.row);
      b.append(this.row, lineNo, offset, length);
      if (n.document) b.keepLast(r);
      this.stats.formats[r.format] = (this.stats.formats[r.format] ?? 0) + 1;
    }
    this.stats.records += n.records.length;
    if (n.spans.length > 0) {
      const f = n.spans[0].format;
      this.stats.formats[f] = (this.stats.formats[f] ?? 0) + n.spans.length;
    }
    return !n.document && n.records.length === 1 ? n.records[0] : null;
  }

  private textLine(buf: Buffer, s: number, e: number, lineNo: number, base: number, next: number): void {
    const bin = binaryReason(buf, s, e);
    if (bin !== null) {
      this.bad(lineNo, bin);
      return;
    }
    let blank = true;
    for (let i = s; i < e; i++)
      if (buf[i] !== 32 && buf[i] !== 9) {
        blank = false;
        break;
      }
    if (blank) {
      this.textPayload('', true, lineNo, base + s, next);
      return;
    }
    const text = this.decode(buf, s, e, lineNo);
    const piece = this.hooks.unwrapPiece(text);
    if (piece !== null && this.piece(piece, lineNo, base + s, next)) return;
    const payload = piece === null ? null : piece.text;
    if (payload !== null && isJsonStart(payload)) {
      const parsed = this.hooks.parseJson(payload);
      if (parsed.ok) {
        this.stats.slowLines++;
        this.addValue(parsed.value, lineNo, base + s, next - (base + s));
        return;
      }
    }
    this.textPayload(payload ?? text, false, lineNo, base + s, next);
  }

  /**
   * A piece of a line split by the container runtime (CRI `P`/`F`, Docker json-file 16 KiB entries): held per
   * stream until its last piece, then the joined text is read as one line at the first piece's line number.
   * Returns false for a whole line (nothing held for its stream, and not partial): read it as usual.
   */
  private piece(p: LinePiece, lineNo: number, offset: number, next: number): boolean {
    const whole = this.split.add(p, lineNo, offset, next, this.builder.count);
    if (whole === undefined) return false;
    if (whole !== null) this.joined(whole);
    return true;
  }

  /**
   * A split line is complete: its first piece is the record line (or a bad line), every later piece a
   * continuation line of it (or bad with it), so the accounting still adds up line by line.
   */
  private joined(h: HeldPieces): void {
    const bad = this.stats.badLines.length;
    const text = h.text.endsWith('\r') ? h.text.slice(0, -1) : h.text;
    const length = h.next - h.offset;
    if (isJsonStart(text)) {
      const parsed = this.hooks.parseJson(text);
      this.stats.slowLines++;
      if (parsed.ok) this.addValue(parsed.value, h.line, h.offset, length);
      else this.bad(h.line, `${parsed.reason} (a line joined from ${h.pieces.length + 1} pieces)`);
    } else if (this.builder.count === h.records) {
      this.textPayload(text, text.trim() === '', h.line, h.offset, h.next);
    } else if (this.textRecordOrNull(text, h.line, h.offset, h.next) === null) {
      // Records of other streams came after its first piece: it cannot continue the record above it (that one
      // now starts after it), so it is a plain-text record at its own line.
      this.plainLine(text, h.line, h.offset, h.next);
    }
    const failed = this.stats.badLines.length > bad;
    for (const l of h.pieces) {
      if (failed) this.bad(l, `piece of the split line ${h.line}, which is bad`);
      else this.stats.continuationLines++;
    }
  }

  /** A line of text (or a wrapper's text payload): a text record, else a continuation, else bad. */
  private textPayload(text: string, blank: boolean, lineNo: number, offset: number, next: number): void {
    if (!blank && this.textRecordOrNull(text, lineNo, offset, next) !== null) return;
    const inFailedDocument = this.failedDocumentLine >= 0;
    if (!this.started && !this.opts.rangeStart && !(blank && this.builder.hasRecords) && !inFailedDocument) {
      // Output before the first record: each line a plain-text record (a blank line continues the one above).
      // Ranges after the first never start here: the first slice of a file reads on until a record (rangeReader).
      this.plainLine(text, lineNo, offset, next);
      return;
    }
    if (this.builder.extendLast(next)) {
      this.stats.continuationLines++;
      return;
    }
    if (this.opts.rangeStart) {
      this.stats.leadingLines.push(lineNo);
      this.stats.leadingEnd = next;
      return;
    }
    this.bad(
      lineNo,
      inFailedDocument
        ? `text after the unparsed JSON document at line ${this.failedDocumentLine}, before the first record`
        : blank
          ? 'blank line before the first record'
          : 'text before the first record',
    );
  }

  /** Appends the text record the line starts, if it starts one. */
  private textRecordOrNull(text: string, lineNo: number, offset: number, next: number): LogRecord | null {
    const rec = this.hooks.textRecord(text);
    if (rec === null) return null;
    this.appendText(rec, lineNo, offset, next);
    this.started = true;
    return rec;
  }

  /** Appends the line as a plain-text record (no time, no level). */
  private plainLine(text: string, lineNo: number, offset: number, next: number): void {
    this.appendText(this.hooks.plainRecord(text), lineNo, offset, next);
  }

  private appendText(rec: LogRecord, lineNo: number, offset: number, next: number): void {
    this.stats.slowLines++;
    this.stats.recordLines++;
    this.stats.records++;
    this.builder.rowFromRecord(rec, this.row);
    this.builder.append(this.row, lineNo, offset, next - offset);
    this.stats.formats[rec.format] = (this.stats.formats[rec.format] ?? 0) + 1;
  }

  private collect(buf: Buffer, s: number, e: number, lineNo: number, base: number, next: number): void {
    const pending = this.pending!;
    if (pending.length === 1) {
      this.tracker = new DepthTracker();
      const first = pending[0];
      this.tracker.feed(first.bytes, 0, first.bytes.length);
    }
    pending.push({ bytes: copyLine(buf, s, e), line: lineNo, offset: base + s, end: base + e, next });
    this.pendingBytes += e - s + 1;
    this.tracker.feed(buf, s, e);
    if (this.tracker.closedAt >= 0 || this.tracker.depth < 0) {
      this.closeDocument(false);
      return;
    }
    // Among single-line records a document is an exception: a cut-off line that happens to end with a
    // bracket must not make the reader hold the rest of the file.
    if (this.pendingBytes > (this.pendingAfterRecords ? Math.min(this.maxDoc, MID_FILE_DOCUMENT_BYTES) : this.maxDoc)) {
      this.multiLineOff = true;
      this.failDocument(`JSON document larger than the ${this.maxDoc} byte limit; not parsed`);
    }
  }

  /** The brackets balanced (or the input ended): parse what was collected. */
  private closeDocument(atEnd: boolean): void {
    const pending = this.pending!;
    const text = pending.map((l) => this.decodePending(l)).join('\n');
    let parsed = this.hooks.parseJson(text);
    let repaired: string | null = null;
    if (!parsed.ok && atEnd && text.trimStart().startsWith('[')) {
      // Chrome writes its event array without the closing bracket while tracing.
      const closed = text.trimEnd().replace(/,\s*$/, '') + ']';
      const again = this.hooks.parseJson(closed);
      if (again.ok) {
        parsed = again;
        repaired = 'JSON array without its closing "]": closed at end of input';
      }
    }
    if (!parsed.ok) {
      this.multiLineOff = true;
      this.failDocument(null);
      return;
    }
    this.pending = null;
    this.pendingBytes = 0;
    const first = pending[0],
      last = pending[pending.length - 1];
    this.addValue(parsed.value, first.line, first.offset, last.next - first.offset);
    this.stats.continuationLines += pending.length - 1;
    if (repaired) this.note(`line ${first.line}: ${repaired}`);
  }

  /** The first collected line is bad after all; the others are classified again on their own. */
  private failDocument(reason: string | null): void {
    const pending = this.pending!;
    this.pending = null;
    this.pendingBytes = 0;
    const first = pending[0];
    if (reason === null) {
      const alone = this.hooks.parseJson(this.decodePending(first));
      reason = alone.ok ? 'invalid JSON' : alone.reason;
    }
    this.bad(first.line, reason);
    if (!this.started && this.failedDocumentLine < 0) this.failedDocumentLine = first.line;
    for (let i = 1; i < pending.length; i++) {
      const l = pending[i];
      if (this.pending !== null) this.collect(l.bytes, 0, l.bytes.length, l.line, l.offset, l.next);
      else this.classify(l.bytes, 0, l.bytes.length, l.line, l.offset, l.next);
    }
  }

  private flushPending(): void {
    while (this.pending !== null) this.closeDocument(true);
  }

  /** End of input. */
  finish(consumedTo: number): LineStats {
    for (const h of this.split.expired(Infinity)) this.joined(h);
    this.flushPending();
    this.flushFormatCount(-1);
    this.stats.consumedTo = consumedTo;
    return this.stats;
  }

  /**
   * A document or a split line is open: a range reader reads on past its range end until it closes (the next
   * range is then indexed again from there, as for documents).
   */
  get collecting(): boolean {
    return this.pending !== null || this.split.open;
  }

  /** No log record yet: text lines are still becoming plain-text records of their own. */
  get inPreamble(): boolean {
    return !this.started;
  }

  private decodePending(l: PendingLine): string {
    return l.bytes.toString('utf8');
  }

  private decode(buf: Buffer, s: number, e: number, lineNo: number): string {
    const text = buf.toString('utf8', s, e);
    if (text.includes('\uFFFD') && !isUtf8(buf.subarray(s, e))) this.stats.invalidUtf8Lines.push(lineNo);
    return text;
  }

  private bad(line: number, reason: string): void {
    this.stats.badLines.push({ line, reason });
  }

  private note(n: string): void {
    if (this.stats.notes.length < 1000) this.stats.notes.push(n);
  }
}

/** Whether a line opening with `[` reads as a JSON array: its first value opens an object, array or string. */
function looksLikeJson(buf: Uint8Array, s: number, e: number): boolean {
  let p = s;
  while (p < e && (buf[p] === 32 || buf[p] === 9)) p++;
  if (buf[p] !== 91) return true;
  p++;
  while (p < e && (buf[p] === 32 || buf[p] === 9)) p++;
  return p >= e || buf[p] === 123 || buf[p] === 91 || buf[p] === 34 || buf[p] === 93;
}

function isJsonStart(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/** A copy of a line, followed by a newline byte outside `bytes.length` (the scanner's end sentinel). */
function copyLine(buf: Buffer, s: number, e: number): Buffer {
  const b = Buffer.allocUnsafe(e - s + 1);
  buf.copy(b, 0, s, e);
  b[e - s] = 10;
  return b.subarray(0, e - s);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Why a line is binary data rather than text, or null. Tabs and ANSI escapes are text. */
export function binaryReason(buf: Uint8Array, s: number, e: number): string | null {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c < 32 && c !== 9 && c !== 27 && c !== 13) {
      return `binary data: control byte 0x${c.toString(16).padStart(2, '0')} at column ${i - s + 1}`;
    }
  }
  return null;
}
