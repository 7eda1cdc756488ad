// sirupsen/logrus JSONFormatter: `msg`, `time` RFC3339, level `warning`, caller as `file` "/abs/f.go:42" + `func`.
// Spec: sirupsen/logrus json_formatter.go, formatter.go (FieldKeyFile, FieldKeyFunc, logrus_error)
import type { LogFormatDef } from '../schema';

export const logrus: LogFormatDef = {
  name: 'logrus',
  title: 'logrus (Go)',
  spec: 'sirupsen/logrus json_formatter.go',
  priority: 62,
  signature: {
    all: ['level', 'msg', 'time'],
    matches: [{ key: 'level', pattern: '^(?:trace|debug|info|warning|error|fatal|panic)$' }],
  },
  time: [{ key: 'time', decode: 'iso' }],
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'msg' }],
  source: { combined: [{ key: 'file', decode: 'callerPath' }], function: [{ key: 'func' }] },
  error: [{ key: 'error' }, { key: 'logrus_error' }],
  samples: [
    {
      line:
        '{"file":"/app/pay/charge.go:88","func":"main.charge","level":"warning","msg":"retrying",' +
        '"time":"2024-05-01T08:15:00+02:00"}',
      expect: {
        timeNs: '1714544100000000000',
        level: 'warn',
        message: 'retrying',
        source: { file: '/app/pay/charge.go', line: 88, function: 'main.charge' },
      },
    },
  ],
};
