// What the index needs from the format modules, as one interface: the line indexer is written against it,
// `formatHooks.ts` wires it to `formats/`, `json/` and the trace importers.

import type { LogRecord, Span } from '../model';
import type { JsonLineResult } from '../json/parseLine';
import type { LinePiece } from '../formats/unwrap';
import type { Row } from './builder';
import type { ChunkBuilder } from './builder';
import type { LineScan } from './scanner';
import type { MessageDecode, Rules } from '../formats/schema';
import type { BatchPlan } from './wasm/batchPlan';

export interface NormalizedValue {
  records: LogRecord[];
  spans: Span[];
  /**
   * True when a trace importer (OTLP, Zipkin, Jaeger, Chrome) or an
   * array of records produced the output: records are then kept whole.
   */
  document: boolean;
  warnings: string[];
}

/** A compiled fast path for one key shape: fills `row` from the scanned line, or returns false (slow path). */
export interface FastShape {
  extract(buf: Uint8Array, scan: LineScan, row: Row): boolean;
  /** Drops cached string keys of record values (after `StringTable.forgetValues`). */
  forget?(): void;
  /** The same path as a program for the WebAssembly line batches (wasm/batchPlan.ts), or null. */
  readonly batch?: BatchPlan | null;
}

export interface IndexHooks {
  parseJson(text: string): JsonLineResult;
  /** Records and spans of one parsed JSON value (a log object, an export request, an array document). */
  normalizeValue(value: unknown): NormalizedValue;
  /** A plain-text line recognised as a record start (timestamp/level prefix), else null. */
  textRecord(line: string): LogRecord | null;
  /** A line of plain output before the first record, as a record of its own (no time, no level). */
  plainRecord(line: string): LogRecord;
  /**
   * The payload of a wrapped line (kubectl prefix, CRI, Docker json-file, Fluent Bit…) as a piece of a line the
   * container runtime may have split (CRI `P`, Docker 16 KiB entries), else null.
   */
  unwrapPiece(line: string): LinePiece | null;
  /**
   * The rules that decide the message of a JSON record of log format `format` (a name the format column holds),
   * user mappings included; null for formats that are not JSON log formats (text, traces). Lets the message be
   * read from a record's bytes without normalising the record (see messageReader.ts).
   */
  messageRules?(format: string): Rules<MessageDecode> | null;
  /**
   * A fast path for lines of this key shape, learned from the first such line (`value` parsed, `record` its
   * normalised form), or null when the shape needs the slow path (nested rules, unwrapping, traces).
   */
  compileShape(
    keys: readonly string[],
    buf: Uint8Array,
    scan: LineScan,
    record: LogRecord,
    builder: ChunkBuilder,
  ): FastShape | null;
}
