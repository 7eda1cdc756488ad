// A record as JSON, for every caller that writes one out: the CLI's `inspect --json` (one line per record) and
// the extension's record document, Copy as JSON and export. One function decides the normalised keys; the
// document adds what a person reading one record wants (ISO time, logger, error, where it was read, all fields).
// Pure: no I/O.

import type { LogRecord, Position } from '../model';

/** JSON.stringify that writes bigints as decimal strings (epoch ns do not fit a double). */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
}

/** ISO time with the sub-millisecond digits the model keeps (epoch ns → "2024-05-01T08:15:00.123456789Z"). */
export function formatTimeNs(ns: bigint | null): string {
  if (ns === null) return '';
  const ms = ns / 1_000_000n;
  const sub = ns % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  if (sub === 0n) return iso;
  return `${iso.slice(0, -1)}${sub.toString().padStart(6, '0').replace(/0+$/, '')}Z`;
}

const hexId = (v: string | null): string | null => (v === null ? null : v.toLowerCase());

/** The normalised record: where it was read, time as epoch-ns string, IDs lower-case (the CLI's `records[]`). */
export function recordJson(r: LogRecord & { position: Position }) {
  return {
    file: r.position.source,
    line: r.position.line,
    timeNs: r.timeNs === null ? null : r.timeNs.toString(),
    level: r.level,
    message: r.message,
    service: r.service,
    thread: r.thread,
    correlationId: r.correlationId,
    traceId: hexId(r.traceId),
    spanId: hexId(r.spanId),
    parentSpanId: hexId(r.parentSpanId),
    source: r.source ? { file: r.source.file, line: r.source.line, function: r.source.function } : null,
    format: r.format,
  };
}

/** One record in full, as its document shows it: the ISO time first, then `recordJson`'s keys, then the rest. */
export function recordDocument(r: LogRecord & { position: Position }): Record<string, unknown> {
  const { file, line, ...normalised } = recordJson(r);
  return {
    time: r.timeNs === null ? null : formatTimeNs(r.timeNs),
    ...normalised,
    logger: r.logger,
    error: r.error,
    readFrom: { file, line, offset: r.position.offset },
    fields: r.fields,
  };
}
