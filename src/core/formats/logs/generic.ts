// Fallback for JSON lines no format claims: well-known key names for time, level, message and friends.
// Spec: none; the key names are the union of what the formats in this folder and common loggers use.
import type { LogFormatDef, Rule, TimeDecode } from '../schema';

const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', 'datetime', 'date', 'Timestamp', 'eventTime', '@t'];
// ISO first; numbers by magnitude (s, ms, µs, ns) only when the value is not ISO text.
const time: Rule<TimeDecode>[] = TIME_KEYS.flatMap((key) => [
  { key, decode: 'iso' as const },
  { key, decode: 'epochAuto' as const },
]);

export const generic: LogFormatDef = {
  name: 'generic',
  title: 'Generic JSON (well-known keys)',
  spec: 'src/core/formats/logs/generic.ts',
  priority: 1000,
  signature: {},
  time,
  level: [
    { key: 'level', decode: 'name' },
    { key: 'level', decode: 'pino' },
    { key: 'severity', decode: 'name' },
    { key: 'lvl', decode: 'name' },
    { key: 'loglevel', decode: 'name' },
    { key: 'log_level', decode: 'name' },
    { key: 'levelname', decode: 'name' },
    { key: 'LogLevel', decode: 'name' },
    { key: ['log', 'level'], decode: 'name' },
    { key: 'severityText', decode: 'name' },
  ],
  message: [
    { key: 'msg' },
    { key: 'message' },
    { key: '@message' },
    { key: 'Message' },
    { key: 'text' },
    { key: 'event' },
    { key: 'short_message' },
    { key: 'body' },
    { key: 'log' },
  ],
  service: [
    { key: 'service' },
    { key: ['service', 'name'] },
    { key: 'serviceName' },
    { key: 'service_name' },
    { key: 'app' },
    { key: 'application' },
  ],
  logger: [
    { key: 'logger' },
    { key: 'logger_name' },
    { key: 'loggerName' },
    { key: 'name' },
    { key: 'category' },
    { key: 'Category' },
  ],
  thread: [{ key: 'thread' }, { key: 'thread_name' }, { key: 'threadName' }, { key: 'tid' }],
  source: {
    file: [{ key: 'file' }, { key: 'filename' }, { key: 'source_file' }],
    line: [{ key: 'line' }, { key: 'lineno' }, { key: 'line_number' }],
    function: [{ key: 'function' }, { key: 'func' }, { key: 'method' }],
    combined: [
      { key: 'caller', decode: 'v8Frame' },
      { key: 'file', decode: 'callerPath' },
    ],
  },
  error: [
    { key: 'stack_trace' },
    { key: 'stacktrace' },
    { key: 'stack' },
    { key: 'exception' },
    { key: 'error' },
    { key: 'err' },
  ],
  samples: [
    {
      line:
        '{"@timestamp":"2024-05-01T08:15:00.123Z","loglevel":"warning","message":"disk almost full",' +
        '"service":"store","thread":"io-1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","request_id":"r-17"}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'warn',
        message: 'disk almost full',
        service: 'store',
        thread: 'io-1',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        correlationId: 'r-17',
        source: null,
      },
    },
    {
      line: '{"ts":1714551300123456,"lvl":"err","text":"x","caller":"main.go:12"}',
      expect: {
        timeNs: '1714551300123456000',
        level: 'error',
        message: 'x',
        source: { file: 'main.go', line: 12, function: null },
      },
    },
  ],
};
