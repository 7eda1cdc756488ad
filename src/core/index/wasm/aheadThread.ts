// Starts the scan-ahead thread (aheadWorker.ts): dist/scanAhead.js next to the running bundle, or the source
// under tsx (tests, scripts run from source). Small on purpose: the command line's executable starts the thread
// before the command's bundle runs (the thread's Node start takes ≈ 27 ms of the other core).

import type { Worker } from 'node:worker_threads';
import { startThread, threadScript, type ThreadScript } from '../threadScript';

let override: string | null | undefined;

/** Tests may point at a specific thread script, or null for none (every file read on the calling thread). */
export function setScanAheadScript(path: string | null | undefined): void {
  override = path;
}

function script(): ThreadScript | null {
  return threadScript(override, 'scanAhead.js', ['wasm/aheadWorker.ts']);
}

/** A thread started ahead waits here (a symbol of the global registry: the executable has its own bundle). */
const SPARE = Symbol.for('threadline.spareScanAhead');

/** Whether a thread can be started (its script is there, or one was started ahead). */
export function aheadThreadAvailable(): boolean {
  return (globalThis as Record<symbol, Worker | undefined>)[SPARE] !== undefined || script() !== null;
}

/** A new scan-ahead thread (unref'd: it never keeps the process alive), or null when there is no script. */
export function startAheadThread(): Worker | null {
  const g = globalThis as Record<symbol, Worker | undefined>;
  const spare = g[SPARE];
  if (spare !== undefined) {
    g[SPARE] = undefined;
    return spare;
  }
  const s = script();
  if (s === null) return null;
  // (it makes little garbage: a small young generation keeps its memory down)
  const w = startThread(s, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  w.unref();
  return w;
}

/** Starts a thread for the next file read on the calling thread to take (see IndexStore.addFile). */
export function startSpareAheadThread(): void {
  const w = startAheadThread();
  if (w !== null) (globalThis as Record<symbol, Worker | undefined>)[SPARE] = w;
}
