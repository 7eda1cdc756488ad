#!/usr/bin/env node
// `npm run bench:query [-- --mb 512 --runs 5]`: queries as values on a session of about a million records (the
// reference workload), as the views and agents ask them: counts, pages, histograms, distinct values, filtered and
// sorted group pages. For each: the first answer (ms), the time until the answer is complete (filters that read
// messages decide records in the background), and the longest the event loop was blocked meanwhile (a 1 ms
// ticker), which is what the extension host feels. Prints figures; asserts nothing.
import os from 'node:os';
import { ensureBenchFile } from '../bench/benchData.mjs';

const args = process.argv.slice(2);
const flag = (n, d) => {
  const i = args.indexOf('--' + n);
  return i >= 0 ? args[i + 1] : d;
};
const mb = Number(flag('mb', 512));
const runs = Number(flag('runs', 5));
const file = ensureBenchFile(mb, 'logback');

const { createSession } = await import('../src/core/session/session.ts');
// as the extension's host makes its session (its thread is kept free: groups' lists built as records come)
const session = createSession({ maxRecords: 50_000_000, keepThreadFree: true });
let t = performance.now();
await session.addFile(file);
const openMs = performance.now() - t;
const stats = session.stats();
console.log(
  `query benchmark: ${file}, ${stats.records.toLocaleString('en')} records, ` +
    `${stats.groups.trace.toLocaleString('en')} traces, opened in ${(openMs / 1000).toFixed(1)} s`,
);
console.log(
  `machine: ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, Node ${process.version}\n`,
);

const turn = () => new Promise((r) => setImmediate(r));
/** Runs `ask` until its answer has nothing pending, measuring first answer, completion and the longest block. */
async function measure(ask) {
  let maxGap = 0,
    last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 5));
  last = performance.now();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let answer = ask();
  const firstMs = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  // CPU of the first answer: on a loaded machine the wall time includes waiting for a core.
  const firstCpuMs = (c1.user + c1.system) / 1000;
  maxGap = Math.max(maxGap, firstMs);
  while ((answer.pending ?? 0) > 0) {
    await turn();
    answer = ask();
  }
  const doneMs = performance.now() - t0;
  clearInterval(ticker);
  return { firstMs, firstCpuMs, doneMs, maxGap, answer };
}

const since = new Date(
  Number(session.query({}, { offset: Math.floor(stats.records / 2), limit: 1 }).items[0].timeNs / 1_000_000n),
).toISOString();
const cases = [
  ['count: every record', () => session.query({}, { limit: 0 })],
  ['page: 200 rows at the middle', () => session.query({}, { offset: Math.floor(stats.records / 2), limit: 200 })],
  ['page: newest 200 (desc)', () => session.query({ order: 'desc' }, { limit: 200 })],
  ['histogram: 200 buckets × level', () => session.histogram({}, { buckets: 200 })],
  ['distinct: level', () => session.distinct({}, 'level')],
  ['distinct: service', () => session.distinct({}, 'service')],
  ['count: level>=warn', () => session.query({ filter: 'level>=warn' }, { limit: 0 })],
  ['histogram: level>=warn', () => session.histogram({ filter: 'level>=warn' }, { buckets: 200 })],
  [`count: since (half the log)`, () => session.query({ filter: `since:${since}` }, { limit: 0 })],
  ['groups: first page, start order', () => session.groupsPage({ by: { kind: 'trace' } }, { limit: 500 })],
  [
    'groups: first page by duration',
    () => session.groupsPage({ by: { kind: 'trace' }, sort: 'duration' }, { limit: 500 }),
  ],
  [
    'groups: level>=error, by errors',
    () => session.groupsPage({ by: { kind: 'trace' }, filter: 'level>=error', sort: 'errors' }, { limit: 500 }),
  ],
  ['count: words (reads messages)', () => session.query({ filter: 'payment declined' }, { limit: 0 })],
];

console.log(
  `${'query'.padEnd(36)} ${'first'.padStart(9)} ${'CPU'.padStart(9)} ${'complete'.padStart(10)} ` +
    `${'max block'.padStart(10)}` +
    `  answer   (median of ${runs}; [cold run: first / its CPU / complete / max block])`,
);
for (const [name, ask] of cases) {
  const all = [];
  for (let r = 0; r < runs; r++) all.push(await measure(ask));
  const med = (k) => all.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(all.length / 2)];
  const a = all[0].answer;
  const summary = 'total' in a ? `total ${a.total.toLocaleString('en')}` : 'values' in a ? `${a.distinct} values` : '';
  const f = (x) => `${x.toFixed(1)} ms`;
  const cold = all[0];
  console.log(
    `${name.padEnd(36)} ${f(med('firstMs')).padStart(9)} ${f(med('firstCpuMs')).padStart(9)} ` +
      `${f(med('doneMs')).padStart(10)} ${f(med('maxGap')).padStart(10)}  ${summary}  ` +
      `[${f(cold.firstMs)} / ${f(cold.firstCpuMs)} / ${f(cold.doneMs)} / ${f(cold.maxGap)}]`,
  );
  // A filter's run is cached: later runs of the same query are warm; a new session would be cold again.
}
session.dispose();
