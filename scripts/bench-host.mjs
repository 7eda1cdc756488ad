#!/usr/bin/env node
// `npm run bench:host [-- --mb 1024 --format logback|pino --cpu-prof --keep-profile --max-records N --limit-s 600]`
// Measures what opening a big log costs the extension host: it runs the extension's own open path
// (SessionHost.openFiles → session.addFile with onProgress; GroupsTreeProvider refreshing the root page on each
// change, as VS Code asks it) under plain Node, with `vscode` replaced by a small stand-in, and watches the
// event loop the whole time (perf_hooks.monitorEventLoopDelay plus a 1 ms interval gap tracker). It prints the
// time to the first groups, the time to done, the longest blocks and which calls they were in.
// The data file is the one `npm run bench` uses (same generator, same path), kept for the next run.
// --cpu-prof adds a V8 profile of the run and lists the functions inside each block; --max-records overrides
// threadline.maxRecords (diagnosis only); --limit-s stops an open that never finishes. Method: docs/bench-host.md.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ensureBenchFile } from '../bench/benchData.mjs';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (n, d) => {
  const i = args.indexOf('--' + n);
  return i >= 0 ? args[i + 1] : d;
};
/** A main-thread block longer than this breaks the issue's bound. */
const BLOCK_MS = 50;

// ── parent: data, build, run, report ──────────────────────────────────────────────────────────────────────

async function parent() {
  const mb = Number(flag('mb', 1024));
  const format = flag('format', 'logback');
  const cpuProf = args.includes('--cpu-prof');
  if (!(mb > 0) || !['logback', 'pino'].includes(format)) {
    console.error(
      'usage: bench-host.mjs [--mb N] [--format logback|pino] [--cpu-prof] [--keep-profile] [--max-records ' +
        'N] [--limit-s 600]',
    );
    process.exit(2);
  }

  // 1. data: the same file as `npm run bench`, so either benchmark reuses the other's
  const file = ensureBenchFile(mb, format);
  const dataDir = join(root, 'bench/data');
  // `npm run bench` deletes its file when done: a private hard link keeps ours readable through the run
  const link = join(dataDir, `.bench-host-${process.pid}.log`);
  rmSync(link, { force: true });
  linkSync(file, link);

  try {
    // 2. build: the worker the extension loads (dist/indexWorker.js), then the host path with a stand-in `vscode`
    const newestTs = (dir) => {
      let m = 0;
      for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (e.isFile() && e.name.endsWith('.ts'))
          m = Math.max(m, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
      }
      return m;
    };
    const distWorker = join(root, 'dist/indexWorker.js');
    const srcNewest = Math.max(newestTs(join(root, 'src/core')), newestTs(join(root, 'src/extension')));
    if (!existsSync(distWorker) || srcNewest > statSync(distWorker).mtimeMs) {
      console.log('building (node scripts/build.mjs)');
      const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
      if (b.status !== 0 && !existsSync(distWorker)) {
        process.exitCode = 1;
        return;
      }
      if (b.status !== 0) console.log('build failed: measuring with the existing dist/indexWorker.js');
    }
    const out = join(dataDir, '.build-host'); // git-ignored with the data
    mkdirSync(out, { recursive: true });
    const bundle = join(out, 'hostPath.js');
    const esbuild = await import('esbuild');
    await esbuild.build({
      stdin: { contents: HOST_ENTRY, resolveDir: root, sourcefile: 'bench-host-entry.ts', loader: 'ts' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: bundle,
      absWorkingDir: root,
      logLevel: 'warning',
      plugins: [
        {
          name: 'vscode-stand-in',
          setup(b) {
            b.onResolve({ filter: /^vscode$/ }, () => ({ path: 'vscode', namespace: 'stand-in' }));
            b.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({ contents: VSCODE_STAND_IN, loader: 'js' }));
          },
        },
      ],
    });
    // next to the bundle, as dist/indexWorker.js and dist/scan.wasm sit next to dist/extension.js: workerScript()
    // and the WebAssembly scanner find them the same way (without scan.wasm both threads would scan in JavaScript)
    copyFileSync(distWorker, join(out, 'indexWorker.js'));
    const distAhead = join(root, 'dist/scanAhead.js');
    if (existsSync(distAhead)) copyFileSync(distAhead, join(out, 'scanAhead.js'));
    const distWasm = join(root, 'dist/scan.wasm');
    if (existsSync(distWasm)) copyFileSync(distWasm, join(out, 'scan.wasm'));
    else console.log('no dist/scan.wasm (no clang?): measuring with the JavaScript scanner');

    // 3. run in a child (fresh heap, its own event loop)
    const profDir = join(out, 'profile');
    rmSync(profDir, { recursive: true, force: true });
    const nodeArgs = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '200'] : [];
    console.log(
      `opening ${(statSync(file).size / 1048576).toFixed(0)} MiB through the extension's open ` +
        `path${cpuProf ? ' (with --cpu-prof: figures include profiler overhead)' : ''}…`,
    );
    const extra = flag('max-records', null) !== null ? ['--max-records', flag('max-records')] : [];
    const limitS = Number(flag('limit-s', 600));
    const r = await runChild([...nodeArgs, import.meta.filename, '--child', bundle, link, ...extra], limitS);
    if (r.timedOut) {
      // a main thread that never yields cannot report anything itself: say how long it ran on CPU, and stop it
      console.log(
        `\nNOT DONE: the open did not finish within ${limitS} s (--limit-s); the child's main thread had ` +
          `used ${(r.mainCpuNs / 1e9).toFixed(0)} s of CPU by then.` +
          ' Find the call with a smaller file or --max-records and --cpu-prof.',
      );
      process.exitCode = 1;
      return;
    }
    if (r.status !== 0) {
      console.error(r.stdout);
      console.error(`child failed (status ${r.status}, signal ${r.signal})`);
      process.exitCode = 1;
      return;
    }
    const m = JSON.parse(r.stdout.trim().split('\n').pop());
    report(m, file, mb);
    if (cpuProf) {
      const prof = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
      if (prof) profileReport(JSON.parse(readFileSync(join(profDir, prof), 'utf8')), m.blocks, bundle);
      if (!args.includes('--keep-profile')) rmSync(profDir, { recursive: true, force: true });
      else if (prof) console.log(`\nprofile kept: ${join(profDir, prof)} (open in Chrome DevTools › Performance)`);
    }
  } finally {
    rmSync(link, { force: true });
  }
}

/** Runs the child; past the limit, reads its threads' CPU time from /proc and kills it. */
function runChild(argv, limitS) {
  return new Promise((done) => {
    const c = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    c.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    let timedOut = false,
      mainCpuNs = 0;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        mainCpuNs = Number(readFileSync(`/proc/${c.pid}/task/${c.pid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        /* not Linux */
      }
      c.kill('SIGKILL');
    }, limitS * 1000);
    c.on('close', (status, signal) => {
      clearTimeout(timer);
      done({ status, signal, stdout, timedOut, mainCpuNs });
    });
  });
}

function report(m, file, mb) {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const cores = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  const ms = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(0)} ms`);
  const pass = (ok) => (ok ? 'ok' : 'MISSED');
  console.log(
    `\nfile ${file}: ${mb} MiB, ${m.summary.lines.toLocaleString('en-US')} lines, ` +
      `${m.summary.records.toLocaleString('en-US')} records (${Math.max(1, Math.min(4, Number(cores)))} index ` +
      `workers, a core each, as the extension: its thread only merges; ` +
      `threadline.maxRecords ${m.maxRecords.toLocaleString('en-US')}); machine: ${cores} cores, load ${load}`,
  );
  const cpuBlocks =
    m.blocks.length > 0 && m.blocks[0].cpuMs === null ? null : m.blocks.filter((b) => b.cpuMs > BLOCK_MS);
  const rows = [
    [
      'first groups in the tree',
      ms(m.firstGroupsMs),
      '<= 1000 ms',
      pass(m.firstGroupsMs !== null && m.firstGroupsMs <= 1000),
    ],
    ['  first progress with records', ms(m.firstProgressMs), '', ''],
    ['  first session.groupsPage() >= 1', ms(m.firstSessionGroupsMs), '', ''],
    ['done (addFile resolved)', ms(m.doneMs), '', ''],
    ['longest block (gap tracker)', ms(m.gap.max), `<= ${BLOCK_MS} ms`, pass(m.gap.max <= BLOCK_MS)],
    ['p99 gap (gap tracker)', ms(m.gap.p99), '', ''],
    ['max delay (monitorEventLoopDelay)', ms(m.eld.max), `<= ${BLOCK_MS} ms`, pass(m.eld.max <= BLOCK_MS)],
    ['p99 delay (monitorEventLoopDelay)', ms(m.eld.p99), '', ''],
    [`late ticks > ${BLOCK_MS} ms (any cause)`, String(m.blocks.length), '', ''],
    ['time blocked in them', ms(m.blocks.reduce((s, b) => s + b.ms, 0)), '', ''],
    [
      `  of which on CPU > ${BLOCK_MS} ms (our code)`,
      cpuBlocks === null ? 'n/a (no schedstat)' : String(cpuBlocks.length),
      '0',
      cpuBlocks === null ? '' : pass(cpuBlocks.length === 0),
    ],
    [
      '  longest on-CPU block',
      cpuBlocks === null ? 'n/a' : ms(Math.max(0, ...m.blocks.map((b) => b.cpuMs))),
      `<= ${BLOCK_MS} ms`,
      cpuBlocks === null ? '' : pass(cpuBlocks.length === 0),
    ],
    ['tree refreshes (root page)', `${m.refreshes.count} (max ${m.refreshes.maxMs.toFixed(0)} ms)`, '', ''],
    ['groups at the last refresh', m.refreshes.groups.toLocaleString('en-US'), '', ''],
    ['peak RSS (process, incl. workers)', `${(m.maxRssKb / 1024).toFixed(0)} MB`, '', ''],
  ];
  console.log('');
  for (const [a, b, c, d] of rows) console.log(`${a.padEnd(36)} ${b.padStart(20)}  ${c.padEnd(12)} ${d}`);
  if (m.blocks.length > 0) {
    console.log(
      `\nlate ticks > ${BLOCK_MS} ms: start after open, length, main thread on CPU / waiting for a core, ` +
        `timed calls inside (their CPU ms inside the block):`,
    );
    for (const b of m.blocks) {
      const inside = b.spans.map((s) => `${s.name} ${s.ms.toFixed(0)}`).join(', ');
      const sched =
        b.cpuMs === null
          ? ''
          : `(on CPU ${b.cpuMs.toFixed(0).padStart(4)}, waiting ${b.waitMs.toFixed(0).padStart(4)})  `;
      console.log(
        `  at ${b.at.toFixed(0).padStart(6)} ms  ${b.ms.toFixed(0).padStart(5)} ms  ` +
          `${sched}${inside || '(no timed call: outside the wrapped functions, e.g. receiving a worker message)'}`,
      );
    }
  }
  console.log(
    `\ntimed calls on the main thread: ${'count'.padStart(6)}  ${'wall total'.padStart(10)}  ` +
      `${'wall max'.padStart(10)}  ${'CPU total'.padStart(10)}  ${'CPU max'.padStart(10)}`,
  );
  const f = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a').padStart(10);
  for (const s of m.calls)
    console.log(
      `  ${s.name.padEnd(29)} ${String(s.count).padStart(6)}  ${f(s.total)}  ${f(s.max)}  ${f(s.cpuTotal)} ` +
        ` ${f(s.cpuMax)}`,
    );
}

/** Module of a 0-based line of the bundle (esbuild writes `// src/…ts` before each module's code). */
let modAt = null;
function moduleOf(bundle, line) {
  if (!modAt) {
    modAt = [];
    readFileSync(bundle, 'utf8')
      .split('\n')
      .forEach((l, i) => {
        const mm = /^\/\/ ((?:src\/|stand-in:|node_modules\/)\S+)$/.exec(l);
        if (mm) modAt.push([i, mm[1]]);
      });
  }
  let m = '';
  for (const [i, name] of modAt) {
    if (i > line) break;
    m = name;
  }
  return m;
}
/** Which functions the main thread was in during each block, from a V8 CPU profile of the child. */
function profileReport(prof, blocks, bundle) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const where = f.url.endsWith('hostPath.js')
      ? moduleOf(bundle, f.lineNumber) || 'hostPath.js'
      : f.url.replace(/^.*\//, '');
    return `${where ? where + ':' : ''}${f.functionName || '(anonymous)'}`;
  };
  // sample times: startTime + running sum of deltas, in µs of the monotonic clock the blocks were stamped with
  const times = [];
  let t = prof.startTime;
  for (const d of prof.timeDeltas) {
    t += d;
    times.push(t);
  }
  console.log(
    `\nCPU profile: main-thread functions during each block > ${BLOCK_MS} ms (inclusive ms, deepest ` +
      `project frames first):`,
  );
  if (blocks.length === 0) console.log('  no blocks');
  for (const b of blocks) {
    const from = b.startUs,
      to = b.startUs + b.ms * 1000;
    const incl = new Map(),
      self = new Map();
    let n = 0;
    for (let i = 0; i < prof.samples.length; i++) {
      if (times[i] < from || times[i] > to) continue;
      const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
      n++;
      const leaf = byId.get(prof.samples[i]);
      self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
      const seen = new Set();
      for (let id = prof.samples[i]; id !== undefined; id = parent.get(id)) {
        const k = label(byId.get(id));
        if (seen.has(k)) continue;
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt);
      }
    }
    const ours = [...incl]
      .filter(([k]) => k.startsWith('src/'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8);
    const selfTop = [...self].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(`  block at ${b.at.toFixed(0)} ms, ${b.ms.toFixed(0)} ms (${n} samples)`);
    console.log(`    inclusive: ${ours.map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ') || '(no project frame)'}`);
    console.log(`    self:      ${selfTop.map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ')}`);
  }
}

// ── child: the extension's open path under a watch ───────────────────────────────────────────────────────

async function child(bundle, file) {
  // settings as a user would set them (threadline.maxRecords): only for diagnosis, the default is the extension's
  const settings = {};
  const mr = flag('max-records', null);
  if (mr !== null) settings.maxRecords = Number(mr);
  const hooks = (globalThis.__threadlineBenchHost = { settings });
  const { createSession, ConfigStore, SessionHost, GroupsTreeProvider, Uri } = createRequire(import.meta.url)(bundle);

  // 1. the extension's objects, made as activate() makes them
  const config = new ConfigStore();
  const session = createSession({
    maxRecords: config.current.maxRecords,
    fieldMappings: config.current.fieldMappings,
    keepThreadFree: true,
  });
  const host = new SessionHost(session, config);
  const tree = new GroupsTreeProvider(host, config);

  // 2. timing spans around the calls the main thread makes while a file opens (instance wrappers: no source edits)
  const calls = new Map();
  const spans = []; // { name, start, ms } of calls >= 1 ms
  // On a busy machine a late tick can also mean the thread waited for a core: the kernel's per-thread
  // schedstat (ns on CPU, ns runnable but waiting) tells a block of our code from a descheduled process.
  const sched = schedReader();
  const wrap = (obj, name, label) => {
    if (!obj || typeof obj[name] !== 'function') return;
    const fn = obj[name];
    obj[name] = function (...a) {
      const t0 = performance.now();
      const c0 = sched();
      try {
        return fn.apply(this, a);
      } finally {
        const ms = performance.now() - t0;
        const c1 = sched();
        const cpu = c0 && c1 ? (c1[0] - c0[0]) / 1e6 : NaN;
        const c = calls.get(label) ?? { name: label, count: 0, total: 0, max: 0, cpuTotal: 0, cpuMax: 0 };
        c.count++;
        c.total += ms;
        c.max = Math.max(c.max, ms);
        c.cpuTotal += cpu;
        c.cpuMax = Math.max(c.cpuMax, cpu);
        calls.set(label, c);
        if (ms >= 1) spans.push({ name: label, start: t0, ms, cpu });
      }
    };
  };
  const s = session;
  for (const n of ['groupsPage', 'query', 'ingest', 'spanTree', 'sources', 'evicted', 'catchUp', 'evict'])
    wrap(s, n, `session.${n}`);
  for (const n of ['mergeRange', 'appendChunks', 'notify', 'sources']) wrap(s.store, n, `store.${n}`);
  wrap(s.primary, 'catchUp', 'grouping(trace).catchUp');
  wrap(s.primary, 'evictBelow', 'grouping(trace).evictBelow');
  wrap(s.all, 'retain', 'idList(all).retain');
  wrap(s.sourceIndex, 'evictBelow', 'sourceIndex.evictBelow');
  wrap(s.store, 'evictBefore', 'store.evictBefore');
  wrap(s.times, 'extend', 'recordTimes.extend');
  for (const n of ['getChildren', 'getTreeItem', 'refreshNow']) wrap(tree, n, `groupsTree.${n}`);

  // 3. what VS Code does with the tree: on a change of the root, ask for the root's children and their items
  let t0 = performance.now();
  let firstGroupsMs = null,
    firstSessionGroupsMs = null,
    firstProgressMs = null;
  const refreshes = { count: 0, maxMs: 0, groups: 0 };
  const pageCall = s.groupsPage;
  s.groupsPage = function (...a) {
    const r = pageCall.apply(this, a);
    if (firstSessionGroupsMs === null && r.items.length > 0) firstSessionGroupsMs = performance.now() - t0;
    return r;
  };
  tree.onDidChangeTreeData((node) => {
    if (node !== undefined) return;
    setImmediate(() => {
      const r0 = performance.now();
      const nodes = tree.getChildren(undefined);
      for (const n of nodes) tree.getTreeItem(n);
      refreshes.count++;
      refreshes.groups = tree.rootPage().total;
      refreshes.maxMs = Math.max(refreshes.maxMs, performance.now() - r0);
      if (firstGroupsMs === null && nodes.some((n) => n.type === 'group')) firstGroupsMs = performance.now() - t0;
    });
  });
  hooks.progress = (p) => {
    if (firstProgressMs === null && /[1-9]/.test(p.message ?? '')) firstProgressMs = performance.now() - t0;
  };
  const messages = [];
  hooks.message = (kind, text) => messages.push(`${kind}: ${text}`);

  // 4. the watch: event-loop delay histogram and a 1 ms interval whose late ticks are the blocks
  const eld = monitorEventLoopDelay({ resolution: 1 });
  const gaps = [];
  const blocks = [];
  let lastSched = sched();
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    const nowSched = sched();
    gaps.push(gap);
    if (gap > BLOCK_MS) {
      const at = Math.max(0, last - t0);
      const inside = new Map();
      for (const sp of spans) {
        const ov = Math.min(sp.start + sp.ms, now) - Math.max(sp.start, last);
        // CPU of the call, scaled to the part of it inside this gap
        if (ov > 1) inside.set(sp.name, (inside.get(sp.name) ?? 0) + sp.cpu * (ov / sp.ms));
      }
      const hrNowUs = Number(process.hrtime.bigint() / 1000n);
      blocks.push({
        at,
        ms: gap,
        startUs: hrNowUs - gap * 1000,
        cpuMs: nowSched && lastSched ? (nowSched[0] - lastSched[0]) / 1e6 : null,
        waitMs: nowSched && lastSched ? (nowSched[1] - lastSched[1]) / 1e6 : null,
        spans: [...inside]
          .map(([name, ms]) => ({ name, ms }))
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 6),
      });
    }
    last = now;
    lastSched = nowSched;
  }, 1);
  eld.enable();
  // both monitors take their first sample before the open's first synchronous stretch, or they would miss it
  await new Promise((r) => setTimeout(r, 20));

  // 5. open, as the Open command does
  t0 = performance.now();
  const [summary] = await host.openFiles([Uri.file(file)]);
  const doneMs = performance.now() - t0;
  // the last change notification and the tree's batched refresh land after addFile resolves: watch them too
  await new Promise((r) => setTimeout(r, 600));
  clearInterval(ticker);
  eld.disable();

  gaps.sort((a, b) => a - b);
  const pct = (a, p) => (a.length ? a[Math.min(a.length - 1, Math.floor(a.length * p))] : 0);
  const st = session.sources()[0];
  process.stdout.write(
    JSON.stringify({
      summary: summary ?? st,
      messages,
      maxRecords: config.current.maxRecords,
      firstGroupsMs,
      firstSessionGroupsMs,
      firstProgressMs,
      doneMs,
      eld: { max: eld.max / 1e6, p99: eld.percentile(99) / 1e6, mean: eld.mean / 1e6 },
      gap: { max: gaps.length ? gaps[gaps.length - 1] : 0, p99: pct(gaps, 0.99), ticks: gaps.length },
      blocks,
      refreshes,
      maxRssKb: process.resourceUsage().maxRSS,
      calls: [...calls.values()].sort((a, b) => (b.cpuMax || b.max) - (a.cpuMax || a.max)),
    }) + '\n',
  );
  session.dispose();
  process.exit(0);
}

/** Reads the main thread's [ns on CPU, ns waiting for a CPU] from Linux schedstat; null elsewhere. */
function schedReader() {
  let fd;
  try {
    fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    return () => null;
  }
  const buf = Buffer.alloc(128);
  return () => {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const [cpu, wait] = buf.toString('latin1', 0, n).split(' ');
    return [Number(cpu), Number(wait)];
  };
}

// The host path, bundled from source the way scripts/build.mjs bundles the extension.
const HOST_ENTRY = `
export { createSession } from './src/core/session/session';
export { ConfigStore } from './src/extension/config';
export { SessionHost } from './src/extension/sessionHost';
export { GroupsTreeProvider } from './src/extension/tree/groupsTree';
export { Uri } from 'vscode';
`;

// Just enough of the \`vscode\` API for the open path; progress and messages go to the benchmark's hooks.
const VSCODE_STAND_IN = `
const hooks = () => globalThis.__threadlineBenchHost ?? {};
export class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (fn) => {
      this.listeners.add(fn);
      return { dispose: () => this.listeners.delete(fn) };
    };
  }
  fire(v) { for (const f of [...this.listeners]) f(v); }
  dispose() { this.listeners.clear(); }
}
export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 };
export class TreeItem { constructor(label, state) { this.label = label; this.collapsibleState = state; } }
export class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
export class ThemeColor { constructor(id) { this.id = id; } }
export class MarkdownString {
  constructor(v = '') { this.value = v; }
  appendMarkdown(s) { this.value += s; return this; }
  appendText(s) { this.value += s.replace(/[\\\\\`*_{}[\\]()#+\\-.!|<>]/g, '\\\\$&'); return this; }
  appendCodeblock(c, l = '') { this.value += '\\n\`\`\`' + l + '\\n' + c + '\\n\`\`\`\\n'; return this; }
}
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };
export const Uri = { file: (p) => ({ scheme: 'file', fsPath: p, path: p, toString: () => 'file://' + p }) };
const say = (kind) => async (text) => { hooks().message?.(kind, text); return undefined; };
export const window = {
  withProgress: async (_opts, task) =>
    task(
      { report: (v) => hooks().progress?.(v) },
      { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) },
    ),
  showErrorMessage: say('error'), showWarningMessage: say('warning'), showInformationMessage: say('info'),
};
export const commands = { executeCommand: async () => undefined };
export const workspace = {
  getConfiguration: () => ({ get: (k, d) => hooks().settings?.[k] ?? d }),
  onDidChangeConfiguration: () => ({ dispose() {} }),
  workspaceFolders: undefined,
};
`;

if (args[0] === '--child') await child(args[1], args[2]);
else await parent();
