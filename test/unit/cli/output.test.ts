// Writing to a slow reader: the CLI's output waits for each drain and leaves no listeners behind, however many
// waits a long `inspect --json` takes; a reader that closes mid-wait ends the output quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../../src/cli/main';
import { Output } from '../../../src/cli/output';

const EVENTS = ['drain', 'close', 'error'] as const;

/** A reader that takes each chunk a turn of the event loop later, noting what listens on it while it waits. */
class SlowReader extends Writable {
  text = '';
  waits = 0;
  most = { drain: 0, close: 0, error: 0 };
  constructor() {
    super({ highWaterMark: 16 * 1024, decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.text += String(chunk);
    setImmediate(() => {
      // The writer was told to wait for 'drain': its listeners are attached now.
      if (this.writableNeedDrain) this.waits++;
      for (const e of EVENTS) this.most[e] = Math.max(this.most[e], this.listenerCount(e));
      done();
    });
  }
}

const counts = (s: Writable) => Object.fromEntries(EVENTS.map((e) => [e, s.listenerCount(e)]));

test('inspect --json into a slow reader: every record, no MaxListenersExceededWarning, bounded listeners', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-cli-'));
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  try {
    const n = 20_000;
    const big = join(dir, 'many.jsonl');
    const msg = (i: number) => `message ${i} ${'x'.repeat(80)}`;
    const line = (i: number) =>
      JSON.stringify({ level: 30, time: 1714551300000 + i, reqId: `r-${i % 5}`, msg: msg(i) });
    const lines = Array.from({ length: n }, (_, i) => line(i));
    writeFileSync(big, lines.join('\n') + '\n');
    const stdout = new SlowReader();
    let stderr = '';
    const io = {
      stdout: stdout as unknown as typeof process.stdout,
      stderr: new Writable({
        write(c, _e, done) {
          stderr += String(c);
          done();
        },
      }) as unknown as typeof process.stderr,
      stdin: Readable.from([]) as unknown as NodeJS.ReadableStream,
    };
    const code = await main(['inspect', big, '--json'], io);
    await new Promise((r) => setImmediate(r));
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.ok(stdout.waits > 20, `the writer waited for the reader ${stdout.waits} times`);
    assert.deepEqual(warnings, []);
    // While waiting: one listener for each of drain and close, and one for error beside the output's own.
    assert.deepEqual(stdout.most, { drain: 1, close: 1, error: 2 });
    assert.deepEqual(counts(stdout), { drain: 0, close: 0, error: 1 });
    const out = JSON.parse(stdout.text) as { records: { message: string }[] };
    assert.equal(out.records.length, n);
    assert.equal(out.records[n - 1]!.message, msg(n - 1));
  } finally {
    process.off('warning', onWarning);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that closes while the output waits ends it quietly; later writes are dropped', async () => {
  // A reader that never takes its first chunk, then goes away.
  const stuck = new Writable({ highWaterMark: 1024, write() {} });
  const out = new Output(stuck);
  const waiting = out.write('x'.repeat(64 * 1024));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(counts(stuck), { drain: 1, close: 1, error: 2 });
  stuck.destroy();
  await waiting;
  assert.equal(out.isClosed, true);
  await out.write('y'.repeat(64 * 1024));
  await out.flush();
  assert.deepEqual(counts(stuck), { drain: 0, close: 0, error: 1 });
});
