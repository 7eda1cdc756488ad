// The contract every trace importer implements: recognise a parsed JSON document, then stream its spans and
// log records into a sink. Importers never throw on bad shapes; they report through `warn` and keep going.

import type { LogRecord, Span } from '../../model';

export interface ImportSink {
  span(s: Span): void;
  record(r: LogRecord): void;
  /** A specific, human-readable reason something in the document was skipped or repaired. */
  warn(message: string): void;
}

export interface TraceImporter {
  /** Stable id, used as `Span.format` / `LogRecord.format` and in summaries: 'otlp-traces', 'zipkin-v2', … */
  name: string;
  /** Where the format is specified, for the next person. */
  spec: string;
  /** Cheap structural check on a parsed document (looks at a few elements only). */
  detect(value: unknown): boolean;
  import(value: unknown, sink: ImportSink): void;
}
