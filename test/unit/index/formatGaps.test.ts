// Lines from real libraries that the format layer used to read wrongly (nested correlation keys, x/exp/slog's
// string `source`), indexed end to end: the fast path and the full parse agree, and the session groups them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSession } from '../../../src/core/session/session';
import { createRecordStore } from '../../../src/core/index/index';
import { setWorkerScript } from '../../../src/core/index/workerPool';
import { columns, indexText, reconciles, tempFile } from './helpers';

const fixtures = join(import.meta.dirname ?? __dirname, '../../fixtures/logs');

test('logging-winston metadata: request ids one level down land in their correlation group', async () => {
  const text = readFileSync(join(fixtures, 'gcp-logging-winston.jsonl'));
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.deepEqual(columns(fast.store), columns(slow.store));
  assert.ok(reconciles(fast.summary));
  const corr = columns(fast.store).map((c) => (c as { corr: string | null }).corr);
  assert.deepEqual(corr, ['req-7f3a', null, 'req-7f3a', 'corr-51', 'req-9c1d', null, 'req-2b8e', 'req-2b8e']);

  const s = createSession();
  try {
    await s.addFile(join(fixtures, 'gcp-logging-winston.jsonl'));
    const groups = Object.fromEntries(s.groups({ kind: 'correlation' }).map((g) => [g.id, g.records]));
    assert.equal(groups['correlation:req-7f3a'], 2);
    assert.equal(groups['correlation:req-2b8e'], 2);
    assert.equal(groups['correlation:corr-51'], 1);
    const byThread = s.groups({ kind: 'thread' }).map((g) => g.key);
    assert.ok(byThread.includes('worker-2'), 'a thread name under metadata is the record thread');
  } finally {
    s.dispose();
  }
});

test('a container holding a string stays on the fast path; holding an object it takes the slow path', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    const base = { level: 30, time: 1714551300000 + i, msg: 'm' + i };
    lines.push(JSON.stringify(i % 2 ? { ...base, context: 'default' } : { ...base, context: { requestId: 'r-' + (i % 3), thread: 'w' } }));
  }
  const text = lines.join('\n') + '\n';
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.deepEqual(columns(fast.store), columns(slow.store));
  assert.ok(fast.fastLines >= 99, `fast lines ${fast.fastLines}`);
  const c = columns(fast.store) as { corr: string | null; thread: string | null }[];
  assert.deepEqual([c[0].corr, c[0].thread, c[1].corr, c[1].thread], ['r-0', 'w', null, null]);
});

test('threadline.fieldMappings names any other container by a dotted path, on both paths', async () => {
  const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ level: 30, time: 1714551300000 + i, msg: 'm', payload: { rid: 'p-' + (i % 2) } }));
  const text = lines.join('\n') + '\n';
  const mappings = { correlationId: 'payload.rid' };
  const index = async (slowOnly: boolean) => {
    setWorkerScript(null);
    const store = createRecordStore({ fieldMappings: mappings });
    await store.addFile(tempFile(text), { workers: 0, slowOnly });
    return store;
  };
  const fast = { store: await index(false) }, slow = { store: await index(true) };
  assert.deepEqual(columns(fast.store), columns(slow.store));
  assert.deepEqual((columns(fast.store) as { corr: string }[]).slice(0, 2).map((c) => c.corr), ['p-0', 'p-1']);
});

test('x/exp/slog: a "file:line" source string gives a location on the fast path as on the slow one', async () => {
  // each line of the fixture has its own key shape: repeated, the later copies take the fast path
  const text = readFileSync(join(fixtures, 'go-exp-slog.jsonl'), 'utf8').repeat(4);
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.deepEqual(columns(fast.store), columns(slow.store));
  assert.equal(fast.fastLines, 12, "3 copies of the 4 lines without an object under a container (`ctx`)");
  const src = (columns(fast.store) as { source: { file: string; line: number } | null }[]).map((c) => c.source && `${c.source.file}:${c.source.line}`);
  const lines = readFileSync(join(import.meta.dirname ?? __dirname, '../../../scripts/fixtures/go-exp-slog/main.go'), 'utf8').split('\n');
  for (const s of src) {
    assert.ok(s?.startsWith('/app/scripts/fixtures/go-exp-slog/main.go:'), String(s));
    const line = lines[Number(s!.split(':').pop()) - 1];
    assert.match(line, /\b(Info|Debug|Error|Warn|Log)\(/, `the source line is a logging call: ${line}`);
  }
});

test('Spring Boot banner and a JVM warning before the first record are plain-text records, not bad lines', async () => {
  const path = join(fixtures, 'spring-boot-banner.log');
  const lines = readFileSync(path, 'utf8').split('\n');
  const fast = await indexText(readFileSync(path));
  const slow = await indexText(readFileSync(path), { slowOnly: true });
  assert.deepEqual(fast.summary.badLines, []);
  assert.ok(reconciles(fast.summary));
  assert.deepEqual(columns(fast.store), columns(slow.store));
  const firstJson = lines.findIndex((l) => l.startsWith('{'));
  const plain: { line: number; message: string }[] = [];
  for (let id = 0; id < fast.store.count; id++) {
    const rec = await fast.store.load(id);
    if (rec.format !== 'plain') break;
    assert.equal(rec.level, null);
    assert.equal(rec.timeNs, null);
    plain.push({ line: fast.store.position(id).line, message: rec.message });
  }
  // every non-blank line above the first JSON record is a record of its own, at its own line number
  const expected = lines.slice(0, firstJson).map((l, i) => ({ line: i + 1, message: l })).filter((l) => l.message !== '');
  assert.deepEqual(plain, expected);
  assert.match(plain[0].message, /^OpenJDK 64-Bit Server VM warning:/);
  assert.ok(plain.some((p) => p.message.includes(':: Spring Boot ::')));
  // the blank lines continue the plain record above them
  assert.equal(fast.summary.continuationLines, lines.slice(0, firstJson).filter((l) => l === '').length);
  assert.equal(fast.summary.formats.plain, expected.length);
  assert.equal(fast.summary.formats['logstash-logback'], lines.length - 1 - firstJson);
});

test('bracketed text before the first record is plain output; a JSON array document still opens', async () => {
  const rec = '{"level":"info","msg":"up","time":1764000000000}';
  const r = await indexText(`[INFO] Scanning for projects...\n[0.004s][warning][gc] -XX:+PrintGC is deprecated\n${rec}\n`);
  assert.deepEqual(r.summary.badLines, []);
  assert.equal(r.summary.records, 3);
  assert.deepEqual([(await r.store.load(0)).format, (await r.store.load(1)).format, (await r.store.load(2)).format], ['plain', 'plain', 'logrus']);
  const doc = await indexText(`[\n  {"level":"info","msg":"a","time":1764000000000},\n  {"level":"warn","msg":"b","time":1764000000001}\n]\n`);
  assert.equal(doc.summary.records, 2);
  assert.deepEqual(doc.summary.badLines, []);
  const broken = await indexText(`[{"a":1},{"a":\n${rec}\n`);
  assert.equal(broken.summary.badLines.length, 1, 'broken JSON stays bad');
  const binary = await indexText(`\u0000\u0001\u0002\n${rec}\n`);
  assert.match(binary.summary.badLines[0].reason, /binary data/);
});

test('a preamble longer than the first slice stays plain records with workers, and in a live stream', async () => {
  const preamble = Array.from({ length: 1500 }, (_, i) => `starting step ${i}`).join('\n');
  const body = Array.from({ length: 3000 }, (_, i) => `{"level":30,"time":${1764000000000 + i},"msg":"m${i}","reqId":"r-${i % 7}"}`).join('\n');
  const text = `${preamble}\n${body}\n`;
  const p = tempFile(text);
  setWorkerScript(null);
  const one = createRecordStore();
  const a = await one.addFile(p, { workers: 0 });
  setWorkerScript(undefined);
  const many = createRecordStore();
  const b = await many.addFile(p, { workers: 2, minParallelBytes: 0, rangeBytes: 20_000 });
  assert.equal(a.summary.records, 4500);
  assert.deepEqual(b.summary.badLines, []);
  assert.equal(b.summary.records, a.summary.records);
  assert.deepEqual(columns(many), columns(one));

  const live = createRecordStore();
  const s = live.addStream('app');
  for (let i = 0; i < text.length; i += 777) s.write(text.slice(i, i + 777));
  s.end();
  assert.equal(s.summary().records, 4500);
  assert.deepEqual(s.summary().badLines, []);
  assert.deepEqual(columns(live).map((c) => ({ ...(c as object), offset: 0 })), columns(one).map((c) => ({ ...(c as object), offset: 0 })));
});
