// The shared memory between the calling thread and its scan-ahead thread (scanAhead.ts, aheadWorker.ts): a few
// control words, then a ring of slots, each holding one chunk of the file as the thread read it and the results
// of the line batches it ran over it. Both sides compute every offset from these constants and the sizes in the
// start message, so the two cannot disagree.

/** Control words (Int32 indexes). */
export const C_CONSUMED = 1; // chunks the calling thread is done with (their slots may be filled again)
export const C_STATE = 2; // the thread's state (S_*)
export const C_CANCEL = 3; // set by the calling thread: stop claiming chunks
export const C_BEAT = 4; // bumped by the thread after every batch call (the calling thread's sign of life)
// set while a side waits (Atomics.wait): the other wakes it then only (a wake is a system call)
export const C_AHEAD_WAITS = 5;
export const C_CALLER_WAITS = 6;
export const C_READY = 8; // + slot: 1 + the chunk the slot holds, once it is complete
export const CTRL_WORDS = 64;
export const MAX_SLOTS = CTRL_WORDS - C_READY;

/** A chunk's claim word: nobody's yet, the calling thread's, the scan-ahead thread's. */
export const CLAIM_FREE = 0;
export const CLAIM_CALLER = 1;
export const CLAIM_AHEAD = 2;

export const S_BOOTING = 0;
export const S_RUNNING = 1;
export const S_FINISHED = 2;
export const S_FAILED = 3;

/** A slot's header: its Float64 file offset at byte 0, then these Int32 words (indexes from the slot's start). */
export const H_BYTES = 2; // bytes read (the chunk's first byte is the one before its start)
export const H_START = 3; // the first line start in the chunk, relative to the slot's bytes (-1: none)
export const H_COVERED = 4; // where the thread's records end (a line start)
export const H_COMPLETE = 5; // 1 when the records reach the first line start at or after the chunk's end
export const H_RECORDS = 6;
export const H_HAS_BYTES = 7; // 1 when the bytes were copied (a record leaves values or a line to the caller)
export const SLOT_HEADER_BYTES = 64;

/**
 * A record is one batch call: a header (R_*) and its rows and left values. The rows' columns follow in the order
 * of F64_COLUMNS, I32_COLUMNS, the trace words (four a row), the left values (LEFT_COLUMNS, `defs` of each), and
 * the byte columns; the record is padded to 8 bytes.
 */
export const R_LS = 0; // the line start the call began at (relative to the slot's bytes)
export const R_ROWS = 1;
export const R_STATE = 2; // 16 words: the module's batch state after the call (scan.c `bstate`)
export const R_SIZE = 19; // the record's bytes
export const RECORD_HEADER_BYTES = 80;

export const F64_COLUMNS = ['timeMs', 'offset', 'length'] as const;
export const I32_COLUMNS = [
  'subNs',
  'trace',
  'thread',
  'service',
  'correlation',
  'spanHi',
  'spanLo',
  'parentHi',
  'parentLo',
  'location',
  'format',
  'line',
] as const;
export const U8_COLUMNS = ['level', 'idFlags'] as const;
export const LEFT_COLUMNS = ['row', 'field', 'table', 'key', 'keyLen', 'start', 'end', 'type', 'slot'] as const;

/** Bytes a row takes in a record before the left values (its 64- and 32-bit columns and trace words). */
export const ROW_BYTES_BEFORE_LEFT = 8 * F64_COLUMNS.length + 4 * I32_COLUMNS.length + 16;

/** A record's bytes for `rows` rows and `defs` left values. */
export function recordBytes(rows: number, defs: number): number {
  const n = RECORD_HEADER_BYTES + rows * (ROW_BYTES_BEFORE_LEFT + U8_COLUMNS.length) + defs * 4 * LEFT_COLUMNS.length;
  return (n + 7) & ~7;
}

/** Left values a batch call may write a row at most before it stops (scan.c DEF_CAP is twice its rows). */
export const LEFT_PER_ROW = 2;

/**
 * Value-table entries the calling thread added after the thread's copy (a log the thread replays before each
 * chunk): a count word, then per entry its table, value and key length, and the key's bytes padded to 4.
 */
export const LOG_BYTES = 1 << 20;

export interface AheadGeometry {
  /** Bytes of the file a chunk's lines start in, and bytes read past its end for the line that crosses it. */
  chunkBytes: number;
  tailBytes: number;
  slots: number;
  /** Bytes of a slot's record area. */
  recordBytes: number;
}

/**
 * 512 KiB chunks with a 32 KiB tail (6 % read twice), up to 48 in flight: 24 MiB ahead, so the thread goes on
 * while the calling thread groups what it took in (turns of up to ≈ 100 ms); 24 in flight were 4 % slower, 128 no
 * faster and ≈ 10 MB bigger. 256 KiB of records a chunk (≥ 1,500 rows; a chunk of shorter lines ends where its
 * records do). Shared memory is touched only where written: a chunk's bytes are copied only when the calling
 * thread will need them. Below 8 MiB after the first records the thread's start (≈ 30 ms of the other core) is
 * not paid back.
 */
export const AHEAD_DEFAULTS = {
  chunkBytes: 512 * 1024,
  tailBytes: 32 * 1024,
  slots: 48,
  recordBytes: 256 * 1024,
  minBytes: 8 << 20,
};

/** Bytes of one slot: its header, the chunk's bytes (with the byte before it and the tail), its records. */
export function slotBytes(g: AheadGeometry): number {
  return SLOT_HEADER_BYTES + ((g.chunkBytes + g.tailBytes + 1 + 64 + 7) & ~7) + g.recordBytes;
}

/** Offset of slot `s`, and of its bytes and records. */
export function slotAt(g: AheadGeometry, s: number): { at: number; bytes: number; records: number } {
  const at = CTRL_WORDS * 4 + s * slotBytes(g);
  const bytes = at + SLOT_HEADER_BYTES;
  return { at, bytes, records: at + slotBytes(g) - g.recordBytes };
}

/** Where the claim words of `chunks` chunks and the table log are, and the shared memory's size. */
export function sharedLayout(g: AheadGeometry, chunks: number): { claims: number; log: number; bytes: number } {
  const claims = CTRL_WORDS * 4 + g.slots * slotBytes(g);
  const log = claims + ((chunks * 4 + 7) & ~7);
  return { claims, log, bytes: log + LOG_BYTES };
}
