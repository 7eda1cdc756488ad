#!/usr/bin/env node
// Patterns benchmark: indexes a generated log (or --file PATH) with the session the CLI uses, then counts its
// message patterns through the same path as `threadline patterns`, and prints both side by side (wall and CPU
// time, records, patterns, memory). Run: npm run bench:patterns [-- --mb 1024 --format logback|pino --file PATH]
import os from 'node:os';
import { statSync } from 'node:fs';
import { ensureBenchFile } from '../bench/benchData.mjs';

const args = process.argv.slice(2);
const flag = (n, d) => {
  const i = args.indexOf('--' + n);
  return i >= 0 ? args[i + 1] : d;
};
const file = flag('file', null) ?? ensureBenchFile(Number(flag('mb', 1024)), flag('format', 'logback'));
const workers = Number(flag('workers', 2));

const { createSession } = await import('../src/core/session/session.ts');
const { collectPatterns } = await import('../src/core/patterns/collect.ts');

const measure = async (fn) => {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
};

const session = createSession({ maxRecords: Number.MAX_SAFE_INTEGER, workers });
const index = await measure(() => session.addFile(file));
const patterns = await measure(() => collectPatterns(session, {}, { limit: 10 }));
const r = patterns.value;
const s = (ms) => (ms / 1000).toFixed(2).padStart(7) + ' s';
const mib = statSync(file).size / 1048576;
const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
console.log(
  `file ${file}: ${mib.toFixed(0)} MiB, ${index.value.records} records; ` +
    `machine: ${os.cpus().length} cores, load ${load}`,
);
console.log(`index (${workers} workers)   wall ${s(index.ms)}  CPU ${s(index.cpuMs)}  (CPU counts the workers)`);
const perRecord = ((patterns.cpuMs * 1000) / r.records).toFixed(1);
console.log(`patterns             wall ${s(patterns.ms)}  CPU ${s(patterns.cpuMs)}  ${perRecord} µs CPU per record`);
const ratio = (a, b) => (a / b).toFixed(2);
console.log(`patterns / index     wall ${ratio(patterns.ms, index.ms)}x  CPU ${ratio(patterns.cpuMs, index.cpuMs)}x`);
const rss = (process.resourceUsage().maxRSS / 1024).toFixed(0);
console.log(`${r.records} records, ${r.distinct} patterns, ${r.overflow} past the cap; peak RSS ${rss} MB`);
for (const p of r.patterns) console.log(`  ${String(p.count).padStart(9)}  ${p.id}  ${p.template}`);
session.dispose();
