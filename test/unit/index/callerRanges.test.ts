// The calling thread's ranges (indexRangesInWorkers' `local`): a range that fails there fails the whole file
// instead of leaving it waiting, and the workers' ranges before it are merged in order all the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexRangesInWorkers, WorkerPool, workerScript } from '../../../src/core/index/workerPool';
import { tempFile } from './helpers';

test('a range that fails on the calling thread rejects the file, after merging what came before it', async () => {
  const line = '{"level":"info","msg":"m","time":1764000000000}\n';
  const text = line.repeat(4000);
  const path = tempFile(text);
  const script = workerScript();
  assert.ok(script !== null);
  const q = text.length / 4;
  const bounds = [0, q, 2 * q, 3 * q, text.length];
  const merged: number[] = [];
  const taken: number[] = [];
  const run = indexRangesInWorkers(
    new WorkerPool(script, 1),
    path,
    bounds,
    text.length,
    {},
    (r) => void merged.push(r.start),
    () => {},
    async (start) => {
      taken.push(start);
      throw new Error('the disk went away');
    },
  );
  const outcome = await Promise.race([
    run.then(
      () => 'resolved',
      (e: Error) => e.message,
    ),
    new Promise((res) => setTimeout(() => res('still waiting'), 20_000).unref()),
  ]);
  assert.equal(outcome, 'the disk went away');
  assert.deepEqual(taken, [2 * q], 'the calling thread took the first range no worker held');
  assert.deepEqual(
    merged,
    merged.slice().sort((a, b) => a - b),
    'merged in file order',
  );
});
