// logback-contrib JsonLayout: `timestamp` is a string (epoch ms unless timestampFormat), `logger`/`thread`.
// Spec: qos-ch/logback-contrib json/classic/src/main/java/ch/qos/logback/contrib/json/classic/JsonLayout.java
import type { LogFormatDef } from '../schema';

export const logbackContrib: LogFormatDef = {
  name: 'logback-contrib',
  title: 'logback-contrib JsonLayout',
  spec: 'qos-ch/logback-contrib json/classic/src/main/java/ch/qos/logback/contrib/json/classic/JsonLayout.java',
  priority: 40,
  signature: { all: ['timestamp', 'level', 'logger', 'thread'], none: ['loggerName', '@timestamp'] },
  time: [
    { key: 'timestamp', decode: 'epochMs' },
    { key: 'timestamp', decode: 'iso' },
  ],
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'message' }],
  logger: [{ key: 'logger' }],
  thread: [{ key: 'thread' }],
  error: [{ key: 'exception' }],
  context: ['mdc'],
  samples: [
    {
      line:
        '{"timestamp":"1714551300123","level":"ERROR","thread":"main","mdc":{"requestId":"r-17"},' +
        '"logger":"com.acme.App","message":"Failed","context":"default",' +
        '"exception":"java.lang.IllegalStateException: boom\\n\\tat com.acme.App.run(App.java:42)\\n"}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'error',
        message: 'Failed',
        thread: 'main',
        logger: 'com.acme.App',
        correlationId: 'r-17',
        source: { file: 'com/acme/App.java', line: 42, function: 'com.acme.App.run' },
        error: 'java.lang.IllegalStateException: boom\n\tat com.acme.App.run(App.java:42)\n',
      },
    },
  ],
};
