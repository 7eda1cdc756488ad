// Google Cloud Logging structured JSON on stdout (Cloud Run, GKE, log4j2 GcpLayout): special `logging.googleapis.com/*` keys.
// Spec: https://cloud.google.com/logging/docs/structured-logging#special-payload-fields
import type { LogFormatDef } from '../schema';

export const gcpStructured: LogFormatDef = {
  name: 'gcp-structured',
  title: 'Google Cloud structured logging (stdout)',
  spec: 'https://cloud.google.com/logging/docs/structured-logging#special-payload-fields',
  priority: 35,
  signature: {
    any: ['logging.googleapis.com/trace', 'logging.googleapis.com/spanId', 'logging.googleapis.com/sourceLocation',
      'logging.googleapis.com/labels', 'logging.googleapis.com/insertId', 'logging.googleapis.com/operation', 'severity'],
  },
  time: [
    { key: 'time', decode: 'iso' }, { key: 'timestamp', decode: 'gcpTimestamp' }, { key: 'timestamp', decode: 'iso' },
    { key: 'timestampSeconds', decode: 'epochS' }, { key: 'timestampSecond', decode: 'epochS' },
  ],
  timeNanosOfSecond: 'timestampNanos',
  level: [{ key: 'severity', decode: 'name' }],
  message: [{ key: 'message' }, { key: 'msg' }],
  service: [{ key: ['serviceContext', 'service'] }],
  // log4j2's GcpLayout.json wrote `_logger`/`_thread` before 2.25 and `logger`/`thread` since; Google's logback
  // appender keeps the logger among the labels.
  logger: [{ key: '_logger' }, { key: 'logger' }, { key: ['logging.googleapis.com/labels', 'loggerName'] }],
  thread: [{ key: '_thread' }, { key: 'thread' }],
  traceId: [{ key: 'logging.googleapis.com/trace', decode: 'gcpTrace' }],
  spanId: [{ key: 'logging.googleapis.com/spanId' }],
  source: {
    file: [{ key: ['logging.googleapis.com/sourceLocation', 'file'] }],
    line: [{ key: ['logging.googleapis.com/sourceLocation', 'line'] }],
    function: [{ key: ['logging.googleapis.com/sourceLocation', 'function'] }],
  },
  error: [{ key: 'stack_trace' }, { key: '_exception' }, { key: 'exception' }],
  context: ['logging.googleapis.com/labels'],
  samples: [
    {
      line: '{"severity":"ERROR","message":"payment failed","time":"2024-05-01T08:15:00.123456Z","logging.googleapis.com/trace":"projects/acme/traces/4bf92f3577b34da6a3ce929d0e0e4736","logging.googleapis.com/spanId":"00f067aa0ba902b7","logging.googleapis.com/trace_sampled":true,"logging.googleapis.com/sourceLocation":{"file":"pay.go","line":"88","function":"main.charge"}}',
      expect: {
        timeNs: '1714551300123456000', level: 'error', message: 'payment failed',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7',
        source: { file: 'pay.go', line: 88, function: 'main.charge' },
      },
    },
    {
      // log4j2 GcpLayout.json shape (doc-sourced): seconds + nanos, WARNING, _logger/_thread, numeric line.
      line: '{"timestampSeconds":1714551300,"timestampNanos":123456789,"severity":"WARNING","message":"slow","logging.googleapis.com/labels":{"requestId":"r-9"},"logging.googleapis.com/sourceLocation":{"file":"App.java","line":12,"function":"com.acme.App.main"},"logging.googleapis.com/insertId":"42","_thread":"main","_logger":"com.acme.App"}',
      expect: {
        timeNs: '1714551300123456789', level: 'warn', message: 'slow', thread: 'main', logger: 'com.acme.App',
        correlationId: 'r-9', source: { file: 'App.java', line: 12, function: 'com.acme.App.main' },
      },
    },
    {
      line: '{"severity":"NOTICE","message":"hello","timestamp":{"seconds":1714551300,"nanos":5}}',
      expect: { timeNs: '1714551300000000005', level: 'info', message: 'hello', source: null },
    },
  ],
};
