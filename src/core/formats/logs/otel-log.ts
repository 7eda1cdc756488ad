// One OpenTelemetry log record as a flat JSON object (OTLP/JSON `logRecords[]` element, collector debug/file output
// after flattening). Whole `resourceLogs` batches are a trace-style importer's job, not this module's.
// Spec: open-telemetry/opentelemetry-proto docs/specification.md; opentelemetry.io/docs/specs/otel/logs/data-model/
import type { LogFormatDef } from '../schema';

export const otelLog: LogFormatDef = {
  name: 'otel-log',
  title: 'OpenTelemetry log record (flat)',
  spec: 'open-telemetry/opentelemetry-proto docs/specification.md',
  priority: 12,
  signature: {
    any: ['timeUnixNano', 'observedTimeUnixNano', 'severityNumber'],
    none: ['resourceLogs', 'resourceSpans'],
  },
  time: [
    { key: 'timeUnixNano', decode: 'epochNs' },
    { key: 'observedTimeUnixNano', decode: 'epochNs' },
  ],
  level: [
    { key: 'severityNumber', decode: 'otel' },
    { key: 'severityText', decode: 'name' },
  ],
  message: [{ key: 'body', decode: 'otelBody' }],
  traceId: [{ key: 'traceId' }],
  spanId: [{ key: 'spanId' }],
  samples: [
    {
      line:
        '{"timeUnixNano":"1714551300123456789","severityNumber":17,"severityText":"ERROR",' +
        '"body":{"stringValue":"failed"},"attributes":[{"key":"code.line.number","value":{"intValue":"88"}}],' +
        '"traceId":"4BF92F3577B34DA6A3CE929D0E0E4736","spanId":"00f067aa0ba902b7"}',
      expect: {
        timeNs: '1714551300123456789',
        level: 'error',
        message: 'failed',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
      },
    },
  ],
};
