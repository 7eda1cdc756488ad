// A capped stream keeps a bounded store: evicted records give back their column chunks and their bytes, the
// accounting stays whole, and file records read alongside the stream stay readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionOver, type SessionBackend } from '../../../src/core/session/session';
import { indexBackend } from '../../../src/core/session/indexBackend';
import type { IndexStore } from '../../../src/core/index/store';
import type { SessionApi, SessionOptions } from '../../../src/core/session/api';
import { CHUNK_RECORDS } from '../../../src/core/index/columns';

function sessionWithStore(opts: SessionOptions): { session: SessionApi; store: () => IndexStore } {
  let store: IndexStore | null = null;
  const session = createSessionOver((o) => {
    const b: SessionBackend = indexBackend(o);
    store = b.store as IndexStore;
    return b;
  }, opts);
  return { session, store: () => store! };
}

const line = (i: number) =>
  `{"time":${1764000000000 + i},"level":"${i % 7 === 0 ? 'error' : 'info'}","msg":"request ${i} handled",` +
  `"traceId":"${(Math.floor(i / 10) + 1).toString(16).padStart(32, '0')}","thread":"worker-${i % 8}"}\n`;

/** Writes `n` lines in blocks, as a pipe delivers them. */
function flood(write: (s: string) => void, from: number, n: number): number {
  let bytes = 0;
  for (let i = from; i < from + n; i += 500) {
    let s = '';
    for (let j = i; j < Math.min(from + n, i + 500); j++) s += line(j);
    bytes += Buffer.byteLength(s);
    write(s);
  }
  return bytes;
}

test('a 300,000-line flood with maxRecords 1,000 frees the columns and bytes of what it evicts', () => {
  const { session, store } = sessionWithStore({ maxRecords: 1000, workers: 0 });
  const sink = session.addStream('flood');
  const bytes = flood((s) => sink.write(s), 0, 300_000);
  sink.end();

  const st = session.stats();
  const src = session.sources()[0]!;
  assert.equal(src.lines, 300_000);
  assert.equal(src.records + src.continuationLines + src.badLines.length, src.lines, 'every line accounted for');
  assert.equal(st.records + st.evicted, 300_000, 'kept + evicted = read');
  assert.ok(st.records <= 1000 && st.records >= 990, `keeps the newest ~1,000 (${st.records})`);
  assert.equal(src.evicted, st.evicted, 'the source counts its evicted records');

  const mem = store().memory();
  const chunks = Math.ceil(300_000 / CHUNK_RECORDS);
  assert.ok(mem.chunks <= 2, `at most the chunk being filled and the one before stay (${mem.chunks} of ${chunks})`);
  assert.equal(mem.chunks + mem.evictedChunks, chunks);
  const perChunk = mem.columnBytes / mem.chunks;
  assert.ok(perChunk > 0 && mem.columnBytes <= 2 * perChunk);
  // bytes: the kept records plus at most one block on each side
  assert.ok(mem.streamBytes < bytes / 100, `stream bytes held ${mem.streamBytes} of ${bytes}`);

  // the newest records read back whole; the oldest are gone
  const page = session.query({}, { offset: st.records - 1, limit: 1 }).items[0]!;
  assert.equal(page.message, 'request 299999 handled');
  return assert.rejects(session.record(0), /evicted/);
});

test("stream records interleaved with a file: the stream's chunks are freed, the file's records stay", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-evict-'));
  try {
    const file = join(dir, 'app.log');
    let text = '';
    for (let i = 0; i < 5000; i++) text += `{"time":${1764000000000 + i},"level":"warn","msg":"file ${i}"}\n`;
    writeFileSync(file, text);
    const { session, store } = sessionWithStore({ maxRecords: 2000, workers: 0 });
    const a = session.addStream('a');
    const b = session.addStream('b');
    await session.addFile(file);
    // two streams alternate blocks: their chunks interleave in the store
    for (let k = 0; k < 40; k++) {
      flood((s) => a.write(s), k * 5000, 2500);
      flood((s) => b.write(s), k * 5000 + 2500, 2500);
    }
    a.end();
    b.end();
    const st = session.stats();
    assert.equal(st.records + st.evicted, 5000 + 200_000);
    const mem = store().memory();
    assert.ok(mem.evictedChunks > 0, 'stream chunks were freed');
    // the file's chunk plus the streams' newest ones
    assert.ok(mem.chunks <= 6, `chunks still allocated: ${mem.chunks}`);
    const first = await session.record(0);
    assert.equal(first.message, 'file 0', 'file records are never evicted');
    const [sa, sb] = session.sources().filter((s) => s.kind === 'stream');
    assert.equal((sa!.evicted ?? 0) + (sb!.evicted ?? 0), st.evicted);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lowering the cap evicts at once and frees the memory', () => {
  const { session, store } = sessionWithStore({ maxRecords: 200_000, workers: 0 });
  const sink = session.addStream('s');
  flood((s) => sink.write(s), 0, 150_000);
  assert.equal(session.stats().evicted, 0);
  const before = store().memory();
  session.setMaxRecords(1000);
  const st = session.stats();
  assert.ok(st.records <= 1000, `kept ${st.records}`);
  assert.equal(st.records + st.evicted, 150_000);
  const after = store().memory();
  assert.ok(
    after.chunks < before.chunks && after.columnBytes < before.columnBytes / 2,
    JSON.stringify({ before, after }),
  );
  assert.ok(after.streamBytes < before.streamBytes / 10);
  // the stream goes on under the new cap
  flood((s) => sink.write(s), 150_000, 10_000);
  sink.end();
  assert.ok(session.stats().records <= 1000);
  assert.equal(session.stats().records + session.stats().evicted, 160_000);
});

test('a filter over a capped stream skips evicted records (their columns are gone)', async () => {
  const { session, store } = sessionWithStore({ maxRecords: 1000, workers: 0 });
  // a file first keeps the lowest live id at 0: the filter meets evicted stream records above it
  const dir = mkdtempSync(join(tmpdir(), 'tl-evict-'));
  const file = join(dir, 'before.log');
  writeFileSync(file, '{"level":"error","msg":"kept"}\n');
  await session.addFile(file);
  const sink = session.addStream('s');
  session.query({ filter: 'level:error' });
  flood((s) => sink.write(s), 0, 100_000);
  sink.end();
  // the filter decides in the background: ask until it has decided every record
  let all = session.query({ filter: 'level:error' }, { limit: 5000 });
  while (all.pending > 0) {
    await new Promise((r) => setTimeout(r, 10));
    all = session.query({ filter: 'level:error' }, { limit: 5000 });
  }
  assert.ok(store().memory().evictedChunks > 0, JSON.stringify(store().memory()));
  assert.ok(all.total > 1 && all.items.every((r) => r.level === 'error'), `${all.total} records`);
  assert.equal(all.items[0]!.message, 'kept');
  rmSync(dir, { recursive: true, force: true });
});
