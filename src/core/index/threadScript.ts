// Where a thread's script is: its bundle next to the running bundle (dist/, for the extension and the command
// line), or its TypeScript source under tsx (tests, scripts run from source), started through tsx's require hook.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { threadV8Flags } from './v8Flags';

export interface ThreadScript {
  file: string;
  /** The file is TypeScript: start it through tsx. */
  ts: boolean;
}

/**
 * The script of a thread: `override` when set (null: none), else `bundle` next to the running bundle, else the
 * first of `sources` (relative to this folder) when tsx is there to run it.
 */
export function threadScript(
  override: string | null | undefined,
  bundle: string,
  sources: string[],
): ThreadScript | null {
  if (override === null) return null;
  if (override !== undefined) return { file: override, ts: override.endsWith('.ts') };
  const here = typeof __dirname === 'string' ? __dirname : '';
  if (!here) return null;
  const bundled = join(here, bundle);
  if (existsSync(bundled)) return { file: bundled, ts: false };
  const source = sources.map((s) => join(here, s)).find((s) => existsSync(s));
  if (source === undefined) return null;
  try {
    require.resolve('tsx/cjs/api');
  } catch {
    return null;
  }
  return { file: source, ts: true };
}

/** Starts a thread on the script; it sets the V8 flags the process wants as it starts (see v8Flags.ts). */
export function startThread(s: ThreadScript, opts: WorkerOptions = {}): Worker {
  const flags = threadV8Flags();
  if (flags !== undefined) opts = { ...opts, workerData: flags };
  return s.ts
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(s.file)});`, { ...opts, eval: true })
    : new Worker(s.file, opts);
}
