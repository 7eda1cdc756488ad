// Worker thread entry (bundled to dist/indexWorker.js): indexes newline-aligned ranges of a file and sends
// back their column chunks by transfer. One worker takes many ranges of the same file in turn; its string
// and location tables and its learned fast paths live across them, so each range runs warm and sends only
// the strings and locations that are new since the range before (the store re-interns each once).

import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { SourceLocation } from '../model';
import { ChunkBuilder, LocationTable } from './builder';
import { newChunk, recycleChunk, sendableChunk, type ChunkColumns } from './columns';
import { createFormatHooks } from './formatHooks';
import type { IndexHooks } from './hooks';
import { StringTable } from './interner';
import { LineIndexer, ShapeCache } from './lineIndexer';
import { readRange } from './rangeReader';
import type { RangeJob } from './workerPool';

interface WorkerTables {
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

/**
 * Record values (IDs, threads, services) a worker keeps across ranges before it forgets them. Kept, a thread
 * name or service seen in every range is sent once, not once a range, and the fast paths keep their cached
 * keys; forgotten past this, a worker's tables stay bounded on any file (≈ 10 MB of IDs).
 */
const FORGET_AFTER = 1 << 17;

let tables: WorkerTables | null = null;
/** Chunks already sent (copied), filled again by the next range: no garbage columns pile up between GCs. */
const spare: ChunkColumns[] = [];
const takeChunk = (capacity: number): ChunkColumns => {
  const c = spare.pop();
  return c !== undefined && c.timeMs.length === capacity ? c : newChunk(capacity);
};

function tablesFor(job: RangeJob): WorkerTables {
  const key = JSON.stringify(job.fieldMappings ?? null);
  if (tables === null || tables.key !== key) {
    // a different configuration starts from empty tables (the pool then sees string base 0 again)
    tables = {
      key,
      hooks: createFormatHooks(job.fieldMappings),
      strings: new StringTable(),
      locations: new LocationTable(),
      shapes: new ShapeCache(),
      sentStrings: 0,
      sentLocations: 0,
      forgotAt: 0,
    };
    tables.strings.trackValues();
  }
  return tables;
}

parentPort?.on('message', (job: RangeJob) => {
  try {
    const t = tablesFor(job);
    const builder = new ChunkBuilder({ strings: t.strings, locations: t.locations, newChunk: takeChunk });
    const indexer = new LineIndexer(builder, t.hooks, {
      rangeStart: true,
      maxDocumentBytes: job.maxDocumentBytes,
      maxLineBytes: job.maxLineBytes,
      slowOnly: job.slowOnly,
      shapeCache: t.shapes,
    });
    const fd = openSync(job.path, 'r');
    let consumed: number;
    try {
      consumed = readRange(fd, job.start, job.end, job.limit, indexer, {
        chunkSize: job.chunkSize,
        maxLineBytes: job.maxLineBytes,
      });
    } finally {
      closeSync(fd);
    }
    const stats = indexer.finish(consumed);
    const chunks = builder.chunks.map(sendableChunk);
    const stringBase = t.sentStrings,
      locationBase = t.sentLocations;
    const strings: string[] = t.strings.strings.slice(stringBase);
    const locations: SourceLocation[] = t.locations.list.slice(locationBase);
    t.sentStrings += strings.length;
    t.sentLocations += locations.length;
    parentPort!.postMessage({
      ok: true,
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
    });
    // Columns are copied (postMessage clones them before it returns), not transferred: detaching a buffer in
    // this thread invalidates V8's "no detached buffers" assumption and deoptimises every typed-array loop of
    // the ranges after (measured on 1 GiB: 5.5–5.9 CPU s transferred, 5.1 copied). The copy is ≈ 58 bytes a
    // record; the sent chunks are filled again by the next range.
    for (const c of builder.chunks) {
      recycleChunk(c);
      spare.push(c);
    }
    if (t.strings.size - t.forgotAt > (job.forgetValuesAfter ?? FORGET_AFTER)) {
      t.strings.forgetValues();
      t.shapes.forget();
      t.forgotAt = t.strings.size;
    }
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: (e as Error).stack ?? String(e) });
  }
});
