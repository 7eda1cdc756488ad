// The trace importers in detection order (OTLP → Chrome → Jaeger → Zipkin), and the
// helpers that take raw text to documents: a JSON file, a Chrome array whose closing `]` is missing, or
// NDJSON with one export request per line (the OpenTelemetry Collector's file exporter).

import { chromeTrace } from './chrome';
import { jaeger } from './jaeger';
import { otlpLogs } from './otlpLogs';
import { otlpTraces } from './otlpTraces';
import type { ImportSink, TraceImporter } from './types';
import { zipkinV1 } from './zipkinV1';
import { zipkinV2 } from './zipkinV2';

export type { ImportSink, TraceImporter } from './types';

export const TRACE_IMPORTERS: readonly TraceImporter[] = [
  otlpTraces,
  otlpLogs,
  chromeTrace,
  jaeger,
  zipkinV2,
  zipkinV1,
];

export function detectTraceImporter(value: unknown): TraceImporter | null {
  for (const imp of TRACE_IMPORTERS) if (imp.detect(value)) return imp;
  return null;
}

export interface ParsedDocument {
  value: unknown;
  /** 1-based line where the document starts (NDJSON) — 1 for a whole-file document. */
  line: number;
}

export interface ParseResult {
  documents: ParsedDocument[];
  /** Lines (1-based) that are not JSON, with the reason; only for NDJSON input. */
  badLines: { line: number; reason: string }[];
  /** Repairs made (a Chrome array's missing `]`). */
  notes: string[];
}

/**
 * Text → JSON documents. A whole-file JSON value first; a `[` file whose end is cut off (Chrome writes its
 * array without the closing bracket while tracing) is closed and parsed; otherwise one document per line.
 * JSON.parse is used, so numbers past 2^53 lose precision: OTLP, Zipkin and Jaeger write ids and int64 as
 * strings, which stay exact.
 */
export function parseTraceText(text: string): ParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const notes: string[] = [];
  try {
    return { documents: [{ value: JSON.parse(body), line: 1 }], badLines: [], notes };
  } catch {
    // fall through
  }
  const trimmed = body.trimEnd();
  if (trimmed.startsWith('[')) {
    const closed = trimmed.replace(/,\s*$/, '') + ']';
    try {
      const value = JSON.parse(closed);
      notes.push('JSON array without its closing "]" (allowed in the Chrome trace format): closed at end of file');
      return { documents: [{ value, line: 1 }], badLines: [], notes };
    } catch {
      // fall through to NDJSON
    }
  }
  const documents: ParsedDocument[] = [];
  const badLines: { line: number; reason: string }[] = [];
  const lines = body.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    try {
      documents.push({ value: JSON.parse(l), line: i + 1 });
    } catch (e) {
      badLines.push({ line: i + 1, reason: `not JSON: ${(e as Error).message}` });
    }
  });
  return { documents, badLines, notes };
}

/** Detect and import one document; false (with a warning) when no trace importer recognises it. */
export function importTraceDocument(value: unknown, sink: ImportSink): TraceImporter | null {
  const imp = detectTraceImporter(value);
  if (!imp) {
    sink.warn('not a trace document: no OTLP, Chrome, Jaeger or Zipkin signature found');
    return null;
  }
  try {
    imp.import(value, sink);
  } catch (e) {
    // Importers report bad shapes themselves; this guards the session against a bug in one of them.
    sink.warn(`${imp.name}: import stopped: ${(e as Error).message}`);
  }
  return imp;
}

export { chromeTrace, jaeger, otlpLogs, otlpTraces, zipkinV1, zipkinV2 };
