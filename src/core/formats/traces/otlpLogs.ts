// OTLP/JSON logs (ExportLogsServiceRequest: resourceLogs → scopeLogs → logRecords) → LogRecord[].
// Spec: open-telemetry/opentelemetry-proto docs/specification.md, opentelemetry/proto/logs/v1/logs.proto;
// semantic conventions code.* (current and deprecated names), thread.*, exception.*.

import type { LogRecord, SourceLocation } from '../../model';
import {
  anyValue,
  bag,
  decodeId,
  int64Value,
  isObj,
  keyValues,
  levelFromName,
  nsFrom,
  otelSeverity,
  str,
  WarningTally,
  type Obj,
} from './common';
import { resourceOf, scopeOf, scopesOf } from './otlpTraces';
import type { ImportSink, TraceImporter } from './types';

const first = (a: Obj, keys: readonly string[]): unknown => {
  for (const k of keys) if (a[k] !== undefined && a[k] !== null && a[k] !== '') return a[k];
  return undefined;
};

const asLine = (v: unknown): number | null => {
  const n = int64Value(v);
  return typeof n === 'number' && n >= 0 ? n : null;
};

/** code.* attributes → a source location; the deprecated names (semconv < 1.30) are read as well. */
export function otelSource(a: Obj): SourceLocation | null {
  const file = first(a, ['code.file.path', 'code.filepath']);
  const fn = first(a, ['code.function.name', 'code.function']);
  const ns = first(a, ['code.namespace']);
  const fnName =
    typeof fn === 'string'
      ? typeof ns === 'string' && !fn.startsWith(ns + '.') && a['code.function.name'] === undefined
        ? `${ns}.${fn}`
        : fn
      : null;
  if (typeof file !== 'string') return null;
  return {
    file,
    line: asLine(first(a, ['code.line.number', 'code.lineno'])),
    column: asLine(first(a, ['code.column.number', 'code.column'])),
    function: fnName,
    origin: 'field',
  };
}

/** exception.* attributes → error text, in the shape a stack trace prints ("Type: message\n<stack>"). */
export function otelError(a: Obj): string | null {
  const type = str(a['exception.type']);
  const message = str(a['exception.message']);
  const stack = str(a['exception.stacktrace']) ?? str(a['code.stacktrace']);
  const head = type && message ? `${type}: ${message}` : (type ?? message);
  if (stack) return head && !stack.startsWith(head) ? `${head}\n${stack}` : stack;
  return head;
}

function bodyText(body: unknown): string {
  const v = anyValue(body);
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function convertRecord(
  raw: Obj,
  resource: Obj,
  scope: { name: string | null; version: string | null },
  where: string,
  tally: WarningTally,
): LogRecord {
  const attrs = keyValues(raw.attributes);
  let timeNs = nsFrom(raw.timeUnixNano);
  if (timeNs === 0n || timeNs === null) timeNs = nsFrom(raw.observedTimeUnixNano);
  if (timeNs === 0n) timeNs = null;
  if (timeNs === null) tally.add('log record without timeUnixNano or observedTimeUnixNano', where);
  const traceId = decodeId(raw.traceId);
  const spanId = decodeId(raw.spanId);
  if (traceId.error) tally.add(`traceId: ${traceId.error}`, where);
  if (spanId.error) tally.add(`spanId: ${spanId.error}`, where);
  const service = resource['service.name'];
  const thread = first(attrs, ['thread.name', 'thread.id']);
  const fields = bag();
  for (const [k, v] of Object.entries(raw)) fields[k] = v;
  fields.attributes = attrs;
  fields.resource = resource;
  if (scope.name !== null) fields.scope = { name: scope.name, version: scope.version };
  return {
    timeNs,
    level: otelSeverity(raw.severityNumber) ?? levelFromName(raw.severityText),
    // Events (OTLP 1.5+) may carry only a name and attributes.
    message: bodyText(raw.body) || (typeof raw.eventName === 'string' ? raw.eventName : ''),
    service: typeof service === 'string' ? service : null,
    logger: scope.name,
    thread: thread === undefined ? null : String(thread),
    correlationId: null,
    traceId: traceId.id,
    spanId: spanId.id,
    parentSpanId: null,
    source: otelSource(attrs),
    error: otelError(attrs),
    fields,
    format: 'otlp-logs',
  };
}

export const otlpLogs: TraceImporter = {
  name: 'otlp-logs',
  spec:
    'open-telemetry/opentelemetry-proto docs/specification.md (OTLP/JSON), ' +
    'opentelemetry/proto/logs/v1/logs.proto; semconv code.*, exception.*',
  detect: (v) => isObj(v) && Array.isArray(v.resourceLogs),
  import(value, sink: ImportSink) {
    if (!isObj(value) || !Array.isArray(value.resourceLogs)) {
      sink.warn('OTLP logs: expected an object with a resourceLogs array');
      return;
    }
    const tally = new WarningTally();
    value.resourceLogs.forEach((rl, ri) => {
      if (!isObj(rl)) {
        tally.add('resourceLogs entry is not an object', `resourceLogs[${ri}]`);
        return;
      }
      const resource = resourceOf(rl);
      scopesOf(rl, 'scopeLogs', 'instrumentationLibraryLogs').forEach((sl, si) => {
        if (!isObj(sl)) {
          tally.add('scopeLogs entry is not an object', `resourceLogs[${ri}].scopeLogs[${si}]`);
          return;
        }
        const scope = scopeOf(sl);
        const records = Array.isArray(sl.logRecords) ? sl.logRecords : [];
        records.forEach((raw, i) => {
          const where = `resourceLogs[${ri}].scopeLogs[${si}].logRecords[${i}]`;
          if (!isObj(raw)) {
            tally.add('log record is not an object', where);
            return;
          }
          sink.record(convertRecord(raw, resource, scope, where, tally));
        });
      });
    });
    tally.flush((m) => sink.warn(`OTLP logs: ${m}`));
  },
};
