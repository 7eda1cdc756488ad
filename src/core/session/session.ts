// A session: records and spans from any number of files and streams, over one lazy index (`RecordStore`),
// grouped, filtered and searchable. Everything here is incremental: groups, times and the source index take in
// only what appended since they last looked, so a live stream costs per new record, not per question.

import type { LogRecord, Position, Span } from '../model';
import { LEVELS, levelFromCode } from '../model';
import { NONE, type RecordStore } from '../index/types';
import type {
  Filter,
  GroupBy,
  GroupMarkers,
  GroupSummary,
  IndexProgress,
  RecordId,
  RecordSummary,
  SearchHit,
  SessionApi,
  SessionOptions,
  SessionStats,
  SourceSummary,
  SpanNode,
  StreamSink,
} from './api';
import { UNGROUPED_GROUP_ID } from './api';
import { ChangeNotifier } from './changeNotifier';
import { FieldValues } from './fieldValues';
import { columnValue, compileFilter, isColumnField, type CompiledFilter } from './filter';
import { Grouping, compareIds, kindKeyer, type GroupKeyer, type GroupState } from './grouping';
import { IdList } from './idList';
import { RecordTimes, msToNs } from './recordTimes';
import { SourceIndex } from './sourceIndex';
import { groupSpanTree, groupSpanTreeSteps, type GroupTree } from './groupTree';
import { SearchIndex, type KeyItem, type SearchItem } from '../search/searchIndex';
import { indexBackend } from './indexBackend';

/** What a session needs from the index: a store and the ways to feed it. One backend per session lifetime. */
export interface SessionBackend {
  readonly store: RecordStore;
  addFile(path: string, opts?: { signal?: AbortSignal; onProgress?: (s: SourceSummary) => void }): Promise<SourceSummary>;
  addStream(name: string): StreamSink;
  /** Optional: frees the store's memory for these records, ids ascending (the session stops using them first). */
  evictRecords?(ids: Int32Array): void;
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
/** Field groupings and field-value caches kept at once; older ones are rebuilt on demand. */
const MAX_FIELD_GROUPINGS = 3;

const V_PASS = 1, V_FAIL = 2;
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
  private current!: Grouping;
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
  private compiled: CompiledFilter | null = null;
  private verdicts = new Uint8Array(0);
  /** Records below this id have a filter verdict. */
  private scanned = 0;
  private filterTimer: ReturnType<typeof setImmediate> | null = null;
  private filterEpoch = 0;
  private readonly filteredCache = new Map<string, { stamp: string; summary: GroupSummary | null; ids?: Int32Array }>();
  private readonly treeCache = new Map<string, { stamp: string; tree: GroupTree }>();
  private readonly treeBuilds = new Map<string, { stamp: string; tree: Promise<GroupTree> }>();
  /** Bumped by reset(): work that spans several turns of the event loop checks it to drop stale results. */
  private resetEpoch = 0;
  private readonly search_ = new SearchIndex();
  private searchStamp = '';
  private searchBuiltAt = 0;
  private groupsCache: { stamp: string; list: GroupSummary[] } | null = null;
  private readonly notifier = new ChangeNotifier(100);
  private maxRecords: number;
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
    this.current = this.primary;
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
    this.verdicts = new Uint8Array(0);
    this.scanned = 0;
    // The filter stays across clear(), compiled against the new store.
    if (this.compiled) this.compiled = compileFilter(this.compiled.filter, this.store, this.times);
    this.filterEpoch++;
    this.filteredCache.clear();
    this.treeCache.clear();
    this.treeBuilds.clear();
    this.resetEpoch++;
    this.groupsCache = null;
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
      }
      this.primary.catchUp();
      if (this.evictable.length - this.evictableHead > this.maxRecords) this.evict();
      if (performance.now() > deadline) break;
    }
    let done = this.times.count >= n;
    // Spans, and groupings other than the primary one (built on demand, then kept current).
    for (const g of this.kindGroupings.values()) if (!g.catchUp(deadline)) done = false;
    // The field grouping listed last (its values may still be parsing: it catches up as far as they go).
    if (![...this.kindGroupings.values()].includes(this.current)) this.current.catchUp(deadline);
    if (this.compiled && this.scanned < this.times.count) this.pumpFilter();
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
    if (![...this.kindGroupings.values()].includes(this.current)) this.current = this.primary;
    this.all.retain(this.isLive);
    this.sourceIndex.evict(this.isLive, firstLive);
    this.filteredCache.clear();
    this.treeCache.clear();
    this.times.dropBefore(firstLive);
    this.backend.evictRecords?.(ids);
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

  setMaxRecords(maxRecords: number): void {
    this.maxRecords = Math.max(1, Math.floor(maxRecords));
    if (this.evictable.length - this.evictableHead > this.maxRecords) {
      this.evict();
      this.notifier.fire();
    }
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
    if (isColumnField(field)) {
      // Every other column is an interned string key (span IDs may be packed: columnValue unpacks them).
      return {
        ready: () => store.count,
        token: (id) => {
          const v = columnValue(store, field, id);
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
        this.filteredCache.clear();
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

  groups(by: GroupBy): GroupSummary[] {
    const g = this.listed(by);
    if (!this.compiled) {
      const order = g.ordered();
      const out = new Array<GroupSummary>(order.length);
      for (let i = 0; i < order.length; i++) out[i] = order[i]!.summary();
      if (g.ungrouped.ids.length > 0) out.push(g.ungrouped.summary());
      return out;
    }
    return this.filteredGroups(g).slice();
  }

  groupsPage(by: GroupBy, offset = 0, limit = 500): { total: number; items: GroupSummary[] } {
    const g = this.listed(by);
    const from = Math.max(0, Math.floor(offset));
    const max = Math.max(0, Math.floor(limit));
    if (this.compiled) {
      const list = this.filteredGroups(g);
      return { total: list.length, items: list.slice(from, from + max) };
    }
    // Only the page is summarised: the start order is kept incrementally (grouping.ts `ordered`).
    const order = g.ordered();
    const hasUngrouped = g.ungrouped.ids.length > 0;
    const total = order.length + (hasUngrouped ? 1 : 0);
    const items: GroupSummary[] = [];
    for (let i = from; i < Math.min(total, from + max); i++) items.push(i < order.length ? order[i]!.summary() : g.ungrouped.summary());
    return { total, items };
  }

  /** The grouping `by`, caught up as far as this turn allows, made the one `records()` looks in first. */
  private listed(by: GroupBy): Grouping {
    this.catchUp();
    this.settleFilter();
    const g = this.grouping(by);
    this.current = g;
    return g;
  }

  /** Groups with something that passes the filter, in start order (cached while nothing changed). */
  private filteredGroups(g: Grouping): GroupSummary[] {
    // The tree asks again on every change notification: answer from cache while nothing changed.
    const stamp = `${g.serial}:${g.version}:${this.filterEpoch}:${this.scanned}:${this.evictedCount}`;
    if (this.groupsCache?.stamp === stamp) return this.groupsCache.list;
    const out: GroupSummary[] = [];
    for (const s of g.ordered()) {
      const sum = this.filteredSummary(g, s);
      if (sum && (sum.records > 0 || sum.spans > 0)) out.push(sum);
    }
    // Filtered starts can differ from the groups' own.
    out.sort(byStart);
    const u = this.filteredSummary(g, g.ungrouped);
    if (u && u.records > 0) out.push(u);
    this.groupsCache = { stamp, list: out };
    return out;
  }

  groupIdOf(id: RecordId, by: GroupBy = { kind: 'trace' }): string | null {
    this.catchUp();
    return this.grouping(by).groupOf(id)?.id ?? null;
  }

  groupsPending(by: GroupBy): number {
    this.catchUp();
    const g = this.grouping(by);
    return Math.max(0, this.store.count - g.upTo);
  }

  /** Finds a group by id: in the grouping last listed, then the primary grouping, then any other. */
  private resolve(groupId: string): { grouping: Grouping; group: GroupState } | null {
    this.catchUp();
    this.catchUpGrouping(this.current);
    const order = [this.current, this.primary, ...this.kindGroupings.values(), ...this.fieldGroupings.values()];
    for (const grouping of order) {
      const group = grouping.get(groupId);
      if (group) return { grouping, group };
    }
    return null;
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

  records(groupId: string, opts: { spanId?: string; offset?: number; limit?: number } = {}): { total: number; items: RecordSummary[] } {
    const found = this.resolve(groupId);
    if (!found) return { total: 0, items: [] };
    this.settleFilter();
    let ids: ArrayLike<number>;
    if (opts.spanId !== undefined) {
      ids = this.tree(found.grouping, found.group).recordsBySpan.get(opts.spanId) ?? [];
      if (this.compiled) ids = Array.from(ids).filter((id) => this.passes(id));
    } else {
      ids = this.compiled ? this.filteredIds(found.grouping, found.group) : found.grouping.sortedIds(found.group);
    }
    return this.page(ids, opts.offset, opts.limit);
  }

  private allIds(): ArrayLike<number> {
    this.catchUp();
    this.settleFilter();
    this.all.ensureSorted(this.times.compare);
    let ids: ArrayLike<number> = this.all.view();
    if (this.compiled) {
      const kept: number[] = [];
      for (let i = 0; i < ids.length; i++) if (this.passes(ids[i]!)) kept.push(ids[i]!);
      ids = kept;
    }
    return ids;
  }

  allRecords(opts: { offset?: number; limit?: number } = {}): { total: number; items: RecordSummary[] } {
    return this.page(this.allIds(), opts.offset, opts.limit);
  }

  allRecordIds(opts: { offset?: number; limit?: number } = {}): { total: number; ids: RecordId[] } {
    const ids = this.allIds();
    const from = Math.max(0, Math.floor(opts.offset ?? 0));
    const to = Math.min(ids.length, from + Math.max(0, Math.floor(opts.limit ?? 500)));
    return { total: ids.length, ids: Array.prototype.slice.call(ids, from, to) as RecordId[] };
  }

  private page(ids: ArrayLike<number>, offset = 0, limit = 500): { total: number; items: RecordSummary[] } {
    const from = Math.max(0, Math.floor(offset));
    const to = Math.min(ids.length, from + Math.max(0, Math.floor(limit)));
    const items: RecordSummary[] = [];
    for (let i = from; i < to; i++) items.push(this.summaryOf(ids[i]!));
    return { total: ids.length, items };
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

  spanTree(groupId: string): SpanNode[] {
    const found = this.resolve(groupId);
    if (!found) return [];
    return this.tree(found.grouping, found.group).nodes;
  }

  async markers(groupId: string): Promise<GroupMarkers> {
    const pause = slicer(MARKERS_SLICE_MS);
    const found = this.resolve(groupId);
    if (!found) return emptyMarkers([]);
    this.settleFilter();
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
        if (!this.isLive(id) || !this.passes(id)) continue;
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

  // ── filtering ─────────────────────────────────────────────────────────────────────────────────────────

  setFilter(filter: Filter | null): void {
    const empty =
      !filter ||
      (filter.minLevel == null &&
        !(filter.levels && filter.levels.length) &&
        filter.fromNs == null &&
        filter.toNs == null &&
        !(filter.fields && filter.fields.length) &&
        !filter.text &&
        !filter.regex);
    // Compile first: an invalid filter throws and leaves the previous one in place.
    const compiled = empty ? null : compileFilter(filter!, this.store, this.times);
    this.compiled = compiled;
    this.filterEpoch++;
    this.verdicts = new Uint8Array(0);
    this.scanned = 0;
    this.filteredCache.clear();
    this.settleFilter();
    this.notifier.fire();
  }

  filter(): Filter | null {
    return this.compiled?.filter ?? null;
  }

  /** Whether the record passes the filter. Only records the scan has reached count; the rest wait (hidden). */
  private passes(id: number): boolean {
    return !this.compiled || this.verdicts[id] === V_PASS;
  }

  /**
   * Evaluates the filter over records in id order for up to `budgetMs`. Text and regex filters read each
   * record's message from its source, so a million records take seconds: a query evaluates what fits in a
   * short budget and the rest continues in background slices, with change notifications as it goes.
   * Returns true when every record has a verdict.
   */
  private advanceFilter(budgetMs: number): boolean {
    const c = this.compiled;
    if (!c) return true;
    // Only records taken in have their effective times, which time filters use.
    const n = this.times.count;
    if (this.verdicts.length < n) {
      const next = new Uint8Array(Math.max(n, this.verdicts.length * 2, 1024));
      next.set(this.verdicts);
      this.verdicts = next;
    }
    for (const f of c.rawFields) this.values(f).ensure(n);
    const raw = (field: string, rid: number) => this.values(field).get(rid);
    const deadline = performance.now() + budgetMs;
    let id = Math.max(this.scanned, this.firstLive);
    while (id < n) {
      // an evicted record (a stream's, among kept file records) has no columns left to test
      const v = this.isLive(id) ? c.test(id, raw) : 'fail';
      // A raw field not parsed yet: wait here; its values arrive in id order and restart the scan.
      if (v === 'pending') break;
      this.verdicts[id] = v === 'pass' ? V_PASS : V_FAIL;
      id++;
      if ((id & 255) === 0 && performance.now() > deadline) break;
    }
    this.scanned = id;
    return id >= n;
  }

  private pumpFilter(): void {
    if (this.filterTimer || !this.compiled || this.disposed) return;
    this.filterTimer = setImmediate(() => {
      this.filterTimer = null;
      const before = this.scanned;
      const done = this.advanceFilter(FILTER_SLICE_MS);
      if (this.scanned !== before) this.notifier.fire();
      // Stalled on a raw field: FieldValues' progress calls back here.
      if (!done && this.scanned !== before) this.pumpFilter();
    });
  }

  /** Evaluates what fits in a query's budget; the rest continues in the background. */
  private settleFilter(): void {
    if (!this.compiled) return;
    if (!this.advanceFilter(FILTER_SYNC_MS)) this.pumpFilter();
  }

  filterPending(): number {
    this.catchUp();
    return this.compiled ? this.store.count - Math.max(this.scanned, this.firstLive) : 0;
  }

  private filterStamp(grouping: Grouping, group: GroupState): string {
    return `${this.filterEpoch}:${group.ids.length}:${this.scanned}:${this.evictedCount}`;
  }

  private filteredIds(grouping: Grouping, group: GroupState): Int32Array {
    const key = group.id + '\u0000' + grouping.serial;
    const stamp = this.filterStamp(grouping, group);
    const hit = this.filteredCache.get(key);
    if (hit && hit.stamp === stamp && hit.ids) return hit.ids;
    const ids = grouping.sortedIds(group);
    const kept = new IdList(Math.max(8, Math.min(ids.length, 1024)));
    for (let i = 0; i < ids.length; i++) if (this.passes(ids[i]!)) kept.push(ids[i]!);
    const out = kept.view();
    this.filteredCache.set(key, { stamp, summary: hit?.stamp === stamp ? hit.summary : null, ids: out });
    return out;
  }

  /** A group's summary counting only records that pass the filter; null when nothing of it passes. */
  private filteredSummary(grouping: Grouping, group: GroupState): GroupSummary | null {
    const ids = this.filteredIds(grouping, group);
    const base = group.summary();
    const f = this.compiled!.filter;
    const timeOnly =
      f.minLevel == null && !(f.levels && f.levels.length) && !(f.fields && f.fields.length) && !f.text && !f.regex;
    // Spans have no level, fields or message: only a time-range filter can say anything about them.
    const spansCount = timeOnly && group.spans.length > 0 && overlaps(base.startNs, base.endNs, f.fromNs ?? null, f.toNs ?? null) ? group.spans.length : 0;
    if (ids.length === 0 && spansCount === 0) return null;
    let errors = 0;
    if (spansCount > 0) for (const si of group.spans) if (this.store.spans[si]!.status === 'error') errors++;
    let sMs = NaN, sSub = 0, eMs = NaN, eSub = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (this.store.hasError(id)) errors++;
      if (!this.times.hasOwnTime(id)) continue;
      const ms = this.times.effMs(id), sub = this.times.effSub(id);
      if (Number.isNaN(sMs) || ms < sMs || (ms === sMs && sub < sSub)) (sMs = ms), (sSub = sub);
      if (Number.isNaN(eMs) || ms > eMs || (ms === eMs && sub > eSub)) (eMs = ms), (eSub = sub);
    }
    return {
      ...base,
      records: ids.length,
      spans: spansCount,
      errors,
      startNs: spansCount > 0 ? base.startNs : Number.isNaN(sMs) ? null : msToNs(sMs, sSub),
      endNs: spansCount > 0 ? base.endNs : Number.isNaN(eMs) ? null : msToNs(eMs, eSub),
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
    this.settleFilter();
    const out = new Map<number, RecordSummary[]>();
    for (const [line, ids] of this.sourceIndex.lookup(pathSuffix, this.isLive)) {
      const kept = ids.filter((id) => this.passes(id)).sort(this.times.compare);
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
