#!/usr/bin/env node
// Threadline in a real VS Code (code-server on 127.0.0.1, driven by headless Chromium):
//   1. the extension-host suite (test/vscode/**) runs inside the extension host with the real `vscode` API;
//   2. the workbench end-to-end tests (test/e2e/**) click through the UI and save screenshots.
// Ends with exactly one line "vscode: N passed, N failed" (scripts/test.mjs reads it) and always stops
// code-server and Chromium.
//   3. the packaged .vsix installs into code-server and loads.
//   node scripts/test-vscode.mjs [--only host|e2e|package] [--grep REGEX]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ensureCodeServer, root, startCodeServer } from './vscode/codeServer.mjs';
import { launchBrowser, openPage } from './vscode/browser.mjs';
import { startZipkin } from './zipkin/server.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : null;
const HOST_SUITE_TIMEOUT_MS = 6 * 60_000;
const results = join(root, 'test-results');
const scratch = join(root, '.tmp', `vscode-${process.pid}`);
let passed = 0,
  failed = 0;
const log = (...a) => console.error(...a); // progress on stderr; stdout carries the result lines

function report(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}${
      detail
        ? `\n${String(detail)
            .split('\n')
            .map((l) => `     ${l}`)
            .join('\n')}`
        : ''
    }`,
  );
}

/**
 * A throwaway copy of sample/, so tests can change its settings and files (named `sample`, as the window title
 * shows).
 */
function workspaceCopy(name) {
  const dir = join(scratch, name, 'sample');
  // not the sample shop's build output or the demo's logs (sample/shop/{target,logs}), which a demo run leaves
  const skip = /[\\/]sample[\\/]shop[\\/](target|logs)$/;
  cpSync(join(root, 'sample'), dir, { recursive: true, filter: (p) => !skip.test(p) });
  return dir;
}

async function buildAll() {
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error('build failed');
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
}

async function runHostSuite(server, browser) {
  const resultsFile = join(results, 'vscode-extension-host.json');
  rmSync(resultsFile, { force: true });
  const folder = workspaceCopy('host-workspace');
  const url = server.url({ folder, extensionTestsPath: join(root, 'out/test-vscode/index.js') });
  const { page, context, consoleLines } = await openPage(browser, url);
  const deadline = Date.now() + HOST_SUITE_TIMEOUT_MS;
  let state = null;
  try {
    for (;;) {
      if (existsSync(resultsFile)) {
        try {
          state = JSON.parse(readFileSync(resultsFile, 'utf8'));
        } catch {
          /* being written */
        }
        if (state?.done) break;
      }
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await page.screenshot({ path: join(results, 'vscode-host-suite.png') }).catch(() => {});
  } finally {
    await context.close().catch(() => {});
  }
  for (const r of state?.results ?? []) report(`[host] ${r.name} (${r.ms} ms)`, r.ok, r.error);
  if (!state)
    report(
      '[host] the extension-host suite started',
      false,
      `no results in ${resultsFile} after ${HOST_SUITE_TIMEOUT_MS / 1000} s\n` +
        `browser console:\n${consoleLines.slice(-20).join('\n')}\ncode-server:\n${server.output().slice(-3000)}`,
    );
  else if (!state.done)
    report(
      '[host] the extension-host suite finished',
      false,
      `timed out after ${HOST_SUITE_TIMEOUT_MS / 1000} s with ${state.results.length} tests done`,
    );
}

async function runE2e(server, browser) {
  const dir = join(root, 'test/e2e');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.e2e.mjs'))
        .sort()
    : [];
  for (const f of files) {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    for (const t of mod.tests ?? []) {
      if (grep && !new RegExp(grep).test(t.name)) continue;
      const folder = workspaceCopy(`e2e-${passed + failed}`);
      const { page, context, consoleLines } = await openPage(browser, server.url({ folder }));
      const start = Date.now();
      try {
        await t.run({ page, folder, screenshot: (name) => page.screenshot({ path: join(results, `${name}.png`) }) });
        report(`[e2e] ${t.name} (${Date.now() - start} ms)`, true);
      } catch (err) {
        await page
          .screenshot({ path: join(results, `e2e-failure-${f.replace(/\W+/g, '_')}-${passed + failed}.png`) })
          .catch(() => {});
        report(
          `[e2e] ${t.name}`,
          false,
          `${err?.stack ?? err}\nbrowser console:\n${consoleLines.slice(-10).join('\n')}`,
        );
      } finally {
        await context.close().catch(() => {});
      }
    }
  }
}

/**
 * The packaged extension: `npm run package` builds the .vsix, code-server installs it into a fresh
 * extensions folder, and a window without the development path shows Threadline's views.
 */
async function runPackageCheck(browser) {
  const name = '[package] the .vsix installs into code-server and its views load';
  const start = Date.now();
  const vsix = join(scratch, 'threadline.vsix');
  const profile = join(scratch, 'vsix-profile');
  let other = null;
  try {
    const pack = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/@vscode/vsce/vsce'),
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--skip-license',
        '--no-rewrite-relative-links',
        '--out',
        vsix,
      ],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (pack.status !== 0) throw new Error(`vsce package failed:\n${pack.stdout}\n${pack.stderr}`);
    const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout;
    if (/node_modules\//.test(listing)) throw new Error(`the package holds node_modules:\n${listing}`);
    if (!/extension\/dist\/extension\.js/.test(listing))
      throw new Error(`the package lacks dist/extension.js:\n${listing}`);
    // the Logs view and the timeline: their bundles and styles, and the view in the packaged manifest
    for (const f of ['logs.js', 'logs.css', 'webview.js', 'webview.css', 'codicon.css', 'codicon.ttf'])
      if (!listing.includes(`extension/dist/${f}`)) throw new Error(`the package lacks dist/${f}:\n${listing}`);
    // the index's WebAssembly line scanner, when this machine could build it (else the JavaScript one runs)
    if (existsSync(join(root, 'dist/scan.wasm')) && !listing.includes('extension/dist/scan.wasm'))
      throw new Error(`the package lacks dist/scan.wasm:\n${listing}`);
    const manifest = JSON.parse(
      spawnSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }).stdout,
    );
    if (!manifest.contributes.views['threadline-panel']?.some((v) => v.id === 'threadline.logs'))
      throw new Error('the packaged manifest declares no Logs view');
    mkdirSync(join(profile, 'extensions'), { recursive: true });
    mkdirSync(join(profile, 'user-data'), { recursive: true });
    const install = spawnSync(
      process.execPath,
      [
        join(root, '.vscode-test/code-server/out/node/entry.js'),
        '--config',
        join(scratch, 'vsix.yaml'),
        '--user-data-dir',
        join(profile, 'user-data'),
        '--extensions-dir',
        join(profile, 'extensions'),
        '--install-extension',
        vsix,
      ],
      { encoding: 'utf8' },
    );
    if (!/successfully installed/.test(install.stdout + install.stderr))
      throw new Error(`install failed:\n${install.stdout}\n${install.stderr}`);
    other = await startCodeServer({ profileDir: profile });
    const folder = workspaceCopy('vsix-workspace');
    const { page, context } = await openPage(browser, `${other.base}/?folder=${encodeURIComponent(folder)}`);
    try {
      const icon = page.locator('.activitybar [aria-label^="Threadline"]').first();
      await icon.waitFor({ timeout: 60_000 });
      await icon.click();
      await page
        .locator('.pane-header', { hasText: /Groups/i })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Open Log File…' }).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(results, 'package-installed.png') });
      // the packaged bundle (and its index worker) reads a log into the tree
      const ui = await import(pathToFileURL(join(root, 'test/e2e/workbench.e2e.mjs')).href);
      await page.keyboard.press('Control+Shift+E');
      const logs = await ui.explorerRow(page, 'logs');
      await logs.waitFor({ timeout: 30_000 });
      await logs.click();
      await ui.openFromExplorer(page, ['orders.log']);
      // groups lead with their request line or first message; the short ID is in the description
      await ui
        .groupsView(page)
        .locator('.monaco-list-row[aria-level="1"] .label-description', { hasText: /[0-9a-f]{8}…/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(results, 'package-installed-groups.png') });
      // the packaged Logs view: its page loads in the panel and lists the records
      await ui.runCommand(page, 'Threadline: Show Logs');
      let rows = 0;
      for (let waited = 0; rows === 0 && waited < 30_000; waited += 250) {
        for (const f of page.frames())
          rows += await f
            .locator('#logs-root .lv-row[aria-rowindex]')
            .count()
            .catch(() => 0);
        if (rows === 0) await page.waitForTimeout(250);
      }
      if (rows === 0) throw new Error('the Logs view shows no rows after install');
      await page.screenshot({ path: join(results, 'package-installed-logs.png') });
    } finally {
      await context.close().catch(() => {});
    }
    report(`${name} (${Date.now() - start} ms)`, true);
  } catch (err) {
    report(name, false, err?.stack ?? err);
  } finally {
    await other?.stop().catch(() => {});
  }
}

let server = null,
  browser = null,
  zipkin = null;
try {
  mkdirSync(results, { recursive: true });
  mkdirSync(scratch, { recursive: true });
  for (const f of readdirSync(results)) if (/^e2e-failure-.*\.png$/.test(f)) rmSync(join(results, f));
  log('── code-server');
  ensureCodeServer();
  log('── build');
  await buildAll();
  log('── start');
  // a real Zipkin (in memory, loopback) for the remote-source tests; they fail when it cannot start
  if (only !== 'package') zipkin = await startZipkin();
  if (zipkin) process.env.THREADLINE_TEST_ZIPKIN_URL = zipkin.url;
  // the extension host inherits code-server's environment: that is how the suite learns its filter
  const env = {
    ...(grep ? { THREADLINE_TEST_GREP: grep } : {}),
    ...(zipkin ? { THREADLINE_TEST_ZIPKIN_URL: zipkin.url } : {}),
  };
  server = await startCodeServer({ profileDir: join(scratch, 'profile'), env });
  browser = await launchBrowser();
  log(`code-server at ${server.base}`);
  if (!only || only === 'host') {
    log('── extension-host suite');
    await runHostSuite(server, browser);
  }
  if (!only || only === 'e2e') {
    log('── workbench e2e');
    await runE2e(server, browser);
  }
  if (!only || only === 'package') {
    log('── package');
    await runPackageCheck(browser);
  }
} catch (err) {
  report('vscode harness', false, err?.stack ?? err);
} finally {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await zipkin?.stop().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`vscode: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
