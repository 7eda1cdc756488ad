// Lines from real libraries that the format layer used to read wrongly (nested correlation keys, x/exp/slog's
// string `source`), indexed end to end: the fast path and the full parse agree, and the session groups them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSession } from '../../../src/core/session/session';
import { createRecordStore } from '../../../src/core/index/index';
import { setWorkerScript } from '../../../src/core/index/workerPool';
import { splitRanges } from '../../../src/core/index/rangeReader';
import { unwrapPiece } from '../../../src/core/formats/unwrap';
import { columns, indexOnOneThread, indexText, reconciles, tempFile } from './helpers';

const fixtures = join(import.meta.dirname ?? __dirname, '../../fixtures/logs');
/** A stream's offsets count the bytes written to it: compared without them. */
const noOffsets = (cols: unknown[]) => cols.map((c) => ({ ...(c as object), offset: 0 }));

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
    const by = { kind: 'correlation' } as const;
    assert.equal(s.group({ by, id: 'correlation:req-7f3a' })?.records, 2);
    assert.equal(s.group({ by, id: 'correlation:req-2b8e' })?.records, 2);
    assert.equal(s.group({ by, id: 'correlation:corr-51' })?.records, 1);
    const byThread = s.groupsPage({ by: { kind: 'thread' } }).items.map((g) => g.key);
    assert.ok(byThread.includes('worker-2'), 'a thread name under metadata is the record thread');
  } finally {
    s.dispose();
  }
});

test(
  'a container holding a string or nothing stays on the fast path; ' + 'holding an object it takes the slow path',
  async () => {
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) {
      const base = { level: 30, time: 1714551300000 + i, msg: 'm' + i };
      const context = [{ requestId: 'r-' + (i % 3), thread: 'w' }, 'default', [], {}][i % 4];
      lines.push(JSON.stringify({ ...base, context, extra: i % 3 ? [] : {} }));
    }
    const text = lines.join('\n') + '\n';
    const fast = await indexText(text);
    const slow = await indexText(text, { slowOnly: true });
    assert.deepEqual(columns(fast.store), columns(slow.store));
    // a string, `[]` or `{}` under a container cannot hide an id: those 150 lines stay on the fast path
    assert.ok(fast.fastLines >= 140, `fast lines ${fast.fastLines}`);
    const c = columns(fast.store) as { corr: string | null; thread: string | null }[];
    assert.deepEqual([c[0].corr, c[0].thread, c[1].corr, c[1].thread, c[2].corr], ['r-0', 'w', null, null, null]);
  },
);

test('threadline.fieldMappings names any other container by a dotted path, on both paths', async () => {
  const lines = Array.from({ length: 50 }, (_, i) =>
    JSON.stringify({ level: 30, time: 1714551300000 + i, msg: 'm', payload: { rid: 'p-' + (i % 2) } }),
  );
  const text = lines.join('\n') + '\n';
  const mappings = { correlationId: 'payload.rid' };
  const index = async (slowOnly: boolean) => {
    setWorkerScript(null);
    const store = createRecordStore({ fieldMappings: mappings });
    await store.addFile(tempFile(text), { workers: 0, slowOnly });
    return store;
  };
  const fast = { store: await index(false) },
    slow = { store: await index(true) };
  assert.deepEqual(columns(fast.store), columns(slow.store));
  assert.deepEqual(
    (columns(fast.store) as { corr: string }[]).slice(0, 2).map((c) => c.corr),
    ['p-0', 'p-1'],
  );
});

test('x/exp/slog: a "file:line" source string gives a location on the fast path as on the slow one', async () => {
  // each line of the fixture has its own key shape: repeated, the later copies take the fast path
  const text = readFileSync(join(fixtures, 'go-exp-slog.jsonl'), 'utf8').repeat(4);
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.deepEqual(columns(fast.store), columns(slow.store));
  assert.equal(fast.fastLines, 12, '3 copies of the 4 lines without an object under a container (`ctx`)');
  const src = (columns(fast.store) as { source: { file: string; line: number } | null }[]).map(
    (c) => c.source && `${c.source.file}:${c.source.line}`,
  );
  const lines = readFileSync(
    join(import.meta.dirname ?? __dirname, '../../../scripts/fixtures/go-exp-slog/main.go'),
    'utf8',
  ).split('\n');
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
  const expected = lines
    .slice(0, firstJson)
    .map((l, i) => ({ line: i + 1, message: l }))
    .filter((l) => l.message !== '');
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
  const r = await indexText(
    `[INFO] Scanning for projects...\n[0.004s][warning][gc] -XX:+PrintGC is deprecated\n${rec}\n`,
  );
  assert.deepEqual(r.summary.badLines, []);
  assert.equal(r.summary.records, 3);
  assert.deepEqual(
    [(await r.store.load(0)).format, (await r.store.load(1)).format, (await r.store.load(2)).format],
    ['plain', 'plain', 'logrus'],
  );
  const doc = await indexText(
    `[\n  {"level":"info","msg":"a","time":1764000000000},\n  {"level":"warn","msg":"b","time":1764000000001}\n]\n`,
  );
  assert.equal(doc.summary.records, 2);
  assert.deepEqual(doc.summary.badLines, []);
  const broken = await indexText(`[{"a":1},{"a":\n${rec}\n`);
  assert.equal(broken.summary.badLines.length, 1, 'broken JSON stays bad');
  const binary = await indexText(`\u0000\u0001\u0002\n${rec}\n`);
  assert.match(binary.summary.badLines[0].reason, /binary data/);
});

test('a preamble longer than the first slice stays plain records with workers, and in a live stream', async () => {
  const preamble = Array.from({ length: 1500 }, (_, i) => `starting step ${i}`).join('\n');
  const body = Array.from(
    { length: 3000 },
    (_, i) => `{"level":30,"time":${1764000000000 + i},"msg":"m${i}","reqId":"r-${i % 7}"}`,
  ).join('\n');
  const text = `${preamble}\n${body}\n`;
  const p = tempFile(text);
  const { store: one, ...a } = await indexOnOneThread(p);
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
  assert.deepEqual(noOffsets(columns(live)), noOffsets(columns(one)));
});

const SPLIT_FIXTURES = ['docker-json-file-split.log', 'cri-split.log'];

test('Docker json-file and CRI lines split by the runtime are joined per stream before parsing', async () => {
  for (const f of SPLIT_FIXTURES) {
    const text = readFileSync(join(fixtures, f));
    const r = await indexText(text);
    assert.deepEqual(r.summary.badLines, [], f);
    // 10 entries: 6 lines of output, the long ones in 3 + 2 + 2 pieces; the stderr line and the long plain
    // text line continue the record above them, every later piece is a continuation line of its first one
    const sum = r.summary;
    assert.deepEqual([sum.lines, sum.records, sum.recordLines, sum.continuationLines], [10, 4, 4, 6], f);
    assert.deepEqual(
      [0, 1, 2, 3].map((id) => r.store.position(id).line),
      [1, 2, 6, 10],
      f,
    );
    const cart = await r.store.load(1);
    assert.equal(cart.format, 'pino', f);
    assert.equal(cart.message, 'cart loaded');
    assert.equal(cart.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(cart.spanId, '00f067aa0ba902b7');
    assert.equal((cart.fields.cart as string).length, 40000, 'the field spanning three pieces is whole');
    assert.match(cart.fields.cart as string, /^sku-\d+ <qty>&"ok"\t/);
    const first = await r.store.load(0);
    assert.equal(
      first.message,
      'request received €\nwarning: connection pool at 90%',
      'the stderr line between pieces',
    );
    const large = await r.store.load(2);
    assert.equal((large.fields.payload as string).length, 20000);
    assert.equal(large.message.split('\n')[1].length, 'plain '.length + 17000, 'a split text line continues it whole');
    assert.equal((await r.store.load(3)).correlationId, 'req-2');
  }
  // both framings carry the same output
  const a = await indexText(readFileSync(join(fixtures, SPLIT_FIXTURES[0])));
  const b = await indexText(readFileSync(join(fixtures, SPLIT_FIXTURES[1])));
  for (let id = 0; id < 4; id++) assert.deepEqual((await a.store.load(id)).fields, (await b.store.load(id)).fields);
});

test('split lines join across read chunks, worker ranges and live writes as on one thread', async () => {
  for (const f of SPLIT_FIXTURES) {
    const one = readFileSync(join(fixtures, f), 'utf8');
    // short whole lines first: the first slice of the file (1,000 records) ends before the split lines
    const short = one.split('\n')[0] + '\n';
    const text = short.repeat(1100) + one.repeat(12);
    const ref = await indexText(text);
    assert.equal(ref.summary.records, 1100 + 48);
    for (const chunkSize of [1, 7, 4096]) {
      const r = await indexText(text, { chunkSize });
      assert.deepEqual(columns(r.store), columns(ref.store), `${f} chunk ${chunkSize}`);
      assert.equal(r.summary.continuationLines, ref.summary.continuationLines);
    }
    const p = tempFile(text);
    // range cuts are moved past the last piece of a split line
    const fd = openSync(p, 'r');
    const bounds = splitRanges(fd, 0, Buffer.byteLength(text), 300);
    closeSync(fd);
    assert.ok(bounds.length > 20, `${bounds.length} ranges`);
    const bytes = Buffer.from(text);
    for (const b of bounds.slice(1, -1)) {
      const prev = bytes.subarray(bytes.lastIndexOf(10, b - 2) + 1, b - 1).toString();
      assert.equal(unwrapPiece(prev)?.partial, false, `cut at ${b}`);
    }
    setWorkerScript(undefined);
    const many = createRecordStore();
    // ranges of ~9 KiB: most range cuts fall between the pieces of a line
    const w = await many.addFile(p, { workers: 2, minParallelBytes: 0, rangeBytes: 9_000 });
    assert.equal(w.workersUsed, 2);
    assert.deepEqual(w.summary.badLines, []);
    assert.equal(w.summary.lines, ref.summary.lines);
    assert.equal(w.summary.continuationLines, ref.summary.continuationLines);
    assert.deepEqual(columns(many), columns(ref.store), f);
    for (const id of [1, 1101, 1147]) assert.deepEqual(await many.load(id), await ref.store.load(id));

    const live = createRecordStore();
    const s = live.addStream('docker');
    for (let i = 0; i < text.length; i += 5000) s.write(text.slice(i, i + 5000));
    s.end();
    assert.deepEqual(s.summary().badLines, []);
    assert.equal(s.summary().continuationLines, ref.summary.continuationLines);
    assert.deepEqual(noOffsets(columns(live)), noOffsets(columns(ref.store)));
    assert.deepEqual(await live.load(1101), await ref.store.load(1101));
  }
});

test('a split line without its last piece is read as it is, and every piece is still accounted for', async () => {
  const cri = (tag: string, text: string, stream = 'stdout') => `2024-05-01T08:15:00.1Z ${stream} ${tag} ${text}`;
  // the input ends before the last piece
  const lines = [cri('F', '{"level":30,"time":1,"msg":"a"}'), cri('P', '{"level":30,"time":2,'), cri('P', '"msg":"b"')];
  const cut = await indexText(lines.join('\n') + '\n');
  assert.ok(reconciles(cut.summary));
  assert.equal(cut.summary.lines, 3);
  assert.deepEqual(
    cut.summary.badLines.map((b) => b.line),
    [2, 3],
  );
  assert.match(cut.summary.badLines[0].reason, /joined from 2 pieces/);
  assert.match(cut.summary.badLines[1].reason, /piece of the split line 2/);
  // the last piece comes only after more than a thousand other lines: the pieces are read as they were
  const other = Array.from({ length: 1001 }, (_, i) => cri('F', `{"level":30,"time":${i},"msg":"e${i}"}`, 'stderr'));
  const late = await indexText([cri('P', 'text start '), ...other, cri('F', 'text end')].join('\n') + '\n');
  assert.ok(reconciles(late.summary));
  assert.equal(late.summary.lines, 1003);
  assert.deepEqual(late.summary.badLines, []);
  // the stderr records came between: the first piece is a plain-text record at its own line
  assert.equal(late.summary.records, 1002);
  const id = [...Array(late.store.count).keys()].find((i) => late.store.position(i).line === 1)!;
  assert.equal((await late.store.load(id)).message, 'text start ');
  assert.equal((await late.store.load(id)).format, 'plain');
});
