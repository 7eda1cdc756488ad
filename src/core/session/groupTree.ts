// The span tree of one group, built by trace/spanTree.ts from the group's reported spans and its records, plus
// which records hang under which span (for `records(groupId, { spanId })`).

import type { RecordStore } from '../index/types';
import { NONE } from '../index/types';
import { isErrorLevelCode, levelFromCode } from '../model';
import { buildGroupTree, buildSpanTree, type SpanTree, type TreeRecord } from '../trace/spanTree';
import { TRACE_RECORDS_SPAN_ID, type SpanNode } from './api';
import type { GroupState } from './grouping';
import { msToNs, type RecordTimes } from './recordTimes';

export interface GroupTree {
  nodes: SpanNode[];
  /** Record ids per span id (time-ordered); TRACE_RECORDS_SPAN_ID holds those attached to the trace only. */
  recordsBySpan: Map<string, number[]>;
}

const EMPTY: GroupTree = { nodes: [], recordsBySpan: new Map() };

/** How many records a build step handles before it offers the caller a chance to yield. */
const STEP = 4096;

export function groupSpanTree(
  store: RecordStore,
  group: GroupState,
  sortedIds: Int32Array,
  times: RecordTimes,
): GroupTree {
  const steps = groupSpanTreeSteps(store, group, sortedIds, times);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same build, pausing (`yield`) every few thousand records so a caller on the extension host can give the
 * event loop back: one code path for the synchronous `spanTree` and the cooperative `markers`.
 * `sortedIds` must not change while the build runs (pass a copy when the group may grow meanwhile).
 */
export function* groupSpanTreeSteps(
  store: RecordStore,
  group: GroupState,
  sortedIds: Int32Array,
  times: RecordTimes,
): Generator<void, GroupTree, void> {
  if (group.kind === 'field' || group.key === '') return EMPTY;
  // The tree decides a record's span from its span ID alone, and builds derived spans from the first parent
  // ID, the first service and the time range of each span ID's records. So it is built from a few records per
  // span ID that carry exactly that (tens of thousands instead of a million objects with bigint times), and
  // each decision is then applied to every record with the same span ID, counts included.
  // Loops over records live in plain functions called once per slice, so they are optimised as hot functions
  // rather than run as one long loop inside the generator.
  const n = sortedIds.length;
  const stats = new Map<number, KeyStats>();
  for (let i = 0; i < n; i += STEP) {
    if (i > 0) yield;
    gatherKeyStats(store, times, sortedIds, i, Math.min(n, i + STEP), stats);
  }
  const picked: number[] = [];
  for (const st of stats.values())
    for (const i of [st.first, st.parent, st.service, st.min, st.max]) if (i >= 0) picked.push(i);
  picked.sort((a, b) => a - b);
  const reps: number[] = [];
  for (const i of picked) if (reps.length === 0 || reps[reps.length - 1] !== i) reps.push(i);
  yield;
  const repRecords: TreeRecord[] = new Array(reps.length);
  for (let j = 0; j < reps.length; j += STEP / 4) {
    for (let x = j; x < Math.min(reps.length, j + STEP / 4); x++)
      repRecords[x] = treeRecord(store, times, sortedIds[reps[x]!]!);
    yield;
  }
  const tree = buildTree(store, group, repRecords);
  yield;
  for (let j = 0; j < reps.length; j++) {
    const id = sortedIds[reps[j]!]!;
    const st = stats.get(store.spanKey(id))!;
    const node = tree.recordNode[j]!;
    if (st.node !== -2 && st.node !== node) return yield* fullSteps(store, group, sortedIds, times);
    st.node = node;
    st.reps++;
    if (isError(store, id)) st.repErrors++;
  }
  for (const st of stats.values()) {
    const node = tree.nodes[st.node];
    if (!node) continue;
    node.records += st.count - st.reps;
    node.errors += st.errors - st.repErrors;
  }
  yield;
  const recordsBySpan = new Map<string, number[]>();
  // Each span key's list, looked up once per key rather than once per record.
  const listOf = new Map<number, number[]>();
  for (const st of stats.values()) {
    const spanId = st.node < 0 ? TRACE_RECORDS_SPAN_ID : tree.nodes[st.node]!.span.spanId;
    let l = recordsBySpan.get(spanId);
    if (!l) recordsBySpan.set(spanId, (l = []));
    listOf.set(st.key, l);
  }
  for (let i = 0; i < n; i += STEP) {
    if (i > 0) yield;
    spreadToLists(store, sortedIds, i, Math.min(n, i + STEP), listOf);
  }
  return { nodes: tree.nodes, recordsBySpan };
}

function gatherKeyStats(
  store: RecordStore,
  times: RecordTimes,
  sortedIds: Int32Array,
  from: number,
  to: number,
  stats: Map<number, KeyStats>,
): void {
  let last: KeyStats | undefined;
  for (let i = from; i < to; i++) {
    const id = sortedIds[i]!;
    const key = store.spanKey(id);
    let st = last !== undefined && last.key === key ? last : stats.get(key);
    if (st === undefined)
      stats.set(
        key,
        (st = {
          key,
          first: i,
          parent: -1,
          service: -1,
          min: -1,
          max: -1,
          count: 0,
          errors: 0,
          reps: 0,
          repErrors: 0,
          node: -2,
        }),
      );
    last = st;
    st.count++;
    if (isError(store, id)) st.errors++;
    if (st.parent < 0 && nonEmpty(store, store.parentSpanKey(id))) st.parent = i;
    if (st.service < 0 && nonEmpty(store, store.serviceKey(id))) st.service = i;
    if (times.hasOwnTime(id)) {
      if (st.min < 0 || earlier(times, id, sortedIds[st.min]!)) st.min = i;
      if (st.max < 0 || earlier(times, sortedIds[st.max]!, id)) st.max = i;
    }
  }
}

function spreadToLists(
  store: RecordStore,
  sortedIds: Int32Array,
  from: number,
  to: number,
  listOf: Map<number, number[]>,
): void {
  let lastKey = NaN,
    list: number[] = [];
  for (let i = from; i < to; i++) {
    const id = sortedIds[i]!;
    const key = store.spanKey(id);
    if (key !== lastKey) {
      lastKey = key;
      list = listOf.get(key)!;
    }
    list.push(id);
  }
}

interface KeyStats {
  key: number;
  /**
   * Positions in the sorted ids: first record, first with a parent
   * span ID, first with a service, earliest and latest own time.
   */
  first: number;
  parent: number;
  service: number;
  min: number;
  max: number;
  count: number;
  errors: number;
  /** Of those, how many went into the tree (and their errors), and the node they landed on (-2: none yet). */
  reps: number;
  repErrors: number;
  node: number;
}

/** What the tree counts as an error record: level error or fatal, or error text (the index knows only whether). */
function isError(store: RecordStore, id: number): boolean {
  return store.hasError(id) || isErrorLevelCode(store.level(id));
}

function nonEmpty(store: RecordStore, key: number): boolean {
  return key !== NONE && store.string(key) !== '';
}

function earlier(times: RecordTimes, a: number, b: number): boolean {
  const x = times.effMs(a),
    y = times.effMs(b);
  return x < y || (x === y && times.effSub(a) < times.effSub(b));
}

function treeRecord(store: RecordStore, times: RecordTimes, id: number): TreeRecord {
  const str = (k: number): string | null => (k === NONE ? null : store.string(k));
  return {
    timeNs: times.hasOwnTime(id) ? msToNs(times.effMs(id), times.effSub(id)) : null,
    traceId: str(store.traceKey(id)),
    spanId: str(store.spanKey(id)),
    parentSpanId: str(store.parentSpanKey(id)),
    level: levelFromCode(store.level(id)),
    // The tree counts any non-null error text as an error; the index knows only whether there is one.
    error: store.hasError(id) ? 'error' : null,
    service: str(store.serviceKey(id)),
    thread: str(store.threadKey(id)),
  };
}

function buildTree(store: RecordStore, group: GroupState, records: TreeRecord[]): SpanTree {
  if (group.kind === 'trace')
    return buildSpanTree(
      group.spans.map((i) => store.spans[i]!),
      records,
      { traceId: group.key },
    );
  return buildGroupTree(group.kind as 'correlation' | 'thread', group.key, records);
}

/**
 * Every record into the tree: only when the tree attached records sharing a span ID to different spans, which
 * the condensed build above cannot express.
 */
function* fullSteps(
  store: RecordStore,
  group: GroupState,
  sortedIds: Int32Array,
  times: RecordTimes,
): Generator<void, GroupTree, void> {
  const records: TreeRecord[] = new Array(sortedIds.length);
  for (let i = 0; i < sortedIds.length; i += STEP) {
    if (i > 0) yield;
    for (let j = i; j < Math.min(sortedIds.length, i + STEP); j++) records[j] = treeRecord(store, times, sortedIds[j]!);
  }
  yield;
  const tree = buildTree(store, group, records);
  yield;
  const recordsBySpan = new Map<string, number[]>();
  for (let i = 0; i < sortedIds.length; i++) {
    if (i % (STEP * 8) === 0 && i > 0) yield;
    const node = tree.recordNode[i]!;
    const key = node < 0 ? TRACE_RECORDS_SPAN_ID : tree.nodes[node]!.span.spanId;
    let list = recordsBySpan.get(key);
    if (!list) recordsBySpan.set(key, (list = []));
    list.push(sortedIds[i]!);
  }
  return { nodes: tree.nodes, recordsBySpan };
}
