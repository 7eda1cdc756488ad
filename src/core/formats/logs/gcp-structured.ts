// Google Cloud Logging structured JSON on stdout (Cloud Run, GKE, log4j2 GcpLayout):
// special `logging.googleapis.com/*` keys.
// Spec: https://cloud.google.com/logging/docs/structured-logging#special-payload-fields
import type { LogFormatDef } from '../schema';

export const gcpStructured: LogFormatDef = {
  name: 'gcp-structured',
  title: 'Google Cloud structured logging (stdout)',
  spec: 'https://cloud.google.com/logging/docs/structured-logging#special-payload-fields',
  priority: 35,
  signature: {
    any: [
      'logging.googleapis.com/trace',
      'logging.googleapis.com/spanId',
      'logging.googleapis.com/sourceLocation',
      'logging.googleapis.com/labels',
      'logging.googleapis.com/insertId',
      'logging.googleapis.com/operation',
      'severity',
    ],
  },
  time: [
    { key: 'time', decode: 'iso' },
    { key: 'timestamp', decode: 'gcpTimestamp' },
    { key: 'timestamp', decode: 'iso' },
    { key: 'timestampSeconds', decode: 'epochS' },
    { key: 'timestampSecond', decode: 'epochS' },
  ],
  timeNanosOfSecond: 'timestampNanos',
  level: [{ key: 'severity', decode: 'name' }],
  // @google-cloud/logging-winston with its default `useMessageField: true` writes `message: {message, metadata}`.
  message: [{ key: ['message', 'message'] }, { key: 'message' }, { key: 'msg' }],
  service: [{ key: ['serviceContext', 'service'] }, { key: ['resource', 'labels', 'service_name'] }],
  // log4j2's GcpLayout.json wrote `_logger`/`_thread` before 2.25 and `logger`/`thread` since; Google's logback
  // appender keeps the logger among the labels; logging-winston names the log.
  logger: [
    { key: '_logger' },
    { key: 'logger' },
    { key: ['logging.googleapis.com/labels', 'loggerName'] },
    { key: 'logName' },
  ],
  thread: [{ key: '_thread' }, { key: 'thread' }],
  traceId: [{ key: 'logging.googleapis.com/trace', decode: 'gcpTrace' }],
  spanId: [{ key: 'logging.googleapis.com/spanId' }],
  source: {
    file: [{ key: ['logging.googleapis.com/sourceLocation', 'file'] }],
    line: [{ key: ['logging.googleapis.com/sourceLocation', 'line'] }],
    function: [{ key: ['logging.googleapis.com/sourceLocation', 'function'] }],
  },
  error: [{ key: 'stack_trace' }, { key: '_exception' }, { key: 'exception' }],
  // `metadata` (logging-winston, `useMessageField: false`) is one of the common contexts.
  context: ['logging.googleapis.com/labels', ['message', 'metadata']],
  samples: [
    {
      line:
        '{"severity":"ERROR","message":"payment failed","time":"2024-05-01T08:15:00.123456Z",' +
        '"logging.googleapis.com/trace":"projects/acme/traces/4bf92f3577b34da6a3ce929d0e0e4736",' +
        '"logging.googleapis.com/spanId":"00f067aa0ba902b7","logging.googleapis.com/trace_sampled":true,' +
        '"logging.googleapis.com/sourceLocation":{"file":"pay.go","line":"88","function":"main.charge"}}',
      expect: {
        timeNs: '1714551300123456000',
        level: 'error',
        message: 'payment failed',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        source: { file: 'pay.go', line: 88, function: 'main.charge' },
      },
    },
    {
      // log4j2 2.25 JsonTemplateLayout GcpLayout.json
      // (test/fixtures/logs/java): seconds + nanos, labels, thread/logger.
      line:
        '{"timestampSeconds":1714551300,"timestampNanos":123456789,"severity":"INFO","message":"order placed ' +
        'id=9007199254740993","logging.googleapis.com/labels":{"requestId":"r-17",' +
        '"spanId":"00f067aa0ba902b7","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"},' +
        '"logging.googleapis.com/sourceLocation":{"file":"Log4j2Gen.java","line":24,' +
        '"function":"com.acme.shop.Log4j2Gen.handle"},"logging.googleapis.com/trace_sampled":true,' +
        '"thread":"http-nio-8080-exec-1","logger":"com.acme.shop.Log4j2Gen"}',
      expect: {
        timeNs: '1714551300123456789',
        level: 'info',
        message: 'order placed id=9007199254740993',
        service: null,
        logger: 'com.acme.shop.Log4j2Gen',
        thread: 'http-nio-8080-exec-1',
        correlationId: 'r-17',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        source: { file: 'Log4j2Gen.java', line: 24, function: 'com.acme.shop.Log4j2Gen.handle' },
        error: null,
      },
    },
    {
      // @google-cloud/logging-winston 7.1 redirectToStdout (test/fixtures/logs/gcp-logging-winston.jsonl)
      line:
        '{"timestamp":{"seconds":1714551300,"nanos":122999906},"resource":{"type":"cloud_run_revision",' +
        '"labels":{"service_name":"checkout","revision_name":"checkout-00042"}},"severity":"WARNING",' +
        '"logging.googleapis.com/insertId":"fixture-4","message":"stock low",' +
        '"metadata":{"correlationId":"corr-51","threadName":"worker-2","sku":"A-1"},' +
        '"logName":"projects/acme-shop/logs/checkout"}',
      expect: {
        timeNs: '1714551300122999906',
        level: 'warn',
        message: 'stock low',
        service: 'checkout',
        correlationId: 'corr-51',
        thread: 'worker-2',
        logger: 'projects/acme-shop/logs/checkout',
      },
    },
    {
      line:
        '{"timestamp":{"seconds":1714551300,"nanos":122999906},"resource":{"type":"cloud_run_revision",' +
        '"labels":{"service_name":"checkout","revision_name":"checkout-00042"}},"severity":"WARNING",' +
        '"logging.googleapis.com/insertId":"fixture-8","message":{"message":"slow upstream",' +
        '"metadata":{"requestId":"req-2b8e","tookMs":870}},"logName":"projects/acme-shop/logs/checkout"}',
      expect: { level: 'warn', message: 'slow upstream', correlationId: 'req-2b8e' },
    },
    {
      line: '{"severity":"NOTICE","message":"hello","timestamp":{"seconds":1714551300,"nanos":5}}',
      expect: { timeNs: '1714551300000000005', level: 'info', message: 'hello', source: null },
    },
    {
      // google-cloud-logging-logback to stdout: MDC and the logger among the labels, the line as a string.
      line:
        '{"severity":"DEBUG","time":"2024-05-01T08:15:00.125Z",' +
        '"logging.googleapis.com/labels":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736",' +
        '"spanId":"00f067aa0ba902b7","requestId":"r-17","levelName":"DEBUG",' +
        '"loggerName":"com.acme.shop.LogbackGen","levelValue":"10000"},' +
        '"logging.googleapis.com/sourceLocation":{"file":"LogbackGen.java","line":"39","function":"handle"},' +
        '"logging.googleapis.com/trace_sampled":false,"message":"receipt:\\n  total\\u003d\\"12.50 ' +
        '€\\"\\tstatus\\u003dok"}',
      expect: {
        timeNs: '1714551300125000000',
        level: 'debug',
        message: 'receipt:\n  total="12.50 €"\tstatus=ok',
        service: null,
        logger: 'com.acme.shop.LogbackGen',
        thread: null,
        correlationId: 'r-17',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        source: { file: 'LogbackGen.java', line: 39, function: 'handle' },
        error: null,
      },
    },
  ],
};
