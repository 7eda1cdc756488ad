// A thread that reads and scans ahead of the calling thread (scanAhead.ts) changes nothing in what a file is
// indexed as: the same records, columns and line accounting as the calling thread alone, with chunk boundaries
// everywhere (tiny chunks and tails), lines longer than a chunk and its tail, other shapes, values the thread's
// tables lack, multi-line documents, and a thread that fails or never starts. And a session takes records in while
// the calling thread waits for the thread's chunks.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setScanAheadScript } from '../../../src/core/index/wasm/aheadThread';
import type { ScanAheadOptions } from '../../../src/core/index/scanAhead';
import { createRecordStore } from '../../../src/core/index/store';
import { createSessionOver, type BackendFactory } from '../../../src/core/session/session';
import { columns, indexText, reconciles, tempDir, tempFile } from './helpers';
import { corpus, hostile } from './corpora';
import { random } from './hostileLines';
import { wasm } from './scanImpls';
import type { WasmBatch } from '../../../src/core/index/wasm/wasmScan';

const summary = (x: Awaited<ReturnType<typeof indexText>>) => ({ ...x.summary, name: '', elapsedMs: 0 });

/** Indexes `text` alone and with the thread at each geometry; asserts the same results and that it took chunks. */
async function compare(
  text: Buffer,
  geometries: ScanAheadOptions[],
  label: string,
  awaitThread = true,
): Promise<number[]> {
  const alone = await indexText(text, { scanAhead: false });
  assert.ok(reconciles(alone.summary), 'line accounting adds up');
  const expect = columns(alone.store);
  const taken: number[] = [];
  for (const g of geometries) {
    const ahead = await indexText(text, { scanAhead: { minBytes: 0, awaitThread, ...g } });
    const at = `${label}, ${JSON.stringify(g)}`;
    assert.deepEqual(summary(ahead), summary(alone), `summary, ${at}`);
    assert.equal(ahead.fastLines, alone.fastLines, `fast lines, ${at}`);
    assert.deepEqual(ahead.invalidUtf8Lines, alone.invalidUtf8Lines, `invalid UTF-8 lines, ${at}`);
    assert.deepEqual(ahead.notes, alone.notes, `notes, ${at}`);
    assert.deepEqual(columns(ahead.store), expect, `records, ${at}`);
    taken.push(ahead.aheadChunks);
  }
  return taken;
}

const GEOMETRIES: ScanAheadOptions[] = [
  { chunkBytes: 4096, tailBytes: 1024, slots: 4 },
  { chunkBytes: 777, tailBytes: 300, slots: 3, recordBytes: 8192 },
  { chunkBytes: 64 * 1024, tailBytes: 16 * 1024 },
];

test('logback lines with edge-case values index the same with the thread scanning ahead', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  setScanAheadScript(undefined);
  const taken = await compare(corpus(7, 6000), GEOMETRIES, 'logback');
  // the calling thread takes chunks itself too, but the thread scans most of them
  assert.ok(
    taken.every((n) => n > 0),
    `chunks the thread scanned: ${taken}`,
  );
});

test('the fixtures and hostile variants of them index the same with the thread scanning ahead', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  setScanAheadScript(undefined);
  await compare(hostile(23), GEOMETRIES, 'hostile');
});

test('values the thread’s tables lack, and lines longer than a chunk, come out as on the calling thread', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  setScanAheadScript(undefined);
  const r = random(43);
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) {
    lines.push(
      JSON.stringify({
        level: r.pick([20, 30, 40, 50]),
        time: 1768464000000 + i,
        pid: 7,
        hostname: `host-${r.int(400)}`,
        reqId: r.pick<unknown>([`r-${i}`, `r-${i >> 2}`, null, 'r-"q"', 'r-ü']),
        trace_id: `${i % 97}`.padStart(32, 'a'),
        msg: r.next() < 0.01 ? 'x'.repeat(3000 + r.int(9000)) : `m ${i}`,
      }),
    );
    // a multi-line document now and then (the calling thread collects it across chunks)
    if (r.next() < 0.002) lines.push('{\n  "level": 30,\n  "msg": "spread",\n  "time": 1768464000000\n}');
  }
  const taken = await compare(Buffer.from(lines.join('\n')), GEOMETRIES, 'first values');
  assert.ok(
    taken.every((n) => n > 0),
    `chunks the thread scanned: ${taken}`,
  );
});

test('a thread that fails at once leaves every chunk to the calling thread', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  const broken = join(tempDir(), 'brokenAhead.js');
  writeFileSync(broken, "throw new Error('no thread today');\n");
  setScanAheadScript(broken);
  try {
    // (not waiting for it: a thread that dies loading its script never says so while this one waits)
    const geometry = [{ chunkBytes: 4096, tailBytes: 1024 }];
    const taken = await compare(corpus(11, 3000), geometry, 'failing thread', false);
    assert.deepEqual(taken, [0]);
  } finally {
    setScanAheadScript(undefined);
  }
});

test('cancelling while the thread scans ahead stops the read, with the thread, and says so', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  setScanAheadScript(undefined);
  const text = corpus(13, 20000);
  const ac = new AbortController();
  let reports = 0;
  const r = await indexText(text, {
    scanAhead: { minBytes: 0, awaitThread: true, chunkBytes: 4096, tailBytes: 1024 },
    signal: ac.signal,
    // the first report comes with the first records; the next once chunks have been read
    onProgress: () => {
      if (++reports === 2) ac.abort();
    },
  });
  assert.equal(r.summary.error, 'indexing cancelled');
  assert.ok(r.summary.records > 0 && r.summary.records < 20000, `records: ${r.summary.records}`);
  assert.ok(reconciles(r.summary), 'the lines read are accounted for');
});

test('a session takes records in while the calling thread waits for the thread: same counts and groups', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  const path = tempFile(corpus(17, 20000));
  /** The session's stats and every trace group, over the file read with `scanAhead`; counts the waits' steps. */
  const open = async (scanAhead: false | ScanAheadOptions) => {
    let steps = 0;
    const backend: BackendFactory = () => {
      const store = createRecordStore();
      return {
        store,
        addFile: async (p, o) => {
          const whileWaiting = () => {
            const did = o!.whileWaiting!();
            if (did) steps++;
            return did;
          };
          return (await store.addFile(p, { workers: 0, scanAhead, whileWaiting })).summary;
        },
        addStream: (name) => store.addStream(name),
      };
    };
    const session = createSessionOver(backend, { maxRecords: Number.MAX_SAFE_INTEGER });
    await session.addFile(path);
    const stats = session.stats();
    const groups = session.groupsPage({ by: { kind: 'trace' } }, { offset: 0, limit: 1e6 }).items;
    session.dispose();
    return { steps, stats, groups };
  };
  const alone = await open(false);
  setScanAheadScript(join(import.meta.dirname, 'slowAheadWorker.ts'));
  try {
    const ahead = await open({ minBytes: 0, awaitThread: true, chunkBytes: 4096, tailBytes: 1024, slots: 8 });
    assert.ok(ahead.steps > 0, 'records were taken in while waiting for the thread');
    assert.deepEqual(ahead.stats, alone.stats);
    assert.deepEqual(ahead.groups, alone.groups);
  } finally {
    setScanAheadScript(undefined);
  }
});

test('a value the thread’s tables lack goes to its log once, however often the thread leaves it', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly module here');
  setScanAheadScript(undefined);
  // threads and services the first records do not show, each on hundreds of lines the thread reads
  const r = random(61);
  const lines = Array.from({ length: 6000 }, (_, i) =>
    JSON.stringify({
      '@timestamp': new Date(1768464000000 + i).toISOString(),
      level: r.pick(['INFO', 'WARN', 'ERROR']),
      thread_name: `exec-${r.int(i < 200 ? 3 : 40)}`,
      service: `svc-${r.int(i < 200 ? 1 : 6)}`,
      message: `m ${i}`,
    }),
  );
  const b = wasm.batch;
  const set = b.tableSet;
  const counts = new Map<string, number>();
  (b as { tableSet: WasmBatch['tableSet'] }).tableSet = (table, key, len, value) => {
    const k = `${table} ${b.bytes.toString('latin1', key, key + len)} ${b.cleared}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    set(table, key, len, value);
  };
  try {
    const taken = await compare(Buffer.from(lines.join('\n')), [{ chunkBytes: 4096, tailBytes: 1024 }], 'threads');
    assert.ok(taken[0]! > 10, `chunks the thread scanned: ${taken}`);
  } finally {
    (b as { tableSet: WasmBatch['tableSet'] }).tableSet = set;
  }
  const again = [...counts].filter(([, n]) => n > 1);
  assert.ok(counts.size > 40, `values set: ${counts.size}`);
  assert.deepEqual(again, [], 'values set more than once');
});
