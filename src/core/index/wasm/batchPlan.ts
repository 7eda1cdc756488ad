// A fast path (fastShape.ts) as a program for scan.c's line batches: the same steps with their keys, as int32
// words in the layout scan.c reads (its P_* constants). Only plans whose every step the C code does exactly
// become programs; `encodeBatchPlan` gives null for the others, and their lines keep the JavaScript fast path.

import type { TimeDecode } from '../../formats/schema';
import type { ByteMap } from '../interner';
import { wasmScanner } from './wasmScan';

// the program layout, as in scan.c
const P_EXPN = 0;
const P_ERROR_LEVEL = 1;
const P_NCONT = 2;
const P_CONT = 3;
const P_NCHK = 19;
const P_CHK = 20;
const P_NTIME = 100;
const P_TIME = 101;
const P_LEVEL_CONST = 133;
const P_NLEVEL = 134;
const P_LEVEL = 135;
const P_TRACE = 183;
const P_CORR = 187;
const P_THREAD = 190;
const P_SERVICE = 193;
const P_SPAN = 196;
const P_PARENT = 197;
const P_LOC = 198;
const P_NERR = 200;
const P_ERR = 201;
const P_FORMAT = 217;
const PROG_WORDS = 256;
/** The time decodes scan.c knows (TIME_*); ISO-8601 and asctime share decode.ts `isoParts`. */
const TIME_KINDS: Partial<Record<TimeDecode, number>> = { iso: 1, asctime: 1, epochMs: 2, epochS: 3 };
const LIST_CAP = 16;

/** A compiled program and the JavaScript caches its tables copy entries of. */
export interface BatchPlan {
  readonly prog: Int32Array;
  readonly pool: Uint8Array;
  /** Table numbers in the module, and the cache each copies (same order). */
  readonly tables: readonly number[];
  readonly caches: readonly ByteMap[];
  readonly resolve: ResolveLeft;
}

/**
 * The cached value (a string key, or the cache's mark for null) of a value a batch row left to the caller, as
 * the JavaScript path computes it on a cache miss: `field` 0 trace, 1 correlation, 2 thread, 3 service; the
 * raw value at mem[key, key + keyLen); the value at buf[start, end) with its scan type and flags.
 */
export type ResolveLeft = (
  field: number,
  mem: Uint8Array,
  key: number,
  keyLen: number,
  buf: Uint8Array,
  start: number,
  end: number,
  type: number,
  flags: number,
) => number;

/** A value cached by the raw bytes of neighbouring keys first…last (fastShape.ts `CachedField`). */
export interface CachedKeys {
  readonly first: number;
  readonly last: number;
  readonly cache: ByteMap;
}

/**
 * A signature check on one key's value: raw bytes equal to `want`, a value type among `types`, or a pattern's
 * outcome (1 or 0) as its cache holds it by the value's raw bytes.
 */
export type BatchCheck =
  | { kind: 'equals'; idx: number; expect: boolean; want: Uint8Array }
  | { kind: 'types'; idx: number; expect: boolean; types: readonly number[]; number: boolean }
  | { kind: 'matches'; idx: number; expect: boolean; cache: ByteMap };

export interface BatchShape {
  keys: number;
  format: number;
  errorLevel: number;
  containers: readonly number[];
  checks: readonly BatchCheck[];
  /** Time rules in order: key and decode. */
  times: readonly { idx: number; decode: TimeDecode }[];
  /** Level: parts tried in order until one gives a non-zero code, or a constant code when there are none. */
  levelParts: readonly CachedKeys[];
  levelConst: number;
  trace: CachedKeys | null;
  /** Trace ids of 32 lower-case hex digits are kept as their words (fastShape.ts `trace32`). */
  trace32: boolean;
  correlation: CachedKeys | null;
  thread: CachedKeys | null;
  service: CachedKeys | null;
  /** Keys of span and parent ids taken as 16 lower-case hex digits, or -1. */
  span: number;
  parent: number;
  /** Keys of a deferred location's first and last value, or -1. */
  locFirst: number;
  locLast: number;
  errorKeys: readonly number[];
  resolve: ResolveLeft;
}

/** The program for a shape, or null (no WebAssembly module, or a plan beyond the program's lists). */
export function encodeBatchPlan(s: BatchShape): BatchPlan | null {
  const w = wasmScanner();
  if (w === null) return null;
  const b = w.batch;
  if (
    s.containers.length > LIST_CAP ||
    s.checks.length > LIST_CAP ||
    s.times.length > LIST_CAP ||
    s.levelParts.length > LIST_CAP ||
    s.errorKeys.length > LIST_CAP
  )
    return null;
  const prog = new Int32Array(PROG_WORDS);
  const poolBytes: number[] = [];
  const tables: number[] = [];
  const caches: ByteMap[] = [];
  const table = (c: CachedKeys, at: number) => {
    const t = b.nextTable++;
    tables.push(t);
    caches.push(c.cache);
    prog[at] = t;
    prog[at + 1] = c.first;
    prog[at + 2] = c.last;
  };
  prog[P_EXPN] = s.keys;
  prog[P_ERROR_LEVEL] = s.errorLevel;
  prog[P_NCONT] = s.containers.length;
  s.containers.forEach((i, j) => (prog[P_CONT + j] = i));
  prog[P_NCHK] = s.checks.length;
  // checks: kind (1 equals, 2 types, 3 matches), key, expected outcome, then pool offset and length, type bits
  // and number flag, or the table of the pattern's outcomes
  for (let j = 0; j < s.checks.length; j++) {
    const c = s.checks[j],
      at = P_CHK + j * 5;
    prog[at + 1] = c.idx;
    prog[at + 2] = c.expect ? 1 : 0;
    if (c.kind === 'equals') {
      prog[at] = 1;
      prog[at + 3] = poolBytes.length;
      prog[at + 4] = c.want.length;
      poolBytes.push(...c.want);
    } else if (c.kind === 'matches') {
      prog[at] = 3;
      prog[at + 3] = b.nextTable++;
      tables.push(prog[at + 3]);
      caches.push(c.cache);
    } else {
      prog[at] = 2;
      prog[at + 3] = c.types.reduce((m, t) => m | (1 << t), 0);
      prog[at + 4] = c.number ? 1 : 0;
    }
  }
  if (poolBytes.length > b.pool.length) return null;
  prog[P_NTIME] = s.times.length;
  s.times.forEach((t, j) => {
    prog[P_TIME + j * 2] = t.idx;
    prog[P_TIME + j * 2 + 1] = TIME_KINDS[t.decode] ?? 0;
  });
  prog[P_LEVEL_CONST] = s.levelConst;
  prog[P_NLEVEL] = s.levelParts.length;
  s.levelParts.forEach((c, j) => table(c, P_LEVEL + j * 3));
  const field = (c: CachedKeys | null, at: number) => {
    if (c === null) prog[at] = -1;
    else table(c, at);
  };
  field(s.trace, P_TRACE);
  prog[P_TRACE + 3] = s.trace32 ? 1 : 0;
  field(s.correlation, P_CORR);
  field(s.thread, P_THREAD);
  field(s.service, P_SERVICE);
  prog[P_SPAN] = s.span;
  prog[P_PARENT] = s.parent;
  prog[P_LOC] = s.locFirst;
  prog[P_LOC + 1] = s.locLast;
  prog[P_NERR] = s.errorKeys.length;
  s.errorKeys.forEach((i, j) => (prog[P_ERR + j] = i));
  prog[P_FORMAT] = s.format;
  return { prog, pool: Uint8Array.from(poolBytes), tables, caches, resolve: s.resolve };
}

/** Empties the module's tables (their caches forgot their values). */
export function clearBatchTables(): void {
  wasmScanner()?.batch.tablesClear();
}
