// Buffered writing to stdout that waits for the pipe to drain, so `threadline inspect big.log --json | head`
// streams in constant memory instead of building one giant string.

import type { Writable } from 'node:stream';

const FLUSH_AT = 64 * 1024;

export class Output {
  private parts: string[] = [];
  private size = 0;
  private closed = false;

  constructor(private readonly stream: Writable) {
    // The reader went away (`| head`): stop quietly, as Unix tools do.
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.closed = true;
      else throw e;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async write(text: string): Promise<void> {
    if (this.closed) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0 || this.closed) return;
    // Closed already (its 'close' came and went): nothing would wake a wait, and it takes no more writes.
    if (this.stream.destroyed) {
      this.closed = true;
      return;
    }
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.stream.write(chunk)) return;
    try {
      if ((await drainOrClose(this.stream)) === 'close') this.closed = true;
    } catch (e) {
      // An 'error' while waiting: EPIPE means the reader left, anything else is a real failure.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') this.closed = true;
      else throw e;
    }
  }
}

/**
 * Waits for 'drain' or 'close' (rejects on 'error') and then removes all three listeners, so a long run of
 * waits on one stream leaves none behind (racing two `once` calls would leave the loser's attached every time).
 */
function drainOrClose(stream: Writable): Promise<'drain' | 'close'> {
  return new Promise((resolve, reject) => {
    const settle = (then: () => void) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', onError);
      then();
    };
    const onDrain = () => settle(() => resolve('drain'));
    const onClose = () => settle(() => resolve('close'));
    const onError = (e: Error) => settle(() => reject(e));
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    stream.on('error', onError);
  });
}

/** JSON text of a value whose bigints become decimal strings (times in epoch ns). */
export function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}
