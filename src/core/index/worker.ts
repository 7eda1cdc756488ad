// Worker thread entry (bundled to dist/indexWorker.js): indexes one newline-aligned range of a file and
// sends back its column chunks by transfer, with its own string and location tables for re-interning.

import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { ChunkBuilder } from './builder';
import { chunkBuffers } from './columns';
import { createFormatHooks } from './formatHooks';
import { LineIndexer } from './lineIndexer';
import { readRange } from './rangeReader';
import type { RangeJob } from './workerPool';

parentPort?.on('message', (job: RangeJob) => {
  try {
    const builder = new ChunkBuilder();
    const indexer = new LineIndexer(builder, createFormatHooks(job.fieldMappings), {
      rangeStart: true, maxDocumentBytes: job.maxDocumentBytes, maxLineBytes: job.maxLineBytes, slowOnly: job.slowOnly,
    });
    const fd = openSync(job.path, 'r');
    let consumed: number;
    try {
      consumed = readRange(fd, job.start, job.end, job.limit, indexer, { chunkSize: job.chunkSize, maxLineBytes: job.maxLineBytes });
    } finally {
      closeSync(fd);
    }
    const stats = indexer.finish(consumed);
    const transfer = builder.chunks.flatMap(chunkBuffers);
    parentPort!.postMessage({
      ok: true, start: job.start, end: job.end, stats, chunks: builder.chunks, strings: builder.strings.strings,
      locations: builder.locations.list, spans: indexer.spans, spanLines: indexer.spanLines, spanOffsets: indexer.spanOffsets,
    }, transfer);
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: (e as Error).stack ?? String(e) });
  }
});
