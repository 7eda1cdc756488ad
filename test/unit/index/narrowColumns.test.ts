// A sent chunk keeps offsets and lengths in Uint32s when they fit and drops an all-zero sub-millisecond column;
// values that do not fit (past 4 GiB, -1 for records without bytes) keep the Float64 column, and a length
// written later that does not fit widens it. Every value reads back the same either way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newChunk, sendableChunk, setLength, type ChunkColumns } from '../../../src/core/index/columns';

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

test('offsets and lengths below 4 GiB go as Uint32s, an all-zero sub-millisecond column as none', () => {
  for (const capacity of [5, 16]) {
    const c = filled(5, capacity, (i) => [2 ** 32 - 100 + i * 10, 7 + i, 0]);
    const s = sendableChunk(c);
    assert.ok(s.offset instanceof Uint32Array);
    assert.ok(s.length instanceof Uint32Array);
    assert.equal(s.subNs, null);
    assert.equal(s.offset.length, 5);
    assert.deepEqual(values(s), values(c));
    // the chunk being filled keeps its wide columns (it is filled again after sending)
    assert.ok(c.offset instanceof Float64Array);
    assert.ok(c.subNs instanceof Int32Array);
  }
});

test('an offset past 4 GiB, or -1, keeps the Float64 column; a sub-millisecond value keeps its column', () => {
  const past = filled(3, 8, (i) => [2 ** 32 - 1 + i, 10, i === 2 ? 999_999 : 0]);
  const s = sendableChunk(past);
  assert.ok(s.offset instanceof Float64Array);
  assert.ok(s.length instanceof Uint32Array);
  assert.ok(s.subNs instanceof Int32Array);
  assert.deepEqual(values(s), values(past));
  assert.equal(s.offset[2], 2 ** 32 + 1);

  const none = filled(2, 2, (i) => [i === 0 ? -1 : 5, i === 0 ? 0 : 3, 0]);
  const t = sendableChunk(none);
  assert.ok(t.offset instanceof Float64Array);
  assert.equal(t.offset[0], -1);
});

test('a length that does not fit a Uint32 widens the column; the others keep their values', () => {
  const s = sendableChunk(filled(4, 4, (i) => [i * 100, 50 + i, 0]));
  assert.ok(s.length instanceof Uint32Array);
  setLength(s, 1, 70);
  assert.ok(s.length instanceof Uint32Array);
  setLength(s, 3, 2 ** 32 + 5);
  assert.ok(s.length instanceof Float64Array);
  assert.deepEqual(Array.from(s.length), [50, 70, 52, 2 ** 32 + 5]);
});
