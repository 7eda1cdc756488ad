// The `threadline` executable (dist/cli.js): loads the command itself (dist/cliMain.js, from main.ts). A command
// that reads a file big enough for index workers gets them started first, so they boot while the bundle loads
// (≈ 40 ms of a 256 MiB file's run); one read with the scan-ahead thread gets the scanner's module compiled first
// (wasmScan.ts `compileScannerEarly`), on the core the bundle's load leaves idle. The process's V8 flags
// (heapFlags.ts) are set after the bundle has loaded, by the threads started here as they start or else by the
// command (see v8Flags.ts).
//
// The bundle is compiled with V8's code cache when the build left one beside it (cliMain.js.cache, written by
// scripts/codeCache.mjs): the functions a command runs then come as bytecode instead of being parsed and compiled
// on every run (≈ 20 ms of a run's start). V8 checks a cache against its own version and flags but knows the
// source only by its length, so the cache opens with the length and CRC-32 of the source it was made from; a cache
// made from other bytes, by another Node or with other flags is not used.

import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { AHEAD_DEFAULTS } from '../core/index/wasm/aheadLayout';
import { startSpareAheadThread } from '../core/index/wasm/aheadThread';
import { compileScannerEarly } from '../core/index/wasm/wasmScan';
import { wantV8Flags } from '../core/index/v8Flags';
import { callerMayShare, defaultWorkers, startSpareWorkers, workerScript } from '../core/index/workerPool';
import { CLI_V8_FLAGS } from './heapFlags';

const main = join(__dirname, 'cliMain.js');
const cacheFile = main + '.cache';
const writing = process.env.THREADLINE_CODE_CACHE === 'write';
// (the code cache is checked against the flags: it is made and loaded without any set)
if (!writing) wantV8Flags(CLI_V8_FLAGS);
const startAhead = startWorkersAhead(process.argv.slice(2));
let cache: Buffer | null = null;
try {
  cache = writing ? null : readFileSync(cacheFile);
} catch {
  // no cache: the bundle is compiled as usual
}
if (cache === null && !writing) {
  startAhead?.();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./cliMain.js');
} else runWithCache(cache);

function runWithCache(cache: Buffer | null): void {
  const source = readFileSync(main);
  const digest = sourceDigest(source);
  const cachedData =
    cache !== null && digest !== null && cache.subarray(0, digest.length).equals(digest)
      ? cache.subarray(digest.length)
      : undefined;
  const script = new Script(wrap(source.toString('utf8')), { filename: main, cachedData });
  // (a thread booting while the cache is read slows the read threefold: 10 → 30 ms, measured)
  startAhead?.();
  const mod = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    mod.exports,
    mod.exports,
    createRequire(main),
    mod,
    main,
    dirname(main),
  );
  // the build's run: the cache holds what this run compiled, written once the command is done
  if (writing && digest !== null)
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, Buffer.concat([digest, script.createCachedData()]));
      renameSync(tmp, cacheFile);
    });
}

/**
 * Starts the index workers when the command will index a file with them, or gives what starts the thread that
 * scans ahead when it will read one on this thread (see IndexStore.addFile): a thread's start takes a while, and
 * this executable knows what the command will read before the command's own bundle has loaded.
 */
function startWorkersAhead(argv: string[]): (() => void) | null {
  if (argv[0] !== 'stats' && argv[0] !== 'inspect') return null;
  const workers = defaultWorkers();
  if (workers === 0) return null;
  const sizes = argv.slice(1).map((a) => {
    if (a.startsWith('-') || /\.gz$/i.test(a)) return 0;
    try {
      const st = statSync(a);
      return st.isFile() ? st.size : 0;
    } catch {
      return 0;
    }
  });
  const script = workerScript();
  if (script !== null && sizes.some((size) => callerMayShare(size, workers))) startSpareWorkers(script, workers);
  else if (sizes.some((size) => size >= AHEAD_DEFAULTS.minBytes)) {
    compileScannerEarly();
    return startSpareAheadThread;
  }
  return null;
}

/**
 * What the cache file opens with: the bundle's length and CRC-32, which tell a cache of other bytes from this
 * bundle's (V8 itself compares lengths only). zlib is loaded by the command anyway, node:crypto would not be
 * (≈ 3 ms of every start). Null on a Node without zlib's crc32 (before 20.15): the bundle then runs uncached.
 */
function sourceDigest(source: Buffer): Buffer | null {
  if (typeof crc32 !== 'function') return null;
  const d = Buffer.alloc(8);
  d.writeUInt32BE(source.length >>> 0, 0);
  d.writeUInt32BE(crc32(source), 4);
  return d;
}
