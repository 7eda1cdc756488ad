// A live source (followed file, command output, receiver): bytes are pushed as they arrive, split into lines
// here, and indexed by the same LineIndexer as files. A partial last line waits for its newline (or end()).
// The bytes are kept in memory, in their arrival chunks, so records can be read back by offset.

import type { SourceSummary, StreamSink } from '../model';
import { Row } from './builder';
import { LineIndexer } from './lineIndexer';
import { MemoryReader, type ColumnStore } from './recordStore';

export interface StreamIndex extends StreamSink {
  write(chunk: string | Uint8Array): void;
  /** A whole JSON document that arrived out of band (an OTLP/Zipkin request body): its records are kept whole. */
  writeDocument(value: unknown, origin: string): void;
  end(): void;
  summary(): SourceSummary;
}

export function createStreamIndex(store: ColumnStore, name: string): StreamIndex {
  const reader = new MemoryReader();
  const source = store.addSource(name, 'stream', reader);
  const builder = store.builderFor(source);
  const indexer = new LineIndexer(builder, store.hooks, {});
  source.live = indexer;
  let partial: Buffer | null = null; // bytes of the unfinished last line
  let partialOffset = 0;
  let ended = false;
  const row = new Row();
  const takeSpans = () => {
    if (indexer.spans.length === 0) return;
    store.addSpans(source, indexer.spans.splice(0), indexer.spanLines.splice(0), indexer.spanOffsets.splice(0));
  };

  return {
    write(chunk) {
      if (ended) return;
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      if (b.length === 0) return;
      const base = reader.size;
      reader.add(b);
      source.bytes = source.bytesDone = reader.size;
      let ls = 0;
      for (;;) {
        const nl = b.indexOf(10, ls);
        if (nl < 0) break;
        if (partial !== null) {
          const line = Buffer.concat([partial, b.subarray(0, nl + 1)]);
          indexer.line(line, 0, line.length - 1, partialOffset, base + nl + 1);
          partial = null;
        } else {
          indexer.line(b, ls, nl, base + ls, base + nl + 1);
        }
        ls = nl + 1;
      }
      if (ls < b.length) {
        if (partial === null) {
          partial = Buffer.from(b.subarray(ls));
          partialOffset = base + ls;
        } else partial = Buffer.concat([partial, b.subarray(ls)]);
      }
      takeSpans();
      store.notify();
    },
    writeDocument(value, origin) {
      if (ended) return;
      const n = store.hooks.normalizeValue(value);
      for (const r of n.records) {
        builder.rowFromRecord(r, row);
        builder.append(row, 0, -1, 0);
        builder.keepLast(r);
        source.formats[r.format] = (source.formats[r.format] ?? 0) + 1;
      }
      source.records += n.records.length;
      store.addSpans(source, n.spans, null, null);
      if (n.spans.length > 0)
        source.formats[n.spans[0].format] = (source.formats[n.spans[0].format] ?? 0) + n.spans.length;
      for (const w of n.warnings) if (source.notes.length < 1000) source.notes.push(`${origin}: ${w}`);
      store.notify();
    },
    end() {
      if (ended) return;
      ended = true;
      if (partial !== null) {
        const line = Buffer.concat([partial, Buffer.from([10])]);
        indexer.line(line, 0, partial.length, partialOffset, reader.size);
        partial = null;
      }
      indexer.finish(reader.size);
      takeSpans();
      source.live = null;
      source.addStats(indexer.stats, 0);
      source.done = true;
      source.elapsedMs = Date.now() - source.started;
      store.notify();
    },
    summary() {
      return source.summary();
    },
  };
}
