#!/usr/bin/env node
// Runs every test layer and ends with one "N passed, N failed" line.
//   node scripts/test.mjs            lint, typecheck, build, unit, webview (Chromium), VS Code (code-server)
//   node scripts/test.mjs lint       only ESLint, Prettier's check and the line-length check
//   node scripts/test.mjs unit       only the Node unit tests (test/unit)
//   node scripts/test.mjs webview    only the browser tests (test/webview)
//   node scripts/test.mjs vscode     only the extension-host and workbench tests
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const only = process.argv[2];
let passed = 0,
  failed = 0;

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (/\.test\.(ts|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

function step(title, cmd, args, opts = {}) {
  console.log(`\n── ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
  return r.status === 0;
}

/** node --test over the files, counting through a TAP copy of the results. */
function nodeTests(title, dir) {
  const files = findTests(join(root, dir));
  if (files.length === 0) {
    console.log(`\n── ${title}: no tests`);
    return;
  }
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const tap = join(root, 'test-results', `${title}.tap`);
  const ok = step(title, process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0),
    f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  passed += p;
  failed += f;
  if (!ok && f === 0) failed += 1; // the runner itself failed (a file that does not load)
}

if (!only || only === 'lint') {
  // House rules a tool checks: ESLint, Prettier's formatting, and no line over 120 characters.
  const checks = [
    ['lint', [join(root, 'node_modules/eslint/bin/eslint.js'), '.']],
    ['format', [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '--log-level', 'warn', '.']],
    ['line length', [join(root, 'scripts/check-lines.mjs')]],
  ];
  for (const [title, argv] of checks) {
    if (step(title, process.execPath, argv)) passed++;
    else failed++;
  }
}
if (!only) {
  if (step('typecheck', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']))
    passed++;
  else failed++;
}
if (!only || only === 'webview' || only === 'vscode') {
  if (step('build', process.execPath, [join(root, 'scripts/build.mjs')])) passed++;
  else failed++;
}
// the unit tests run the index's WebAssembly scanner from the build cache (built here when clang is installed)
if (only === 'unit' && !step('wasm', process.execPath, [join(root, 'scripts/build-wasm.mjs')])) failed++;
if (!only || only === 'unit') nodeTests('unit', 'test/unit');
if (!only || only === 'webview') nodeTests('webview', 'test/webview');
if ((!only || only === 'vscode') && existsSync(join(root, 'scripts/test-vscode.mjs'))) {
  const r = spawnSync(process.execPath, [join(root, 'scripts/test-vscode.mjs')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  process.stdout.write(r.stdout ?? '');
  const m = /^vscode: (\d+) passed, (\d+) failed/m.exec(r.stdout ?? '');
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (r.status !== 0 && (!m || Number(m[2]) === 0)) failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
