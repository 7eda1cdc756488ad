// Runs a real Zipkin server (the jar scripts/zipkin/fetch.sh caches) for tests and the demo: in-memory storage,
// bound to 127.0.0.1 on a free port, ready once /health answers UP. Fails loudly when Java or the jar is missing:
// a test that needs Zipkin must never pass without one.
//
//   import { startZipkin } from "./scripts/zipkin/server.mjs";
//   const zipkin = await startZipkin();          // { url: "http://127.0.0.1:PORT", port, stop() }
//   ...; await zipkin.stop();
//
// Run directly (`node scripts/zipkin/server.mjs [--port N]`) it prints the URL and runs until interrupted.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ZIPKIN_VERSION = process.env.ZIPKIN_VERSION ?? '3.5.1';
const STARTUP_LIMIT_MS = 180_000;
const STOP_GRACE_MS = 10_000;

/** The cached jar's path, fetching it first when this machine has none. */
export function zipkinJar() {
  const jar = join(here, '../../.cache/zipkin', `zipkin-server-${ZIPKIN_VERSION}-exec.jar`);
  if (existsSync(jar)) return jar;
  const out = execFileSync('bash', [join(here, 'fetch.sh')], {
    encoding: 'utf8',
    env: { ...process.env, ZIPKIN_VERSION },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const fetched = out.trim().split('\n').pop();
  if (!fetched || !existsSync(fetched)) throw new Error(`scripts/zipkin/fetch.sh did not produce ${jar}`);
  return fetched;
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts Zipkin with in-memory storage on 127.0.0.1.
 * @param {{ port?: number, java?: string }} [options]
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startZipkin(options = {}) {
  const jar = zipkinJar();
  const port = options.port ?? (await freeLoopbackPort());
  const java = options.java ?? process.env.JAVA ?? 'java';
  const args = [
    '-Xms64m',
    '-Xmx256m',
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Djava.net.preferIPv4Stack=true',
    '-jar',
    jar,
    // Armeria serves Zipkin; its port list, not server.address, decides the bind address.
    `--server.port=${port}`,
    '--armeria.ports[0].ip=127.0.0.1',
    `--armeria.ports[0].port=${port}`,
    '--armeria.ports[0].protocols[0]=http',
    '--zipkin.storage.type=mem',
    '--zipkin.self-tracing.enabled=false',
    '--zipkin.collector.scribe.enabled=false',
    '--spring.main.banner-mode=off',
  ];
  const env = { ...process.env, STORAGE_TYPE: 'mem', QUERY_PORT: String(port), JAVA_OPTS: '' };
  const child = spawn(java, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.once('error', (error) => {
      exited = { code: null, signal: null, error };
      resolve(exited);
    });
  });

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exitPromise;
    clearTimeout(timer);
  };

  const started = Date.now();
  for (;;) {
    if (exited) {
      const why = exited.error
        ? `could not run ${java}: ${exited.error.message}`
        : `exited with ${exited.signal ?? exited.code}`;
      throw new Error(`Zipkin server ${why} before it was ready.\n${output}`);
    }
    if (await healthy(url)) break;
    if (Date.now() - started > STARTUP_LIMIT_MS) {
      await stop();
      throw new Error(`Zipkin server was not healthy on ${url} within ${STARTUP_LIMIT_MS / 1000} s.\n${output}`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, 250)), exitPromise]);
  }
  return { url, port, stop, output: () => output };
}

async function healthy(url) {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    const body = await res.text();
    return res.ok && /"status"\s*:\s*"UP"/.test(body);
  } catch {
    return false;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--port');
  startZipkin(at > 0 ? { port: Number(process.argv[at + 1]) } : {}).then(
    (zipkin) => {
      console.log(zipkin.url);
      const quit = () => zipkin.stop().then(() => process.exit(0));
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
    },
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
