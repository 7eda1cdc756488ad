#!/usr/bin/env node
// `npm run test:electron`: the same extension-host suite in desktop VS Code, downloaded by
// @vscode/test-electron (needs internet; CI uses code-server through scripts/test-vscode.mjs instead).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { root } from './codeServer.mjs';

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['test/vscode/index.ts'],
  outfile: 'out/test-vscode/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
});
const workspace = join(root, '.tmp', `electron-${process.pid}`, 'sample');
mkdirSync(workspace, { recursive: true });
cpSync(join(root, 'sample'), workspace, { recursive: true });
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test-vscode/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
  console.log('extension-host suite passed (results in test-results/vscode-extension-host.json)');
} catch (err) {
  console.error(`extension-host suite failed: ${err}`);
  process.exitCode = 1;
} finally {
  rmSync(join(root, '.tmp', `electron-${process.pid}`), { recursive: true, force: true });
}
