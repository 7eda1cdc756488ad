// Verdicts of the filters that queries ask with, one run per filter text, kept for the few most recently used.
// Several views hold different filters at once; each run decides records in id order, a short budget inside the
// query and the rest in background slices, so the answer grows (with change notifications) without blocking.

import type { CompiledFilter } from '../query/compile';

const V_PASS = 1,
  V_FAIL = 2;
/** Filter runs kept at once: the tree, the Logs view, a timeline and an agent, with room to spare. */
const MAX_RUNS = 8;

export class FilterRun {
  private verdicts = new Uint8Array(0);
  /** Records below this id have a verdict (or were evicted). */
  scanned = 0;
  /** Bumped when verdicts are thrown away (a relative time moved): caches built on the run check it. */
  epoch = 0;
  lastUsed = 0;
  /** What the compilation depended on (the newest record's time, for relative times). */
  basis = '';

  constructor(public compiled: CompiledFilter) {}

  passes(id: number): boolean {
    return this.verdicts[id] === V_PASS;
  }

  /** Starts over with another compilation of the same text (relative times moved with the newest record). */
  recompiled(compiled: CompiledFilter): void {
    this.compiled = compiled;
    this.verdicts = new Uint8Array(0);
    this.scanned = 0;
    this.epoch++;
  }

  /**
   * Decides records [scanned, n) for up to `budgetMs`; stops early at a record whose raw field is not parsed yet
   * (its values arrive in id order and wake the run again). Returns true when every record has a verdict.
   */
  advance(
    n: number,
    firstLive: number,
    budgetMs: number,
    raw: (field: string, id: number) => string | null | undefined,
    isLive: (id: number) => boolean,
  ): boolean {
    if (this.verdicts.length < n) {
      const next = new Uint8Array(Math.max(n, this.verdicts.length * 2, 1024));
      next.set(this.verdicts);
      this.verdicts = next;
    }
    const deadline = performance.now() + budgetMs;
    let id = Math.max(this.scanned, firstLive);
    const c = this.compiled;
    while (id < n) {
      // An evicted record (a stream's, among kept file records) has no columns left to test.
      const v = isLive(id) ? c.test(id, raw) : 'fail';
      if (v === 'pending') break;
      this.verdicts[id] = v === 'pass' ? V_PASS : V_FAIL;
      id++;
      if ((id & 255) === 0 && performance.now() > deadline) break;
    }
    this.scanned = id;
    return id >= n;
  }
}

export class FilterRuns {
  private readonly runs = new Map<string, FilterRun>();
  private clock = 0;

  get(text: string): FilterRun | undefined {
    const r = this.runs.get(text);
    if (r) r.lastUsed = ++this.clock;
    return r;
  }

  add(text: string, run: FilterRun): void {
    run.lastUsed = ++this.clock;
    this.runs.set(text, run);
    if (this.runs.size <= MAX_RUNS) return;
    let oldest: string | null = null,
      at = Infinity;
    for (const [k, r] of this.runs) {
      if (r.lastUsed < at) {
        oldest = k;
        at = r.lastUsed;
      }
    }
    if (oldest !== null) this.runs.delete(oldest);
  }

  values(): IterableIterator<FilterRun> {
    return this.runs.values();
  }

  clear(): void {
    this.runs.clear();
  }
}
