// uber-go/zap production JSON: float-second `ts`, `caller` "pkg/file.go:42", `stacktrace` at Error+.
// Spec: uber-go/zap config.go (NewProductionEncoderConfig), zapcore/json_encoder.go
import type { LogFormatDef } from '../schema';

export const zap: LogFormatDef = {
  name: 'zap',
  title: 'zap (Go)',
  spec: 'uber-go/zap config.go NewProductionEncoderConfig',
  priority: 55,
  signature: { all: ['level', 'ts', 'msg'] },
  time: [
    { key: 'ts', decode: 'epochS' },
    { key: 'ts', decode: 'iso' },
  ],
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'msg' }],
  logger: [{ key: 'logger' }],
  source: { combined: [{ key: 'caller', decode: 'callerPath' }], function: [{ key: 'function' }] },
  error: [{ key: 'error' }, { key: 'stacktrace' }],
  samples: [
    {
      line:
        '{"level":"error","ts":1714551300.1234567,"logger":"pay","caller":"pay/charge.go:88","msg":"failed",' +
        '"stacktrace":"main.charge\\n\\t/app/pay/charge.go:88"}',
      expect: {
        timeNs: '1714551300123456700',
        level: 'error',
        message: 'failed',
        logger: 'pay',
        source: { file: 'pay/charge.go', line: 88, function: null },
        error: 'main.charge\n\t/app/pay/charge.go:88',
      },
    },
    {
      line:
        '{"level":"dpanic","ts":1714551300,"caller":"pay/charge.go:90","msg":"invariant broken",' +
        '"orderId":"9007199254740993"}',
      expect: { timeNs: '1714551300000000000', level: 'error', message: 'invariant broken' },
    },
  ],
};
