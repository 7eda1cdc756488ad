// Effective record times: sub-millisecond parts kept once any record has one, time order with ties by id,
// timeless records placed after the previous timed record of their source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordColumns, RecordStore } from '../../../src/core/index/types';
import { RecordTimes } from '../../../src/core/session/recordTimes';

function storeOf(times: ([number, number] | null)[], sources: string[]): RecordStore {
  return {
    position: (id: number) => ({ source: sources[id]!, line: id + 1, offset: 0 }),
    readColumns(from: number, to: number, out: RecordColumns) {
      for (let id = from; id < to; id++) {
        out.timeMs[id - from] = times[id]?.[0] ?? NaN;
        out.subNs[id - from] = times[id]?.[1] ?? 0;
      }
    },
  } as unknown as RecordStore;
}

test('millisecond times cost no sub-millisecond array until a record has nanoseconds; order is the same', () => {
  // 3000 records of two sources: ms times (ties), some timeless, then records with nanoseconds past id 2000
  const times: ([number, number] | null)[] = [];
  const sources: string[] = [];
  for (let i = 0; i < 3000; i++) {
    sources.push(i % 3 === 0 ? 'b' : 'a');
    if (i % 17 === 5) times.push(null);
    else times.push([1000 + Math.floor(i / 4) - (i % 5), i >= 2000 ? (i * 7919) % 1_000_000 : 0]);
  }
  const store = storeOf(times, sources);
  const rt = new RecordTimes(store);
  rt.extend(1500);
  rt.extend(3000);
  const effMs = (i: number): number => {
    for (let j = i; j >= 0 && j >= i - 64; j--) if (times[j] && sources[j] === sources[i]) return times[j]![0];
    return -Infinity;
  };
  const effSub = (i: number): number => {
    for (let j = i; j >= 0 && j >= i - 64; j--) if (times[j] && sources[j] === sources[i]) return times[j]![1];
    return 0;
  };
  for (let i = 0; i < 3000; i++) {
    assert.equal(rt.effMs(i), effMs(i), `ms of ${i}`);
    assert.equal(rt.effSub(i), effSub(i), `sub of ${i}`);
    assert.equal(rt.hasOwnTime(i), times[i] !== null);
  }
  const ids = Array.from({ length: 3000 }, (_, i) => i);
  const expected = [...ids].sort((a, b) => effMs(a) - effMs(b) || effSub(a) - effSub(b) || a - b);
  assert.deepEqual(ids.sort(rt.compare), expected);
  // dropping more than half the slots moves the rest down: still readable, nanoseconds included
  rt.dropBefore(2100);
  assert.ok(Number.isNaN(rt.effMs(10)));
  for (let i = 2100; i < 3000; i++) assert.equal(rt.effSub(i), effSub(i));
  const kept = Array.from({ length: 900 }, (_, i) => 2100 + i);
  assert.deepEqual(
    kept.sort(rt.compare),
    expected.filter((i) => i >= 2100),
  );
});

test('times kept as ms offsets read back exactly, and go to Float64s when one does not fit (far, fractional)', () => {
  const day = 86_400_000;
  for (const late of [
    1_764_000_000_000 + day,
    1_764_000_000_000 + 30 * day,
    1_764_000_000_000 - 30 * day,
    1_764_000_000_000.5,
  ]) {
    // timeless records first (no earlier time: -Infinity), then close times, then the one that does not fit
    const times: ([number, number] | null)[] = [null, null];
    for (let i = 0; i < 2000; i++) times.push([1_764_000_000_000 + ((i * 7919) % 5000), 0]);
    times.push(null, [late, 0], null, [1_764_000_000_003, 0]);
    const sources = times.map(() => 'a');
    const rt = new RecordTimes(storeOf(times, sources));
    rt.extend(1000);
    rt.extend(times.length);
    const eff: number[] = [];
    let last = -Infinity;
    for (const t of times) eff.push(t === null ? last : (last = t[0]));
    for (let i = 0; i < times.length; i++) assert.equal(rt.effMs(i), eff[i], `ms of ${i} (late ${late})`);
    const ids = times.map((_, i) => i);
    const expected = [...ids].sort((a, b) => (eff[a]! < eff[b]! ? -1 : eff[a]! > eff[b]! ? 1 : a - b));
    assert.deepEqual(ids.sort(rt.compare), expected);
  }
});
