#!/usr/bin/env node
// `npm run bench [-- --mb 1024 --format logback|pino --workers 2 --keep]`
// Generates an NDJSON log (../shared/bench/gen-logs.mjs when present, else bench/gen-logs.mjs), indexes it with
// Threadline's indexer in a child process, then runs a naive stream-split-JSON.parse reader and, where lnav is
// installed, `lnav -n` with a matching format on the same file, and prints the figures side by side.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBenchFile } from '../bench/benchData.mjs';
import * as esbuild from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (n, d) => { const i = args.indexOf('--' + n); return i >= 0 ? args[i + 1] : d; };
const mb = Number(flag('mb', 1024));
const format = flag('format', 'logback');
const workers = Number(flag('workers', 2));
const keep = args.includes('--keep');
if (!(mb > 0) || !['logback', 'pino'].includes(format)) { console.error('usage: bench.mjs [--mb N] [--format logback|pino] [--workers N] [--keep]'); process.exit(2); }

// 1. data
const file = ensureBenchFile(mb, format);
const bytes = statSync(file).size;

// 2. build the runner and the worker (bundled like the extension ships them)
const out = join(root, 'bench/data/.build'); // git-ignored with the data
const runner = join(out, 'indexRunner.js');
const sources = [join(root, 'bench/indexRunner.ts'), join(root, 'src/core')];
const newest = (p) => { const s = statSync(p); if (!s.isDirectory()) return s.mtimeMs; let m = 0; for (const f of spawnSync('find', [p, '-name', '*.ts'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) m = Math.max(m, statSync(f).mtimeMs); return m; };
if (!existsSync(runner) || Math.max(...sources.map(newest)) > statSync(runner).mtimeMs) {
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', absWorkingDir: root, logLevel: 'warning' };
  await esbuild.build({ ...common, entryPoints: ['bench/indexRunner.ts'], outfile: runner });
  await esbuild.build({ ...common, entryPoints: ['src/core/index/worker.ts'], outfile: join(out, 'indexWorker.js') });
}

// 3. runs
const run = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) { console.error(r.stderr); throw new Error(`${cmd} failed`); }
  return JSON.parse(r.stdout.trim().split('\n').pop());
};
const mbps = (ms) => bytes / 1048576 / (ms / 1000);
const ours = run(process.execPath, [runner, file, '--workers', String(workers)]);
const naive = run(process.execPath, [join(root, 'bench/naive.mjs'), file]);
let lnav = null;
const lnavBin = spawnSync('sh', ['-c', 'command -v lnav'], { encoding: 'utf8' }).stdout.trim();
if (lnavBin && format === 'logback') {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', lnavBin, '-I', join(root, 'bench/lnav'), '-n', '-c', ';SELECT count(*) AS n FROM threadline_logstash', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const n = Number((r.stdout.match(/^\s*(\d+)\s*$/m) ?? [])[1]);
  const [rss, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  lnav = { ms, records: n, maxRssKb: rss, cpuMs: (user + sys) * 1000 };
}

// 4. figures
const row = (name, r) => console.log(`${name.padEnd(28)} ${mbps(r.ms).toFixed(0).padStart(7)} MB/s  ${(r.ms / 1000).toFixed(2).padStart(7)} s  CPU ${r.cpuMs === undefined ? '    -' : (r.cpuMs / 1000).toFixed(2).padStart(5) + ' s'}  RSS ${(r.maxRssKb / 1024).toFixed(0).padStart(5)} MB  first 1,000 ${r.firstMs === undefined ? '    -' : r.firstMs.toFixed(0).padStart(5) + ' ms'}  records ${r.records}${r.lines === undefined ? '' : `  lines ${r.lines}  bad ${r.badLines}`}`);
console.log(`\nfile ${file}: ${(bytes / 1048576).toFixed(0)} MiB, ${ours.lines} lines; machine: ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores, load ${spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 3).join(' ')}`);
row(`threadline (${ours.workers} workers)`, ours);
console.log(`${''.padEnd(28)} lines ${ours.lines}, records ${ours.records}, continuation ${ours.continuationLines}, bad ${ours.badLines}, fast path ${ours.fastLines}, slow path ${ours.slowLines}`);
console.log(`${''.padEnd(28)} calling thread: longest event-loop delay ${ours.loopMaxMs.toFixed(0)} ms (p99 ${ours.loopP99Ms.toFixed(0)} ms, wall clock: includes waiting for a core), ${ours.progressEvents} progress reports`);
row('naive split + JSON.parse', naive);
if (lnav) row('lnav -n', lnav);
console.log(`\nthreadline / naive: ${(naive.ms / ours.ms).toFixed(1)}x` + (lnav ? `   threadline / lnav: ${(lnav.ms / ours.ms).toFixed(1)}x` : '   (lnav not installed or format not logback: skipped)'));
console.log('targets: >= 500 MB/s, peak RSS <= 300 MB, first 1,000 records <= 100 ms');
console.log('CPU = user + system time of the whole process (all threads): steadier than wall time on a busy machine.');
if (!keep) rmSync(file, { force: true });
