// A StreamSink in front of the session's sink that can be paused. While paused it keeps what arrives, up to a
// byte cap; past the cap `write` answers false and producers hold back (stop reading a file, pause a pipe,
// answer 503 to an exporter) instead of anything being dropped. Resuming replays the queue in order.

import type { SourceSummary, StreamSink } from '../session/api';

type Op = { chunk: string | Uint8Array } | { doc: unknown; origin: string } | { end: true };

export const DEFAULT_PAUSE_BUFFER_BYTES = 64 * 1024 * 1024;

export class PausableSink implements StreamSink {
  private queue: Op[] = [];
  private queuedBytes = 0;
  private isPaused = false;
  private drainListeners = new Set<() => void>();

  constructor(
    readonly target: StreamSink,
    readonly capBytes = DEFAULT_PAUSE_BUFFER_BYTES,
  ) {}

  get paused(): boolean {
    return this.isPaused;
  }
  get bufferedBytes(): number {
    return this.queuedBytes;
  }
  /** False while paused with the buffer full: producers should wait for `onDrain`. */
  get accepting(): boolean {
    return !this.isPaused || this.queuedBytes < this.capBytes;
  }

  write(chunk: string | Uint8Array): boolean {
    if (!this.isPaused) {
      this.target.write(chunk);
      return true;
    }
    this.queue.push({ chunk });
    this.queuedBytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    return this.accepting;
  }

  /** `size` is what the document weighed on the wire, for the cap. */
  writeDocument(value: unknown, origin: string, size = 1024): boolean {
    if (!this.isPaused) {
      this.target.writeDocument(value, origin);
      return true;
    }
    this.queue.push({ doc: value, origin });
    this.queuedBytes += size;
    return this.accepting;
  }

  end(): void {
    if (!this.isPaused) this.target.end();
    else this.queue.push({ end: true });
  }

  summary(): SourceSummary {
    return this.target.summary();
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    const q = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const op of q) {
      if ('chunk' in op) this.target.write(op.chunk);
      else if ('doc' in op) this.target.writeDocument(op.doc, op.origin);
      else this.target.end();
    }
    for (const l of [...this.drainListeners]) l();
  }

  /** Called when a paused sink resumes (its buffer emptied). */
  onDrain(listener: () => void): () => void {
    this.drainListeners.add(listener);
    return () => this.drainListeners.delete(listener);
  }
}
