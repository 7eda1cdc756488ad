// structlog JSONRenderer: message under `event`, lower-case `level`, TimeStamper ISO or float seconds,
// CallsiteParameterAdder.
// Spec: hynek/structlog src/structlog/processors.py (JSONRenderer, TimeStamper, CallsiteParameterAdder)
import type { LogFormatDef } from '../schema';

export const structlog: LogFormatDef = {
  name: 'structlog',
  title: 'structlog JSONRenderer',
  spec: 'hynek/structlog src/structlog/processors.py',
  priority: 65,
  signature: {
    all: ['event'],
    any: ['level', 'timestamp', 'logger', 'log_level'],
    none: ['@timestamp', 'message', 'msg'],
    types: [{ key: 'event', type: 'string' }],
  },
  time: [
    { key: 'timestamp', decode: 'iso' },
    { key: 'timestamp', decode: 'epochS' },
  ],
  level: [
    { key: 'level', decode: 'name' },
    { key: 'log_level', decode: 'name' },
  ],
  message: [{ key: 'event' }],
  logger: [{ key: 'logger' }, { key: 'logger_name' }],
  thread: [{ key: 'thread_name' }, { key: 'thread' }],
  source: {
    file: [{ key: 'pathname' }, { key: 'filename' }],
    line: [{ key: 'lineno' }],
    function: [{ key: 'qual_name' }, { key: 'func_name' }],
  },
  error: [{ key: 'exception' }],
  samples: [
    {
      line:
        '{"event":"charge failed","request_id":"r-17","level":"error",' +
        '"timestamp":"2024-05-01T08:15:00.123456Z","filename":"pay.py","func_name":"charge","lineno":88,' +
        '"thread_name":"MainThread"}',
      expect: {
        timeNs: '1714551300123456000',
        level: 'error',
        message: 'charge failed',
        correlationId: 'r-17',
        thread: 'MainThread',
        source: { file: 'pay.py', line: 88, function: 'charge' },
      },
    },
  ],
};
