// Buffered writing to stdout that waits for the pipe to drain, so `threadline inspect big.log --json | head`
// streams in constant memory instead of building one giant string.

import { once } from 'node:events';
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
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.stream.write(chunk)) return;
    try {
      await Promise.race([once(this.stream, 'drain'), once(this.stream, 'close')]);
    } catch (e) {
      // `once` rejects on 'error': EPIPE means the reader left, anything else is a real failure.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') this.closed = true;
      else throw e;
    }
  }
}

/** JSON text of a value whose bigints become decimal strings (times in epoch ns). */
export function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}
