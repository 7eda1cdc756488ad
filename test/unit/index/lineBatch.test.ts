// The WebAssembly module's line batches (scan.c `batch`, run by LineIndexer.batch) index lines exactly as the
// JavaScript fast path does, which indexes them as the slow path does: the same records, columns and line
// accounting, over logback lines with edge-case values (times, ids, levels, escapes, non-ASCII), shapes that
// alternate (more of them than the module holds programs), CRLF, blank, text, bad and long lines, at read sizes
// that put line and buffer boundaries everywhere; and with a worker that forgets its values after every range.
import assert from 'node:assert/strict';
import { openSync, closeSync, fstatSync } from 'node:fs';
import { test } from 'node:test';
import type { RangeResult } from '../../../src/core/index/store';
import { readRange, splitRanges } from '../../../src/core/index/rangeReader';
import { ChunkBuilder } from '../../../src/core/index/builder';
import { createFormatHooks } from '../../../src/core/index/formatHooks';
import { LineIndexer } from '../../../src/core/index/lineIndexer';
import { F_PARENT_TEXT, F_SPAN_TEXT, lineAt } from '../../../src/core/index/columns';
import { NONE } from '../../../src/core/index/types';
import { indexRangesInWorkers, setWorkerScript, WorkerPool, workerScript } from '../../../src/core/index/workerPool';
import { columns, indexText, reconciles, tempFile, traceText } from './helpers';
import { corpus, hostile } from './corpora';
import { random } from './hostileLines';
import { wasm } from './scanImpls';
import type { WasmBatch } from '../../../src/core/index/wasm/wasmScan';

/** Counts the rows line batches wrote while `f` runs. */
async function batchRows<T>(f: () => Promise<T>): Promise<[T, number]> {
  const b: { run: WasmBatch['run'] } = wasm!.batch;
  const run = b.run;
  let rows = 0;
  b.run = (...a) => {
    const n = run(...a);
    rows += n;
    return n;
  };
  try {
    return [await f(), rows];
  } finally {
    b.run = run;
  }
}

async function compare(text: Buffer, minBatchRows: number): Promise<void> {
  const slow = await indexText(text, { slowOnly: true });
  const js = await indexText(text, { jsScanner: true });
  assert.ok(reconciles(slow.summary), 'line accounting adds up');
  const expect = columns(slow.store);
  assert.deepEqual(columns(js.store), expect, 'the JavaScript fast path gives the slow path’s records');
  for (const chunkSize of [undefined, 4096, 777, 61]) {
    const one = await indexText(text, { chunkSize, lineBatch: false });
    const [batched, rows] = await batchRows(() => indexText(text, { chunkSize }));
    assert.ok(rows >= minBatchRows, `rows line batches took: ${rows}, chunk ${chunkSize}`);
    const summary = (x: typeof one) => ({ ...x.summary, name: '', elapsedMs: 0 });
    assert.deepEqual(summary(batched), summary(one), `summary, chunk ${chunkSize}`);
    assert.deepEqual(summary(batched), summary(slow), `summary against the slow path, chunk ${chunkSize}`);
    assert.equal(batched.fastLines, one.fastLines, `fast lines, chunk ${chunkSize}`);
    assert.equal(batched.fastLines, js.fastLines, `fast lines against the JavaScript scanner, chunk ${chunkSize}`);
    assert.deepEqual(batched.invalidUtf8Lines, slow.invalidUtf8Lines, `invalid UTF-8 lines, chunk ${chunkSize}`);
    assert.deepEqual(columns(batched.store), expect, `records, chunk ${chunkSize}`);
  }
}

test('line batches index logback lines with edge-case values as the fast and slow paths do', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  await compare(corpus(7, 6000), 2500);
});

test('line batches index the fixtures and hostile variants of them as the fast and slow paths do', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  await compare(hostile(23), 40);
});

test('lines past ASCII are batched when they are UTF-8, and left to the JavaScript path when not', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  const line = (i: number, msg: string) =>
    JSON.stringify({
      '@timestamp': `2026-11-25T09:00:00.${String(i % 1000).padStart(3, '0')}Z`,
      '@version': '1',
      message: msg,
      logger_name: 'app',
      thread_name: 'main',
      level: 'INFO',
      level_value: 20000,
    }) + '\n';
  const good = Array.from({ length: 300 }, (_, i) => line(i, i % 2 ? 'héllo wörld 😀' : 'plain')).join('');
  const [a, rows] = await batchRows(() => indexText(good));
  assert.ok(rows >= 250, `rows line batches took: ${rows}`);
  assert.equal(a.fastLines, 299);
  const bad = Buffer.from(good.replaceAll('wörld', 'w\xf6rld'), 'latin1');
  const [b, badRows] = await batchRows(() => indexText(bad));
  assert.ok(badRows <= 150, `rows line batches took: ${badRows}`);
  assert.equal(b.invalidUtf8Lines.length, 150);
  assert.deepEqual(columns(b.store), columns((await indexText(bad, { slowOnly: true })).store));
});

test('values a batch sees for the first time (request ids, threads) come out as on the slow path', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  const r = random(41);
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const reqId = r.pick<unknown>([`r-${i}`, `r-${i >> 2}`, `r-${i % 7}`, null, 17, '', 'r-"q"', 'r-ü', `R-${i >> 3}`]);
    lines.push(
      JSON.stringify({
        level: r.pick([20, 30, 40, 50]),
        time: 1768464000000 + i,
        pid: 7,
        hostname: `host-${r.int(40)}`,
        name: r.pick(['cart', 'auth', null]),
        reqId,
        trace_id: r.next() < 0.9 ? `${i % 97}`.padStart(32, 'a') : r.pick([`T-${i}`, 'A'.repeat(32), null]),
        span_id: 'b945bae9cd0b2145',
        msg: `m ${i}`,
      }),
    );
  }
  await compare(Buffer.from(lines.join('\n') + '\n'), 3000);
});

test('the quick first slice stops after the same record with line batches', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  const path = tempFile(corpus(3, 3000));
  const fd = openSync(path, 'r');
  t.after(() => closeSync(fd));
  const size = fstatSync(fd).size;
  const slice = (lineBatch: boolean, chunkSize: number | undefined, records: number) => {
    const builder = new ChunkBuilder();
    const indexer = new LineIndexer(builder, createFormatHooks(), { lineBatch });
    const at = readRange(fd, 0, size, size, indexer, { chunkSize, stopAfterRecords: records });
    const s = indexer.syncCounts();
    return { at, count: builder.count, lines: s.lines, fast: s.fastLines, formats: { ...s.formats } };
  };
  for (const chunkSize of [undefined, 4096, 777])
    for (const records of [1, 999, 1000, 2500]) {
      const a = slice(false, chunkSize, records);
      assert.ok(a.count >= records, `records: ${a.count}`);
      const [b, rows] = await batchRows(async () => slice(true, chunkSize, records));
      assert.deepEqual(b, a, `chunk ${chunkSize}, ${records} records`);
      if (records > 100) assert.ok(rows > records / 2, `rows line batches took: ${rows}`);
    }
});

test('a worker forgetting its values after every range reads the same records with line batches', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  setWorkerScript(undefined);
  const script = workerScript();
  if (script === null) return t.skip('no worker script');
  const path = tempFile(corpus(5, 8000));
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const bounds = splitRanges(fd, 0, size, 16);
  closeSync(fd);
  const run = async (lineBatch: boolean) => {
    const tables: string[][] = [];
    const out: string[] = [];
    await indexRangesInWorkers(
      // one worker: its ranges come in file order, so its fast paths are learned at the same lines in both runs
      new WorkerPool(script, 1),
      path,
      bounds,
      size,
      { forgetValuesAfter: 0, lineBatch },
      (r: RangeResult) => {
        const t = (tables[r.worker!] ??= []);
        const texts = [...r.strings.strings];
        r.strings.hexAt.forEach((at, j) => {
          const w = [...r.strings.hexWords.subarray(j * 4, j * 4 + 4)];
          texts[at] = w.map((x) => x.toString(16).padStart(8, '0')).join('');
        });
        t.push(...texts);
        const text = (k: number | undefined) => (k === undefined || k === NONE ? '-' : t[k]);
        out.push(`range ${r.start}: ${r.stats.lines} lines, ${r.stats.fastLines} fast, ${r.stats.badLines.length} bad`);
        for (const c of r.chunks)
          for (let i = 0; i < c.count; i++) {
            const ids = [
              traceText(c, i, text),
              ...[c.thread[i], c.service?.[i], c.correlation?.[i], c.format[i]].map(text),
            ];
            const f = c.idFlags[i];
            // ids that are not 16 hex digits are string keys
            const spanLo = f & F_SPAN_TEXT ? text(c.spanLo[i]) : c.spanLo[i];
            const parentLo = f & F_PARENT_TEXT ? text(c.parentLo?.[i]) : (c.parentLo?.[i] ?? 0);
            const span = `${f} ${c.spanHi[i]} ${spanLo} ${c.parentHi?.[i] ?? 0} ${parentLo}`;
            out.push(`${lineAt(c, i)} ${c.timeMs[i]} ${c.subNs?.[i] ?? 0} ${c.level[i]} ${span} ${ids.join(' ')}`);
          }
      },
      () => {},
    );
    return out;
  };
  const batched = await run(true);
  assert.ok(batched.length > 8000, `records: ${batched.length}`);
  assert.deepEqual(batched, await run(false));
});
