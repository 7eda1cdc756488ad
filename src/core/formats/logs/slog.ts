// Go log/slog JSONHandler: upper-case levels with offsets ("INFO+2"), RFC3339Nano `time`, `source{function,file,line}`;
// golang.org/x/exp/slog before Go 1.21 wrote `source` as one "/path/file.go:42" string.
// Spec: golang/go src/log/slog/handler.go, json_handler.go
import type { LogFormatDef } from '../schema';

export const slog: LogFormatDef = {
  name: 'slog',
  title: 'log/slog JSON (Go)',
  spec: 'golang/go src/log/slog/json_handler.go',
  priority: 58,
  signature: {
    all: ['time', 'level', 'msg'],
    matches: [{ key: 'level', pattern: '^(?:DEBUG|INFO|WARN|ERROR)(?:[+-]\\d+)?$' }],
  },
  time: [{ key: 'time', decode: 'iso' }],
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'msg' }],
  source: {
    file: [{ key: ['source', 'file'] }],
    line: [{ key: ['source', 'line'] }],
    function: [{ key: ['source', 'function'] }],
    combined: [{ key: 'source', decode: 'callerPath' }],
  },
  error: [{ key: 'err' }, { key: 'error' }],
  samples: [
    {
      line:
        '{"time":"2024-05-01T08:15:00.123456789+02:00","level":"ERROR","source":{"function":"main.charge",' +
        '"file":"/app/pay/charge.go","line":88},"msg":"failed"}',
      expect: {
        timeNs: '1714544100123456789',
        level: 'error',
        message: 'failed',
        source: { file: '/app/pay/charge.go', line: 88, function: 'main.charge' },
      },
    },
    {
      // golang.org/x/exp/slog (March 2023), test/fixtures/logs/go-exp-slog.jsonl
      line:
        '{"time":"2024-05-01T08:15:00.123456789Z","level":"ERROR",' +
        '"source":"/app/scripts/fixtures/go-exp-slog/main.go:23","msg":"charge failed",' +
        '"requestId":"req-7f3a","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","orderId":"9007199254740993",' +
        '"err":"card declined"}',
      expect: {
        timeNs: '1714551300123456789',
        level: 'error',
        message: 'charge failed',
        correlationId: 'req-7f3a',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        error: 'card declined',
        source: { file: '/app/scripts/fixtures/go-exp-slog/main.go', line: 23, function: null },
      },
    },
    {
      line:
        '{"time":"2024-05-01T08:15:00Z","level":"INFO+2","msg":"almost a warning",' +
        '"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736"}',
      expect: { level: 'info', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
    },
    {
      line: '{"time":"2024-05-01T08:15:00Z","level":"DEBUG-4","msg":"very verbose"}',
      expect: { level: 'trace' },
    },
  ],
};
