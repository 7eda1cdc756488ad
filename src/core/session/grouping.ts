// One way of grouping the session's records, kept up to date incrementally as records append.
//
// A grouping by kind K puts each record under the first key it has among K and the kinds after K in the order
// trace > correlation > thread. So grouping by trace is the primary grouping (trace, else correlation ID, else
// thread); by correlation, a record without one falls back to its thread; by thread, only threads count. A
// record with none of them goes to the ungrouped bucket: counted and listed, never dropped.

import type { GroupKind, Span } from '../model';
import { NONE, type RecordStore } from '../index/types';
import type { GroupSummary } from './api';
import { UNGROUPED_GROUP_ID } from './api';
import { IdList } from './idList';
import { msToNs, nsToMs, type RecordTimes } from './recordTimes';

export const KIND_ORDER: readonly GroupKind[] = ['trace', 'correlation', 'thread'];

export class GroupState {
  readonly ids = new IdList();
  /** The keyer's token for this group (-2: none yet), so dropping the group is one map deletion. */
  token = -2;
  /** Dropped from its grouping (every record evicted): a token that still names it makes a new group. */
  removed = false;
  /** The summary as last built; null once anything in the group changed. */
  cached: GroupSummary | null = null;
  errors = 0;
  startMs = NaN;
  startSub = 0;
  endMs = NaN;
  endSub = 0;
  readonly services = new Set<string>();
  /** Indexes into the store's spans. */
  readonly spans: number[] = [];
  root: string | null = null;
  private rootStart: bigint | null = null;

  constructor(
    readonly id: string,
    readonly kind: GroupKind | 'field',
    readonly key: string,
  ) {}

  /** Returns whether the start moved (the group's place in the start order changes). */
  widen(ms: number, sub: number): boolean {
    if (!Number.isFinite(ms)) return false;
    let moved = false;
    if (Number.isNaN(this.startMs) || ms < this.startMs || (ms === this.startMs && sub < this.startSub)) {
      this.startMs = ms;
      this.startSub = sub;
      moved = true;
    }
    if (Number.isNaN(this.endMs) || ms > this.endMs || (ms === this.endMs && sub > this.endSub)) {
      this.endMs = ms;
      this.endSub = sub;
    }
    return moved;
  }

  addSpan(index: number, span: Span): void {
    this.cached = null;
    this.spans.push(index);
    const [sm, ss] = nsToMs(span.startNs);
    const [em, es] = nsToMs(span.endNs);
    this.widen(sm, ss);
    this.widen(em, es);
    if (span.service) this.services.add(span.service);
    if (span.status === 'error') this.errors++;
    // The root is the earliest span without a parent; a trace seen only in part may have none.
    if (span.parentSpanId === null && (this.rootStart === null || span.startNs < this.rootStart)) {
      this.root = span.name;
      this.rootStart = span.startNs;
    }
  }

  summary(): GroupSummary {
    return (this.cached ??= this.build());
  }

  private build(): GroupSummary {
    return {
      id: this.id,
      kind: this.kind,
      key: this.key,
      records: this.ids.length,
      spans: this.spans.length,
      errors: this.errors,
      startNs: Number.isNaN(this.startMs) ? null : msToNs(this.startMs, this.startSub),
      endNs: Number.isNaN(this.endMs) ? null : msToNs(this.endMs, this.endSub),
      root: this.root,
      services: [...this.services].sort(),
    };
  }

  resetRecordStats(): void {
    this.cached = null;
    this.errors = 0;
    this.startMs = NaN;
    this.endMs = NaN;
  }
}

/**
 * Where a record goes in a grouping, as a number (a token) so placing a million records costs no string
 * building: equal tokens mean the same group; -1 means the ungrouped bucket. `describe` names a token once.
 */
export interface GroupKeyer {
  /** Records [0, ready()) can be keyed now; field values parsed on demand may lag behind the store. */
  ready(): number;
  token(id: number): number;
  describe(token: number): { kind: GroupKind | 'field'; key: string };
}

export function kindKeyer(store: RecordStore, by: GroupKind): GroupKeyer {
  const chain = KIND_ORDER.slice(KIND_ORDER.indexOf(by)).map((k) => KIND_ORDER.indexOf(k));
  const column = (k: number, id: number): number =>
    k === 0 ? store.traceKey(id) : k === 1 ? store.correlationKey(id) : store.threadKey(id);
  return {
    ready: () => store.count,
    token(id) {
      for (const k of chain) {
        const key = column(k, id);
        if (key !== NONE) return key * 3 + k;
      }
      return -1;
    },
    describe: (t) => ({ kind: KIND_ORDER[t % 3]!, key: store.string(Math.floor(t / 3)) }),
  };
}

let groupingSerial = 0;

/** Records placed between looks at the clock. */
const STEP = 4096;
/** Groups whose start moved since the order was last merged, past which the next look merges them in. */
const MERGE_DIRTY = 8192;

/** Start order: earliest first, groups without a time last, ties by id. */
export function compareStart(a: GroupState, b: GroupState): number {
  const an = Number.isNaN(a.startMs), bn = Number.isNaN(b.startMs);
  if (an || bn) return an && bn ? a.id.localeCompare(b.id) : an ? 1 : -1;
  if (a.startMs !== b.startMs) return a.startMs < b.startMs ? -1 : 1;
  if (a.startSub !== b.startSub) return a.startSub < b.startSub ? -1 : 1;
  return a.id.localeCompare(b.id);
}

export class Grouping {
  /** Tells groupings apart in cache stamps (a dropped field grouping rebuilt later starts its version again). */
  readonly serial = ++groupingSerial;
  private readonly groups = new Map<string, GroupState>();
  private readonly byToken = new Map<number, GroupState>();
  readonly ungrouped: GroupState;
  /** Records [from, upTo) are placed (except those `live` rejects: evicted). */
  upTo = 0;
  from = 0;
  spansSeen = 0;
  /** Bumped whenever the grouping's content changes, to invalidate caches built on it. */
  version = 0;
  /**
   * Groups in start order, kept incrementally: a group that is new or whose start moved goes to `dirty` and is
   * merged in (sort the few, one linear merge) when the order is next asked for, instead of sorting every group.
   */
  private order: GroupState[] = [];
  private readonly dirty = new Set<GroupState>();

  constructor(
    private readonly store: RecordStore,
    private readonly times: RecordTimes,
    private readonly keyer: GroupKeyer,
    /** Whether trace groups take the store's reported spans (groupings where a trace is a group). */
    private readonly takesSpans: boolean,
    kind: GroupKind | 'field',
    /** False for records evicted above `from` (the session evicts stream records but keeps file records). */
    private readonly live: (id: number) => boolean = () => true,
  ) {
    this.ungrouped = new GroupState(UNGROUPED_GROUP_ID, kind, '');
  }

  private groupFor(kind: GroupKind | 'field', key: string): GroupState {
    const id = `${kind}:${key}`;
    let g = this.groups.get(id);
    if (!g) {
      g = new GroupState(id, kind, key);
      this.groups.set(id, g);
      this.dirty.add(g);
    }
    return g;
  }

  private groupOfToken(t: number): GroupState {
    if (t < 0) return this.ungrouped;
    let g = this.byToken.get(t);
    if (!g || g.removed) {
      const d = this.keyer.describe(t);
      g = this.groupFor(d.kind, d.key);
      g.token = t;
      this.byToken.set(t, g);
    }
    return g;
  }

  /** Records (and spans) not placed yet. */
  pending(): number {
    return Math.max(0, this.store.count - this.upTo) + (this.takesSpans ? this.store.spans.length - this.spansSeen : 0);
  }

  /**
   * Places records and spans that arrived since the last call, up to the records the session has timed; with a
   * deadline (performance.now()), stops once past it. Returns true when nothing is left to place.
   */
  catchUp(deadline = Infinity): boolean {
    const to = Math.min(this.keyer.ready(), this.store.count, this.times.count);
    let changed = false;
    while (this.upTo < to) {
      const end = Math.min(to, this.upTo + STEP);
      for (let id = this.upTo; id < end; id++) {
        if (!this.live(id)) continue;
        this.place(this.groupOfToken(this.keyer.token(id)), id);
      }
      this.upTo = end;
      changed = true;
      if (performance.now() > deadline) break;
    }
    if (this.takesSpans && this.upTo >= to) {
      const spans = this.store.spans;
      while (this.spansSeen < spans.length) {
        const end = Math.min(spans.length, this.spansSeen + STEP);
        for (let i = this.spansSeen; i < end; i++) {
          const s = spans[i]!;
          const g = this.groupFor('trace', s.traceId);
          const before = g.startMs, beforeSub = g.startSub;
          g.addSpan(i, s);
          if (g.startMs !== before || g.startSub !== beforeSub) this.dirty.add(g);
        }
        this.spansSeen = end;
        changed = true;
        if (performance.now() > deadline) break;
      }
    }
    if (changed) this.version++;
    if (this.dirty.size > MERGE_DIRTY) this.mergeOrder();
    return this.upTo >= to && (!this.takesSpans || this.spansSeen >= this.store.spans.length);
  }

  private place(g: GroupState, id: number): void {
    g.cached = null;
    // Appends from several sources interleave in time: the list tracks how much of it is still in order.
    g.ids.pushOrdered(id, this.times.compare);
    if (this.store.hasError(id)) g.errors++;
    if (this.times.hasOwnTime(id) && g.widen(this.times.effMs(id), this.times.effSub(id))) this.dirty.add(g);
    const svc = this.store.serviceKey(id);
    if (svc !== NONE) g.services.add(this.store.string(svc));
  }

  /** Merges the groups whose start moved into the start order: sorts only those, then one linear merge. */
  private mergeOrder(): void {
    if (this.dirty.size === 0) return;
    const moved = [...this.dirty].filter((g) => !g.removed && g !== this.ungrouped).sort(compareStart);
    const merged: GroupState[] = new Array(this.order.length + moved.length);
    let i = 0, j = 0, w = 0;
    const old = this.order;
    while (i < old.length || j < moved.length) {
      const a = old[i];
      if (a !== undefined && (a.removed || this.dirty.has(a))) {
        i++;
        continue;
      }
      if (a !== undefined && (j >= moved.length || compareStart(a, moved[j]!) <= 0)) {
        merged[w++] = a;
        i++;
      } else {
        merged[w++] = moved[j++]!;
      }
    }
    merged.length = w;
    this.order = merged;
    this.dirty.clear();
  }

  /** Groups with records or spans, in start order (the ungrouped bucket is not among them). Do not modify. */
  ordered(): readonly GroupState[] {
    this.mergeOrder();
    return this.order;
  }

  /** The group a placed record is in (null while it is not placed yet, or evicted). */
  groupOf(id: number): GroupState | null {
    if (id < this.from || id >= this.upTo || !this.live(id)) return null;
    return this.groupOfToken(this.keyer.token(id));
  }

  get(id: string): GroupState | undefined {
    if (id === UNGROUPED_GROUP_ID) return this.ungrouped;
    return this.groups.get(id);
  }

  all(): IterableIterator<GroupState> {
    return this.groups.values();
  }

  /** The group's ids in time order. */
  sortedIds(g: GroupState): Int32Array {
    g.ids.ensureSorted(this.times.compare);
    return g.ids.view();
  }

  /**
   * Forgets the given placed records (evicted; `live` already rejects them) and every record below
   * `firstLive`; recomputes the stats of the groups that lost some, and drops groups left empty — each by its
   * own token, so the cost is the records evicted plus the groups touched, not the groups there are.
   */
  evict(ids: ArrayLike<number>, firstLive: number): void {
    const touched = new Set<GroupState>();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < this.from || id >= this.upTo) continue;
      touched.add(this.groupOfToken(this.keyer.token(id)));
    }
    if (firstLive > this.from) {
      this.from = firstLive;
      // Records below firstLive this grouping had not placed yet are gone: never place them.
      if (this.upTo < firstLive) this.upTo = firstLive;
    }
    if (touched.size === 0) return;
    for (const g of touched) {
      g.ids.retain((id) => id >= firstLive && this.live(id));
      g.resetRecordStats();
      const ids = g.ids.view();
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        if (this.store.hasError(id)) g.errors++;
        if (this.times.hasOwnTime(id)) g.widen(this.times.effMs(id), this.times.effSub(id));
      }
      for (const si of g.spans) {
        const s = this.store.spans[si]!;
        if (s.status === 'error') g.errors++;
        const [sm, ss] = nsToMs(s.startNs);
        const [em, es] = nsToMs(s.endNs);
        g.widen(sm, ss);
        g.widen(em, es);
      }
      if (g === this.ungrouped) continue;
      this.dirty.add(g);
      if (g.ids.length === 0 && g.spans.length === 0) {
        g.removed = true;
        this.groups.delete(g.id);
        if (this.byToken.get(g.token) === g) this.byToken.delete(g.token);
      }
    }
    this.version++;
  }
}
