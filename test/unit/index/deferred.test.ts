// Source locations left by the fast path to the first question that asks: read back from the records' bytes,
// one record at a time or a chunk at a time, they equal what the slow path keeps in the index.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rmSync } from 'node:fs';
import { createRecordStore } from '../../../src/core/index/index';
import { LOCATION_DEFERRED } from '../../../src/core/index/builder';
import { setWorkerScript } from '../../../src/core/index/workerPool';
import { indexText, tempFile } from './helpers';

/** logback lines with caller fields (some null), pino lines with a caller string, stack traces, a bad line. */
function lines(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 4 === 0) {
      out.push(
        JSON.stringify({
          level: 30,
          time: 1764000000000 + i,
          pid: 1,
          hostname: 'h',
          trace_id: (i + 1).toString(16).padStart(32, '0'),
          caller: `src/r${i % 7}.ts:${i % 40}`,
          msg: 'm' + i,
        }),
      );
      continue;
    }
    out.push(
      JSON.stringify({
        '@timestamp': new Date(1764000000000 + i).toISOString(),
        '@version': '1',
        message: 'm' + i,
        logger_name: 'com.acme.S',
        thread_name: 't-' + (i % 3),
        level: 'INFO',
        traceId: (i + 7).toString(16).padStart(32, '0'),
        caller_class_name: 'com.acme.S' + (i % 5),
        caller_method_name: 'run',
        caller_file_name: i % 11 === 0 ? null : `S${i % 5}.java`,
        caller_line_number: i % 90,
      }),
    );
    if (i % 13 === 0) out.push('\tat com.acme.S.run(S.java:1)');
    if (i === 700) out.push('{"broken": ');
  }
  return out.join('\n') + '\n';
}

const sources = (s: ReturnType<typeof createRecordStore>, order: number[]) => order.map((id) => s.source(id));

test('fast-path locations are left for later; read back one by one or by chunk they equal the slow path', async () => {
  const text = lines(3000);
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.ok(fast.fastLines > 2500, `fast lines ${fast.fastLines}`);
  const loc = fast.store.chunks[0]!.cols.location!;
  const deferred = loc.filter((k) => k <= LOCATION_DEFERRED).length;
  assert.ok(deferred > 2000, `deferred ${deferred}`);
  // a few scattered asks (resolved one at a time), then every record (the rest of the chunk in one pass)
  const ids = Array.from({ length: fast.store.count }, (_, i) => i);
  const few = [2999, 5, 1200, 1201, 17, 0];
  assert.deepEqual(sources(fast.store, few), sources(slow.store, few));
  assert.ok(loc.filter((k) => k <= LOCATION_DEFERRED).length > deferred - 10);
  assert.deepEqual(sources(fast.store, ids), sources(slow.store, ids));
  assert.equal(loc.filter((k) => k <= LOCATION_DEFERRED).length, 0);
  assert.deepEqual(new Set(sources(fast.store, ids).map((l) => l?.origin)), new Set(['field', 'caller']));
});

test('locations deferred in worker ranges and in a stream read back as on one thread', async () => {
  const text = lines(5000);
  const p = tempFile(text);
  setWorkerScript(null);
  const one = createRecordStore();
  await one.addFile(p, { workers: 0, slowOnly: true });
  setWorkerScript(undefined);
  const many = createRecordStore();
  const r = await many.addFile(p, { workers: 2, minParallelBytes: 0, rangeBytes: 64 * 1024 });
  assert.equal(r.workersUsed, 2);
  const ids = Array.from({ length: one.count }, (_, i) => i);
  assert.deepEqual(sources(many, ids.slice().reverse()), sources(one, ids.slice().reverse()));

  const live = createRecordStore();
  const s = live.addStream('live');
  for (let i = 0; i < text.length; i += 4093) s.write(text.slice(i, i + 4093));
  s.end();
  assert.deepEqual(sources(live, ids), sources(one, ids));
});

test('a deferred location whose file is gone reads as none, without throwing', async () => {
  const text = lines(50);
  const p = tempFile(text);
  setWorkerScript(null);
  const store = createRecordStore();
  await store.addFile(p, { workers: 0 });
  assert.notEqual(store.source(1), null);
  store.sourceStates[0]!.reader?.close();
  rmSync(p);
  assert.equal(store.source(2), null);
});
