#!/usr/bin/env node
// `npm run bench:live [-- --lines 1000000]`
// Ingest throughput of live sources into a real session, bundled the way the extension ships them:
//   1. followCommand → session (`cat` of an NDJSON file: a child process writing as fast as a pipe takes it)
//   2. followCommand → a counting sink (the pipe and line handling alone, no indexing)
//   3. followFile → session (a file appended to while followed)
//   4. OTLP/HTTP receiver → session, JSON and protobuf bodies of 100 spans from a keep-alive client
//   5. the flood: 3,000,000 NDJSON lines (the benchmark workload, bench/benchData.mjs) on stdin through the built
//      command line, `threadline follow - --max-records 100000 --quiet --json`: peak RSS, lines/s, CPU-s and
//      the accounting it reports (`--flood-lines N` to change the count, 0 to skip)
// For each: lines (or spans) per second, MB/s, and the longest event-loop stall seen while ingesting (what a
// VS Code extension host would feel). Figures are noisy on a shared machine: run it twice.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { request, Agent } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { ensureBenchFile } from '../bench/benchData.mjs';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (n, d) => {
  const i = args.indexOf('--' + n);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const LINES = flag('lines', 1_000_000);
const REQUESTS = flag('requests', 500);
const FLOOD = flag('flood-lines', 3_000_000);
const FLOOD_KEEP = flag('flood-max-records', 100_000);
if (!(LINES > 0) || !(REQUESTS > 0) || !(FLOOD >= 0)) {
  console.error('usage: bench-live.mjs [--lines N] [--requests N] [--flood-lines N] [--flood-max-records N]');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'tl-bench-live-'));
const bundle = join(dir, 'live.mjs');
await build({
  stdin: {
    contents: `export { createSession } from './src/core/session/session';
export { followCommand, followFile, startReceiver } from './src/core/live/index';
export { encodeTraceRequestForTest } from './src/core/live/receiver/otlpProto';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: bundle,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const live = await import(pathToFileURL(bundle).href);

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const results = [];
let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

async function measure(name, unit, fn) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const { count, bytes } = await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  h.disable();
  const r = {
    name,
    count,
    unit,
    seconds: s,
    perSec: count / s,
    perCpuSec: count / cpu,
    mbPerSec: bytes / 1e6 / s,
    maxStallMs: h.max / 1e6,
    p99StallMs: h.percentile(99) / 1e6,
  };
  results.push(r);
  // Per CPU second of this process: what ingest costs, less skewed by other load on a shared machine.
  console.log(
    `${name.padEnd(42)} ${fmt(r.count)} ${unit} in ${s.toFixed(2)} s = ${fmt(r.perSec)} ${unit}/s ` +
      `(${fmt(r.perCpuSec)} per CPU s), ${r.mbPerSec.toFixed(1)} MB/s; event loop stall max ` +
      `${r.maxStallMs.toFixed(1)} ms, p99 ${r.p99StallMs.toFixed(1)} ms`,
  );
}

// The command is `cat` of a file written beforehand, so the figure is what ingest costs, not how fast a
// generator process can format JSON on a busy machine.
const dataFile = join(dir, 'lines.ndjson');
{
  const lv = ['info', 'warn', 'error', 'debug'];
  writeFileSync(dataFile, '');
  for (let done = 0; done < LINES; done += 50_000) {
    let s = '';
    for (let i = done; i < Math.min(LINES, done + 50_000); i++)
      s +=
        `{"time":${1714551300000 + i},"level":"${lv[i & 3]}","msg":"request ${i} handled",` +
        `"traceId":"${(i % 5000).toString(16).padStart(32, '0')}","thread":"worker-${i % 8}"}\n`;
    appendFileSync(dataFile, s);
  }
}
const catCmd = `cat ${JSON.stringify(dataFile)}`;
const generator = (n) =>
  `const lv=['info','warn','error','debug'];let s='';for(let i=0;i<${n};` +
  `i++){s+='{"time":'+(1714551300000+i)+',"level":"'+lv[i&3]+'","msg":"request '+i+' handled",` +
  `"traceId":"'+(i%5000).toString(16).padStart(32,'0')+'","thread":"worker-'+(i%8)+'"}\\n';` +
  `if(s.length>65536){process.stdout.write(s);s='';}}process.stdout.write(s);`;
const genCmd = (n) => `${JSON.stringify(process.execPath)} -e ${JSON.stringify(generator(n))}`;

let writeMax = 0;
try {
  await measure('command → session', 'lines', async () => {
    const session = live.createSession({ workers: 0, maxRecords: Math.max(LINES, 1_000_000) });
    const inner = session.addStream('bench');
    // The longest single hand-over to the session: the share of a stall that one chunk of live input costs.
    const sink = {
      ...inner,
      write(c) {
        const t = performance.now();
        inner.write(c);
        writeMax = Math.max(writeMax, performance.now() - t);
      },
      end: () => inner.end(),
      summary: () => inner.summary(),
      writeDocument: (v, o) => inner.writeDocument(v, o),
    };
    const f = live.followCommand(catCmd, sink);
    const exit = await f.exited;
    const src = session.sources()[0];
    if (exit.code !== 0 || src.lines !== LINES || src.records !== LINES)
      throw new Error(`lost lines: ${JSON.stringify({ exit, lines: src.lines, records: src.records })}`);
    const bytes = f.stats().stdoutBytes;
    session.dispose();
    return { count: LINES, bytes };
  });

  await measure('node generator command → session', 'lines', async () => {
    const session = live.createSession({ workers: 0, maxRecords: Math.max(LINES, 1_000_000) });
    const f = live.followCommand(genCmd(LINES), session.addStream('gen'));
    await f.exited;
    if (session.sources()[0].lines !== LINES) throw new Error('lost lines');
    session.dispose();
    return { count: LINES, bytes: f.stats().stdoutBytes };
  });

  await measure('command → counting sink (no index)', 'lines', async () => {
    let lines = 0;
    const sink = {
      write(c) {
        for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
      },
      writeDocument() {},
      end() {},
      summary() {
        return null;
      },
    };
    const f = live.followCommand(catCmd, sink);
    await f.exited;
    if (lines !== LINES) throw new Error(`lost lines: ${lines}`);
    return { count: LINES, bytes: f.stats().stdoutBytes };
  });

  await measure('file (appended while followed) → session', 'lines', async () => {
    const file = join(dir, 'follow.log');
    writeFileSync(file, '');
    const session = live.createSession({ workers: 0, maxRecords: Math.max(LINES, 1_000_000) });
    const f = live.followFile(file, session.addStream(file), { pollMs: 50, fromStart: true });
    const lv = ['info', 'warn', 'error', 'debug'];
    let bytes = 0;
    const BATCH = 20_000;
    for (let done = 0; done < LINES; done += BATCH) {
      let s = '';
      for (let i = done; i < Math.min(LINES, done + BATCH); i++)
        s +=
          `{"time":${1714551300000 + i},"level":"${lv[i & 3]}","msg":"request ${i} handled",` +
          `"traceId":"${(i % 5000).toString(16).padStart(32, '0')}"}\n`;
      appendFileSync(file, s);
      bytes += s.length;
      await new Promise((r) => setImmediate(r));
    }
    while (session.sources()[0].lines < LINES) await new Promise((r) => setTimeout(r, 10));
    await f.stop();
    const src = session.sources()[0];
    if (src.lines !== LINES) throw new Error(`lost lines: ${src.lines}`);
    session.dispose();
    return { count: LINES, bytes };
  });

  for (const enc of ['json', 'protobuf']) {
    await measure(`OTLP/HTTP ${enc} → session`, 'spans', async () => {
      const session = live.createSession({ workers: 0 });
      const receiver = await live.startReceiver({
        otlpPort: 0,
        zipkinPort: null,
        jsonLinesPort: null,
        sinkFor: (k, p) => session.addStream(`${k}:${p}`),
      });
      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      let bytes = 0;
      const body = (r) => {
        const spans = [];
        for (let i = 0; i < 100; i++) {
          const n = r * 100 + i;
          const traceId = (Math.floor(n / 10) + 1).toString(16).padStart(32, '0');
          const spanId = (n + 1).toString(16).padStart(16, '0');
          spans.push({
            traceId: enc === 'json' ? traceId : Buffer.from(traceId, 'hex'),
            spanId: enc === 'json' ? spanId : Buffer.from(spanId, 'hex'),
            name: `op ${i % 7}`,
            kind: 2,
            startTimeUnixNano: String(1714551300000000000n + BigInt(n) * 1000n),
            endTimeUnixNano: String(1714551300000500000n + BigInt(n) * 1000n),
            attributes: [{ key: 'http.route', value: { stringValue: '/orders/:id' } }],
          });
        }
        const doc = {
          resourceSpans: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
              scopeSpans: [{ spans }],
            },
          ],
        };
        return enc === 'json' ? Buffer.from(JSON.stringify(doc)) : Buffer.from(live.encodeTraceRequestForTest(doc));
      };
      const post = (b) =>
        new Promise((res, rej) => {
          const req = request(
            {
              agent,
              host: '127.0.0.1',
              port: receiver.ports.otlp,
              path: '/v1/traces',
              method: 'POST',
              headers: {
                'Content-Type': enc === 'json' ? 'application/json' : 'application/x-protobuf',
                'Content-Length': b.length,
              },
            },
            (r) => {
              r.resume();
              r.on('end', () => (r.statusCode === 200 ? res() : rej(new Error(`status ${r.statusCode}`))));
            },
          );
          req.on('error', rej);
          req.end(b);
        });
      const bodies = Array.from({ length: 20 }, (_, i) => body(i));
      let next = 0;
      const worker = async () => {
        while (next < REQUESTS) {
          const b = bodies[next++ % bodies.length];
          bytes += b.length;
          await post(b);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      agent.destroy();
      await receiver.close();
      const spans = session.spans().length;
      if (spans !== REQUESTS * 100) throw new Error(`spans ${spans} != ${REQUESTS * 100}`);
      session.dispose();
      return { count: spans, bytes };
    });
  }
} finally {
  clearInterval(rssTimer);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Feeds the first `lines` lines of `file` (from its start again if it has fewer) to `out`, waiting for the
 * pipe to drain; resolves with the bytes written.
 */
async function feedLines(file, lines, out) {
  let left = lines,
    bytes = 0;
  while (left > 0) {
    const rs = createReadStream(file, { highWaterMark: 1 << 20 });
    for await (let chunk of rs) {
      let n = 0,
        cut = -1;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1))
        if (++n === left) {
          cut = i + 1;
          break;
        }
      if (cut >= 0) chunk = chunk.subarray(0, cut);
      left -= cut >= 0 ? left : n;
      bytes += chunk.length;
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      if (left === 0) {
        rs.destroy();
        break;
      }
    }
  }
  out.end();
  return bytes;
}

let flood = null;
if (FLOOD > 0) {
  // ~470-530 bytes a line in the workload: a file big enough for the count in one pass (or it is read again)
  const file = ensureBenchFile(Math.min(1400, Math.ceil((FLOOD * 530) / 1048576)), 'logback');
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
  const t0 = process.hrtime.bigint();
  const argv = ['follow', '-', '--max-records', String(FLOOD_KEEP), '--quiet', '--json'];
  const child = spawn(process.execPath, [join(root, 'dist/cli.js'), ...argv], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const exited = new Promise((r) => child.on('close', r));
  const bytes = await feedLines(file, FLOOD, child.stdin);
  const code = await exited;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) {
    console.error(`follow exited with ${code}`);
    process.exit(1);
  }
  const sum = JSON.parse(out.trim().split('\n').pop());
  const accounted =
    sum.records + sum.badLines + sum.continuationLines === sum.lines &&
    sum.lines === FLOOD &&
    sum.kept + sum.evicted === sum.records;
  flood = { ...sum, seconds, bytes, accounted };
  const mib = (n) => (n / 1048576).toFixed(0);
  console.log(
    `flood: ${fmt(FLOOD)} lines (${mib(bytes)} MiB) on stdin → ` +
      `threadline follow - --max-records ${fmt(FLOOD_KEEP)} --quiet --json`,
  );
  console.log(
    `  ${fmt(FLOOD / seconds)} lines/s wall (${seconds.toFixed(1)} s, process start to exit), ` +
      `${fmt(FLOOD / (sum.cpuMs / 1000))} lines per CPU s (${(sum.cpuMs / 1000).toFixed(1)} CPU-s)`,
  );
  console.log(
    `  peak RSS ${mib(sum.peakRssBytes)} MiB (target ≤ 300), kept ${fmt(sum.kept)}, evicted ${fmt(sum.evicted)}`,
  );
  console.log(
    `  accounting: lines ${fmt(sum.lines)} = records ${fmt(sum.records)} + bad ${fmt(sum.badLines)} ` +
      `+ continuation ${fmt(sum.continuationLines)}: ${accounted ? 'ok' : 'BROKEN'}`,
  );
}
const load = (await import('node:os')).loadavg()[0];
console.log(`load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores while measuring`);
console.log(
  `peak RSS ${(peakRss / 1048576).toFixed(0)} MiB (node ${process.version}, ` +
    `${LINES.toLocaleString('en-US')} lines, ${REQUESTS} OTLP requests of 100 spans)`,
);
const cmd = results[0];
console.log(
  `longest single chunk hand-over (followCommand → session.write): ${writeMax.toFixed(1)} ms; longer ` +
    `stalls above are the session's own catch-up and GC`,
);
console.log(
  `live ingest: ${fmt(cmd.perSec)} lines/s through followCommand → session, ${fmt(cmd.perCpuSec)} per CPU ` +
    `second (target ≥ 100,000)`,
);
if (flood) {
  const ok = flood.accounted && flood.peakRssBytes <= 300 * 1048576 && FLOOD / flood.seconds >= 100_000;
  console.log(
    `flood: ${ok ? 'meets' : 'misses'} the targets (peak RSS ≤ 300 MiB, ≥ 100,000 lines/s, every line ` + 'accounted)',
  );
}
