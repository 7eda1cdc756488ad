// Writes V8's code cache of the command line's bundle (DIR/cliMain.js.cache, read by src/cli/bin.ts): runs
// `threadline stats` once over the log fixtures with THREADLINE_CODE_CACHE=write, so the cache holds the functions
// a command runs, compiled. Without it the command line still runs (and compiles them on every start).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export function writeCodeCache(dir) {
  const fixtures = join(root, 'test/fixtures/logs');
  const files = readdirSync(fixtures)
    .map((f) => join(fixtures, f))
    .filter((f) => statSync(f).isFile() && /\.(jsonl|json|log)$/.test(f));
  const r = spawnSync(process.execPath, [join(dir, 'cli.js'), 'stats', ...files], {
    env: { ...process.env, THREADLINE_CODE_CACHE: 'write' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) console.warn(`code cache not written: ${r.stderr || r.error?.message}`);
}
