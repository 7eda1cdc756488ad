// rs/zerolog: `message` (not msg), `time` RFC3339 (or Unix numbers with TimeFormatUnix*), `caller` "/abs/f.go:42".
// Spec: rs/zerolog globals.go (TimestampFieldName, MessageFieldName, CallerFieldName, TimeFieldFormat)
import type { LogFormatDef } from '../schema';

export const zerolog: LogFormatDef = {
  name: 'zerolog',
  title: 'zerolog (Go)',
  spec: 'rs/zerolog globals.go',
  priority: 60,
  signature: { all: ['level', 'message'], any: ['time', 'caller'], none: ['timestamp', '@timestamp', 'msg', 'ts'] },
  time: [
    { key: 'time', decode: 'iso' },
    { key: 'time', decode: 'epochAuto' },
  ],
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'message' }],
  source: { combined: [{ key: 'caller', decode: 'callerPath' }] },
  error: [{ key: 'error' }, { key: 'stack' }],
  samples: [
    {
      line: '{"level":"warn","time":"2024-05-01T08:15:00Z","caller":"/app/pay/charge.go:88","message":"retrying"}',
      expect: {
        timeNs: '1714551300000000000',
        level: 'warn',
        message: 'retrying',
        source: { file: '/app/pay/charge.go', line: 88, function: null },
      },
    },
    {
      line: '{"level":"error","request_id":"r-17","error":"declined","time":1714551300,"message":"charge failed"}',
      expect: { timeNs: '1714551300000000000', level: 'error', correlationId: 'r-17', error: 'declined', source: null },
    },
  ],
};
