// Google Cloud LogEntry as exported by `gcloud logging read --format=json` (array elements) or the Logging API.
// Spec: https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry
import type { LogFormatDef } from '../schema';

export const gcpLogEntry: LogFormatDef = {
  name: 'gcp-logentry',
  title: 'Google Cloud LogEntry (gcloud logging read)',
  spec: 'https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry',
  priority: 10,
  signature: { all: ['logName'], any: ['insertId', 'jsonPayload', 'textPayload', 'protoPayload'] },
  time: [
    { key: 'timestamp', decode: 'iso' },
    { key: 'receiveTimestamp', decode: 'iso' },
  ],
  level: [{ key: 'severity', decode: 'name' }],
  message: [{ key: ['jsonPayload', 'message'] }, { key: 'textPayload' }, { key: ['jsonPayload', 'msg'] }],
  service: [
    { key: ['resource', 'labels', 'service_name'] },
    { key: ['resource', 'labels', 'container_name'] },
    { key: ['resource', 'labels', 'module_id'] },
    { key: ['resource', 'labels', 'function_name'] },
  ],
  logger: [{ key: 'logName' }],
  traceId: [{ key: 'trace', decode: 'gcpTrace' }],
  spanId: [{ key: 'spanId' }],
  source: {
    file: [{ key: ['sourceLocation', 'file'] }],
    line: [{ key: ['sourceLocation', 'line'] }],
    function: [{ key: ['sourceLocation', 'function'] }],
  },
  error: [{ key: ['jsonPayload', 'stack_trace'] }, { key: ['jsonPayload', 'exception'] }],
  context: ['jsonPayload', 'labels'],
  samples: [
    {
      line:
        '{"insertId":"abc123","jsonPayload":{"message":"payment failed"},"resource":{"type":"k8s_container",' +
        '"labels":{"project_id":"acme","container_name":"pay"}},"timestamp":"2024-05-01T08:15:00.123456Z",' +
        '"severity":"ERROR","trace":"projects/acme/traces/4bf92f3577b34da6a3ce929d0e0e4736",' +
        '"spanId":"00f067aa0ba902b7","sourceLocation":{"file":"pay.go","line":"88","function":"main.charge"},' +
        '"logName":"projects/acme/logs/stdout"}',
      expect: {
        timeNs: '1714551300123456000',
        level: 'error',
        message: 'payment failed',
        service: 'pay',
        logger: 'projects/acme/logs/stdout',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        source: { file: 'pay.go', line: 88, function: 'main.charge' },
      },
    },
    {
      line:
        '{"insertId":"x1","textPayload":"GET /health 200","resource":{"type":"cloud_run_revision",' +
        '"labels":{"service_name":"pay"}},"timestamp":"2024-05-01T08:15:00Z","severity":"INFO",' +
        '"logName":"projects/acme/logs/run.googleapis.com%2Fstdout","labels":{"requestId":"r-1"}}',
      expect: {
        timeNs: '1714551300000000000',
        level: 'info',
        message: 'GET /health 200',
        service: 'pay',
        correlationId: 'r-1',
      },
    },
  ],
};
