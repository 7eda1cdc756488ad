import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdArena, IdList, IdLists } from '../../../src/core/session/idList';

const byValue = (a: number, b: number) => a - b;

test('pushOrdered tracks the sorted prefix; ensureSorted sorts the tail and merges it in', () => {
  // A seeded sequence: mostly ascending with stragglers, like two sources appending interleaved batches.
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const values: number[] = [];
  for (let i = 0; i < 2000; i++) values.push(rnd() < 0.1 ? Math.floor(rnd() * i) : i * 2);
  const list = new IdList(4);
  for (let i = 0; i < 1000; i++) list.pushOrdered(values[i]!, byValue);
  const firstOutOfOrder = values.findIndex((v, i) => i > 0 && v < values[i - 1]!);
  assert.equal(list.sortedLength, firstOutOfOrder);
  list.ensureSorted(byValue);
  assert.deepEqual([...list.view()], values.slice(0, 1000).sort(byValue));
  for (let i = 1000; i < 2000; i++) list.pushOrdered(values[i]!, byValue);
  list.ensureSorted(byValue);
  assert.deepEqual([...list.view()], [...values].sort(byValue));
  assert.equal(list.sortedLength, 2000);
});

test('retain keeps order and what is left of the sorted prefix', () => {
  const list = new IdList();
  for (const v of [1, 3, 5, 7, 2, 4]) list.pushOrdered(v, byValue);
  assert.equal(list.sortedLength, 4);
  list.retain((v) => v !== 3);
  assert.deepEqual([...list.view()], [1, 5, 7, 2, 4]);
  assert.equal(list.sortedLength, 3);
  list.ensureSorted(byValue);
  assert.deepEqual([...list.view()], [1, 2, 4, 5, 7]);
  list.retain((v) => v > 1);
  assert.equal(list.sortedLength, 4);
});

test('lists on a shared arena hold the same ids as lists of their own, through growth, sorting and release', () => {
  const arena = new IdArena();
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const own = Array.from({ length: 300 }, () => new IdList());
  const shared = Array.from({ length: 300 }, () => new IdList(8, arena));
  // interleaved appends, so blocks of different lists sit side by side and growth frees blocks others reuse
  for (let step = 0; step < 20000; step++) {
    const i = step % 4 === 0 ? 0 : Math.floor(rnd() * 300); // one list past the largest arena block, many small
    const v = rnd() < 0.2 ? Math.floor(rnd() * step) : step;
    own[i]!.pushOrdered(v, byValue);
    shared[i]!.pushOrdered(v, byValue);
    if (step % 5000 === 4999) {
      shared[i]!.release();
      own[i] = new IdList();
    }
  }
  assert.ok(own.some((l) => l.length > 4096));
  for (let i = 0; i < 300; i++) {
    assert.equal(shared[i]!.sortedLength, own[i]!.sortedLength);
    assert.deepEqual([...shared[i]!.view()], [...own[i]!.view()]);
    shared[i]!.retain((v) => v % 3 !== 0);
    own[i]!.retain((v) => v % 3 !== 0);
    shared[i]!.ensureSorted(byValue);
    own[i]!.ensureSorted(byValue);
    assert.deepEqual([...shared[i]!.view()], [...own[i]!.view()]);
  }
});

test('lists on an arena of several segments keep their ids through growth and release', () => {
  const arena = new IdArena();
  const lists = Array.from({ length: 3000 }, () => new IdList(8, arena));
  // 3,000 lists of 700 ids grown side by side: blocks of up to 1,024 ids over several 1M-id segments
  for (let v = 0; v < 700; v++) for (let i = 0; i < lists.length; i++) lists[i]!.push(i * 1000 + v);
  assert.ok(arena.bytes >= 3 * 4 * (1 << 20), `the arena spans ${arena.bytes} bytes`);
  // release every other list: its blocks go back and are taken again by the lists that grow next
  for (let i = 0; i < lists.length; i += 2) lists[i]!.release();
  for (let v = 700; v < 1100; v++) for (let i = 1; i < lists.length; i += 2) lists[i]!.push(i * 1000 + v);
  for (let i = 0; i < lists.length; i++) {
    const ids = [...lists[i]!.view()];
    if (i % 2 === 0) assert.equal(ids.length, 0);
    else if (ids.length !== 1100 || ids.some((id, j) => id !== i * 1000 + j)) assert.fail(`list ${i} lost its ids`);
  }
});

test('IdLists rows behave as IdLists: pushes, order, sorting, retain and release, past the arena blocks', () => {
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows = 300;
  const lists = new IdLists(4);
  lists.ensure(rows);
  const refs = Array.from({ length: rows }, () => new IdList(8, new IdArena()));
  // row 0 grows past the largest arena block (4,096 ids) into a buffer of its own
  for (let step = 0; step < 40_000; step++) {
    const r = step < 6000 ? 0 : Math.floor(rnd() * rows);
    const id = rnd() < 0.05 ? Math.floor(rnd() * step) : step;
    lists.pushOrdered(r, id, byValue);
    refs[r]!.pushOrdered(id, byValue);
    if (r > 0 && rnd() < 0.001) {
      const cut = Math.floor(rnd() * step);
      lists.retain(r, (v) => v >= cut);
      refs[r]!.retain((v) => v >= cut);
    }
    if (r > 0 && rnd() < 0.0005) {
      lists.release(r);
      refs[r]!.release();
    }
  }
  for (let r = 0; r < rows; r++) {
    assert.equal(lists.length(r), refs[r]!.length);
    assert.deepEqual([...lists.view(r)], [...refs[r]!.view()], `row ${r}`);
    lists.ensureSorted(r, byValue);
    refs[r]!.ensureSorted(byValue);
    assert.deepEqual([...lists.view(r)], [...refs[r]!.view()], `row ${r} sorted`);
  }
  assert.ok(lists.length(0) > 4096);
});

test('deferred IdLists, built at the first look, hold what pushing each id gave: ids, order, sorted part', () => {
  let seed = 5;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  // ids rise; their times mostly do, so some lists stay sorted and some do not
  const time: number[] = [];
  const byTime = (a: number, b: number) => time[a]! - time[b]! || a - b;
  const rows = 300;
  const deferred = new IdLists(4, true),
    pushed = new IdLists(4);
  deferred.ensure(rows);
  pushed.ensure(rows);
  let id = 0;
  const push = (n: number) => {
    for (let i = 0; i < n; i++) {
      id += rnd() < 0.1 ? 2 + Math.floor(rnd() * 3) : 1; // gaps: ids no grouping placed
      time[id] = id + (rnd() < 0.02 ? -50 : 0);
      const r = rnd() < 0.2 ? 0 : Math.floor(rnd() * rows);
      deferred.pushOrdered(r, id, byTime);
      pushed.pushOrdered(r, id, byTime);
    }
  };
  const same = (label: string) => {
    for (let r = 0; r < rows; r++) {
      assert.equal(deferred.length(r), pushed.length(r), `${label}: row ${r} length`);
      assert.deepEqual([...deferred.view(r)], [...pushed.view(r)], `${label}: row ${r}`);
    }
  };
  push(80_000);
  assert.equal(deferred.deferred, true);
  for (let r = 0; r < rows; r++) assert.equal(deferred.length(r), pushed.length(r), `row ${r} counted`);
  same('built');
  assert.equal(deferred.deferred, false);
  push(5_000); // kept as usual once built
  same('after');
  for (let r = 0; r < rows; r++) {
    deferred.ensureSorted(r, byTime);
    pushed.ensureSorted(r, byTime);
  }
  same('sorted');
  assert.ok(deferred.length(0) > 4096, 'row 0 went past the largest arena block');

  // an id below the last one builds the lists first
  const late = new IdLists(4, true),
    ref = new IdLists(4);
  for (const l of [late, ref]) {
    l.ensure(4);
    for (const [r, i] of [
      [1, 10],
      [2, 11],
      [1, 12],
      [3, 5],
      [1, 13],
    ] as const)
      l.pushOrdered(r, i, (a, b) => a - b);
  }
  assert.equal(late.deferred, false);
  for (let r = 0; r < 4; r++) assert.deepEqual([...late.view(r)], [...ref.view(r)]);
  late.ensureSorted(1, (a, b) => a - b);
  assert.deepEqual([...late.view(1)], [10, 12, 13]);
});
