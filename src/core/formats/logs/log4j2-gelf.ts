// log4j2 GelfLayout (log4j-core): GELF 1.1 with `_thread` and `_logger` always written, the ThreadContext as
// `_<key>` fields, and the exception (not the message) in `full_message`.
// Spec: apache/logging-log4j2 log4j-core/src/main/java/org/apache/logging/log4j/core/layout/GelfLayout.java
import type { LogFormatDef } from '../schema';

export const log4j2Gelf: LogFormatDef = {
  name: 'log4j2-gelf',
  title: 'log4j2 GelfLayout',
  spec: 'apache/logging-log4j2 log4j-core/src/main/java/org/apache/logging/log4j/core/layout/GelfLayout.java',
  // Below `gelf`: the generic GELF def would claim these lines but knows neither key, nor that full_message
  // holds the stack trace here (Spring Boot's full_message repeats the message before it).
  priority: 19,
  signature: { all: ['short_message', '_thread', '_logger'], any: ['version', 'host'] },
  // Seconds with a millisecond fraction: GelfLayout formats the event's millis, never its nanos.
  time: [{ key: 'timestamp', decode: 'epochS' }],
  level: [{ key: 'level', decode: 'syslog' }],
  message: [{ key: 'short_message' }],
  logger: [{ key: '_logger' }],
  thread: [{ key: '_thread', decode: 'text' }],
  traceId: [{ key: '_traceId' }, { key: '_trace_id' }, { key: '_X-B3-TraceId' }],
  spanId: [{ key: '_spanId' }, { key: '_span_id' }, { key: '_X-B3-SpanId' }],
  correlationId: [
    { key: '_requestId', decode: 'text' },
    { key: '_request_id', decode: 'text' },
  ],
  // Without a messagePattern, full_message is written only for an exception: its trace (includeStacktrace,
  // the default) or its toString(). With a messagePattern it is that pattern's text for every event.
  error: [{ key: 'full_message' }],
  samples: [
    {
      // Written by log4j-core 2.19 (scripts/fixtures/java/run.sh, test/fixtures/logs/java/log4j2-gelf.jsonl).
      line:
        '{"version":"1.1","host":"web-1","timestamp":1714551300.124,"level":3,' +
        '"_thread":"http-nio-8080-exec-1","_logger":"com.acme.shop.Log4j2Gen","_requestId":"r-17",' +
        '"_spanId":"00f067aa0ba902b7","_traceId":"4bf92f3577b34da6a3ce929d0e0e4736",' +
        '"full_message":"java.lang.IllegalStateException: payment declined\\n\\tat ' +
        'com.acme.shop.Log4j2Gen.charge(Log4j2Gen.java:39)\\n\\tat ' +
        'com.acme.shop.Log4j2Gen.handle(Log4j2Gen.java:26)\\n\\tat ' +
        'java.base/java.lang.Thread.run(Thread.java:840)\\nCaused by: java.io.IOException: connection ' +
        'reset\\n\\tat com.acme.shop.Log4j2Gen.gateway(Log4j2Gen.java:44)\\n\\tat ' +
        'com.acme.shop.Log4j2Gen.charge(Log4j2Gen.java:37)\\n\\t... 2 more\\n","short_message":"charge ' +
        'failed"}',
      expect: {
        timeNs: '1714551300124000000',
        level: 'error',
        message: 'charge failed',
        logger: 'com.acme.shop.Log4j2Gen',
        thread: 'http-nio-8080-exec-1',
        correlationId: 'r-17',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        source: { file: 'com/acme/shop/Log4j2Gen.java', line: 39, function: 'com.acme.shop.Log4j2Gen.charge' },
        error:
          'java.lang.IllegalStateException: payment declined\n\tat ' +
          'com.acme.shop.Log4j2Gen.charge(Log4j2Gen.java:39)\n\tat ' +
          'com.acme.shop.Log4j2Gen.handle(Log4j2Gen.java:26)\n\tat ' +
          'java.base/java.lang.Thread.run(Thread.java:840)\nCaused by: java.io.IOException: connection ' +
          'reset\n\tat com.acme.shop.Log4j2Gen.gateway(Log4j2Gen.java:44)\n\tat ' +
          'com.acme.shop.Log4j2Gen.charge(Log4j2Gen.java:37)\n\t... 2 more\n',
      },
    },
    {
      line:
        '{"version":"1.1","host":"web-1","timestamp":1714551300.127,"level":4,"_thread":"main",' +
        '"_logger":"com.acme.shop.Log4j2Gen","short_message":"shutting down, 3 orders pending"}',
      expect: {
        timeNs: '1714551300127000000',
        level: 'warn',
        message: 'shutting down, 3 orders pending',
        thread: 'main',
        traceId: null,
        error: null,
        source: { file: 'com/acme/shop/Log4j2Gen.java', line: null, function: null },
      },
    },
  ],
};
