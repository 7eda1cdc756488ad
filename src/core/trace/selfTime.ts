// Self time: a span's duration minus the union of its children's intervals (clipped to the span), in ns.

import type { SpanNode } from '../model';
import { childLists } from './children';

/** One value per node, same order. Relies on pre-order: siblings come by start time, so one merge pass per node. */
export function selfTimes(nodes: readonly SpanNode[]): BigInt64Array {
  const out = new BigInt64Array(nodes.length);
  const { offset, list } = childLists(nodes);
  for (let i = 0; i < nodes.length; i++) {
    const s = nodes[i]!.span.startNs;
    const e = nodes[i]!.span.endNs;
    const dur = e > s ? e - s : 0n;
    let covered = 0n;
    let runStart = 0n,
      runEnd = 0n,
      open = false;
    for (let k = offset[i]!; k < offset[i + 1]!; k++) {
      const c = nodes[list[k]!]!.span;
      const cs = c.startNs > s ? c.startNs : s;
      const ce = c.endNs < e ? c.endNs : e;
      if (ce <= cs) continue;
      if (!open) {
        runStart = cs;
        runEnd = ce;
        open = true;
      } else if (cs > runEnd) {
        covered += runEnd - runStart;
        runStart = cs;
        runEnd = ce;
      } else if (ce > runEnd) runEnd = ce;
    }
    if (open) covered += runEnd - runStart;
    out[i] = dur - covered;
  }
  return out;
}
