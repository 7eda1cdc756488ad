// Children of each node of a pre-order span array, as CSR arrays (no per-node allocation).

import type { SpanNode } from '../model';

export interface ChildLists {
  /** Children of node i are `list[offset[i]] … list[offset[i + 1] - 1]`, ascending (= by start time). */
  offset: Int32Array;
  list: Int32Array;
}

export function childLists(nodes: readonly SpanNode[]): ChildLists {
  const n = nodes.length;
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (nodes[i]!.parent >= 0) offset[nodes[i]!.parent + 1]++;
  for (let i = 0; i < n; i++) offset[i + 1] += offset[i]!;
  const fill = offset.slice(0, n);
  const list = new Int32Array(offset[n]!);
  // Ascending j keeps the pre-order sibling order (by start time).
  for (let j = 0; j < n; j++) {
    const p = nodes[j]!.parent;
    if (p >= 0) list[fill[p]!++] = j;
  }
  return { offset, list };
}
