import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

function cli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'follow', ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '',
    err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const until = async (pred: () => boolean, ms = 20_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out; out=${out} err=${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    child,
    exited,
    until,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

test('follow FILE prints existing then new records live, one line each; Ctrl-C ends cleanly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
  const file = join(dir, 'app.log');
  writeFileSync(
    file,
    '{"time":"2024-05-01T08:15:00.123456Z","level":"info","msg":"first",' +
      '"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}\n',
  );
  const c = cli([file]);
  try {
    await c.until(() => c.out.includes('first'));
    appendFileSync(
      file,
      '{"time":"2024-05-01T08:15:01Z","level":"error","msg":"second \\u001b[2Jline","request_id":"req-42"}\n',
    );
    await c.until(() => c.out.includes('second'));
    c.child.kill('SIGINT');
    assert.equal(await c.exited, 0);
    const lines = c.out.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^2024-05-01T08:15:00\.123456Z INFO {2}trace 4bf92f35…4736\s+first$/);
    assert.match(
      lines[1],
      /^2024-05-01T08:15:01\.000000Z ERROR corr req-42\s+second \\u001b\[2Jline$/,
      'escape sequences are shown, not obeyed',
    );
    assert.match(c.err, /2 records printed, 2 read, 0 bad lines/);
  } finally {
    c.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('follow -- CMD runs the argv as given (no second shell pass) and reports a failing exit', async () => {
  const c = cli([
    '--',
    'sh',
    '-c',
    'echo "{\\"level\\":\\"warn\\",\\"msg\\":\\"$0\\",\\"thread\\":\\"w-1\\"}"; echo "no such thing" >&2; exit 4',
    '$(not-run)',
  ]);
  assert.equal(await c.exited, 1);
  assert.match(c.out, /WARN {2}thread w-1\s+\$\(not-run\)/);
  assert.match(c.err, /exited with code 4 \(stderr: no such thing\)/);
});

test('follow with no argument is a usage error', async () => {
  const c = cli([]);
  assert.equal(await c.exited, 2);
  assert.match(c.err, /usage: threadline follow/);
});

test('follow -- a program that does not exist says so and exits 1', async () => {
  const c = cli(['--', 'no-such-program-tl', 'x']);
  assert.equal(await c.exited, 1);
  assert.match(c.err, /no-such-program-tl x: could not start: spawn no-such-program-tl ENOENT/);
});
