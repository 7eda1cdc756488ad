// One range job of a file, as a worker thread runs it and as the calling thread runs it between its other work:
// the string and location tables and the learned fast paths live across a runner's ranges, so each range runs
// warm and sends only the strings and locations that are new since the range before (the store re-interns each
// once). Record values are forgotten past a bound, so the tables stay bounded on any file.

import { closeSync, openSync } from 'node:fs';
import type { SourceLocation } from '../model';
import { ChunkBuilder, LocationTable } from './builder';
import { newChunk, recycleChunk, sendableChunk, type ChunkColumns } from './columns';
import { createFormatHooks } from './formatHooks';
import type { IndexHooks } from './hooks';
import { StringTable } from './interner';
import { LineIndexer, ShapeCache } from './lineIndexer';
import { nextLineStart, readRange } from './rangeReader';
import type { RangeResult } from './store';
import type { RangeJob } from './workerPool';

/**
 * Record values (IDs, threads, services) a runner keeps across ranges before it forgets them. Kept, a thread
 * name or service seen in every range is sent once, not once a range, and the fast paths keep their cached
 * keys; forgotten past this, a runner's tables stay bounded on any file (≈ 3 MB of IDs).
 */
const FORGET_AFTER = 1 << 15;

interface Tables {
  key: string;
  hooks: IndexHooks;
  strings: StringTable;
  locations: LocationTable;
  shapes: ShapeCache;
  sentStrings: number;
  sentLocations: number;
  /** String count when record values were last forgotten. */
  forgotAt: number;
}

/** What a range sends back (a RangeResult without the pool's worker number). */
export type RangeMessage = Omit<RangeResult, 'worker'>;

export class RangeJobRunner {
  private tables: Tables | null = null;
  /** Chunks already sent (copied), filled again by the next range: no garbage columns pile up between GCs. */
  private readonly spare: ChunkColumns[] = [];
  /** The chunks the last range filled. */
  private built: ChunkColumns[] = [];

  /**
   * @param reuseChunks the chunks a range sends are copied (postMessage) and may be filled again; false when
   *   they go to the store as they are (the calling thread's ranges).
   */
  constructor(private readonly reuseChunks: boolean) {}

  private tablesFor(job: RangeJob): Tables {
    const key = JSON.stringify(job.fieldMappings ?? null);
    if (this.tables === null || this.tables.key !== key) {
      // a different configuration starts from empty tables (the pool then sees string base 0 again)
      this.tables = {
        key,
        hooks: createFormatHooks(job.fieldMappings),
        strings: new StringTable(),
        locations: new LocationTable(),
        shapes: new ShapeCache(),
        sentStrings: 0,
        sentLocations: 0,
        forgotAt: 0,
      };
      this.tables.strings.trackValues();
    }
    return this.tables;
  }

  private readonly takeChunk = (capacity: number): ChunkColumns => {
    const c = this.spare.pop();
    return c !== undefined && c.timeMs.length === capacity ? c : newChunk(capacity);
  };

  /** Indexes the job's range in one go (a worker thread). */
  runSync(job: RangeJob): RangeMessage {
    const r = this.prepare(job);
    const fd = openSync(job.path, 'r');
    try {
      return this.complete(r, readRange(fd, job.start, job.end, job.limit, r.indexer, r.rOpts));
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Indexes the job's range `stepBytes` at a time, awaiting `between` after each step (the calling thread
   * yields there, so its event loop goes on). `between` returning false stops the job: the result is then null.
   */
  async runInSteps(job: RangeJob, stepBytes: number, between: () => Promise<boolean>): Promise<RangeMessage | null> {
    const r = this.prepare(job);
    const fd = openSync(job.path, 'r');
    let consumed = job.start;
    try {
      // steps end at line starts; the same indexer goes on across them (a record split by a step is whole)
      while (consumed < job.end) {
        const to = consumed + stepBytes >= job.end ? job.end : nextLineStart(fd, consumed + stepBytes, job.end);
        consumed = readRange(fd, consumed, to, job.limit, r.indexer, r.rOpts);
        if (consumed < 0 || !(await between())) return null;
      }
    } finally {
      closeSync(fd);
    }
    return this.complete(r, consumed);
  }

  private prepare(job: RangeJob) {
    const t = this.tablesFor(job);
    const builder = new ChunkBuilder({
      strings: t.strings,
      locations: t.locations,
      // the store interns the range's keys again anyway: trace ids go as words and are interned there once
      deferTraceWords: true,
      ...(this.reuseChunks ? { newChunk: this.takeChunk } : {}),
    });
    const indexer = new LineIndexer(builder, t.hooks, {
      rangeStart: true,
      maxDocumentBytes: job.maxDocumentBytes,
      maxLineBytes: job.maxLineBytes,
      slowOnly: job.slowOnly,
      jsScanner: job.jsScanner,
      lineBatch: job.lineBatch,
      shapeCache: t.shapes,
    });
    const rOpts = { chunkSize: job.chunkSize, maxLineBytes: job.maxLineBytes };
    return { t, job, builder, indexer, rOpts };
  }

  private complete(r: ReturnType<RangeJobRunner['prepare']>, consumed: number): RangeMessage {
    const { t, job, builder, indexer } = r;
    const stats = indexer.finish(consumed);
    const chunks = builder.chunks.map(sendableChunk);
    this.built = builder.chunks;
    const stringBase = t.sentStrings,
      locationBase = t.sentLocations;
    const strings = t.strings.exportSince(stringBase);
    const locations: SourceLocation[] = t.locations.list.slice(locationBase);
    t.sentStrings += strings.strings.length;
    t.sentLocations += locations.length;
    return {
      start: job.start,
      end: job.end,
      stats,
      chunks,
      strings,
      stringBase,
      locations,
      locationBase,
      spans: indexer.spans,
      spanLines: indexer.spanLines,
      spanOffsets: indexer.spanOffsets,
    };
  }

  /** After the last result was sent: its chunks may be filled again, and record values forgotten past the bound. */
  sent(job: RangeJob): void {
    if (this.reuseChunks)
      for (const c of this.built) {
        recycleChunk(c);
        this.spare.push(c);
      }
    this.built = [];
    const t = this.tables;
    if (t !== null && t.strings.size - t.forgotAt > (job.forgetValuesAfter ?? FORGET_AFTER)) {
      t.strings.forgetValues();
      t.shapes.forget();
      t.forgotAt = t.strings.size;
    }
  }
}
