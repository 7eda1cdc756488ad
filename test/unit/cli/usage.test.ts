// The command line's contract for usage errors and unreadable inputs: exit codes and one-line reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync, readFileSync, existsSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './runCli';

test('--help prints usage and exits 0', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /threadline inspect FILE\.\.\. \[--json\]/);
  assert.match(r.stdout, /threadline stats FILE/);
  assert.equal(runCli(['inspect', '--help']).status, 0);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(runCli(['--version']).stdout, `${pkg.version}\n`);
});

for (const [args, pattern] of [
  [[], /a command is needed/],
  [['explode'], /unknown command 'explode'/],
  [['inspect'], /inspect needs at least one FILE/],
  [['stats', '--jsn', 'x.log'], /unknown option '--jsn' for stats/],
  [['inspect', '-', '-'], /stdin \(-\) can be given only once/],
] as const) {
  test(`usage error: threadline ${args.join(' ') || '(nothing)'} → exit 2 with one line`, () => {
    const r = runCli([...args]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  });
}

test('missing, directory, undecodable and paths no one reads as a log: exit 1, one line naming the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-cli-'));
  try {
    const missing = join(dir, 'nope.log');
    let r = runCli(['inspect', missing, '--json']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `threadline: cannot read ${missing}: no such file\n`);
    assert.equal(r.stdout, '');

    r = runCli(['stats', dir]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `threadline: cannot read ${dir}: is a directory\n`);

    // A file the index cannot decode: one line, the path named once, the index's reason after it.
    const badGz = join(dir, 'broken.log.gz');
    writeFileSync(badGz, Buffer.from([0x1f, 0x8b, 0x08, 0xff, 1, 2, 3]));
    r = runCli(['inspect', badGz]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^threadline: cannot read \S+: \S.*\n$/);
    assert.equal(r.stderr.split(badGz).length, 2, r.stderr);

    // Paths nobody can read as a log, root included: one line each, exit 1, before anything is indexed.
    const plain = join(dir, 'plain.log');
    writeFileSync(plain, '{"msg":"x"}\n');
    const loop = join(dir, 'loop.log');
    symlinkSync(join(dir, 'loop2.log'), loop);
    symlinkSync(loop, join(dir, 'loop2.log'));
    const fifo = join(dir, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    for (const [path, why] of [
      [join(plain, 'inner.log'), 'a parent in the path is not a directory'],
      [loop, 'too many symbolic links encountered'],
      [fifo, 'is not a regular file (pipes and sockets are read as streams)'],
      ['/dev/null', 'is not a regular file (pipes and sockets are read as streams)'],
    ] as const) {
      r = runCli(['inspect', plain, path]);
      assert.equal(r.status, 1, path);
      assert.equal(r.stdout, '', path);
      const prefix = `threadline: cannot read ${path}: `;
      assert.ok(r.stderr.startsWith(prefix) && r.stderr.endsWith('\n') && r.stderr.split('\n').length === 2, r.stderr);
      assert.equal(r.stderr.split(path).length, 2, `the path is named once: ${r.stderr}`);
      assert.equal(r.stderr.slice(prefix.length, -1), why);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file without read permission exits 1 with "permission denied" (run as nobody when root)', () => {
  // Root reads any file, so as root the command runs as nobody; the same user reading the file once it is
  // readable shows the exit 1 comes from the permission alone.
  const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'threadline-cli-'));
  try {
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked.log');
    writeFileSync(locked, '{"msg":"x"}\n');
    chmodSync(locked, 0o000);
    let r = runCli(['stats', locked], undefined, as);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `threadline: cannot read ${locked}: permission denied\n`);
    assert.equal(r.stdout, '');
    chmodSync(locked, 0o644);
    r = runCli(['stats', locked], undefined, as);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /locked\.log/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('follow is handed to src/cli/follow.ts when that module is present', () => {
  const r = runCli(['follow']);
  if (existsSync('src/cli/follow.ts')) {
    // Its own usage, not the dispatcher's "not available".
    assert.doesNotMatch(r.stderr, /not available in this build/);
    assert.match(r.stderr, /follow/);
  } else {
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'threadline: follow is not available in this build\n');
  }
});
