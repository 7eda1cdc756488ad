// Index workers started ahead (the command line's executable, src/cli/bin.ts) are taken by the first pool of
// their script and size, once; a pool of another size starts its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSpareWorkers, WorkerPool, workerScript } from '../../../src/core/index/workerPool';

test('a pool takes the workers started ahead for it, once, and only when it wants as many', () => {
  const script = workerScript();
  assert.ok(script !== null);
  const spare = startSpareWorkers(script, 2);
  const other = new WorkerPool(script, 1);
  const first = new WorkerPool(script, 2);
  const second = new WorkerPool(script, 2);
  try {
    assert.ok(!other.workers.some((w) => spare.includes(w)), 'a pool of another size starts its own');
    assert.deepEqual(first.workers, spare, 'the first pool of that size takes them');
    assert.ok(!second.workers.some((w) => spare.includes(w)), 'only once');
    assert.equal(new Set([...other.workers, ...first.workers, ...second.workers]).size, 5);
  } finally {
    for (const p of [other, first, second]) p.close();
  }
});
