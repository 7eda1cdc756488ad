// The command line keeps V8's young generation small (src/cli/heapFlags.ts). V8 puts the growth factor back to 2
// whenever a new isolate starts — an index worker — so each thread sets the flags the process wants (`wantV8Flags`)
// itself as it starts. Both halves run in a child process of their own: V8 flags are process-wide.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const pool = new URL('../../../src/core/index/workerPool.ts', import.meta.url).pathname;
const flags = new URL('../../../src/core/index/v8Flags.ts', import.meta.url).pathname;

/** The young generation's size in bytes after a burst of short-lived garbage, with index workers started first. */
function youngGenerationAfterWorkers(wanted: boolean): number {
  // wanted: this thread never sets the flag, the workers do as they start; else it sets it before they start
  const script = `
    const v8 = require('node:v8');
    const { WorkerPool, workerScript } = require(${JSON.stringify(pool)});
    const { wantV8Flags } = require(${JSON.stringify(flags)});
    const flag = '--semi-space-growth-factor=1';
    ${wanted ? 'wantV8Flags(flag);' : 'v8.setFlagsFromString(flag);'}
    const p = new WorkerPool(workerScript(), 2);
    const hold = setInterval(() => {}, 1000); // the pool's workers are unref'd
    // a worker answers a message (here a job it rejects) once its script has run, flags first
    let answered = 0;
    for (const w of p.workers) {
      w.once('message', () => {
        if (++answered < 2) return;
        setImmediate(() => {
          let keep = [];
          for (let i = 0; i < 4e6; i++) { keep.push({ i }); if (keep.length > 100000) keep = []; }
          const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
          process.stdout.write(String(s.space_size));
          p.close();
          clearInterval(hold);
        });
      });
      w.postMessage({});
    }`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

test('a flag set before workers start is undone by them; one they set as they start stays', () => {
  const undone = youngGenerationAfterWorkers(false);
  const kept = youngGenerationAfterWorkers(true);
  assert.ok(undone >= 16 * 2 ** 20, `set before: the young generation grew (${undone} bytes)`);
  assert.ok(kept <= 4 * 2 ** 20, `set by the workers: it stayed small (${kept} bytes)`);
});

const wasmScan = new URL('../../../src/core/index/wasm/wasmScan.ts', import.meta.url).pathname;

test('the scanner compiled early puts the flags back: a thread started after it takes a code cache made before', () => {
  // a new thread checks code caches (Node's own included) against V8's flags: with one left changed, it rejects
  // them and takes twice as long to start
  const script = `
    const { Script } = require('node:vm');
    const { Worker } = require('node:worker_threads');
    const { compileScannerEarly, wasmScanner } = require(${JSON.stringify(wasmScan)});
    const source = 'function f(a) { return a.map((x) => x * 2); } f([1, 2, 3]);';
    const made = new Script(source, { filename: 'cached.js' });
    made.runInThisContext();
    const cachedData = made.createCachedData();
    compileScannerEarly();
    const early = globalThis[Symbol.for('threadline.scanModule')];
    const w = new Worker(\`
      const { Script } = require('node:vm');
      const { workerData, parentPort } = require('node:worker_threads');
      const s = new Script(workerData.source, { filename: 'cached.js', cachedData: workerData.cachedData });
      parentPort.postMessage(s.cachedDataRejected);\`, { eval: true, workerData: { source, cachedData } });
    w.once('message', (rejected) => {
      process.stdout.write(JSON.stringify({
        early: early instanceof WebAssembly.Module,
        used: wasmScanner()?.module === early,
        rejected,
      }));
      w.terminate();
    });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { early: true, used: true, rejected: false });
});
