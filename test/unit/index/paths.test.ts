import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRecordStore } from '../../../src/core/index/index';
import { columns, indexOnOneThread, indexText, reconciles, tempFile } from './helpers';

const fixtures = join(import.meta.dirname ?? __dirname, '../../fixtures/logs');

/** Deterministic lines in a few shapes (logstash-logback, pino), with values that vary per line. */
function generated(n: number): string {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  const hex = (k: number) => Array.from({ length: k }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const lv = ['INFO', 'WARN', 'ERROR', 'DEBUG'][i % 4];
    if (i % 3 === 0) {
      out.push(
        JSON.stringify({
          level: [30, 40, 50, 20][i % 4],
          time: 1764000000000 + i,
          pid: 1,
          hostname: 'h',
          reqId: 'r-' + (i % 5),
          trace_id: hex(32),
          span_id: i % 7 ? hex(16) : 'not-hex',
          caller: `src/x.ts:${i % 50}`,
          msg: 'm' + i,
          ...(i % 4 === 2 ? { err: { message: 'boom', stack: 'Error: boom' } } : {}),
        }),
      );
    } else {
      out.push(
        JSON.stringify({
          '@timestamp': new Date(1764000000000 + i * 3).toISOString(),
          '@version': '1',
          message: 'é m' + i,
          logger_name: 'com.acme.S' + (i % 3),
          thread_name: 't-' + (i % 9),
          level: lv,
          level_value: 20000,
          traceId: i % 5 ? hex(32) : hex(16).toUpperCase(),
          spanId: hex(16),
          caller_class_name: 'com.acme.S',
          caller_method_name: 'run',
          caller_file_name: 'S.java',
          caller_line_number: i % 100,
          ...(lv === 'ERROR' ? { stack_trace: i % 2 ? '' : 'java.lang.X: y' } : {}),
        }),
      );
    }
  }
  return out.join('\n') + '\n';
}

/** Log fixtures at any depth (`java/` holds the benchmark's format), as paths relative to the fixtures folder. */
function logFixtures(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(jsonl|json|log|ndjson)$/.test(f))
    .sort();
}

test('fast and slow paths index every log fixture identically', async () => {
  const files = logFixtures(fixtures);
  assert.ok(files.includes(join('java', 'logstash-logback.jsonl')), files.join(', '));
  for (const f of files) {
    const text = readFileSync(join(fixtures, f));
    const fast = await indexText(text);
    const slow = await indexText(text, { slowOnly: true });
    assert.deepEqual(fast.summary.badLines, slow.summary.badLines, f);
    assert.deepEqual(fast.summary.formats, slow.summary.formats, f);
    assert.deepEqual(columns(fast.store), columns(slow.store), f);
    assert.ok(reconciles(fast.summary), f);
  }
});

test('fast and slow paths agree on generated lines, and the fast path is taken', async () => {
  const text = generated(3000);
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.ok(fast.fastLines > 2500, `fast lines ${fast.fastLines}`);
  assert.deepEqual(columns(fast.store), columns(slow.store));
});

test('numeric IDs beyond 2^53 stay exact on the fast path (many lines of one shape)', async () => {
  // Bare JSON integers past 2^53 must keep their digits: as doubles, neighbouring IDs would merge.
  const n = 3000;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const trace = (12345678901234567000n + BigInt(i % 1000)).toString();
    const req = (9007199254740993n + BigInt(2 * (i % 7))).toString();
    const time = 1764000000000 + i;
    lines.push(`{"level":30,"time":${time},"pid":1,"hostname":"h","reqId":${req},"traceId":${trace},"msg":"m${i}"}`);
  }
  const text = lines.join('\n') + '\n';
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.ok(fast.fastLines > n - 10, `fast lines ${fast.fastLines}`);
  assert.deepEqual(fast.summary.formats, { pino: n });
  const cols = columns(fast.store) as { trace: string; corr: string }[];
  assert.deepEqual(cols, columns(slow.store));
  assert.equal(cols[0].trace, '12345678901234567000');
  assert.equal(cols[1].trace, '12345678901234567001');
  assert.equal(cols[999].trace, '12345678901234567999');
  assert.equal(cols[2999].trace, '12345678901234567999');
  assert.equal(cols[0].corr, '9007199254740993');
  assert.equal(cols[1].corr, '9007199254740995');
  assert.equal(cols[6].corr, '9007199254741005');
  assert.equal(new Set(cols.map((c) => c.trace)).size, 1000);
  assert.equal(new Set(cols.map((c) => c.corr)).size, 7);
});

test('lines alternating between shapes that share leading keys are matched to their own shape', async () => {
  // same key lengths, one byte apart, at every position: a shape matched by its shared prefix alone would
  // read the wrong key as level, thread or trace
  const shapes = [
    ['time', 'level', 'pid', 'hostname', 'trace_id', 'msg'],
    ['time', 'level', 'pid', 'hostname', 'trace_id', 'msg', 'err'],
    ['time', 'level', 'pid', 'hostname', 'trace_ie', 'msg'],
    ['time', 'levem', 'pid', 'hostname', 'trace_id', 'msg'],
    ['time', 'level', 'pid', 'hostname', 'trace_id', 'msh'],
    ['time', 'level', 'pid', 'hostname', 'trace_id'],
    ['timf', 'level', 'pid', 'hostname', 'trace_id', 'msg'],
  ];
  const values: Record<string, unknown> = {
    pid: 1,
    hostname: 'h',
    trace_id: '0af7651916cd43dd8448eb211c80319c',
    trace_ie: '0af7651916cd43dd8448eb211c80319d',
    msg: 'm',
    msh: 'x',
    err: { message: 'boom' },
  };
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) {
    const keys = shapes[(i * 5 + (i >> 3)) % shapes.length];
    const o: Record<string, unknown> = {};
    for (const k of keys)
      o[k] = k.startsWith('tim') ? 1764000000000 + i : k.startsWith('lev') ? [30, 40, 50][i % 3] : values[k];
    lines.push(JSON.stringify(o));
  }
  const text = lines.join('\n') + '\n';
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.ok(fast.fastLines > 500, `fast lines ${fast.fastLines}`);
  assert.deepEqual(columns(fast.store), columns(slow.store));
});

test('worker threads give the same store as one thread (ranges, re-interning, line numbers)', async () => {
  const stack = '\tat com.acme.S.run(S.java:1)';
  const text = generated(4000)
    .split('\n')
    .map((l, i) => (i % 97 === 5 ? l + '\n' + stack : l))
    .join('\n');
  const p = tempFile(text);
  const { store: one, ...a } = await indexOnOneThread(p);
  const many = createRecordStore();
  const b = await many.addFile(p, { workers: 2, minParallelBytes: 0 });
  assert.equal(b.workersUsed, 2);
  assert.deepEqual(b.summary.badLines, a.summary.badLines);
  assert.equal(b.summary.continuationLines, a.summary.continuationLines);
  assert.equal(b.summary.lines, a.summary.lines);
  assert.deepEqual(columns(many), columns(one));
  assert.equal(await many.raw(many.count - 1), await one.raw(one.count - 1));
});

test(
  'many small ranges per worker give the same store as one thread (tables sent once, ' + 'merged in slices)',
  async () => {
    const stack = '\tat com.acme.S.run(S.java:1)';
    const text = generated(6000)
      .split('\n')
      .map((l, i) => (i % 89 === 7 ? l + '\n' + stack : l))
      .join('\n');
    const p = tempFile(text);
    const { store: one, ...a } = await indexOnOneThread(p);
    const many = createRecordStore();
    const progress: number[] = [];
    const b = await many.addFile(p, {
      workers: 2,
      minParallelBytes: 0,
      rangeBytes: 40_000,
      onProgress: (s) => progress.push(s.bytesDone),
    });
    assert.equal(b.workersUsed, 2);
    assert.ok(text.length / 40_000 > 10, 'the file makes many ranges');
    assert.deepEqual(b.summary.badLines, a.summary.badLines);
    assert.equal(b.summary.continuationLines, a.summary.continuationLines);
    assert.equal(b.summary.lines, a.summary.lines);
    assert.ok(b.fastLines > a.fastLines / 2, `fast lines ${b.fastLines}: later ranges reuse learned shapes`);
    assert.deepEqual(columns(many), columns(one));
    for (const id of [0, 1000, many.count - 1]) assert.deepEqual(await many.load(id), await one.load(id));
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i] >= progress[i - 1], 'progress never goes back');
  },
);

test('streams: partial lines wait, documents are kept whole', async () => {
  const store = createRecordStore();
  const s = store.addStream('live');
  const appended: number[] = [];
  store.onAppend((from, to) => appended.push(to - from));
  const line = '{"level":"info","msg":"hello","time":1764000000000}\n';
  s.write(line.slice(0, 10));
  assert.equal(store.count, 0);
  s.write(line.slice(10) + 'java.lang.X: y\n' + line.slice(0, 5));
  assert.equal(store.count, 1);
  s.write(Buffer.from(line.slice(5)));
  s.writeDocument({ resourceSpans: [] }, 'OTLP receiver');
  s.end();
  const sum = s.summary();
  assert.equal(sum.lines, 3);
  assert.equal(sum.continuationLines, 1);
  assert.equal(sum.records, 2);
  assert.ok(reconciles(sum));
  assert.equal((await store.load(0)).error, 'java.lang.X: y');
  assert.equal((await store.load(1)).message, 'hello');
  assert.ok(appended.length >= 2);
});

test('a pretty-printed document across a worker range boundary is indexed as on one thread', async () => {
  const lines = generated(3000).trimEnd().split('\n');
  const doc = JSON.stringify(
    {
      level: 'info',
      msg: 'pretty',
      time: 1764000000000,
      items: Array.from({ length: 20000 }, (_, i) => ({ i, name: 'n' + i })),
    },
    null,
    2,
  );
  const text = [
    ...lines.slice(0, 1500),
    doc,
    ...lines.slice(1500),
    '{"level":"info","msg":{',
    'java.lang.X: y',
    '',
  ].join('\n');
  const p = tempFile(text);
  const { store: one, ...a } = await indexOnOneThread(p);
  const many = createRecordStore();
  const b = await many.addFile(p, { workers: 3, minParallelBytes: 0 });
  assert.ok(b.workersUsed >= 2);
  assert.equal(b.summary.lines, a.summary.lines);
  assert.equal(b.summary.continuationLines, a.summary.continuationLines);
  assert.deepEqual(b.summary.badLines, a.summary.badLines);
  assert.ok(reconciles(b.summary));
  assert.deepEqual(columns(many), columns(one));
  assert.equal((await many.load(1500)).message, 'pretty');
});

test('ranges the calling thread indexes between merges give the same store as one thread', async () => {
  const lines = generated(12000).trimEnd().split('\n');
  const doc = JSON.stringify({ level: 'info', msg: 'pretty', time: 1764000000000, items: [1, 2, 3] }, null, 2);
  const stack = '\tat com.acme.S.run(S.java:1)';
  // a pretty-printed document and stack traces around the middle, where a range may begin
  const text = [
    ...lines.slice(0, 6000).map((l, i) => (i % 101 === 3 ? l + '\n' + stack : l)),
    doc,
    stack,
    ...lines.slice(6000).map((l, i) => (i % 89 === 7 ? l + '\n' + stack : l)),
    '',
  ].join('\n');
  const p = tempFile(text);
  const { store: one, ...a } = await indexOnOneThread(p);
  for (const [callerIndexes, rangeBytes] of [
    [false, 50_000],
    [true, 50_000],
    [true, 7_000],
    [true, 400_000],
  ] as const) {
    const many = createRecordStore();
    const b = await many.addFile(p, { workers: 1, minParallelBytes: 0, rangeBytes, callerIndexes });
    const what = `calling thread indexes: ${callerIndexes}, ranges of ${rangeBytes} bytes`;
    assert.equal(b.workersUsed, 1, what);
    if (!callerIndexes) assert.equal(b.callerRanges, 0, what);
    else if (b.ranges > 2) assert.ok(b.callerRanges > 0 && b.callerRanges < b.ranges, `${what}: ${b.callerRanges}`);
    assert.equal(b.summary.lines, a.summary.lines, what);
    assert.equal(b.summary.continuationLines, a.summary.continuationLines, what);
    assert.deepEqual(b.summary.badLines, a.summary.badLines, what);
    assert.ok(reconciles(b.summary), what);
    assert.deepEqual(columns(many), columns(one), what);
    for (const id of [0, 5999, 6000, 6001, many.count - 1])
      assert.deepEqual(await many.load(id), await one.load(id), `${what}, record ${id}`);
  }
});

test('a pretty-printed document across the end of the part read before the workers is read whole', async () => {
  const lines = generated(8000).trimEnd().split('\n');
  let n = 0,
    bytes = 0;
  while (bytes < 100_000) bytes += lines[n++]!.length + 1;
  const prefix = lines.slice(0, n);
  const doc = JSON.stringify(
    { level: 'info', msg: 'big', time: 1764000000000, items: new Array(30000).fill(7) },
    null,
    2,
  );
  let rest = lines.slice(prefix.length);
  while (rest.join('\n').length > 600_000) rest = rest.slice(0, -100);
  const text = [...prefix, doc, ...rest, ''].join('\n');
  // this thread reads up to a quarter of the file itself before the workers' ranges: the document crosses it
  assert.ok(bytes < text.length / 4 && bytes + doc.length > text.length / 4);
  const p = tempFile(text);
  const { store: one, ...a } = await indexOnOneThread(p);
  const many = createRecordStore();
  const b = await many.addFile(p, { workers: 2, minParallelBytes: 0, rangeBytes: 100_000 });
  assert.equal(b.workersUsed, 2);
  assert.equal(b.summary.lines, a.summary.lines);
  assert.deepEqual(b.summary.badLines, a.summary.badLines);
  assert.ok(reconciles(b.summary));
  assert.deepEqual(columns(many), columns(one));
  assert.equal((await many.load(prefix.length)).message, 'big');
});
