// The groupings a session keeps, keyed by what they group by: the primary one (trace, else correlation ID, else
// thread) always, the other kinds once asked for, and a few field groupings (the most recently used), with the
// parsed field values those and raw-field filters read.

import { LEVELS, levelFromCode, type Level } from '../model';
import type { RecordStore } from '../index/types';
import { StringTable } from '../index/interner';
import { columnReader } from '../query/compile';
import { columnOf } from '../query/language';
import { PRIMARY_GROUPING, type GroupBy } from './api';
import { FieldValues } from './fieldValues';
import { Grouping, kindKeyer, PLACING, type GroupKeyer, type Placing } from './grouping';
import type { Intake } from './intake';

/** Field groupings and field-value caches kept at once; older ones are rebuilt on demand. */
const MAX_FIELD_GROUPINGS = 3;

export class Groupings {
  readonly primary: Grouping;
  private readonly kinds = new Map<string, Grouping>();
  private readonly fields = new Map<string, Grouping>();
  private readonly fieldValues = new Map<string, FieldValues>();
  /** Values of column fields grouped by, as tokens. */
  private readonly tokens = new StringTable();

  constructor(
    private readonly store: RecordStore,
    private readonly intake: Intake,
    /** Called as parsed field values arrive (filters waiting on them continue, views refresh). */
    private readonly onValues: () => void,
    private readonly placing: Placing = PLACING.alone,
  ) {
    this.primary = this.kind('trace');
  }

  /** The intake's columns of records it just took in (the groupings place them next). */
  private readonly columnsOf = (from: number, to: number) => this.intake.columnsOf(from, to);

  /** The grouping `by`, made (empty, above the evicted records) when first asked for; the caller catches it up. */
  get(by: GroupBy): Grouping {
    if ('kind' in by) return this.kind(by.kind);
    const name = `field:${by.field}`;
    let g = this.fields.get(name);
    if (!g) {
      g = new Grouping(
        this.store,
        this.intake.times,
        this.fieldKeyer(by.field),
        false,
        'field',
        this.intake.isLive,
        this.placing,
        this.columnsOf,
      );
      g.upTo = g.from = this.intake.firstLive;
      this.fields.set(name, g);
      while (this.fields.size > MAX_FIELD_GROUPINGS) this.fields.delete(this.fields.keys().next().value!);
    } else {
      // Most recently used last, so the oldest is the one dropped.
      this.fields.delete(name);
      this.fields.set(name, g);
    }
    return g;
  }

  private kind(kind: 'trace' | 'correlation' | 'thread'): Grouping {
    const name = `kind:${kind}`;
    let g = this.kinds.get(name);
    if (!g) {
      g = new Grouping(
        this.store,
        this.intake.times,
        kindKeyer(this.store, kind),
        kind === PRIMARY_KIND,
        kind,
        this.intake.isLive,
        this.placing,
        this.columnsOf,
      );
      // Start above evicted records: they are gone for every grouping.
      g.upTo = g.from = this.intake.firstLive;
      this.kinds.set(name, g);
    }
    return g;
  }

  /** Places what each grouping has not placed yet, until the deadline; true when the kind groupings are done. */
  catchUp(deadline: number): boolean {
    let done = true;
    for (const g of this.kinds.values()) if (!g.catchUp(deadline)) done = false;
    // Field groupings catch up as far as their parsed values go.
    for (const g of this.fields.values()) g.catchUp(deadline);
    return done;
  }

  /** Whether every kind grouping has placed every record appended. */
  settled(): boolean {
    for (const g of this.kinds.values()) if (g.pending() > 0) return false;
    return true;
  }

  /** Forgets evicted records everywhere. */
  evict(ids: ArrayLike<number>, firstLive: number): void {
    for (const g of this.kinds.values()) g.evict(ids, firstLive);
    // Field groupings would need their parsed values for the evicted ids: cheaper to rebuild on demand.
    this.fields.clear();
  }

  /** Parsed values of a raw field (filled in the background, in id order). */
  values(field: string): FieldValues {
    let fv = this.fieldValues.get(field);
    if (!fv) {
      fv = new FieldValues(this.store, field, this.onValues);
      fv.skipTo(this.intake.firstLive);
      this.fieldValues.set(field, fv);
      if (this.fieldValues.size > MAX_FIELD_GROUPINGS + 1) {
        let oldest: FieldValues | null = null;
        for (const v of this.fieldValues.values())
          if (v !== fv && (!oldest || v.lastUsed < oldest.lastUsed)) oldest = v;
        if (oldest) {
          oldest.stop();
          this.fieldValues.delete(oldest.field);
          this.fields.delete(`field:${oldest.field}`);
        }
      }
    }
    return fv;
  }

  stop(): void {
    for (const fv of this.fieldValues.values()) fv.stop();
  }

  private fieldKeyer(field: string): GroupKeyer {
    const store = this.store;
    if (field === 'level') {
      return {
        ready: () => store.count,
        token: (id) => (store.level(id) === 0 ? -1 : store.level(id)),
        kindOf: () => 'field',
        keyOf: (t) => levelFromCode(t)!,
        tokenOf: (kind, key) => (kind === 'field' ? LEVELS.indexOf(key as Level) + 1 || -1 : -1),
      };
    }
    const column = columnOf(field);
    if (column) {
      const read = columnReader(store, column);
      return {
        ready: () => store.count,
        token: (id) => {
          const v = read(id);
          return v === null ? -1 : this.tokens.intern(v);
        },
        kindOf: () => 'field',
        keyOf: (t) => this.tokens.get(t),
        tokenOf: (kind, key) => (kind === 'field' ? this.tokens.find(key) : -1),
      };
    }
    const values = this.values(field);
    return {
      ready: () => {
        values.ensure(store.count);
        return values.resolved;
      },
      token: (id) => values.code(id),
      kindOf: () => 'field',
      keyOf: (t) => values.text(t),
      tokenOf: (kind, key) => (kind === 'field' ? values.codeOf(key) : -1),
    };
  }
}

const PRIMARY_KIND = 'kind' in PRIMARY_GROUPING ? PRIMARY_GROUPING.kind : 'trace';
