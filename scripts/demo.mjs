#!/usr/bin/env node
// `npm run demo`: the Spring Boot + Zipkin story in one command. Starts a Zipkin server (scripts/zipkin), builds
// and starts the sample shop (sample/shop: orders and payments, tracing to that Zipkin and logging JSON into
// sample/shop/logs/), sends it a mix of requests, and serves VS Code (code-server on 127.0.0.1) on sample/ with
// Threadline showing the shop's logs and connected to the Zipkin server. Ctrl+C stops everything.
//   node scripts/demo.mjs [--port 8080] [--requests 24] [--check [--screenshot FILE.png]]
// --check runs the same steps, verifies Zipkin holds both services' traces and the workbench answers, and exits;
// with --screenshot it also loads the workbench in headless Chromium and saves what it shows.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildShop, driveLoad, shopDir, startShop } from './sample/shop.mjs';
import { ensureCodeServer, root, startCodeServer } from './vscode/codeServer.mjs';
import { startZipkin } from './zipkin/server.mjs';

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const port = opt('--port') ? Number(opt('--port')) : 8080;
const requests = Number(opt('--requests') ?? 24);
const check = args.includes('--check');
const screenshot = opt('--screenshot');
const logDir = join(shopDir, 'logs');
const step = (s) => console.error(`demo: ${s}`);

const running = [];
const stopAll = async () => {
  for (const s of running.reverse()) await s.stop().catch(() => {});
};
const fail = async (e) => {
  console.error(`demo failed: ${e.message}`);
  await stopAll();
  process.exit(1);
};
process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));
process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));

try {
  step('building Threadline');
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`scripts/build.mjs failed (exit ${build.status})`);
  ensureCodeServer();
  const built = buildShop({ log: step });
  if (built) step(`sample/shop built in ${built.toFixed(0)} s`);

  step('starting Zipkin (the first run fetches its jar with Maven)');
  const zipkin = await startZipkin();
  running.push(zipkin);
  step(`Zipkin at ${zipkin.url}`);

  // Each demo starts from empty logs, so the files hold this run's traces and nothing Zipkin has not seen.
  rmSync(logDir, { recursive: true, force: true });
  step('starting the shop: payments and orders (two JVMs, about a minute on a busy machine)');
  const shop = await startShop({ logDir, zipkinUrl: zipkin.url });
  running.push(shop);
  step(`orders at ${shop.ordersUrl}, payments at ${shop.paymentsUrl}`);

  const statuses = await driveLoad(shop.ordersUrl, { count: requests });
  step(`${statuses.length} requests sent: ${statuses.join(' ')}`);
  // Brave's reporter sends spans in batches, about once a second.
  await new Promise((r) => setTimeout(r, 2000));
  const services = await (await fetch(`${zipkin.url}/api/v2/services`)).json();
  step(`Zipkin has spans from: ${services.join(', ') || 'nobody yet'}`);

  const server = await startCodeServer({
    profileDir: join(root, '.vscode-test/demo-profile'),
    port: check ? undefined : port,
    settings: {
      'threadline.zipkin.url': zipkin.url,
      'threadline.openOnStartup': ['shop/logs/*.logstash.jsonl'],
    },
  });
  running.push(server);
  const url = server.url({ folder: join(root, 'sample') });

  if (check) {
    const page = await fetch(url);
    if (!page.ok) throw new Error(`the workbench answered HTTP ${page.status}`);
    for (const name of ['orders', 'payments']) {
      if (!services.includes(name)) throw new Error(`Zipkin has no spans from ${name}`);
    }
    if (screenshot) await shoot(url, screenshot);
    step('check passed: Zipkin holds both services, the workbench answers');
    await stopAll();
    process.exit(0);
  }

  console.log(`
Threadline is running in VS Code (code-server ${server.host}) on sample/, with the shop's logs open
(sample/shop/logs/*.logstash.jsonl) and Zipkin connected (${zipkin.url}; its own UI is at ${zipkin.url}/zipkin/).

  ${url}

More traffic:  node scripts/sample/load.mjs --url ${shop.ordersUrl} --count 40
Ctrl+C stops VS Code, the shop and Zipkin.`);
  await new Promise(() => {});
} catch (e) {
  await fail(e);
}

/** The workbench in headless Chromium once Threadline's Groups view lists traces, saved as a PNG. */
async function shoot(url, file) {
  const { launchBrowser, openPage } = await import('./vscode/browser.mjs');
  const browser = await launchBrowser();
  try {
    const { page } = await openPage(browser, url, { width: 1600, height: 1000 });
    try {
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      // the Sources view lists the opened files once they are read
      const source = page.getByRole('treeitem').filter({ hasText: 'payments.logstash.jsonl' }).first();
      await source.waitFor({ timeout: 120_000 });
      await page.waitForTimeout(1500);
    } finally {
      await page.screenshot({ path: file });
      step(`screenshot: ${file}`);
    }
  } finally {
    await browser.close();
  }
}
