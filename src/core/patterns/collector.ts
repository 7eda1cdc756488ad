// Counts records per message pattern as they stream past: count, levels, first and last time, a sample record
// and a time series for a sparkline. Memory is bounded: at most `maxPatterns` patterns are kept; records of
// patterns first seen after that are counted in `overflow` (and still match `pattern:ID`, which needs no list).

import { LEVELS, type Level } from '../model';
import { TemplateCache } from './mask';

export type LevelCounts = Partial<Record<Level | 'none', number>>;

export interface PatternSummary {
  /** `templateId(template)`: the same template has the same ID in every file and run. */
  id: string;
  template: string;
  count: number;
  levels: LevelCounts;
  /** Records at level error or fatal. */
  errors: number;
  /** Epoch nanoseconds of the earliest and latest timed record; null when none had a time. */
  firstNs: bigint | null;
  lastNs: bigint | null;
  /** Id of the first record seen with this pattern. */
  sample: number;
  /** Records per bucket of the report's `series` (timed records only). */
  series: number[];
}

export interface PatternReport {
  /** Most frequent first (or errors first, as asked); cut at the requested limit. */
  patterns: PatternSummary[];
  /** Patterns known in all (before the limit). */
  distinct: number;
  /** Records counted. */
  records: number;
  /** Records whose pattern was first seen after the pattern cap: counted here, not listed. */
  overflow: number;
  /** The buckets every `series` shares; null when no record had a time. */
  series: { fromNs: bigint; bucketNs: bigint; buckets: number } | null;
}

export interface CollectorOptions {
  /** Patterns kept (default 5,000). */
  maxPatterns?: number;
  /** Buckets of each time series (default 32, even). */
  buckets?: number;
}

interface Entry {
  id: string;
  template: string;
  count: number;
  levels: number[];
  firstNs: bigint | null;
  lastNs: bigint | null;
  sample: number;
  series: Float64Array;
}

const ERROR_CODE = LEVELS.indexOf('error') + 1;

export class PatternCollector {
  private readonly byId = new Map<string, Entry>();
  private readonly byMessage = new Map<string, Entry | null>();
  private readonly templates = new TemplateCache();
  private readonly maxPatterns: number;
  private readonly buckets: number;
  private records = 0;
  private overflow = 0;
  /** Series range: [lo, lo + buckets × width) in epoch ms; grows by doubling the width. */
  private lo = NaN;
  private width = 1;

  constructor(opts: CollectorOptions = {}) {
    this.maxPatterns = Math.max(1, opts.maxPatterns ?? 5000);
    this.buckets = Math.max(2, (opts.buckets ?? 32) & ~1);
  }

  /** Counts one record: `level` null when it has none, `timeNs` null when it has no time. */
  add(recordId: number, message: string, level: Level | null, timeNs: bigint | null): void {
    this.records++;
    let e = this.byMessage.get(message);
    if (e === undefined) {
      const { template, id } = this.templates.of(message);
      e = this.byId.get(id) ?? null;
      if (e === null && this.byId.size < this.maxPatterns) {
        e = {
          id,
          template,
          count: 0,
          levels: new Array(LEVELS.length + 1).fill(0),
          firstNs: null,
          lastNs: null,
          sample: recordId,
          series: new Float64Array(this.buckets),
        };
        this.byId.set(id, e);
      }
      // Remembering exact messages saves the masking for repeats; bounded like the patterns themselves.
      if (this.byMessage.size >= this.maxPatterns * 4) this.byMessage.clear();
      if (e !== null) this.byMessage.set(message, e);
    }
    if (e === null) {
      this.overflow++;
      return;
    }
    e.count++;
    e.levels[level === null ? 0 : LEVELS.indexOf(level) + 1]!++;
    if (timeNs !== null) {
      if (e.firstNs === null || timeNs < e.firstNs) e.firstNs = timeNs;
      if (e.lastNs === null || timeNs > e.lastNs) e.lastNs = timeNs;
      // The bucket first: finding it may replace every series (when the range doubles).
      const k = this.bucketOf(Number(timeNs / 1_000_000n));
      e.series[k]!++;
    }
  }

  private bucketOf(ms: number): number {
    if (Number.isNaN(this.lo)) this.lo = ms;
    const n = this.buckets,
      half = n >> 1;
    while (ms < this.lo || ms >= this.lo + n * this.width) {
      // Double the width: earlier times keep the right edge (old buckets become the second half), later the left.
      const left = ms < this.lo;
      for (const e of this.byId.values()) {
        const s = e.series,
          merged = new Float64Array(n);
        for (let j = 0; j < half; j++) merged[left ? half + j : j] = s[2 * j]! + s[2 * j + 1]!;
        e.series = merged;
      }
      if (left) this.lo -= n * this.width;
      this.width *= 2;
    }
    return Math.floor((ms - this.lo) / this.width);
  }

  report(opts: { limit?: number; errorsFirst?: boolean } = {}): PatternReport {
    const all = [...this.byId.values()];
    const errorsOf = (e: Entry) => e.levels[ERROR_CODE]! + e.levels[ERROR_CODE + 1]!;
    const byErrors = (a: Entry, b: Entry) => (opts.errorsFirst ? errorsOf(b) - errorsOf(a) : 0);
    all.sort((a, b) => byErrors(a, b) || b.count - a.count || (a.id < b.id ? -1 : 1));
    const limit = opts.limit ?? all.length;
    // The range grows by doubling: drop the buckets no pattern reached (at most the last half).
    let used = 0;
    for (const e of all)
      for (let k = this.buckets - 1; k >= used; k--)
        if (e.series[k]! > 0) {
          used = k + 1;
          break;
        }
    const patterns = all.slice(0, limit).map((e): PatternSummary => {
      const levels: LevelCounts = {};
      e.levels.forEach((c, k) => {
        if (c > 0) levels[k === 0 ? 'none' : LEVELS[k - 1]!] = c;
      });
      return {
        id: e.id,
        template: e.template,
        count: e.count,
        levels,
        errors: errorsOf(e),
        firstNs: e.firstNs,
        lastNs: e.lastNs,
        sample: e.sample,
        series: Array.from(e.series.subarray(0, used)),
      };
    });
    const series = Number.isNaN(this.lo)
      ? null
      : { fromNs: BigInt(this.lo) * 1_000_000n, bucketNs: BigInt(this.width) * 1_000_000n, buckets: used };
    return { patterns, distinct: all.length, records: this.records, overflow: this.overflow, series };
  }
}
