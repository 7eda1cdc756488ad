// The span tree of one trace, as a flat array in pre-order (SpanNode, model.ts). Pure and iterative:
// 100,000 spans in a single chain build without recursion, in O(n log n).
//
// INVARIANT of the output (the waterfall, self time and critical path rely on it): nodes are in pre-order —
// a parent comes before its children, each subtree is contiguous, siblings are ordered by start time (then
// input order) — and `parent` is the index of the parent node (-1 for roots), so `parent < index`.

import type { Span } from '../model';
import type { SpanNode } from '../model';
import { deriveGroupSpan, derivedSpan, deriveTraceSpans, isErrorRecord, type TreeRecord } from './derive';

export { criticalPath, criticalPathSegments, type CriticalSegment } from './criticalPath';
export { selfTimes } from './selfTime';
export { DERIVED_ROOT_SPAN_ID, deriveGroupSpan, type TreeRecord } from './derive';

export interface SpanTree {
  nodes: SpanNode[];
  /** For each input record (same order): the node it is attached to, or -1 when it belongs to the trace only. */
  recordNode: Int32Array;
  /** Parent references that formed a cycle and were cut (the span named became a root). */
  cycles: string[];
}

export interface SpanTreeOptions {
  /** The trace's id, for derived spans when no span carries it. */
  traceId?: string;
  /** Derive spans for span IDs seen only in records (default true). */
  deriveFromRecords?: boolean;
}

const NO_PARENT = -1;

/**
 * Build one trace's tree from its reported spans and its log records. Parents come from `parentSpanId`;
 * a parent that is referenced but missing becomes one placeholder span (origin 'placeholder') spanning its
 * children; cycles are cut. A span whose parentSpanId equals its own spanId is the server half of a Zipkin
 * shared span: it hangs under the other span with that id, and children and records of the id go to it.
 */
export function buildSpanTree(
  spans: readonly Span[],
  records: readonly TreeRecord[] = [],
  opts: SpanTreeOptions = {},
): SpanTree {
  const traceId = opts.traceId ?? spans[0]?.traceId ?? records.find((r) => r.traceId)?.traceId ?? '';
  const all: Span[] = spans.slice();
  let derivedRoot = -1;
  if (opts.deriveFromRecords !== false && records.length > 0) {
    const ids = new Set<string>();
    for (const s of spans) ids.add(s.spanId);
    const d = deriveTraceSpans(traceId, ids, records, spans.length > 0);
    for (const s of d.spans) all.push(s);
    if (d.root) {
      derivedRoot = all.length;
      all.push(d.root);
    }
  }

  // Lookup by id: the server half of a shared span takes the id's children and records.
  const primary = new Map<string, number>();
  const serverHalf = new Map<string, number>();
  for (let i = 0; i < all.length; i++) {
    const s = all[i]!;
    const m = s.parentSpanId === s.spanId ? serverHalf : primary;
    if (!m.has(s.spanId)) m.set(s.spanId, i);
  }
  const lookup = (id: string): number | undefined => serverHalf.get(id) ?? primary.get(id);

  const placeholders = new Map<string, number>();
  const placeholderFor = (id: string): number => {
    let p = placeholders.get(id);
    if (p === undefined) {
      p = all.length;
      placeholders.set(id, p);
      all.push({
        traceId,
        spanId: id,
        parentSpanId: null,
        name: `missing span ${id}`,
        service: null,
        kind: null,
        startNs: 0n,
        endNs: 0n,
        status: 'unset',
        statusMessage: null,
        attributes: {},
        events: [],
        links: [],
        origin: 'placeholder',
        format: 'placeholder',
      });
    }
    return p;
  };

  const reportedCount = all.length;
  const parentOf: number[] = new Array(reportedCount);
  for (let i = 0; i < reportedCount; i++) {
    const s = all[i]!;
    const p = s.parentSpanId;
    if (p === null || p === '') {
      parentOf[i] = NO_PARENT;
      continue;
    }
    let target: number | undefined;
    if (p === s.spanId) {
      // The server half of a Zipkin shared span: under its client half, or where the client half would hang.
      target = primary.get(p);
      const original = s.attributes['zipkin.parentId'];
      if (target === undefined && typeof original === 'string' && original !== p)
        target = lookup(original) ?? placeholderFor(original);
    } else {
      target = lookup(p);
      if (target === undefined) target = placeholderFor(p);
    }
    parentOf[i] = target === undefined || target === i ? NO_PARENT : target;
  }
  for (let i = reportedCount; i < all.length; i++) parentOf[i] = NO_PARENT;
  const n = all.length;

  const cycles = breakCycles(parentOf, all);

  // Placeholders span their children.
  const spanned = new Set<number>();
  for (let i = 0; i < n; i++) {
    const p = parentOf[i]!;
    if (p === NO_PARENT || all[p]!.origin !== 'placeholder') continue;
    const ph = all[p]!,
      c = all[i]!;
    if (!spanned.has(p)) {
      spanned.add(p);
      ph.startNs = c.startNs;
      ph.endNs = c.endNs;
      continue;
    }
    if (c.startNs < ph.startNs) ph.startNs = c.startNs;
    if (c.endNs > ph.endNs) ph.endNs = c.endNs;
  }

  // Children lists (CSR), each sorted by start time, then input order.
  const childCount = new Int32Array(n + 1); // slot n holds the roots
  for (let i = 0; i < n; i++) childCount[parentOf[i]! === NO_PARENT ? n : parentOf[i]!]++;
  const offset = new Int32Array(n + 2);
  for (let i = 0; i <= n; i++) offset[i + 1] = offset[i]! + childCount[i]!;
  const fill = offset.slice(0, n + 1);
  const kids = new Int32Array(n);
  for (let i = 0; i < n; i++) kids[fill[parentOf[i]! === NO_PARENT ? n : parentOf[i]!]!++] = i;
  const byStart = (a: number, b: number) => {
    const x = all[a]!.startNs,
      y = all[b]!.startNs;
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  for (let p = 0; p <= n; p++) {
    const from = offset[p]!,
      to = offset[p + 1]!;
    if (to - from > 1) kids.subarray(from, to).sort(byStart);
  }

  // Pre-order walk with an explicit stack (children pushed in reverse so the earliest pops first).
  const order = new Int32Array(n);
  const newIndex = new Int32Array(n);
  const depth = new Int32Array(n);
  const stack: number[] = [];
  for (let k = offset[n + 1]! - 1; k >= offset[n]!; k--) stack.push(kids[k]!);
  let out = 0;
  while (stack.length > 0) {
    const i = stack.pop()!;
    newIndex[i] = out;
    order[out++] = i;
    const p = parentOf[i]!;
    depth[i] = p === NO_PARENT ? 0 : depth[p]! + 1;
    for (let k = offset[i + 1]! - 1; k >= offset[i]!; k--) stack.push(kids[k]!);
  }

  const recordsOf = new Int32Array(n);
  const errorsOf = new Int32Array(n);
  const recordNode = new Int32Array(records.length).fill(-1);
  records.forEach((r, ri) => {
    const target = r.spanId !== null && r.spanId !== '' ? lookup(r.spanId) : derivedRoot >= 0 ? derivedRoot : undefined;
    if (target === undefined) return;
    recordNode[ri] = newIndex[target]!;
    recordsOf[target]++;
    if (isErrorRecord(r)) errorsOf[target]++;
  });

  const nodes: SpanNode[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const p = parentOf[i]!;
    nodes[k] = {
      span: all[i]!,
      depth: depth[i]!,
      parent: p === NO_PARENT ? -1 : newIndex[p]!,
      children: childCount[i]!,
      records: recordsOf[i]!,
      errors: errorsOf[i]! + (all[i]!.status === 'error' ? 1 : 0),
    };
  }
  return { nodes, recordNode, cycles };
}

/**
 * Cut every parent cycle in place, in O(n): walk up from each unvisited span, stamping the path; meeting
 * the current stamp again means a cycle, cut at the span where the walk re-entered it.
 */
function breakCycles(parentOf: number[], all: readonly Span[]): string[] {
  const n = parentOf.length;
  const stamp = new Int32Array(n); // 0 = unvisited, k+1 = on the walk started at k, -1 = done
  const cut: string[] = [];
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (stamp[start] !== 0) continue;
    path.length = 0;
    let j = start;
    while (j !== NO_PARENT && stamp[j] === 0) {
      stamp[j] = start + 1;
      path.push(j);
      j = parentOf[j]!;
    }
    if (j !== NO_PARENT && stamp[j] === start + 1) {
      cut.push(`${all[j]!.spanId} → ${all[parentOf[j]!]!.spanId}`);
      parentOf[j] = NO_PARENT;
    }
    for (const k of path) stamp[k] = -1;
  }
  return cut;
}

/**
 * The tree of a correlation ID or thread group: a derived span from its first to last record. With
 * `runGapNs`, a thread's records are also split into runs wherever two consecutive records (by time) are
 * further apart than that; each run becomes a child span and takes its records (untimed records stay with
 * the run of the record before them in input order). A pool thread serving many requests then shows one bar
 * per burst of work instead of one bar over hours.
 */
export function buildGroupTree(
  kind: 'correlation' | 'thread',
  key: string,
  records: readonly TreeRecord[],
  opts: { runGapNs?: bigint } = {},
): SpanTree {
  const span = deriveGroupSpan(kind, key, records);
  let errors = 0;
  for (const r of records) if (isErrorRecord(r)) errors++;
  const root: SpanNode = { span, depth: 0, parent: -1, children: 0, records: records.length, errors };
  const recordNode = new Int32Array(records.length);
  const gap = opts.runGapNs;
  if (gap === undefined || records.length === 0) return { nodes: [root], recordNode, cycles: [] };

  const timed: number[] = [];
  records.forEach((r, i) => {
    if (r.timeNs !== null) timed.push(i);
  });
  timed.sort((a, b) => {
    const x = records[a]!.timeNs!,
      y = records[b]!.timeNs!;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const runOf = new Int32Array(records.length).fill(-1);
  const runs: { start: bigint; end: bigint; records: number; errors: number }[] = [];
  for (const i of timed) {
    const t = records[i]!.timeNs!;
    const last = runs[runs.length - 1];
    if (!last || t - last.end > gap) runs.push({ start: t, end: t, records: 0, errors: 0 });
    else last.end = t;
    runOf[i] = runs.length - 1;
  }
  if (runs.length === 0) return { nodes: [root], recordNode, cycles: [] };
  let prevRun = 0;
  records.forEach((r, i) => {
    const run = runOf[i]! >= 0 ? runOf[i]! : prevRun;
    prevRun = run;
    runs[run]!.records++;
    if (isErrorRecord(r)) runs[run]!.errors++;
    recordNode[i] = run + 1;
  });
  root.children = runs.length;
  root.records = 0;
  root.errors = 0;
  const nodes: SpanNode[] = [root];
  runs.forEach((run, k) => {
    nodes.push({
      span: derivedSpan({
        traceId: span.traceId,
        spanId: `${span.spanId}#${k + 1}`,
        parentSpanId: span.spanId,
        name: `run ${k + 1}`,
        service: span.service,
        range: [run.start, run.end],
        from: `${kind} run (gap > ${gap} ns)`,
      }),
      depth: 1,
      parent: 0,
      children: 0,
      records: run.records,
      errors: run.errors,
    });
  });
  return { nodes, recordNode, cycles: [] };
}
