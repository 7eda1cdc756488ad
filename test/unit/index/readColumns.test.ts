// `readColumns` gives what the accessors give, a run of records at a time: across chunks of every narrowed kind
// (times as offsets or doubles, sub-millisecond parts or none, keys as Uint8/Uint16/Int32 or absent), and as
// "nothing" for records whose chunk was evicted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNK_RECORDS } from '../../../src/core/index/columns';
import { RecordColumns, readColumnsOneByOne, type RecordStore } from '../../../src/core/index/types';
import { indexText } from './helpers';

function viaAccessors(store: RecordStore, from: number, to: number): RecordColumns {
  const out = new RecordColumns(to - from);
  readColumnsOneByOne(store, from, to, out);
  return out;
}

const same = (a: RecordColumns, b: RecordColumns, n: number, what: string) => {
  for (const k of ['timeMs', 'subNs', 'level', 'error', 'trace', 'correlation', 'thread', 'service', 'source'] as const)
    assert.deepEqual([...a[k].subarray(0, n)], [...b[k].subarray(0, n)], `${what}: ${k}`);
};

test('runs of records read as the accessors read them, across chunks and column kinds', async () => {
  const lines: string[] = [];
  const n = CHUNK_RECORDS * 2 + 1234;
  for (let i = 0; i < n; i++) {
    // the second chunk has nanoseconds and a time far off (doubles), the third no trace and many threads
    const chunk = Math.floor(i / CHUNK_RECORDS);
    const time =
      chunk === 1
        ? `"2026-11-25T09:00:${String(i % 60).padStart(2, '0')}.123456789Z"`
        : i === 5
          ? '"1999-01-01T00:00:00Z"'
          : `"2026-11-25T09:00:00.${String(i % 1000).padStart(3, '0')}Z"`;
    const trace = chunk === 2 ? '' : `,"traceId":"${(i % 300).toString(16).padStart(32, 'a')}"`;
    const corr = i % 11 === 0 ? `,"requestId":"r${i % 5}"` : '';
    const level = ['INFO', 'WARN', 'ERROR', 'DEBUG'][i % 4];
    lines.push(
      `{"@timestamp":${time},"level":"${level}","message":"m${i}","thread_name":"t${chunk === 2 ? i : i % 7}"` +
        `${trace}${corr}${i % 9 === 0 ? ',"service":"s' + (i % 3) + '"' : ''}}`,
    );
  }
  const { store } = await indexText(lines.join('\n') + '\n', { workers: 0 });
  assert.equal(store.count, n);
  for (const [from, to] of [
    [0, 4096],
    [CHUNK_RECORDS - 100, CHUNK_RECORDS + 100],
    [CHUNK_RECORDS * 2 - 3, store.count],
    [7, 8],
  ] as const) {
    const out = new RecordColumns(to - from);
    store.readColumns(from, to, out);
    same(out, viaAccessors(store, from, to), to - from, `[${from}, ${to})`);
  }
  assert.throws(() => store.readColumns(0, 10, new RecordColumns(5)), RangeError);
  // an evicted chunk reads as nothing; its neighbours as before
  const cut = store.chunks[1]!.base;
  store.evictBefore(cut);
  const out = new RecordColumns(20);
  store.readColumns(cut - 10, cut + 10, out);
  for (let i = 0; i < 10; i++) {
    assert.ok(Number.isNaN(out.timeMs[i]!) && out.level[i] === 0 && out.trace[i] === -1 && out.thread[i] === -1);
  }
  const kept = viaAccessors(store, cut, cut + 10);
  assert.deepEqual([...out.timeMs.subarray(10)], [...kept.timeMs]);
  assert.deepEqual([...out.thread.subarray(10)], [...kept.thread]);
});
