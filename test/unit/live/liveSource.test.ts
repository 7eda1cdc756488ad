import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandSource, FileSource, ReceiverSource, type LiveEvent } from '../../../src/core/live/index';
import { createSession } from '../../../src/core/session/session';

const waitFor = async (pred: () => boolean, ms = 30_000) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test(
  'CommandSource: stdout stream, stderr stream only when used, ' + 'exit reported, restart is a new numbered run',
  async () => {
    const session = createSession({ workers: 0 });
    const events: LiveEvent[] = [];
    const quiet = new CommandSource(`echo '{"level":"info","msg":"one"}'`, session, { onEvent: (e) => events.push(e) });
    await waitFor(() => quiet.state !== 'running');
    assert.equal(quiet.state, 'exited');
    assert.deepEqual(
      session.sources().map((s) => s.name),
      [`$ echo '{"level":"info","msg":"one"}'`],
      'no empty stderr stream',
    );

    const noisy = new CommandSource(
      `echo '{"level":"info","msg":"two"}'; echo 'fatal: no such pod' >&2; exit 2`,
      session,
      { onEvent: (e) => events.push(e) },
    );
    await waitFor(() => noisy.state !== 'running');
    assert.equal(noisy.state, 'failed');
    assert.equal(noisy.detail, 'exited with code 2: fatal: no such pod');
    assert.ok(events.some((e) => e.severity === 'error' && e.message.includes('exited with code 2')));
    await noisy.restart();
    await waitFor(() => noisy.state !== 'running');
    assert.deepEqual(noisy.streamNames, [
      noisy.label,
      `${noisy.label} (stderr)`,
      `${noisy.label} #2`,
      `${noisy.label} (stderr) #2`,
    ]);
    const names = session.sources().map((s) => s.name);
    for (const n of noisy.streamNames) assert.ok(names.includes(n), n);
    assert.ok(
      session
        .sources()
        .filter((s) => noisy.streamNames.includes(s.name))
        .every((s) => s.done),
    );
    session.dispose();
  },
);

test('FileSource: restart carries on where the stopped run ended: nothing lost, nothing read twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-ls-'));
  const file = join(dir, 'a.log');
  writeFileSync(file, '{"level":"info","msg":"a"}\n');
  const session = createSession({ workers: 0 });
  const src = new FileSource(file, session, {}, { fromStart: true, pollMs: 15 });
  await waitFor(() => session.stats().records === 1);
  await src.stop();
  appendFileSync(file, '{"level":"info","msg":"b"}\n');
  await src.restart();
  appendFileSync(file, '{"level":"info","msg":"c"}\n');
  await waitFor(() => session.stats().records === 3);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(session.stats().records, 3, '"b", written while stopped, is read by the new run; "a" is not read again');
  assert.deepEqual(src.streamNames, [file, `${file} #2`]);
  await src.stop();
  session.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('ReceiverSource: its streams exist as soon as it listens, and stop/restart rebinds', async () => {
  const session = createSession({ workers: 0 });
  const r = await ReceiverSource.start(session, {}, { otlpPort: 0, zipkinPort: 0, jsonLinesPort: 0 });
  assert.match(r.describePorts(), /^OTLP\/HTTP :\d+, Zipkin :\d+, JSON lines \(TCP\) :\d+$/);
  assert.equal(session.sources().length, 3);
  await r.stop();
  assert.equal(r.describePorts(), 'not listening');
  assert.ok(session.sources().every((s) => s.done));
  await r.restart();
  assert.equal(r.state, 'running');
  assert.equal(session.sources().length, 6);
  await r.stop();
  session.dispose();
});
