// Elastic Common Schema JSON (ecs-logging-*, log4j2 EcsLayout, Spring Boot `ecs` 3.4 dotted and 3.5+ nested).
// Spec: elastic/ecs-logging spec/spec.json; spring-projects/spring-boot ElasticCommonSchemaStructuredLogFormatter.java.
// Array paths match dotted, nested and mixed spellings alike (`"log.origin":{"file.name":…}`).
import type { LogFormatDef } from '../schema';

export const ecs: LogFormatDef = {
  name: 'ecs',
  title: 'Elastic Common Schema (ECS)',
  spec: 'elastic/ecs-logging spec/spec.json',
  priority: 30,
  signature: { all: ['@timestamp'], any: [['log', 'level'], ['ecs', 'version']] },
  time: [{ key: '@timestamp', decode: 'iso' }],
  level: [{ key: ['log', 'level'], decode: 'name' }],
  message: [{ key: 'message' }],
  service: [{ key: ['service', 'name'] }],
  logger: [{ key: ['log', 'logger'] }],
  thread: [{ key: ['process', 'thread', 'name'] }],
  traceId: [{ key: ['trace', 'id'] }],
  spanId: [{ key: ['span', 'id'] }],
  correlationId: [{ key: ['transaction', 'id'], decode: 'text' }],
  source: {
    file: [{ key: ['log', 'origin', 'file', 'name'] }], line: [{ key: ['log', 'origin', 'file', 'line'] }],
    function: [{ key: ['log', 'origin', 'function'] }],
  },
  error: [{ key: ['error', 'stack_trace'] }, { key: ['error', 'message'] }],
  samples: [
    {
      line: '{"@timestamp":"2024-05-01T08:15:00.123Z","log.level":"ERROR","message":"payment failed","ecs.version":"1.2.0","service.name":"pay","process.thread.name":"exec-3","log.logger":"com.acme.Pay","log.origin":{"file.name":"Pay.java","function":"charge","file.line":88},"trace.id":"4bf92f3577b34da6a3ce929d0e0e4736","transaction.id":"00f067aa0ba902b7","error.type":"java.lang.IllegalStateException"}',
      expect: {
        timeNs: '1714551300123000000', level: 'error', message: 'payment failed', service: 'pay', thread: 'exec-3',
        logger: 'com.acme.Pay', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', correlationId: '00f067aa0ba902b7',
        source: { file: 'Pay.java', line: 88, function: 'charge' },
      },
    },
    {
      // Spring Boot 3.5+ nested form (doc-sourced: spring-boot logging.adoc).
      line: '{"@timestamp":"2024-01-01T10:15:00.067462556Z","log":{"level":"INFO","logger":"org.example.App"},"process":{"pid":39599,"thread":{"name":"main"}},"service":{"name":"simple"},"message":"Started","traceId":"4bf92f3577b34da6","ecs":{"version":"8.11"}}',
      expect: {
        timeNs: '1704104100067462556', level: 'info', message: 'Started', service: 'simple', logger: 'org.example.App',
        thread: 'main', traceId: '4bf92f3577b34da6', source: { file: 'org/example/App.java', line: null, function: null },
      },
    },
    {
      // Spring Boot 3.4 dotted form with an error.
      line: '{"@timestamp":"2024-01-01T10:15:00.5Z","log.level":"ERROR","process.pid":39599,"process.thread.name":"main","service.name":"simple","log.logger":"org.example.App","message":"Boom","error.type":"java.lang.RuntimeException","error.message":"x","error.stack_trace":"java.lang.RuntimeException: x\\n\\tat org.example.App.run(App.java:20)","ecs.version":"8.11"}',
      expect: {
        timeNs: '1704104100500000000', level: 'error', thread: 'main',
        error: 'java.lang.RuntimeException: x\n\tat org.example.App.run(App.java:20)',
        source: { file: 'org/example/App.java', line: 20, function: 'org.example.App.run' },
      },
    },
  ],
};
