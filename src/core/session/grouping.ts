// One way of grouping the session's records, kept up to date incrementally as records append.
//
// A grouping by kind K puts each record under the first key it has among K and the kinds after K in the order
// trace > correlation > thread. So grouping by trace is the primary grouping (trace, else correlation ID, else
// thread); by correlation, a record without one falls back to its thread; by thread, only threads count. A
// record with none of them goes to the ungrouped bucket: counted and listed, never dropped.
//
// A group is a row of the grouping's table, not an object: a big file has hundreds of thousands of groups, and
// an object each (with its id list) cost ~150 bytes and the collector's time on every one of them. Callers get
// a `GroupState`, a small handle made when asked for, that reads the row.

import type { GroupKind, Span } from '../model';
import { NONE, RecordColumns, type RecordStore } from '../index/types';
import type { GroupSummary } from './api';
import { UNGROUPED_GROUP_ID } from './api';
import { IdLists } from './idList';
import { msToNs, nsToMs, type RecordTimes } from './recordTimes';

export const KIND_ORDER: readonly GroupKind[] = ['trace', 'correlation', 'thread'];
const GROUP_KINDS: readonly (GroupKind | 'field')[] = [...KIND_ORDER, 'field'];

const NO_SERVICES: readonly string[] = Object.freeze([]);
const NO_SPANS: readonly number[] = Object.freeze([]);

const GF_REMOVED = 1;
const GF_MOVED = 2;
const GF_IN_ORDER = 4;

/**
 * The numbers of a grouping's groups, a row each, in typed arrays. As object fields they would cost far more: a
 * field holding a double (a time in ms) is a boxed number of its own. A dropped group's row is reused; its
 * generation (`gen`) moves on, so a handle to the dropped group can tell.
 */
export class GroupTable {
  startMs: Float64Array;
  endMs: Float64Array;
  /** The start a group had when it was put in the start order (where to find it there). */
  orderMs: Float64Array;
  startSub: Int32Array;
  endSub: Int32Array;
  orderSub: Int32Array;
  errors: Int32Array;
  /** The keyer's token that makes records land in the group (-2: none, a group made by key). */
  token: Int32Array;
  /** The service key of the group's last record (skips record-by-record repeats), and of its first. */
  lastServiceKey: Int32Array;
  firstServiceKey: Int32Array;
  /** Services past the first seen in the group, as bits of the grouping's service slots (`serviceBit`). */
  servicesSeen: Int32Array;
  /** Bumped whenever the row changes (a cached summary is valid while it stays). */
  stamp: Int32Array;
  /** Bumped when the row is released. */
  gen: Int32Array;
  /** GF_* bits. */
  flags: Uint8Array;
  /** Index into GROUP_KINDS. */
  kind: Uint8Array;
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
    this.firstServiceKey = new Int32Array(capacity);
    this.servicesSeen = new Int32Array(capacity);
    this.stamp = new Int32Array(capacity);
    this.gen = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
  }

  /** Rows in use or freed (the arrays' used length). */
  get rows(): number {
    return this.size;
  }

  /** A row with a new group's values: no times, no errors, no token. */
  alloc(kind: number): number {
    let r = this.free.pop();
    if (r === undefined) {
      // by half again: a big file's hundreds of thousands of groups leave less of the arrays unused
      if (this.size === this.startMs.length) this.grow(Math.max(16, Math.ceil(this.size * 1.5)));
      r = this.size++;
    }
    this.startMs[r] = this.endMs[r] = this.orderMs[r] = NaN;
    this.startSub[r] = this.endSub[r] = this.orderSub[r] = 0;
    this.errors[r] = this.servicesSeen[r] = 0;
    this.token[r] = this.lastServiceKey[r] = this.firstServiceKey[r] = -2;
    this.flags[r] = 0;
    this.kind[r] = kind;
    this.stamp[r]++;
    return r;
  }

  release(row: number): void {
    this.gen[row]++;
    this.stamp[row]++;
    this.free.push(row);
  }

  /** Widens the row's time span to include (ms, sub); returns whether its start moved. */
  /** `widen` with the time at `ms[i]`, `sub[i]` (see Grouping.place). */
  widenAt(r: number, ms: Float64Array, sub: Int32Array, i: number): boolean {
    return this.widen(r, ms[i]!, sub[i]! | 0);
  }

  widen(r: number, ms: number, sub: number): boolean {
    if (!Number.isFinite(ms)) return false;
    let moved = false;
    const s = this.startMs[r]!;
    if (Number.isNaN(s) || ms < s || (ms === s && sub < this.startSub[r]!)) {
      this.startMs[r] = ms;
      this.startSub[r] = sub;
      moved = true;
    }
    const e = this.endMs[r]!;
    if (Number.isNaN(e) || ms > e || (ms === e && sub > this.endSub[r]!)) {
      this.endMs[r] = ms;
      this.endSub[r] = sub;
    }
    return moved;
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
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
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
    this.firstServiceKey = i32(this.firstServiceKey);
    this.servicesSeen = i32(this.servicesSeen);
    this.stamp = i32(this.stamp);
    this.gen = i32(this.gen);
    this.flags = u8(this.flags);
    this.kind = u8(this.kind);
  }
}

/** What a group holds of reported spans; most groups of a log file have none. */
interface GroupSpans {
  list: number[];
  root: string | null;
  rootStart: bigint | null;
}

/**
 * A group of a grouping, as a handle on its row. Made when asked for and cheap to drop; two handles on one
 * group are equal by `id`, not by identity. A handle on a group that was dropped since (every record evicted)
 * reads as empty.
 */
export class GroupState {
  private readonly gen: number;
  constructor(
    private readonly grouping: Grouping,
    readonly row: number,
  ) {
    this.gen = grouping.table.gen[row]!;
  }

  /** Still the group it was made for (its row was not released and given to another). */
  get live(): boolean {
    return this.grouping.table.gen[this.row] === this.gen;
  }

  get kind(): GroupKind | 'field' {
    return GROUP_KINDS[this.grouping.table.kind[this.row]!]!;
  }
  /** The group's key: the trace or correlation ID, thread name or field value it stands for. */
  get key(): string {
    return this.grouping.keyOfRow(this.row);
  }
  /** `kind:key`, the group's id in the session's API. */
  get id(): string {
    return this.row === UNGROUPED_ROW ? UNGROUPED_GROUP_ID : `${this.kind}:${this.key}`;
  }
  /** Records in the group. */
  get records(): number {
    return this.live ? this.grouping.ids.length(this.row) : 0;
  }
  get errors(): number {
    return this.grouping.table.errors[this.row]!;
  }
  get startMs(): number {
    return this.grouping.table.startMs[this.row]!;
  }
  get startSub(): number {
    return this.grouping.table.startSub[this.row]!;
  }
  get endMs(): number {
    return this.grouping.table.endMs[this.row]!;
  }
  get endSub(): number {
    return this.grouping.table.endSub[this.row]!;
  }
  /** Indexes into the store's spans. Do not modify. */
  get spans(): readonly number[] {
    return this.live ? (this.grouping.spansOf(this.row)?.list ?? NO_SPANS) : NO_SPANS;
  }
  get root(): string | null {
    return this.live ? (this.grouping.spansOf(this.row)?.root ?? null) : null;
  }
  get services(): readonly string[] {
    return this.live ? this.grouping.servicesOf(this.row) : NO_SERVICES;
  }
  summary(): GroupSummary {
    return this.grouping.summaryOf(this.row);
  }
}

/**
 * Where a record goes in a grouping, as a number (a token) so placing a million records costs no string
 * building: equal tokens mean the same group; -1 means the ungrouped bucket.
 */
export interface GroupKeyer {
  /** Records [0, ready()) can be keyed now; field values parsed on demand may lag behind the store. */
  ready(): number;
  token(id: number): number;
  kindOf(token: number): GroupKind | 'field';
  keyOf(token: number): string;
  /** The token of (kind, key), or -1 when no record could have it (the reverse of kindOf and keyOf). */
  tokenOf(kind: GroupKind | 'field', key: string): number;
  /** The tokens of the first `n` records of `cols` into `out`, when the columns alone give them. */
  tokens?(cols: RecordColumns, n: number, out: Int32Array): void;
  /** The order of two tokens' keys of the same kind (as `compareIds` orders them), without making the keys. */
  compareKeys?(a: number, b: number): number;
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
    compareKeys: store.compareStrings
      ? (a, b) => store.compareStrings!(Math.floor(a / 3), Math.floor(b / 3))
      : undefined,
    tokenOf(kind, key) {
      const k = KIND_ORDER.indexOf(kind as GroupKind);
      if (!chain.includes(k)) return -1;
      const s = store.findString(key);
      return s === NONE ? -1 : s * 3 + k;
    },
    tokens(cols, n, out) {
      const byKind = [cols.trace, cols.correlation, cols.thread];
      out.fill(-1, 0, n);
      // the last kind of the chain first, so the first kind that has a key wins
      for (let c = chain.length - 1; c >= 0; c--) {
        const k = chain[c]!,
          keys = byKind[k]!;
        for (let i = 0; i < n; i++) {
          const key = keys[i]!;
          if (key !== NONE) out[i] = key * 3 + k;
        }
      }
    },
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
  get size(): number {
    let n = 0;
    for (const m of this.maps) n += m.size;
    return n;
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
}

/** Records placed between looks at the clock. */
const STEP = 4096;
/**
 * How a grouping places records: on a thread that serves others (the extension's host), or alone (the command
 * line), where a command that only counts never looks at the order or the lists, and no ask has to answer soon.
 *
 * `mergeDirty`: groups whose start moved since the order was last merged, past which placing records merges them
 * in; else the order is merged when asked for. Shared, every 8,192, a few ms each, so no ask merges a whole file's
 * groups in one turn (67,273 groups: ≈ 20 ms, the merge not yet optimised by V8). Alone, every 131,072 to bound
 * one merge (merging every 8,192 took 0.06 of the 0.67 CPU s of a 256 MiB `stats`).
 *
 * `deferIds`: the groups' id lists are built when first looked at (IdLists `deferred`). Alone only: building them
 * takes a whole file's records in one go (256 MiB: ≈ 10 ms), which on the host would be one long turn.
 */
export const PLACING = {
  shared: { mergeDirty: 8192, deferIds: false },
  alone: { mergeDirty: 1 << 17, deferIds: true },
} as const;
export type Placing = (typeof PLACING)[keyof typeof PLACING];
/** Summaries kept built (the groups callers page through); a rebuilt one costs an object or two. */
const MAX_SUMMARIES = 4096;
/** Services a grouping tells apart by a bit of a group (a log has a handful); more are looked up each time. */
const SERVICE_SLOTS = 31;
/** The ungrouped bucket's row (the first the table gives). */
const UNGROUPED_ROW = 0;

/** Ties in start order: by code units, cheap and the same everywhere (locale-aware comparison costs ~1 µs a pair). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class Grouping {
  /** Tells groupings apart in cache stamps (a dropped field grouping rebuilt later starts its version again). */
  readonly serial = ++groupingSerial;
  /** The groups' numbers, a row each (row 0: the ungrouped bucket). */
  readonly table = new GroupTable();
  /** The groups' record ids, a list per row. */
  readonly ids: IdLists;
  /**
   * Rows of groups made by key (reported spans of a trace no record named yet), by kind and key. Records find
   * their group by token, and a lookup by key goes through the keyer's token (`findRow`), so placing records
   * builds no string and does no map lookup (on a big file, the maps cost more than the rest of placing a
   * group's records).
   */
  private readonly keyRows = new Map<GroupKind | 'field', ShardedMap<string, number>>();
  /** The row of each token, without a map: tokenRow[token] is 1 + the row (0: none yet). */
  private tokenRow = new Int32Array(1024);
  /** Keys of groups made by key (spans), by row; a group made by its records' token reads its key from it. */
  private readonly keyText = new Map<number, string>();
  /** Reported spans by row (most groups of a log file have none). */
  private readonly spanInfo = new Map<number, GroupSpans>();
  /** Services past a group's first record service (few groups have any), by row. */
  private readonly moreServices = new Map<number, string[]>();
  /** The first services seen (their keys), each with a slot: bit i of a group's `servicesSeen` is slot i's. */
  private readonly serviceSlots = new Int32Array(SERVICE_SLOTS);
  private serviceSlotCount = 0;
  /** Built summaries by row, with the row's stamp they were built at. */
  private readonly summaries = new Map<number, { stamp: number; summary: GroupSummary }>();
  readonly ungrouped: GroupState;
  /** Columns and tokens of the records being placed, a step at a time. */
  private cols: RecordColumns | null = null;
  private tokens: Int32Array | null = null;
  /** Records [from, upTo) are placed (except those `live` rejects: evicted). */
  upTo = 0;
  from = 0;
  spansSeen = 0;
  /** Bumped whenever the grouping's content changes, to invalidate caches built on it. */
  version = 0;
  /**
   * Rows in start order, kept incrementally: a group that is new or whose start moved goes to `dirty` and is
   * merged in (`mergeOrder`) when the order is next asked for, instead of sorting every group.
   */
  private order = new Int32Array(1024);
  private orderLength = 0;
  private dirty: number[] = [];
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
    private readonly placing: Placing = PLACING.alone,
    /** The columns of records [from, to) when someone read them already (the intake), else null. */
    private readonly columnsOf: (from: number, to: number) => RecordColumns | null = () => null,
  ) {
    this.ids = new IdLists(1024, placing.deferIds);
    const row = this.newRow(kind);
    this.keyText.set(row, '');
    this.ungrouped = new GroupState(this, row);
  }

  private newRow(kind: GroupKind | 'field'): number {
    const row = this.table.alloc(GROUP_KINDS.indexOf(kind));
    if (row >= this.ids.rows) this.ids.ensure(this.table.rows);
    return row;
  }

  /** The group's key (see GroupState.key). */
  keyOfRow(row: number): string {
    const t = this.table.token[row]!;
    return t >= 0 ? this.keyer.keyOf(t) : (this.keyText.get(row) ?? '');
  }

  spansOf(row: number): GroupSpans | undefined {
    return this.spanInfo.get(row);
  }

  servicesOf(row: number): readonly string[] {
    const first = this.table.firstServiceKey[row]!;
    const more = this.moreServices.get(row);
    if (first < 0) return more ?? NO_SERVICES;
    const s = this.store.string(first);
    return more === undefined ? [s] : more.includes(s) ? more : [s, ...more];
  }

  /**
   * A record's service other than its group's first: added once per group and service. Records of one trace
   * often alternate between services, and the text and list behind `addService` cost more than the rest of
   * placing the record.
   */
  private recordService(row: number, svc: number): void {
    const bit = this.serviceBit(svc);
    const seen = this.table.servicesSeen;
    if (bit !== 0) {
      if ((seen[row]! & bit) !== 0) return;
      seen[row] = seen[row]! | bit;
    }
    this.addService(row, this.store.string(svc));
  }

  /** The service's bit in `servicesSeen` (0 once the slots are all taken: the service is then added each time). */
  private serviceBit(svc: number): number {
    const slots = this.serviceSlots;
    for (let i = 0; i < this.serviceSlotCount; i++) if (slots[i] === svc) return 1 << i;
    if (this.serviceSlotCount === SERVICE_SLOTS) return 0;
    slots[this.serviceSlotCount] = svc;
    return 1 << this.serviceSlotCount++;
  }

  private addService(row: number, s: string): void {
    const first = this.table.firstServiceKey[row]!;
    if (first >= 0 && this.store.string(first) === s) return;
    const more = this.moreServices.get(row);
    if (more === undefined) this.moreServices.set(row, [s]);
    else if (!more.includes(s)) more.push(s);
  }

  /** A handle on the group in `row` (rows come from `orderedRows`). */
  state(row: number): GroupState {
    return new GroupState(this, row);
  }

  summaryOf(row: number): GroupSummary {
    const stamp = this.table.stamp[row]!;
    const hit = this.summaries.get(row);
    if (hit !== undefined && hit.stamp === stamp) return hit.summary;
    const t = this.table;
    const kind = GROUP_KINDS[t.kind[row]!]!;
    const key = this.keyOfRow(row);
    const sp = this.spanInfo.get(row);
    const summary: GroupSummary = {
      id: row === UNGROUPED_ROW ? UNGROUPED_GROUP_ID : `${kind}:${key}`,
      kind,
      key,
      records: this.ids.length(row),
      spans: sp?.list.length ?? 0,
      errors: t.errors[row]!,
      startNs: Number.isNaN(t.startMs[row]!) ? null : msToNs(t.startMs[row]!, t.startSub[row]!),
      endNs: Number.isNaN(t.endMs[row]!) ? null : msToNs(t.endMs[row]!, t.endSub[row]!),
      root: sp?.root ?? null,
      services: [...this.servicesOf(row)].sort(),
    };
    this.summaries.delete(row);
    this.summaries.set(row, { stamp, summary });
    if (this.summaries.size > MAX_SUMMARIES) this.summaries.delete(this.summaries.keys().next().value!);
    return summary;
  }

  /** The key-made rows of a kind. */
  private keyRowsOf(kind: GroupKind | 'field'): ShardedMap<string, number> {
    let m = this.keyRows.get(kind);
    if (m === undefined) {
      m = new ShardedMap<string, number>((key) => key.length + key.charCodeAt(key.length - 1));
      this.keyRows.set(kind, m);
    }
    return m;
  }

  /** The row of the group (kind, key), if there is one. */
  private findRow(kind: GroupKind | 'field', key: string): number | undefined {
    const r = this.keyRows.get(kind)?.get(key);
    if (r !== undefined) return r;
    const t = this.keyer.tokenOf(kind, key);
    const tr = t >= 0 && t < this.tokenRow.length ? this.tokenRow[t]! - 1 : -1;
    return tr >= 0 && this.table.token[tr] === t ? tr : undefined;
  }

  /** The row of the group (kind, key), made when missing (reported spans). */
  private rowForKey(kind: GroupKind | 'field', key: string): number {
    let r = this.findRow(kind, key);
    if (r === undefined) {
      r = this.newRow(kind);
      this.keyText.set(r, key);
      this.keyRowsOf(kind).set(key, r);
      this.kindCounts[kind]++;
      this.markMoved(r);
    }
    return r;
  }

  /**
   * The row of a token not placed yet (or whose group was dropped): a group made by key for the same key (its
   * spans came first) becomes the token's; else a new group, which reads its key from the token when asked.
   */
  private newTokenRow(t: number): number {
    const kind = this.keyer.kindOf(t);
    const byKey = this.keyRows.get(kind);
    let r: number | undefined;
    if (byKey !== undefined && byKey.size > 0) {
      const key = this.keyer.keyOf(t);
      r = byKey.get(key);
      if (r !== undefined) {
        byKey.delete(key);
        this.keyText.delete(r);
      }
    }
    if (r === undefined) {
      r = this.newRow(kind);
      this.kindCounts[kind]++;
      this.markMoved(r);
    }
    this.table.token[r] = t;
    if (t >= this.tokenRow.length) {
      let n = this.tokenRow.length * 2;
      while (n <= t) n *= 2;
      const next = new Int32Array(n);
      next.set(this.tokenRow);
      this.tokenRow = next;
    }
    this.tokenRow[t] = r + 1;
    return r;
  }

  private rowOfToken(t: number): number {
    if (t < 0) return UNGROUPED_ROW;
    const r = (t < this.tokenRow.length ? this.tokenRow[t]! : 0) - 1;
    // the row must still be this token's: a dropped group's row may hold another group since
    return r >= 0 && this.table.token[r] === t ? r : this.newTokenRow(t);
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
      this.placeRecords(this.upTo, end);
      this.upTo = end;
      changed = true;
      if (performance.now() > deadline) break;
    }
    if (this.takesSpans && this.upTo >= to && this.spansSeen < this.store.spans.length) {
      this.placeSpans(deadline);
      changed = true;
    }
    if (changed) this.version++;
    if (this.dirty.length > this.placing.mergeDirty) this.mergeOrder();
    return this.upTo >= to && (!this.takesSpans || this.spansSeen >= this.store.spans.length);
  }

  /**
   * Places records [from, end) (at most STEP). The hot loop of catching up, on its own: V8 optimises it alone,
   * a few times per run, instead of all of catchUp with it (≈ 20 ms of compiling each time).
   */
  private placeRecords(from: number, end: number): void {
    let cols = this.columnsOf(from, end);
    if (cols === null) this.store.readColumns(from, end, (cols = this.cols ??= new RecordColumns(STEP)));
    const tokens = this.keyer.tokens !== undefined ? (this.tokens ??= new Int32Array(STEP)) : null;
    if (tokens !== null) this.keyer.tokens!(cols, end - from, tokens);
    for (let id = from; id < end; id++) {
      if (!this.live(id)) continue;
      const i = id - from;
      const t = tokens !== null ? tokens[i]! : this.keyer.token(id);
      this.place(this.rowOfToken(t), id, cols, i);
    }
  }

  private placeSpans(deadline: number): void {
    const spans = this.store.spans;
    const t = this.table;
    while (this.spansSeen < spans.length) {
      const end = Math.min(spans.length, this.spansSeen + STEP);
      for (let i = this.spansSeen; i < end; i++) {
        const s = spans[i]!;
        const r = this.rowForKey('trace', s.traceId);
        const before = t.startMs[r]!,
          beforeSub = t.startSub[r]!;
        this.addSpan(r, i, s);
        if (t.startMs[r] !== before || t.startSub[r] !== beforeSub) this.markMoved(r);
      }
      this.spansSeen = end;
      if (performance.now() > deadline) break;
    }
  }

  /**
   * Puts record `id`, row i of `cols`, in row `r`. (The record's time is read here, not passed: a number that is
   * not a small integer is boxed to be passed, a record at a time, when V8 does not inline the call.)
   */
  private place(r: number, id: number, cols: RecordColumns, i: number): void {
    const t = this.table;
    t.stamp[r]++;
    // Appends from several sources interleave in time: the list tracks how much of it is still in order.
    this.ids.pushOrdered(r, id, this.times.compare);
    if (cols.error[i] === 1) t.errors[r]++;
    // its own time (the time column: NaN for a record without one)
    if (t.widenAt(r, cols.timeMs, cols.subNs, i)) this.markMoved(r);
    const svc = cols.service[i]!;
    if (svc !== NONE && svc !== t.lastServiceKey[r]) {
      t.lastServiceKey[r] = svc;
      if (t.firstServiceKey[r]! < 0) t.firstServiceKey[r] = svc;
      else if (svc !== t.firstServiceKey[r]) this.recordService(r, svc);
    }
  }

  private addSpan(r: number, index: number, span: Span): void {
    const t = this.table;
    t.stamp[r]++;
    let sp = this.spanInfo.get(r);
    if (sp === undefined) this.spanInfo.set(r, (sp = { list: [], root: null, rootStart: null }));
    sp.list.push(index);
    const [sm, ss] = nsToMs(span.startNs);
    const [em, es] = nsToMs(span.endNs);
    t.widen(r, sm, ss);
    t.widen(r, em, es);
    if (span.service) this.addService(r, span.service);
    if (span.status === 'error') t.errors[r]++;
    // The root is the earliest span without a parent; a trace seen only in part may have none.
    if (span.parentSpanId === null && (sp.rootStart === null || span.startNs < sp.rootStart)) {
      sp.root = span.name;
      sp.rootStart = span.startNs;
    }
  }

  private markMoved(r: number): void {
    const f = this.table.flags[r]!;
    if (f & GF_MOVED || r === UNGROUPED_ROW) return;
    this.table.flags[r] = f | GF_MOVED;
    this.dirty.push(r);
  }

  /** Start order of rows a (at start ams/asub) and b (at bms/bsub): earliest first, no time last, ties by id. */
  private compareAt(ams: number, asub: number, a: number, bms: number, bsub: number, b: number): number {
    const an = Number.isNaN(ams),
      bn = Number.isNaN(bms);
    if (an || bn) return an && bn ? this.compareRowIds(a, b) : an ? 1 : -1;
    if (ams !== bms) return ams < bms ? -1 : 1;
    if (asub !== bsub) return asub < bsub ? -1 : 1;
    return a === b ? 0 : this.compareRowIds(a, b);
  }

  /** Order of `kind:key` ids, without making them (no kind's name is a prefix of another's). */
  private compareRowIds(a: number, b: number): number {
    const ka = this.table.kind[a]!,
      kb = this.table.kind[b]!;
    if (ka !== kb) return compareIds(GROUP_KINDS[ka]!, GROUP_KINDS[kb]!);
    const ta = this.table.token[a]!,
      tb = this.table.token[b]!;
    if (ta >= 0 && tb >= 0 && this.keyer.compareKeys !== undefined) return this.keyer.compareKeys(ta, tb);
    return compareIds(this.keyOfRow(a), this.keyOfRow(b));
  }

  private readonly compareStart = (a: number, b: number): number => {
    const t = this.table;
    return this.compareAt(t.startMs[a]!, t.startSub[a]!, a, t.startMs[b]!, t.startSub[b]!, b);
  };

  /**
   * Merges the groups whose start moved into the start order: sorts only those and rebuilds the order from the
   * first place they touch. Records mostly arrive in time order, so that place is near the end and the cost is
   * the groups that moved, not the groups there are.
   */
  private mergeOrder(): void {
    if (this.dirty.length === 0) return;
    const t = this.table;
    const moved = this.dirty;
    this.dirty = [];
    let p = this.orderLength;
    const fresh: number[] = [];
    for (const r of moved) {
      const f = t.flags[r]!;
      if (f & GF_IN_ORDER) p = Math.min(p, this.placeOf(r));
      if (!(f & GF_REMOVED)) fresh.push(r);
    }
    fresh.sort(this.compareStart);
    if (fresh.length > 0) p = Math.min(p, this.lowerBound(fresh[0]!));
    const tail = this.order.slice(p, this.orderLength);
    let n = p;
    const need = p + tail.length + fresh.length;
    if (need > this.order.length) {
      const next = new Int32Array(Math.max(need, Math.ceil(this.order.length * 1.5)));
      next.set(this.order.subarray(0, p));
      this.order = next;
    }
    const order = this.order;
    // Entries of the tail that did not move are at their current start: merge them with the moved ones.
    let i = 0,
      j = 0;
    while (i < tail.length || j < fresh.length) {
      const a = i < tail.length ? tail[i]! : -1;
      if (a >= 0 && t.flags[a]! & (GF_MOVED | GF_REMOVED)) {
        i++;
        continue;
      }
      if (a >= 0 && (j >= fresh.length || this.compareStart(a, fresh[j]!) <= 0)) {
        order[n++] = a;
        i++;
      } else order[n++] = fresh[j++]!;
    }
    this.orderLength = n;
    for (const r of moved) {
      const f = t.flags[r]!;
      t.flags[r] = f & GF_REMOVED ? f & ~(GF_MOVED | GF_IN_ORDER) : (f & ~GF_MOVED) | GF_IN_ORDER;
      t.orderMs[r] = t.startMs[r]!;
      t.orderSub[r] = t.startSub[r]!;
    }
  }

  /** Where row `r` sits in the order (found by the start it was put there with). */
  private placeOf(r: number): number {
    const order = this.order,
      t = this.table;
    let lo = 0,
      hi = this.orderLength - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1,
        o = order[m]!;
      const c = this.compareAt(t.orderMs[o]!, t.orderSub[o]!, o, t.orderMs[r]!, t.orderSub[r]!, r);
      if (c === 0) return m;
      if (c < 0) lo = m + 1;
      else hi = m - 1;
    }
    return lo;
  }

  /** The first place in the order whose entry sorts after row `r` at its current start. */
  private lowerBound(r: number): number {
    const order = this.order,
      t = this.table;
    let lo = 0,
      hi = this.orderLength;
    while (lo < hi) {
      const m = (lo + hi) >> 1,
        o = order[m]!;
      if (this.compareAt(t.orderMs[o]!, t.orderSub[o]!, o, t.startMs[r]!, t.startSub[r]!, r) < 0) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  /**
   * Rows of the groups with records or spans, in start order (the ungrouped bucket is not among them): a view,
   * valid until the grouping next changes. Do not modify.
   */
  orderedRows(): Int32Array {
    this.mergeOrder();
    return this.order.subarray(0, this.orderLength);
  }

  /** The group a placed record is in (null while it is not placed yet, or evicted). */
  groupOf(id: number): GroupState | null {
    if (id < this.from || id >= this.upTo || !this.live(id)) return null;
    return new GroupState(this, this.rowOfToken(this.keyer.token(id)));
  }

  get(id: string): GroupState | undefined {
    if (id === UNGROUPED_GROUP_ID) return this.ungrouped;
    const colon = id.indexOf(':');
    if (colon < 0) return undefined;
    const kind = id.slice(0, colon) as GroupKind | 'field';
    if (!GROUP_KINDS.includes(kind)) return undefined;
    const r = this.findRow(kind, id.slice(colon + 1));
    return r === undefined ? undefined : new GroupState(this, r);
  }

  /** The group's ids in time order (none once the group was dropped). */
  sortedIds(g: GroupState): Int32Array {
    if (!g.live) return new Int32Array(0);
    this.ids.ensureSorted(g.row, this.times.compare);
    return this.ids.view(g.row);
  }

  /**
   * Forgets the given placed records (evicted; `live` already rejects them) and every record below
   * `firstLive`; recomputes the stats of the groups that lost some, and drops groups left empty — each by its
   * own token, so the cost is the records evicted plus the groups touched, not the groups there are.
   */
  evict(ids: ArrayLike<number>, firstLive: number): void {
    const touched = new Set<number>();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < this.from || id >= this.upTo) continue;
      touched.add(this.rowOfToken(this.keyer.token(id)));
    }
    if (firstLive > this.from) {
      this.from = firstLive;
      // Records below firstLive this grouping had not placed yet are gone: never place them.
      if (this.upTo < firstLive) this.upTo = firstLive;
    }
    if (touched.size === 0) return;
    const t = this.table;
    const dropped: number[] = [];
    for (const r of touched) {
      this.ids.retain(r, (id) => id >= firstLive && this.live(id));
      t.stamp[r]++;
      t.errors[r] = 0;
      t.startMs[r] = t.endMs[r] = NaN;
      const list = this.ids.view(r);
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!;
        if (this.store.hasError(id)) t.errors[r]++;
        if (this.times.hasOwnTime(id)) t.widen(r, this.times.effMs(id), this.times.effSub(id));
      }
      const sp = this.spanInfo.get(r);
      for (const si of sp?.list ?? NO_SPANS) {
        const s = this.store.spans[si]!;
        if (s.status === 'error') t.errors[r]++;
        const [sm, ss] = nsToMs(s.startNs);
        const [em, es] = nsToMs(s.endNs);
        t.widen(r, sm, ss);
        t.widen(r, em, es);
      }
      if (r === UNGROUPED_ROW) continue;
      this.markMoved(r);
      if (list.length === 0 && sp === undefined) {
        t.flags[r]! |= GF_REMOVED;
        dropped.push(r);
      }
    }
    // The order forgets the dropped rows before they are given to new groups.
    this.mergeOrder();
    for (const r of dropped) {
      const kind = GROUP_KINDS[t.kind[r]!]!;
      if (t.token[r]! < 0) this.keyRows.get(kind)?.delete(this.keyOfRow(r));
      this.kindCounts[kind]--;
      const tok = t.token[r]!;
      if (tok >= 0 && tok < this.tokenRow.length && this.tokenRow[tok] === r + 1) this.tokenRow[tok] = 0;
      this.ids.release(r);
      this.keyText.delete(r);
      this.moreServices.delete(r);
      this.summaries.delete(r);
      t.release(r);
    }
    this.version++;
  }
}
