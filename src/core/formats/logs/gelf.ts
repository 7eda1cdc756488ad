// GELF 1.1 (Spring Boot `logging.structured.format=gelf`, logstash-gelf): float-second timestamp, syslog level, `_` fields.
// Spec: https://go2docs.graylog.org/current/getting_in_log_data/gelf.html ; spring-boot GraylogExtendedLogFormatStructuredLogFormatter.java
import type { LogFormatDef } from '../schema';

export const gelf: LogFormatDef = {
  name: 'gelf',
  title: 'GELF 1.1 (Spring Boot gelf)',
  spec: 'spring-projects/spring-boot .../logging/logback/GraylogExtendedLogFormatStructuredLogFormatter.java',
  priority: 20,
  signature: { all: ['short_message'], any: ['version', 'host'] },
  time: [{ key: 'timestamp', decode: 'epochS' }],
  level: [{ key: '_level_name', decode: 'name' }, { key: 'level', decode: 'syslog' }],
  message: [{ key: 'short_message' }],
  logger: [{ key: '_log_logger' }],
  thread: [{ key: '_process_thread_name' }],
  // Spring Boot writes spring.application.name as the GELF `host`.
  service: [{ key: 'host' }],
  // MDC keys arrive with a leading underscore.
  traceId: [{ key: '_traceId' }, { key: '_trace_id' }, { key: '_X-B3-TraceId' }],
  spanId: [{ key: '_spanId' }, { key: '_span_id' }, { key: '_X-B3-SpanId' }],
  correlationId: [{ key: '_requestId', decode: 'text' }, { key: '_request_id', decode: 'text' }],
  error: [{ key: '_error_stack_trace' }, { key: '_error_message' }],
  samples: [
    {
      // doc-sourced: spring-boot logging.adoc gelf example, with MDC trace keys.
      line: '{"version":"1.1","short_message":"No active profile set, falling back to 1 default profile: \\"default\\"","timestamp":1714551300.123,"level":6,"_level_name":"INFO","_process_pid":76204,"_process_thread_name":"main","host":"simple","_log_logger":"org.example.Application","_traceId":"4bf92f3577b34da6","_spanId":"00f067aa0ba902b7"}',
      expect: {
        timeNs: '1714551300123000000', level: 'info', message: 'No active profile set, falling back to 1 default profile: "default"',
        logger: 'org.example.Application', thread: 'main', traceId: '4bf92f3577b34da6', spanId: '00f067aa0ba902b7',
      },
    },
    {
      line: '{"version":"1.1","short_message":"Boom","timestamp":1714551300.5,"level":3,"_process_thread_name":"main","host":"simple","_log_logger":"org.example.App","full_message":"Boom\\n\\njava.lang.RuntimeException: x","_error_type":"java.lang.RuntimeException","_error_stack_trace":"java.lang.RuntimeException: x\\n\\tat org.example.App.run(App.java:20)","_error_message":"x"}',
      expect: {
        timeNs: '1714551300500000000', level: 'error', message: 'Boom',
        error: 'java.lang.RuntimeException: x\n\tat org.example.App.run(App.java:20)',
        source: { file: 'org/example/App.java', line: 20, function: 'org.example.App.run' },
      },
    },
  ],
};
