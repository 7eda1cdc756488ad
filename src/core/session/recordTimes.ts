// Effective time of every record, for merging sources by time. A record without a time of its own (a plain-text
// line, a log that never wrote one) sorts right after the previous timed record of the same source, so it keeps
// its place in its file instead of collecting at the start or end of the session.

import { RecordColumns, type RecordStore } from '../index/types';

/** How far back a timeless record looks for a timed neighbour of the same source. */
const LOOKBACK = 64;

/** Stands for -Infinity (no timed record before it) in `rel`; every other Int32 is a time. */
const REL_NONE = -0x80000000;
const REL_MAX = 0x7fffffff;

export class RecordTimes {
  /**
   * Effective times in ms as offsets from `relBase` while every one is a whole number of ms within ±24 days of
   * the first (log times mostly are): half the bytes of a Float64 each. The first time that does not fit moves
   * them all to `ms` for good.
   */
  private rel: Int32Array | null = new Int32Array(1024);
  private relBase = NaN;
  private ms: Float64Array | null = null;
  /**
   * Nanoseconds within the millisecond; null while every one taken in is 0 (logs with millisecond times: most
   * of them), so those cost no array.
   */
  private sub: Int32Array | null = null;
  /** 1 when the record has no time of its own. */
  private inferred = new Uint8Array(1024);
  count = 0;
  /**
   * Id of the first slot: records below it were evicted and their times dropped (`dropBefore`), so a capped
   * stream holds times for the records it keeps, not for every record it ever read.
   */
  private base = 0;

  /** Columns read by `extend` (a caller that reads them itself passes them to `take`). */
  private scratch: RecordColumns | null = null;

  constructor(private readonly store: RecordStore) {}

  private get capacity(): number {
    return this.inferred.length;
  }

  /** Stores slot `i`'s time (a finite ms, or -Infinity), moving to Float64s if it does not fit an offset. */
  private setMs(i: number, t: number): void {
    const rel = this.rel;
    if (rel !== null) {
      if (t === -Infinity) {
        rel[i] = REL_NONE;
        return;
      }
      if (Number.isNaN(this.relBase) && Number.isInteger(t)) this.relBase = t;
      const d = t - this.relBase;
      if (Number.isInteger(d) && d > REL_NONE && d <= REL_MAX) {
        rel[i] = d;
        return;
      }
      this.widen();
    }
    this.ms![i] = t;
  }

  private getMs(i: number): number {
    const rel = this.rel;
    if (rel === null) return this.ms![i]!;
    const d = rel[i]!;
    return d === REL_NONE ? -Infinity : this.relBase + d;
  }

  private widen(): void {
    const rel = this.rel!,
      ms = new Float64Array(rel.length);
    for (let i = 0; i < rel.length; i++) ms[i] = rel[i] === REL_NONE ? -Infinity : this.relBase + rel[i]!;
    this.ms = ms;
    this.rel = null;
  }

  /** Takes in records [count, to). */
  extend(to: number): void {
    const cols = (this.scratch ??= new RecordColumns(4096));
    while (this.count < to) {
      const end = Math.min(to, this.count + cols.capacity);
      this.store.readColumns(this.count, end, cols);
      this.take(end, cols);
    }
  }

  /** Takes in records [count, to), whose columns `cols` holds from row 0 (the caller read them). */
  take(to: number, cols: RecordColumns): void {
    const b = this.base,
      from = this.count;
    if (to - b > this.capacity) this.grow(to - b);
    const times = cols.timeMs,
      subs = cols.subNs;
    for (let id = from; id < to; id++) {
      const t = times[id - from]!;
      if (Number.isFinite(t)) {
        this.setMs(id - b, t);
        const sub = subs[id - from]! | 0;
        if (sub !== 0) (this.sub ??= new Int32Array(this.capacity))[id - b] = sub;
        else if (this.sub !== null) this.sub[id - b] = 0;
        this.inferred[id - b] = 0;
      } else {
        this.inferred[id - b] = 1;
        this.borrow(id);
      }
    }
    if (to > this.count) this.count = to;
  }

  private borrow(id: number): void {
    const src = this.store.position(id).source;
    const b = this.base;
    for (let j = id - 1; j >= b && j >= id - LOOKBACK; j--) {
      let from: string;
      try {
        from = this.store.position(j).source;
      } catch {
        continue;
      } // evicted
      if (from !== src) continue;
      this.setMs(id - b, this.getMs(j - b));
      if (this.sub !== null) this.sub[id - b] = this.sub[j - b]!;
      return;
    }
    // Nothing timed before it in its source: first in the session.
    this.setMs(id - b, -Infinity);
    if (this.sub !== null) this.sub[id - b] = 0;
  }

  private grow(min: number): void {
    let n = this.capacity;
    while (n < min) n *= 2;
    this.resize(n, 0, this.capacity);
  }

  /** New arrays of `n` slots holding slots [from, to) of the old ones at 0. */
  private resize(n: number, from: number, to: number): void {
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, next: T): T => {
      next.set(a.subarray(from, to));
      return next;
    };
    if (this.rel !== null) this.rel = copy(this.rel, new Int32Array(n));
    if (this.ms !== null) this.ms = copy(this.ms, new Float64Array(n));
    if (this.sub !== null) this.sub = copy(this.sub, new Int32Array(n));
    this.inferred = copy(this.inferred, new Uint8Array(n));
  }

  /**
   * Forgets the times of records below `id` (all evicted). Moves the kept slots down once that frees at
   * least half of the arrays, so the cost is spread over many evictions. Their times read as NaN afterwards.
   */
  dropBefore(id: number): void {
    const drop = Math.min(id, this.count) - this.base;
    if (drop <= 0 || drop * 2 < this.capacity) return;
    const keep = this.count - this.base - drop;
    this.rel?.copyWithin(0, drop, drop + keep);
    this.ms?.copyWithin(0, drop, drop + keep);
    this.sub?.copyWithin(0, drop, drop + keep);
    this.inferred.copyWithin(0, drop, drop + keep);
    this.base += drop;
    // shrink when the kept slots use a quarter or less of the arrays
    let n = this.capacity;
    while (n > 1024 && keep * 4 <= n) n >>= 1;
    if (n < this.capacity) this.resize(n, 0, n);
  }

  effMs(id: number): number {
    return id < this.base ? NaN : this.getMs(id - this.base);
  }
  effSub(id: number): number {
    return id < this.base || this.sub === null ? 0 : this.sub[id - this.base]!;
  }
  hasOwnTime(id: number): boolean {
    return id >= this.base && this.inferred[id - this.base] === 0;
  }

  /** Time order, ties by id (read order), so sorting is deterministic. */
  compare = (a: number, b: number): number => {
    const base = this.base;
    const rel = this.rel;
    // offsets order as the times do (REL_NONE, -Infinity, below every other)
    const d = rel !== null ? rel[a - base]! - rel[b - base]! : this.ms![a - base]! - this.ms![b - base]!;
    if (d !== 0 && !Number.isNaN(d)) return d < 0 ? -1 : 1;
    const sub = this.sub;
    if (sub !== null) {
      const e = sub[a - base]! - sub[b - base]!;
      if (e !== 0) return e;
    }
    return a - b;
  };

  reset(): void {
    this.count = 0;
  }
}

export function msToNs(ms: number, sub: number): bigint {
  return BigInt(ms) * 1_000_000n + BigInt(sub);
}

export function nsToMs(ns: bigint): [number, number] {
  let ms = ns / 1_000_000n;
  let sub = ns % 1_000_000n;
  if (sub < 0n) {
    sub += 1_000_000n;
    ms -= 1n;
  }
  return [Number(ms), Number(sub)];
}
