// Workbench end-to-end through the timeline: the declined trace's waterfall in its webview, a span picked with
// the mouse, and a record's Go to Source in the detail pane landing in the editor on the logging line.
// The webview lives two iframes deep in the workbench (the webview host frame, then its active frame).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cursorLine, lineOf, openSampleLogs, setTheme, traceRow, widenSideBar } from './workbench.e2e.mjs';

const T = 30_000;
// webview/layout.ts: the time axis strip, then fixed-height rows (row 0 is the trace's header row)
const AXIS_H = 26;
const ROW_H = 22;

function timelineFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

function lines(folder, rel) {
  return readFileSync(join(folder, rel), 'utf8').split('\n');
}

/** Span names in the waterfall's pre-order, from the sample's OTLP document (parents before children). */
function preorderNames(folder, traceId) {
  const doc = JSON.parse(readFileSync(join(folder, 'logs/traces.otlp.json'), 'utf8'));
  const spans = doc.resourceSpans
    .flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans))
    .filter((s) => s.traceId === traceId);
  const start = (s) => BigInt(s.startTimeUnixNano);
  const kids = (id) =>
    spans.filter((s) => (s.parentSpanId ?? '') === id).sort((a, b) => (start(a) < start(b) ? -1 : 1));
  const out = [];
  const walk = (s) => {
    out.push(s.name);
    kids(s.spanId).forEach(walk);
  };
  kids('').forEach(walk);
  return out;
}

export const tests = [
  {
    name: 'timeline: show the declined trace, click a span, Go to Source of a record in the detail pane',
    async run({ page, folder, screenshot }) {
      await openSampleLogs(page, ['checkout.ndjson', 'orders.log', 'traces.otlp.json'], 440);

      const declined = lines(folder, 'logs/orders.log')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((l) => l.message.startsWith('Payment declined'));
      const trace = await traceRow(page, declined.traceId);
      // the row's inline action runs Threadline: Show Timeline on that trace
      await trace.hover();
      await trace.locator('.action-label[aria-label="Show Timeline"]').click();
      const tl = timelineFrame(page);
      await tl.locator('.tl-title').filter({ hasText: 'POST /checkout' }).first().waitFor({ timeout: T });

      // the span whose records hold the declined payment: the logging service's server span
      const names = preorderNames(folder, declined.traceId);
      const row = names.indexOf('POST /orders');
      if (row < 0) throw new Error(`no POST /orders span in ${names.join(', ')}`);
      const waterfall = tl.locator('.tl-scroll');
      await waterfall.waitFor({ timeout: T });
      await waterfall.click({ position: { x: 90, y: AXIS_H + (row + 1) * ROW_H + ROW_H / 2 } });
      const detail = tl.locator('.tl-detail');
      await detail.locator('.tl-detail-title', { hasText: /^POST \/orders$/ }).waitFor({ timeout: T });
      const record = detail.locator('.tl-record', { hasText: 'Payment declined' }).first();
      await record.waitFor({ timeout: T });
      // picking the record marks it and selects it in the tree too
      await record.locator('.tl-record-message').click();
      await page
        .locator('.pane .monaco-list-row.selected', { hasText: 'Payment declined' })
        .first()
        .waitFor({ timeout: T });

      // the tree and the timeline side by side, in the two default themes (a little larger than a laptop
      // screen, so the waterfall, its detail pane and the tree's labels all have room)
      await page.setViewportSize({ width: 1600, height: 1000 });
      await page.waitForTimeout(300);
      await widenSideBar(page, 500);
      // give the detail pane room for the record messages: drag its splitter, as a user would
      const splitter = await tl.locator('.tl-splitter').boundingBox();
      if (splitter) {
        await page.mouse.move(splitter.x + splitter.width / 2, splitter.y + 40);
        await page.mouse.down();
        await page.mouse.move(splitter.x - 110, splitter.y + 40, { steps: 6 });
        await page.mouse.up();
      }
      for (const [theme, file] of [
        ['Light Modern', 'light'],
        ['Dark Modern', 'dark'],
      ]) {
        await setTheme(page, theme);
        await page.waitForTimeout(600);
        await screenshot(`e2e-timeline-${file}`);
      }
      await record.locator('vscode-icon[name="go-to-file"]').click();
      const javaTab = page.locator('.tabs-container .tab', { hasText: 'OrderService.java' }).first();
      await javaTab.waitFor({ timeout: T });
      const expected = lineOf(folder, 'src/main/java/com/acme/orders/OrderService.java', 'log.error("Payment declined');
      await page
        .locator('.monaco-editor .view-line', { hasText: 'log.error("Payment declined' })
        .first()
        .waitFor({ timeout: T });
      const line = await cursorLine(page, expected);
      await screenshot('e2e-timeline-source');
      if (line !== expected) throw new Error(`expected OrderService.java:${expected}, the cursor is on line ${line}`);
    },
  },
];
