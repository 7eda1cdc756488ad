// The command line as it ships: bundled by esbuild like scripts/build.mjs does (dist/cli.js with its worker and
// every dependency inlined), into a temporary folder once per test file, then run in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const root = resolve(import.meta.dirname, '../../..');
let built: string | null = null;

/** Path of the bundled cli.js (built on first use). */
export function builtCli(): string {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'threadline-cli-'));
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    absWorkingDir: root,
    logLevel: 'error',
  } as const;
  const banner = { js: '#!/usr/bin/env node' };
  buildSync({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(dir, 'cli.js'), banner });
  buildSync({ ...common, entryPoints: ['src/core/index/worker.ts'], outfile: join(dir, 'indexWorker.js') });
  return (built = join(dir, 'cli.js'));
}

export function runBuilt(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const opts = { cwd: root, input, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 } as const;
  const r = spawnSync(process.execPath, [builtCli(), ...args], opts);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
