// The store the session adds files and streams to, and `indexFile` for one file on its own (CLI, benchmark).
//
// A file is indexed in two steps: the calling thread reads its first records at once (so a view can show
// something whatever the file size); then, when the file is big enough for index workers and their script can be
// found, the rest is split into newline-aligned ranges that the workers take (handed out before the first part is
// read) and the calling thread takes too whenever it has none of theirs to merge. Otherwise the calling thread
// reads all of it in 1 MiB steps with a yield to the event loop once a turn has run 5 ms, from 8 MiB on with a
// thread that reads and scans it ahead (scanAhead.ts) when there is a core for one. Gzip files are inflated
// to a temporary file first, so every record can be read back by offset (see docs/index.md).

import {
  closeSync,
  createReadStream,
  createWriteStream,
  fstatSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { FieldMappings } from '../formats/normalize';
import type { SourceSummary } from '../model';
import { createFormatHooks } from './formatHooks';
import { setLength } from './columns';
import { ChunkBuilder } from './builder';
import { LineIndexer, type LineIndexerOptions, type LineStats } from './lineIndexer';
import { cutAt, nextLineStart, readRange, splitRanges, DEFAULT_CHUNK_SIZE, type RangeOptions } from './rangeReader';
import type { StringBatch } from './interner';
import { ColumnStore, FileReader, type SourceState } from './recordStore';
import { readWithScanAhead, ScanAhead, type ScanAheadOptions } from './scanAhead';
import { createStreamIndex, type StreamIndex } from './streamIndex';
import {
  callerParallelBytes,
  defaultWorkers,
  firstSliceBytes,
  indexRangesInWorkers,
  PARALLEL_MIN_BYTES,
  workerScript,
  WorkerPool,
} from './workerPool';

export interface IndexFileOptions {
  signal?: AbortSignal;
  /** Called at most ~10 times a second while indexing, and once at the end. */
  onProgress?: (summary: SourceSummary) => void;
  /**
   * Work of the caller's the calling thread may do while it waits for another thread's results (a step of taking
   * in the records already in the store); returns false when there is none.
   */
  whileWaiting?: () => boolean;
  /** Worker threads after the first records (default: one per core, `defaultWorkers`; 0 = the calling thread only). */
  workers?: number;
  /** Read size in bytes (default 256 KiB). */
  chunkSize?: number;
  /** Bytes per worker range job (default 32 MiB; tests use small ones so each worker takes many). */
  rangeBytes?: number;
  fieldMappings?: FieldMappings;
  maxLineBytes?: number;
  maxDocumentBytes?: number;
  /**
   * Files smaller than this after their first part are read on the calling thread alone, with the thread that
   * scans ahead (default: `callerParallelBytes` for the other cores; 32 MiB when no thread can scan ahead and the
   * calling thread takes no ranges).
   */
  minParallelBytes?: number;
  /**
   * With workers, the calling thread takes the next range itself whenever it has none of theirs to merge
   * (default). False: the workers take them all, with a worker for every core by default (`defaultWorkers`),
   * and the calling thread only merges their ranges (files read with the thread that scans ahead are read as
   * with the default).
   */
  callerIndexes?: boolean;
  /** Testing: take the slow path for every line. */
  slowOnly?: boolean;
  /** Testing: scan lines with the JavaScript scanner only (not the WebAssembly one). */
  jsScanner?: boolean;
  /** Testing: false takes every line on its own (no line batches in the WebAssembly module). */
  lineBatch?: boolean;
  /**
   * A thread that reads and scans ahead of the calling thread when the file is read there (scanAhead.ts): by
   * default when there are `workers` for it and the file is big enough; false never; options (tests) always.
   */
  scanAhead?: false | ScanAheadOptions;
}

export interface FileIndexResult {
  summary: SourceSummary;
  /** 1-based lines whose bytes were not valid UTF-8 (indexed with U+FFFD in their place). */
  invalidUtf8Lines: number[];
  /** Things the reader repaired or noticed (file grew while read, document repairs, importer warnings). */
  notes: string[];
  /** Milliseconds from the start until the first 1,000 records (or all, if fewer) were in the store. */
  firstRecordsMs: number;
  /** Lines indexed by the byte scanner without JSON.parse, and lines that took the slow path. */
  fastLines: number;
  slowLines: number;
  /** Worker threads used (0 when everything ran on the calling thread). */
  workersUsed: number;
  /** Ranges the calling thread indexed itself beside the workers (`callerIndexes`), and ranges in all. */
  callerRanges: number;
  ranges: number;
  /** Chunks the scan-ahead thread read and scanned (0: none, or no such thread). */
  aheadChunks: number;
}

export const FIRST_RECORDS = 1000;
/**
 * Range size for workers. Small ranges stream in: progress moves, each merge is short, and the last range
 * leaves little imbalance between workers. A worker keeps its fast paths and tables across its ranges, so a
 * range does not start cold.
 */
const RANGE_BYTES = 32 * 1024 * 1024;
/**
 * Work done on the calling thread (small files, merges) yields after this long, so its event loop stays responsive
 * (see INGEST_SLICE_MS in session.ts: the two can run in one phase of the event loop).
 */
const TURN_MS = 5;
/** Bytes read on the calling thread between two looks at the clock. */
const STEP_BYTES = 1024 * 1024;

export interface StoreOptions {
  fieldMappings?: FieldMappings;
}

/** A RecordStore that files and streams are added to (the session's backing store). */
export class IndexStore extends ColumnStore {
  private readonly temps: string[] = [];
  /** Per source: the offset the ranges merged so far really read up to. */
  private readonly reached = new Map<number, number>();

  constructor(private readonly storeOpts: StoreOptions = {}) {
    super(createFormatHooks(storeOpts.fieldMappings));
  }

  /**
   * Indexes a file (plain or gzip) into this store. Errors (missing
   * file, directory) end in `summary.error`, not a rejection.
   */
  async addFile(path: string, opts: IndexFileOptions = {}): Promise<FileIndexResult> {
    const t0 = performance.now();
    const source = this.addSource(path, 'file', null);
    const result: FileIndexResult = {
      summary: source.summary(),
      invalidUtf8Lines: [],
      notes: [],
      firstRecordsMs: 0,
      fastLines: 0,
      slowLines: 0,
      workersUsed: 0,
      callerRanges: 0,
      ranges: 0,
      aheadChunks: 0,
    };
    const fail = (msg: string) => {
      source.error = msg;
      source.done = true;
      source.elapsedMs = performance.now() - t0;
      result.summary = source.summary();
      opts.onProgress?.(result.summary);
      return result;
    };
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      return fail(describeFsError(e, path));
    }
    if (st.isDirectory()) return fail(`${path} is a directory, not a log file`);
    if (!st.isFile()) return fail(`${path} is not a regular file (pipes and sockets are read as streams)`);

    let readPath = path;
    try {
      if (isGzip(path)) readPath = await this.inflate(path);
    } catch (e) {
      return fail(`${path}: cannot decompress: ${(e as Error).message}`);
    }
    let fd: number;
    try {
      fd = openSync(readPath, 'r');
    } catch (e) {
      return fail(describeFsError(e, path));
    }
    const tempPath = readPath !== path ? readPath : null;
    source.reader = new FileReader(readPath, tempPath ? () => this.dropTemp(tempPath) : undefined);
    const hooks = this.hooks;
    let pool: WorkerPool | null = null;
    let ahead: ScanAhead | null = null;
    try {
      const size = fstatSync(fd).size;
      source.bytes = size;
      const builder = this.builderFor(source);
      const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
      const ixOpts = {
        maxDocumentBytes: opts.maxDocumentBytes,
        maxLineBytes: opts.maxLineBytes,
        slowOnly: opts.slowOnly,
        jsScanner: opts.jsScanner,
        lineBatch: opts.lineBatch,
      };
      const indexer = new LineIndexer(builder, hooks, ixOpts);
      source.live = indexer;
      let lastProgress = 0;
      const progress = (at: number, force = false): boolean => {
        if (opts.signal?.aborted) return false;
        source.bytesDone = Math.min(at, size);
        const now = performance.now();
        if (force || now - lastProgress > 100) {
          lastProgress = now;
          this.notify();
          opts.onProgress?.(source.summary());
        }
        return true;
      };
      const rOpts = { chunkSize, maxLineBytes: opts.maxLineBytes };

      const callerIndexes = opts.callerIndexes ?? true;
      const workers = opts.workers ?? defaultWorkers(callerIndexes);
      // a thread scans ahead of this one when the file is read here (below)
      const aheadAllowed =
        opts.scanAhead !== false &&
        !opts.slowOnly &&
        !opts.jsScanner &&
        opts.lineBatch !== false &&
        (opts.scanAhead !== undefined || workers > 0);
      // Without ranges of its own (the extension's host) this thread reads a file with the thread that scans
      // ahead up to the size the command line's does, the workers taking only bigger ones: on 2 cores the
      // extension's open path of 256 MiB took 0.44–0.46 s with it against 0.47–0.50 s with two workers
      // (`npm run bench:host`), for about half the CPU (0.69–0.77 against 1.2–1.3 s, the session alone).
      // Without that thread, files from 32 MiB on go to the workers.
      const minParallel =
        opts.minParallelBytes ??
        (callerIndexes
          ? callerParallelBytes(workers)
          : aheadAllowed && ScanAhead.available()
            ? callerParallelBytes(workers - 1)
            : PARALLEL_MIN_BYTES);

      // With workers, their ranges start after a first part this thread reads itself (the first records come
      // from it), and they get them before it is read: they boot (a V8 isolate and the worker bundle) and index
      // while this thread reads it.
      const script = workers > 0 ? workerScript() : null;
      const cut = script !== null ? cutAt(fd, firstSliceBytes(size), size) : size;
      const parallel = script !== null && cut < size && size - cut >= minParallel;
      const firstEnd = parallel ? cut : size;
      let inWorkers: Promise<number> | null = null;
      const tables: WorkerKeys[] = [];
      if (parallel) {
        pool = new WorkerPool(script, workers);
        const bounds = splitRanges(
          fd,
          firstEnd,
          size,
          Math.max(workers, Math.ceil((size - firstEnd) / Math.max(1, opts.rangeBytes ?? RANGE_BYTES))),
        );
        result.workersUsed = Math.min(workers, bounds.length - 1);
        result.ranges = bounds.length - 1;
        // results merge once this thread yields, after the first part below is in the store
        inWorkers = indexRangesInWorkers(
          pool,
          readPath,
          bounds,
          size,
          {
            chunkSize,
            maxLineBytes: opts.maxLineBytes,
            maxDocumentBytes: opts.maxDocumentBytes,
            slowOnly: opts.slowOnly,
            jsScanner: opts.jsScanner,
            lineBatch: opts.lineBatch,
            fieldMappings: this.storeOpts.fieldMappings ?? opts.fieldMappings,
            signal: opts.signal,
          },
          (r) => this.mergeRange(source, r, fd, size, rOpts, ixOpts, tables),
          (at) => progress(at),
          callerIndexes
            ? (from, to) => (result.callerRanges++, this.indexRange(fd, from, to, size, rOpts, ixOpts, opts.signal))
            : null,
        );
        // a failure surfaces when awaited below; until then it must not count as unhandled
        inWorkers.catch(() => {});
      }

      // without workers, a thread scans ahead once the first records are in (it boots while they are read)
      if (aheadAllowed && !parallel) ahead = ScanAhead.start(size, opts.scanAhead || {});

      // 1. the first records, at once
      let pos = readRange(fd, 0, firstEnd, size, indexer, {
        ...rOpts,
        chunkSize: Math.min(chunkSize, 256 * 1024),
        stopAfterRecords: FIRST_RECORDS,
      });
      this.notify();
      result.firstRecordsMs = performance.now() - t0;
      progress(pos, true);

      // 2. the rest: workers beside this thread, or this thread in slices
      if (inWorkers !== null) {
        // the rest of the first part (a document open at its end is read to its close)
        if (pos >= 0 && pos < firstEnd) pos = readRange(fd, pos, firstEnd, size, indexer, rOpts);
        indexer.finish(pos);
        source.live = null;
        source.addStats(indexer.stats, 0);
        this.reached.set(source.index, pos);
        const reached = await inWorkers;
        if (pos >= 0) pos = reached;
      } else {
        const onChunk = (at: number) => !opts.signal?.aborted && (progress(at), true);
        const steps = { ...rOpts, onChunk };
        if (ahead !== null && pos >= 0 && ahead.begin(indexer, readPath, pos, size)) {
          pos = await readWithScanAhead(ahead, fd, pos, size, indexer, steps, TURN_MS, opts.signal, opts.whileWaiting);
          result.aheadChunks = ahead.taken;
        } else pos = await readInSteps(fd, pos, size, size, indexer, steps, opts.signal);
        indexer.finish(pos);
        source.live = null;
        source.addStats(indexer.stats, 0);
      }
      this.addSpans(source, indexer.spans, indexer.spanLines, indexer.spanOffsets);
      if (opts.signal?.aborted) source.error = 'indexing cancelled';
      const after = fstatSync(fd).size;
      if (after > size)
        source.notes.push(`the file grew while it was read: indexed the first ${size} bytes of ${after}`);
      else if (after < size) source.notes.push(`the file shrank while it was read (from ${size} to ${after} bytes)`);
      source.bytesDone = opts.signal?.aborted ? source.bytesDone : size;
    } catch (e) {
      source.error = `${path}: ${(e as Error).message}`;
    } finally {
      pool?.close();
      ahead?.close();
      closeSync(fd);
    }
    source.done = true;
    source.elapsedMs = performance.now() - t0;
    this.notify();
    result.summary = source.summary();
    result.invalidUtf8Lines = source.invalidUtf8Lines.slice();
    result.notes = source.notes.slice();
    result.fastLines = source.fastLines;
    result.slowLines = source.slowLines;
    opts.onProgress?.(result.summary);
    return result;
  }

  /** A live source: push bytes or text; lines are split here, a partial last line waits for its newline. */
  addStream(name: string): StreamIndex {
    return createStreamIndex(this, name);
  }

  /**
   * Merges one worker range (in file order), a chunk at a time, yielding once a turn has run TURN_MS.
   * `tables` maps each worker's string and location keys to this store's (a worker sends each string once).
   */
  private async mergeRange(
    source: SourceState,
    r: RangeResult,
    fd: number,
    size: number,
    rOpts: { chunkSize: number; maxLineBytes?: number },
    ixOpts: LineIndexerOptions,
    tables: WorkerKeys[],
  ): Promise<void> {
    let turn = performance.now();
    const reached = this.reached.get(source.index) ?? r.start;
    // null: the range was indexed with this store's own tables
    let keys: WorkerKeys | null = null;
    if (r.worker !== undefined) {
      keys = tables[r.worker] ??= { strings: [], locations: [] };
      if (r.stringBase !== keys.strings.length || r.locationBase !== keys.locations.length) {
        throw new Error(`index worker ${r.worker} sent tables out of order (${r.stringBase}/${keys.strings.length})`);
      }
      // a range's new strings (mostly trace IDs) are interned in batches, yielding like the chunks below
      for (let i = 0; i < r.strings.strings.length; i += 4096) {
        if (performance.now() - turn >= TURN_MS) {
          await new Promise((res) => setImmediate(res));
          turn = performance.now();
        }
        this.internAll(r.strings, keys.strings, i, i + 4096);
      }
      this.internLocations(r.locations, keys.locations);
    } else if (!r.ownTables)
      keys = { strings: this.internAll(r.strings, []), locations: this.internLocations(r.locations, []) };
    if (reached > r.start) {
      // A multi-line document of the range before ran into this one: index this range again on this thread,
      // from where that document ended (rare: documents in a big NDJSON file).
      const builder = new ChunkBuilder();
      const indexer = new LineIndexer(builder, this.hooks, { ...ixOpts, rangeStart: true });
      const consumed = reached >= r.end ? reached : readRange(fd, reached, r.end, size, indexer, rOpts);
      const st = indexer.finish(consumed);
      r = {
        start: reached,
        end: r.end,
        stats: st,
        chunks: builder.chunks,
        strings: builder.strings.exportSince(0),
        locations: builder.locations.list,
        spans: indexer.spans,
        spanLines: indexer.spanLines,
        spanOffsets: indexer.spanOffsets,
      };
      keys = { strings: this.internAll(r.strings, []), locations: this.internLocations(r.locations, []) };
    }
    this.reached.set(source.index, Math.max(r.stats.consumedTo, r.end));
    const st = r.stats;
    const lineBase = source.lines;
    // Text lines at the top of a range belong to the record before it (a stack trace split by the range cut).
    if (st.leadingLines.length > 0) {
      const last = this.lastRecordOf(source.index);
      if (last !== null) {
        const [c, i] = last;
        setLength(c, i, st.leadingEnd - c.offset[i]);
        source.continuationLines += st.leadingLines.length;
      } else {
        for (const l of st.leadingLines)
          source.badLines.push({ line: l + lineBase, reason: 'text before the first record' });
      }
    }
    for (const c of r.chunks) {
      if (performance.now() - turn >= TURN_MS) {
        await new Promise((res) => setImmediate(res));
        turn = performance.now();
      }
      this.appendChunk(source, c, keys?.strings ?? null, keys?.locations ?? null, lineBase);
    }
    source.addStats(st, lineBase);
    this.addSpans(source, r.spans, r.spanLines, r.spanOffsets, lineBase);
  }

  /**
   * Indexes the range [from, to) on this thread, as a worker would, but with this store's tables (its chunks need
   * no re-interning when merged): in steps, yielding once a turn has run TURN_MS so the workers' results merge in
   * between. Null when aborted.
   */
  private async indexRange(
    fd: number,
    from: number,
    to: number,
    size: number,
    rOpts: { chunkSize: number; maxLineBytes?: number },
    ixOpts: LineIndexerOptions,
    signal: AbortSignal | undefined,
  ): Promise<RangeResult | null> {
    const builder = new ChunkBuilder({ strings: this.strings, locations: this.locationTable });
    const indexer = new LineIndexer(builder, this.hooks, { ...ixOpts, rangeStart: true });
    const pos = await readInSteps(fd, from, to, size, indexer, rOpts, signal);
    if (pos < 0 || signal?.aborted) return null;
    return {
      start: from,
      end: to,
      stats: indexer.finish(pos),
      chunks: builder.chunks,
      strings: { strings: [], hexAt: new Int32Array(0), hexWords: new Uint32Array(0) },
      locations: [],
      spans: indexer.spans,
      spanLines: indexer.spanLines,
      spanOffsets: indexer.spanOffsets,
      ownTables: true,
    };
  }

  private async inflate(path: string): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-'));
    const out = join(dir, basename(path).replace(/\.gz$/i, '') || 'log');
    this.temps.push(dir);
    await pipeline(createReadStream(path), createGunzip(), createWriteStream(out));
    return out;
  }

  private dropTemp(file: string): void {
    for (const d of this.temps)
      if (file.startsWith(d)) {
        try {
          rmSync(d, { recursive: true, force: true });
        } catch {
          /* gone */
        }
      }
  }

  override clear(): void {
    super.clear();
    for (const d of this.temps) {
      try {
        rmSync(d, { recursive: true, force: true });
      } catch {
        /* gone */
      }
    }
    this.temps.length = 0;
  }
}

/**
 * Indexes the lines that start in [from, to) on this thread in steps of STEP_BYTES, yielding once a turn has run
 * TURN_MS. Returns where reading stopped (as `readRange`; -1 when aborted), or where it was when `signal` aborted.
 */
async function readInSteps(
  fd: number,
  from: number,
  to: number,
  size: number,
  indexer: LineIndexer,
  opts: RangeOptions,
  signal: AbortSignal | undefined,
): Promise<number> {
  let pos = from;
  let turn = performance.now();
  while (pos < to && pos >= 0) {
    const end = pos + STEP_BYTES >= to ? to : nextLineStart(fd, pos + STEP_BYTES, to);
    pos = readRange(fd, pos, end, size, indexer, opts);
    if (pos < 0 || signal?.aborted) break;
    if (performance.now() - turn >= TURN_MS) {
      await new Promise((r) => setImmediate(r));
      turn = performance.now();
    }
  }
  return pos;
}

/** What a worker sends back for one range. */
export interface RangeResult {
  start: number;
  end: number;
  stats: LineStats;
  chunks: import('./columns').ChunkColumns[];
  /** The range's new strings; trace ids as their words. */
  strings: StringBatch;
  locations: import('../model').SourceLocation[];
  spans: import('../model').Span[];
  spanLines: number[];
  spanOffsets: number[];
  /** Set by a worker: its strings and locations are the ones new since its previous range, numbered from these. */
  stringBase?: number;
  locationBase?: number;
  /** Set by the pool: which worker made this range. */
  worker?: number;
  /** Indexed on the calling thread with the store's own tables (see `indexRange`): keys need no mapping. */
  ownTables?: boolean;
}

/** A worker's string and location keys mapped to the store's. */
interface WorkerKeys {
  strings: number[];
  locations: number[];
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

function describeFsError(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path}: no such file`;
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied`;
  if (code === 'EISDIR') return `${path} is a directory, not a log file`;
  return `${path}: ${(e as Error).message}`;
}

/** A store for a session: add files and streams, read columns, load records. */
export function createRecordStore(opts: StoreOptions = {}): IndexStore {
  return new IndexStore(opts);
}

/** Indexes one file into a new store. */
export async function indexFile(
  path: string,
  opts: IndexFileOptions = {},
): Promise<FileIndexResult & { store: IndexStore }> {
  const store = createRecordStore({ fieldMappings: opts.fieldMappings });
  const r = await store.addFile(path, opts);
  return { ...r, store };
}
