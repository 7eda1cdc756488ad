#!/usr/bin/env node
// Host side of the timeline over the real session: indexes a generated trace of N log records (default
// 1,000,000, all in one trace, spread over a few thousand span IDs, some without a span), then opens it in
// the timeline feed as the panel does and watches the event loop meanwhile (perf_hooks.monitorEventLoopDelay
// plus a 1 ms interval gap tracker). Prints the build time and the longest block.
// Run: node --import tsx scripts/bench-timeline-host.mjs [--records N] [--spans N] [--runs N]
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const records = arg('records', 1_000_000),
  spanIds = arg('spans', 5_000),
  runs = arg('runs', 2);
const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'bench/data');
mkdirSync(dir, { recursive: true });
const file = join(dir, `timeline-host-${records}-${spanIds}.jsonl`);

if (!existsSync(file) || statSync(file).size === 0) {
  // Deterministic pino-style lines: one trace, records in time order, 30% without a span ID (they belong to
  // the trace only), a few errors.
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const ws = createWriteStream(file, { highWaterMark: 1 << 20 });
  const t0 = Date.UTC(2026, 10, 25, 9, 0, 0);
  const span = (k) => (0x1000000000000000n + BigInt(k)).toString(16);
  for (let i = 0; i < records; i++) {
    const s = rnd() < 0.3 ? '' : `,"span_id":"${span(Math.floor(rnd() * spanIds))}"`;
    const level = rnd() < 0.01 ? 50 : 30;
    const line =
      `{"level":${level},"time":${t0 + Math.floor(i / 10)},"pid":1,"hostname":"h",` +
      `"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"${s},"msg":"step ${i}"}\n`;
    if (!ws.write(line)) await new Promise((r) => ws.once('drain', r));
  }
  await new Promise((r) => ws.end(r));
}

const { createSession } = await import('../src/core/session/session.ts');
const { TimelineFeed } = await import('../src/extension/timeline/feed.ts');
const session = createSession({ maxRecords: records + 10 });
let t = performance.now();
await session.addFile(file);
const indexMs = performance.now() - t;
const group = session.groupsPage({ by: { kind: 'trace' } }, { limit: 1000 }).items.find((g) => g.kind === 'trace');
const loadAverage = os
  .loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
console.log(
  `timeline host benchmark: ${records.toLocaleString('en')} records in one trace ` +
    `(${group.records.toLocaleString('en')} in group), indexed in ${indexMs.toFixed(0)} ms; ` +
    `load average ${loadAverage} on ${os.cpus().length} cores`,
);

for (let r = 0; r < runs; r++) {
  // Each run starts cold: a new session over the same file, so the span tree is not cached either.
  const s = r === 0 ? session : createSession({ maxRecords: records + 10 });
  if (r > 0) {
    await s.addFile(file);
    s.groupsPage({ by: { kind: 'trace' } }, { limit: 1 });
  }
  const feed = new TimelineFeed(s);
  await new Promise((res) => setTimeout(res, 50));
  const h = monitorEventLoopDelay({ resolution: 1 });
  let maxGap = 0,
    last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  h.enable();
  t = performance.now();
  const meta = await feed.openGroup(group.id);
  const buildMs = performance.now() - t;
  h.disable();
  clearInterval(ticker);
  console.log(
    `  run ${r + 1}: feed.openGroup ${buildMs.toFixed(0)} ms (${meta.spanCount.toLocaleString('en')} rows, ` +
      `${meta.markerCount.toLocaleString('en')} markers); event loop blocked at most ${maxGap.toFixed(1)} ms ` +
      `(delay max ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms)`,
  );
  if (r > 0) s.dispose();
}
session.dispose();
