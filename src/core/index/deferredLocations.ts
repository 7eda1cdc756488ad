// Source locations the fast path left for later (location column ≤ LOCATION_DEFERRED), read back when a question
// first asks for them. The column says where the location's raw JSON lies in the record's first line; those bytes
// are looked up in a map per format and first location key (the bytes hold the other keys' names and every
// value: together they decide the location, as in the fast path's own cache). A miss parses the record as
// `load()` does and remembers its bytes, so the whole file costs one parse per distinct location plus a lookup
// per record. Asks for many records of a chunk (the editor hints ask for every record) read the chunk's bytes a
// window of rows at a time instead of one record at a time.

import type { ChunkColumns, StoredChunk } from './columns';
import { deferredLen, deferredRel, LOCATION_DEFERRED, type LocationTable } from './builder';
import { ByteMap } from './interner';
import type { ByteReader } from './recordStore';
import { NONE } from './types';
import type { LogRecord } from '../model';

/** Records of a chunk read one at a time before the rows after an ask are read a window at a time. */
const SINGLE_ASKS = 512;
/** Rows read in one go (≈ 4 MiB of the benchmark's lines). */
const WINDOW_ROWS = 8192;
const MISSING = -3;

export interface LocationSource {
  readonly locationTable: LocationTable;
  /** The byte reader of a store source (null once closed). */
  readerOf(source: number): ByteReader | null;
  /** The record as `load()` gives it (throws when its bytes cannot be read). */
  loadSync(id: number): LogRecord;
}

export class DeferredLocations {
  private readonly asks = new WeakMap<ChunkColumns, number>();
  /** Location keys by raw bytes, per format key and first location key name. */
  private readonly maps = new Map<string, ByteMap>();

  constructor(private readonly store: LocationSource) {}

  /** The location key of row `row` of `sc`, whose column holds `k` (≤ LOCATION_DEFERRED); stored back in the column. */
  resolve(sc: StoredChunk, row: number, k: number): number {
    const c = sc.cols;
    const asked = (this.asks.get(c) ?? 0) + 1;
    this.asks.set(c, asked);
    if (asked > SINGLE_ASKS) {
      this.resolveWindow(sc, row);
      const r = c.location![row];
      if (r > LOCATION_DEFERRED) return r;
    }
    const reader = this.store.readerOf(sc.source);
    let bytes: Buffer | null = null;
    try {
      bytes = reader === null ? null : reader.read(c.offset[row], deferredRel(k) + deferredLen(k));
    } catch {
      // not readable any more: parsed (or given up) below
    }
    return this.resolveRow(sc, row, k, bytes, 0);
  }

  /** Row `row` (column value `k`), its first line's bytes starting at buf[at]. */
  private resolveRow(sc: StoredChunk, row: number, k: number, buf: Buffer | null, at: number): number {
    const c = sc.cols;
    const s = at + deferredRel(k),
      e = s + deferredLen(k);
    const map = buf === null || e > buf.length ? null : this.mapFor(c.format[row], buf, s);
    let key = map === null ? MISSING : map.get(buf!, s, e, MISSING);
    if (key === MISSING) {
      key = this.parse(sc, row);
      map?.set(buf!, s, e, key);
    }
    c.location![row] = key;
    return key;
  }

  /**
   * The map for lines of format `format` whose location bytes start at buf[s], named by the key before them
   * (`"key":` with optional blanks; keys with escapes never take the fast path). Null when the bytes before
   * are not that (the file changed since it was indexed): the record is then parsed.
   */
  private mapFor(format: number, buf: Buffer, s: number): ByteMap | null {
    let p = s - 1;
    while (p >= 0 && (buf[p] === 32 || buf[p] === 9)) p--;
    if (p < 0 || buf[p] !== 58) return null;
    p--;
    while (p >= 0 && (buf[p] === 32 || buf[p] === 9)) p--;
    if (p < 0 || buf[p] !== 34) return null;
    const end = p;
    p--;
    while (p >= 0 && buf[p] !== 34) p--;
    if (p < 0) return null;
    const name = `${format}\u0000${buf.toString('latin1', p + 1, end)}`;
    let m = this.maps.get(name);
    if (m === undefined) this.maps.set(name, (m = new ByteMap(256)));
    return m;
  }

  /**
   * What the slow path keeps in the index for the record (`ChunkBuilder.rowFromRecord`): field and caller locations.
   */
  private parse(sc: StoredChunk, row: number): number {
    try {
      const l = this.store.loadSync(sc.base + row).source;
      if (l !== null && (l.origin === 'field' || l.origin === 'caller')) return this.store.locationTable.intern(l);
    } catch {
      // the bytes cannot be read again (file gone or changed): no location, as for a record without one
    }
    return NONE;
  }

  /** Resolves the deferred rows from `row` to at most WINDOW_ROWS further, reading their bytes in one go. */
  private resolveWindow(sc: StoredChunk, row: number): void {
    const c = sc.cols,
      loc = c.location!;
    let last = row;
    for (let i = row + 1, end = Math.min(c.count, row + WINDOW_ROWS); i < end; i++) {
      if (loc[i] <= LOCATION_DEFERRED) last = i;
    }
    const reader = this.store.readerOf(sc.source);
    if (reader === null) return;
    const start = c.offset[row];
    let buf: Buffer;
    try {
      buf = reader.read(start, c.offset[last] + c.length[last] - start);
    } catch {
      return;
    }
    for (let i = row; i <= last; i++) {
      const k = loc[i];
      if (k <= LOCATION_DEFERRED) this.resolveRow(sc, i, k, buf, c.offset[i] - start);
    }
  }
}
