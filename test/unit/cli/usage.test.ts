// The command line's contract for usage errors and unreadable inputs: exit codes and one-line reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync, readFileSync, existsSync } from 'node:fs';
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

test('a missing file, a directory and an unreadable file exit 1 with a one-line reason naming the path', () => {
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

    const locked = join(dir, 'locked.log');
    writeFileSync(locked, '{"msg":"x"}\n');
    chmodSync(locked, 0o000);
    r = runCli(['stats', locked]);
    // root reads anything: then the file is simply read.
    if (process.getuid?.() === 0) assert.equal(r.status, 0, r.stderr);
    else {
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `threadline: cannot read ${locked}: permission denied\n`);
    }
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
