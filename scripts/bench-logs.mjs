#!/usr/bin/env node
// `npm run bench:logs [-- --mb 512 --format logback]`: the Logs view over about a million records.
//   host:     the session over the reference generator's log (bench/benchData.mjs), queried through the Logs view's
//             own host code (src/extension/logs/feed.ts) as the page asks: first page + histogram + level counts,
//             then filters (level, text, field, regex) to their first page and count, and the histogram alone.
//             A 1 ms ticker and monitorEventLoopDelay watch the event loop; CPU seconds from process.cpuUsage.
//   Chromium: the page itself (webview/logs, production bundle, the browser tests' fake host over 1,000,000
//             generated records): first rows after load, frame times while scrolling by wheel and by jumps, and
//             while resizing.
// Figures vary with the machine's load: run it when the machine is quiet, and compare CPU seconds.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
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
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function host() {
  const { createSession } = await import('../src/core/session/session.ts');
  const { LogsFeed } = await import('../src/extension/logs/feed.ts');
  const file = ensureBenchFile(mb, format);
  console.log(`\n── host: ${(statSync(file).size / 1048576).toFixed(0)} MiB ${format} log`);
  const session = createSession({ workers: 2, maxRecords: 2_000_000 });
  const t0 = performance.now();
  await session.addFile(file);
  // grouping and other background work settle before the view's requests are measured
  while (session.groupsPending({ kind: 'trace' }) > 0) await new Promise((r) => setTimeout(r, 20));
  console.log(`indexed ${session.stats().records.toLocaleString('en-US')} records in ${ms(performance.now() - t0)}`);
  const feed = new LogsFeed(session);

  // event-loop watch: the longest gap between 1 ms ticks while the view's requests run
  let last = performance.now(),
    maxGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const wait = (n) => new Promise((r) => setTimeout(r, n));
  let requestId = 1;
  const ask = (m) => feed.answer({ ...m, requestId: requestId++ });
  const q = (filter) => ({ filter, scope: null });

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
      `${name.padEnd(52)} ${ms(wall).padStart(10)}  cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(5)} ms` +
        `  longest block ${ms(maxGap)}${out ? `  ${out}` : ''}`,
    );
    return wall;
  }

  await measure('first rows: page 0 (100 rows)', async () => {
    const r = await ask({ type: 'logsPage', query: q(''), offset: 0, limit: 100 });
    return `${r.total.toLocaleString('en-US')} records`;
  });
  await measure('first rows + histogram + level counts', async () => {
    const [p] = await Promise.all([
      ask({ type: 'logsPage', query: q(''), offset: 0, limit: 100 }),
      ask({ type: 'logsHistogram', query: q(''), buckets: 275 }),
      ask({ type: 'logsLevels', query: q('') }),
    ]);
    return `${p.total.toLocaleString('en-US')} records`;
  });
  await measure('histogram alone (275 buckets)', async () => {
    const r = await ask({ type: 'logsHistogram', query: q(''), buckets: 275 });
    return `${r.total.toLocaleString('en-US')} timed`;
  });
  await measure('page in the middle (offset total/2)', async () => {
    const total = (await ask({ type: 'logsPage', query: q(''), offset: 0, limit: 0 })).total;
    await ask({ type: 'logsPage', query: q(''), offset: Math.floor(total / 2), limit: 100 });
  });
  for (const filter of [
    'level>=warn',
    'connection reset',
    'thread:worker-7',
    'logger_name:com.shop.cart.CartService',
    '/latency \\d+ms/',
  ]) {
    await measure(`filter ${JSON.stringify(filter)}: first rows + count`, async () => {
      const r = await ask({ type: 'logsPage', query: q(filter), offset: 0, limit: 100 });
      const problem = r.problem ? ` (${r.problem.message})` : '';
      return `${r.total.toLocaleString('en-US')} so far, ${r.pending.toLocaleString('en-US')} pending${problem}`;
    });
    await measure(`  … until the count is final`, async () => {
      let r;
      // the session decides the rest in the background; give it up to FINAL_WAIT_MS
      const until = performance.now() + FINAL_WAIT_MS;
      for (;;) {
        r = await ask({ type: 'logsPage', query: q(filter), offset: 0, limit: 100 });
        if (r.pending === 0 || r.problem || performance.now() > until) break;
        await wait(10);
      }
      const left =
        r.pending > 0 ? `, ${r.pending.toLocaleString('en-US')} still pending after ${FINAL_WAIT_MS / 1000} s` : '';
      return `${r.total.toLocaleString('en-US')} records${left}`;
    });
    await measure(`  … its histogram`, async () => {
      await ask({ type: 'logsHistogram', query: q(filter), buckets: 275 });
    });
  }
  clearInterval(ticker);
  h.disable();
  console.log(`event-loop delay over the run: p99 ${ms(h.percentile(99) / 1e6)}, max ${ms(h.max / 1e6)}`);
  session.dispose();
}

async function browser() {
  const { launchLogs } = await import('../test/webview/logsHarness.ts');
  console.log('\n── Chromium: the Logs view page over 1,000,000 generated records (fake host in the page)');
  const t = await launchLogs({ width: 1280, height: 600 });
  try {
    const w0 = performance.now();
    await t.open({ records: 1_000_000 });
    console.log(`page load → first rows drawn: ${ms(performance.now() - w0)}`);
    const frames = async (label, step) => {
      const times = await t.page
        .evaluate(async (n) => {
          const app = window.__threadlineLogs,
            s = document.querySelector('.lv-scroll');
          const draw = [],
            gaps = [];
          let prev = performance.now();
          for (let k = 0; k < n; k++) {
            await new Promise((r) => requestAnimationFrame(r));
            const now = performance.now();
            gaps.push(now - prev);
            const a = performance.now();
            window.__step(k, s);
            app.draw();
            draw.push(performance.now() - a);
            prev = performance.now();
          }
          return { draw, gaps };
        }, 300)
        .catch((e) => {
          throw e;
        });
      void step;
      console.log(
        `${label.padEnd(40)} draw p50 ${ms(pct(times.draw, 50))}  p95 ${ms(pct(times.draw, 95))}` +
          `  max ${ms(Math.max(...times.draw))}  frame interval p95 ${ms(pct(times.gaps, 95))}`,
      );
    };
    await t.page.evaluate(() => {
      window.__step = (k, s) => {
        s.scrollTop += 66;
      };
    });
    await frames('scroll by 3 rows a frame');
    await t.page.evaluate(() => {
      window.__step = (k, s) => {
        s.scrollTop = (((k * 7919) % 1000) / 1000) * (s.scrollHeight - s.clientHeight);
      };
    });
    await frames('jump to a random place each frame');
    await t.page.evaluate(() => {
      window.__step = (k) => {
        document.body.style.width = `${900 + (k % 40) * 10}px`;
        document.querySelector('.lv-scroll').scrollTop += 22;
      };
    });
    await frames('resize each frame');
    const d = await t.debug();
    console.log(
      `DOM rows ${d.domRows}, pages held ${d.pages.length} (of ${Math.ceil(d.total / 100).toLocaleString('en-US')}),` +
        ` page requests ${d.stats.pageRequests}`,
    );
  } finally {
    await t.close();
  }
}

if (!skipHost) await host();
await browser();
console.log(
  `\nmeasured ${new Date().toISOString()}, ${(await import('node:os')).cpus().length} cores, load average ${(
    await import('node:os')
  )
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
