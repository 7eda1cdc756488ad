// log4j2 JsonTemplateLayout with the bundled LogstashJsonEventLayoutV1.json template (`@version` is the number 1).
// Spec: apache/logging-log4j2 log4j-layout-template-json/src/main/resources/LogstashJsonEventLayoutV1.json
import type { LogFormatDef } from '../schema';

export const log4j2LogstashV1: LogFormatDef = {
  name: 'log4j2-logstash-v1',
  title: 'log4j2 JsonTemplateLayout (LogstashJsonEventLayoutV1)',
  spec: 'apache/logging-log4j2 log4j-layout-template-json/src/main/resources/LogstashJsonEventLayoutV1.json',
  priority: 18,
  signature: { all: ['@timestamp', '@version', 'logger_name'], equals: [{ key: '@version', value: 1 }] },
  time: [{ key: '@timestamp', decode: 'iso' }],
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'message' }],
  logger: [{ key: 'logger_name' }],
  thread: [{ key: 'thread_name' }],
  source: {
    file: [{ key: 'file' }],
    line: [{ key: 'line_number' }],
    function: [{ key: 'method' }],
    className: [{ key: 'class' }],
  },
  error: [{ key: ['exception', 'stacktrace'] }, { key: ['exception', 'exception_message'] }],
  context: ['mdc'],
  samples: [
    {
      // log4j2 2.25 with the bundled template (test/fixtures/logs/java/log4j2-template-logstash.jsonl).
      line:
        '{"mdc":{"requestId":"r-17","spanId":"00f067aa0ba902b7",' +
        '"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"},"exception":{"exception_class":"java.lang.IllegalState' +
        'Exception","exception_message":"payment declined","stacktrace":"java.lang.IllegalStateException: ' +
        'payment declined\\n\\tat com.acme.shop.Log4j2Gen.charge(Log4j2Gen.java:39)\\n\\tat ' +
        'com.acme.shop.Log4j2Gen.handle(Log4j2Gen.java:26)\\n\\tat ' +
        'java.base/java.lang.Thread.run(Thread.java:840)\\nCaused by: java.io.IOException: connection ' +
        'reset\\n\\tat com.acme.shop.Log4j2Gen.gateway(Log4j2Gen.java:44)\\n\\tat ' +
        'com.acme.shop.Log4j2Gen.charge(Log4j2Gen.java:37)\\n\\t... 2 more\\n"},"line_number":28,' +
        '"class":"com.acme.shop.Log4j2Gen","@version":1,"source_host":"vm","message":"charge failed",' +
        '"thread_name":"http-nio-8080-exec-1","@timestamp":"2024-05-01T08:15:00.124+0000","level":"ERROR",' +
        '"file":"Log4j2Gen.java","method":"handle","logger_name":"com.acme.shop.Log4j2Gen"}',
      expect: {
        timeNs: '1714551300124000000',
        level: 'error',
        message: 'charge failed',
        service: null,
        logger: 'com.acme.shop.Log4j2Gen',
        thread: 'http-nio-8080-exec-1',
        correlationId: 'r-17',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        source: { file: 'com/acme/shop/Log4j2Gen.java', line: 28, function: 'com.acme.shop.Log4j2Gen.handle' },
        error:
          'java.lang.IllegalStateException: payment declined\n\tat ' +
          'com.acme.shop.Log4j2Gen.charge(Log4j2Gen.java:39)\n\tat ' +
          'com.acme.shop.Log4j2Gen.handle(Log4j2Gen.java:26)\n\tat ' +
          'java.base/java.lang.Thread.run(Thread.java:840)\nCaused by: java.io.IOException: connection ' +
          'reset\n\tat com.acme.shop.Log4j2Gen.gateway(Log4j2Gen.java:44)\n\tat ' +
          'com.acme.shop.Log4j2Gen.charge(Log4j2Gen.java:37)\n\t... 2 more\n',
      },
    },
  ],
};
