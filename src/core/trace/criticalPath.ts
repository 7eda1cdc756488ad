// Critical path: the chain of work that determines when the trace ends. Classic algorithm (as in Jaeger UI):
// start at the root that ends last; walking back from its end, the last-finishing child is on the path, then
// recurse into it; before that child started, the latest-ending child that started earlier is next, and so
// on; time not covered by a chosen child belongs to the span itself. A child overlapping the previously
// chosen one counts only up to where that one started. Iterative (an explicit work list), O(n log n).

import type { SpanNode } from '../model';
import { childLists } from './children';

export interface CriticalSegment {
  node: number;
  startNs: bigint;
  endNs: bigint;
}

export function criticalPathSegments(nodes: readonly SpanNode[]): CriticalSegment[] {
  const segments: CriticalSegment[] = [];
  let root = -1;
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i]!.parent !== -1) continue;
    if (root === -1 || nodes[i]!.span.endNs > nodes[root]!.span.endNs) root = i;
  }
  if (root === -1) return segments;
  const { offset, list } = childLists(nodes);
  const work: { node: number; bound: bigint }[] = [{ node: root, bound: nodes[root]!.span.endNs }];
  while (work.length > 0) {
    const { node, bound } = work.pop()!;
    const span = nodes[node]!.span;
    const s = span.startNs;
    let cursor = span.endNs < bound ? span.endNs : bound;
    if (cursor < s) cursor = s;
    const kids = Array.from(list.subarray(offset[node]!, offset[node + 1]!));
    kids.sort((a, b) => {
      const x = nodes[a]!.span.endNs,
        y = nodes[b]!.span.endNs;
      return x > y ? -1 : x < y ? 1 : a - b;
    });
    for (const c of kids) {
      if (cursor <= s) break;
      const cs = nodes[c]!.span.startNs;
      if (cs >= cursor) continue; // starts after the part still to explain
      const ce0 = nodes[c]!.span.endNs;
      const ce = ce0 < cursor ? ce0 : cursor;
      if (ce <= s) break; // this and every later child end before the span started
      if (cursor > ce) segments.push({ node, startNs: ce, endNs: cursor });
      work.push({ node: c, bound: ce });
      cursor = cs > s ? cs : s;
    }
    if (cursor > s) segments.push({ node, startNs: s, endNs: cursor });
  }
  // A zero-length trace still has its root as the path.
  if (segments.length === 0)
    segments.push({ node: root, startNs: nodes[root]!.span.startNs, endNs: nodes[root]!.span.startNs });
  segments.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : a.node - b.node));
  return segments;
}

/** Node indices on the critical path, ascending (pre-order: ancestors first). */
export function criticalPath(nodes: readonly SpanNode[]): number[] {
  const seen = new Set<number>();
  for (const seg of criticalPathSegments(nodes)) seen.add(seg.node);
  return [...seen].sort((a, b) => a - b);
}
