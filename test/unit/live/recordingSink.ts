// A StreamSink that keeps what it is given, splitting text into lines the way the contract says a session
// does (a partial last line waits; end() finishes it), so the live sources can be tested on their own.

import type { SourceSummary, StreamSink } from '../../../src/core/session/api';

type Loose = { readonly [key: string]: unknown } | null | undefined;

export class RecordingSink implements StreamSink {
  lines: string[] = [];
  docs: { value: unknown; origin: string }[] = [];
  ended = false;
  bytes = 0;
  private partial = '';
  private decoder = new TextDecoder();
  private waiters: { pred: () => boolean; resolve: () => void }[] = [];

  constructor(
    readonly name = 'test',
    private readonly keepLines = true,
  ) {}
  lineCount = 0;

  write(chunk: string | Uint8Array): void {
    if (this.ended) throw new Error('write after end');
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    this.lineCount += parts.length;
    if (this.keepLines) for (const p of parts) this.lines.push(p);
    this.wake();
  }
  /** Like a session, counts what a document holds (every item taken as readable). */
  docSpans = 0;
  docRecords = 0;
  writeDocument(value: unknown, origin: string): void {
    if (this.ended) throw new Error('writeDocument after end');
    this.docs.push({ value, origin });
    // Read loosely: a document's parts are counted only where they have the expected shape.
    const v = value as Loose;
    const list = (x: unknown): Loose[] => (Array.isArray(x) ? x : []);
    if (Array.isArray(v)) this.docSpans += v.length;
    for (const rs of list(v?.resourceSpans))
      for (const ss of list(rs?.scopeSpans)) this.docSpans += list(ss?.spans).length;
    for (const rl of list(v?.resourceLogs))
      for (const sl of list(rl?.scopeLogs)) this.docRecords += list(sl?.logRecords).length;
    this.wake();
  }
  end(): void {
    if (this.partial) {
      this.lineCount++;
      if (this.keepLines) this.lines.push(this.partial);
      this.partial = '';
    }
    this.ended = true;
    this.wake();
  }
  summary(): SourceSummary {
    return {
      name: this.name,
      kind: 'stream',
      lines: this.lineCount + this.docs.length,
      recordLines: this.lineCount + this.docs.length,
      records: this.lineCount + this.docRecords,
      spans: this.docSpans,
      continuationLines: 0,
      badLines: [],
      formats: {},
      bytes: this.bytes,
      bytesDone: this.bytes,
      done: this.ended,
      error: null,
      elapsedMs: 0,
    };
  }
  /** Resolves when pred() holds, checked after each write; rejects after timeoutMs. */
  until(pred: () => boolean, timeoutMs = 30_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`timed out; ${this.lineCount} lines, ${this.docs.length} docs`)),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }
  private wake() {
    this.waiters = this.waiters.filter((w) => {
      if (w.pred()) {
        w.resolve();
        return false;
      }
      return true;
    });
  }
}
