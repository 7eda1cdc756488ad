// The data shape of a log format: which key means what, and how its value is decoded.
// One module per format under `formats/logs/`, each exporting a `LogFormatDef`. The normaliser
// (`formats/normalize.ts`) interprets these on parsed objects; the index's fast scanner
// (`index/`) interprets the same rules on raw bytes where every rule is a top-level key.

import type { Level } from '../model';

/**
 * Where a value lives. A string is ONE key, taken literally even if it holds dots or slashes
 * (`"log.level"`, `"logging.googleapis.com/trace"`). An array is a path of nested keys
 * (`["log", "level"]`). ECS emitters mix both spellings, so ECS lists both.
 */
export type KeyPath = string | readonly string[];

/** How a time value is read. All produce epoch nanoseconds. */
export type TimeDecode =
  | 'iso' // RFC 3339 / ISO 8601 string, any fraction digits (up to ns), Z or offset; no zone = UTC
  | 'epochS' // number or numeric string, seconds (may be fractional: zap `ts`, GELF, Fluent Bit `date`)
  | 'epochMs' // number or numeric string, milliseconds (pino, logback JsonEncoder, logback-contrib string)
  | 'epochUs' // microseconds (Zipkin, Jaeger, Chrome)
  | 'epochNs' // nanoseconds, usually a decimal string (OTLP)
  | 'epochAuto' // number by magnitude (<1e11 s, <1e14 ms, <1e17 µs, else ns): a fallback only
  | 'log4jInstant' // {epochSecond, nanoOfSecond}
  | 'gcpTimestamp' // {seconds, nanos}
  | 'asctime'; // python "2024-05-01 08:15:00,123", local time without zone: read as UTC, flagged

/** How a level value is read. */
export type LevelDecode =
  | 'name' // strings: trace/debug/info/warn(ing)/error/fatal and the aliases of every library (case-insensitive)
  | 'pino' // 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal (numbers; strings fall back to 'name')
  | 'syslog' // 0-2 fatal, 3 error, 4 warn, 5-6 info, 7 debug (GELF `level`)
  | 'otel' // severityNumber 1-24 in bands of four
  | 'logbackValue'; // 5000 trace, 10000 debug, 20000 info, 30000 warn, 40000 error

export type IdDecode =
  | 'hex' // lower-case, strip 0x; numbers are refused (ids must arrive as text to stay exact)
  | 'gcpTrace' // "projects/P/traces/ID" -> ID
  | 'text'; // kept as written (correlation ids, thread names)

export type SourceDecode =
  | 'callerPath' // "pkg/file.go:42", "/abs/f.go:42:7", "Class.java:42"
  | 'v8Frame'; // pino-caller: "handler (/app/routes/pay.js:41:13)" or "/app/x.js:6:8"

export type MessageDecode =
  | 'text' // string kept; non-strings JSON-stringified
  | 'otelBody' // OTLP AnyValue
  | 'template'; // logback JsonEncoder `message` + `arguments`, Serilog `@mt` + properties: `{}` / `{Name}` filled

export interface Rule<D extends string> {
  key: KeyPath;
  decode?: D;
}

/** A value rule list: the first rule whose key is present (and decodes) wins. */
export type Rules<D extends string = never> = readonly Rule<D>[];

export interface SourceRules {
  /** Separate fields (caller_file_name + caller_line_number, src.file + src.line, …). */
  file?: Rules;
  line?: Rules;
  function?: Rules;
  /** Class (Java caller_class_name, log4j2 source.class); joined with function when present. */
  className?: Rules;
  /** One combined string (zap `caller`, logrus `file`, pino-caller `caller`). */
  combined?: Rules<SourceDecode>;
}

export interface Signature {
  /** Every one of these must be present. */
  all?: readonly KeyPath[];
  /** At least one of these must be present. */
  any?: readonly KeyPath[];
  /** None of these may be present. */
  none?: readonly KeyPath[];
  /** Keys whose value must equal the given JSON value (e.g. GELF `version: "1.1"`). */
  equals?: readonly { key: KeyPath; value: string | number | boolean }[];
  /** Keys whose JSON type must be this (pino's numeric `level` vs logrus' string `level`). */
  types?: readonly { key: KeyPath; type: 'string' | 'number' | 'boolean' | 'object' | 'array' }[];
  /** Keys whose value must be a string matching this regular expression source (slog `INFO+2` vs logrus `info`). */
  matches?: readonly { key: KeyPath; pattern: string }[];
}

export interface FormatSample {
  /** One line exactly as the library writes it (from a real run where possible). */
  line: string;
  /** What the normaliser must produce from it; fields left out are not checked. */
  expect: {
    timeNs?: string | null;
    level?: Level | null;
    message?: string;
    service?: string | null;
    logger?: string | null;
    thread?: string | null;
    correlationId?: string | null;
    traceId?: string | null;
    spanId?: string | null;
    parentSpanId?: string | null;
    source?: { file: string; line: number | null; function: string | null } | null;
    error?: string | null;
  };
}

export interface LogFormatDef {
  /** Stable id, used in output and settings: 'logstash-logback', 'pino', … */
  name: string;
  title: string;
  /** Where the format is specified (repository path or URL), for the next person. */
  spec: string;
  /** Tried in ascending order; stronger signatures get lower numbers. Default 100. */
  priority?: number;
  signature: Signature;
  time?: Rules<TimeDecode>;
  /**
   * A key holding the nano-of-second that refines a time decoded at ms or s precision (logback JsonEncoder
   * `nanoseconds`, GCP `timestampNanos`). Applied after whichever time rule matched.
   */
  timeNanosOfSecond?: KeyPath;
  level?: Rules<LevelDecode>;
  /** Level when no level key is present (Serilog omits `@l` for Information). */
  defaultLevel?: Level;
  message?: Rules<MessageDecode>;
  service?: Rules;
  logger?: Rules;
  thread?: Rules<IdDecode>;
  correlationId?: Rules<IdDecode>;
  traceId?: Rules<IdDecode>;
  spanId?: Rules<IdDecode>;
  parentSpanId?: Rules<IdDecode>;
  source?: SourceRules;
  error?: Rules;
  /** Objects whose own keys are MDC-like context to search for trace/span/correlation aliases (`mdc`, `contextMap`). */
  context?: readonly KeyPath[];
  samples: readonly FormatSample[];
}
