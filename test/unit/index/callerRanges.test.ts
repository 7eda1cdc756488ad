// The calling thread's ranges (indexRangesInWorkers' `local`): a range that fails there fails the whole file
// instead of leaving it waiting, and the workers' ranges before it are merged in order all the same. A file too
// small to pay a worker back is read by the calling thread alone.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { createRecordStore } from '../../../src/core/index/index';
import {
  callerMayShare,
  callerParallelBytes,
  FIRST_SLICE_BYTES,
  indexRangesInWorkers,
  PARALLEL_MIN_BYTES,
  setWorkerScript,
  WorkerPool,
  workerScript,
} from '../../../src/core/index/workerPool';
import { ScanAhead } from '../../../src/core/index/scanAhead';
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

test('a file too small to pay back a worker is read by the calling thread alone, one that keeps free too', async () => {
  setWorkerScript(undefined);
  // just past the 32 MiB every parallel read needs, well under what one worker needs beside the calling thread
  const line = '{"level":"info","msg":"a record of the file","time":1764000000000,"traceId":"t1"}\n';
  const path = tempFile(line.repeat(Math.ceil((PARALLEL_MIN_BYTES + (2 << 20)) / line.length)));
  assert.ok(callerParallelBytes(1) > PARALLEL_MIN_BYTES + (2 << 20));
  assert.ok(callerParallelBytes(4) < callerParallelBytes(1), 'more workers pay back sooner');
  const alone = await createRecordStore().addFile(path, { workers: 1 });
  assert.equal(alone.workersUsed, 0);
  assert.equal(callerMayShare(statSync(path).size, 1), false, 'the executable would not start a worker for it');
  assert.equal(alone.callerRanges, 0);
  // a thread that keeps itself free reads it with the thread that scans ahead, else hands the ranges to a worker
  const free = await createRecordStore().addFile(path, { workers: 1, callerIndexes: false });
  if (ScanAhead.available()) {
    assert.equal(free.workersUsed, 0, 'kept free: read with the thread that scans ahead');
    assert.ok(free.aheadChunks > 0, `chunks scanned ahead: ${free.aheadChunks}`);
  } else assert.equal(free.workersUsed, 1, 'kept free, no thread to scan ahead: the ranges go to the worker');
  assert.equal(free.summary.records, alone.summary.records);
  const noAhead = await createRecordStore().addFile(path, { workers: 1, callerIndexes: false, scanAhead: false });
  assert.equal(noAhead.workersUsed, 1, 'kept free, scanning ahead turned off: the ranges go to the worker');
  assert.equal(noAhead.summary.records, alone.summary.records);
});

test('the executable starts workers only for a file whose part after the first slice pays them back', () => {
  const min = callerParallelBytes(1);
  // the reference workload is a few bytes over 256 MiB: after its first slice it is under the threshold
  assert.equal(callerMayShare(min + 120, 1), false);
  assert.equal(callerMayShare(min + FIRST_SLICE_BYTES, 1), true);
  assert.equal(callerMayShare(min + FIRST_SLICE_BYTES, 0), false, 'no workers, none to start');
  assert.equal(callerMayShare(callerParallelBytes(4) + FIRST_SLICE_BYTES, 4), true);
});
