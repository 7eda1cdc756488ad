// bunyan: `v` 0, numeric levels, ISO `time`, `src{file,line,func}` with `src: true`.
// Spec: trentm/node-bunyan README.md ("Core fields")
import type { LogFormatDef } from '../schema';

export const bunyan: LogFormatDef = {
  name: 'bunyan',
  title: 'bunyan',
  spec: 'trentm/node-bunyan README.md#core-fields',
  priority: 45,
  signature: { all: ['v', 'level', 'msg', 'time'], types: [{ key: 'v', type: 'number' }] },
  time: [{ key: 'time', decode: 'iso' }],
  level: [{ key: 'level', decode: 'pino' }],
  message: [{ key: 'msg' }],
  service: [{ key: 'name' }],
  logger: [{ key: 'name' }],
  correlationId: [{ key: 'req_id', decode: 'text' }],
  source: { file: [{ key: ['src', 'file'] }], line: [{ key: ['src', 'line'] }], function: [{ key: ['src', 'func'] }] },
  error: [{ key: 'err' }],
  samples: [
    {
      line:
        '{"name":"pay","hostname":"web-1","pid":42,"level":30,"msg":"ok","time":"2024-05-01T08:15:00.123Z",' +
        '"src":{"file":"/app/pay.js","line":20,"func":"charge"},"v":0}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'info',
        message: 'ok',
        service: 'pay',
        logger: 'pay',
        source: { file: '/app/pay.js', line: 20, function: 'charge' },
      },
    },
  ],
};
