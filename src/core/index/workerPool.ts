// Runs range jobs on worker threads and hands results back in file order (record ids stay in read order).
//
// The worker script: dist/indexWorker.js next to the running bundle (extension, CLI); under tsx (tests,
// scripts run from source) worker.ts next to this module, loaded through tsx's require hook. When neither
// exists, `workerScript()` returns null and the caller indexes on its own thread.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FieldMappings } from '../formats/normalize';
import type { RangeResult } from './store';
import { startThread, threadScript, type ThreadScript } from './threadScript';

export interface RangeJob {
  path: string;
  start: number;
  end: number;
  limit: number;
  chunkSize?: number;
  maxLineBytes?: number;
  maxDocumentBytes?: number;
  slowOnly?: boolean;
  jsScanner?: boolean;
  lineBatch?: boolean;
  fieldMappings?: FieldMappings;
  /** Record values a worker keeps across ranges before it forgets them (default in worker.ts; tests use 0). */
  forgetValuesAfter?: number;
}

export type WorkerScript = ThreadScript;

let override: string | null | undefined;

/** Tests and tools may point at a specific worker script (or null to force in-thread indexing). */
export function setWorkerScript(path: string | null | undefined): void {
  override = path;
}

export function workerScript(): WorkerScript | null {
  return threadScript(override, 'indexWorker.js', ['worker.ts']);
}

/**
 * Worker threads for a file when the caller does not say: one per core this process may run on (its CPU
 * affinity, so `taskset` counts), at most 4 (each worker has a heap of its own); one fewer when the calling
 * thread indexes ranges too (`callerIndexes`), so none on one core: there a worker's results would cost the
 * calling thread a merge, and the file is read on the calling thread alone.
 */
export function defaultWorkers(callerIndexes = true): number {
  const cores = availableParallelism();
  return callerIndexes ? Math.max(0, Math.min(4, cores - 1)) : Math.max(1, Math.min(4, cores));
}

/** Files with less than this after their first part are read on the calling thread alone (32 MiB). */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Bytes after its first part from which a file is shared between the calling thread and `workers` index workers
 * (`callerIndexes`); a smaller one is read on the calling thread alone. A worker has a fixed cost (its isolate,
 * its own optimising compiles of the index code, the merge of everything it sends) that the bytes it takes must
 * pay back. On 2 cores (one worker), `threadline stats` of the reference workload, alone against with a worker
 * (medians of 7 interleaved runs, 7 Dec): 0.54 against 0.53 s at 256 MiB (0.68 CPU s against 0.89), 0.61
 * against 0.58 s at 320 MiB, 0.73 against 0.69 s at 384 MiB; the same wall time at 256 MiB for a third more CPU.
 * Each worker more takes a share of the bytes for the same fixed cost, so with more workers the file may be
 * smaller.
 */
export function callerParallelBytes(workers: number): number {
  return Math.max(PARALLEL_MIN_BYTES, Math.floor((256 * 1024 * 1024) / Math.max(1, workers)));
}

/**
 * The first part of a file read with workers: more than the first 1,000 records take in most logs, and cut ahead
 * so the workers get the ranges after it before it is read (a quarter of a file smaller than 4 MiB).
 */
export const FIRST_SLICE_BYTES = 1024 * 1024;

/** Where the first part of a file of `size` bytes ends at the earliest (the store cuts it at the next line). */
export function firstSliceBytes(size: number): number {
  return Math.min(FIRST_SLICE_BYTES, Math.floor(size / 4));
}

/**
 * Whether a file of `size` bytes may be shared with `workers` workers beside the calling thread: what its first
 * part leaves is at least `callerParallelBytes`. The store cuts that part at a line's start at or after
 * `firstSliceBytes`, so this holds whenever the store reads in parallel; the executable asks it before the
 * file is opened, to start workers only for a file that will use them (a worker booting for nothing slows the
 * calling thread's own start: ≈ 25 ms of a 256 MiB run, measured).
 */
export function callerMayShare(size: number, workers: number): boolean {
  return workers > 0 && size - firstSliceBytes(size) >= callerParallelBytes(workers);
}

/** Range workers make little short-lived garbage: a small young generation keeps their memory down. */
const LIMITS = { maxYoungGenerationSizeMb: 8 };

function startWorker(s: WorkerScript): Worker {
  return startThread(s, { resourceLimits: LIMITS });
}

/**
 * Workers started ahead (`startSpareWorkers`) wait here for the first pool of their script and size. A symbol of
 * the global registry: the command line's executable starts them from its own bundle, the pool takes them in the
 * command's bundle, two copies of this module.
 */
const SPARE = Symbol.for('threadline.spareIndexWorkers');
type Spare = { file: string; workers: Worker[] };

/**
 * Starts `n` index workers for the next pool to take: a V8 isolate and the worker bundle take a while to start,
 * and the command line's executable knows it will index a big file before its own 1.5 MB bundle has loaded.
 * Unused, they let the process exit (unref'd) all the same.
 */
export function startSpareWorkers(script: WorkerScript, n: number): readonly Worker[] {
  const workers = Array.from({ length: n }, () => startWorker(script));
  for (const w of workers) w.unref();
  (globalThis as Record<symbol, Spare | undefined>)[SPARE] = { file: script.file, workers };
  return workers;
}

function takeSpareWorkers(script: WorkerScript, n: number): Worker[] | null {
  const g = globalThis as Record<symbol, Spare | undefined>;
  const spare = g[SPARE];
  if (spare === undefined || spare.file !== script.file || spare.workers.length !== n) return null;
  g[SPARE] = undefined;
  return spare.workers;
}

/** The index's worker threads for one file; each takes the next range when done. */
export class WorkerPool {
  readonly workers: Worker[];
  constructor(script: WorkerScript, size: number) {
    this.workers = takeSpareWorkers(script, size) ?? Array.from({ length: size }, () => startWorker(script));
    // an idle pool must not keep the process alive
    for (const w of this.workers) w.unref();
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}

/**
 * Indexes [bounds[0], bounds[n]) as n ranges on the pool's workers, each taking the next range when it is
 * done (many ranges: results arrive and merge while the workers go on, so progress moves steadily and no
 * single merge is big). With `local`, the calling thread takes the next range itself whenever it has nothing
 * to merge (its own result needs no re-interning, and its time would otherwise go waiting). `merge` is called
 * once per range, in file order, one at a time (it may be async and yield); a worker's result carries the index
 * of the worker that made it. Returns the offset reached (bounds[n], or -1 when aborted). Closes the pool.
 */
export async function indexRangesInWorkers(
  pool: WorkerPool,
  path: string,
  bounds: number[],
  limit: number,
  opts: Omit<RangeJob, 'path' | 'start' | 'end' | 'limit'> & { signal?: AbortSignal },
  merge: (r: RangeResult) => void | Promise<void>,
  progress: (at: number) => void,
  local: ((start: number, end: number) => Promise<RangeResult | null>) | null = null,
): Promise<number> {
  const n = bounds.length - 1;
  const results: (RangeResult | null)[] = new Array(n).fill(null);
  let next = 0; // next range to merge
  let given = 0; // next range to hand out
  let merging = false;
  let failed = false;
  let localBusy = false;
  const { signal, ...jobOpts } = opts;
  let onAbort = () => {};
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown) => {
        failed = true;
        reject(e);
      };
      // merges whatever is ready in file order; never two at once, and never after a failure or an abort
      const flush = async () => {
        if (merging) return;
        merging = true;
        try {
          while (!failed && next < n && results[next] !== null) {
            if (signal?.aborted) {
              fail(new Error('aborted'));
              return;
            }
            const r = results[next]!;
            results[next] = null;
            await merge(r);
            next++;
            progress(bounds[next]);
          }
          if (next === n) resolve();
        } catch (e) {
          fail(e);
        } finally {
          merging = false;
        }
        takeLocally();
      };
      // the calling thread indexes the next range when it has nothing to merge and is not indexing one
      const takeLocally = () => {
        if (local === null || localBusy || failed || given >= n || (next < n && results[next] !== null)) return;
        const i = given++;
        localBusy = true;
        local(bounds[i], bounds[i + 1]).then(
          (r) => {
            localBusy = false;
            if (r === null) fail(new Error('aborted'));
            else {
              results[i] = r;
              void flush();
            }
          },
          (e: unknown) => {
            localBusy = false;
            fail(e);
          },
        );
      };
      // an abort during a merge is seen by flush when that merge is done (a range is never half merged)
      onAbort = () => {
        if (!merging) fail(new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Each worker holds two ranges: the next one waits in its queue, so it goes on at once after sending a
      // result instead of waiting for this thread (busy merging) to answer. A worker answers in job order.
      const held: number[][] = pool.workers.map(() => []);
      const give = (w: Worker, wi: number) => {
        if (given >= n || failed) {
          if (held[wi].length === 0) void w.terminate(); // its heap goes now, not when the slowest range is done
          return;
        }
        const i = given++;
        held[wi].push(i);
        const job: RangeJob = { path, start: bounds[i], end: bounds[i + 1], limit, ...jobOpts };
        w.postMessage(job);
      };
      pool.workers.forEach((w, wi) => {
        w.ref();
        w.once('error', (e) => fail(e));
        w.on('message', (m: ({ ok: true } & RangeResult) | { ok: false; error: string }) => {
          const i = held[wi].shift()!;
          if (!m.ok) {
            fail(new Error(`index worker failed: ${m.error}`));
            return;
          }
          m.worker = wi;
          results[i] = m;
          give(w, wi);
          void flush();
        });
      });
      for (let k = 0; k < 2; k++) pool.workers.forEach((w, wi) => give(w, wi));
      // not before the caller's own first records: once it yields
      if (local !== null) setImmediate(takeLocally);
    });
  } catch (e) {
    // a merge in flight finishes first: the store is never left with half a range when this returns (and a range
    // this thread is indexing stops at its next step when aborted, else runs out: the caller closes the file next)
    while (merging || localBusy) await new Promise((r) => setImmediate(r));
    if (signal?.aborted) return -1;
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    pool.close();
  }
  return bounds[n];
}
