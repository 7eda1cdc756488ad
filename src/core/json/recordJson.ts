// The one JSON shape of a record, for every place that writes one: `threadline inspect --json` and `receive`,
// the record document, Copy Record as JSON, and the agent tools. Normalised fields first (time as ISO with
// nanoseconds and as epoch ns text, IDs as the exact strings read), then where it was read, then, when asked,
// every field as parsed.

import type { LogRecord, Position, SourceLocation } from '../model';

export interface RecordJson {
  time: string | null;
  timeNs: string | null;
  level: LogRecord['level'];
  message: string;
  service: string | null;
  logger: string | null;
  thread: string | null;
  correlationId: string | null;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  source: SourceLocation | null;
  error: string | null;
  format: string;
  file: string;
  line: number;
  fields?: Record<string, unknown>;
}

export function recordJson(r: LogRecord & { position: Position }, opts: { fields?: boolean } = {}): RecordJson {
  const out: RecordJson = {
    time: r.timeNs === null ? null : isoTimeNs(r.timeNs),
    timeNs: r.timeNs === null ? null : r.timeNs.toString(),
    level: r.level,
    message: r.message,
    service: r.service,
    logger: r.logger,
    thread: r.thread,
    correlationId: r.correlationId,
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    source: r.source,
    error: r.error,
    format: r.format,
    file: r.position.source,
    line: r.position.line,
  };
  if (opts.fields) out.fields = r.fields;
  return out;
}

/** JSON.stringify that writes bigints as decimal strings (epoch ns and 64-bit IDs do not fit a double). */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
}

/** ISO 8601 in UTC with the sub-millisecond digits the record carried ("…:00.123456789Z"). */
export function isoTimeNs(ns: bigint): string {
  let ms = ns / 1_000_000n;
  let sub = ns % 1_000_000n;
  if (sub < 0n) {
    sub += 1_000_000n;
    ms -= 1n;
  }
  const iso = new Date(Number(ms)).toISOString();
  if (sub === 0n) return iso;
  return `${iso.slice(0, -1)}${sub.toString().padStart(6, '0').replace(/0+$/, '')}Z`;
}
