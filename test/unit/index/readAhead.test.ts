// Records read one at a time in source order are served from a window read ahead: every ask still gets exactly its
// record's bytes, in order, backwards, with gaps, across windows, and after the file's records change sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRecordStore } from '../../../src/core/index/index';
import { setWorkerScript } from '../../../src/core/index/workerPool';
import { messageFirstLine } from '../../../src/core/index/messageReader';
import { tempFile } from './helpers';

const lines = (tag: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `{"level":"info","message":"${tag} record ${i} ${'x'.repeat((i * 37) % 300)}","n":${i}}`,
  );

test('raw and message read ahead in order, yet each ask gets its own record', async () => {
  setWorkerScript(null);
  const a = lines('a', 6000),
    b = lines('b', 3000);
  const store = createRecordStore();
  await store.addFile(tempFile(a.join('\n') + '\n'), { workers: 0 });
  await store.addFile(tempFile(b.join('\r\n') + '\r\n'), { workers: 0 });
  const want = [...a.map((l) => l + '\n'), ...b.map((l) => l + '\r\n')];
  assert.equal(store.count, want.length);
  const ids = Array.from({ length: store.count }, (_, i) => i);
  const orders = [
    ids,
    ids.slice().reverse(),
    ids.filter((i) => i % 3 !== 1),
    ids.filter((i) => i % 97 < 40),
    // alternating between the two sources
    ids.slice(0, 3000).flatMap((i) => [i, i + 6000]),
  ];
  for (const order of orders) {
    for (const id of order) {
      assert.equal(store.rawSync(id), want[id], `raw ${id}`);
      assert.equal(store.message(id), messageFirstLine(JSON.parse(want[id]!).message), `message ${id}`);
    }
  }
  store.clear();
});
