// The command line keeps V8's young generation small (src/cli/heapFlags.ts). V8 puts the growth factor back to 2
// whenever a new isolate starts — an index worker — so `keepV8Flags` sets it again as each worker comes online.
// Both halves run in a child process of their own: V8 flags are process-wide.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const pool = new URL('../../../src/core/index/workerPool.ts', import.meta.url).pathname;

/** The young generation's size in bytes after a burst of short-lived garbage, with index workers started first. */
function youngGenerationAfterWorkers(keep: boolean): number {
  const script = `
    const v8 = require('node:v8');
    const { WorkerPool, keepV8Flags, workerScript } = require(${JSON.stringify(pool)});
    ${keep ? "keepV8Flags('--semi-space-growth-factor=1');" : "v8.setFlagsFromString('--semi-space-growth-factor=1');"}
    const p = new WorkerPool(workerScript(), 2);
    const hold = setInterval(() => {}, 1000); // the pool's workers are unref'd
    let online = 0;
    for (const w of p.workers) w.once('online', () => {
      if (++online < 2) return;
      setImmediate(() => {
        let keep = [];
        for (let i = 0; i < 4e6; i++) { keep.push({ i }); if (keep.length > 100000) keep = []; }
        const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
        process.stdout.write(String(s.space_size));
        p.close();
        clearInterval(hold);
      });
    });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

test('a flag set once is undone by the first worker; keepV8Flags keeps it', () => {
  const undone = youngGenerationAfterWorkers(false);
  const kept = youngGenerationAfterWorkers(true);
  assert.ok(undone >= 16 * 2 ** 20, `set once: the young generation grew (${undone} bytes)`);
  assert.ok(kept <= 4 * 2 ** 20, `kept: it stayed small (${kept} bytes)`);
});
