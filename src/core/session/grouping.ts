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

  widen(ms: number, sub: number): void {
    if (!Number.isFinite(ms)) return;
    if (Number.isNaN(this.startMs) || ms < this.startMs || (ms === this.startMs && sub < this.startSub)) {
      this.startMs = ms;
      this.startSub = sub;
    }
    if (Number.isNaN(this.endMs) || ms > this.endMs || (ms === this.endMs && sub > this.endSub)) {
      this.endMs = ms;
      this.endSub = sub;
    }
  }

  addSpan(index: number, span: Span): void {
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

export class Grouping {
  /** Tells groupings apart in cache stamps (a dropped field grouping rebuilt later starts its version again). */
  readonly serial = ++groupingSerial;
  private readonly groups = new Map<string, GroupState>();
  private readonly byToken = new Map<number, GroupState>();
  readonly ungrouped: GroupState;
  /** Records [from, upTo) are placed. */
  upTo = 0;
  from = 0;
  spansSeen = 0;
  /** Bumped whenever the grouping's content changes, to invalidate caches built on it. */
  version = 0;

  constructor(
    private readonly store: RecordStore,
    private readonly times: RecordTimes,
    private readonly keyer: GroupKeyer,
    /** Whether trace groups take the store's reported spans (groupings where a trace is a group). */
    private readonly takesSpans: boolean,
    kind: GroupKind | 'field',
  ) {
    this.ungrouped = new GroupState(UNGROUPED_GROUP_ID, kind, '');
  }

  private groupFor(kind: GroupKind | 'field', key: string): GroupState {
    const id = `${kind}:${key}`;
    let g = this.groups.get(id);
    if (!g) {
      g = new GroupState(id, kind, key);
      this.groups.set(id, g);
    }
    return g;
  }

  private groupOfToken(t: number): GroupState {
    if (t < 0) return this.ungrouped;
    let g = this.byToken.get(t);
    if (!g) {
      const d = this.keyer.describe(t);
      g = this.groupFor(d.kind, d.key);
      this.byToken.set(t, g);
    }
    return g;
  }

  /** Places records and spans that arrived since the last call. */
  catchUp(): void {
    const to = Math.min(this.keyer.ready(), this.store.count, this.times.count);
    let changed = false;
    for (let id = this.upTo; id < to; id++) {
      this.place(this.groupOfToken(this.keyer.token(id)), id);
      changed = true;
    }
    if (to > this.upTo) this.upTo = to;
    if (this.takesSpans) {
      const spans = this.store.spans;
      for (let i = this.spansSeen; i < spans.length; i++) {
        const s = spans[i]!;
        this.groupFor('trace', s.traceId).addSpan(i, s);
        changed = true;
      }
      this.spansSeen = spans.length;
    }
    if (changed) this.version++;
  }

  private place(g: GroupState, id: number): void {
    // Appends from several sources interleave in time: the list tracks how much of it is still in order.
    g.ids.pushOrdered(id, this.times.compare);
    if (this.store.hasError(id)) g.errors++;
    if (this.times.hasOwnTime(id)) g.widen(this.times.effMs(id), this.times.effSub(id));
    const svc = this.store.serviceKey(id);
    if (svc !== NONE) g.services.add(this.store.string(svc));
  }

  /** The group a placed record is in (null while it is not placed yet). */
  groupOf(id: number): GroupState | null {
    if (id < this.from || id >= this.upTo) return null;
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

  /** Forgets records below `firstLive` (evicted); recomputes the stats of the groups that lost some. */
  evictBelow(firstLive: number): void {
    if (firstLive <= this.from) return;
    const touched = new Set<GroupState>();
    for (let id = this.from; id < Math.min(firstLive, this.upTo); id++) {
      touched.add(this.groupOfToken(this.keyer.token(id)));
    }
    this.from = firstLive;
    for (const g of touched) {
      g.ids.retain((id) => id >= firstLive);
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
      if (g.ids.length === 0 && g.spans.length === 0 && g !== this.ungrouped) {
        this.groups.delete(g.id);
        for (const [t, x] of this.byToken) if (x === g) this.byToken.delete(t);
      }
    }
    this.version++;
  }
}
