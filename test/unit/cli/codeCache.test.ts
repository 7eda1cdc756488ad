// The executable with V8's code cache (src/cli/bin.ts, scripts/codeCache.mjs): the cache is used when it was made
// from the bundle beside it, and never for other bytes, even of the same length (V8 itself checks only that). The
// bundles are made ASCII first (scripts/asciiBundle.mjs): a one-byte string for V8.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { buildSync } from 'esbuild';
// @ts-expect-error: a build script without types
import { writeCodeCache } from '../../../scripts/codeCache.mjs';
// @ts-expect-error: a build script without types
import { asciiBundle } from '../../../scripts/asciiBundle.mjs';

const root = resolve(import.meta.dirname, '../../..');
const fixture = join(root, 'test/fixtures/logs/pino.jsonl');

function build(): string {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-bin-'));
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', absWorkingDir: root } as const;
  buildSync({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(dir, 'cliMain.js'), logLevel: 'error' });
  buildSync({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: join(dir, 'cli.js'), external: ['./cliMain.js'] });
  buildSync({ ...common, entryPoints: ['src/core/index/worker.ts'], outfile: join(dir, 'indexWorker.js') });
  return dir;
}

const run = (dir: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout.replace(/^elapsed: .*$/m, '').replace(/ +\d+\n/, ' N\n') };
};

test('the command line runs from its code cache as from its source, and not from a cache of other bytes', () => {
  const dir = build();
  const plain = run(dir, 'stats', fixture);
  assert.equal(plain.status, 0);
  writeCodeCache(dir);
  const cache = join(dir, 'cliMain.js.cache');
  assert.ok(existsSync(cache), 'the build run writes the cache');
  assert.deepEqual(run(dir, 'stats', fixture), plain);

  // the same bundle with other text of the same length: V8 would take the cache (it checks lengths only)
  const main = join(dir, 'cliMain.js');
  const source = readFileSync(main, 'utf8');
  const changed = source.replace('threadline stats FILE...', 'threadlinX stats FILE...');
  assert.notEqual(changed, source);
  assert.equal(changed.length, source.length);
  writeFileSync(main, changed);
  const help = run(dir, '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /threadlinX stats FILE\.\.\./);
});

test('a bundle is made ASCII by escaping its comments, and a character past ASCII elsewhere fails the build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-ascii-'));
  const file = join(dir, 'b.js');
  const code = 'exports.f = (s) => /\\u00b5s/.test(s);\n';
  writeFileSync(file, `/** takes \u2248 5 ms */\n${code}  // \u2500\u2500 a rule \u2500\u2500\n`);
  asciiBundle(file);
  const out = readFileSync(file, 'utf8');
  assert.ok(/^[\x00-\x7f]*$/.test(out), out);
  assert.ok(out.includes(code), 'code is left as it was');
  assert.ok(out.includes('takes \\u2248 5 ms'));
  writeFileSync(file, 'exports.s = "\u00b5s";\n');
  assert.throws(() => asciiBundle(file), /b\.js:1: a character past ASCII outside a comment/);
});
