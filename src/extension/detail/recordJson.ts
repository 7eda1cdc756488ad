// A record as the detail document shows it: normalised fields first (time as ISO with nanoseconds, ids as
// strings), then where it was read from, then every field as parsed. Pure: no `vscode`.

import type { LogRecord, Position } from '../../core/model';
import { formatTimeNs } from '../tree/format';

/** JSON.stringify that writes bigints as decimal strings (epoch ns do not fit a double). */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
}

export function recordDetail(r: LogRecord & { position: Position }): Record<string, unknown> {
  return {
    time: r.timeNs === null ? null : formatTimeNs(r.timeNs),
    timeNs: r.timeNs === null ? null : r.timeNs.toString(),
    level: r.level,
    message: r.message,
    service: r.service,
    logger: r.logger,
    thread: r.thread,
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    correlationId: r.correlationId,
    source: r.source,
    error: r.error,
    format: r.format,
    readFrom: { file: r.position.source, line: r.position.line, offset: r.position.offset },
    fields: r.fields,
  };
}
