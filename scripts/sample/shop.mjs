// Builds and runs the sample shop (sample/shop: two Spring Boot services from one jar) and drives requests at it.
// Used by `npm run demo`, by scripts/fixtures/spring.mjs and by `node scripts/sample/load.mjs`.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const shopDir = join(root, 'sample/shop');
export const shopJar = join(shopDir, 'target/shop.jar');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

/** `mvn package` in sample/shop when the jar is missing or older than its sources. Returns the seconds it took. */
export function buildShop({ force = false, log = console.error } = {}) {
  const sources = Math.max(newestMtime(join(shopDir, 'src')), newestMtime(join(shopDir, 'pom.xml')));
  if (!force && existsSync(shopJar) && statSync(shopJar).mtimeMs >= sources) {
    return 0;
  }
  log('building sample/shop with Maven (the first build downloads Spring Boot into ~/.m2)…');
  const t0 = Date.now();
  const r = spawnSync('mvn', ['-B', '-q', 'package', '-DskipTests'], { cwd: shopDir, stdio: ['ignore', 2, 2] });
  if (r.error) throw new Error(`mvn could not run (${r.error.message}): install Maven and a JDK 17`);
  if (r.status !== 0) throw new Error(`mvn package in sample/shop failed (exit ${r.status})`);
  return (Date.now() - t0) / 1000;
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function startService(name, port, props, logDir) {
  // C1 only and a serial GC: these JVMs start faster and stay small; the sample does no heavy lifting.
  const args = [
    '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m', '-jar', shopJar,
    `--spring.application.name=${name}`, `--server.port=${port}`, `--shop.log-dir=${logDir}`,
  ];
  for (const [k, v] of Object.entries(props)) args.push(`--${k}=${v}`);
  const child = spawn('java', args, { cwd: shopDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d) => { output = (output + d).slice(-20000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  return {
    name, url: `http://127.0.0.1:${port}`, child,
    output: () => output,
    exited: () => exited,
  };
}

async function waitHealthy(svc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tail = () => svc.output().slice(-3000);
    if (svc.exited()) throw new Error(`${svc.name} exited (${JSON.stringify(svc.exited())}) starting:\n${tail()}`);
    try {
      const r = await fetch(`${svc.url}/actuator/health`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`${svc.name} did not answer within ${timeoutMs / 1000} s:\n${tail()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stopService(svc) {
  if (svc.exited()) return;
  const done = new Promise((r) => svc.child.once('exit', r));
  svc.child.kill('SIGTERM');
  const timer = setTimeout(() => svc.child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(timer);
}

/**
 * Starts payments, then orders pointing at it, both on free loopback ports, logging into `logDir`.
 * `zipkinUrl` (http://127.0.0.1:9411) receives their spans; without it no span leaves the process, but trace and
 * span IDs are still made and logged. `profiles` e.g. 'fixtures' adds the extra log formats.
 */
export async function startShop({ logDir, zipkinUrl = null, profiles = '', timeoutMs = 300_000 } = {}) {
  mkdirSync(logDir, { recursive: true });
  const common = {
    ...(zipkinUrl
      ? { 'management.zipkin.tracing.endpoint': `${zipkinUrl.replace(/\/$/, '')}/api/v2/spans` }
      : { 'management.zipkin.tracing.export.enabled': 'false' }),
    ...(profiles ? { 'spring.profiles.active': profiles } : {}),
  };
  const [pPort, oPort] = [await freePort(), await freePort()];
  const payments = startService('payments', pPort, common, logDir);
  const orders = startService('orders', oPort, { ...common, 'shop.payments-url': `http://127.0.0.1:${pPort}` }, logDir);
  const services = [orders, payments];
  try {
    await Promise.all(services.map((s) => waitHealthy(s, timeoutMs)));
  } catch (e) {
    await Promise.all(services.map(stopService));
    throw e;
  }
  return {
    ordersUrl: orders.url, paymentsUrl: payments.url,
    /** SIGTERM (a graceful shutdown that flushes the span reporter), SIGKILL after 10 s. */
    stop: () => Promise.all(services.map(stopService)),
  };
}

/**
 * The request mix, in a fixed order: approved orders, a lookup, a missing order, a blocked customer (declined,
 * a WARN in both services), an invalid amount (rejected in orders), and an amount over the gateway's limit (an
 * ERROR with a stack trace in payments, a 500 that orders logs with its own stack trace).
 */
export const REQUESTS = [
  { customer: 'cust-17', item: 'mug', cents: 1250 },
  { customer: 'cust-23', item: 'teapot', cents: 4200 },
  { lookup: 'first' },
  { customer: 'blocked-9', item: 'mug', cents: 1250 },
  { customer: 'cust-31', item: 'piano', cents: 250000 },
  { lookup: 'ord-missing' },
  { customer: 'cust-40', item: 'gift card', cents: 0 },
  { customer: 'cust-52', item: 'kettle', cents: 3100 },
];

/** Sends `count` requests (REQUESTS, repeated) to the orders service, one at a time; returns the statuses. */
export async function driveLoad(ordersUrl, { count = REQUESTS.length, requestIdPrefix = 'r-' } = {}) {
  const statuses = [];
  let first = null;
  for (let i = 0; i < count; i++) {
    const req = REQUESTS[i % REQUESTS.length];
    const headers = { 'content-type': 'application/json', 'x-request-id': `${requestIdPrefix}${i + 1}` };
    let res;
    if (req.lookup) {
      const id = req.lookup === 'first' ? first ?? 'ord-1001' : req.lookup;
      res = await fetch(`${ordersUrl}/orders/${encodeURIComponent(id)}`, { headers });
    } else {
      res = await fetch(`${ordersUrl}/orders`, { method: 'POST', headers, body: JSON.stringify(req) });
    }
    const body = await res.text();
    if (first === null && res.status === 201) first = JSON.parse(body).id;
    statuses.push(res.status);
  }
  return statuses;
}
