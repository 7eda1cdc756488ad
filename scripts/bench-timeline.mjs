#!/usr/bin/env node
// Timeline benchmark: a generated trace of 100,000 spans and 1,000,000 log markers, loaded into the real
// webview bundle in headless Chromium through the same protocol the panel uses. Prints the host-side
// preparation time, the open time (show → every chunk received → first full frame) and frame times while
// panning, zooming and scrolling. Run: npm run bench:timeline [-- --spans N --markers M]
import os from 'node:os';
import { launch, waitLoaded } from '../test/webview/harness.ts';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const spans = arg('spans', 100_000),
  markers = arg('markers', 1_000_000),
  frames = arg('frames', 360),
  runs = arg('runs', 3);
const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f1 = (x) => x.toFixed(1);

// Host side under Node, as in the extension host: build time of the feed, and the longest stretch the event
// loop was blocked meanwhile (the feed yields every ~12 ms).
const { GeneratedSession } = await import('../test/webview/fakeSession.ts');
const { TimelineFeed } = await import('../src/extension/timeline/feed.ts');
const hostFeed = new TimelineFeed(new GeneratedSession('trace:bench', spans, markers, 1, 0.3));
let maxGap = 0,
  lastTick = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  maxGap = Math.max(maxGap, now - lastTick);
  lastTick = now;
}, 1);
const hostT0 = performance.now();
await hostFeed.openGroup('trace:bench');
const hostBuildMs = performance.now() - hostT0;
let chunkMs = performance.now();
for (let o = 0; o < spans; o += 20_000) await hostFeed.spanChunk('trace:bench', o, 20_000);
for (let o = 0; o < markers; o += 250_000) await hostFeed.markerChunk('trace:bench', o, 250_000);
chunkMs = performance.now() - chunkMs;
clearInterval(ticker);

const t = await launch({ width: 1280, height: 800 });
try {
  await t.open('dark');
  await t.page.evaluate(({ spans, markers }) => window.fakeHost.generate('trace:bench', spans, markers, 0.3), {
    spans,
    markers,
  });
  const opens = [],
    firstRows = [];
  for (let r = 0; r < runs; r++) {
    const before = await t.page.evaluate(() => document.getElementById('timeline-root').dataset.loaded ?? '');
    await t.page.evaluate(() => window.fakeHost.show(['trace:bench']));
    await waitLoaded(t.page, before);
    opens.push(await t.page.evaluate(() => window.__threadlineTimeline.debug().openMs));
    firstRows.push(await t.page.evaluate(() => window.__threadlineTimeline.debug().firstRowsMs));
  }

  // Drive real input events, one per animation frame, and collect what each frame cost. Three phases:
  // A) top rows — the root carries 30% of all markers — zooming around the pointer over the whole trace;
  // B) rows in the middle with the view on their time, panning back and forth;
  // C) the same while scrolling a row per frame.
  const result = await t.page.evaluate(async (frames) => {
    const app = window.__threadlineTimeline;
    const scroller = document.querySelector('.tl-scroll');
    const r = scroller.getBoundingClientRect();
    const d = app.debug();
    const g = d.groups[0];
    const intervals = [],
      draw = [];
    const x = r.left + r.width * 0.6,
      y = r.top + 200;
    const wheel = (o) =>
      scroller.dispatchEvent(
        new WheelEvent('wheel', { clientX: x, clientY: y, bubbles: true, cancelable: true, ...o }),
      );
    const frame = () => new Promise((res) => requestAnimationFrame(() => res()));
    const third = Math.floor(frames / 3);
    /** Time extent of the spans on screen when `row` is the top row (row 0 is the trace's header). */
    const extent = (row) => {
      let a = Infinity,
        b = -Infinity;
      for (let i = Math.max(0, row - 1); i < Math.min(g.n, row + 30); i++) {
        a = Math.min(a, g.start[i]);
        b = Math.max(b, g.start[i] + g.duration[i]);
      }
      return [a, b];
    };
    let last = performance.now();
    for (let k = 0; k < frames; k++) {
      if (k === 0) {
        scroller.scrollTop = 0;
        d.axis.fit();
      }
      if (k === third) {
        const row = Math.floor(d.rows.length / 2);
        scroller.scrollTop = row * 22;
        const [a, b] = extent(row);
        d.axis.set(a - (b - a) * 0.1, b + (b - a) * 0.1);
      }
      if (k < third) wheel({ deltaY: k % 40 < 20 ? -120 : 120, ctrlKey: true });
      else if (k < 2 * third) wheel({ deltaY: (k % 20 < 10 ? 1 : -1) * 60, shiftKey: true });
      else {
        // Scroll a row and keep the view on the rows now on screen, as a reader following the trace would.
        scroller.scrollTop += 22;
        const row = Math.floor(scroller.scrollTop / 22);
        const [a, b] = extent(row);
        d.axis.set(a - (b - a) * 0.1, b + (b - a) * 0.1);
        wheel({ deltaY: (k % 20 < 10 ? 1 : -1) * 30, shiftKey: true });
      }
      const before = d.frameTimes.length;
      await frame();
      const now = performance.now();
      intervals.push(now - last);
      last = now;
      if (d.frameTimes.length > before) draw.push(d.frameTimes[d.frameTimes.length - 1]);
    }
    return { draw, intervals, rows: d.rows.length };
  }, frames);

  if (process.argv.includes('--screenshot')) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync('test-results', { recursive: true });
    await t.page.screenshot({ path: 'test-results/timeline-bench.png' });
  }
  const sortedOpens = [...opens].sort((a, b) => a - b);
  console.log(
    `timeline benchmark: ${spans.toLocaleString('en')} spans, ${markers.toLocaleString('en')} log markers, ` +
      `headless Chromium 1280×800`,
  );
  console.log(
    `  host (Node): feed builds the group's columns:  ${f1(hostBuildMs)} ms once per group (cached), event ` +
      `loop blocked at most ${f1(maxGap)} ms at a time`,
  );
  console.log(`  host (Node): slicing every chunk for the wire: ${f1(chunkMs)} ms for 5 span + 4 marker chunks`);
  console.log(
    `  open, show → all chunks in → first full frame: median ${f1(sortedOpens[Math.floor(runs / 2)])} ms ` +
      `(runs: ${opens.map(f1).join(', ')} ms; target < 300)`,
  );
  console.log(
    `  first rows drawn (first span chunk):          median ` +
      `${f1([...firstRows].sort((a, b) => a - b)[Math.floor(runs / 2)])} ms (runs: ` +
      `${firstRows.map(f1).join(', ')} ms)`,
  );
  console.log(
    `  frame drawing while zooming/panning/scrolling:  p50 ${f1(pct(result.draw, 50))} ms, p95 ` +
      `${f1(pct(result.draw, 95))} ms, max ${f1(Math.max(...result.draw))} ms over ${result.draw.length} ` +
      `frames (target p95 ≤ 16)`,
  );
  console.log(
    `  frame interval (requestAnimationFrame):        p50 ${f1(pct(result.intervals, 50))} ms, p95 ` +
      `${f1(pct(result.intervals, 95))} ms`,
  );
  console.log(
    `  rows: ${result.rows.toLocaleString('en')}; machine load average while measuring: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  if (t.errors.length) console.log(`  page errors: ${t.errors.join('; ')}`);
} finally {
  await t.close();
}
