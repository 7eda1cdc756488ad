// log4j2 JsonLayout (legacy, compact="true" eventEol="true"): `instant` s+ns or `timeMillis`, contextMap, source,
// thrown. Spec: apache/logging-log4j2 log4j-core/src/main/java/org/apache/logging/log4j/core/jackson/JsonConstants.java
import type { LogFormatDef } from '../schema';

export const log4j2Json: LogFormatDef = {
  name: 'log4j2-json',
  title: 'log4j2 JsonLayout',
  spec: 'apache/logging-log4j2 log4j-core/src/main/java/org/apache/logging/log4j/core/jackson/JsonConstants.java',
  priority: 15,
  signature: { all: ['level', 'loggerName'], any: ['instant', 'timeMillis', 'loggerFqcn'] },
  time: [
    { key: 'instant', decode: 'log4jInstant' },
    { key: 'timeMillis', decode: 'epochMs' },
  ],
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'message' }],
  logger: [{ key: 'loggerName' }],
  thread: [{ key: 'thread' }],
  source: {
    file: [{ key: ['source', 'file'] }],
    line: [{ key: ['source', 'line'] }],
    function: [{ key: ['source', 'method'] }],
    className: [{ key: ['source', 'class'] }],
  },
  error: [{ key: 'thrown' }],
  context: ['contextMap'],
  samples: [
    {
      line:
        '{"instant":{"epochSecond":1714551300,"nanoOfSecond":123456000},"thread":"main","level":"INFO",' +
        '"loggerName":"com.acme.App","message":"Started","endOfBatch":false,' +
        '"loggerFqcn":"org.apache.logging.slf4j.Log4jLogger","contextMap":{"traceId":"4bf92f3577b34da6"},' +
        '"threadId":1,"threadPriority":5,"source":{"class":"com.acme.App","method":"main","file":"App.java",' +
        '"line":12}}',
      expect: {
        timeNs: '1714551300123456000',
        level: 'info',
        message: 'Started',
        logger: 'com.acme.App',
        thread: 'main',
        traceId: '4bf92f3577b34da6',
        source: { file: 'com/acme/App.java', line: 12, function: 'com.acme.App.main' },
      },
    },
    {
      line:
        '{"timeMillis":1714551300123,"thread":"main","level":"ERROR","loggerName":"com.acme.App",' +
        '"message":"Failed","thrown":{"commonElementCount":0,"localizedMessage":"boom","message":"boom",' +
        '"name":"java.lang.IllegalStateException","extendedStackTrace":[{"class":"com.acme.App",' +
        '"method":"run","file":"App.java","line":42,"exact":true,"location":"classes/","version":"?"}]},' +
        '"endOfBatch":false,"loggerFqcn":"org.apache.logging.log4j.spi.AbstractLogger"}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'error',
        message: 'Failed',
        error: 'java.lang.IllegalStateException: boom\n\tat com.acme.App.run(App.java:42)',
        source: { file: 'com/acme/App.java', line: 42, function: 'com.acme.App.run' },
      },
    },
  ],
};
