#!/usr/bin/env node
// Patterns benchmark: indexes a generated log (or --file PATH) with the session the CLI uses, then counts its
// message patterns through the same path as `threadline patterns`, and prints both side by side (wall and CPU
// time, records/s, patterns, load average, memory). With --compare (the default; --no-compare to skip) the
// earlier read path runs first in the same process on the same index: every record's summary, its message
// taken from the whole record parsed and normalised. The two reports must agree.
// With --generator PATH (the script that wrote the file), each of its message templates must be exactly one pattern.
// Run: npm run bench:patterns [-- --mb 1024 --format logback|pino --file PATH --workers N --no-compare
//      --generator PATH]
import os from 'node:os';
import { readFileSync, statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { ensureBenchFile } from '../bench/benchData.mjs';

const args = process.argv.slice(2);
const flag = (n, d) => {
  const i = args.indexOf('--' + n);
  return i >= 0 ? args[i + 1] : d;
};
const file = flag('file', null) ?? ensureBenchFile(Number(flag('mb', 1024)), flag('format', 'logback'));
const workers = Number(flag('workers', 2));
const compare = !args.includes('--no-compare');
// --generator PATH: the generator that wrote the file, to check its message templates against the patterns found.
const generator = flag('generator', null);

const { createSessionOver } = await import('../src/core/session/session.ts');
const { indexBackend } = await import('../src/core/session/indexBackend.ts');
const { collectPatterns } = await import('../src/core/patterns/collect.ts');

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const measure = async (fn) => {
  const c0 = process.cpuUsage(),
    t0 = performance.now(),
    loadBefore = load();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, load: `${loadBefore} → ${load()}` };
};

let store = null;
const session = createSessionOver(
  (o) => {
    const b = indexBackend(o);
    store = b.store;
    return b;
  },
  { maxRecords: Number.MAX_SAFE_INTEGER, workers },
);
const index = await measure(() => session.addFile(file));

/** The earlier path: summaries of every record, each message from the record parsed and normalised. */
async function before() {
  store.message = store.fullMessage;
  try {
    return await collectPatterns(
      { queryIds: session.queryIds.bind(session), recordSummaries: session.recordSummaries.bind(session) },
      {},
    );
  } finally {
    delete store.message;
  }
}

const old = compare ? await measure(before) : null;
const now = await measure(() => collectPatterns(session, {}));
const r = now.value;

const s = (ms) => (ms / 1000).toFixed(2).padStart(7) + ' s';
const rate = (n, ms) => `${((n / ms) * 1000).toFixed(0).padStart(8)} records/s`;
const mib = statSync(file).size / 1048576;
console.log(`file ${file}: ${mib.toFixed(0)} MiB, ${index.value.records} records`);
console.log(`machine: ${os.cpus().length} cores (shared VM), load average ${load()} (1, 5, 15 min)`);
const row = (name, m, n) =>
  console.log(
    `${name.padEnd(24)} wall ${s(m.ms)}  CPU ${s(m.cpuMs)}  ${rate(n, m.ms)}  ` +
      `${((m.cpuMs * 1000) / n).toFixed(2).padStart(6)} µs CPU/record  load ${m.load}`,
  );
row(`index (${workers} workers)`, index, index.value.records);
if (old) row('patterns, before', old, old.value.records);
row('patterns, now', now, r.records);
if (old) {
  const same = isDeepStrictEqual(old.value, now.value);
  const x = (a, b) => (a / b).toFixed(1) + 'x';
  console.log(
    `before / now             wall ${x(old.ms, now.ms)}  CPU ${x(old.cpuMs, now.cpuMs)}; ` +
      `reports ${same ? 'identical' : 'DIFFER'}`,
  );
  if (!same) process.exitCode = 1;
}
const ratio = (a, b) => (a / b).toFixed(2);
console.log(`patterns now / index     wall ${ratio(now.ms, index.ms)}x  CPU ${ratio(now.cpuMs, index.cpuMs)}x`);
const rss = (process.resourceUsage().maxRSS / 1024).toFixed(0);
console.log(`${r.records} records, ${r.distinct} patterns, ${r.overflow} past the cap; peak RSS ${rss} MB`);
for (const p of r.patterns.slice(0, 40)) console.log(`  ${String(p.count).padStart(9)}  ${p.id}  ${p.template}`);
if (generator !== null) {
  // Accuracy: each of the generator's message templates (string arrays with %s/%d holes) is exactly one pattern.
  const templates = [];
  for (const m of readFileSync(generator, 'utf8').matchAll(/const\s+\w+\s*=\s*\[([^\]]*)\]/g)) {
    const strings = [...m[1].matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1]);
    if (strings.length > 1 && strings.some((x) => /%[a-z]/.test(x))) templates.push(...strings);
  }
  const escape = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matchers = templates.map(
    (t) =>
      new RegExp(
        '^' +
          t
            .split(/%[a-z]/)
            .map(escape)
            .join('.+?') +
          '$',
      ),
  );
  const samples = new Map(session.recordSummaries(r.patterns.map((p) => p.sample)).map((x) => [x.id, x.message]));
  const perTemplate = templates.map(() => 0);
  let unmatched = 0;
  for (const p of r.patterns) {
    const k = matchers.findIndex((re) => re.test(samples.get(p.sample) ?? ''));
    if (k < 0) unmatched++;
    else perTemplate[k]++;
  }
  const exact = unmatched === 0 && perTemplate.every((n) => n === 1);
  console.log(
    `accuracy: ${templates.length} templates in ${generator}, ${r.distinct} patterns; ` +
      `each template exactly one pattern: ${exact ? 'yes' : `NO (${perTemplate.join(' ')}; ${unmatched} unmatched)`}`,
  );
  if (!exact) process.exitCode = 1;
} else {
  console.log('accuracy: not checked (--generator PATH names the generator that wrote the file)');
}
session.dispose();
