// A session: records and spans from any number of files and streams, over one lazy index (`RecordStore`). This
// module is the façade and the ingest loop; the parts live beside it, one owner each:
//   intake.ts       times, time order, level counts, the newest time, eviction of stream records over the cap
//   groupings.ts    the groupings by kind and by field, and parsed field values
//   spanTrees.ts    span trees per group and the timeline's marker columns
//   queryEngine.ts  queries as values: filter runs, pages, histograms, distinct values, group pages
//   sourceIndex.ts  records by source file and line, for in-editor hints
// Everything is incremental: the parts take in only what was appended since they last looked, so a live stream
// costs per new record, not per question.

import type { LogRecord, Position, Span } from '../model';
import { LEVELS, levelFromCode } from '../model';
import { NONE, type RecordStore } from '../index/types';
import type { FilterSyntaxError } from '../query/language';
import type {
  DistinctValues,
  GroupBy,
  GroupMarkers,
  GroupPage,
  GroupPoints,
  GroupQuery,
  GroupRef,
  GroupSummary,
  Histogram,
  HistogramOptions,
  IndexProgress,
  PageRequest,
  RecordId,
  RecordPage,
  RecordQuery,
  RecordMessage,
  RecordSummary,
  SessionApi,
  SessionOptions,
  SessionStats,
  SourceSummary,
  SpanNode,
  StreamSink,
} from './api';
import { ChangeNotifier } from './changeNotifier';
import { PLACING, type Grouping } from './grouping';
import { Groupings } from './groupings';
import { indexBackend } from './indexBackend';
import { Intake } from './intake';
import { QueryEngine } from './queryEngine';
import { msToNs } from './recordTimes';
import { SourceIndex } from './sourceIndex';
import { SpanTrees } from './spanTrees';

/** What a session needs from the index: a store and the ways to feed it. One backend per session lifetime. */
export interface SessionBackend {
  readonly store: RecordStore;
  addFile(
    path: string,
    opts?: { signal?: AbortSignal; onProgress?: (s: SourceSummary) => void; whileWaiting?: () => boolean },
  ): Promise<SourceSummary>;
  addStream(name: string): StreamSink;
  /** Optional: frees the store's memory for these records, ids ascending (the session stops using them first). */
  evictRecords?(ids: Int32Array): void;
  dispose?(): void;
}

export type BackendFactory = (opts: SessionOptions) => SessionBackend;

const DEFAULT_MAX_RECORDS = 1_000_000;
/**
 * Taking in appended records (times, counts, the time order, grouping) per turn of the event loop: a worker's
 * merge of a million records is taken in over many turns, each short enough for the extension host. Every
 * callback `setImmediate` queued runs in one phase of the event loop, so this slice, the reader's turn (TURN_MS in
 * store.ts) and a view's refresh can run back to back: with 10 ms each, the host's longest stretch of Threadline
 * code opening 256 MiB was 44–55 ms; with 5 ms, 37–41 (the same time to done, `npm run bench:host`).
 */
const INGEST_SLICE_MS = 5;
/**
 * Records timed and placed between looks at the clock while taking records in. Small enough that the loops over
 * a step's records return before V8 has them optimised: a longer first run gets each loop an on-stack compile
 * besides the function's own (a `stats` of 256 MiB: four to six of them with 4,096, one to four with 1,024, and
 * 610 → 587 CPU ms, measured side by side).
 */
const INGEST_STEP = 1024;

export function createSessionOver(factory: BackendFactory, opts: SessionOptions = {}): SessionApi {
  return new Session(factory, opts);
}

/** A session over the lazy index (files, gzip, streams, worker threads): what the extension and the CLI use. */
export function createSession(opts: SessionOptions = {}): SessionApi {
  return new Session(indexBackend, opts);
}

/** The parts that hold one store's state: made anew by `clear()`. */
interface Parts {
  backend: SessionBackend;
  store: RecordStore;
  intake: Intake;
  groupings: Groupings;
  trees: SpanTrees;
  queries: QueryEngine;
  sourceIndex: SourceIndex;
}

class Session implements SessionApi {
  private p!: Parts;
  private unsubscribe: (() => void) | null = null;
  private ingestTimer: ReturnType<typeof setImmediate> | null = null;
  private settleWaiters: (() => void)[] = [];
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
    if (this.p) this.retire(this.p);
    const backend = this.factory(this.opts);
    const store = backend.store;
    const intake = new Intake(store, this.maxRecords);
    const trees = new SpanTrees(store, intake);
    // Parsed field values arriving let waiting filters go on (the engine is made just below).
    const groupings = new Groupings(
      store,
      intake,
      () => {
        queries.pumpFilter();
        this.notifier.fire();
      },
      this.opts.keepThreadFree ? PLACING.shared : PLACING.alone,
    );
    const queries: QueryEngine = new QueryEngine({
      store,
      intake,
      groupings,
      trees,
      catchUp: () => this.catchUp(),
      grouping: (by) => this.grouping(by),
      summary: (id) => this.summaryOf(id),
      notify: () => this.notifier.fire(),
      patternIdOf: this.opts.patternIdOf,
    });
    this.p = {
      backend,
      store,
      intake,
      groupings,
      trees,
      queries,
      sourceIndex: new SourceIndex(store, () => this.notifier.fire()),
    };
    this.unsubscribe = store.onAppend((from, to) => {
      // A few records (a stream's lines) are taken in at once, so groups stay current for listeners and eviction
      // keeps memory bounded; a big merge from the index is taken in over the next turns, not inside its own.
      if (to - from <= INGEST_STEP) this.catchUp();
      else this.scheduleIngest();
      this.notifier.fire();
    });
  }

  /** Stops what a store's parts still do in the background. */
  private retire(p: Parts): void {
    p.trees.disposed = true;
    p.sourceIndex.stop();
    p.queries.dispose();
    p.groupings.stop();
    p.backend.dispose?.();
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
    return this.p.intake.count >= this.p.store.count && this.p.groupings.settled();
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
    const { store, intake, groupings } = this.p;
    const deadline = performance.now() + budgetMs;
    while (this.ingestStep() && performance.now() <= deadline);
    // Spans, and the other groupings (built on demand, then kept current).
    const done = groupings.catchUp(deadline) && intake.count >= store.count;
    this.p.queries.pumpFilter();
    return done;
  }

  /**
   * One step of taking records in (a slice of `ingest`, and what the index does while it waits for a thread's
   * results instead of waiting). False when none is left.
   */
  private ingestStep(): boolean {
    const { store, intake, groupings } = this.p;
    if (this.disposed || intake.count >= store.count) return false;
    intake.take(Math.min(store.count, intake.count + INGEST_STEP));
    groupings.primary.catchUp();
    if (intake.overCap()) this.evict();
    return true;
  }

  /** Evicts the oldest stream records down to the cap, and everything built on them. */
  private evict(): void {
    const { intake, groupings, trees, queries, sourceIndex, backend } = this.p;
    const ids = intake.evict();
    if (!ids) return;
    groupings.evict(ids, intake.firstLive);
    sourceIndex.evict(intake.isLive, intake.firstLive);
    queries.evicted();
    trees.clear();
    intake.times.dropBefore(intake.firstLive);
    backend.evictRecords?.(ids);
  }

  /** The grouping `by`, placed within a slice of time, the rest in the background (`groupsPending`). */
  private grouping(by: GroupBy): Grouping {
    const g = this.p.groupings.get(by);
    if (this.ingestTimer === null && !g.catchUp(performance.now() + INGEST_SLICE_MS)) this.scheduleIngest();
    return g;
  }

  // ── sources ───────────────────────────────────────────────────────────────────────────────────────────

  addFile(
    path: string,
    opts?: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void },
  ): Promise<SourceSummary> {
    const onProgress = opts?.onProgress;
    return this.p.backend
      .addFile(path, {
        whileWaiting: () => this.ingestStep(),
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
    const sink = this.p.backend.addStream(name);
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
    return this.p.store.sources();
  }

  clear(): void {
    this.reset();
    this.notifier.fire();
  }

  spans(): readonly Span[] {
    return this.p.store.spans;
  }

  spanPosition(index: number): Position | null {
    return this.p.store.spanPosition?.(index) ?? null;
  }

  stats(): SessionStats {
    this.catchUp();
    const { intake, store, groupings } = this.p;
    const levels = {} as SessionStats['levels'];
    LEVELS.forEach((l, i) => (levels[l] = intake.levelCounts[i + 1]!));
    levels.none = intake.levelCounts[0]!;
    const k = groupings.primary.kindCounts;
    const groups = {
      trace: k.trace,
      correlation: k.correlation,
      thread: k.thread,
      ungroupedRecords: groupings.primary.ungrouped.records,
    };
    return {
      records: this.liveCount(),
      spans: store.spans.length,
      evicted: intake.evictedCount,
      errors: intake.errorCount,
      levels,
      groups,
    };
  }

  evicted(): number {
    return this.p.intake.evictedCount;
  }

  setMaxRecords(maxRecords: number): void {
    this.maxRecords = Math.max(1, Math.floor(maxRecords));
    this.p.intake.maxRecords = this.maxRecords;
    if (this.p.intake.overCap()) {
      this.evict();
      this.notifier.fire();
    }
  }

  private liveCount(): number {
    return this.p.store.count - this.p.intake.evictedCount;
  }

  groupsPending(by: GroupBy): number {
    this.catchUp();
    return Math.max(0, this.p.store.count - this.grouping(by).upTo);
  }

  // ── queries (queryEngine.ts) ──────────────────────────────────────────────────────────────────────────

  checkFilter(filter: string): FilterSyntaxError | null {
    return this.p.queries.checkFilter(filter);
  }
  query(q: RecordQuery, page?: PageRequest): RecordPage {
    return this.p.queries.query(q, page);
  }
  queryIds(q: RecordQuery, page?: PageRequest): { total: number; pending: number; ids: RecordId[] } {
    return this.p.queries.queryIds(q, page);
  }
  locate(q: RecordQuery, id: RecordId): number {
    return this.p.queries.locate(q, id);
  }
  histogram(q: RecordQuery, opts?: HistogramOptions): Histogram {
    return this.p.queries.histogram(q, opts);
  }
  distinct(q: RecordQuery, field: string, limit?: number): DistinctValues {
    return this.p.queries.distinct(q, field, limit);
  }
  groupsPage(q: GroupQuery, page?: PageRequest): GroupPage {
    return this.p.queries.groupsPage(q, page);
  }
  groupPoints(q: GroupQuery): GroupPoints {
    return this.p.queries.groupPoints(q);
  }
  group(ref: GroupRef): GroupSummary | null {
    return this.p.queries.group(ref);
  }
  groupOf(id: RecordId, by: GroupBy): GroupRef | null {
    return this.p.queries.groupOf(id, by);
  }

  // ── span trees (spanTrees.ts) ─────────────────────────────────────────────────────────────────────────

  spanTree(ref: GroupRef): SpanNode[] {
    const found = this.p.queries.resolveRef(ref);
    return found ? this.p.trees.tree(found.grouping, found.group).nodes : [];
  }

  markers(ref: GroupRef, filter?: string): Promise<GroupMarkers> {
    const { queries, trees } = this.p;
    const run = queries.run(filter);
    const found = queries.resolveRef(ref);
    if (!found) return Promise.resolve(trees.markersOfNothing());
    return trees.markers(found.grouping, found.group, (id) => queries.passes(run, id));
  }

  // ── records ───────────────────────────────────────────────────────────────────────────────────────────

  private summaryOf(id: RecordId): RecordSummary {
    const { store: s, intake } = this.p;
    const t = intake.times;
    const str = (k: number) => (k === NONE ? null : s.string(k));
    return {
      id,
      timeNs: t.hasOwnTime(id) ? msToNs(t.effMs(id), t.effSub(id)) : null,
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
    for (let i = 0; i < ids.length; i++) if (this.p.intake.has(ids[i]!)) out.push(this.summaryOf(ids[i]!));
    return out;
  }

  recordMessages(ids: ArrayLike<RecordId>): RecordMessage[] {
    this.catchUp();
    const { store, intake } = this.p;
    const t = intake.times;
    const kept: RecordId[] = [];
    for (let i = 0; i < ids.length; i++) if (intake.has(ids[i]!)) kept.push(ids[i]!);
    // a store that reads messages a window of bytes at a time (the index's) is asked for all at once
    const batch = (store as RecordStore & { messages?(ids: ArrayLike<number>): string[] }).messages;
    const messages = batch ? batch.call(store, kept) : kept.map((id) => store.message(id));
    return kept.map((id, k) => ({
      id,
      timeNs: t.hasOwnTime(id) ? msToNs(t.effMs(id), t.effSub(id)) : null,
      level: levelFromCode(store.level(id)),
      message: messages[k]!,
    }));
  }

  async record(id: RecordId): Promise<LogRecord & { position: Position }> {
    this.catchUp();
    const { store, intake } = this.p;
    if (!Number.isInteger(id) || id < 0 || id >= store.count) throw new RangeError(`No record ${id} in this session`);
    if (id < intake.firstLive || !intake.isLive(id)) {
      throw new RangeError(
        `Record ${id} was evicted (the session keeps the latest ${this.maxRecords} records from streams)`,
      );
    }
    const rec = await store.load(id);
    return { ...rec, position: store.position(id) };
  }

  recordsAtSource(pathSuffix: string): Map<number, RecordSummary[]> {
    this.catchUp();
    const { sourceIndex, intake } = this.p;
    const out = new Map<number, RecordSummary[]>();
    for (const [line, ids] of sourceIndex.lookup(pathSuffix, intake.isLive)) {
      const kept = ids.slice().sort(intake.times.compare);
      if (kept.length > 0)
        out.set(
          line,
          kept.map((id) => this.summaryOf(id)),
        );
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
    if (this.ingestTimer) clearImmediate(this.ingestTimer);
    this.ingestTimer = null;
    this.wakeSettled();
    this.notifier.dispose();
    this.retire(this.p);
  }
}
