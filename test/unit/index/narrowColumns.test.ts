// A sent chunk keeps offsets in Uint32s and lengths in Uint16s or Uint32s when they fit, and drops an all-zero
// sub-millisecond column; values that do not fit (past 4 GiB, -1 for records without bytes) keep the Float64
// column, and a length written later that does not fit widens it. Keys and times of merged chunks narrow the
// same way. Every value reads back the same either way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  lineAt,
  narrowKeys,
  narrowLines,
  narrowTimes,
  newChunk,
  sendableChunk,
  setLength,
  timeAt,
  type ChunkColumns,
} from '../../../src/core/index/columns';
import { NONE } from '../../../src/core/index/types';
import { createRecordStore } from '../../../src/core/index/index';
import { columns, indexOnOneThread, tempFile } from './helpers';

function filled(n: number, capacity: number, at: (i: number) => [offset: number, length: number, sub: number]) {
  const c = newChunk(capacity);
  for (let i = 0; i < n; i++) {
    const [o, l, s] = at(i);
    c.offset[i] = o;
    c.length[i] = l;
    c.subNs![i] = s;
  }
  c.count = n;
  return c;
}

function values(c: ChunkColumns): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < c.count; i++) out.push([c.offset[i]!, c.length[i]!, c.subNs === null ? 0 : c.subNs[i]!]);
  return out;
}

/** The lines indexed on this thread alone, and by two workers in ranges of `rangeBytes`. */
async function oneThreadAndWorkers(lines: string[], rangeBytes: number) {
  const p = tempFile(lines.join('\n') + '\n');
  const { store: one } = await indexOnOneThread(p);
  const many = createRecordStore();
  const r = await many.addFile(p, { workers: 2, minParallelBytes: 0, rangeBytes });
  assert.equal(r.workersUsed, 2);
  return { one, many };
}

test('offsets below 4 GiB go as Uint32s, lengths below 64 KiB as Uint16s, all-zero sub-ms as none', () => {
  for (const capacity of [5, 16]) {
    const c = filled(5, capacity, (i) => [2 ** 32 - 100 + i * 10, 7 + i, 0]);
    const s = sendableChunk(c);
    assert.ok(s.offset instanceof Uint32Array);
    assert.ok(s.length instanceof Uint16Array);
    assert.equal(s.subNs, null);
    assert.equal(s.offset.length, 5);
    assert.deepEqual(values(s), values(c));
    // the chunk being filled keeps its wide columns (it is filled again after sending)
    assert.ok(c.offset instanceof Float64Array);
    assert.ok(c.subNs instanceof Int32Array);
  }
});

test('an offset past 4 GiB, or -1, keeps the Float64 column; a sub-millisecond value keeps its column', () => {
  const past = filled(3, 8, (i) => [2 ** 32 - 1 + i, i === 1 ? 70_000 : 10, i === 2 ? 999_999 : 0]);
  const s = sendableChunk(past);
  assert.ok(s.offset instanceof Float64Array);
  assert.ok(s.length instanceof Uint32Array, 'a record of 64 KiB or more: Uint32 lengths');
  assert.ok(s.subNs instanceof Int32Array);
  assert.deepEqual(values(s), values(past));
  assert.equal(s.offset[2], 2 ** 32 + 1);

  const none = filled(2, 2, (i) => [i === 0 ? -1 : 5, i === 0 ? 0 : 3, 0]);
  const t = sendableChunk(none);
  assert.ok(t.offset instanceof Float64Array);
  assert.equal(t.offset[0], -1);
});

test('a length that does not fit its narrow column widens it; the others keep their values', () => {
  const s = sendableChunk(filled(4, 4, (i) => [i * 100, 50 + i, 0]));
  assert.ok(s.length instanceof Uint16Array);
  setLength(s, 1, 65_535);
  assert.ok(s.length instanceof Uint16Array);
  setLength(s, 2, 65_536);
  assert.ok(s.length instanceof Float64Array);
  assert.deepEqual(Array.from(s.length), [50, 65_535, 65_536, 53]);
  const t = sendableChunk(filled(2, 2, (i) => [i * 100, i === 0 ? 100_000 : 5, 0]));
  assert.ok(t.length instanceof Uint32Array);
  setLength(t, 1, 2 ** 32 + 5);
  assert.ok(t.length instanceof Float64Array);
  assert.deepEqual(Array.from(t.length), [100_000, 2 ** 32 + 5]);
});

test('key columns take Uint8 or Uint16 arrays while every key fits and none is NONE, else stay Int32', () => {
  const col = (keys: number[]) => Int32Array.from(keys);
  const cases: [number[], string][] = [
    [[0, 7, 255], 'Uint8Array'],
    [[0, 256, 3], 'Uint16Array'],
    [[65_535, 1], 'Uint16Array'],
    [[65_536, 1], 'Int32Array'],
    [[2_000_000, 5], 'Int32Array'],
    [[3, NONE, 4], 'Int32Array'],
  ];
  for (const [keys, kind] of cases) {
    const narrow = narrowKeys(col(keys), keys.length);
    assert.equal(narrow.constructor.name, kind, `${keys}`);
    assert.deepEqual(Array.from(narrow), keys);
  }
  // only the first n values count (the rest of a chunk is unused)
  const part = narrowKeys(col([1, 2, 70_000]), 2);
  assert.ok(part instanceof Uint8Array);
  assert.deepEqual(Array.from(part), [1, 2]);
});

test('merged chunks read back the keys one thread gives, past 65,535 distinct values (narrow, then wide)', async () => {
  // 70,000 records, each thread name new: keys pass 2^8 and 2^16 part way; every 1,000th record has no service
  const lines: string[] = [];
  for (let i = 0; i < 70_000; i++)
    lines.push(
      JSON.stringify({
        '@timestamp': new Date(1_764_000_000_000 + i).toISOString(),
        level: 'INFO',
        thread_name: `t-${i}`,
        logger_name: 'app',
        message: 'm',
        ...(i % 1000 === 7 ? {} : { service: `s${i % 3}` }),
      }),
    );
  const { one, many } = await oneThreadAndWorkers(lines, 1 << 20);
  const kinds = new Set(many.chunks.map((c) => c.cols.thread.constructor.name));
  assert.ok(kinds.has('Int32Array') && (kinds.has('Uint16Array') || kinds.has('Uint8Array')), [...kinds].join());
  assert.deepEqual(columns(many), columns(one));
});

test('times become Int32 offsets when every one is a whole ms within range; NaN (no time) reads back as NaN', () => {
  const t0 = 1_764_000_000_000,
    day = 86_400_000;
  const cases: [number[], boolean][] = [
    [[t0, t0 + 5, NaN, t0 - 3, t0 + 20 * day], true],
    [[NaN, NaN], true],
    [[NaN, t0, t0 + 24 * day], true],
    [[t0, t0 + 30 * day], false],
    [[t0, t0 - 30 * day], false],
    [[t0, t0 + 0.5], false],
    [[t0, Infinity], false],
  ];
  for (const [times, narrow] of cases) {
    const c = newChunk(8);
    times.forEach((t, i) => (c.timeMs[i] = t));
    c.count = times.length;
    narrowTimes(c);
    assert.equal(c.timeMs instanceof Int32Array, narrow, `${times}`);
    assert.deepEqual(
      times.map((_, i) => timeAt(c, i)),
      times,
    );
  }
});

test('lines become Uint16 offsets from the first when the chunk spans under 65,536 lines, else stay Uint32', () => {
  const cases: [number[], boolean][] = [
    [[1, 2, 3, 900], true],
    [[4_000_000_000, 4_000_065_535], true],
    [[10, 65_545], true],
    [[10, 65_546], false],
    [[7], true],
  ];
  for (const [lines, narrow] of cases) {
    const c = newChunk(8);
    lines.forEach((l, i) => (c.line[i] = l));
    c.count = lines.length;
    narrowLines(c);
    assert.equal(c.line instanceof Uint16Array, narrow, `${lines}`);
    assert.deepEqual(
      lines.map((_, i) => lineAt(c, i)),
      lines,
    );
  }
});

test('a sent chunk carries narrowed times and lines in new arrays; the chunk keeps its own to be filled again', () => {
  for (const capacity of [4, 16]) {
    const c = newChunk(capacity);
    const times = [1_764_000_000_000, NaN, 1_764_000_000_250, 1_764_000_003_000],
      lines = [70_000, 70_001, 70_003, 70_010];
    times.forEach((t, i) => (c.timeMs[i] = t));
    lines.forEach((l, i) => (c.line[i] = l));
    c.count = 4;
    const s = sendableChunk(c);
    assert.ok(s.timeMs instanceof Int32Array && s.line instanceof Uint16Array);
    assert.equal(s.timeMs.length, 4);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => timeAt(s, i)),
      times,
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => lineAt(s, i)),
      lines,
    );
    assert.ok(c.timeMs instanceof Float64Array && c.line instanceof Uint32Array);
    assert.equal(c.timeBase, undefined);
    assert.equal(c.lineFirst, undefined);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => timeAt(c, i)),
      times,
    );
  }
});

test("merged worker chunks number their lines from the range's first line, narrowed in the worker or not", async () => {
  // ranges of ~512 KiB: later ranges' chunks arrive with lines as offsets and get the lines before them added
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t = new Date(1_764_000_000_000 + i * 7).toISOString();
    lines.push(JSON.stringify({ '@timestamp': t, level: 'INFO', thread_name: 't', logger_name: 'a', message: 'x' }));
    if (i % 5000 === 4999) lines.push('\tat com.acme.App.run(App.java:42)');
  }
  const { one, many } = await oneThreadAndWorkers(lines, 1 << 19);
  // (the first chunk holds the first records, read on this thread; arrays from a worker are compared by name)
  const sent = many.chunks.slice(1);
  assert.ok(sent.length >= 2 && sent.every((c) => c.cols.timeMs.constructor.name === 'Int32Array'));
  assert.ok(sent.every((c) => c.cols.line.constructor.name === 'Uint16Array' && (c.cols.lineFirst ?? 0) > 1));
  assert.deepEqual(columns(many), columns(one));
});
