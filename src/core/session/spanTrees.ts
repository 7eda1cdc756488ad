// Span trees of groups (reported spans, placeholders, spans derived from logs) and which records hang under
// which span, cached per group while it is unchanged; and the timeline's marker columns built from them.

import type { RecordStore } from '../index/types';
import type { GroupMarkers, SpanNode } from './api';
import type { Grouping, GroupState } from './grouping';
import { groupSpanTree, groupSpanTreeSteps, type GroupTree } from './groupTree';
import type { Intake } from './intake';

/** Work `markers` does between giving the event loop back (the host must never stall for long). */
const MARKERS_SLICE_MS = 10;
/** Trees kept at once. */
const MAX_TREES = 64;

export class SpanTrees {
  private readonly trees = new Map<string, { stamp: string; tree: GroupTree }>();
  private readonly builds = new Map<string, { stamp: string; tree: Promise<GroupTree> }>();
  /** Set when the session that made this moved on (cleared or disposed): builds in flight drop their results. */
  disposed = false;

  constructor(
    private readonly store: RecordStore,
    private readonly intake: Intake,
  ) {}

  /** The answer for a group that is not there. */
  markersOfNothing(): GroupMarkers {
    return emptyMarkers([]);
  }

  /** Forgets every tree (records were evicted). */
  clear(): void {
    this.trees.clear();
  }

  private key(grouping: Grouping, group: GroupState): { key: string; stamp: string } {
    return {
      key: group.id + '\u0000' + grouping.serial,
      stamp: `${group.records}:${group.spans.length}:${this.intake.evictedCount}`,
    };
  }

  private cache(key: string, stamp: string, tree: GroupTree): void {
    this.trees.delete(key);
    this.trees.set(key, { stamp, tree });
    if (this.trees.size > MAX_TREES) this.trees.delete(this.trees.keys().next().value!);
  }

  tree(grouping: Grouping, group: GroupState): GroupTree {
    const { key, stamp } = this.key(grouping, group);
    const hit = this.trees.get(key);
    if (hit && hit.stamp === stamp) return hit.tree;
    const tree = groupSpanTree(this.store, group, grouping.sortedIds(group), this.intake.times);
    this.cache(key, stamp, tree);
    return tree;
  }

  /** The same tree as `tree()`, built in slices; concurrent callers for one group and stamp share one build. */
  cooperative(grouping: Grouping, group: GroupState, pause: () => Promise<void>): Promise<GroupTree> {
    const { key, stamp } = this.key(grouping, group);
    const hit = this.trees.get(key);
    if (hit && hit.stamp === stamp) return Promise.resolve(hit.tree);
    const pending = this.builds.get(key);
    if (pending && pending.stamp === stamp) return pending.tree;
    // A copy: the group's list may grow or be re-sorted in place while the build waits.
    const ids = grouping.sortedIds(group).slice();
    const tree = (async () => {
      const steps = groupSpanTreeSteps(this.store, group, ids, this.intake.times);
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
        await pause();
      }
    })();
    const entry = { stamp, tree };
    this.builds.set(key, entry);
    const settle = () => {
      if (this.builds.get(key) === entry) this.builds.delete(key);
    };
    tree.then((t) => {
      settle();
      // Cached only while it still describes the group (no clear(), eviction or new records meanwhile).
      if (!this.disposed && this.key(grouping, group).stamp === stamp) this.cache(key, stamp, t);
    }, settle);
    return tree;
  }

  /** A group's records as typed columns (see `GroupMarkers`); `passes` leaves out what a filter rejects. */
  async markers(grouping: Grouping, group: GroupState, passes: (id: number) => boolean): Promise<GroupMarkers> {
    const pause = slicer(MARKERS_SLICE_MS);
    const tree = await this.cooperative(grouping, group, pause);
    if (this.disposed) return emptyMarkers([]);
    const { nodes, recordsBySpan } = tree;
    // Rows in the order `records(groupId, { spanId })` answers them: each span ID on its first node.
    const lists: { row: number; ids: ArrayLike<number> }[] = [];
    const rowOf = new Map<string, number>();
    nodes.forEach((n, i) => {
      if (!rowOf.has(n.span.spanId)) rowOf.set(n.span.spanId, i);
    });
    for (const [spanId, row] of rowOf) {
      const ids = recordsBySpan.get(spanId);
      if (ids && ids.length > 0) lists.push({ row, ids });
    }
    lists.sort((a, b) => a.row - b.row);
    // Then what hangs on no span: the trace's own records, and all of a group that has no tree.
    const loose: ArrayLike<number>[] = [];
    if (nodes.length === 0) loose.push(grouping.sortedIds(group).slice());
    for (const [spanId, ids] of recordsBySpan) if (!rowOf.has(spanId) && ids.length > 0) loose.push(ids);
    if (loose.length === 1) lists.push({ row: -1, ids: loose[0]! });
    else if (loose.length > 1) {
      const merged = new Int32Array(loose.reduce((n, l) => n + l.length, 0));
      let w = 0;
      for (const l of loose) for (let i = 0; i < l.length; i++) merged[w++] = l[i]!;
      merged.sort(this.intake.times.compare);
      lists.push({ row: -1, ids: merged });
    }

    let n = 0;
    for (const l of lists) n += l.ids.length;
    const out = emptyMarkers(nodes, n);
    let k = 0,
      seen = 0;
    for (const l of lists) {
      const ids = l.ids;
      for (let i = 0; i < ids.length; i++) {
        // Counted over all lists: a trace of many small spans must pause too.
        if ((++seen & 0xfff) === 0) {
          await pause();
          if (this.disposed) return emptyMarkers([]);
        }
        const id = ids[i]!;
        if (!this.intake.isLive(id) || !passes(id)) continue;
        out.ids[k] = id;
        out.row[k] = l.row;
        if (this.intake.times.hasOwnTime(id)) {
          out.timeMs[k] = this.intake.times.effMs(id);
          out.timeSubMsNs[k] = this.intake.times.effSub(id);
        } else {
          out.timeMs[k] = NaN;
        }
        out.level[k] = this.store.level(id);
        k++;
      }
    }
    return k === n
      ? out
      : {
          nodes,
          ids: out.ids.slice(0, k),
          row: out.row.slice(0, k),
          timeMs: out.timeMs.slice(0, k),
          timeSubMsNs: out.timeSubMsNs.slice(0, k),
          level: out.level.slice(0, k),
        };
  }
}

function emptyMarkers(nodes: SpanNode[], n = 0): GroupMarkers {
  return {
    nodes,
    ids: new Int32Array(n),
    row: new Int32Array(n),
    timeMs: new Float64Array(n),
    timeSubMsNs: new Int32Array(n),
    level: new Uint8Array(n),
  };
}

/** A pause that gives the event loop back once `budgetMs` of work has passed since the last one. */
function slicer(budgetMs: number): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise<void>((r) => setImmediate(r));
    since = performance.now();
  };
}
