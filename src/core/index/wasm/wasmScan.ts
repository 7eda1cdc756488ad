// The WebAssembly line scanner (scan.c, built by scripts/build-wasm.mjs): one instance per thread, created on
// first use with the synchronous WebAssembly API. Its memory holds the range reader's buffer and the scanner's
// outputs; it never grows, so the views below stay valid for the thread's life. Without the module (not built, no
// SIMD support, THREADLINE_SCANNER=js) everything takes the JavaScript scanner.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

export interface WasmScanner {
  /** The compiled module (a thread that runs batches ahead instantiates it too). */
  readonly module: WebAssembly.Module;
  /** The module's memory: a buffer over it whose bytes lie in [bufLo, bufHi) may be scanned by `scan`. */
  readonly memory: ArrayBuffer;
  readonly bufLo: number;
  readonly bufHi: number;
  /** scan(base, s, e, expectedKeys): keys found, or -1 invalid, -2 too many keys, -3 no opening brace. */
  readonly scan: (base: number, s: number, e: number, expN: number) => number;
  readonly keyStart: Int32Array;
  readonly keyEnd: Int32Array;
  readonly valStart: Int32Array;
  readonly valEnd: Int32Array;
  readonly valType: Uint8Array;
  readonly flags: Uint8Array;
  /** After a scan: expected keys matched, whether all matched, key escapes, non-ASCII bytes (0/1). */
  readonly info: Int32Array;
  readonly expBytes: Uint8Array;
  readonly expEnds: Int32Array;
  /** The expectation whose bytes `expBytes`/`expEnds` hold (copied in when a scan brings another one). */
  expOf: Uint8Array | null;
  expEndsOf: Int32Array | null;
  /** A range reader holds the read buffer (a nested read takes a buffer of its own). */
  bufferBusy: boolean;
  /**
   * The parts of the memory a copy for another thread needs, [start, end) pairs: all but the read buffer and
   * the value tables' arena past what is in use.
   */
  readonly stateParts: () => number[];
  /** Line batches (scan.c `batch`): the fast path of fastShape.ts run over many lines in one call. */
  readonly batch: WasmBatch;
}

/** scan.c's line batches: the program, the value tables and the rows one call writes. */
export interface WasmBatch {
  /**
   * batch(base, ls, len, limit, slotMask, first, maxRows, fileBase, line0): rows written (`state` says where and
   * why it stopped).
   */
  readonly run: (
    base: number,
    ls: number,
    len: number,
    limit: number,
    slotMask: number,
    first: number,
    maxRows: number,
    fileBase: number,
    line0: number,
  ) => number;
  readonly tableSet: (table: number, key: number, len: number, value: number) => void;
  /** The value of a key in a table, or -2 when the table does not have it. */
  readonly tableGet: (table: number, key: number, len: number) => number;
  /** Empties the tables because their caches forgot their values (the values a copy of them holds are stale). */
  readonly tablesClear: () => void;
  /** How many times `tablesClear` ran. */
  readonly cleared: number;
  /** Told of every entry `tableSet` adds (a thread scanning ahead with a copy of the tables gets them too). */
  tableLog: ((table: number, key: number, len: number, value: number) => void) | null;
  /** Program slots: words, `equals` bytes, the shape's key bytes and key ends (layout in scan.c). */
  readonly prog: Int32Array[];
  readonly pool: Uint8Array[];
  readonly keys: Uint8Array[];
  readonly ends: Int32Array[];
  /** The program each slot holds (copied in when a batch brings another one). */
  readonly slotOf: (Int32Array | null)[];
  readonly state: Int32Array;
  /** The whole memory as bytes (table keys are looked up in the JavaScript caches through it). */
  readonly bytes: Buffer;
  /** The next table number to hand out (tables of all shapes share one index in the module). */
  nextTable: number;
  readonly rows: BatchRows;
  /** Values the rows left to the caller (scan.c def_*; `state[11]` of them). */
  readonly left: LeftValues;
}

/**
 * A value a batch row left to the caller (a value its table did not have): the row, the field (0 trace, 1
 * correlation, 2 thread, 3 service), the table, the raw value's address and length, the value's start and end
 * in the read buffer, its type | flags << 8, and the program slot the row's line took.
 */
export interface LeftValues {
  readonly row: Int32Array;
  readonly field: Int32Array;
  readonly table: Int32Array;
  readonly key: Int32Array;
  readonly keyLen: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly type: Int32Array;
  readonly slot: Int32Array;
}

/**
 * Left values from their columns, `column(k)` the k-th of row, field, table, key, keyLen, start, end, type, slot
 * (scan.c's def_* order). Every LeftValues is made here, so all have one shape: the code that takes them in is
 * optimised for one, and another would send it back to be compiled again (measured).
 */
export function leftValues(column: (k: number) => Int32Array): LeftValues {
  return {
    row: column(0),
    field: column(1),
    table: column(2),
    key: column(3),
    keyLen: column(4),
    start: column(5),
    end: column(6),
    type: column(7),
    slot: column(8),
  };
}

/** One batch's rows, as the builder copies them into a chunk (layout of scan.c's out_* arrays). */
export interface BatchRows {
  readonly timeMs: Float64Array;
  readonly subNs: Int32Array;
  readonly level: Uint8Array;
  readonly idFlags: Uint8Array;
  readonly format: Int32Array;
  /** String keys, or TRACE_WORDS: the id's four words are in `words` at 4 × row. */
  readonly trace: Int32Array;
  readonly words: Uint32Array;
  readonly thread: Int32Array;
  readonly service: Int32Array;
  readonly correlation: Int32Array;
  readonly spanHi: Uint32Array;
  readonly spanLo: Uint32Array;
  readonly parentHi: Uint32Array;
  readonly parentLo: Uint32Array;
  readonly location: Int32Array;
  readonly line: Uint32Array;
  readonly offset: Float64Array;
  readonly length: Float64Array;
}

/** A batch row's trace value when the id's 32 hex digits are in `BatchRows.words`. */
export const TRACE_WORDS = -7;
/** A batch row's value left to the caller (see `LeftValues`). */
export const LEFT_VALUE = -9;
/** Batch stop reasons (state[1]): the line needs the JavaScript path; a table lacks one of its values. */
export const STOP_JS = 1;
export const STOP_MISS = 2;

/** Where the module is looked for: next to the bundle (dist/), or the build cache when running from source. */
const here = typeof __dirname === 'string' ? __dirname : '';
const CANDIDATES = here ? [join(here, 'scan.wasm'), join(here, '../../../../.cache/wasm/scan.wasm')] : [];

let loaded: WasmScanner | null | undefined;
let loadError = '';

/** This thread's scanner, or null when the JavaScript scanner is to be used. */
export function wasmScanner(): WasmScanner | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}

/** Why `wasmScanner()` is null ('' when it is not, or when the JavaScript scanner was asked for). */
export function wasmScannerError(): string {
  wasmScanner();
  return loadError;
}

function load(): WasmScanner | null {
  if (process.env.THREADLINE_SCANNER === 'js') return null;
  const early = (globalThis as Record<symbol, WebAssembly.Module | undefined>)[EARLY];
  if (early !== undefined) return instantiate(early);
  const bytes = moduleBytes();
  if (bytes === null) {
    loadError = `scan.wasm not found (${CANDIDATES.join(', ')})`;
    return null;
  }
  try {
    return instantiate(new WebAssembly.Module(bytes));
  } catch (e) {
    loadError = `scan.wasm did not load: ${(e as Error).message}`;
    return null;
  }
}

function moduleBytes(): Uint8Array<ArrayBuffer> | null {
  for (const p of CANDIDATES) {
    try {
      return new Uint8Array(readFileSync(p));
    } catch {
      // not there: the next place
    }
  }
  return null;
}

/** The module compiled by `compileScannerEarly` (a symbol of the global registry: see there). */
const EARLY = Symbol.for('threadline.scanModule');
/** V8's own values of the two flags below (V8 11 to 13: Node 20 to 24); other versions are left alone. */
const TIERING_DEFAULTS = '--wasm-dynamic-tiering --wasm-lazy-compilation';

/**
 * Compiles the module now, with every function's optimised code made at once on V8's background threads, for
 * this thread's scanner to use when it is first asked for. Called by the command line's executable, before the
 * command's bundle loads, when it is about to read a file big enough to want the optimised code anyway: V8 would
 * otherwise compile it lazily and optimise `batch` only once it ran hot, ≈ 25 ms of compiling (measured) on a
 * core the scanning threads then share, where now it runs while one thread loads the bundle and the other core
 * is idle.
 *
 * V8 decides this by flags, read as the module is compiled; they are put back to V8's values right after: a
 * thread started while any flag differs rejects the code caches (Node's own too) and takes twice as long to
 * start (see v8Flags.ts). Nothing is done when the process was started with wasm flags of its own, or on a V8
 * whose defaults are not known here.
 */
export function compileScannerEarly(): void {
  const g = globalThis as Record<symbol, WebAssembly.Module | undefined>;
  if (g[EARLY] !== undefined || process.env.THREADLINE_SCANNER === 'js') return;
  const v8Major = Number(process.versions.v8.split('.')[0]);
  if (v8Major < 11 || v8Major > 13) return;
  const options = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (options.some((a) => /^--(no-)?(wasm|liftoff)/.test(a))) return;
  const bytes = moduleBytes();
  if (bytes === null) return;
  setFlagsFromString('--no-wasm-dynamic-tiering --no-wasm-lazy-compilation');
  try {
    g[EARLY] = new WebAssembly.Module(bytes);
  } catch {
    // the scanner's own load says why, when it is asked for
  } finally {
    setFlagsFromString(TIERING_DEFAULTS);
  }
}

/** A new instance of the compiled module, with the views over its memory (a thread's own scanner). */
export function instantiate(module: WebAssembly.Module): WasmScanner {
  const instance = new WebAssembly.Instance(module, {});
  const x = instance.exports as Record<string, unknown>;
  const fn = (name: string) => x[name] as (...a: number[]) => number;
  const memory = (x.memory as WebAssembly.Memory).buffer;
  const keys = fn('limits')(0);
  const i32 = (ptr: string, n: number) => new Int32Array(memory, fn(ptr)(), n);
  const u8 = (ptr: string, n: number) => new Uint8Array(memory, fn(ptr)(), n);
  const bufLo = fn('buf_ptr')();
  const rows = fn('batch_limits')(0),
    left = fn('batch_limits')(6);
  const slots = <T>(f: (j: number) => T): T[] => Array.from({ length: fn('batch_limits')(3) }, (_, j) => f(j));
  const out = <T>(which: number, C: new (b: ArrayBuffer, o: number, n: number) => T, n = rows) =>
    new C(memory, fn('out_ptr')(which), n);
  const batch: WasmBatch = {
    run: x.batch as WasmBatch['run'],
    tableSet: (table, key, len, value) => {
      (x.table_set as WasmBatch['tableSet'])(table, key, len, value);
      batch.tableLog?.(table, key, len, value);
    },
    tableGet: x.table_get as WasmBatch['tableGet'],
    tableLog: null,
    tablesClear: () => {
      (batch as { cleared: number }).cleared++;
      (x.tables_clear as () => void)();
    },
    cleared: 0,
    prog: slots((j) => new Int32Array(memory, fn('prog_ptr')(j), fn('batch_limits')(1))),
    pool: slots((j) => new Uint8Array(memory, fn('pool_ptr')(j), fn('batch_limits')(2))),
    keys: slots((j) => new Uint8Array(memory, fn('pkeys_ptr')(j), fn('batch_limits')(4))),
    ends: slots((j) => new Int32Array(memory, fn('pends_ptr')(j), fn('batch_limits')(5))),
    slotOf: slots(() => null),
    state: i32('bstate_ptr', 16),
    bytes: Buffer.from(memory),
    nextTable: 1,
    left: leftValues((k) => out(18 + k, Int32Array, left)),
    rows: {
      timeMs: out(0, Float64Array),
      subNs: out(1, Int32Array),
      level: out(2, Uint8Array),
      idFlags: out(3, Uint8Array),
      format: out(17, Int32Array),
      trace: out(4, Int32Array),
      words: out(5, Uint32Array, rows * 4),
      thread: out(6, Int32Array),
      service: out(7, Int32Array),
      correlation: out(8, Int32Array),
      spanHi: out(9, Uint32Array),
      spanLo: out(10, Uint32Array),
      parentHi: out(11, Uint32Array),
      parentLo: out(12, Uint32Array),
      location: out(13, Int32Array),
      line: out(14, Uint32Array),
      offset: out(15, Float64Array),
      length: out(16, Float64Array),
    },
  };
  return {
    batch,
    module,
    memory,
    bufLo,
    bufHi: bufLo + fn('buf_bytes')(),
    scan: x.scan as WasmScanner['scan'],
    keyStart: i32('key_start_ptr', keys),
    keyEnd: i32('key_end_ptr', keys),
    valStart: i32('val_start_ptr', keys),
    valEnd: i32('val_end_ptr', keys),
    valType: u8('val_type_ptr', keys),
    flags: u8('flags_ptr', keys),
    info: i32('info_ptr', 4),
    expBytes: u8('exp_bytes_ptr', fn('limits')(1)),
    expEnds: i32('exp_ends_ptr', fn('limits')(2)),
    expOf: null,
    expEndsOf: null,
    bufferBusy: false,
    stateParts: () => {
      const arena = fn('arena_span')(0),
        used = fn('arena_span')(1),
        arenaEnd = arena + fn('arena_span')(2);
      const holes = [
        [bufLo, bufLo + fn('buf_bytes')()],
        [arena + used, arenaEnd],
      ].sort((a, b) => a[0] - b[0]);
      const parts: number[] = [];
      let at = 0;
      for (const [s, e] of holes) {
        if (s > at) parts.push(at, s);
        at = Math.max(at, e);
      }
      if (at < memory.byteLength) parts.push(at, memory.byteLength);
      return parts;
    },
  };
}

/**
 * A read buffer of `bytes` in the scanner's memory, or null (no module, already held, or too small). The
 * holder gives it back with `releaseReadBuffer`.
 */
export function claimReadBuffer(bytes: number): Buffer | null {
  const w = wasmScanner();
  if (w === null || w.bufferBusy || bytes > w.bufHi - w.bufLo) return null;
  w.bufferBusy = true;
  return Buffer.from(w.memory, w.bufLo, bytes);
}

/** The claimed read buffer made `bytes` long (its bytes stay where they are), or null when it cannot be. */
export function widenReadBuffer(bytes: number): Buffer | null {
  const w = wasmScanner();
  if (w === null || !w.bufferBusy || bytes > w.bufHi - w.bufLo) return null;
  return Buffer.from(w.memory, w.bufLo, bytes);
}

export function releaseReadBuffer(): void {
  const w = wasmScanner();
  if (w !== null) w.bufferBusy = false;
}
