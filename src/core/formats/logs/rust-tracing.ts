// Rust tracing-subscriber `fmt().json()`: `fields.message`, `target`, current `span` and `spans` (root→leaf).
// Spec: tokio-rs/tracing tracing-subscriber/src/fmt/format/json.rs
import type { LogFormatDef } from '../schema';

export const rustTracing: LogFormatDef = {
  name: 'rust-tracing',
  title: 'Rust tracing-subscriber JSON',
  spec: 'tokio-rs/tracing tracing-subscriber/src/fmt/format/json.rs',
  priority: 40,
  signature: { all: ['timestamp', 'level', 'target'], any: ['fields', 'message', 'span', 'spans'] },
  time: [{ key: 'timestamp', decode: 'iso' }],
  level: [{ key: 'level', decode: 'name' }],
  // flatten_event(true) puts the event's fields (message included) at the root.
  message: [{ key: ['fields', 'message'] }, { key: 'message' }],
  logger: [{ key: 'target' }],
  thread: [{ key: 'threadName' }, { key: 'threadId' }],
  source: {
    file: [{ key: 'filename' }, { key: ['fields', 'log.file'] }],
    line: [{ key: 'line_number' }, { key: ['fields', 'log.line'] }],
  },
  error: [{ key: ['fields', 'error'] }, { key: 'error' }],
  // Span fields (request ids, trace ids from tracing-opentelemetry layers) count as context.
  context: ['fields', 'span', 'spans'],
  samples: [
    {
      line:
        '{"timestamp":"2024-05-01T08:15:00.123456Z","level":"ERROR","fields":{"message":"charge failed"},' +
        '"target":"pay::charge","filename":"src/charge.rs","line_number":88,"span":{"req_id":"r-17",' +
        '"name":"request"},"spans":[{"req_id":"r-17","name":"request"}],"threadName":"main",' +
        '"threadId":"ThreadId(1)"}',
      expect: {
        timeNs: '1714551300123456000',
        level: 'error',
        message: 'charge failed',
        logger: 'pay::charge',
        thread: 'main',
        correlationId: 'r-17',
        source: { file: 'src/charge.rs', line: 88, function: null },
      },
    },
  ],
};
