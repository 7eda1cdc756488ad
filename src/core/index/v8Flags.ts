// V8 flags a process wants for itself (the command line's: src/cli/heapFlags.ts), and which thread sets them when.
//
// Two things V8 does decide it. It configures each new isolate's heap from the process-wide flags and puts some
// back to their bounds (a semi-space growth factor below 2 becomes 2), so a flag set before a thread starts does
// not outlive that start. And a thread that boots after any flag changed takes twice as long to start (the
// scan-ahead thread: 55 ms instead of 27, measured): V8 checks code caches against the flags, Node's cache of its
// own internal modules included. So each thread sets the flags itself once it runs, and the calling thread sets
// them only when no thread it started will.

import { setFlagsFromString } from 'node:v8';
import { workerData } from 'node:worker_threads';

/** On a symbol of the global registry: the executable and the command's bundle each have a copy of this module. */
const STATE = Symbol.for('threadline.v8Flags');

interface Wanted {
  flags: string;
  /** Threads started with the flags to set. */
  threads: number;
}

function wanted(): Wanted | undefined {
  return (globalThis as Record<symbol, Wanted | undefined>)[STATE];
}

/** The process wants `flags`: threads started from now on set them as they start (see `threadV8Flags`). */
export function wantV8Flags(flags: string): void {
  const g = globalThis as Record<symbol, Wanted | undefined>;
  const w = (g[STATE] ??= { flags, threads: 0 });
  w.flags = flags;
}

/** Sets the wanted flags on this thread, unless a thread started since they were wanted sets them as it starts. */
export function setV8FlagsUnlessThreadsWill(): void {
  const w = wanted();
  if (w !== undefined && w.threads === 0) setFlagsFromString(w.flags);
}

/** What a new thread's `workerData` carries: the flags it is to set as it starts (see `setThreadV8Flags`). */
export function threadV8Flags(): { v8Flags: string } | undefined {
  const w = wanted();
  if (w === undefined) return undefined;
  w.threads++;
  return { v8Flags: w.flags };
}

/** In a thread, first thing: sets the flags its starter wanted. */
export function setThreadV8Flags(): void {
  const f = (workerData as { v8Flags?: unknown } | null)?.v8Flags;
  if (typeof f === 'string' && f !== '') setFlagsFromString(f);
}
