// The Logs view's host side: answers carry only what the page shows, invalid filters come back as a problem with
// its column, stack traces come as frames, and values are bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogsFeed } from '../../../src/extension/logs/feed';
import { stackLines } from '../../../src/core/source/frames';
import { FakeQuery, levelOf } from '../../webview/fakeQuery';

const q = (filter: string) => ({ filter, scope: null });

test('a page of rows, the count, and an invalid filter as a problem pointing at its column', async () => {
  const feed = new LogsFeed(new FakeQuery(1000));
  const page = await feed.answer({ type: 'logsPage', requestId: 1, query: q('level:warn'), offset: 0, limit: 5 });
  assert.equal(page.type, 'logsPageResult');
  if (page.type !== 'logsPageResult') return;
  assert.equal(page.total, [...Array(1000).keys()].filter((i) => levelOf(i) === 'warn').length);
  assert.deepEqual(Object.keys(page.rows[0]!).sort(), [
    'id',
    'level',
    'message',
    'service',
    'source',
    'subMsNs',
    'thread',
    'timeMs',
    'trace',
    'traceKind',
  ]);
  assert.equal(page.rows[0]!.level, 4);
  const bad = await feed.answer({ type: 'logsPage', requestId: 2, query: q('error "unclosed'), offset: 0, limit: 5 });
  assert.ok(bad.type === 'logsPageResult' && bad.problem);
  assert.deepEqual([bad.problem.column, bad.rows.length], [7, 0]);
  // the limit is bounded whatever the page asks
  const huge = await feed.answer({ type: 'logsPage', requestId: 3, query: q(''), offset: 0, limit: 1e9 });
  assert.ok(huge.type === 'logsPageResult' && huge.rows.length === 1000);
});

test('level counts, locate and the context filter of a record', async () => {
  const fake = new FakeQuery(400);
  const feed = new LogsFeed(fake);
  const levels = await feed.answer({ type: 'logsLevels', requestId: 1, query: q('') });
  assert.ok(levels.type === 'logsLevelsResult');
  assert.equal(
    levels.counts.reduce((a, b) => a + b, 0),
    400,
  );
  assert.equal(levels.counts[5], [...Array(400).keys()].filter((i) => levelOf(i) === 'error').length);
  const at = await feed.answer({ type: 'logsLocate', requestId: 2, query: q('level:error'), id: 207 });
  assert.ok(at.type === 'logsLocateResult' && at.offset === 1);
  const ctx = await feed.answer({ type: 'logsContext', requestId: 3, id: 13, by: 'thread' });
  assert.ok(ctx.type === 'logsContextResult');
  assert.equal(ctx.filter, 'thread:worker-5');
});

test('an expanded record: facts, bounded message, stack trace as frames, fields as a bounded tree', async () => {
  const fake = new FakeQuery(0);
  const error =
    'java.lang.IllegalStateException: x\n\tat com.acme.Pay.charge(Pay.java:42)\n' +
    '\tat org.springframework.aop.X.proceed(X.java:1)';
  const wide = Object.fromEntries(Array.from({ length: 800 }, (_v, i) => [`k${i}`, i]));
  const [id] = fake.add([
    {
      level: 'error',
      message: 'M'.repeat(300_000),
      thread: 't',
      error,
      fields: { wide, long: 'x'.repeat(50_000), deep: { a: { b: [1, { c: null }] } } },
    },
  ]);
  const r = await new LogsFeed(fake).answer({ type: 'logsRecord', requestId: 1, id: id! });
  assert.ok(r.type === 'logsRecordResult' && r.record);
  const v = r.record;
  assert.equal(v.messageLength, 300_000);
  assert.equal(v.message.length, 100_000);
  assert.deepEqual(
    v.stack!.map((l) => (l.frame ? (l.frame.library ? 'lib' : 'own') : 'text')),
    ['text', 'own', 'lib'],
  );
  assert.deepEqual(v.stack![1]!.frame, {
    file: 'com/acme/Pay.java',
    line: 42,
    function: 'com.acme.Pay.charge',
    library: false,
  });
  const wideNode = v.fields.find((f) => f.key === 'wide')!;
  assert.equal(wideNode.children!.length + wideNode.omitted!, 800);
  const long = v.fields.find((f) => f.key === 'long')!;
  assert.deepEqual([long.value!.length, long.fullLength], [10_000, 50_000]);
  assert.equal(
    v.fields.find((f) => f.key === 'deep')!.children![0]!.children![0]!.children![1]!.children![0]!.type,
    'null',
  );
  assert.ok(v.facts.some(([k, x]) => k === 'thread' && x === 't'));
});

test('stackLines keeps every line and marks the frames, Go frames on their file line', () => {
  const go =
    'panic: boom\n\ngoroutine 1 [running]:\nmain.handler(0x1)\n\t/app/main.go:17 +0x25\nruntime.goexit()\n' +
    '\t/usr/local/go/src/runtime/asm_amd64.s:1700 +0x1';
  const lines = stackLines(go);
  assert.equal(lines.length, go.split('\n').length);
  const frames = lines.filter((l) => l.frame).map((l) => [l.frame!.file, l.frame!.line, l.frame!.function]);
  assert.deepEqual(frames, [['/app/main.go', 17, 'main.handler']]);
});
