#!/usr/bin/env node
// Bundles every entry point with esbuild into dist/. `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildWasm } from './build-wasm.mjs';
import { asciiBundle } from './asciiBundle.mjs';
import { writeCodeCache } from './codeCache.mjs';

const root = resolve(import.meta.dirname, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const node = {
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};
const entries = [
  // extension host: `vscode` is provided at run time
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // command line
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cliMain.js' },
  // its executable: heap flags first, then dist/cliMain.js (see src/cli/bin.ts)
  {
    ...node,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    external: ['./cliMain.js'],
    banner: { js: '#!/usr/bin/env node' },
  },
  // index worker thread, loaded by path from the extension and the CLI
  { ...node, entryPoints: ['src/core/index/worker.ts'], outfile: 'dist/indexWorker.js' },
  // the thread that reads and scans a file ahead of the index (see src/core/index/scanAhead.ts)
  { ...node, entryPoints: ['src/core/index/wasm/aheadWorker.ts'], outfile: 'dist/scanAhead.js' },
  // timeline webview: runs in the browser sandbox
  {
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    bundle: true,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    loader: { '.css': 'css', '.ttf': 'file' },
  },
  // Logs view webview: a second page, same sandbox rules
  {
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    bundle: true,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['webview/logs/main.ts'],
    outfile: 'dist/logs.js',
    loader: { '.css': 'css' },
  },
  // Traces table webview: a third page, same sandbox rules
  {
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    bundle: true,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['webview/traces/main.ts'],
    outfile: 'dist/traces.js',
    loader: { '.css': 'css' },
  },
].filter((e) => existsSync(join(root, e.entryPoints[0])));

for (const e of entries) e.absWorkingDir = root;

if (watch) {
  for (const e of entries) await (await esbuild.context(e)).watch();
  console.log(`watching ${entries.length} entry points`);
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
  // the index's WebAssembly line scanner, loaded from next to indexWorker.js (without clang: the JavaScript one)
  buildWasm(dist);
  // Node's bundles in ASCII (one-byte strings for V8), and the command line's compiled once (see src/cli/bin.ts)
  for (const f of ['cli.js', 'cliMain.js', 'indexWorker.js', 'extension.js']) asciiBundle(join(dist, f));
  writeCodeCache(dist);
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  for (const f of ['codicon.css', 'codicon.ttf'])
    if (existsSync(join(codicons, f))) copyFileSync(join(codicons, f), join(dist, f));
  console.log(`built ${entries.map((e) => e.outfile).join(', ')}`);
}
