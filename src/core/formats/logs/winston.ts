// winston `format.json()` (+ `format.timestamp()`, `format.errors({stack:true})`, `format.label()`):
// a weak last resort.
// Spec: winstonjs/logform README.md
import type { LogFormatDef } from '../schema';

export const winston: LogFormatDef = {
  name: 'winston',
  title: 'winston JSON',
  spec: 'winstonjs/logform README.md',
  priority: 95,
  signature: {
    all: ['level', 'message'],
    none: ['@timestamp', 'msg', 'time'],
    types: [{ key: 'level', type: 'string' }],
  },
  time: [{ key: 'timestamp', decode: 'iso' }],
  level: [{ key: 'level', decode: 'name' }],
  message: [{ key: 'message' }],
  service: [{ key: 'service' }],
  logger: [{ key: 'label' }],
  error: [{ key: 'stack' }],
  samples: [
    {
      line:
        '{"level":"error","message":"charge failed","stack":"Error: declined\\n    at charge ' +
        '(/app/pay.js:12:9)","timestamp":"2024-05-01T08:15:00.123Z"}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'error',
        message: 'charge failed',
        error: 'Error: declined\n    at charge (/app/pay.js:12:9)',
        source: { file: '/app/pay.js', line: 12, function: 'charge' },
      },
    },
  ],
};
