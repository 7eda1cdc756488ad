#!/usr/bin/env node
// Measures Threadline in the real extension host (code-server): time from "open" to the first groups in the
// tree, time to the end of indexing, and the longest event-loop stalls of the extension host meanwhile.
// A benchmark printing figures, not a test.
//   node scripts/vscode/measure.mjs [--mb 100] [--format logback|pino]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ensureBenchFile } from '../../bench/benchData.mjs';
import { ensureCodeServer, root, startCodeServer } from './codeServer.mjs';
import { launchBrowser, openPage } from './browser.mjs';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const mb = Number(opt('--mb', 100));
const format = opt('--format', 'logback');
const file = ensureBenchFile(mb, format);
ensureCodeServer({ quiet: true });
if (spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0)
  process.exit(1);
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['test/vscode/measure.ts'],
  outfile: 'out/measure-vscode/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
});

const out = join(root, 'test-results/vscode-measure.json');
rmSync(out, { force: true });
const scratch = join(root, '.tmp', `measure-${process.pid}`);
const server = await startCodeServer({
  profileDir: join(scratch, 'profile'),
  env: { THREADLINE_MEASURE_FILE: file, THREADLINE_MEASURE_OUT: out },
});
const browser = await launchBrowser();
try {
  mkdirSync(join(scratch, 'ws'), { recursive: true });
  await openPage(
    browser,
    server.url({ folder: join(scratch, 'ws'), extensionTestsPath: join(root, 'out/measure-vscode/index.js') }),
  );
  const end = Date.now() + 15 * 60_000;
  while (!existsSync(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 500));
  const figures = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')).figures : { error: 'timed out' };
  console.log(JSON.stringify({ ...figures, fileMiB: Math.round(statSync(file).size / 1048576) }, null, 2));
} finally {
  await browser.close();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
