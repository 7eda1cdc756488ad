// The normalised model every format maps into. Pure data: no I/O, no `vscode`.
//
// Times are epoch nanoseconds as `bigint` (exact; a double loses precision past 2^53 ns ≈ 104 days).
// IDs are lower-case strings, never numbers: 64-bit IDs do not survive a double.

export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Index = numeric level code used in typed arrays; 0 means "no level". */
export const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
export const levelCode = (l: Level | null): number => (l === null ? 0 : LEVELS.indexOf(l) + 1);
export const levelFromCode = (c: number): Level | null => (c === 0 ? null : (LEVELS[c - 1] ?? null));
/** Level codes from this one up (error, fatal) count as errors. */
export const ERROR_LEVEL_CODE = 5;
export const isErrorLevelCode = (c: number): boolean => c >= ERROR_LEVEL_CODE;

/** Where a source location came from, most trustworthy first. */
export type SourceOrigin = 'field' | 'caller' | 'stack' | 'logger';

export interface SourceLocation {
  /** Path as the log wrote it (absolute, relative, package path or bare file name). */
  file: string;
  line: number | null;
  column?: number | null;
  function: string | null;
  origin: SourceOrigin;
}

/** One log record after normalisation. */
export interface LogRecord {
  timeNs: bigint | null;
  level: Level | null;
  message: string;
  service: string | null;
  logger: string | null;
  thread: string | null;
  correlationId: string | null;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  source: SourceLocation | null;
  /** Error text: exception message and/or stack trace, as the log wrote it. */
  error: string | null;
  /** The record as parsed, every field kept as-is (a null-prototype object for JSON input). */
  fields: Record<string, unknown>;
  /** Name of the format that recognised it (a LogFormatDef or TraceImporter name, or 'text'). */
  format: string;
}

export type SpanStatus = 'unset' | 'ok' | 'error';

export interface SpanEvent {
  timeNs: bigint;
  name: string;
  attributes: Record<string, unknown>;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

/** Why a span exists when no tracer reported it. */
export type SpanOrigin =
  | 'reported' // came from a trace format (OTLP, Zipkin, Jaeger, Chrome)
  | 'placeholder' // a parent referenced by children but never seen
  | 'derived'; // built from log records (a span ID, correlation ID or thread run seen only in logs)

export interface Span {
  traceId: string;
  spanId: string;
  /** null for a root. */
  parentSpanId: string | null;
  name: string;
  service: string | null;
  kind: string | null;
  startNs: bigint;
  endNs: bigint;
  status: SpanStatus;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: SpanEvent[];
  links: SpanLink[];
  origin: SpanOrigin;
  format: string;
}

export type GroupKind = 'trace' | 'correlation' | 'thread';

/** Where an item came from: 1-based line of a file (or stream) it was read from. */
export interface Position {
  source: string;
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
}

// ── shared by the index, span trees, sessions and live sources ──

export interface SourceSummary {
  /** File path, or a stream's display name ("kubectl logs -f …", "OTLP receiver :4318"). */
  name: string;
  kind: 'file' | 'stream';
  lines: number;
  /** Lines that start a record or hold a whole document. lines = recordLines + continuationLines + badLines. */
  recordLines: number;
  /** Records read; can exceed recordLines when one line carries many (OTLP batches, JSON arrays). */
  records: number;
  spans: number;
  continuationLines: number;
  /** 1-based line numbers of lines that are neither a record nor a continuation, with the reason. */
  badLines: { line: number; reason: string }[];
  formats: Record<string, number>;
  bytes: number;
  /** Bytes indexed so far (== bytes when done). */
  bytesDone: number;
  done: boolean;
  error: string | null;
  elapsedMs: number;
  /** Records of this source dropped by the session's record cap (kept = records - evicted); absent when none. */
  evicted?: number;
}

/** A span tree node in pre-order: parent before children, siblings by start time. */
export interface SpanNode {
  span: Span;
  depth: number;
  /** Index of the parent node in the same array, -1 for roots. */
  parent: number;
  children: number;
  /** Records attached to this span (direct, not descendants). */
  records: number;
  errors: number;
}

export interface StreamSink {
  write(chunk: string | Uint8Array): void;
  /** Whole JSON documents that arrived out of band (a receiver's OTLP/Zipkin bodies). */
  writeDocument(value: unknown, origin: string): void;
  end(): void;
  summary(): SourceSummary;
}
