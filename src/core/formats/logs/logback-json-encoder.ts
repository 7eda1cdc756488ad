// logback-classic JsonEncoder (1.3.8+/1.4.8+): ms `timestamp` + nano-of-second, raw `{}` template + arguments.
// Spec: qos-ch/logback logback-classic/src/main/java/ch/qos/logback/classic/encoder/JsonEncoder.java
import type { LogFormatDef } from '../schema';

export const logbackJsonEncoder: LogFormatDef = {
  name: 'logback-json',
  title: 'logback JsonEncoder',
  spec: 'qos-ch/logback logback-classic/src/main/java/ch/qos/logback/classic/encoder/JsonEncoder.java',
  priority: 15,
  signature: { all: ['timestamp', 'loggerName', 'level'], any: ['nanoseconds', 'sequenceNumber'] },
  time: [{ key: 'timestamp', decode: 'epochMs' }],
  timeNanosOfSecond: 'nanoseconds',
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'formattedMessage' }, { key: 'message', decode: 'template' }],
  logger: [{ key: 'loggerName' }],
  thread: [{ key: 'threadName' }],
  error: [{ key: 'throwable' }],
  context: ['mdc'],
  samples: [
    {
      line:
        '{"sequenceNumber":7,"timestamp":1714551300123,"nanoseconds":123456789,"level":"WARN",' +
        '"threadName":"main","loggerName":"com.acme.App","context":{"name":"default",' +
        '"birthdate":1714551290000,"properties":{}},"mdc": {"traceId":"4bf92f3577b34da6"},"message":"Retry ' +
        '{} of {}","arguments": ["1","3"],"throwable":null}',
      expect: {
        timeNs: '1714551300123456789',
        level: 'warn',
        message: 'Retry 1 of 3',
        logger: 'com.acme.App',
        thread: 'main',
        traceId: '4bf92f3577b34da6',
        error: null,
        source: { file: 'com/acme/App.java', line: null, function: null },
      },
    },
    {
      line:
        '{"sequenceNumber":8,"timestamp":1714551300200,"nanoseconds":200000000,"level":"ERROR",' +
        '"threadName":"main","loggerName":"com.acme.App","context":{"name":"default",' +
        '"birthdate":1714551290000,"properties":{}},"mdc": {},"message":"Failed",' +
        '"throwable":{"className":"java.lang.IllegalStateException","message":"boom",' +
        '"stepArray":[{"className":"com.acme.App","methodName":"run","fileName":"App.java",' +
        '"lineNumber":42}]}}',
      expect: {
        timeNs: '1714551300200000000',
        level: 'error',
        message: 'Failed',
        error: 'java.lang.IllegalStateException: boom\n\tat com.acme.App.run(App.java:42)',
        source: { file: 'com/acme/App.java', line: 42, function: 'com.acme.App.run' },
      },
    },
  ],
};
