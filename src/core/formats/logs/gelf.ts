// GELF 1.1 (Spring Boot `logging.structured.format=gelf`, logstash-gelf): float-second timestamp, syslog level,
// `_` fields.
// Spec: https://go2docs.graylog.org/current/getting_in_log_data/gelf.html ;
// spring-boot GraylogExtendedLogFormatStructuredLogFormatter.java
import type { LogFormatDef } from '../schema';

export const gelf: LogFormatDef = {
  name: 'gelf',
  title: 'GELF 1.1 (Spring Boot gelf)',
  spec: 'spring-projects/spring-boot .../logging/logback/GraylogExtendedLogFormatStructuredLogFormatter.java',
  priority: 20,
  signature: { all: ['short_message'], any: ['version', 'host'] },
  time: [{ key: 'timestamp', decode: 'epochS' }],
  level: [
    { key: '_level_name', decode: 'name' },
    { key: 'level', decode: 'syslog' },
  ],
  message: [{ key: 'short_message' }],
  logger: [{ key: '_log_logger' }],
  thread: [{ key: '_process_thread_name' }],
  // Spring Boot writes spring.application.name as the GELF `host`.
  service: [{ key: 'host' }],
  // MDC keys arrive with a leading underscore.
  traceId: [{ key: '_traceId' }, { key: '_trace_id' }, { key: '_X-B3-TraceId' }],
  spanId: [{ key: '_spanId' }, { key: '_span_id' }, { key: '_X-B3-SpanId' }],
  correlationId: [
    { key: '_requestId', decode: 'text' },
    { key: '_request_id', decode: 'text' },
  ],
  error: [{ key: '_error_stack_trace' }, { key: '_error_message' }],
  samples: [
    {
      // Spring Boot 3.5 gelf from the sample shop (test/fixtures/logs/spring): `host` is the application name.
      line:
        '{"version":"1.1","short_message":"Authorizing order ord-1001","timestamp":1796563015.890,"level":7,' +
        '"_level_name":"DEBUG","_process_pid":7657,"_process_thread_name":"http-nio-127.0.0.1-37099-exec-3",' +
        '"host":"payments","_service_version":"1.0.0","_log_logger":"com.acme.shop.PaymentGateway",' +
        '"_traceId":"6b156044fe1008f08ad2604b94e78aaf","_spanId":"aa7933b6dbf00679","_requestId":"r-1"}',
      expect: {
        timeNs: '1796563015890000000',
        level: 'debug',
        message: 'Authorizing order ord-1001',
        service: 'payments',
        logger: 'com.acme.shop.PaymentGateway',
        thread: 'http-nio-127.0.0.1-37099-exec-3',
        correlationId: 'r-1',
        traceId: '6b156044fe1008f08ad2604b94e78aaf',
        spanId: 'aa7933b6dbf00679',
        source: { file: 'com/acme/shop/PaymentGateway.java', line: null, function: null },
        error: null,
      },
    },
    {
      line:
        '{"version":"1.1","short_message":"Boom","timestamp":1714551300.5,"level":3,' +
        '"_process_thread_name":"main","host":"simple","_log_logger":"org.example.App",' +
        '"full_message":"Boom\\n\\njava.lang.RuntimeException: x","_error_type":"java.lang.RuntimeException",' +
        '"_error_stack_trace":"java.lang.RuntimeException: x\\n\\tat org.example.App.run(App.java:20)",' +
        '"_error_message":"x"}',
      expect: {
        timeNs: '1714551300500000000',
        level: 'error',
        message: 'Boom',
        error: 'java.lang.RuntimeException: x\n\tat org.example.App.run(App.java:20)',
        source: { file: 'org/example/App.java', line: 20, function: 'org.example.App.run' },
      },
    },
  ],
};
