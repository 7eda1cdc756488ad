import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followFile, type FileFollowEvent } from '../../../src/core/live/followFile';
import { RecordingSink } from './recordingSink';

const live: { stop(): Promise<unknown> }[] = [];
after(async () => {
  for (const f of live) await f.stop();
});
const follow = (...a: Parameters<typeof followFile>) => {
  const f = followFile(...a);
  live.push(f);
  return f;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tmp() {
  const dir = mkdtempSync(join(tmpdir(), 'tl-follow-'));
  return { dir, file: join(dir, 'app.log'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('starts at the end by default and sees appended lines; a partial line waits for its newline', async () => {
  const t = tmp();
  writeFileSync(t.file, 'old 1\nold 2\n');
  const sink = new RecordingSink();
  const f = follow(t.file, sink, { pollMs: 20 });
  await sleep(80);
  appendFileSync(t.file, 'new 1\nnew 2\nhalf');
  await sink.until(() => sink.lineCount === 2);
  assert.deepEqual(sink.lines, ['new 1', 'new 2']);
  await sleep(80);
  assert.equal(sink.lineCount, 2, 'the unfinished line is not a line yet');
  appendFileSync(t.file, ' done\n');
  await sink.until(() => sink.lineCount === 3);
  assert.equal(sink.lines[2], 'half done');
  await f.stop();
  assert.ok(sink.ended);
  t.done();
});

test('fromStart reads existing content; a file that appears later is read from its start', async () => {
  const t = tmp();
  writeFileSync(t.file, 'a\nb\n');
  const sink = new RecordingSink();
  const f = follow(t.file, sink, { pollMs: 20, fromStart: true });
  await sink.until(() => sink.lineCount === 2);
  await f.stop();

  const later = join(t.dir, 'later.log');
  const sink2 = new RecordingSink();
  const events: FileFollowEvent[] = [];
  const f2 = follow(later, sink2, { pollMs: 20, onEvent: (e) => events.push(e) });
  await sleep(60);
  writeFileSync(later, 'first\n');
  await sink2.until(() => sink2.lineCount === 1);
  assert.deepEqual(sink2.lines, ['first']);
  assert.equal(events[0].type, 'missing');
  await f2.stop();
  t.done();
});

test('rotation and truncation under a busy writer: every line exactly once, in order', async () => {
  const t = tmp();
  writeFileSync(t.file, '');
  const sink = new RecordingSink();
  const events: FileFollowEvent[] = [];
  const f = follow(t.file, sink, { pollMs: 15, onEvent: (e) => events.push(e) });
  await sleep(50);
  let n = 0;
  const write = (count: number) => {
    let s = '';
    for (let i = 0; i < count; i++) s += `{"n":${n++},"msg":"line ${n}"}\n`;
    appendFileSync(t.file, s);
  };
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 20; i++) {
      write(50);
      await sleep(2);
    }
    // Rotation: rename, keep writing to the renamed file for a moment (as a logger does before it reopens),
    // then new lines go to a new file at the path. Nothing needs to have been read yet.
    renameSync(t.file, `${t.file}.${round}`);
    const old = `${t.file}.${round}`;
    let s = '';
    for (let i = 0; i < 30; i++) s += `{"n":${n++},"msg":"late"}\n`;
    appendFileSync(old, s);
    writeFileSync(t.file, '');
    for (let i = 0; i < 20; i++) {
      write(50);
      await sleep(2);
    }
    // Truncation (copytruncate): what was written before is already read (a copier ran first), then size 0.
    await sink.until(() => sink.lineCount === n, 60_000);
    truncateSync(t.file, 0);
    await sleep(40);
    for (let i = 0; i < 10; i++) {
      write(50);
      await sleep(2);
    }
  }
  await sink.until(() => sink.lineCount === n, 60_000);
  await sleep(100);
  await f.stop();
  const seen = sink.lines.map((l) => JSON.parse(l).n as number);
  assert.equal(seen.length, n, 'no line lost or doubled');
  for (let i = 0; i < n; i++) assert.equal(seen[i], i);
  assert.equal(events.filter((e) => e.type === 'rotated').length, 3);
  assert.equal(events.filter((e) => e.type === 'truncated').length, 3);
  assert.deepEqual(f.stats().rotations, 3);
  t.done();
});

test("a rotated file's unfinished last line is finished, not glued to the new file's first line", async () => {
  const t = tmp();
  writeFileSync(t.file, '');
  const sink = new RecordingSink();
  const f = follow(t.file, sink, { pollMs: 15 });
  await sleep(50);
  appendFileSync(t.file, 'one\ntwo-without-newline');
  await sink.until(() => sink.lineCount === 1);
  renameSync(t.file, t.file + '.1');
  writeFileSync(t.file, 'three\n');
  await sink.until(() => sink.lineCount === 3);
  assert.deepEqual(sink.lines, ['one', 'two-without-newline', 'three']);
  await f.stop();
  t.done();
});

test('pause keeps reading within the cap, then waits; resume delivers everything', async () => {
  const t = tmp();
  writeFileSync(t.file, '');
  const sink = new RecordingSink();
  const f = follow(t.file, sink, { pollMs: 15, pauseBufferBytes: 1000 });
  await sleep(50);
  f.pause();
  let s = '';
  for (let i = 0; i < 200_000; i++) s += `line ${i}\n`;
  appendFileSync(t.file, s);
  await sleep(150);
  assert.equal(sink.lineCount, 0, 'nothing delivered while paused');
  assert.ok(f.stats().offset < statSync(t.file).size, 'stopped reading at the cap');
  f.resume();
  await sink.until(() => sink.lineCount === 200_000);
  assert.equal(sink.lines[199_999], 'line 199999');
  await f.stop();
  t.done();
});

test('abort signal stops following and ends the sink', async () => {
  const t = tmp();
  writeFileSync(t.file, 'x\n');
  const sink = new RecordingSink();
  const ac = new AbortController();
  const f = follow(t.file, sink, { pollMs: 15, signal: ac.signal });
  ac.abort();
  await f.done;
  assert.ok(sink.ended);
  t.done();
});

test('a directory is refused with a clear reason and following ends', async () => {
  const t = tmp();
  const sink = new RecordingSink();
  const events: FileFollowEvent[] = [];
  const f = follow(t.dir, sink, { pollMs: 15, onEvent: (e) => events.push(e) });
  await f.done;
  const err = events.find((e) => e.type === 'error');
  assert.ok(
    err && err.type === 'error' && /not a regular file \(a directory\)/.test(err.message),
    JSON.stringify(events),
  );
  assert.ok(sink.ended);
  t.done();
});
