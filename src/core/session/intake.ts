// What the session has taken in from its store: every record's effective time, the time order of the live
// records, counts per level, the newest time, and which records the cap evicted. Incremental: taking in costs
// the records appended since the last look.

import { LEVELS } from '../model';
import { RecordColumns, type RecordStore } from '../index/types';
import { IdList } from './idList';
import { RecordTimes } from './recordTimes';

export class Intake {
  readonly times: RecordTimes;
  /**
   * Every live record, kept in time order as far as appends allow (`ensureSorted` finishes the job); null while
   * the records taken in are exactly ids [0, inOrder) in time order — one file read in time order, the common
   * case — so that costs no array (8 MB on a 2M-record file) until a query asks for the order.
   */
  private list: IdList | null = null;
  private inOrder = 0;
  /** Live records per level code (0 = none). */
  readonly levelCounts = new Array<number>(LEVELS.length + 1).fill(0);
  errorCount = 0;
  /** The newest record time taken in (NaN: none yet), which relative filter times count back from. */
  newestMs = NaN;
  newestSub = 0;
  /** Every record below this id is evicted (the store may free their columns). */
  firstLive = 0;
  evictedCount = 0;
  /**
   * 1 for an evicted record: stream records are evicted oldest first,
   * file records stay, so ids above firstLive may be gone too.
   */
  private dead = new Uint8Array(0);
  /** Live records that count against the cap (from streams), oldest first, from `evictableHead` on. */
  private evictable = new IdList(1024);
  private evictableHead = 0;
  /** Whether records of a source (by position name) count against the cap: not when the source is a file. */
  private readonly sourceEvictable = new Map<string, boolean>();
  /** The same, by source index, when the store can tell a record's source without a Position. */
  private readonly evictableSource: (boolean | undefined)[] = [];

  constructor(
    private readonly store: RecordStore,
    /** Stream records kept before the oldest are evicted. */
    public maxRecords: number,
  ) {
    this.times = new RecordTimes(store);
  }

  /** Every live record in time order as far as appends allow (see `list`). */
  get all(): IdList {
    if (this.list === null) {
      const l = new IdList(Math.max(1024, this.inOrder));
      for (let id = 0; id < this.inOrder; id++) l.push(id);
      l.sortedLength = this.inOrder;
      this.list = l;
    }
    return this.list;
  }

  /** Records taken in so far: [0, count). */
  get count(): number {
    return this.times.count;
  }

  /** Columns of the records being taken in, a batch at a time: records [colsFrom, colsTo). */
  private readonly cols = new RecordColumns(4096);
  private colsFrom = 0;
  private colsTo = 0;

  /**
   * The columns of records [from, to) when they are the last batch taken in (the groupings place the records
   * just taken in: they read them here instead of from the store again), else null.
   */
  columnsOf(from: number, to: number): RecordColumns | null {
    return from === this.colsFrom && to === this.colsTo ? this.cols : null;
  }

  /** Takes in records [count, to). */
  take(to: number): void {
    while (this.times.count < to) {
      const from = this.times.count,
        end = Math.min(to, from + this.cols.capacity);
      this.store.readColumns(from, end, this.cols);
      this.colsFrom = from;
      this.colsTo = end;
      this.times.take(end, this.cols);
      this.tally(from, end);
    }
  }

  /**
   * Counts records [from, to), just timed, from `cols`. A record's own time is its time column (what `times`
   * took), and records of one source come in runs: whether they count against the cap is asked once a run.
   */
  private tally(from: number, to: number): void {
    const times = this.times,
      { level, error, source, timeMs, subNs } = this.cols;
    let newestMs = this.newestMs,
      newestSub = this.newestSub;
    let runSource = -1,
      runEvictable = false;
    // the record before's own time (NaN: none, or before this batch)
    let prevMs = NaN,
      prevSub = 0;
    for (let id = from; id < to; id++) {
      const i = id - from;
      const ms = timeMs[i]!,
        sub = subNs[i]! | 0;
      this.levelCounts[level[i]!]!++;
      if (error[i] === 1) this.errorCount++;
      // (two own times order as `times` orders the records: a tie goes to the lower id, the one before)
      if (
        this.list === null &&
        id === this.inOrder &&
        (Number.isFinite(ms) && Number.isFinite(prevMs)
          ? ms > prevMs || (ms === prevMs && sub >= prevSub)
          : id === 0 || times.compare(id - 1, id) <= 0)
      )
        this.inOrder++;
      else this.all.pushOrdered(id, times.compare);
      prevMs = ms;
      prevSub = sub;
      const s = source[i]!;
      if (s < 0 || s !== runSource) {
        runEvictable = this.isEvictable(id, s);
        runSource = s;
      }
      if (runEvictable) this.evictable.push(id);
      if (Number.isFinite(ms) && (Number.isNaN(newestMs) || ms > newestMs || (ms === newestMs && sub > newestSub))) {
        newestMs = ms;
        newestSub = sub;
      }
    }
    this.newestMs = newestMs;
    this.newestSub = newestSub;
  }

  /** Whether more records count against the cap than it allows. */
  overCap(): boolean {
    return this.evictable.length - this.evictableHead > this.maxRecords;
  }

  /**
   * Evicts the oldest stream records down to the cap, with 1% slack so a stream evicts in batches; returns the
   * ids evicted (in id order), for the groupings and indexes built on them to forget.
   */
  evict(): Int32Array | null {
    const keep = Math.max(1, this.maxRecords - Math.floor(this.maxRecords / 100));
    const count = this.evictable.length - this.evictableHead - keep;
    if (count <= 0) return null;
    const ids = this.evictable.view().slice(this.evictableHead, this.evictableHead + count);
    this.evictableHead += count;
    const top = ids[ids.length - 1]!;
    if (this.evictableHead > 65536 && this.evictableHead * 2 > this.evictable.length) {
      // The list is in id order: what is left of it is exactly the ids above the last one evicted.
      this.evictable.retain((id) => id > top);
      this.evictableHead = 0;
    }
    if (this.dead.length <= top) {
      const next = new Uint8Array(Math.max(top + 1, this.dead.length * 2, 1024));
      next.set(this.dead);
      this.dead = next;
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      this.dead[id] = 1;
      this.levelCounts[this.store.level(id)]!--;
      if (this.store.hasError(id)) this.errorCount--;
    }
    this.evictedCount += count;
    let firstLive = this.firstLive;
    while (firstLive < this.times.count && this.dead[firstLive] === 1) firstLive++;
    this.firstLive = firstLive;
    this.all.retain(this.isLive);
    return ids;
  }

  isLive = (id: number): boolean => this.dead[id] !== 1;

  /** A live record this session has taken in. */
  has(id: number): boolean {
    return Number.isInteger(id) && id >= this.firstLive && id < this.times.count && this.isLive(id);
  }

  private isEvictable(id: number, source: number): boolean {
    const k = source >= 0 ? source : this.store.sourceOf?.(id);
    if (k !== undefined) {
      let ev = this.evictableSource[k];
      if (ev === undefined) ev = this.evictableSource[k] = this.store.sources()[k]?.kind !== 'file';
      return ev;
    }
    const name = this.store.position(id).source;
    let ev = this.sourceEvictable.get(name);
    if (ev === undefined) {
      // A file's records are index columns (its text is reread on demand): only streams count against the cap.
      // A source the store does not list (a test store) counts.
      ev = this.store.sources().find((s) => s.name === name)?.kind !== 'file';
      this.sourceEvictable.set(name, ev);
    }
    return ev;
  }
}
