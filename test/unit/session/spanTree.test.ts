import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionOver } from '../../../src/core/session/session';
import { TRACE_RECORDS_SPAN_ID } from '../../../src/core/session/api';
import { MemoryStore, memoryBackend } from './memoryStore';
import { records, spanTree } from '../../support/sessionQueries';

const ms = (n: number) => BigInt(n) * 1_000_000n;

function setup() {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  return { session, store: stores[0]! };
}

test('a trace with a missing parent gets a placeholder; records attach to their span or to the trace', () => {
  const { session, store } = setup();
  store.append(
    [
      { timeNs: ms(12), traceId: 'aa', spanId: 'c1', message: 'in child', level: 'error' },
      { timeNs: ms(13), traceId: 'aa', spanId: 'c1', message: 'still in child' },
      { timeNs: ms(11), traceId: 'aa', message: 'no span id' },
    ],
    [
      // Parent "p0" never arrives (another service did not export it).
      {
        traceId: 'aa',
        spanId: 'c1',
        parentSpanId: 'p0',
        name: 'charge',
        service: 'pay',
        startNs: ms(10),
        endNs: ms(20),
      },
      {
        traceId: 'aa',
        spanId: 'c2',
        parentSpanId: 'p0',
        name: 'reserve',
        service: 'stock',
        startNs: ms(15),
        endNs: ms(30),
      },
    ],
  );
  const nodes = spanTree(session, 'trace:aa');
  assert.deepEqual(
    nodes.map((n) => [n.span.spanId, n.span.origin, n.depth, n.parent, n.records, n.errors]),
    [
      ['p0', 'placeholder', 0, -1, 0, 0],
      ['c1', 'reported', 1, 0, 2, 1],
      ['c2', 'reported', 1, 0, 0, 0],
    ],
  );
  // The placeholder spans its children.
  assert.equal(nodes[0]!.span.startNs, ms(10));
  assert.equal(nodes[0]!.span.endNs, ms(30));
  assert.deepEqual(
    records(session, 'trace:aa', { spanId: 'c1' }).items.map((r) => r.message),
    ['in child', 'still in child'],
  );
  assert.deepEqual(
    records(session, 'trace:aa', { spanId: TRACE_RECORDS_SPAN_ID }).items.map((r) => r.message),
    ['no span id'],
  );
  assert.equal(records(session, 'trace:aa').total, 3);
});

test('records with trace and span IDs but no tracer output get derived spans', () => {
  const { session, store } = setup();
  store.append([
    { timeNs: ms(1), traceId: 'bb', spanId: 's1', message: 'a' },
    { timeNs: ms(4), traceId: 'bb', spanId: 's2', parentSpanId: 's1', message: 'b' },
    { timeNs: ms(6), traceId: 'bb', spanId: 's1', message: 'c' },
  ]);
  const nodes = spanTree(session, 'trace:bb');
  const s1 = nodes.find((n) => n.span.spanId === 's1')!;
  const s2 = nodes.find((n) => n.span.spanId === 's2')!;
  assert.equal(s1.span.origin, 'derived');
  assert.equal(s1.span.startNs, ms(1));
  assert.equal(s1.span.endNs, ms(6));
  assert.equal(nodes[s2.parent]!.span.spanId, 's1');
  assert.equal(s1.records + s2.records, 3);
});

test('correlation-only and thread-only groups get one derived span from first to last record', () => {
  const { session, store } = setup();
  store.append([
    { timeNs: ms(100), correlationId: 'req-7', thread: 'http-1', message: 'start', service: 'api' },
    { timeNs: ms(140), correlationId: 'req-7', thread: 'http-1', message: 'end', level: 'error' },
    { timeNs: ms(150), thread: 'scheduler', message: 'tick' },
  ]);
  const [corr] = spanTree(session, 'correlation:req-7');
  assert.equal(corr!.span.origin, 'derived');
  assert.equal(corr!.span.startNs, ms(100));
  assert.equal(corr!.span.endNs, ms(140));
  assert.equal(corr!.records, 2);
  assert.equal(corr!.errors, 1);
  assert.equal(corr!.span.service, 'api');
  const [thr] = spanTree(session, 'thread:scheduler');
  assert.equal(thr!.span.origin, 'derived');
  assert.equal(thr!.records, 1);
  assert.deepEqual(
    records(session, 'correlation:req-7', { spanId: corr!.span.spanId }).items.map((r) => r.message),
    ['start', 'end'],
  );
  assert.deepEqual(spanTree(session, 'nope:x'), []);
});

test('the tree follows appended spans and records', () => {
  const { session, store } = setup();
  store.append([], [{ traceId: 'cc', spanId: 'r', name: 'root', startNs: ms(0), endNs: ms(10) }]);
  assert.equal(spanTree(session, 'trace:cc').length, 1);
  store.append(
    [{ timeNs: ms(5), traceId: 'cc', spanId: 'k', message: 'x' }],
    [{ traceId: 'cc', spanId: 'k', parentSpanId: 'r', name: 'kid', startNs: ms(2), endNs: ms(8) }],
  );
  const nodes = spanTree(session, 'trace:cc');
  assert.deepEqual(
    nodes.map((n) => [n.span.name, n.depth, n.records]),
    [
      ['root', 0, 0],
      ['kid', 1, 1],
    ],
  );
});
