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
import { IdArena, IdList } from './idList';
import { msToNs, nsToMs, type RecordTimes } from './recordTimes';

export const KIND_ORDER: readonly GroupKind[] = ['trace', 'correlation', 'thread'];

const NO_SERVICES: readonly string[] = Object.freeze([]);
const NO_SPANS: readonly number[] = Object.freeze([]);

/**
 * The numbers of a grouping's groups, a row each, in typed arrays. As object fields they would cost far more: a
 * field holding a double (a time in ms) is a boxed number of its own, and a big file has hundreds of thousands
 * of groups. A dropped group moves to a table of its own (`GroupState.detach`), so its row can be reused.
 */
export class GroupTable {
  startMs: Float64Array;
  endMs: Float64Array;
  orderMs: Float64Array;
  startSub: Int32Array;
  endSub: Int32Array;
  orderSub: Int32Array;
  errors: Int32Array;
  token: Int32Array;
  lastServiceKey: Int32Array;
  /** GF_* bits. */
  flags: Uint8Array;
  private size = 0;
  private readonly free: number[] = [];

  constructor(capacity = 1024) {
    this.startMs = new Float64Array(capacity);
    this.endMs = new Float64Array(capacity);
    this.orderMs = new Float64Array(capacity);
    this.startSub = new Int32Array(capacity);
    this.endSub = new Int32Array(capacity);
    this.orderSub = new Int32Array(capacity);
    this.errors = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
    this.lastServiceKey = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  /** Rows in use or freed (the arrays' used length). */
  get rows(): number {
    return this.size;
  }

  /** A row with a new group's values: no times, no errors, no token. */
  alloc(): number {
    let r = this.free.pop();
    if (r === undefined) {
      // by half again: a big file's hundreds of thousands of groups leave less of the arrays unused
      if (this.size === this.startMs.length) this.grow(Math.max(16, Math.ceil(this.size * 1.5)));
      r = this.size++;
    }
    this.startMs[r] = this.endMs[r] = this.orderMs[r] = NaN;
    this.startSub[r] = this.endSub[r] = this.orderSub[r] = 0;
    this.errors[r] = 0;
    this.token[r] = this.lastServiceKey[r] = -2;
    this.flags[r] = 0;
    return r;
  }

  release(row: number): void {
    this.free.push(row);
  }

  /** Copies row `from` of `src` to row `to` of this table. */
  copyRow(src: GroupTable, from: number, to: number): void {
    this.startMs[to] = src.startMs[from]!;
    this.endMs[to] = src.endMs[from]!;
    this.orderMs[to] = src.orderMs[from]!;
    this.startSub[to] = src.startSub[from]!;
    this.endSub[to] = src.endSub[from]!;
    this.orderSub[to] = src.orderSub[from]!;
    this.errors[to] = src.errors[from]!;
    this.token[to] = src.token[from]!;
    this.lastServiceKey[to] = src.lastServiceKey[from]!;
    this.flags[to] = src.flags[from]!;
  }

  private grow(n: number): void {
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.startMs = f64(this.startMs);
    this.endMs = f64(this.endMs);
    this.orderMs = f64(this.orderMs);
    this.startSub = i32(this.startSub);
    this.endSub = i32(this.endSub);
    this.orderSub = i32(this.orderSub);
    this.errors = i32(this.errors);
    this.token = i32(this.token);
    this.lastServiceKey = i32(this.lastServiceKey);
    const flags = new Uint8Array(n);
    flags.set(this.flags);
    this.flags = flags;
  }
}

const GF_REMOVED = 1;
const GF_MOVED = 2;
const GF_IN_ORDER = 4;

/** What a group holds of reported spans; most groups of a log file have none, and share no object for it. */
interface GroupSpans {
  list: number[];
  root: string | null;
  rootStart: bigint | null;
}

/**
 * A group: its record ids (the IdList it extends: one object a group instead of two, a group of a big file being
 * one of hundreds of thousands) and what is known of it.
 */
export class GroupState extends IdList {
  /** The group's numbers are row `row` of `table` (see GroupTable). */
  private table: GroupTable;
  private row: number;
  /** The summary as last built; null once anything in the group changed. */
  cached: GroupSummary | null = null;
  /**
   * Services seen (few per group, mostly one): the one service itself, an array from the second on — far
   * smaller than a Set per group, and a session can hold hundreds of thousands of groups. `lastServiceKey`
   * skips the record-by-record repeats.
   */
  private serviceList: string | string[] | null = null;
  /** Reported spans (indexes into the store's spans) and the root span; null until the first span. */
  private spanInfo: GroupSpans | null = null;

  /** `id` once asked for: most groups of a big file are never shown, and their ids would cost a string each. */
  private idText: string | null;

  /**
   * The key's text, or null when it is read from the group's token when asked (`keyOfToken`): a group made by
   * its records' token holds no string of its own (on a big file, a 32-character trace id for each of
   * hundreds of thousands of groups).
   */
  private readonly keyText: string | null;

  constructor(
    id: string | null,
    readonly kind: GroupKind | 'field',
    key: string | null,
    /** Where a small group's ids live (its grouping's shared buffers); none: a list of its own. */
    arena: IdArena | null = null,
    /** Where its numbers live (its grouping's table); none: a table of its own. */
    table: GroupTable | null = null,
    private readonly keyOfToken: ((token: number) => string) | null = null,
  ) {
    super(8, arena);
    this.keyText = key;
    this.idText = id;
    this.table = table ?? new GroupTable(1);
    this.row = this.table.alloc();
  }

  /** The group's record ids (the group itself). */
  get ids(): IdList {
    return this;
  }

  /** Moves the group's numbers to a table of its own and frees its row (a dropped group: callers may hold it). */
  detach(): void {
    const own = new GroupTable(1);
    own.copyRow(this.table, this.row, own.alloc());
    this.table.release(this.row);
    this.table = own;
    this.row = 0;
  }

  /** The keyer's token for this group (-2: none yet), so dropping the group is one map deletion. */
  get token(): number {
    return this.table.token[this.row]!;
  }
  set token(v: number) {
    this.table.token[this.row] = v;
  }
  get lastServiceKey(): number {
    return this.table.lastServiceKey[this.row]!;
  }
  set lastServiceKey(v: number) {
    this.table.lastServiceKey[this.row] = v;
  }
  get errors(): number {
    return this.table.errors[this.row]!;
  }
  set errors(v: number) {
    this.table.errors[this.row] = v;
  }
  get startMs(): number {
    return this.table.startMs[this.row]!;
  }
  set startMs(v: number) {
    this.table.startMs[this.row] = v;
  }
  get startSub(): number {
    return this.table.startSub[this.row]!;
  }
  set startSub(v: number) {
    this.table.startSub[this.row] = v;
  }
  get endMs(): number {
    return this.table.endMs[this.row]!;
  }
  set endMs(v: number) {
    this.table.endMs[this.row] = v;
  }
  get endSub(): number {
    return this.table.endSub[this.row]!;
  }
  set endSub(v: number) {
    this.table.endSub[this.row] = v;
  }
  /** In the start order, at the start it had when it was put there (`orderMs`, `orderSub`). */
  get orderMs(): number {
    return this.table.orderMs[this.row]!;
  }
  set orderMs(v: number) {
    this.table.orderMs[this.row] = v;
  }
  get orderSub(): number {
    return this.table.orderSub[this.row]!;
  }
  set orderSub(v: number) {
    this.table.orderSub[this.row] = v;
  }
  private flag(bit: number): boolean {
    return (this.table.flags[this.row]! & bit) !== 0;
  }
  private setFlag(bit: number, on: boolean): void {
    const f = this.table.flags[this.row]!;
    this.table.flags[this.row] = on ? f | bit : f & ~bit;
  }
  /** Dropped from its grouping (every record evicted): a token that still names it makes a new group. */
  get removed(): boolean {
    return this.flag(GF_REMOVED);
  }
  set removed(v: boolean) {
    this.setFlag(GF_REMOVED, v);
  }
  /** Waiting to be merged into its grouping's start order (new, or its start moved). */
  get moved(): boolean {
    return this.flag(GF_MOVED);
  }
  set moved(v: boolean) {
    this.setFlag(GF_MOVED, v);
  }
  get inOrder(): boolean {
    return this.flag(GF_IN_ORDER);
  }
  set inOrder(v: boolean) {
    this.setFlag(GF_IN_ORDER, v);
  }

  /** Indexes into the store's spans. Do not modify. */
  get spans(): readonly number[] {
    return this.spanInfo?.list ?? NO_SPANS;
  }
  get root(): string | null {
    return this.spanInfo?.root ?? null;
  }

  /** The group's key: the trace or correlation ID, thread name or field value it stands for. */
  get key(): string {
    return this.keyText ?? this.keyOfToken!(this.token);
  }

  /** `kind:key`, the group's id in the session's API. */
  get id(): string {
    return (this.idText ??= `${this.kind}:${this.key}`);
  }

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
    const sp = (this.spanInfo ??= { list: [], root: null, rootStart: null });
    sp.list.push(index);
    const [sm, ss] = nsToMs(span.startNs);
    const [em, es] = nsToMs(span.endNs);
    this.widen(sm, ss);
    this.widen(em, es);
    if (span.service) this.addService(span.service);
    if (span.status === 'error') this.errors++;
    // The root is the earliest span without a parent; a trace seen only in part may have none.
    if (span.parentSpanId === null && (sp.rootStart === null || span.startNs < sp.rootStart)) {
      sp.root = span.name;
      sp.rootStart = span.startNs;
    }
  }

  get services(): readonly string[] {
    const l = this.serviceList;
    return l === null ? NO_SERVICES : typeof l === 'string' ? [l] : l;
  }

  addService(s: string): void {
    const l = this.serviceList;
    if (l === null) this.serviceList = s;
    else if (typeof l === 'string') {
      if (l !== s) this.serviceList = [l, s];
    } else if (!l.includes(s)) l.push(s);
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
  kindOf(token: number): GroupKind | 'field';
  keyOf(token: number): string;
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
    kindOf: (t) => KIND_ORDER[t % 3]!,
    keyOf: (t) => store.string(Math.floor(t / 3)),
  };
}

let groupingSerial = 0;

const SHARDS = 16;

/**
 * A map split in a few: a Map with 200,000 entries that grows rehashes them all in one go (tens of ms on the
 * host's thread); split 16 ways, each growth moves a sixteenth.
 */
class ShardedMap<K, V> {
  private readonly maps: Map<K, V>[] = Array.from({ length: SHARDS }, () => new Map<K, V>());

  constructor(private readonly shardOf: (k: K) => number) {}

  private of(k: K): Map<K, V> {
    return this.maps[this.shardOf(k) & (SHARDS - 1)]!;
  }
  get(k: K): V | undefined {
    return this.of(k).get(k);
  }
  set(k: K, v: V): void {
    this.of(k).set(k, v);
  }
  delete(k: K): void {
    this.of(k).delete(k);
  }
  *values(): IterableIterator<V> {
    for (const m of this.maps) yield* m.values();
  }
}

/** Records placed between looks at the clock. */
const STEP = 4096;
/** Groups whose start moved since the order was last merged, past which the next look merges them in. */
const MERGE_DIRTY = 8192;

/** Ties in start order: by code units, cheap and the same everywhere (locale-aware comparison costs ~1 µs a pair). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Start order: earliest first, groups without a time last, ties by id. */
export function compareStart(a: GroupState, b: GroupState): number {
  return compareKeys(a.startMs, a.startSub, a, b.startMs, b.startSub, b);
}

/** Start order of two groups at the given starts; ids (made on demand) only break ties. */
function compareKeys(ams: number, asub: number, a: GroupState, bms: number, bsub: number, b: GroupState): number {
  const an = Number.isNaN(ams),
    bn = Number.isNaN(bms);
  if (an || bn) return an && bn ? compareIds(a.id, b.id) : an ? 1 : -1;
  if (ams !== bms) return ams < bms ? -1 : 1;
  if (asub !== bsub) return asub < bsub ? -1 : 1;
  return a === b ? 0 : compareIds(a.id, b.id);
}

const GROUP_KINDS: readonly (GroupKind | 'field')[] = [...KIND_ORDER, 'field'];

export class Grouping {
  /** Tells groupings apart in cache stamps (a dropped field grouping rebuilt later starts its version again). */
  readonly serial = ++groupingSerial;
  /**
   * Groups by kind, then by key, made when first needed (a lookup by id, reported spans, listing all groups):
   * records find their group by token, and the keys are the store's strings, so placing records builds no
   * string and does no map lookup (on a big file, the maps cost more than the rest of placing a group's records).
   */
  private byKey: Map<GroupKind | 'field', ShardedMap<string, GroupState>> | null = null;
  /**
   * The group of each token, without a map: tokenSlot[token] is 1 + the group's place in `slotGroups` (0: none
   * yet). Tokens are small dense numbers (interned-string keys), so placing a record costs two array reads.
   */
  private tokenSlot = new Int32Array(1024);
  private readonly slotGroups: (GroupState | null)[] = [];
  /** Places in `slotGroups` freed by dropped groups, taken again first. */
  private readonly freeSlots: number[] = [];
  /** The groups' id lists, in a few shared buffers instead of a typed array each. */
  private readonly arena = new IdArena();
  /** The groups' numbers, a row each. */
  private readonly table = new GroupTable();
  readonly ungrouped: GroupState;
  /** Records [from, upTo) are placed (except those `live` rejects: evicted). */
  upTo = 0;
  from = 0;
  spansSeen = 0;
  /** Bumped whenever the grouping's content changes, to invalidate caches built on it. */
  version = 0;
  /**
   * Groups in start order, kept incrementally: a group that is new or whose start moved goes to `dirty` and is
   * merged in (`mergeOrder`) when the order is next asked for, instead of sorting every group.
   */
  private order: GroupState[] = [];
  private dirty: GroupState[] = [];
  /** Groups per kind (each holds records or spans: an emptied group is dropped). */
  readonly kindCounts: Record<GroupKind | 'field', number> = { trace: 0, correlation: 0, thread: 0, field: 0 };

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
    this.ungrouped = new GroupState(UNGROUPED_GROUP_ID, kind, '', null, this.table);
  }

  /** The groups by kind and key, made from the groups by token the first time they are asked for. */
  private keyIndex(): Map<GroupKind | 'field', ShardedMap<string, GroupState>> {
    if (this.byKey === null) {
      const index = new Map<GroupKind | 'field', ShardedMap<string, GroupState>>(
        GROUP_KINDS.map((k) => [
          k,
          new ShardedMap<string, GroupState>((key) => key.length + key.charCodeAt(key.length - 1)),
        ]),
      );
      // Until now every group was made by a token (spans make the index first), so these are all of them.
      for (const g of this.slotGroups) if (g !== null && !g.removed) index.get(g.kind)!.set(g.key, g);
      this.byKey = index;
    }
    return this.byKey;
  }

  /** The group of (kind, key), made when missing (spans, lookups by id: the key index is built first). */
  private groupFor(kind: GroupKind | 'field', key: string): GroupState {
    const byKey = this.keyIndex().get(kind)!;
    let g = byKey.get(key);
    if (!g) {
      g = new GroupState(null, kind, key, this.arena, this.table);
      byKey.set(key, g);
      this.kindCounts[kind]++;
      this.markMoved(g);
    }
    return g;
  }

  /**
   * The group of a token not placed yet (or whose group was dropped). Until the key index exists no group can be
   * known by key, and none is looked up: the new group reads its key from the token when asked.
   */
  private groupForToken(t: number): GroupState {
    const kind = this.keyer.kindOf(t);
    const byKey = this.byKey?.get(kind);
    const key = byKey !== undefined ? this.keyer.keyOf(t) : null;
    const known = key !== null ? byKey!.get(key) : undefined;
    if (known !== undefined) return known;
    const g = new GroupState(null, kind, null, this.arena, this.table, this.keyOfToken);
    g.token = t;
    if (key !== null) byKey!.set(key, g);
    this.kindCounts[kind]++;
    this.markMoved(g);
    return g;
  }

  private readonly keyOfToken = (t: number): string => this.keyer.keyOf(t);

  private groupOfToken(t: number): GroupState {
    if (t < 0) return this.ungrouped;
    const slot = t < this.tokenSlot.length ? this.tokenSlot[t]! : 0;
    if (slot > 0) {
      const g = this.slotGroups[slot - 1]!;
      if (!g.removed) return g;
    }
    const g = this.groupForToken(t);
    g.token = t;
    this.setTokenGroup(t, g);
    return g;
  }

  private setTokenGroup(t: number, g: GroupState): void {
    if (t >= this.tokenSlot.length) {
      let n = this.tokenSlot.length * 2;
      while (n <= t) n *= 2;
      const next = new Int32Array(n);
      next.set(this.tokenSlot);
      this.tokenSlot = next;
    }
    const old = this.tokenSlot[t]!;
    if (old > 0) {
      this.slotGroups[old - 1] = g;
      return;
    }
    const free = this.freeSlots.pop();
    const i = free ?? this.slotGroups.length;
    if (free === undefined) this.slotGroups.push(g);
    else this.slotGroups[i] = g;
    this.tokenSlot[t] = i + 1;
  }

  private dropTokenGroup(g: GroupState): void {
    const t = g.token;
    if (t < 0 || t >= this.tokenSlot.length) return;
    const slot = this.tokenSlot[t]!;
    if (slot === 0 || this.slotGroups[slot - 1] !== g) return;
    this.slotGroups[slot - 1] = null;
    this.freeSlots.push(slot - 1);
    this.tokenSlot[t] = 0;
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
          const before = g.startMs,
            beforeSub = g.startSub;
          g.addSpan(i, s);
          if (g.startMs !== before || g.startSub !== beforeSub) this.markMoved(g);
        }
        this.spansSeen = end;
        changed = true;
        if (performance.now() > deadline) break;
      }
    }
    if (changed) this.version++;
    if (this.dirty.length > MERGE_DIRTY) this.mergeOrder();
    return this.upTo >= to && (!this.takesSpans || this.spansSeen >= this.store.spans.length);
  }

  private place(g: GroupState, id: number): void {
    g.cached = null;
    // Appends from several sources interleave in time: the list tracks how much of it is still in order.
    g.ids.pushOrdered(id, this.times.compare);
    if (this.store.hasError(id)) g.errors++;
    if (this.times.hasOwnTime(id) && g.widen(this.times.effMs(id), this.times.effSub(id))) this.markMoved(g);
    const svc = this.store.serviceKey(id);
    if (svc !== NONE && svc !== g.lastServiceKey) {
      g.lastServiceKey = svc;
      g.addService(this.store.string(svc));
    }
  }

  private markMoved(g: GroupState): void {
    if (g.moved || g === this.ungrouped) return;
    g.moved = true;
    this.dirty.push(g);
  }

  /**
   * Merges the groups whose start moved into the start order: sorts only those and rebuilds the order from the
   * first place they touch. Records mostly arrive in time order, so that place is near the end and the cost is
   * the groups that moved, not the groups there are.
   */
  private mergeOrder(): void {
    if (this.dirty.length === 0) return;
    const order = this.order;
    const moved = this.dirty;
    this.dirty = [];
    let p = order.length;
    const fresh: GroupState[] = [];
    for (const g of moved) {
      if (g.inOrder) p = Math.min(p, this.placeOf(g));
      if (!g.removed) fresh.push(g);
    }
    fresh.sort(compareStart);
    if (fresh.length > 0) p = Math.min(p, this.lowerBound(fresh[0]!));
    const tail = order.slice(p);
    order.length = p;
    // Entries of the tail that did not move are at their current start: merge them with the moved ones.
    let i = 0,
      j = 0;
    while (i < tail.length || j < fresh.length) {
      const a = tail[i];
      if (a !== undefined && (a.moved || a.removed)) {
        i++;
        continue;
      }
      if (a !== undefined && (j >= fresh.length || compareStart(a, fresh[j]!) <= 0)) {
        order.push(a);
        i++;
      } else {
        order.push(fresh[j++]!);
      }
    }
    for (const g of moved) {
      g.moved = false;
      g.inOrder = !g.removed;
      g.orderMs = g.startMs;
      g.orderSub = g.startSub;
    }
  }

  /** Where `g` sits in the order (found by the start it was put there with). */
  private placeOf(g: GroupState): number {
    const order = this.order;
    let lo = 0,
      hi = order.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      const c = compareKeys(order[m]!.orderMs, order[m]!.orderSub, order[m]!, g.orderMs, g.orderSub, g);
      if (c === 0) return m;
      if (c < 0) lo = m + 1;
      else hi = m - 1;
    }
    return lo;
  }

  /** The first place in the order whose entry sorts after `g` at its current start. */
  private lowerBound(g: GroupState): number {
    const order = this.order;
    let lo = 0,
      hi = order.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (compareKeys(order[m]!.orderMs, order[m]!.orderSub, order[m]!, g.startMs, g.startSub, g) < 0) lo = m + 1;
      else hi = m;
    }
    return lo;
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
    const colon = id.indexOf(':');
    if (colon < 0) return undefined;
    return this.keyIndex()
      .get(id.slice(0, colon) as GroupKind | 'field')
      ?.get(id.slice(colon + 1));
  }

  all(): IterableIterator<GroupState> {
    return this.allGroups();
  }

  private *allGroups(): IterableIterator<GroupState> {
    for (const byKey of this.keyIndex().values()) yield* byKey.values();
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
      this.markMoved(g);
      if (g.ids.length === 0 && g.spans.length === 0) {
        g.removed = true;
        this.byKey?.get(g.kind)!.delete(g.key);
        this.kindCounts[g.kind]--;
        this.dropTokenGroup(g);
        g.ids.release();
        g.detach();
      }
    }
    this.version++;
  }
}
