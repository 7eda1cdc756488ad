import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Span } from '../../../src/core/model';
import type { SpanNode } from '../../../src/core/session/api';
import { otlpTraces } from '../../../src/core/formats/traces/otlpTraces';
import { otlpLogs } from '../../../src/core/formats/traces/otlpLogs';
import {
  buildGroupTree,
  buildSpanTree,
  criticalPath,
  criticalPathSegments,
  DERIVED_ROOT_SPAN_ID,
  selfTimes,
  type TreeRecord,
} from '../../../src/core/trace/spanTree';
import { collect, fixture } from './sink';

const T = 'aaaa';
function span(id: string, parent: string | null, start: number, end: number, name = id): Span {
  return {
    traceId: T,
    spanId: id,
    parentSpanId: parent,
    name,
    service: 'svc',
    kind: null,
    startNs: BigInt(start),
    endNs: BigInt(end),
    status: 'unset',
    statusMessage: null,
    attributes: {},
    events: [],
    links: [],
    origin: 'reported',
    format: 'test',
  };
}
const shape = (nodes: SpanNode[]) => nodes.map((n) => `${'  '.repeat(n.depth)}${n.span.name}`);

/** The invariant every consumer relies on: pre-order, parent before child, siblings by start. */
function assertPreOrder(nodes: SpanNode[]): void {
  const lastChildStart = new Map<number, bigint>();
  nodes.forEach((n, i) => {
    assert.ok(n.parent < i, `parent of ${i} comes first`);
    if (n.parent >= 0) assert.equal(n.depth, nodes[n.parent]!.depth + 1);
    else assert.equal(n.depth, 0);
    const prev = lastChildStart.get(n.parent);
    if (prev !== undefined) assert.ok(prev <= n.span.startNs, 'siblings by start time');
    lastChildStart.set(n.parent, n.span.startNs);
  });
  // Subtrees are contiguous: a node's descendants are exactly the following nodes with greater depth.
  nodes.forEach((n, i) => {
    let j = i + 1,
      count = 0;
    while (j < nodes.length && nodes[j]!.depth > n.depth) {
      if (nodes[j]!.parent === i) count++;
      j++;
    }
    assert.equal(count, n.children, `children count of ${n.span.name}`);
  });
}

test(
  'tree of the OTLP fixture with its OTLP log records: pre-order, record attachment, derived span for a ' +
    'log-only span id',
  () => {
    const spans = collect(),
      logs = collect();
    otlpTraces.import(fixture('otlp-traces.json'), spans);
    otlpLogs.import(fixture('otlp-logs.json'), logs);
    const recs = logs.records.filter((r) => r.traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
    const { nodes, recordNode } = buildSpanTree(spans.spans, recs);
    assertPreOrder(nodes);
    assert.deepEqual(shape(nodes), [
      'POST /pay',
      '  charge',
      '    GET /fraud-check',
      '  audit',
      'trace 4bf92f3577b34da6a3ce929d0e0e4736',
      '  span cafebabecafebabe',
    ]);
    assert.deepEqual(
      nodes.map((n) => n.span.origin),
      ['reported', 'reported', 'reported', 'reported', 'derived', 'derived'],
    );
    assert.deepEqual(
      nodes.map((n) => n.records),
      [0, 1, 1, 0, 0, 1],
    );
    assert.deepEqual(
      nodes.map((n) => n.errors),
      [1, 0, 2, 0, 0, 0],
      'error status + error records',
    );
    assert.deepEqual([...recordNode], [1, 2, 5]);
    const derived = nodes[5]!.span;
    assert.equal(derived.startNs, 1714551300137000000n);
    assert.equal(derived.endNs, 1714551300137000000n);
    assert.equal(nodes[4]!.span.spanId, DERIVED_ROOT_SPAN_ID);
  },
);

test('missing parents become one placeholder spanning its children; roots and siblings ordered by start', () => {
  const { nodes } = buildSpanTree([
    span('c2', 'gone', 30, 80),
    span('r', null, 0, 100),
    span('c1', 'gone', 20, 50),
    span('k', 'r', 5, 10),
    span('j', 'r', 1, 3),
  ]);
  assertPreOrder(nodes);
  assert.deepEqual(shape(nodes), ['r', '  j', '  k', 'missing span gone', '  c1', '  c2']);
  const ph = nodes[3]!;
  assert.equal(ph.span.origin, 'placeholder');
  assert.equal(ph.span.spanId, 'gone');
  assert.equal(ph.span.startNs, 20n);
  assert.equal(ph.span.endNs, 80n);
  assert.equal(ph.children, 2);
});

test('cycles are cut and reported; every span stays in the tree', () => {
  const t = buildSpanTree([
    span('a', 'b', 0, 10),
    span('b', 'c', 1, 9),
    span('c', 'a', 2, 8),
    span('self', 'self', 3, 4),
    span('d', 'c', 5, 6),
  ]);
  assertPreOrder(t.nodes);
  assert.equal(t.nodes.length, 5, 'no placeholders for cycle members');
  assert.equal(t.cycles.length, 1);
  const roots = t.nodes
    .filter((n) => n.parent === -1)
    .map((n) => n.span.name)
    .sort();
  assert.equal(roots.length, 2);
  assert.ok(roots.includes('self'), 'a span naming itself as parent (not a Zipkin pair) is a root');
  assert.ok(t.nodes.every((n) => n.span.origin === 'reported'));
});

test(
  'records with span ids only (no tracer): one derived span per id, parent from parentSpanId, else under a ' +
    'derived root',
  () => {
    const recs: TreeRecord[] = [
      { timeNs: 100n, spanId: 's1', parentSpanId: null, level: 'info' },
      { timeNs: 150n, spanId: 's2', parentSpanId: 's1', level: 'info' },
      { timeNs: 180n, spanId: 's2', parentSpanId: 's1', level: 'error' },
      { timeNs: 300n, spanId: 's1', parentSpanId: null, level: 'info' },
      { timeNs: 50n, spanId: null, level: 'warn' },
      { timeNs: 400n, spanId: 's3', parentSpanId: 'unknown', level: 'info' },
      { timeNs: null, spanId: 's4', parentSpanId: 's1', level: 'info' },
    ];
    const { nodes, recordNode } = buildSpanTree([], recs, { traceId: 'feed' });
    assertPreOrder(nodes);
    assert.deepEqual(shape(nodes), [
      'trace feed',
      '  span s1',
      '    span s4',
      '    span s2',
      'missing span unknown',
      '  span s3',
    ]);
    const s1 = nodes[1]!.span,
      s2 = nodes[3]!.span,
      root = nodes[0]!.span;
    assert.deepEqual([s1.startNs, s1.endNs, s1.origin], [100n, 300n, 'derived']);
    assert.deepEqual([s2.startNs, s2.endNs, s2.parentSpanId], [150n, 180n, 's1']);
    assert.deepEqual([root.startNs, root.endNs], [50n, 400n]);
    assert.deepEqual(
      [nodes[2]!.span.startNs, nodes[2]!.span.endNs],
      [50n, 400n],
      'a span id whose records have no time covers the trace',
    );
    assert.equal(nodes[3]!.errors, 1);
    assert.deepEqual(
      [...recordNode],
      [1, 3, 3, 1, 0, 5, 2],
      'a record without span id belongs to the derived trace root',
    );
  },
);

test('a trace seen only in logs without span ids gets one derived span over its records', () => {
  const { nodes, recordNode } = buildSpanTree(
    [],
    [
      { timeNs: 7n, spanId: null, traceId: 'abc' },
      { timeNs: 3n, spanId: null, traceId: 'abc' },
    ],
  );
  assert.equal(nodes.length, 1);
  assert.deepEqual([nodes[0]!.span.startNs, nodes[0]!.span.endNs, nodes[0]!.records], [3n, 7n, 2]);
  assert.deepEqual([...recordNode], [0, 0]);
});

test('correlation id / thread group: one derived span from first to last record', () => {
  const t = buildGroupTree('correlation', 'req-17', [
    { timeNs: 20n, spanId: null, service: 'pay' },
    { timeNs: 10n, spanId: null, error: 'boom' },
    { timeNs: null, spanId: null },
  ]);
  assert.equal(t.nodes.length, 1);
  const s = t.nodes[0]!.span;
  assert.deepEqual(
    [s.name, s.startNs, s.endNs, s.origin, s.service, t.nodes[0]!.records, t.nodes[0]!.errors],
    ['req-17', 10n, 20n, 'derived', 'pay', 3, 1],
  );
  const th = buildGroupTree('thread', 'exec-1', [{ timeNs: 5n, spanId: null }]);
  assert.equal(th.nodes[0]!.span.name, 'thread exec-1');
});

// root [0,100] ├ A [10,50] ├ D [20,30] └ B [40,90] └ C [45,60]
function knownTree(): SpanNode[] {
  return buildSpanTree([
    span('root', null, 0, 100),
    span('A', 'root', 10, 50),
    span('D', 'root', 20, 30),
    span('B', 'root', 40, 90),
    span('C', 'B', 45, 60),
  ]).nodes;
}

test('critical path on a known tree: last-finishing child first, then what ended before it started', () => {
  const nodes = knownTree();
  assert.deepEqual(shape(nodes), ['root', '  A', '  D', '  B', '    C']);
  assert.deepEqual(
    criticalPath(nodes).map((i) => nodes[i]!.span.name),
    ['root', 'A', 'B', 'C'],
  );
  const segs = criticalPathSegments(nodes).map((s) => `${nodes[s.node]!.span.name}:${s.startNs}-${s.endNs}`);
  assert.deepEqual(segs, ['root:0-10', 'A:10-40', 'B:40-45', 'C:45-60', 'B:60-90', 'root:90-100']);
});

test('self time = duration minus the union of child intervals', () => {
  const nodes = knownTree();
  assert.deepEqual([...selfTimes(nodes)], [20n, 40n, 10n, 35n, 15n]);
});

test('100,000 spans in one chain and 100,000 siblings build without recursion problems', () => {
  const n = 100_000;
  const chain: Span[] = [];
  for (let i = 0; i < n; i++) chain.push(span(`s${i}`, i === 0 ? null : `s${i - 1}`, i, 2 * n - i));
  chain.reverse(); // input order must not matter
  const { nodes } = buildSpanTree(chain);
  assert.equal(nodes.length, n);
  assert.equal(nodes[n - 1]!.depth, n - 1);
  assert.equal(nodes[n - 1]!.span.name, `s${n - 1}`);
  assert.equal(criticalPath(nodes).length, n);
  const self = selfTimes(nodes);
  assert.equal(self[0], 2n);
  assert.equal(self[n - 1], 2n);

  const wide: Span[] = [span('root', null, 0, n + 1)];
  for (let i = n - 1; i >= 0; i--) wide.push(span(`w${i}`, 'root', i, i + 1));
  const w = buildSpanTree(wide).nodes;
  assert.equal(w[0]!.children, n);
  assert.equal(w[1]!.span.name, 'w0');
  assert.equal(w[n]!.span.name, `w${n - 1}`);
  assert.equal(criticalPath(w).length, n + 1, 'back-to-back children are all on the path');
});

test('thread runs: with a gap, a thread group splits into one child span per burst of records', () => {
  const recs: TreeRecord[] = [
    { timeNs: 1_000n, spanId: null },
    { timeNs: 1_500n, spanId: null, level: 'error' },
    { timeNs: null, spanId: null },
    { timeNs: 9_000n, spanId: null },
    { timeNs: 2_000n, spanId: null },
  ];
  const t = buildGroupTree('thread', 'exec-1', recs, { runGapNs: 5_000n });
  assertPreOrder(t.nodes);
  assert.deepEqual(shape(t.nodes), ['thread exec-1', '  run 1', '  run 2']);
  assert.deepEqual(
    t.nodes.map((n) => [n.span.startNs, n.span.endNs, n.records, n.errors]),
    [
      [1_000n, 9_000n, 0, 0],
      [1_000n, 2_000n, 4, 1],
      [9_000n, 9_000n, 1, 0],
    ],
  );
  assert.deepEqual([...t.recordNode], [1, 1, 1, 2, 1], 'an untimed record stays with the run of the record before it');
  assert.equal(buildGroupTree('thread', 'exec-1', recs).nodes.length, 1, 'without a gap: one span');
});
