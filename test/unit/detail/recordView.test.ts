import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogRecord, Position } from '../../../src/core/model';
import { recordView, stackFrameLocation } from '../../../src/extension/detail/recordView';

const record = (over: Partial<LogRecord> = {}): LogRecord & { position: Position } => ({
  timeNs: 1_700_000_000_000_000_000n,
  level: 'error',
  message: 'payment failed',
  service: 'payments',
  logger: null,
  thread: 'main',
  correlationId: null,
  traceId: null,
  spanId: null,
  parentSpanId: null,
  source: null,
  error:
    'java.lang.IllegalStateException: declined\n' +
    '\tat com.acme.shop.PaymentService.charge(PaymentService.java:42)\n' +
    '\tat java.base/java.lang.Thread.run(Thread.java:1583)',
  fields: {},
  format: 'logback-json',
  position: { source: 'app.log', line: 7, offset: 0 },
  ...over,
});

test('recordView: the level fact is spelt as the rows, the tree and the hovers spell it', () => {
  const facts = new Map(recordView(3, record()).facts);
  assert.equal(facts.get('level'), 'ERROR');
  assert.equal(new Map(recordView(3, record({ level: null })).facts).has('level'), false);
});

test('stackFrameLocation: the frame on a stack line, null for a line that is no frame', () => {
  const r = record();
  const lines = recordView(1, r).stack!;
  const own = lines.findIndex((l) => l.frame && !l.frame.library);
  assert.ok(own > 0);
  const at = stackFrameLocation(r, own);
  assert.equal(at?.line, 42);
  assert.match(at!.file, /PaymentService\.java$/);
  assert.equal(at?.origin, 'stack');
  assert.equal(stackFrameLocation(r, 0), null, 'the exception line');
  assert.equal(stackFrameLocation(record({ error: null }), 1), null);
});
