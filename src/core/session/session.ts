// A session: records and spans from any number of files and streams, over one lazy index (`RecordStore`),
// grouped, filtered and searchable. Everything here is incremental: groups, times and the source index take in
// only what appended since they last looked, so a live stream costs per new record, not per question.

import type { LogRecord, Position, Span } from '../model';
import { LEVELS, levelFromCode } from '../model';
import { NONE, type RecordStore } from '../index/types';
import type {
  DistinctValues,
  GroupBy,
  GroupMarkers,
  GroupPage,
  GroupQuery,
  GroupRef,
  GroupSortKey,
  GroupSummary,
  Histogram,
  HistogramOptions,
  IndexProgress,
  PageRequest,
  RecordId,
  RecordPage,
  RecordQuery,
  RecordSummary,
  Scope,
  SearchHit,
  SessionApi,
  SessionOptions,
  SessionStats,
  SourceSummary,
  SpanNode,
  StreamSink,
} from './api';
import { LEVEL_SLOTS, UNGROUPED_GROUP_ID, groupRefKey } from './api';
import { ChangeNotifier } from './changeNotifier';
import { FieldValues } from './fieldValues';
import { FilterRun, FilterRuns } from './filterRuns';
import { columnReader, compileFilter, type CompiledFilter } from '../query/compile';
import { FilterSyntaxError, KEY_COLUMNS, parseFilter, type ColumnName } from '../query/language';
import { Grouping, compareIds, kindKeyer, type GroupKeyer, type GroupState } from './grouping';
import { IdList } from './idList';
import { RecordTimes, msToNs, nsToMs } from './recordTimes';
import { SourceIndex } from './sourceIndex';
import { groupSpanTree, groupSpanTreeSteps, type GroupTree } from './groupTree';
import { SearchIndex, type KeyItem, type SearchItem } from '../search/searchIndex';
import { indexBackend } from './indexBackend';

/** What a session needs from the index: a store and the ways to feed it. One backend per session lifetime. */
export interface SessionBackend {
  readonly store: RecordStore;
  addFile(path: string, opts?: { signal?: AbortSignal; onProgress?: (s: SourceSummary) => void }): Promise<SourceSummary>;
  addStream(name: string): StreamSink;
  /** Optional: frees the store's memory for records below `id` (the session stops using them first). */
  evictBefore?(id: number): void;
  dispose?(): void;
}

export type BackendFactory = (opts: SessionOptions) => SessionBackend;

const DEFAULT_MAX_RECORDS = 1_000_000;
/** Messages sampled into the search index, at most (each is read from its source). */
const SEARCH_MESSAGES = 5_000;
const SEARCH_MESSAGES_PER_GROUP = 2;
const SEARCH_SPAN_NAMES = 5_000;
const SEARCH_TRACES_PER_SPAN_NAME = 3;
const SEARCH_FUZZY_KEYS = 5_000;
/** Below this many entries the search index is rebuilt on every change; above, at most once a second. */
const SEARCH_REBUILD_FREE = 5_000;
/** Filtered selections kept at once (each an Int32Array of the ids that pass). */
const MAX_SELECTIONS = 16;
const MAX_BUCKETS = 2000;
/** Field groupings and field-value caches kept at once; older ones are rebuilt on demand. */
const MAX_FIELD_GROUPINGS = 3;

/** Filter evaluation a query may do before answering, and per background slice (the host must stay responsive). */
const FILTER_SYNC_MS = 30;
const FILTER_SLICE_MS = 15;
/** Work `markers` does between giving the event loop back (the host must never stall for long). */
const MARKERS_SLICE_MS = 10;
/**
 * Taking in appended records (times, counts, the time order, grouping) per turn of the event loop: a worker's
 * merge of a million records is taken in over many turns, each short enough for the extension host.
 */
const INGEST_SLICE_MS = 10;
/** Records timed and placed between looks at the clock while taking records in. */
const INGEST_STEP = 4096;

export function createSessionOver(factory: BackendFactory, opts: SessionOptions = {}): SessionApi {
  return new Session(factory, opts);
}

/** A session over the lazy index (files, gzip, streams, worker threads): what the extension and the CLI use. */
export function createSession(opts: SessionOptions = {}): SessionApi {
  return new Session(indexBackend, opts);
}

class Session implements SessionApi {
  private backend!: SessionBackend;
  private store!: RecordStore;
  private times!: RecordTimes;
  private primary!: Grouping;
  private kindGroupings!: Map<string, Grouping>;
  private fieldGroupings!: Map<string, Grouping>;
  private fieldValues!: Map<string, FieldValues>;
  private all!: IdList;
  private sourceIndex!: SourceIndex;
  private unsubscribe: (() => void) | null = null;
  /** Every record below this id is evicted (the store may free their columns). */
  private firstLive = 0;
  /** 1 for an evicted record: stream records are evicted oldest first, file records stay, so ids above firstLive may be gone too. */
  private dead = new Uint8Array(0);
  /** Live records that count against `maxRecords` (from streams), oldest first, from `evictableHead` on. */
  private evictable = new IdList(1024);
  private evictableHead = 0;
  /** Whether records of a source (by position name) count against the cap: not when the source is a file. */
  private readonly sourceEvictable = new Map<string, boolean>();
  private ingestTimer: ReturnType<typeof setImmediate> | null = null;
  private settleWaiters: (() => void)[] = [];
  /** Live records per level code (0 = none). */
  private levelCounts = new Array<number>(LEVELS.length + 1).fill(0);
  private errorCount = 0;
  private evictedCount = 0;
  /** The newest record time taken in (NaN: none yet), which relative filter times count back from. */
  private newestMs = NaN;
  private newestSub = 0;
  private readonly runs = new FilterRuns();
  private filterTimer: ReturnType<typeof setImmediate> | null = null;
  /** Filtered selections of scopes, most recently used last. */
  private readonly selections = new Map<string, { stamp: string; ids: Int32Array }>();
  /** Filtered group lists and sorted group orders, per filter, grouping and sort. */
  private readonly groupLists = new Map<string, { stamp: string; list: GroupSummary[] }>();
  private readonly groupOrders = new Map<string, { stamp: string; list: readonly GroupState[] }>();
  private readonly treeCache = new Map<string, { stamp: string; tree: GroupTree }>();
  private readonly treeBuilds = new Map<string, { stamp: string; tree: Promise<GroupTree> }>();
  /** Bumped by reset(): work that spans several turns of the event loop checks it to drop stale results. */
  private resetEpoch = 0;
  private readonly search_ = new SearchIndex();
  private searchStamp = '';
  private searchBuiltAt = 0;
  private readonly notifier = new ChangeNotifier(100);
  private readonly maxRecords: number;
  private disposed = false;

  constructor(
    private readonly factory: BackendFactory,
    private readonly opts: SessionOptions,
  ) {
    this.maxRecords = Math.max(1, Math.floor(opts.maxRecords ?? DEFAULT_MAX_RECORDS));
    this.reset();
  }

  private reset(): void {
    this.unsubscribe?.();
    if (this.ingestTimer) clearImmediate(this.ingestTimer);
    this.ingestTimer = null;
    this.wakeSettled();
    this.backend?.dispose?.();
    for (const fv of this.fieldValues?.values() ?? []) fv.stop();
    this.backend = this.factory(this.opts);
    this.store = this.backend.store;
    this.times = new RecordTimes(this.store);
    this.primary = new Grouping(this.store, this.times, kindKeyer(this.store, 'trace'), true, 'trace', this.isLive);
    this.kindGroupings = new Map([['kind:trace', this.primary]]);
    this.fieldGroupings = new Map();
    this.fieldValues = new Map();
    this.all = new IdList(1024);
    this.sourceIndex = new SourceIndex(this.store);
    this.firstLive = 0;
    this.dead = new Uint8Array(0);
    this.evictable = new IdList(1024);
    this.evictableHead = 0;
    this.sourceEvictable.clear();
    this.evictedCount = 0;
    this.levelCounts = new Array<number>(LEVELS.length + 1).fill(0);
    this.errorCount = 0;
    this.newestMs = NaN;
    this.newestSub = 0;
    // Runs were compiled against the old store; queries compile them again.
    this.runs.clear();
    this.selections.clear();
    this.groupLists.clear();
    this.groupOrders.clear();
    this.treeCache.clear();
    this.treeBuilds.clear();
    this.resetEpoch++;
    this.searchStamp = '';
    this.unsubscribe = this.store.onAppend((from, to) => {
      // A few records (a stream's lines) are taken in at once, so groups stay current for listeners and eviction
      // keeps memory bounded; a big merge from the index is taken in over the next turns, not inside its own.
      if (to - from <= INGEST_STEP) this.catchUp();
      else this.scheduleIngest();
      this.notifier.fire();
    });
  }

  // ── ingest ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Takes in what appended since the last look, for at most one slice of time; the rest continues in later
   * turns of the event loop. Queries answer from what has been taken in (`groupsPending` counts the rest) and
   * leave the work to the background while it runs, so a burst of queries (a tree refresh) costs no more.
   */
  private catchUp(): void {
    if (this.ingestTimer !== null || this.disposed) return;
    if (!this.ingest(INGEST_SLICE_MS)) this.scheduleIngest();
    else this.wakeSettled();
  }

  private scheduleIngest(): void {
    if (this.ingestTimer !== null || this.disposed) return;
    this.ingestTimer = setImmediate(() => {
      this.ingestTimer = null;
      const done = this.ingest(INGEST_SLICE_MS);
      this.notifier.fire();
      if (done) this.wakeSettled();
      else this.scheduleIngest();
    });
  }

  /** Whether every appended record is taken in (timed, counted, placed in the kind groupings). */
  private caughtUp(): boolean {
    if (this.times.count < this.store.count) return false;
    for (const g of this.kindGroupings.values()) if (g.pending() > 0) return false;
    return true;
  }

  /** Resolves once everything appended so far has been taken in (or the session was cleared or disposed). */
  private settled(): Promise<void> {
    this.catchUp();
    if (this.disposed || this.caughtUp()) return Promise.resolve();
    this.scheduleIngest();
    return new Promise((r) => this.settleWaiters.push(r));
  }

  private wakeSettled(): void {
    const w = this.settleWaiters;
    if (w.length === 0) return;
    this.settleWaiters = [];
    for (const r of w) r();
  }

  /** One slice of taking records in; returns true when nothing is left. */
  private ingest(budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    const n = this.store.count;
    while (this.times.count < n) {
      const from = this.times.count, to = Math.min(n, from + INGEST_STEP);
      this.times.extend(to);
      for (let id = from; id < to; id++) {
        this.levelCounts[this.store.level(id)]!++;
        if (this.store.hasError(id)) this.errorCount++;
        this.all.pushOrdered(id, this.times.compare);
        if (this.isEvictable(id)) this.evictable.push(id);
        if (this.times.hasOwnTime(id)) {
          const ms = this.times.effMs(id), sub = this.times.effSub(id);
          if (!(ms < this.newestMs) && (ms !== this.newestMs || sub > this.newestSub || Number.isNaN(this.newestMs))) {
            this.newestMs = ms;
            this.newestSub = sub;
          }
        }
      }
      this.primary.catchUp();
      if (this.evictable.length - this.evictableHead > this.maxRecords) this.evict();
      if (performance.now() > deadline) break;
    }
    let done = this.times.count >= n;
    // Spans, and groupings other than the primary one (built on demand, then kept current).
    for (const g of this.kindGroupings.values()) if (!g.catchUp(deadline)) done = false;
    // Field groupings (their values may still be parsing: they catch up as far as those go).
    for (const g of this.fieldGroupings.values()) g.catchUp(deadline);
    this.pumpFilter();
    return done;
  }

  private isEvictable(id: number): boolean {
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

  private isLive = (id: number): boolean => this.dead[id] !== 1;

  /**
   * Evicts the oldest stream records down to the cap, with 1% slack so a stream evicts in batches. Costs the
   * records evicted plus the groups they were in, whatever the number of groups.
   */
  private evict(): void {
    const keep = Math.max(1, this.maxRecords - Math.floor(this.maxRecords / 100));
    const count = this.evictable.length - this.evictableHead - keep;
    if (count <= 0) return;
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
    for (const g of this.kindGroupings.values()) g.evict(ids, firstLive);
    // Field groupings would need their parsed values for the evicted ids: cheaper to rebuild on demand.
    this.fieldGroupings.clear();
    this.all.retain(this.isLive);
    this.sourceIndex.evict(this.isLive, firstLive);
    this.selections.clear();
    this.groupLists.clear();
    this.groupOrders.clear();
    this.treeCache.clear();
    this.backend.evictBefore?.(firstLive);
  }

  addFile(path: string, opts?: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void }): Promise<SourceSummary> {
    const onProgress = opts?.onProgress;
    return this.backend
      .addFile(path, {
        ...(opts?.signal ? { signal: opts.signal } : {}),
        ...(onProgress
          ? {
              onProgress: (source: SourceSummary) => {
                this.catchUp();
                onProgress({ source, records: this.liveCount() });
              },
            }
          : {}),
      })
      .then(async (summary) => {
        // Done means the session has taken every record in, not only that the index has read them.
        await this.settled();
        this.notifier.fire();
        return summary;
      });
  }

  addStream(name: string): StreamSink {
    const sink = this.backend.addStream(name);
    this.notifier.fire();
    return {
      write: (chunk) => sink.write(chunk),
      writeDocument: (value, origin) => sink.writeDocument(value, origin),
      end: () => sink.end(),
      summary: () => {
        const s = sink.summary();
        // As for files: done once the session has taken in everything the stream gave.
        if (!s.done || this.disposed) return s;
        this.catchUp();
        return this.caughtUp() ? s : { ...s, done: false };
      },
    };
  }

  sources(): SourceSummary[] {
    return this.store.sources();
  }

  clear(): void {
    this.reset();
    this.notifier.fire();
  }

  spans(): readonly Span[] {
    return this.store.spans;
  }

  stats(): SessionStats {
    this.catchUp();
    const levels = {} as SessionStats['levels'];
    LEVELS.forEach((l, i) => (levels[l] = this.levelCounts[i + 1]!));
    levels.none = this.levelCounts[0]!;
    const k = this.primary.kindCounts;
    const groups = { trace: k.trace, correlation: k.correlation, thread: k.thread, ungroupedRecords: this.primary.ungrouped.ids.length };
    return { records: this.liveCount(), spans: this.store.spans.length, evicted: this.evictedCount, errors: this.errorCount, levels, groups };
  }

  spanPosition(index: number): Position | null {
    // Not part of RecordStore's contract (yet): used when the store offers it.
    const st = this.store as RecordStore & { spanPosition?: (i: number) => Position | null };
    return typeof st.spanPosition === 'function' ? st.spanPosition(index) : null;
  }

  evicted(): number {
    return this.evictedCount;
  }

  private liveCount(): number {
    return this.store.count - this.evictedCount;
  }

  // ── grouping ──────────────────────────────────────────────────────────────────────────────────────────

  private grouping(by: GroupBy): Grouping {
    if ('kind' in by) {
      const name = `kind:${by.kind}`;
      let g = this.kindGroupings.get(name);
      if (!g) {
        g = new Grouping(this.store, this.times, kindKeyer(this.store, by.kind), by.kind === 'trace', by.kind, this.isLive);
        // Start above evicted records: they are gone for every grouping.
        g.upTo = g.from = this.firstLive;
        this.kindGroupings.set(name, g);
      }
      this.catchUpGrouping(g);
      return g;
    }
    const name = `field:${by.field}`;
    let g = this.fieldGroupings.get(name);
    if (!g) {
      g = new Grouping(this.store, this.times, this.fieldKeyer(by.field), false, 'field', this.isLive);
      g.upTo = g.from = this.firstLive;
      this.fieldGroupings.set(name, g);
      while (this.fieldGroupings.size > MAX_FIELD_GROUPINGS) this.fieldGroupings.delete(this.fieldGroupings.keys().next().value!);
    } else {
      // Most recently used last, so the oldest is the one dropped.
      this.fieldGroupings.delete(name);
      this.fieldGroupings.set(name, g);
    }
    this.catchUpGrouping(g);
    return g;
  }

  /** A grouping asked for: placed within a slice of time, the rest in the background (`groupsPending`). */
  private catchUpGrouping(g: Grouping): void {
    if (this.ingestTimer !== null) return;
    if (!g.catchUp(performance.now() + INGEST_SLICE_MS)) this.scheduleIngest();
  }

  private fieldKeyer(field: string): GroupKeyer {
    const store = this.store;
    if (field === 'level') {
      return {
        ready: () => store.count,
        token: (id) => (store.level(id) === 0 ? -1 : store.level(id)),
        describe: (t) => ({ kind: 'field', key: levelFromCode(t)! }),
      };
    }
    const column = (KEY_COLUMNS as Record<string, ColumnName | undefined>)[field.toLowerCase()] ?? (isColumnName(field) ? field : undefined);
    if (column) {
      const read = columnReader(store, column);
      return {
        ready: () => store.count,
        token: (id) => {
          const v = read(id);
          return v === null ? -1 : this.fieldToken(v);
        },
        describe: (t) => ({ kind: 'field', key: this.fieldTokens[t]! }),
      };
    }
    const values = this.values(field);
    return {
      ready: () => {
        values.ensure(store.count);
        return values.resolved;
      },
      token: (id) => values.code(id),
      describe: (t) => ({ kind: 'field', key: values.text(t) }),
    };
  }

  private readonly fieldTokens: string[] = [];
  private readonly fieldTokenOf = new Map<string, number>();
  private fieldToken(v: string): number {
    let t = this.fieldTokenOf.get(v);
    if (t === undefined) {
      t = this.fieldTokens.length;
      this.fieldTokens.push(v);
      this.fieldTokenOf.set(v, t);
    }
    return t;
  }

  private values(field: string): FieldValues {
    let fv = this.fieldValues.get(field);
    if (!fv) {
      fv = new FieldValues(this.store, field, () => {
        this.pumpFilter();
        this.notifier.fire();
      });
      fv.skipTo(this.firstLive);
      this.fieldValues.set(field, fv);
      if (this.fieldValues.size > MAX_FIELD_GROUPINGS + 1) {
        let oldest: FieldValues | null = null;
        for (const v of this.fieldValues.values()) if (v !== fv && (!oldest || v.lastUsed < oldest.lastUsed)) oldest = v;
        if (oldest) {
          oldest.stop();
          this.fieldValues.delete(oldest.field);
          this.fieldGroupings.delete(`field:${oldest.field}`);
        }
      }
    }
    return fv;
  }

  // ── queries ───────────────────────────────────────────────────────────────────────────────────────────

  checkFilter(filter: string): FilterSyntaxError | null {
    try {
      this.compile(filter.trim());
      return null;
    } catch (e) {
      if (e instanceof FilterSyntaxError) return e;
      throw e;
    }
  }

  private compile(text: string): CompiledFilter {
    return compileFilter(parseFilter(text), {
      store: this.store,
      times: this.times,
      newestNs: Number.isNaN(this.newestMs) ? null : msToNs(this.newestMs, this.newestSub),
      ...(this.opts.patternIdOf ? { patternIdOf: this.opts.patternIdOf } : {}),
    });
  }

  /** The run of a filter (null: no filter), with what fits in a query's budget decided. Throws FilterSyntaxError. */
  private run(filter: string | undefined): FilterRun | null {
    const text = (filter ?? '').trim();
    if (text === '') return null;
    let r = this.runs.get(text);
    const basis = `${this.newestMs}:${this.newestSub}`;
    if (!r) {
      r = new FilterRun(this.compile(text));
      r.basis = basis;
      this.runs.add(text, r);
    } else if (r.compiled.relative && r.basis !== basis) {
      // "since:15m" counts back from the newest record: it moved, so the verdicts did too.
      r.recompiled(this.compile(text));
      r.basis = basis;
    }
    if (!this.advanceRun(r, FILTER_SYNC_MS)) this.pumpFilter();
    return r;
  }

  private advanceRun(r: FilterRun, budgetMs: number): boolean {
    const n = this.times.count;
    for (const f of r.compiled.rawFields) this.values(f).ensure(n);
    return r.advance(n, this.firstLive, budgetMs, this.rawValue);
  }

  private rawValue = (field: string, id: number): string | null | undefined => this.values(field).get(id);

  /** Keeps deciding every run with records left, a slice at a time, telling listeners as answers grow. */
  private pumpFilter(): void {
    if (this.filterTimer || this.disposed) return;
    let behind = false;
    for (const r of this.runs.values()) if (r.scanned < this.times.count) behind = true;
    if (!behind) return;
    this.filterTimer = setImmediate(() => {
      this.filterTimer = null;
      let progressed = false, left = false;
      const runs = [...this.runs.values()].filter((r) => r.scanned < this.times.count);
      for (const r of runs) {
        const before = r.scanned;
        if (!this.advanceRun(r, FILTER_SLICE_MS / runs.length)) left = true;
        if (r.scanned !== before) progressed = true;
      }
      if (progressed) this.notifier.fire();
      // Stalled on a raw field: FieldValues' progress calls back here.
      if (left && progressed) this.pumpFilter();
    });
  }

  /** Records a query's answer does not cover yet: not taken in from the index, or not decided by its filter. */
  private pendingOf(r: FilterRun | null): number {
    return Math.max(0, this.store.count - (r ? Math.max(r.scanned, this.firstLive) : this.times.count));
  }

  private passes(r: FilterRun | null, id: number): boolean {
    return r === null || r.passes(id);
  }

  /** The records a scope covers, time-ordered, with a key and stamp for caches built on them. */
  private scopeIds(scope: Scope | undefined): { ids: ArrayLike<number>; key: string; stamp: string } {
    if (!scope || 'all' in scope) {
      this.all.ensureSorted(this.times.compare);
      return { ids: this.all.view(), key: 'all', stamp: `${this.all.length}:${this.evictedCount}` };
    }
    const found = this.resolveRef(scope.group);
    const key = `${groupRefKey(scope.group)}\u0000${scope.spanId ?? ''}`;
    if (!found) return { ids: [], key, stamp: 'none' };
    const { grouping, group } = found;
    const stamp = `${grouping.serial}:${group.ids.length}:${group.spans.length}:${this.evictedCount}`;
    if (scope.spanId === undefined) return { ids: grouping.sortedIds(group), key, stamp };
    return { ids: this.tree(grouping, group).recordsBySpan.get(scope.spanId) ?? [], key, stamp };
  }

  /** What a query selects, time-ordered: the scope's records that pass its filter (cached while nothing changed). */
  private select(q: RecordQuery): { ids: ArrayLike<number>; pending: number } {
    this.catchUp();
    const r = this.run(q.filter);
    const base = this.scopeIds(q.scope);
    if (!r) return { ids: base.ids, pending: this.pendingOf(null) };
    const key = `${base.key}\u0000${r.compiled.text}`;
    const stamp = `${base.stamp}:${r.epoch}:${r.scanned}`;
    const hit = this.selections.get(key);
    if (hit && hit.stamp === stamp) return { ids: hit.ids, pending: this.pendingOf(r) };
    const src = base.ids;
    const kept = new IdList(Math.max(8, Math.min(src.length, 1024)));
    for (let i = 0; i < src.length; i++) if (r.passes(src[i]!)) kept.push(src[i]!);
    const ids = kept.view();
    this.selections.delete(key);
    this.selections.set(key, { stamp, ids });
    if (this.selections.size > MAX_SELECTIONS) this.selections.delete(this.selections.keys().next().value!);
    return { ids, pending: this.pendingOf(r) };
  }

  query(q: RecordQuery, page: PageRequest = {}): RecordPage {
    const { ids, pending } = this.select(q);
    const items: RecordSummary[] = [];
    const [from, to] = pageRange(ids.length, page);
    const desc = q.order === 'desc';
    for (let i = from; i < to; i++) items.push(this.summaryOf(ids[desc ? ids.length - 1 - i : i]!));
    return { total: ids.length, pending, items };
  }

  queryIds(q: RecordQuery, page: PageRequest = {}): { total: number; pending: number; ids: RecordId[] } {
    const { ids, pending } = this.select(q);
    const [from, to] = pageRange(ids.length, page);
    const desc = q.order === 'desc';
    const out: RecordId[] = [];
    for (let i = from; i < to; i++) out.push(ids[desc ? ids.length - 1 - i : i]!);
    return { total: ids.length, pending, ids: out };
  }

  locate(q: RecordQuery, id: RecordId): number {
    const { ids } = this.select(q);
    if (!Number.isInteger(id) || id < 0 || id >= this.times.count) return -1;
    // Time order with ties by id: a binary search finds it.
    let lo = 0, hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times.compare(ids[mid]!, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= ids.length || ids[lo] !== id) return -1;
    return q.order === 'desc' ? ids.length - 1 - lo : lo;
  }

  histogram(q: RecordQuery, opts: HistogramOptions = {}): Histogram {
    const { ids, pending } = this.select(q);
    const buckets = Math.max(1, Math.min(MAX_BUCKETS, Math.floor(opts.buckets ?? 100)));
    const t = this.times;
    let fromNs = opts.fromNs ?? null, toNs = opts.toNs ?? null;
    if (fromNs === null || toNs === null) {
      // The selection is time-ordered: its first and last timed records bound it.
      let first = -1, last = -1;
      for (let i = 0; i < ids.length; i++) if (t.hasOwnTime(ids[i]!)) { first = ids[i]!; break; }
      for (let i = ids.length - 1; i >= 0; i--) if (t.hasOwnTime(ids[i]!)) { last = ids[i]!; break; }
      if (fromNs === null) fromNs = first < 0 ? 0n : msToNs(t.effMs(first), t.effSub(first));
      if (toNs === null) toNs = last < 0 ? fromNs : msToNs(t.effMs(last), t.effSub(last)) + 1n;
    }
    if (toNs <= fromNs) toNs = fromNs + 1n;
    const spanNs = toNs - fromNs;
    const bucketNs = (spanNs + BigInt(buckets) - 1n) / BigInt(buckets);
    const counts = new Uint32Array(buckets * LEVEL_SLOTS);
    const [fromMs, fromSub] = nsToMs(fromNs);
    const bucketNsNum = Number(bucketNs);
    const limitNs = Number(spanNs);
    let total = 0, untimed = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!t.hasOwnTime(id)) {
        untimed++;
        continue;
      }
      // Offsets in ns fit a double exactly for any range under 104 days; beyond, a bucket edge may blur by ns.
      const off = (t.effMs(id) - fromMs) * 1e6 + (t.effSub(id) - fromSub);
      if (off < 0 || off >= limitNs) continue;
      const b = Math.min(buckets - 1, Math.floor(off / bucketNsNum));
      counts[b * LEVEL_SLOTS + this.store.level(id)]!++;
      total++;
    }
    return { fromNs, toNs: fromNs + bucketNs * BigInt(buckets), bucketNs, buckets, counts, total, untimed, pending };
  }

  distinct(q: RecordQuery, field: string, limit = 20): DistinctValues {
    const { ids, pending } = this.select(q);
    const column = (KEY_COLUMNS as Record<string, ColumnName | undefined>)[field.toLowerCase()] ?? (isColumnName(field) ? field : undefined);
    const counts = new Map<string | null, number>();
    let waiting = 0;
    if (field === 'level') {
      const byCode = new Array<number>(LEVEL_SLOTS).fill(0);
      for (let i = 0; i < ids.length; i++) byCode[this.store.level(ids[i]!)]!++;
      byCode.forEach((c, code) => { if (c > 0) counts.set(levelFromCode(code), c); });
    } else if (column) {
      const read = columnReader(this.store, column);
      for (let i = 0; i < ids.length; i++) {
        const v = read(ids[i]!);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
    } else {
      const values = this.values(field);
      values.ensure(this.times.count);
      for (let i = 0; i < ids.length; i++) {
        const v = values.get(ids[i]!);
        if (v === undefined) waiting++;
        else counts.set(v, (counts.get(v) ?? 0) + 1);
      }
    }
    const all = [...counts].map(([value, count]) => ({ value, count }));
    all.sort((a, b) => b.count - a.count || compareNullable(a.value, b.value));
    return { values: all.slice(0, Math.max(0, limit)), distinct: all.length, pending: pending + waiting };
  }

  groupsPage(q: GroupQuery, page: PageRequest = {}): GroupPage {
    this.catchUp();
    const r = this.run(q.filter);
    const g = this.grouping(q.by);
    const sort = q.sort ?? 'start';
    const desc = q.descending ?? DESCENDING_BY_DEFAULT.has(sort);
    if (!r) {
      const hasUngrouped = g.ungrouped.ids.length > 0;
      // Start order is kept incrementally (grouping.ts `ordered`): only the page is summarised.
      const order = sort === 'start' && !desc ? g.ordered() : this.sortedStates(g, sort, desc);
      const total = order.length + (hasUngrouped ? 1 : 0);
      const [from, to] = pageRange(total, page);
      const items: GroupSummary[] = [];
      for (let i = from; i < to; i++) items.push(i < order.length ? order[i]!.summary() : g.ungrouped.summary());
      return { total, pending: this.pendingOf(null), items };
    }
    const list = this.filteredGroups(g, r, sort, desc);
    const [from, to] = pageRange(list.length, page);
    return { total: list.length, pending: this.pendingOf(r), items: list.slice(from, to) };
  }

  /** A grouping's groups in another order than start (cached while the grouping is unchanged). */
  private sortedStates(g: Grouping, sort: GroupSortKey, desc: boolean): readonly GroupState[] {
    const key = `${g.serial}\u0000${sort}\u0000${desc}`;
    const stamp = `${g.version}:${this.evictedCount}`;
    const hit = this.groupOrders.get(key);
    if (hit && hit.stamp === stamp) return hit.list;
    const key_ = stateSortKey(sort);
    const list = g.ordered().slice();
    const dir = desc ? -1 : 1;
    // A stable sort over the start order: equal keys stay in start order.
    list.sort((a, b) => dir * compareKey(key_(a), key_(b)));
    this.groupOrders.set(key, { stamp, list });
    if (this.groupOrders.size > 8) this.groupOrders.delete(this.groupOrders.keys().next().value!);
    return list;
  }

  /** Groups with something that passes the filter, sorted (cached while nothing changed). */
  private filteredGroups(g: Grouping, r: FilterRun, sort: GroupSortKey, desc: boolean): GroupSummary[] {
    // The tree asks again on every change notification: answer from cache while nothing changed.
    const stamp = `${g.serial}:${g.version}:${r.epoch}:${r.scanned}:${this.evictedCount}`;
    const key = `${r.compiled.text}\u0000${g.serial}\u0000${sort}\u0000${desc}`;
    const hit = this.groupLists.get(key);
    if (hit && hit.stamp === stamp) return hit.list;
    const out: GroupSummary[] = [];
    for (const s of g.ordered()) {
      const sum = this.filteredSummary(g, s, r);
      if (sum && (sum.records > 0 || sum.spans > 0)) out.push(sum);
    }
    const dir = desc ? -1 : 1;
    const k = summarySortKey(sort);
    // Filtered starts can differ from the groups' own: re-sorted by start first, then by the key asked for.
    out.sort(byStart);
    if (sort !== 'start' || desc) out.sort((a, b) => dir * compareKey(k(a), k(b)));
    const u = this.filteredSummary(g, g.ungrouped, r);
    if (u && u.records > 0) out.push(u);
    this.groupLists.set(key, { stamp, list: out });
    if (this.groupLists.size > 8) this.groupLists.delete(this.groupLists.keys().next().value!);
    return out;
  }

  /** A group's summary counting only records that pass the filter; null when nothing of it passes. */
  private filteredSummary(grouping: Grouping, group: GroupState, r: FilterRun): GroupSummary | null {
    const all = grouping.sortedIds(group);
    const base = group.summary();
    const c = r.compiled;
    // Spans have no level, fields or message: only a time-range filter can say anything about them.
    const spansCount = c.timeOnly && group.spans.length > 0 && overlaps(base.startNs, base.endNs, c.fromNs, c.toNs) ? group.spans.length : 0;
    let errors = 0, records = 0;
    if (spansCount > 0) for (const si of group.spans) if (this.store.spans[si]!.status === 'error') errors++;
    let sMs = NaN, sSub = 0, eMs = NaN, eSub = 0;
    for (let i = 0; i < all.length; i++) {
      const id = all[i]!;
      if (!r.passes(id)) continue;
      records++;
      if (this.store.hasError(id)) errors++;
      if (!this.times.hasOwnTime(id)) continue;
      const ms = this.times.effMs(id), sub = this.times.effSub(id);
      if (Number.isNaN(sMs) || ms < sMs || (ms === sMs && sub < sSub)) (sMs = ms), (sSub = sub);
      if (Number.isNaN(eMs) || ms > eMs || (ms === eMs && sub > eSub)) (eMs = ms), (eSub = sub);
    }
    if (records === 0 && spansCount === 0) return null;
    return {
      ...base,
      records,
      spans: spansCount,
      errors,
      startNs: spansCount > 0 ? base.startNs : Number.isNaN(sMs) ? null : msToNs(sMs, sSub),
      endNs: spansCount > 0 ? base.endNs : Number.isNaN(eMs) ? null : msToNs(eMs, eSub),
    };
  }

  group(ref: GroupRef): GroupSummary | null {
    this.catchUp();
    return this.resolveRef(ref)?.group.summary() ?? null;
  }

  groupOf(id: RecordId, by: GroupBy): GroupRef | null {
    this.catchUp();
    const g = this.grouping(by).groupOf(id);
    return g ? { by, id: g.id } : null;
  }

  groupsPending(by: GroupBy): number {
    this.catchUp();
    const g = this.grouping(by);
    return Math.max(0, this.store.count - g.upTo);
  }

  /** The group a reference names, in the grouping it names (caught up as far as this turn allows). */
  private resolveRef(ref: GroupRef): { grouping: Grouping; group: GroupState } | null {
    this.catchUp();
    const grouping = this.grouping(ref.by);
    const group = grouping.get(ref.id);
    return group ? { grouping, group } : null;
  }

  // ── records ───────────────────────────────────────────────────────────────────────────────────────────

  private summaryOf(id: RecordId): RecordSummary {
    const s = this.store;
    const str = (k: number) => (k === NONE ? null : s.string(k));
    return {
      id,
      timeNs: this.times.hasOwnTime(id) ? msToNs(this.times.effMs(id), this.times.effSub(id)) : null,
      level: levelFromCode(s.level(id)),
      message: s.message(id),
      traceId: str(s.traceKey(id)),
      spanId: str(s.spanKey(id)),
      thread: str(s.threadKey(id)),
      correlationId: str(s.correlationKey(id)),
      service: str(s.serviceKey(id)),
      source: s.source(id),
      position: s.position(id),
    };
  }

  recordSummaries(ids: ArrayLike<RecordId>): RecordSummary[] {
    this.catchUp();
    const out: RecordSummary[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (Number.isInteger(id) && id >= this.firstLive && id < this.times.count && this.isLive(id)) out.push(this.summaryOf(id));
    }
    return out;
  }

  async record(id: RecordId): Promise<LogRecord & { position: Position }> {
    this.catchUp();
    if (!Number.isInteger(id) || id < 0 || id >= this.store.count) throw new RangeError(`No record ${id} in this session`);
    if (id < this.firstLive || !this.isLive(id)) throw new RangeError(`Record ${id} was evicted (the session keeps the latest ${this.maxRecords} records from streams)`);
    const rec = await this.store.load(id);
    return { ...rec, position: this.store.position(id) };
  }

  // ── span trees ────────────────────────────────────────────────────────────────────────────────────────

  private treeKey(grouping: Grouping, group: GroupState): { key: string; stamp: string } {
    return { key: group.id + '\u0000' + grouping.serial, stamp: `${group.ids.length}:${group.spans.length}:${this.evictedCount}` };
  }

  private cacheTree(key: string, stamp: string, tree: GroupTree): void {
    this.treeCache.delete(key);
    this.treeCache.set(key, { stamp, tree });
    if (this.treeCache.size > 64) this.treeCache.delete(this.treeCache.keys().next().value!);
  }

  private tree(grouping: Grouping, group: GroupState): GroupTree {
    const { key, stamp } = this.treeKey(grouping, group);
    const hit = this.treeCache.get(key);
    if (hit && hit.stamp === stamp) return hit.tree;
    const tree = groupSpanTree(this.store, group, grouping.sortedIds(group), this.times);
    this.cacheTree(key, stamp, tree);
    return tree;
  }

  /** The same tree as `tree()`, built in slices; concurrent callers for one group and stamp share one build. */
  private treeCooperative(grouping: Grouping, group: GroupState, pause: () => Promise<void>): Promise<GroupTree> {
    const { key, stamp } = this.treeKey(grouping, group);
    const hit = this.treeCache.get(key);
    if (hit && hit.stamp === stamp) return Promise.resolve(hit.tree);
    const pending = this.treeBuilds.get(key);
    if (pending && pending.stamp === stamp) return pending.tree;
    // A copy: the group's list may grow or be re-sorted in place while the build waits.
    const ids = grouping.sortedIds(group).slice();
    const epoch = this.resetEpoch;
    const tree = (async () => {
      const steps = groupSpanTreeSteps(this.store, group, ids, this.times);
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
        await pause();
      }
    })();
    const entry = { stamp, tree };
    this.treeBuilds.set(key, entry);
    const settle = () => { if (this.treeBuilds.get(key) === entry) this.treeBuilds.delete(key); };
    tree.then((t) => {
      settle();
      // Cached only while it still describes the group (no clear(), eviction or new records meanwhile).
      if (epoch === this.resetEpoch && this.treeKey(grouping, group).stamp === stamp) this.cacheTree(key, stamp, t);
    }, settle);
    return tree;
  }

  spanTree(ref: GroupRef): SpanNode[] {
    const found = this.resolveRef(ref);
    if (!found) return [];
    return this.tree(found.grouping, found.group).nodes;
  }

  async markers(ref: GroupRef, filter?: string): Promise<GroupMarkers> {
    const pause = slicer(MARKERS_SLICE_MS);
    const run = this.run(filter);
    const found = this.resolveRef(ref);
    if (!found) return emptyMarkers([]);
    const epoch = this.resetEpoch;
    const tree = await this.treeCooperative(found.grouping, found.group, pause);
    if (epoch !== this.resetEpoch) return emptyMarkers([]);
    const { nodes, recordsBySpan } = tree;
    // Rows in the order `records(groupId, { spanId })` answers them: each span ID on its first node.
    const lists: { row: number; ids: ArrayLike<number> }[] = [];
    const rowOf = new Map<string, number>();
    nodes.forEach((n, i) => { if (!rowOf.has(n.span.spanId)) rowOf.set(n.span.spanId, i); });
    for (const [spanId, row] of rowOf) {
      const ids = recordsBySpan.get(spanId);
      if (ids && ids.length > 0) lists.push({ row, ids });
    }
    lists.sort((a, b) => a.row - b.row);
    // Then what hangs on no span: the trace's own records, and all of a group that has no tree.
    const loose: ArrayLike<number>[] = [];
    if (nodes.length === 0) loose.push(found.grouping.sortedIds(found.group).slice());
    for (const [spanId, ids] of recordsBySpan) if (!rowOf.has(spanId) && ids.length > 0) loose.push(ids);
    if (loose.length === 1) lists.push({ row: -1, ids: loose[0]! });
    else if (loose.length > 1) {
      const merged = new Int32Array(loose.reduce((n, l) => n + l.length, 0));
      let w = 0;
      for (const l of loose) for (let i = 0; i < l.length; i++) merged[w++] = l[i]!;
      merged.sort(this.times.compare);
      lists.push({ row: -1, ids: merged });
    }

    let n = 0;
    for (const l of lists) n += l.ids.length;
    const out = emptyMarkers(nodes, n);
    let k = 0, seen = 0;
    for (const l of lists) {
      const ids = l.ids;
      for (let i = 0; i < ids.length; i++) {
        // Counted over all lists: a trace of many small spans must pause too.
        if ((++seen & 0xfff) === 0) {
          await pause();
          if (epoch !== this.resetEpoch) return emptyMarkers([]);
        }
        const id = ids[i]!;
        if (!this.isLive(id) || !this.passes(run, id)) continue;
        out.ids[k] = id;
        out.row[k] = l.row;
        if (this.times.hasOwnTime(id)) {
          out.timeMs[k] = this.times.effMs(id);
          out.timeSubMsNs[k] = this.times.effSub(id);
        } else {
          out.timeMs[k] = NaN;
        }
        out.level[k] = this.store.level(id);
        k++;
      }
    }
    return k === n ? out : {
      nodes, ids: out.ids.slice(0, k), row: out.row.slice(0, k), timeMs: out.timeMs.slice(0, k),
      timeSubMsNs: out.timeSubMsNs.slice(0, k), level: out.level.slice(0, k),
    };
  }


  // ── search and source hints ───────────────────────────────────────────────────────────────────────────

  search(query: string, limit = 50): SearchHit[] {
    this.catchUp();
    const stamp = `${this.primary.version}:${this.evictedCount}`;
    // A big index is rebuilt at most once a second while a live source keeps changing it.
    const fresh = this.search_.size < SEARCH_REBUILD_FREE || Date.now() - this.searchBuiltAt > 1000;
    if (stamp !== this.searchStamp && fresh) {
      const { items, keys } = this.searchItems();
      this.search_.build(items, keys);
      this.searchStamp = stamp;
      this.searchBuiltAt = Date.now();
    }
    return this.search_.search(query, limit);
  }

  private searchItems(): { items: SearchItem[]; keys: KeyItem[] } {
    const items: SearchItem[] = [];
    const keys: KeyItem[] = [];
    const services = new Map<string, string>();
    // In start order: where the message sample runs out, the earliest groups are the ones sampled.
    const groups = [...this.primary.ordered()];
    for (const g of groups) {
      keys.push({ key: g.key, detail: [g.kind, g.root, ...g.services].filter(Boolean).join(' · '), groupId: g.id });
      for (const svc of g.services) if (!services.has(svc)) services.set(svc, g.id);
    }
    // Request IDs and thread names are words people half-remember: fuzzy too, while there are not too many.
    const named = groups.filter((g) => g.kind !== 'trace');
    if (named.length <= SEARCH_FUZZY_KEYS) {
      for (const g of named) items.push({ kind: 'group', label: g.key, detail: g.kind, groupId: g.id });
    }
    // Span names: each distinct name once per trace, for at most a few traces (a name repeated in 10,000
    // traces is one thing to find; the hit jumps to its first traces).
    const perName = new Map<string, Set<string>>();
    for (const s of this.store.spans) {
      let traces = perName.get(s.name);
      if (!traces) perName.set(s.name, (traces = new Set()));
      if (traces.has(s.traceId) || traces.size >= SEARCH_TRACES_PER_SPAN_NAME || perName.size > SEARCH_SPAN_NAMES) continue;
      traces.add(s.traceId);
      items.push({ kind: 'span', label: s.name, detail: [s.service, s.traceId].filter(Boolean).join(' · '), groupId: `trace:${s.traceId}`, spanId: s.spanId });
    }
    for (const [svc, gid] of services) items.push({ kind: 'service', label: svc, detail: 'service', groupId: gid });
    // Messages: the first of each group, errors first (what people search for), distinct, bounded overall.
    const seen = new Set<string>();
    if (this.primary.ungrouped.ids.length > 0) groups.push(this.primary.ungrouped);
    let budget = SEARCH_MESSAGES;
    for (const errorsPass of [true, false]) {
      for (const g of groups) {
        if (budget <= 0) break;
        const ids = g.ids.view();
        let taken = 0;
        for (let i = 0; i < ids.length && i < 64 && taken < SEARCH_MESSAGES_PER_GROUP && budget > 0; i++) {
          const id = ids[i]!;
          if (this.store.hasError(id) !== errorsPass) continue;
          const m = this.store.message(id);
          if (!m || seen.has(m)) continue;
          seen.add(m);
          items.push({ kind: 'record', label: m, detail: g.key || 'ungrouped', groupId: g.id, recordId: id });
          taken++;
          budget--;
        }
      }
    }
    return { items, keys };
  }

  recordsAtSource(pathSuffix: string): Map<number, RecordSummary[]> {
    this.catchUp();
    const out = new Map<number, RecordSummary[]>();
    for (const [line, ids] of this.sourceIndex.lookup(pathSuffix, this.isLive)) {
      const kept = ids.slice().sort(this.times.compare);
      if (kept.length > 0) out.set(line, kept.map((id) => this.summaryOf(id)));
    }
    return out;
  }

  onDidChange(listener: () => void): () => void {
    return this.notifier.on(listener);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribe?.();
    for (const fv of this.fieldValues.values()) fv.stop();
    if (this.filterTimer) clearImmediate(this.filterTimer);
    this.filterTimer = null;
    if (this.ingestTimer) clearImmediate(this.ingestTimer);
    this.ingestTimer = null;
    this.wakeSettled();
    this.notifier.dispose();
    this.backend.dispose?.();
  }
}

function emptyMarkers(nodes: SpanNode[], n = 0): GroupMarkers {
  return { nodes, ids: new Int32Array(n), row: new Int32Array(n), timeMs: new Float64Array(n), timeSubMsNs: new Int32Array(n), level: new Uint8Array(n) };
}

/** A pause that gives the event loop back once `budgetMs` of work has passed since the last one. */
function slicer(budgetMs: number): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise<void>((r) => setImmediate(r));
    since = performance.now();
  };
}

function byStart(a: GroupSummary, b: GroupSummary): number {
  if (a.startNs === null || b.startNs === null) return a.startNs === b.startNs ? compareIds(a.id, b.id) : a.startNs === null ? 1 : -1;
  return a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : compareIds(a.id, b.id);
}

function overlaps(s: bigint | null, e: bigint | null, from: bigint | null, to: bigint | null): boolean {
  if (s === null || e === null) return false;
  return (from === null || e >= from) && (to === null || s <= to);
}

/** Sorts that list the largest first unless asked otherwise. */
const DESCENDING_BY_DEFAULT = new Set<GroupSortKey>(['duration', 'errors', 'records', 'spans']);

type SortKey = number | string | null;

/** Nulls (no time, no service, no root) last whichever the direction. */
function compareKey(a: SortKey, b: SortKey): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function stateSortKey(sort: GroupSortKey): (g: GroupState) => SortKey {
  switch (sort) {
    case 'start': return (g) => (Number.isNaN(g.startMs) ? null : g.startMs + g.startSub / 1e6);
    case 'duration': return (g) => (Number.isNaN(g.startMs) ? null : g.endMs - g.startMs + (g.endSub - g.startSub) / 1e6);
    case 'errors': return (g) => g.errors;
    case 'records': return (g) => g.ids.length;
    case 'spans': return (g) => g.spans.length;
    case 'service': return (g) => { let min: string | null = null; for (const s of g.services) if (min === null || s < min) min = s; return min; };
    case 'root': return (g) => g.root;
  }
}

function summarySortKey(sort: GroupSortKey): (g: GroupSummary) => SortKey {
  switch (sort) {
    case 'start': return (g) => (g.startNs === null ? null : Number(g.startNs / 1000n));
    case 'duration': return (g) => (g.startNs === null || g.endNs === null ? null : Number(g.endNs - g.startNs));
    case 'errors': return (g) => g.errors;
    case 'records': return (g) => g.records;
    case 'spans': return (g) => g.spans;
    case 'service': return (g) => g.services[0] ?? null;
    case 'root': return (g) => g.root;
  }
}

function compareNullable(a: string | null, b: string | null): number {
  return compareKey(a, b);
}

function pageRange(total: number, page: PageRequest): [number, number] {
  const from = Math.min(total, Math.max(0, Math.floor(page.offset ?? 0)));
  return [from, Math.min(total, from + Math.max(0, Math.floor(page.limit ?? 500)))];
}

const isColumnName = (f: string): f is ColumnName => (Object.values(KEY_COLUMNS) as string[]).includes(f);
