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
  source: { file: [{ key: 'file' }], line: [{ key: 'line_number' }], function: [{ key: 'method' }], className: [{ key: 'class' }] },
  error: [{ key: ['exception', 'stacktrace'] }, { key: ['exception', 'exception_message'] }],
  context: ['mdc'],
  samples: [
    {
      // doc-sourced: key set from the bundled template, values illustrative.
      line: '{"mdc":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"},"exception":{"exception_class":"java.lang.IllegalStateException","exception_message":"boom","stacktrace":"java.lang.IllegalStateException: boom\\n\\tat com.acme.App.run(App.java:42)"},"line_number":42,"class":"com.acme.App","@version":1,"source_host":"web-1","message":"Failed","thread_name":"main","@timestamp":"2024-05-01T08:15:00.123Z","level":"ERROR","file":"App.java","method":"run","logger_name":"com.acme.App"}',
      expect: {
        timeNs: '1714551300123000000', level: 'error', message: 'Failed', logger: 'com.acme.App', thread: 'main',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736', source: { file: 'com/acme/App.java', line: 42, function: 'com.acme.App.run' },
        error: 'java.lang.IllegalStateException: boom\n\tat com.acme.App.run(App.java:42)',
      },
    },
  ],
};
