// Shared helpers for the index tests: temp files, and indexing a text through every path.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecordStore, type IndexFileOptions } from '../../../src/core/index/index';
import { setWorkerScript } from '../../../src/core/index/workerPool';
import type { ChunkColumns } from '../../../src/core/index/columns';
import { TRACE_WORDS } from '../../../src/core/index/wasm/wasmScan';

const dir = mkdtempSync(join(tmpdir(), 'threadline-index-test-'));
let n = 0;

export function tempFile(content: string | Buffer, name = `f${n++}.log`): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

export function tempDir(): string {
  return dir;
}

export async function indexText(content: string | Buffer, opts: IndexFileOptions = {}) {
  setWorkerScript(null);
  const store = createRecordStore();
  const r = await store.addFile(tempFile(content), { workers: 0, ...opts });
  return { store, ...r };
}

/** A file indexed on this thread alone (no worker script): what an indexing with workers is compared to. */
export async function indexOnOneThread(path: string) {
  setWorkerScript(null);
  const store = createRecordStore();
  const r = await store.addFile(path, { workers: 0 });
  setWorkerScript(undefined);
  return { store, ...r };
}

/** Every record's index columns, as plain values (for comparing two indexings). */
export function columns(store: ReturnType<typeof createRecordStore>) {
  const out: unknown[] = [];
  for (let id = 0; id < store.count; id++) {
    const k = (key: number) => (key < 0 ? null : store.string(key));
    out.push({
      timeMs: store.timeMs(id),
      sub: store.timeSubMsNs(id),
      level: store.level(id),
      trace: k(store.traceKey(id)),
      span: k(store.spanKey(id)),
      parent: k(store.parentSpanKey(id)),
      corr: k(store.correlationKey(id)),
      thread: k(store.threadKey(id)),
      service: k(store.serviceKey(id)),
      format: k(store.formatKey(id)),
      source: store.source(id),
      error: store.hasError(id),
      line: store.position(id).line,
      offset: store.position(id).offset,
    });
  }
  return out;
}

/** records lines + continuation + bad = lines */
export function reconciles(s: {
  lines: number;
  recordLines: number;
  continuationLines: number;
  badLines: unknown[];
}): boolean {
  return s.recordLines + s.continuationLines + s.badLines.length === s.lines;
}

/**
 * A worker chunk's trace id at row `i` as text: a key of the worker's tables (`text`), or, for a row its line
 * batch left as TRACE_WORDS, the id's four words in `traceWords` (the store interns those when it merges).
 */
export function traceText(c: ChunkColumns, i: number, text: (k: number) => string | undefined): string | undefined {
  if (c.trace[i] !== TRACE_WORDS) return text(c.trace[i]!);
  assert.ok(c.traceWords !== null, 'a row left as words has them in traceWords');
  return [...c.traceWords.subarray(i * 4, i * 4 + 4)].map((w) => w.toString(16).padStart(8, '0')).join('');
}
