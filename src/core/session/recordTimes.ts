// Effective time of every record, for merging sources by time. A record without a time of its own (a plain-text
// line, a log that never wrote one) sorts right after the previous timed record of the same source, so it keeps
// its place in its file instead of collecting at the start or end of the session.

import type { RecordStore } from '../index/types';

/** How far back a timeless record looks for a timed neighbour of the same source. */
const LOOKBACK = 64;

export class RecordTimes {
  private ms = new Float64Array(1024);
  private sub = new Int32Array(1024);
  /** 1 when the record has no time of its own. */
  private inferred = new Uint8Array(1024);
  count = 0;

  constructor(private readonly store: RecordStore) {}

  /** Takes in records [count, to). */
  extend(to: number): void {
    if (to > this.ms.length) this.grow(to);
    const s = this.store;
    for (let id = this.count; id < to; id++) {
      const t = s.timeMs(id);
      if (Number.isFinite(t)) {
        this.ms[id] = t;
        this.sub[id] = s.timeSubMsNs(id) | 0;
        this.inferred[id] = 0;
      } else {
        this.inferred[id] = 1;
        this.borrow(id);
      }
    }
    if (to > this.count) this.count = to;
  }

  private borrow(id: number): void {
    const src = this.store.position(id).source;
    for (let j = id - 1; j >= 0 && j >= id - LOOKBACK; j--) {
      if (this.store.position(j).source !== src) continue;
      this.ms[id] = this.ms[j]!;
      this.sub[id] = this.sub[j]!;
      return;
    }
    // Nothing timed before it in its source: first in the session.
    this.ms[id] = -Infinity;
    this.sub[id] = 0;
  }

  private grow(min: number): void {
    let n = this.ms.length;
    while (n < min) n *= 2;
    const ms = new Float64Array(n), sub = new Int32Array(n), inf = new Uint8Array(n);
    ms.set(this.ms);
    sub.set(this.sub);
    inf.set(this.inferred);
    this.ms = ms;
    this.sub = sub;
    this.inferred = inf;
  }

  effMs(id: number): number {
    return this.ms[id]!;
  }
  effSub(id: number): number {
    return this.sub[id]!;
  }
  hasOwnTime(id: number): boolean {
    return this.inferred[id] === 0;
  }

  /** Time order, ties by id (read order), so sorting is deterministic. */
  compare = (a: number, b: number): number => {
    const d = this.ms[a]! - this.ms[b]!;
    if (d !== 0 && !Number.isNaN(d)) return d < 0 ? -1 : 1;
    const e = this.sub[a]! - this.sub[b]!;
    if (e !== 0) return e;
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
