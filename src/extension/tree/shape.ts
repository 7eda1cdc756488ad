// How the groups tree is shaped, as pure functions over a group's span tree (no `vscode`, unit-tested): which
// levels a small group skips because they would add nothing.

import type { SpanNode } from '../../core/model';

/**
 * The span a group's own level stands for, or -1. A group whose span tree has a single root and no records
 * outside it would otherwise show one row that repeats the group (the group's label already names its root): the
 * group then lists that span's child spans and records itself. A correlation group's one derived span and a trace
 * whose root holds everything both read group → records. A lone span with nothing under it stays, so the group
 * still has a row to show.
 */
export function standInRoot(tree: readonly SpanNode[], recordsOutsideSpans: number): number {
  if (recordsOutsideSpans > 0) return -1;
  let root = -1;
  for (let i = 0; i < tree.length; i++) {
    if (tree[i]!.parent !== -1) continue;
    if (root >= 0) return -1;
    root = i;
  }
  if (root < 0) return -1;
  const n = tree[root]!;
  return n.children > 0 || n.records > 0 ? root : -1;
}

/** Indexes of the direct children of `index` (-1: the roots) in a pre-order span tree, in order. */
export function childSpans(tree: readonly SpanNode[], index: number): number[] {
  const out: number[] = [];
  if (index < 0) {
    for (let i = 0; i < tree.length; i++) if (tree[i]!.parent === -1) out.push(i);
    return out;
  }
  // pre-order: a node's descendants follow it, so the scan stops at the first node not below it
  const depth = tree[index]!.depth;
  for (let i = index + 1; i < tree.length && tree[i]!.depth > depth; i++) if (tree[i]!.parent === index) out.push(i);
  return out;
}
