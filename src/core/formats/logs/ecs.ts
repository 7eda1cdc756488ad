// Elastic Common Schema JSON (ecs-logging-*, log4j2 EcsLayout, Spring Boot `ecs` 3.4 dotted and 3.5+ nested).
// Spec: elastic/ecs-logging spec/spec.json; spring-projects/spring-boot ElasticCommonSchemaStructuredLogFormatter.java.
// Array paths match dotted, nested and mixed spellings alike (`"log.origin":{"file.name":…}`).
import type { LogFormatDef } from '../schema';

export const ecs: LogFormatDef = {
  name: 'ecs',
  title: 'Elastic Common Schema (ECS)',
  spec: 'elastic/ecs-logging spec/spec.json',
  priority: 30,
  signature: {
    all: ['@timestamp'],
    any: [
      ['log', 'level'],
      ['ecs', 'version'],
    ],
  },
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
    file: [{ key: ['log', 'origin', 'file', 'name'] }],
    line: [{ key: ['log', 'origin', 'file', 'line'] }],
    function: [{ key: ['log', 'origin', 'function'] }],
  },
  error: [{ key: ['error', 'stack_trace'] }, { key: ['error', 'message'] }],
  samples: [
    {
      line:
        '{"@timestamp":"2024-05-01T08:15:00.123Z","log.level":"ERROR","message":"payment failed",' +
        '"ecs.version":"1.2.0","service.name":"pay","process.thread.name":"exec-3",' +
        '"log.logger":"com.acme.Pay","log.origin":{"file.name":"Pay.java","function":"charge",' +
        '"file.line":88},"trace.id":"4bf92f3577b34da6a3ce929d0e0e4736","transaction.id":"00f067aa0ba902b7",' +
        '"error.type":"java.lang.IllegalStateException"}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'error',
        message: 'payment failed',
        service: 'pay',
        thread: 'exec-3',
        logger: 'com.acme.Pay',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        correlationId: '00f067aa0ba902b7',
        source: { file: 'Pay.java', line: 88, function: 'charge' },
      },
    },
    {
      // Spring Boot 3.5 nested form from the sample shop (test/fixtures/logs/spring), MDC keys at the root.
      line:
        '{"@timestamp":"2026-12-06T13:16:53.152354989Z","log":{"level":"INFO",' +
        '"logger":"com.acme.shop.OrderController"},"process":{"pid":7658,' +
        '"thread":{"name":"http-nio-127.0.0.1-41659-exec-3"}},"service":{"name":"orders","version":"1.0.0",' +
        '"node":{}},"message":"Placing order ord-1001 for customer cust-17: mug at 1250 cents",' +
        '"traceId":"6b156044fe1008f08ad2604b94e78aaf","spanId":"8ad2604b94e78aaf","requestId":"r-1",' +
        '"ecs":{"version":"8.11"}}',
      expect: {
        timeNs: '1796563013152354989',
        level: 'info',
        message: 'Placing order ord-1001 for customer cust-17: mug at 1250 cents',
        service: 'orders',
        logger: 'com.acme.shop.OrderController',
        thread: 'http-nio-127.0.0.1-41659-exec-3',
        correlationId: 'r-1',
        traceId: '6b156044fe1008f08ad2604b94e78aaf',
        spanId: '8ad2604b94e78aaf',
        source: { file: 'com/acme/shop/OrderController.java', line: null, function: null },
        error: null,
      },
    },
    {
      // Spring Boot 3.4 dotted form with an error.
      line:
        '{"@timestamp":"2024-01-01T10:15:00.5Z","log.level":"ERROR","process.pid":39599,' +
        '"process.thread.name":"main","service.name":"simple","log.logger":"org.example.App",' +
        '"message":"Boom","error.type":"java.lang.RuntimeException","error.message":"x",' +
        '"error.stack_trace":"java.lang.RuntimeException: x\\n\\tat org.example.App.run(App.java:20)",' +
        '"ecs.version":"8.11"}',
      expect: {
        timeNs: '1704104100500000000',
        level: 'error',
        thread: 'main',
        error: 'java.lang.RuntimeException: x\n\tat org.example.App.run(App.java:20)',
        source: { file: 'org/example/App.java', line: 20, function: 'org.example.App.run' },
      },
    },
  ],
};
