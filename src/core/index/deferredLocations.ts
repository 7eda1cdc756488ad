// Source locations the fast path left for later (`LOCATION_DEFERRED`), read from the records' bytes when a
// question first asks for them. A few asks in a chunk (a page of the first screen) parse just those records,
// as `load()` does; past that (the editor hints ask for every record's location) the next rows of the chunk are
// read in one go, a window at a time (so one ask never holds the thread for long), and scanned again by the
// fast path with only the format and location filled: the work the first pass skipped, paid once.

import type { ChunkColumns, StoredChunk } from './columns';
import { ChunkBuilder, LOCATION_DEFERRED, type LocationTable } from './builder';
import type { IndexHooks } from './hooks';
import type { StringTable } from './interner';
import { LineIndexer, ShapeCache } from './lineIndexer';
import type { ByteReader } from './recordStore';
import { NONE } from './types';
import type { LogRecord } from '../model';

/** Records of a chunk resolved one by one before the rows after an ask are resolved a window at a time. */
const SINGLE_ASKS = 512;
/** Rows read again in one pass (≈ 4 MiB of the benchmark's lines). */
const WINDOW_ROWS = 8192;

export interface LocationSource {
  readonly strings: StringTable;
  readonly locationTable: LocationTable;
  readonly hooks: IndexHooks;
  /** The byte reader of a store source (null once closed). */
  readerOf(source: number): ByteReader | null;
  /** The record as `load()` gives it (throws when its bytes cannot be read). */
  loadSync(id: number): LogRecord;
}

export class DeferredLocations {
  private readonly asks = new WeakMap<ChunkColumns, number>();
  /**
   * Fast paths learned by earlier windows (they hold keys into the store's tables, which every window shares):
   * a window does not learn its shapes again, and the compiled code stays warm.
   */
  private readonly shapes = new ShapeCache();

  constructor(private readonly store: LocationSource) {}

  /** The location key of row `row` of `sc` (whose column holds LOCATION_DEFERRED there); stored back in the column. */
  resolve(sc: StoredChunk, row: number): number {
    const c = sc.cols;
    const asked = (this.asks.get(c) ?? 0) + 1;
    this.asks.set(c, asked);
    if (asked > SINGLE_ASKS) {
      this.resolveWindow(sc, row);
      const k = c.location![row];
      if (k !== LOCATION_DEFERRED) return k;
    }
    return this.resolveOne(sc, row);
  }

  private resolveOne(sc: StoredChunk, row: number): number {
    let k = NONE;
    try {
      const rec = this.store.loadSync(sc.base + row);
      // what the slow path keeps in the index (`ChunkBuilder.rowFromRecord`): explicit fields and caller strings
      const l = rec.source;
      if (l !== null && (l.origin === 'field' || l.origin === 'caller')) k = this.store.locationTable.intern(l);
    } catch {
      // the bytes cannot be read again (file gone or changed): no location, as for a record without one
    }
    sc.cols.location![row] = k;
    return k;
  }

  /** Reads the deferred rows from `row` (deferred) to at most WINDOW_ROWS further again, from their bytes. */
  private resolveWindow(sc: StoredChunk, row: number): void {
    const c = sc.cols, loc = c.location!;
    const first = row;
    let last = row;
    for (let i = row + 1, end = Math.min(c.count, row + WINDOW_ROWS); i < end; i++) {
      if (loc[i] === LOCATION_DEFERRED) last = i;
    }
    const reader = this.store.readerOf(sc.source);
    if (reader === null) return;
    const start = c.offset[first];
    let bytes: Buffer;
    try { bytes = reader.read(start, c.offset[last] + c.length[last] - start); } catch { return; }
    // The scanner wants a line break after each line (its end sentinel): the last row's bytes end with one
    // unless the input ended without it; only then is a copy with one added needed.
    const len = bytes.length > 0 && bytes[bytes.length - 1] === 10 ? bytes.length - 1 : bytes.length;
    let buf = bytes;
    if (len === bytes.length) {
      buf = Buffer.allocUnsafe(len + 1);
      bytes.copy(buf, 0, 0, len);
      buf[len] = 10;
    }
    const { strings, locationTable: locations } = this.store;
    const builder = new ChunkBuilder({ strings, locations, locationsOnly: true });
    const indexer = new LineIndexer(builder, this.store.hooks, { rangeStart: true, shapeCache: this.shapes });
    let ls = 0;
    for (;;) {
      const nl = buf.indexOf(10, ls);
      if (nl < 0 || nl >= len) break;
      indexer.line(buf, ls, nl, start + ls, start + nl + 1);
      ls = nl + 1;
    }
    if (ls < len) indexer.line(buf, ls, len, start + ls, start + len);
    indexer.finish(start + len);
    // rows are matched by byte offset; a row the second pass did not find stays deferred (resolved alone)
    let i = first;
    for (const b of builder.chunks) {
      for (let j = 0; j < b.count; j++) {
        const off = b.offset[j];
        while (i <= last && c.offset[i] < off) i++;
        if (i > last) return;
        if (c.offset[i] === off && loc[i] === LOCATION_DEFERRED) loc[i] = b.location === null ? NONE : b.location[j];
      }
    }
  }
}
