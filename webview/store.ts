// What the webview holds of each shown group: the columns the host sent (filled chunk by chunk), and what
// is derived from them — subtree ends, the per-span index of warning-or-worse markers, and the rows that
// are visible given the collapsed spans.
//
// Relies on pre-order (parent before children, siblings by start time): a span's subtree is the run of
// following spans with a greater depth, so subtree ends and visible rows come from single passes.

import { safeText } from './text';
import { SpanFlag, type GroupMeta, type MarkerChunkData, type SpanChunkData } from '../src/shared/protocol';

export class GroupStore {
  readonly n: number;
  readonly m: number;
  readonly start: Float64Array;
  readonly duration: Float64Array;
  readonly depth: Uint16Array;
  readonly parent: Int32Array;
  readonly service: Uint16Array;
  readonly flags: Uint8Array;
  readonly name: Uint32Array;
  readonly markerStart: Uint32Array;
  readonly markerCount: Uint32Array;
  readonly markerTime: Float64Array;
  readonly markerLevel: Uint8Array;
  readonly markerSpan: Uint32Array;
  readonly markerRecord: Float64Array;
  strings: string[] = [];
  spansLoaded = 0;
  markersLoaded = 0;
  /** Index just past each span's subtree. */
  subtreeEnd: Int32Array;
  /** Markers at warn level or worse, per span, so they survive level-of-detail thinning. */
  loudStart: Uint32Array;
  loudCount: Uint32Array;
  loud: Uint32Array = new Uint32Array(0);
  collapsed = new Set<number>();
  /** Added to this group's times to place them on the shared axis. */
  axisOffset = 0;
  baseNs: bigint;
  readonly label: string;
  readonly services: string[];

  constructor(readonly meta: GroupMeta) {
    this.label = safeText(meta.label, 300);
    this.services = meta.services.map((s) => safeText(s, 200));
    const n = (this.n = meta.spanCount),
      m = (this.m = meta.markerCount);
    this.start = new Float64Array(n);
    this.duration = new Float64Array(n);
    this.depth = new Uint16Array(n);
    this.parent = new Int32Array(n).fill(-1);
    this.service = new Uint16Array(n);
    this.flags = new Uint8Array(n);
    this.name = new Uint32Array(n);
    this.markerStart = new Uint32Array(n);
    this.markerCount = new Uint32Array(n);
    this.markerTime = new Float64Array(m);
    this.markerLevel = new Uint8Array(m);
    this.markerSpan = new Uint32Array(m);
    this.markerRecord = new Float64Array(m);
    this.subtreeEnd = new Int32Array(n);
    this.loudStart = new Uint32Array(n);
    this.loudCount = new Uint32Array(n);
    try {
      this.baseNs = BigInt(meta.baseNs);
    } catch {
      this.baseNs = 0n;
    }
  }

  get complete(): boolean {
    return this.spansLoaded >= this.n && this.markersLoaded >= this.m;
  }

  addSpans(c: SpanChunkData): void {
    const o = c.offset;
    if (o < 0 || o + c.count > this.n) return;
    this.start.set(c.start, o);
    this.duration.set(c.duration, o);
    this.depth.set(c.depth, o);
    this.parent.set(c.parent, o);
    this.service.set(c.service, o);
    this.flags.set(c.flags, o);
    this.name.set(c.name, o);
    this.markerStart.set(c.markerStart, o);
    this.markerCount.set(c.markerCount, o);
    for (let i = 0; i < c.strings.length; i++) this.strings[c.stringsFrom + i] = safeText(c.strings[i]!, 300);
    this.spansLoaded = Math.max(this.spansLoaded, o + c.count);
    this.computeSubtrees();
  }

  addMarkers(c: MarkerChunkData): void {
    const o = c.offset;
    if (o < 0 || o + c.count > this.m) return;
    this.markerTime.set(c.time, o);
    this.markerLevel.set(c.level, o);
    this.markerSpan.set(c.span, o);
    this.markerRecord.set(c.record, o);
    this.markersLoaded = Math.max(this.markersLoaded, o + c.count);
    if (this.markersLoaded >= this.m) this.indexLoudMarkers();
  }

  spanName(i: number): string {
    return this.strings[this.name[i]!] ?? '';
  }
  spanEnd(i: number): number {
    return this.start[i]! + this.duration[i]!;
  }
  hasChildren(i: number): boolean {
    return this.subtreeEnd[i]! > i + 1;
  }
  isError(i: number): boolean {
    return (this.flags[i]! & SpanFlag.error) !== 0;
  }

  /** Duration minus the union of its direct children's intervals (clipped to the span). */
  selfTime(i: number): number {
    const s = this.start[i]!,
      e = this.spanEnd(i),
      d = this.depth[i]!;
    let covered = 0,
      curA = NaN,
      curB = NaN;
    for (let j = i + 1; j < this.subtreeEnd[i]!; j = this.subtreeEnd[j]!) {
      if (this.depth[j] !== d + 1) continue;
      const a = Math.max(s, this.start[j]!),
        b = Math.min(e, this.spanEnd(j));
      if (b <= a) continue;
      if (Number.isNaN(curA) || a > curB) {
        if (!Number.isNaN(curA)) covered += curB - curA;
        curA = a;
        curB = b;
      } else if (b > curB) curB = b;
    }
    if (!Number.isNaN(curA)) covered += curB - curA;
    return Math.max(0, e - s - covered);
  }

  private computeSubtrees(): void {
    const n = this.spansLoaded;
    // Walk backwards keeping a stack of open ancestors: a span's subtree ends where depth returns to its own.
    const stack: number[] = [];
    for (let i = 0; i < n; i++) {
      const d = this.depth[i]!;
      while (stack.length && this.depth[stack[stack.length - 1]!]! >= d) this.subtreeEnd[stack.pop()!] = i;
      stack.push(i);
    }
    while (stack.length) this.subtreeEnd[stack.pop()!] = n;
  }

  private indexLoudMarkers(): void {
    let k = 0;
    for (let x = 0; x < this.m; x++) if (this.markerLevel[x]! >= 4) k++;
    const loud = new Uint32Array(k);
    let w = 0;
    for (let i = 0; i < this.n; i++) {
      this.loudStart[i] = w;
      const a = this.markerStart[i]!,
        b = a + this.markerCount[i]!;
      for (let x = a; x < b && x < this.m; x++) if (this.markerLevel[x]! >= 4) loud[w++] = x;
      this.loudCount[i] = w - this.loudStart[i]!;
    }
    this.loud = loud;
  }

  /** Every ancestor of `i` expanded, so it has a row. */
  expandTo(i: number): void {
    for (let p = this.parent[i]!; p >= 0; p = this.parent[p]!) this.collapsed.delete(p);
  }
}

/** Rows across all groups: a header row per group (span -1), then its visible spans in pre-order. */
export class RowList {
  group = new Int32Array(0);
  span = new Int32Array(0);
  length = 0;
  /** Per group: span index → row, -1 while hidden under a collapsed ancestor. */
  private rowOf: Int32Array[] = [];

  rebuild(groups: GroupStore[]): void {
    let total = 0;
    for (const g of groups) total += 1 + g.spansLoaded;
    const group = new Int32Array(total),
      span = new Int32Array(total);
    let r = 0;
    this.rowOf = groups.map((g) => new Int32Array(g.n).fill(-1));
    groups.forEach((g, gi) => {
      group[r] = gi;
      span[r] = -1;
      r++;
      const rowOf = this.rowOf[gi]!;
      for (let i = 0; i < g.spansLoaded;) {
        group[r] = gi;
        span[r] = i;
        rowOf[i] = r;
        r++;
        i = g.collapsed.has(i) ? g.subtreeEnd[i]! : i + 1;
      }
    });
    this.group = group.subarray(0, r);
    this.span = span.subarray(0, r);
    this.length = r;
  }

  indexOf(gi: number, spanIndex: number): number {
    if (spanIndex < 0) {
      for (let r = 0; r < this.length; r++) if (this.group[r] === gi && this.span[r] === -1) return r;
      return -1;
    }
    return this.rowOf[gi]?.[spanIndex] ?? -1;
  }
}

/** First index in sorted `a[lo, hi)` whose value is ≥ x. */
export function lowerBound(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
