// pino (and pino-http `req.id`/`reqId`, pino-caller `caller`): numeric levels 10–60, epoch-ms `time`, `msg`.
// Spec: pinojs/pino docs/api.md; pinojs/pino-std-serializers lib/err.js; pinojs/pino-http logger.js;
// pinojs/pino-caller index.js
import type { LogFormatDef } from '../schema';

export const pino: LogFormatDef = {
  name: 'pino',
  title: 'pino',
  spec: 'pinojs/pino docs/api.md',
  priority: 50,
  signature: { all: ['level', 'time', 'msg'], none: ['v'], types: [{ key: 'level', type: 'number' }] },
  time: [
    { key: 'time', decode: 'epochMs' },
    { key: 'time', decode: 'iso' },
  ],
  level: [{ key: 'level', decode: 'pino' }],
  message: [{ key: 'msg' }],
  service: [{ key: 'name' }],
  logger: [{ key: 'name' }],
  correlationId: [
    { key: 'reqId', decode: 'text' },
    { key: ['req', 'id'], decode: 'text' },
  ],
  source: { combined: [{ key: 'caller', decode: 'v8Frame' }] },
  error: [{ key: 'err' }, { key: 'error' }],
  samples: [
    {
      line:
        '{"level":50,"time":1714551300123,"pid":4242,"hostname":"web-1","reqId":"req-1pc",' +
        '"err":{"type":"TypeError","message":"x is undefined","stack":"TypeError: x is undefined\\n    at ' +
        'handler (/app/routes/pay.js:41:13)"},"caller":"handler (/app/routes/pay.js:41:13)","msg":"request ' +
        'errored"}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'error',
        message: 'request errored',
        correlationId: 'req-1pc',
        source: { file: '/app/routes/pay.js', line: 41, function: 'handler' },
        error: 'TypeError: x is undefined\n    at handler (/app/routes/pay.js:41:13)',
      },
    },
    {
      // pino-http: the request id lives in `req.id`.
      line:
        '{"level":30,"time":1714551300200,"pid":4242,"hostname":"web-1","req":{"id":17,"method":"GET",' +
        '"url":"/pay","headers":{}},"res":{"statusCode":200},"responseTime":3,"msg":"request completed"}',
      expect: {
        timeNs: '1714551300200000000',
        level: 'info',
        message: 'request completed',
        correlationId: '17',
        source: null,
        error: null,
      },
    },
  ],
};
