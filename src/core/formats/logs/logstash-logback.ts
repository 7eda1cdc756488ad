// logstash-logback-encoder LogstashEncoder (and Spring Boot `logging.structured.format=logstash`).
// Spec: logfellow/logstash-logback-encoder fieldnames/LogstashFieldNames.java, CallerDataJsonProvider.java.
import type { LogFormatDef } from '../schema';

export const logstashLogback: LogFormatDef = {
  name: 'logstash-logback',
  title: 'logstash-logback-encoder / Spring Boot logstash',
  spec: 'logfellow/logstash-logback-encoder src/main/java/net/logstash/logback/fieldnames/LogstashFieldNames.java',
  priority: 20,
  signature: { all: ['@timestamp', '@version'], any: ['logger_name', 'level_value', 'thread_name'] },
  // UNIX_TIMESTAMP_AS_NUMBER / _AS_STRING modes write epoch ms under the same key.
  time: [
    { key: '@timestamp', decode: 'iso' },
    { key: '@timestamp', decode: 'epochMs' },
  ],
  level: [
    { key: 'level', decode: 'name' },
    { key: 'level_value', decode: 'logbackValue' },
  ],
  message: [{ key: 'message' }],
  logger: [{ key: 'logger_name' }],
  thread: [{ key: 'thread_name' }],
  source: {
    file: [{ key: 'caller_file_name' }],
    line: [{ key: 'caller_line_number' }],
    function: [{ key: 'caller_method_name' }],
    className: [{ key: 'caller_class_name' }],
  },
  error: [{ key: 'stack_trace' }],
  samples: [
    {
      line:
        '{"@timestamp":"2024-05-01T10:15:00.123+02:00","@version":"1","message":"Order placed",' +
        '"logger_name":"com.acme.Orders","thread_name":"exec-1","level":"INFO","level_value":20000,' +
        '"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7",' +
        '"caller_class_name":"com.acme.Orders","caller_method_name":"place","caller_file_name":"Orders.java",' +
        '"caller_line_number":42}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'info',
        message: 'Order placed',
        logger: 'com.acme.Orders',
        thread: 'exec-1',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        parentSpanId: null,
        correlationId: null,
        source: { file: 'com/acme/Orders.java', line: 42, function: 'com.acme.Orders.place' },
        error: null,
      },
    },
    {
      // Sleuth legacy B3 MDC keys, epoch-ms timestamp mode, stack trace without caller data.
      line:
        '{"@timestamp":1714551300123,"@version":"1","message":"Payment failed","logger_name":"com.acme.Pay",' +
        '"thread_name":"http-nio-8080-exec-3","level":"ERROR","level_value":40000,' +
        '"X-B3-TraceId":"4BF92F3577B34DA6","X-B3-SpanId":"00f067aa0ba902b7",' +
        '"X-B3-ParentSpanId":"0000000000000000","stack_trace":"java.lang.IllegalStateException: ' +
        'declined\\n\\tat com.acme.Pay.charge(Pay.java:88)\\n\\tat ' +
        'java.base/java.lang.Thread.run(Thread.java:833)\\n"}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'error',
        message: 'Payment failed',
        traceId: '4bf92f3577b34da6',
        spanId: '00f067aa0ba902b7',
        parentSpanId: null,
        source: { file: 'com/acme/Pay.java', line: 88, function: 'com.acme.Pay.charge' },
        error:
          'java.lang.IllegalStateException: declined\n\tat com.acme.Pay.charge(Pay.java:88)\n\tat ' +
          'java.base/java.lang.Thread.run(Thread.java:833)\n',
      },
    },
  ],
};
