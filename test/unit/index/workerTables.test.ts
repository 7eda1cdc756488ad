// A worker keeps the record values it interned across ranges (a value seen in every range is sent once) and
// forgets them past a bound: either way, every record's keys read back as the same strings. Trace ids its line
// batches read cross as words and are interned once, by the store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSync, closeSync, fstatSync } from 'node:fs';
import { NONE } from '../../../src/core/index/types';
import type { RangeResult } from '../../../src/core/index/store';
import type { StringBatch } from '../../../src/core/index/interner';
import { splitRanges } from '../../../src/core/index/rangeReader';
import { createRecordStore } from '../../../src/core/index/index';
import { indexRangesInWorkers, setWorkerScript, WorkerPool, workerScript } from '../../../src/core/index/workerPool';
import { TRACE_WORDS, wasmScanner } from '../../../src/core/index/wasm/wasmScan';
import { columns, indexOnOneThread, tempFile, traceText } from './helpers';

function lines(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      JSON.stringify({
        '@timestamp': new Date(1764000000000 + i).toISOString(),
        level: ['INFO', 'WARN', 'ERROR'][i % 3],
        thread_name: `worker-${i % 5}`,
        logger_name: 'app',
        message: 'm' + i,
        traceId: (i % 700).toString(16).padStart(32, '0'),
        service: i % 2 ? 'a' : 'b',
      }),
    );
  }
  return out.join('\n') + '\n';
}

/** A range's new strings as texts: trace ids cross as four 32-bit words (eight hex digits each, first digit high). */
function batchTexts(b: StringBatch): string[] {
  const texts = [...b.strings];
  b.hexAt.forEach((at, j) => {
    assert.equal(texts[at], '', 'an id sent as words has no text beside them');
    texts[at] = [...b.hexWords.subarray(j * 4, j * 4 + 4)].map((w) => w.toString(16).padStart(8, '0')).join('');
  });
  return texts;
}

/** Every record's trace, thread and service as text, decoding keys with each worker's tables. */
async function decoded(path: string, forgetValuesAfter: number | undefined): Promise<string[]> {
  const script = workerScript();
  assert.ok(script, 'the worker script is found');
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const bounds = splitRanges(fd, 0, size, 12);
  closeSync(fd);
  const tables: string[][] = [];
  const out: string[] = [];
  let resent = 0;
  const opts = forgetValuesAfter === undefined ? {} : { forgetValuesAfter };
  await indexRangesInWorkers(
    new WorkerPool(script, 2),
    path,
    bounds,
    size,
    opts,
    (r: RangeResult) => {
      const t = (tables[r.worker!] ??= []);
      assert.equal(r.stringBase, t.length, 'strings arrive in order, numbered on from the range before');
      const texts = batchTexts(r.strings);
      for (const s of texts) if (s !== '' && t.includes(s)) resent++;
      t.push(...texts);
      const text = (k: number) => (k === NONE ? '-' : t[k]!);
      for (const c of r.chunks)
        for (let i = 0; i < c.count; i++)
          out.push(`${traceText(c, i, text)} ${text(c.thread[i]!)} ${c.service ? text(c.service[i]!) : '-'}`);
    },
    () => {},
  );
  out.push(`resent ${resent > 0}`);
  return out;
}

test('a worker that forgets its values after every range reads the same keys as one that keeps them', async () => {
  const p = tempFile(lines(6000));
  const kept = await decoded(p, undefined);
  const forgotten = await decoded(p, 0);
  assert.equal(kept.length, 6001);
  // kept: nothing is sent twice by the same worker; forgotten: threads and services are sent again per range
  assert.equal(kept.pop(), 'resent false');
  assert.equal(forgotten.pop(), 'resent true');
  assert.deepEqual(forgotten, kept);
  assert.ok(kept.includes(`${(5999 % 700).toString(16).padStart(32, '0')} worker-4 a`));
});

test("a worker's line batches send trace ids as words, and the store interns each id once", async (t) => {
  const p = tempFile(lines(6000));
  const { store: one } = await indexOnOneThread(p);
  setWorkerScript(undefined);
  const many = createRecordStore();
  await many.addFile(p, { workers: 2, minParallelBytes: 0, rangeBytes: 40_000 });
  assert.deepEqual(columns(many), columns(one));
  const traceKeys = (s: typeof one) => new Set(Array.from({ length: s.count }, (_, id) => s.traceKey(id)));
  assert.equal(traceKeys(one).size, 700);
  assert.equal(traceKeys(many).size, 700, 'an id that several ranges and workers sent has one key');
  if (wasmScanner() === null) return t.skip('no WebAssembly module here: no line batches');
  let words = 0,
    hexSent = 0;
  const fd = openSync(p, 'r');
  const size = fstatSync(fd).size;
  const bounds = splitRanges(fd, 0, size, 4);
  closeSync(fd);
  await indexRangesInWorkers(
    new WorkerPool(workerScript()!, 2),
    p,
    bounds,
    size,
    {},
    (r: RangeResult) => {
      for (const c of r.chunks) for (let i = 0; i < c.count; i++) if (c.trace[i] === TRACE_WORDS) words++;
      hexSent += r.strings.hexAt.length;
    },
    () => {},
  );
  assert.ok(words > 5000, `${words} rows crossed with their trace id as words`);
  // only the lines the fast path read in JavaScript (a range's first ones) intern their id in the worker
  assert.ok(hexSent < 100, `${hexSent} ids sent from the workers' tables`);
});
