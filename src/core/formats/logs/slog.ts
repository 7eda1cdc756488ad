// Go log/slog JSONHandler: upper-case levels with offsets ("INFO+2"), RFC3339Nano `time`, `source{function,file,line}`.
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
  source: { file: [{ key: ['source', 'file'] }], line: [{ key: ['source', 'line'] }], function: [{ key: ['source', 'function'] }] },
  error: [{ key: 'err' }, { key: 'error' }],
  samples: [
    {
      line: '{"time":"2024-05-01T08:15:00.123456789+02:00","level":"ERROR","source":{"function":"main.charge","file":"/app/pay/charge.go","line":88},"msg":"failed"}',
      expect: { timeNs: '1714544100123456789', level: 'error', message: 'failed', source: { file: '/app/pay/charge.go', line: 88, function: 'main.charge' } },
    },
    {
      line: '{"time":"2024-05-01T08:15:00Z","level":"INFO+2","msg":"almost a warning","trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736"}',
      expect: { level: 'info', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
    },
    {
      line: '{"time":"2024-05-01T08:15:00Z","level":"DEBUG-4","msg":"very verbose"}',
      expect: { level: 'trace' },
    },
  ],
};
