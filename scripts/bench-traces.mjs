#!/usr/bin/env node
// `npm run bench:traces [-- --mb 512 --format logback]`: the Traces table over about a million records.
//   host:     the session over the reference generator's log (bench/benchData.mjs), asked through the table's own
//             host code (src/extension/traces/feed.ts) as the page asks: the first page of rows and the scatter's
//             points, other sorts, then filters to their first page, their points and their final count.
//             A 1 ms ticker watches the event loop; CPU milliseconds from process.cpuUsage.
//   Chromium: the page itself (webview/traces, production bundle, the browser tests' fake host over 100,000
//             generated groups): load to first rows and dots, scatter redraws, frames while scrolling.
// Figures vary with the machine's load: run it when the machine is quiet, and compare CPU milliseconds.
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { statSync } from 'node:fs';
import { ensureBenchFile } from '../bench/benchData.mjs';

const args = process.argv.slice(2);
const flag = (n, d) => {
  const i = args.indexOf('--' + n);
  return i >= 0 ? args[i + 1] : d;
};
const mb = Number(flag('mb', 512));
const format = flag('format', 'logback');
const skipHost = args.includes('--browser-only');
const FINAL_WAIT_MS = Number(flag('final-wait-s', 20)) * 1000;

const ms = (x) => `${x.toFixed(1)} ms`;
const n = (x) => x.toLocaleString('en-US');
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const wait = (t) => new Promise((r) => setTimeout(r, t));

async function host() {
  const { createSession } = await import('../src/core/session/session.ts');
  const { TracesFeed } = await import('../src/extension/traces/feed.ts');
  const file = ensureBenchFile(mb, format);
  console.log(`\n── host: ${(statSync(file).size / 1048576).toFixed(0)} MiB ${format} log`);
  const session = createSession({ workers: 2, maxRecords: 2_000_000 });
  const t0 = performance.now();
  await session.addFile(file);
  while (session.groupsPending({ kind: 'trace' }) > 0) await wait(20);
  console.log(`indexed ${n(session.stats().records)} records in ${ms(performance.now() - t0)}`);
  const feed = new TracesFeed(session);

  let last = performance.now(),
    maxGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  let requestId = 1;
  // the host answers each message in its own turn, as the panel does
  const ask = async (m) => {
    await new Promise((r) => setImmediate(r));
    return feed.answer({ ...m, requestId: requestId++ });
  };
  const q = (filter, sort = 'start', descending = false) => ({ by: { kind: 'trace' }, filter, sort, descending });

  async function measure(name, fn) {
    await wait(50);
    last = performance.now();
    maxGap = 0;
    const c0 = process.cpuUsage(),
      w0 = performance.now();
    const out = await fn();
    const wall = performance.now() - w0,
      cpu = process.cpuUsage(c0);
    await wait(20);
    console.log(
      `${name.padEnd(50)} ${ms(wall).padStart(10)}  cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(5)} ms` +
        `  longest block ${ms(maxGap)}${out ? `  ${out}` : ''}`,
    );
  }

  await measure('first rows: page 0 (100 rows), start order', async () => {
    const r = await ask({ type: 'tracesPage', query: q(''), offset: 0, limit: 100 });
    return `${n(r.total)} traces`;
  });
  await measure('scatter points (every group)', async () => {
    const p = await ask({ type: 'tracesPoints', query: q('') });
    const bytes = p.startMs.byteLength + p.durationMs.byteLength + p.error.byteLength;
    return `${n(p.startMs.length)} points, ${(bytes / 1048576).toFixed(1)} MiB`;
  });
  // as the page asks: the points once the first rows are in
  await measure('opening: first rows, then points', async () => {
    await ask({ type: 'tracesPage', query: q(''), offset: 0, limit: 100 });
    await ask({ type: 'tracesPoints', query: q('') });
  });
  for (const [sort, desc] of [
    ['duration', true],
    ['errors', true],
    ['root', false],
    ['duration', false],
  ])
    await measure(`sort ${sort}${desc ? ' descending' : ''}: first rows (first time)`, async () => {
      const r = await ask({ type: 'tracesPage', query: q('', sort, desc), offset: 0, limit: 100 });
      return `top ${r.rows[0]?.durationMs?.toFixed(1) ?? '-'} ms, ${r.rows[0]?.errors ?? '-'} errors`;
    });
  await measure('sort duration descending: page in the middle (cached)', async () => {
    await ask({ type: 'tracesPage', query: q('', 'duration', true), offset: 30_000, limit: 100 });
  });
  // terms the reference log has: levels, message words, a thread, a service, a regex over messages
  for (const filter of [
    'level>=error',
    'slow query',
    'thread:http-nio-8080-exec-7',
    'service:payment-service',
    '/took=\\d{3}ms/',
  ]) {
    await measure(`filter ${JSON.stringify(filter)}: first rows, then points`, async () => {
      const r = await ask({ type: 'tracesPage', query: q(filter), offset: 0, limit: 100 });
      const p = await ask({ type: 'tracesPoints', query: q(filter) });
      const problem = r.problem ? ` (${r.problem.message})` : '';
      return `${n(r.total)} so far, ${n(r.pending)} pending, ${n(p.startMs.length)} points${problem}`;
    });
    await measure(`  … until the list is final`, async () => {
      let r;
      const until = performance.now() + FINAL_WAIT_MS;
      for (;;) {
        r = await ask({ type: 'tracesPage', query: q(filter, 'duration', true), offset: 0, limit: 100 });
        if (r.pending === 0 || r.problem || performance.now() > until) break;
        await wait(10);
      }
      const left = r.pending > 0 ? `, ${n(r.pending)} still pending after ${FINAL_WAIT_MS / 1000} s` : '';
      return `${n(r.total)} traces${left}`;
    });
  }
  clearInterval(ticker);
  session.dispose();
}

async function browser() {
  const { launchTraces } = await import('../test/webview/tracesHarness.ts');
  console.log('\n── Chromium: the Traces table page over 100,000 generated groups (fake host in the page)');
  const t = await launchTraces({ width: 1280, height: 700 });
  try {
    const w0 = performance.now();
    await t.open({ groups: 100_000 });
    console.log(`page load → first rows and all dots drawn: ${ms(performance.now() - w0)}`);
    // each draw is followed by a one-pixel read, so that the canvas's rasterisation is in the figure too
    const draws = await t.page.evaluate(() => {
      const app = window.__threadlineTraces,
        s = app.scatterView;
      const ctx = s.canvas.getContext('2d');
      const out = [];
      for (let k = 0; k < 30; k++) {
        const a = performance.now();
        s.set(app.points);
        ctx.getImageData(0, 0, 1, 1);
        out.push(performance.now() - a);
      }
      return out;
    });
    console.log(`scatter, new points (every dot painted): p50 ${ms(pct(draws, 50))}  p95 ${ms(pct(draws, 95))}`);
    const brush = await t.page.evaluate(() => {
      const s = window.__threadlineTraces.scatterView;
      const ctx = s.canvas.getContext('2d');
      const out = [];
      for (let k = 0; k < 30; k++) {
        const a = performance.now();
        s.draw();
        ctx.getImageData(0, 0, 1, 1);
        out.push(performance.now() - a);
      }
      return out;
    });
    console.log(`scatter frame while dragging (dots cached): p50 ${ms(pct(brush, 50))}  p95 ${ms(pct(brush, 95))}`);
    const hits = await t.page.evaluate(() => {
      const s = window.__threadlineTraces.scatterView;
      const out = [];
      for (let k = 0; k < 30; k++) {
        const a = performance.now();
        s.hit(100 + k * 30, 60);
        out.push(performance.now() - a);
      }
      return out;
    });
    console.log(`click hit-test over 100,000 dots: p50 ${ms(pct(hits, 50))}  p95 ${ms(pct(hits, 95))}`);
    const gaps = await t.page.evaluate(async () => {
      const s = document.querySelector('.tv .lv-scroll');
      const out = [];
      let prev = performance.now();
      for (let k = 0; k < 200; k++) {
        s.scrollTop += 66;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        out.push(now - prev);
        prev = now;
      }
      return out;
    });
    console.log(`scroll by 3 rows a frame: frame interval p50 ${ms(pct(gaps, 50))}  p95 ${ms(pct(gaps, 95))}`);
    const d = await t.debug();
    console.log(`DOM rows ${d.domRows}, pages held ${d.pages.length}, page requests ${d.stats.pageRequests}`);
  } finally {
    await t.close();
  }
}

if (!skipHost) await host();
await browser();
console.log(
  `\nmeasured ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
