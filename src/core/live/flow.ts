// Flow control for a readable stream feeding a session: pause it while the sink is full (backpressure), and
// also every so many bytes for one turn of the event loop. Without the second, a pipe or socket that always
// has data is read back to back (libuv reads up to 32 chunks per wake-up), and timers, UI messages and other
// sources wait behind megabytes of indexing.

import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import type { PausableSink } from './pausable';

/** Bytes handed to the session before giving the event loop a turn (~a few ms of indexing). */
export const YIELD_BYTES = 256 * 1024;

export class Flow {
  private full = false;
  private yielding = false;
  private since = 0;

  constructor(
    private readonly stream: Readable | Socket,
    private readonly sink: PausableSink,
  ) {}

  /** Hands whole lines to the sink, pausing the stream when the sink is full. */
  write(chunk: Buffer): void {
    if (!this.sink.write(chunk) && !this.full) {
      this.full = true;
      this.update();
      const off = this.sink.onDrain(() => {
        off();
        this.full = false;
        this.update();
      });
    }
  }

  /** Counts bytes read; past YIELD_BYTES the stream rests until the next turn of the event loop. */
  read(bytes: number): void {
    this.since += bytes;
    if (this.since < YIELD_BYTES || this.yielding) return;
    this.yielding = true;
    this.update();
    setImmediate(() => {
      this.since = 0;
      this.yielding = false;
      this.update();
    });
  }

  private update(): void {
    if (this.full || this.yielding) this.stream.pause();
    else this.stream.resume();
  }
}
