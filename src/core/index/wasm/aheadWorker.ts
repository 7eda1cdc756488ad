// The scan-ahead thread (bundled to dist/scanAhead.js; see scanAhead.ts): reads chunks of a file ahead of the
// calling thread and runs the WebAssembly module's line batches over them, with a copy of the calling thread's
// module memory (its programs and value tables). It only reads and scans: every value a table lacks, every line
// a batch stops at, is left to the calling thread, which takes the results as if its own module had run them.
// Each chunk has a claim word, so the calling thread takes over any chunk this thread has not claimed (it never
// waits for a chunk nobody works on).

import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { setThreadV8Flags } from '../v8Flags';
import { instantiate, STOP_JS, STOP_MISS } from './wasmScan';
import {
  C_AHEAD_WAITS,
  C_BEAT,
  C_CALLER_WAITS,
  C_CANCEL,
  C_CONSUMED,
  C_READY,
  CLAIM_AHEAD,
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
  LEFT_PER_ROW,
  R_LS,
  R_ROWS,
  R_SIZE,
  R_STATE,
  RECORD_HEADER_BYTES,
  recordBytes,
  S_FAILED,
  S_FINISHED,
  S_RUNNING,
  sharedLayout,
  slotAt,
  U8_COLUMNS,
  type AheadGeometry,
} from './aheadLayout';

export interface AheadStart extends AheadGeometry {
  module: WebAssembly.Module;
  /** The parts of the calling thread's module memory (programs, tables) at the start, one after the other. */
  snapshot: ArrayBuffer;
  /** Where they go: [start, end) pairs. */
  parts: number[];
  shared: SharedArrayBuffer;
  path: string;
  /** File offset of chunk 0 (a line start after the first byte), the file's size, and the chunks. */
  from: number;
  size: number;
  chunks: number;
  /** Program slots the batches may use, and the one to try first. */
  mask: number;
  first: number;
}

/** A chunk's records end once this many batch calls in a row stopped at their first line (lines of other shapes). */
const MAX_EMPTY_STOPS = 8;
/** A batch call is not started with room for fewer rows. */
const MIN_ROWS = 16;
/** The thread claims chunks from this many past the one the calling thread is on (see the loop below). */
const AHEAD_GAP = 2;

function run(m: AheadStart): void {
  const ctrl = new Int32Array(m.shared, 0, CTRL_WORDS);
  const w = instantiate(m.module);
  const memory = new Uint8Array(w.memory);
  for (let i = 0, o = 0; i < m.parts.length; o += m.parts[i + 1] - m.parts[i], i += 2)
    memory.set(new Uint8Array(m.snapshot, o, m.parts[i + 1] - m.parts[i]), m.parts[i]);
  const b = w.batch,
    mem = b.bytes,
    bufLo = w.bufLo,
    state = b.state;
  const maxRows = b.rows.timeMs.length;
  // Where each column of a record's rows lies in the module's memory and its bytes a row, in the record's order:
  // a batch's rows are copied as bytes, column by column, in one small loop (V8's optimised code for a loop
  // over named columns was the biggest compile of the run: 22–33 ms).
  const rowsOf = b.rows as unknown as Record<string, Float64Array | Int32Array | Uint32Array | Uint8Array>;
  const colAt: number[] = [],
    colBytes: number[] = [];
  const column = (a: { byteOffset: number }, bytes: number): void => {
    colAt.push(a.byteOffset);
    colBytes.push(bytes);
  };
  for (const c of F64_COLUMNS) column(rowsOf[c], 8);
  for (const c of I32_COLUMNS) column(rowsOf[c], 4);
  column(b.rows.words, 16);
  const rowColumns = colAt.length;
  for (const c of LEFT_COLUMNS) column(b.left[c], 4);
  const leftColumns = colAt.length;
  for (const c of U8_COLUMNS) column(rowsOf[c], 1);
  const at32 = Int32Array.from(colAt),
    bytes32 = Int32Array.from(colBytes);
  const f64 = new Float64Array(m.shared),
    i32 = new Int32Array(m.shared),
    u8 = new Uint8Array(m.shared);
  const fd = openSync(m.path, 'r');
  let cur = m.first;
  const layout = sharedLayout(m, m.chunks);
  const claims = new Int32Array(m.shared, layout.claims, m.chunks);
  const logCount = layout.log >> 2;
  // the log's keys are copied to the second half of the read buffer (a chunk uses less than the first)
  const scratch = bufLo + ((w.bufHi - bufLo) >> 1);
  let applied = 0,
    logAt = layout.log + 8;

  /** Adds the table entries the calling thread logged since the last call. */
  const replay = (): void => {
    for (const n = Atomics.load(i32, logCount); applied < n; applied++) {
      const at = logAt >> 2;
      const len = i32[at + 2];
      if (len <= (w.bufHi - bufLo) >> 2) {
        mem.set(u8.subarray(logAt + 12, logAt + 12 + len), scratch);
        b.tableSet(i32[at], scratch, len, i32[at + 1]);
      }
      logAt += 12 + ((len + 3) & ~3);
    }
  };

  /** Reads chunk k and runs the batches over its lines into slot s. */
  const fill = (k: number, s: number): void => {
    const at = slotAt(m, s);
    const cs = m.from + k * m.chunkBytes,
      ce = Math.min(cs + m.chunkBytes, m.size);
    const base = cs - 1;
    const want = Math.min(ce + m.tailBytes, m.size) - base;
    let n = 0;
    while (n < want) {
      const r = readSync(fd, mem, bufLo + n, want - n, base + n);
      if (r === 0) break;
      n += r;
    }
    const nl = mem.subarray(bufLo, bufLo + n).indexOf(10);
    let ls = nl >= 0 ? nl + 1 : -1;
    const start = ls;
    const limit = ce - base;
    const recBase = at.records;
    let used = 0,
      records = 0,
      empty = 0,
      needBytes = false;
    while (ls >= 0 && ls < limit && empty < MAX_EMPTY_STOPS && Atomics.load(ctrl, C_CANCEL) === 0) {
      const room = Math.floor((m.recordBytes - used - RECORD_HEADER_BYTES - 8) / recordBytes(1, LEFT_PER_ROW));
      const most = Math.min(maxRows, room);
      if (most < MIN_ROWS) break;
      const rows = b.run(bufLo, ls, n, limit, m.mask, cur, most, base, 0);
      Atomics.add(ctrl, C_BEAT, 1);
      const why = state[1];
      if (rows === 0 && why !== STOP_JS && why !== STOP_MISS) break;
      const defs = state[11];
      const r = recBase + used;
      const size = recordBytes(rows, defs);
      const h = r >> 2;
      i32[h + R_LS] = ls;
      i32[h + R_ROWS] = rows;
      i32.set(state, h + R_STATE);
      i32[h + R_SIZE] = size;
      let o = r + RECORD_HEADER_BYTES;
      for (let j = 0; j < at32.length; j++) {
        const n = (j >= rowColumns && j < leftColumns ? defs : rows) * bytes32[j];
        u8.set(mem.subarray(at32[j], at32[j] + n), o);
        o += n;
      }
      used += size;
      records++;
      cur = state[10];
      needBytes ||= defs > 0 || why === STOP_JS || why === STOP_MISS;
      if (why === STOP_JS || why === STOP_MISS) {
        empty = rows === 0 ? empty + 1 : 0;
        ls = state[9] + 1;
      } else {
        ls = state[0];
        if (rows < most) break;
      }
    }
    if (needBytes) u8.set(mem.subarray(bufLo, bufLo + n), at.bytes);
    f64[at.at >> 3] = base;
    const hd = at.at >> 2;
    i32[hd + H_BYTES] = n;
    i32[hd + H_START] = start;
    i32[hd + H_COVERED] = ls;
    i32[hd + H_COMPLETE] = ls >= limit ? 1 : 0;
    i32[hd + H_RECORDS] = records;
    i32[hd + H_HAS_BYTES] = needBytes ? 1 : 0;
  };

  try {
    Atomics.store(ctrl, C_STATE, S_RUNNING);
    const lead = m.slots - 1;
    let last = -1;
    while (Atomics.load(ctrl, C_CANCEL) === 0) {
      // the first chunk nobody has claimed from two past the one the calling thread is on, up to `lead` past
      // it (its slot held a chunk the calling thread is done with). The chunk right after the calling thread's
      // is left to it: when this thread falls behind, the calling thread finds it free and reads it itself
      // instead of waiting; when this thread is ahead, it claimed that chunk long before.
      const done = Atomics.load(ctrl, C_CONSUMED);
      if (done >= m.chunks) break;
      let k = -1;
      for (let c = Math.max(last + 1, done + AHEAD_GAP); c <= done + lead && c < m.chunks && k < 0; c++)
        if (Atomics.compareExchange(claims, c, CLAIM_FREE, CLAIM_AHEAD) === CLAIM_FREE) k = c;
      if (k < 0) {
        Atomics.store(ctrl, C_AHEAD_WAITS, 1);
        if (Atomics.load(ctrl, C_CONSUMED) === done) Atomics.wait(ctrl, C_CONSUMED, done, 100);
        Atomics.store(ctrl, C_AHEAD_WAITS, 0);
        continue;
      }
      last = k;
      replay();
      fill(k, k % m.slots);
      Atomics.store(ctrl, C_READY + (k % m.slots), k + 1);
      if (Atomics.load(ctrl, C_CALLER_WAITS) !== 0) Atomics.notify(ctrl, C_READY + (k % m.slots));
    }
    Atomics.store(ctrl, C_STATE, S_FINISHED);
  } catch {
    // the calling thread takes every chunk this thread did not finish
    Atomics.store(ctrl, C_STATE, S_FAILED);
  } finally {
    closeSync(fd);
    for (let s = 0; s < m.slots; s++) Atomics.notify(ctrl, C_READY + s);
  }
}

setThreadV8Flags();

parentPort?.once('message', (m: AheadStart) => {
  try {
    run(m);
  } catch {
    Atomics.store(new Int32Array(m.shared, 0, CTRL_WORDS), C_STATE, S_FAILED);
  }
  parentPort?.close();
});
