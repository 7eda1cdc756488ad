// Values of one raw field for every record, read by parsing records on demand (the index does not keep arbitrary
// fields). Filled in the background in id order, in small batches, so grouping or filtering by any field works
// on a big file without blocking; interned, so a million records cost one Int32Array.

import type { LogRecord } from '../model';
import type { RecordStore } from '../index/types';
import { StringTable } from '../index/interner';

const UNKNOWN = -2;
const ABSENT = -1;
const BATCH = 256;

/** Reads a field from a normalised record: a normalised name, a literal raw key, or a dotted path into `fields`. */
export function fieldOf(rec: LogRecord, field: string): string | null {
  const norm = (rec as unknown as Record<string, unknown>)[field];
  if (field !== 'fields' && norm !== undefined && Object.prototype.hasOwnProperty.call(rec, field)) return show(norm);
  const f = rec.fields;
  if (Object.prototype.hasOwnProperty.call(f, field)) return show(f[field]);
  let cur: unknown = f;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return show(cur);
}

function show(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    if (v === null) return null;
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  }
  return String(v);
}

export class FieldValues {
  private codes = new Int32Array(1024).fill(UNKNOWN);
  private readonly strings = new StringTable();
  /** Records [0, resolved) have their value. */
  resolved = 0;
  private target = 0;
  private running = false;
  private stopped = false;
  lastUsed = Date.now();

  constructor(
    private readonly store: RecordStore,
    readonly field: string,
    private readonly onProgress: () => void,
  ) {}

  /** undefined while not parsed yet. */
  get(id: number): string | null | undefined {
    this.lastUsed = Date.now();
    if (id >= this.resolved) return undefined;
    const c = this.codes[id]!;
    return c === ABSENT ? null : c === UNKNOWN ? undefined : this.strings.get(c);
  }

  /** Interned value code: ≥ 0 a value (see `text`), -1 absent or not parsed yet. */
  code(id: number): number {
    if (id >= this.resolved) return -1;
    const c = this.codes[id]!;
    return c < 0 ? -1 : c;
  }

  text(code: number): string {
    return this.strings.get(code);
  }

  /** The code of a value (see `text`), or -1 when no record parsed so far has it. */
  codeOf(text: string): number {
    return this.strings.find(text);
  }

  /** Records below `id` were evicted: never parse them. */
  skipTo(id: number): void {
    if (id > this.resolved) {
      if (id > this.codes.length) {
        let n = this.codes.length;
        while (n < id) n *= 2;
        const next = new Int32Array(n).fill(UNKNOWN);
        next.set(this.codes);
        this.codes = next;
      }
      this.resolved = id;
    }
  }

  /** Starts (or extends) background parsing up to record `to`. */
  ensure(to: number): void {
    if (to > this.target) this.target = to;
    if (!this.running && this.resolved < this.target) void this.run();
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && this.resolved < Math.min(this.target, this.store.count)) {
        const from = this.resolved;
        const to = Math.min(from + BATCH, this.target, this.store.count);
        if (to > this.codes.length) {
          let n = this.codes.length;
          while (n < to) n *= 2;
          const next = new Int32Array(n).fill(UNKNOWN);
          next.set(this.codes);
          this.codes = next;
        }
        const ids = Array.from({ length: to - from }, (_, i) => from + i);
        const recs = await Promise.all(ids.map((id) => this.store.load(id).catch(() => null)));
        if (this.stopped) return;
        for (let i = 0; i < recs.length; i++) {
          const r = recs[i];
          const v = r ? fieldOf(r, this.field) : null;
          this.codes[from + i] = v === null ? ABSENT : this.strings.intern(v);
        }
        this.resolved = to;
        this.onProgress();
      }
    } finally {
      this.running = false;
    }
  }
}
