import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRecordStore } from '../../../src/core/index/index';
import { indexText, reconciles } from './helpers';

const traces = join(import.meta.dirname ?? __dirname, '../../fixtures/traces');

test('every trace fixture indexes with reconciling counts, spans with positions', async () => {
  const files = readdirSync(traces).filter((f) => /\.(json|ndjson)$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) {
    const r = await indexText(readFileSync(join(traces, f)));
    assert.ok(reconciles(r.summary), `${f}: ${JSON.stringify(r.summary)}`);
    assert.equal(r.summary.error, null, f);
    assert.ok(r.summary.spans + r.summary.records > 0, `${f} gave nothing`);
    assert.equal(r.summary.badLines.length, 0, `${f}: ${JSON.stringify(r.summary.badLines)}`);
    for (let i = 0; i < r.store.spans.length; i++) {
      const p = r.store.spanPosition(i);
      assert.ok(p !== null && p.line >= 1 && p.line <= r.summary.lines, f);
    }
  }
});

test('NDJSON of OTLP export requests: many spans from one line, each line a record line', async () => {
  const text = readFileSync(join(traces, 'otlp-export.ndjson'), 'utf8');
  const lines = text.trimEnd().split('\n').length;
  const r = await indexText(text);
  assert.equal(r.summary.lines, lines);
  assert.equal(r.summary.recordLines, lines);
  assert.ok(r.summary.spans > 0 && r.summary.records > 0);
  assert.equal(r.summary.spans + r.summary.records, 8);
});

test('evictBefore frees old chunks; later ids stay readable', async () => {
  const store = createRecordStore();
  const s = store.addStream('live');
  const line = (i: number) => `{"level":"info","msg":"m${i}","time":${1764000000000 + i}}\n`;
  // small writes from two sources interleave chunks
  for (let i = 0; i < 70000; i++) s.write(line(i));
  s.end();
  store.evictBefore(40000);
  assert.throws(() => store.level(0), /evicted/);
  assert.equal(store.message(69999), 'm69999');
  assert.equal(store.count, 70000);
});

test('a pretty-printed record with a stack trace printed below it loads with the trace', async () => {
  const doc = JSON.stringify(
    { level: 'error', msg: 'pretty {"not": [a bracket', time: 1764000000000, n: [1] },
    null,
    2,
  );
  const stack = 'java.lang.IllegalStateException: x}\n\tat com.acme.S.run(S.java:1)';
  const text = `{"level":"info","msg":"a","time":1}\n${doc}\n${stack}\n{"level":"info","msg":"b","time":2}\n`;
  const r = await indexText(text);
  const without = await indexText(text.replace(stack + '\n', ''));
  assert.equal(r.summary.records, 3);
  assert.equal(r.summary.continuationLines, without.summary.continuationLines + 2);
  const rec = await r.store.load(1);
  assert.equal(rec.message, 'pretty {"not": [a bracket');
  assert.match(rec.error ?? '', /^java\.lang\.IllegalStateException: x\}\n\tat com\.acme\.S\.run\(S\.java:1\)$/);
  assert.equal((await r.store.load(2)).message, 'b');
});
