// The query engine: answers queries as values (`RecordQuery`, `GroupQuery`) over the session's columns. Each
// filter text has its own run of verdicts (filterRuns.ts), decided a short budget inside a query and the rest in
// the background; selections, filtered group lists and sorted orders are cached while nothing they read changed.

import { levelFromCode } from '../model';
import type { RecordStore } from '../index/types';
import { columnKey, compileFilter, type CompiledFilter } from '../query/compile';
import { NONE } from '../index/types';
import { FilterSyntaxError, columnOf, parseFilter } from '../query/language';
import {
  LEVEL_SLOTS,
  groupRefKey,
  type DistinctValues,
  type GroupBy,
  type GroupPage,
  type GroupPoints,
  type GroupQuery,
  type GroupRef,
  type GroupSortKey,
  type GroupSummary,
  type Histogram,
  type HistogramOptions,
  type PageRequest,
  type RecordId,
  type RecordPage,
  type RecordQuery,
  type RecordSummary,
  type Scope,
} from './api';
import { FilterRun, FilterRuns } from './filterRuns';
import { compareIds, type Grouping, type GroupState } from './grouping';
import type { Groupings } from './groupings';
import { IdList } from './idList';
import type { Intake } from './intake';
import { msToNs, nsToMs } from './recordTimes';
import type { SpanTrees } from './spanTrees';

/** Filter evaluation a query may do before answering, and per background slice (the host must stay responsive). */
const FILTER_SYNC_MS = 30;
const FILTER_SLICE_MS = 15;
/** Filtered selections kept at once (each an Int32Array of the ids that pass). */
const MAX_SELECTIONS = 16;
const MAX_BUCKETS = 2000;
/** How often a filtered group list is rebuilt while its filter is still deciding records. */
const GROUP_LIST_REBUILD_MS = 500;
/** Work on a filtered group list per query, and how soon listeners hear that it went on. */
const GROUP_LIST_SLICE_MS = 8;
const GROUP_LIST_NOTIFY_MS = 50;

/** A filtered group list being built: the groups to look at, how far it got, what it found. */
interface GroupListBuild {
  base: string;
  scanned: number;
  startedAt: number;
  /** The grouping's rows in start order when the build began, and their generations (a row reused since is skipped). */
  rows: Int32Array;
  gens: Int32Array;
  cursor: number;
  found: GroupSummary[];
  /** The last complete list (shown while a rebuild runs). */
  list: GroupSummary[];
  done: boolean;
}

export interface QueryEngineDeps {
  store: RecordStore;
  intake: Intake;
  groupings: Groupings;
  trees: SpanTrees;
  /** Takes in what the store appended (as far as this turn allows) before a query answers. */
  catchUp(): void;
  /** The grouping `by`, caught up as far as this turn allows. */
  grouping(by: GroupBy): Grouping;
  summary(id: number): RecordSummary;
  /** A filter's answer grew in the background. */
  notify(): void;
  patternIdOf?: ((message: string) => string) | undefined;
}

export class QueryEngine {
  private readonly store: RecordStore;
  private readonly intake: Intake;
  private readonly groupings: Groupings;
  private readonly trees: SpanTrees;
  private readonly catchUp: () => void;
  private readonly grouping: (by: GroupBy) => Grouping;
  private readonly summary: (id: number) => RecordSummary;
  private readonly notify: () => void;
  private readonly patternIdOf: ((message: string) => string) | undefined;
  private readonly runs = new FilterRuns();
  private filterTimer: ReturnType<typeof setImmediate> | null = null;
  private disposed = false;
  /** Filtered selections of scopes, most recently used last. */
  private readonly selections = new Map<string, { stamp: string; ids: Int32Array }>();
  /** Filtered group lists and sorted group orders, per filter, grouping and sort. */
  private readonly groupLists = new Map<string, GroupListBuild>();
  private groupTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly groupOrders = new Map<string, { stamp: string; rows: Int32Array }>();

  constructor(deps: QueryEngineDeps) {
    this.store = deps.store;
    this.intake = deps.intake;
    this.groupings = deps.groupings;
    this.trees = deps.trees;
    this.catchUp = deps.catchUp;
    this.grouping = deps.grouping;
    this.summary = deps.summary;
    this.notify = deps.notify;
    this.patternIdOf = deps.patternIdOf;
  }

  /** Records were evicted: cached answers name them. */
  evicted(): void {
    this.selections.clear();
    this.groupLists.clear();
    this.groupOrders.clear();
  }

  dispose(): void {
    this.disposed = true;
    if (this.filterTimer) clearImmediate(this.filterTimer);
    this.filterTimer = null;
    if (this.groupTimer) clearTimeout(this.groupTimer);
    this.groupTimer = null;
  }

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
      times: this.intake.times,
      newestNs: Number.isNaN(this.intake.newestMs) ? null : msToNs(this.intake.newestMs, this.intake.newestSub),
      ...(this.patternIdOf ? { patternIdOf: this.patternIdOf } : {}),
    });
  }

  /** The run of a filter (null: no filter), with what fits in a query's budget decided. Throws FilterSyntaxError. */
  run(filter: string | undefined): FilterRun | null {
    const text = (filter ?? '').trim();
    if (text === '') return null;
    let r = this.runs.get(text);
    const basis = `${this.intake.newestMs}:${this.intake.newestSub}`;
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
    const n = this.intake.times.count;
    for (const f of r.compiled.rawFields) this.groupings.values(f).ensure(n);
    return r.advance(n, this.intake.firstLive, budgetMs, this.rawValue, this.intake.isLive);
  }

  private rawValue = (field: string, id: number): string | null | undefined => this.groupings.values(field).get(id);

  /** Keeps deciding every run with records left, a slice at a time, telling listeners as answers grow. */
  pumpFilter(): void {
    if (this.filterTimer || this.disposed) return;
    let behind = false;
    for (const r of this.runs.values()) if (r.scanned < this.intake.times.count) behind = true;
    if (!behind) return;
    this.filterTimer = setImmediate(() => {
      this.filterTimer = null;
      let progressed = false,
        left = false;
      const runs = [...this.runs.values()].filter((r) => r.scanned < this.intake.times.count);
      for (const r of runs) {
        const before = r.scanned;
        if (!this.advanceRun(r, FILTER_SLICE_MS / runs.length)) left = true;
        if (r.scanned !== before) progressed = true;
      }
      if (progressed) this.notify();
      // Stalled on a raw field: FieldValues' progress calls back here.
      if (left && progressed) this.pumpFilter();
    });
  }

  /** Records a query's answer does not cover yet: not taken in from the index, or not decided by its filter. */
  private pendingOf(r: FilterRun | null): number {
    return Math.max(0, this.store.count - (r ? Math.max(r.scanned, this.intake.firstLive) : this.intake.times.count));
  }

  passes(r: FilterRun | null, id: number): boolean {
    return r === null || r.passes(id);
  }

  /** The records a scope covers, time-ordered, with a key and stamp for caches built on them. */
  private scopeIds(scope: Scope | undefined): { ids: ArrayLike<number>; key: string; stamp: string } {
    if (!scope || 'all' in scope) {
      this.intake.all.ensureSorted(this.intake.times.compare);
      return {
        ids: this.intake.all.view(),
        key: 'all',
        stamp: `${this.intake.all.length}:${this.intake.evictedCount}`,
      };
    }
    const found = this.resolveRef(scope.group);
    const key = `${groupRefKey(scope.group)}\u0000${scope.spanId ?? ''}`;
    if (!found) return { ids: [], key, stamp: 'none' };
    const { grouping, group } = found;
    const stamp = `${grouping.serial}:${group.records}:${group.spans.length}:${this.intake.evictedCount}`;
    if (scope.spanId === undefined) return { ids: grouping.sortedIds(group), key, stamp };
    return { ids: this.trees.tree(grouping, group).recordsBySpan.get(scope.spanId) ?? [], key, stamp };
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
    for (let i = from; i < to; i++) items.push(this.summary(ids[desc ? ids.length - 1 - i : i]!));
    return { total: ids.length, pending, items };
  }

  queryIds(q: RecordQuery, page: PageRequest = {}): { total: number; pending: number; ids: RecordId[] } {
    const { ids, pending } = this.select(q);
    const [from, to] = pageRange(ids.length, page);
    const desc = q.order === 'desc';
    const out = new Array<RecordId>(Math.max(0, to - from));
    for (let i = from; i < to; i++) out[i - from] = ids[desc ? ids.length - 1 - i : i]!;
    return { total: ids.length, pending, ids: out };
  }

  locate(q: RecordQuery, id: RecordId): number {
    const { ids } = this.select(q);
    if (!Number.isInteger(id) || id < 0 || id >= this.intake.times.count) return -1;
    // Time order with ties by id: a binary search finds it.
    let lo = 0,
      hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.intake.times.compare(ids[mid]!, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= ids.length || ids[lo] !== id) return -1;
    return q.order === 'desc' ? ids.length - 1 - lo : lo;
  }

  histogram(q: RecordQuery, opts: HistogramOptions = {}): Histogram {
    const { ids, pending } = this.select(q);
    const buckets = Math.max(1, Math.min(MAX_BUCKETS, Math.floor(opts.buckets ?? 100)));
    const t = this.intake.times;
    let fromNs = opts.fromNs ?? null,
      toNs = opts.toNs ?? null;
    if (fromNs === null || toNs === null) {
      // The selection is time-ordered: its first and last timed records bound it.
      let first = -1,
        last = -1;
      for (let i = 0; i < ids.length; i++)
        if (t.hasOwnTime(ids[i]!)) {
          first = ids[i]!;
          break;
        }
      for (let i = ids.length - 1; i >= 0; i--)
        if (t.hasOwnTime(ids[i]!)) {
          last = ids[i]!;
          break;
        }
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
    let total = 0,
      untimed = 0;
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
    const column = columnOf(field);
    const counts = new Map<string | null, number>();
    let waiting = 0;
    if (field === 'level') {
      const byCode = new Array<number>(LEVEL_SLOTS).fill(0);
      for (let i = 0; i < ids.length; i++) byCode[this.store.level(ids[i]!)]!++;
      byCode.forEach((c, code) => {
        if (c > 0) counts.set(levelFromCode(code), c);
      });
    } else if (column) {
      // Counted by interned key (a number), named once per distinct key at the end.
      const key = columnKey(this.store, column);
      const byKey = new Map<number, number>();
      for (let i = 0; i < ids.length; i++) {
        const k = key(ids[i]!);
        byKey.set(k, (byKey.get(k) ?? 0) + 1);
      }
      for (const [k, c] of byKey) counts.set(k === NONE ? null : this.store.string(k), c);
    } else {
      const values = this.groupings.values(field);
      values.ensure(this.intake.times.count);
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
      const hasUngrouped = g.ungrouped.records > 0;
      // Start order is kept incrementally (grouping.ts `orderedRows`): only the page is summarised.
      const order = sort === 'start' && !desc ? g.orderedRows() : this.sortedRows(g, sort, desc);
      const total = order.length + (hasUngrouped ? 1 : 0);
      const [from, to] = pageRange(total, page);
      const items: GroupSummary[] = [];
      for (let i = from; i < to; i++) items.push(i < order.length ? g.summaryOf(order[i]!) : g.ungrouped.summary());
      return { total, pending: this.pendingOf(null), items };
    }
    const { list, pending } = this.filteredGroups(g, r, sort, desc);
    const [from, to] = pageRange(list.length, page);
    return { total: list.length, pending: this.pendingOf(r) + pending, items: list.slice(from, to) };
  }

  groupPoints(q: GroupQuery): GroupPoints {
    this.catchUp();
    const r = this.run(q.filter);
    const g = this.grouping(q.by);
    if (!r) {
      const order = g.orderedRows();
      const n = order.length;
      const t = g.table;
      const startMs = new Float64Array(n),
        durationMs = new Float64Array(n),
        error = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const r = order[i]!;
        startMs[i] = t.startMs[r]! + t.startSub[r]! / 1e6;
        durationMs[i] = t.endMs[r]! - t.startMs[r]! + (t.endSub[r]! - t.startSub[r]!) / 1e6;
        error[i] = t.errors[r]! > 0 ? 1 : 0;
      }
      return { startMs, durationMs, error, pending: this.pendingOf(null) };
    }
    const { list, pending } = this.filteredGroups(g, r, 'start', false);
    let n = list.length;
    if (n > 0 && list[n - 1]!.id === g.ungrouped.id) n--;
    const startMs = new Float64Array(n),
      durationMs = new Float64Array(n),
      error = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const s = list[i]!;
      startMs[i] = s.startNs === null ? NaN : nsToMsFloat(s.startNs);
      durationMs[i] = s.startNs === null || s.endNs === null ? NaN : Number(s.endNs - s.startNs) / 1e6;
      error[i] = s.errors > 0 ? 1 : 0;
    }
    return { startMs, durationMs, error, pending: this.pendingOf(r) + pending };
  }

  /** A grouping's groups in another order than start (cached while the grouping is unchanged). */
  private sortedRows(g: Grouping, sort: GroupSortKey, desc: boolean): Int32Array {
    const key = `${g.serial}\u0000${sort}\u0000${desc}`;
    const stamp = `${g.version}:${this.intake.evictedCount}`;
    const hit = this.groupOrders.get(key);
    if (hit && hit.stamp === stamp) return hit.rows;
    const ordered = g.orderedRows();
    // Keys computed once per group, then the positions sorted (ties keep start order: the sort is stable).
    const keyOf = rowSortKey(g, sort);
    const n = ordered.length;
    const idx = sortedPositions(n, (i) => keyOf(ordered[i]!), NUMERIC_SORTS.has(sort), desc);
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = ordered[idx[i]!]!;
    this.groupOrders.set(key, { stamp, rows });
    if (this.groupOrders.size > 8) this.groupOrders.delete(this.groupOrders.keys().next().value!);
    return rows;
  }

  /**
   * Groups with something that passes the filter, sorted. Built in slices (each group's records are looked at),
   * so 100,000 groups never block a query: until the build is through, the answer is the groups found so far
   * and `pending` counts the groups still to look at. Rebuilt when the grouping or the filter's verdicts moved
   * on, at most twice a second while the filter is still deciding.
   */
  private filteredGroups(
    g: Grouping,
    r: FilterRun,
    sort: GroupSortKey,
    desc: boolean,
  ): { list: GroupSummary[]; pending: number } {
    const base = `${g.serial}:${g.version}:${r.epoch}:${this.intake.evictedCount}`;
    const key = `${r.compiled.text}\u0000${g.serial}\u0000${sort}\u0000${desc}`;
    let b = this.groupLists.get(key);
    const decided = r.scanned >= this.intake.count;
    const moved = b !== undefined && b.done && b.scanned !== r.scanned;
    const stale =
      !b || b.base !== base || (moved && (decided || performance.now() - b.startedAt >= GROUP_LIST_REBUILD_MS));
    if (stale) {
      b = {
        base,
        scanned: r.scanned,
        startedAt: performance.now(),
        rows: g.orderedRows().slice(),
        gens: gensOf(g),
        cursor: 0,
        found: [],
        list: b?.base === base ? b.list : [],
        done: false,
      };
      this.groupLists.set(key, b);
      if (this.groupLists.size > 8) this.groupLists.delete(this.groupLists.keys().next().value!);
    }
    const build = b!;
    if (!build.done) {
      this.advanceGroupList(g, r, build, GROUP_LIST_SLICE_MS);
      if (build.done) {
        const out = build.found;
        // Filtered starts can differ from the groups' own: sorted by start first, then by the key asked for.
        out.sort(byStart);
        const k = summarySortKey(sort);
        if (sort !== 'start' || desc) {
          const idx = sortedPositions(out.length, (i) => k(out[i]!), NUMERIC_SORTS.has(sort), desc);
          const sorted = Array.from(out);
          for (let i = 0; i < idx.length; i++) out[i] = sorted[idx[i]!]!;
        }
        const u = this.filteredSummary(g, g.ungrouped, r);
        if (u && u.records > 0) out.push(u);
        build.list = out;
      } else this.pumpGroupLists();
    }
    return { list: build.list, pending: build.done ? 0 : build.rows.length - build.cursor };
  }

  private advanceGroupList(g: Grouping, r: FilterRun, b: GroupListBuild, budgetMs: number): void {
    const deadline = performance.now() + budgetMs;
    while (b.cursor < b.rows.length) {
      const i = b.cursor++;
      const row = b.rows[i]!;
      if (g.table.gen[row] !== b.gens[i]) continue; // dropped since the build began
      const sum = this.filteredSummary(g, g.state(row), r);
      if (sum && (sum.records > 0 || sum.spans > 0)) b.found.push(sum);
      if ((b.cursor & 63) === 0 && performance.now() > deadline) return;
    }
    b.done = true;
  }

  /** Lets listeners ask again while group lists build; the next query continues them. */
  private pumpGroupLists(): void {
    if (this.groupTimer || this.disposed) return;
    this.groupTimer = setTimeout(() => {
      this.groupTimer = null;
      this.notify();
    }, GROUP_LIST_NOTIFY_MS);
  }

  /** A group's summary counting only records that pass the filter; null when nothing of it passes. */
  private filteredSummary(grouping: Grouping, group: GroupState, r: FilterRun): GroupSummary | null {
    const all = grouping.sortedIds(group);
    const base = group.summary();
    const c = r.compiled;
    // Spans have no level, fields or message: only a time-range filter can say anything about them.
    const spansCount =
      c.timeOnly && group.spans.length > 0 && overlaps(base.startNs, base.endNs, c.fromNs, c.toNs)
        ? group.spans.length
        : 0;
    let errors = 0,
      records = 0;
    if (spansCount > 0) for (const si of group.spans) if (this.store.spans[si]!.status === 'error') errors++;
    let sMs = NaN,
      sSub = 0,
      eMs = NaN,
      eSub = 0;
    for (let i = 0; i < all.length; i++) {
      const id = all[i]!;
      if (!r.passes(id)) continue;
      records++;
      if (this.store.hasError(id)) errors++;
      if (!this.intake.times.hasOwnTime(id)) continue;
      const ms = this.intake.times.effMs(id),
        sub = this.intake.times.effSub(id);
      if (Number.isNaN(sMs) || ms < sMs || (ms === sMs && sub < sSub)) {
        sMs = ms;
        sSub = sub;
      }
      if (Number.isNaN(eMs) || ms > eMs || (ms === eMs && sub > eSub)) {
        eMs = ms;
        eSub = sub;
      }
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

  /** The group a reference names, in the grouping it names (caught up as far as this turn allows). */
  resolveRef(ref: GroupRef): { grouping: Grouping; group: GroupState } | null {
    this.catchUp();
    const grouping = this.grouping(ref.by);
    const group = grouping.get(ref.id);
    return group ? { grouping, group } : null;
  }
}

function nsToMsFloat(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

function byStart(a: GroupSummary, b: GroupSummary): number {
  if (a.startNs === null || b.startNs === null)
    return a.startNs === b.startNs ? compareIds(a.id, b.id) : a.startNs === null ? 1 : -1;
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
/** Sorts whose keys are numbers or none. */
const NUMERIC_SORTS: ReadonlySet<GroupSortKey> = new Set(['start', 'duration', 'errors', 'records', 'spans']);

/**
 * Positions 0…n-1 in the order of their keys (each computed once), none after every key (before, descending), ties
 * in position order. Numeric keys go in a typed array and are compared unboxed: the first sort of 100,000+ groups
 * by duration is one turn of the host's event loop.
 */
function sortedPositions(n: number, keyAt: (i: number) => SortKey, numeric: boolean, desc: boolean): Uint32Array {
  const dir = desc ? -1 : 1;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (numeric) {
    const k = new Float64Array(n);
    for (let i = 0; i < n; i++) k[i] = (keyAt(i) as number | null) ?? NaN;
    return idx.sort((x, y) => {
      const a = k[x]!,
        b = k[y]!;
      if (a < b) return -dir;
      if (a > b) return dir;
      if (a === b) return x - y;
      const an = Number.isNaN(a);
      return an === Number.isNaN(b) ? x - y : an ? dir : -dir;
    });
  }
  const keys = Array.from({ length: n }, (_, i) => keyAt(i));
  return idx.sort((x, y) => dir * compareKey(keys[x]!, keys[y]!) || x - y);
}

function compareKey(a: SortKey, b: SortKey): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The generations of the grouping's rows in start order (a filtered build skips rows reused since). */
function gensOf(g: Grouping): Int32Array {
  const rows = g.orderedRows();
  const gens = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) gens[i] = g.table.gen[rows[i]!]!;
  return gens;
}

function rowSortKey(g: Grouping, sort: GroupSortKey): (row: number) => SortKey {
  const t = g.table;
  switch (sort) {
    case 'start':
      return (r) => (Number.isNaN(t.startMs[r]!) ? null : t.startMs[r]! + t.startSub[r]! / 1e6);
    case 'duration':
      return (r) =>
        Number.isNaN(t.startMs[r]!) ? null : t.endMs[r]! - t.startMs[r]! + (t.endSub[r]! - t.startSub[r]!) / 1e6;
    case 'errors':
      return (r) => t.errors[r]!;
    case 'records':
      return (r) => g.ids.length(r);
    case 'spans':
      return (r) => g.spansOf(r)?.list.length ?? 0;
    case 'service':
      return (r) => {
        let min: string | null = null;
        for (const s of g.servicesOf(r)) if (min === null || s < min) min = s;
        return min;
      };
    case 'root':
      return (r) => g.spansOf(r)?.root ?? null;
  }
}

function summarySortKey(sort: GroupSortKey): (g: GroupSummary) => SortKey {
  switch (sort) {
    case 'start':
      return (g) => (g.startNs === null ? null : Number(g.startNs / 1000n));
    case 'duration':
      return (g) => (g.startNs === null || g.endNs === null ? null : Number(g.endNs - g.startNs));
    case 'errors':
      return (g) => g.errors;
    case 'records':
      return (g) => g.records;
    case 'spans':
      return (g) => g.spans;
    case 'service':
      return (g) => g.services[0] ?? null;
    case 'root':
      return (g) => g.root;
  }
}

function compareNullable(a: string | null, b: string | null): number {
  return compareKey(a, b);
}

function pageRange(total: number, page: PageRequest): [number, number] {
  const from = Math.min(total, Math.max(0, Math.floor(page.offset ?? 0)));
  return [from, Math.min(total, from + Math.max(0, Math.floor(page.limit ?? 500)))];
}
