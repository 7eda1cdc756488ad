// python-json-logger (JsonFormatter over the stdlib LogRecord attributes) incl. OTel LoggingInstrumentor keys.
// Spec: madzak/python-json-logger src/pythonjsonlogger/jsonlogger.py; docs.python.org logging LogRecord attributes
import type { LogFormatDef } from '../schema';

export const pythonJsonLogger: LogFormatDef = {
  name: 'python-json-logger',
  title: 'python-json-logger',
  spec: 'madzak/python-json-logger src/pythonjsonlogger/jsonlogger.py',
  priority: 50,
  signature: { all: ['levelname'], any: ['message', 'msg', 'name', 'asctime'] },
  time: [
    { key: 'timestamp', decode: 'iso' },
    { key: 'asctime', decode: 'asctime' },
    { key: 'created', decode: 'epochS' },
  ],
  level: [{ key: 'levelname', decode: 'name' }],
  message: [{ key: 'message' }, { key: 'msg' }],
  logger: [{ key: 'name' }],
  thread: [{ key: 'threadName' }, { key: 'thread' }],
  traceId: [{ key: 'otelTraceID' }],
  spanId: [{ key: 'otelSpanID' }],
  service: [{ key: 'otelServiceName' }],
  source: {
    file: [{ key: 'pathname' }, { key: 'filename' }],
    line: [{ key: 'lineno' }],
    function: [{ key: 'funcName' }],
  },
  error: [{ key: 'exc_info' }, { key: 'stack_info' }],
  samples: [
    {
      line:
        '{"asctime":"2024-05-01 08:15:00,123","levelname":"ERROR","name":"pay","message":"charge failed",' +
        '"pathname":"/app/pay.py","lineno":88,"funcName":"charge","threadName":"MainThread",' +
        '"request_id":"r-17","exc_info":"Traceback (most recent call last):\\n  File \\"/app/pay.py\\", line ' +
        '88, in charge\\nValueError: declined"}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'error',
        message: 'charge failed',
        logger: 'pay',
        thread: 'MainThread',
        correlationId: 'r-17',
        source: { file: '/app/pay.py', line: 88, function: 'charge' },
        error: 'Traceback (most recent call last):\n  File "/app/pay.py", line 88, in charge\nValueError: declined',
      },
    },
    {
      line:
        '{"message":"ok","levelname":"INFO","created":1714551300.1234567,' +
        '"otelTraceID":"4bf92f3577b34da6a3ce929d0e0e4736","otelSpanID":"00f067aa0ba902b7",' +
        '"otelServiceName":"pay"}',
      expect: {
        timeNs: '1714551300123456700',
        level: 'info',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        service: 'pay',
      },
    },
  ],
};
