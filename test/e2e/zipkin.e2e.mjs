// Workbench end-to-end for Zipkin as a remote source: a trace reported by the OpenTelemetry Zipkin exporter to the
// real Zipkin server the harness runs, and local log lines of the same trace in a file. Connect to Zipkin… from
// the palette, search from the Zipkin node's inline action, open the result: the timeline shows the Zipkin spans
// with the local records as markers. Screenshots in light, dark and high-contrast themes.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localLogLines, postCheckoutTrace, untilStored } from '../unit/remote/zipkinTraces.mjs';
import { openSampleLogs, runCommand, setTheme, widenSideBar } from './workbench.e2e.mjs';

const T = 30_000;
// webview/layout.ts: the time axis strip, then fixed-height rows (row 0 is the trace's header row)
const AXIS_H = 26;
const ROW_H = 22;

function sourcesView(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Sources/i }) }).first();
}

function sourcesRow(page, label) {
  return sourcesView(page)
    .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) })
    .first();
}

function timelineFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function quickInput(page, text) {
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor({ timeout: T });
  if (text !== undefined) await input.fill(text);
  await page.keyboard.press('Enter');
}

export const tests = [
  {
    name: 'zipkin: connect, search, open a trace: Zipkin spans with the local log lines in the timeline',
    async run({ page, folder, screenshot }) {
      const url = process.env.THREADLINE_TEST_ZIPKIN_URL;
      if (!url) throw new Error('THREADLINE_TEST_ZIPKIN_URL is not set: scripts/test-vscode.mjs starts Zipkin');
      const trace = await postCheckoutTrace(url);
      await untilStored(url, trace.traceId, 3);
      writeFileSync(join(folder, 'logs/zipkin-checkout.log'), localLogLines(trace));
      await openSampleLogs(page, ['zipkin-checkout.log']);

      await runCommand(page, 'Threadline: Connect to Zipkin…');
      await quickInput(page, url);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'No credentials' })
        .first()
        .waitFor({ timeout: T });
      await quickInput(page);
      const zipkinRow = sourcesRow(page, /^Zipkin$/);
      await zipkinRow.waitFor({ timeout: T });

      await zipkinRow.hover();
      await zipkinRow.locator('.action-label[aria-label="Search Traces in Zipkin…"]').click();
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'checkout' }).first().waitFor({ timeout: T });
      await quickInput(page, 'checkout');
      await page.locator('.quick-input-widget .quick-input-box input').first().waitFor({ timeout: T });
      await quickInput(page, 'lookback=1h limit=10');

      const result = sourcesRow(page, 'checkout: get /checkout');
      await result.waitFor({ timeout: T });
      await result.click();
      const tl = timelineFrame(page);
      await tl.locator('.tl-title').filter({ hasText: 'get /checkout' }).first().waitFor({ timeout: T });
      await result.locator('.label-description', { hasText: /loaded/ }).waitFor({ timeout: T });

      // the payments span (pre-order row 2: get /checkout, its client call, the server span) and its local record
      const waterfall = tl.locator('.tl-scroll');
      await waterfall.click({ position: { x: 90, y: AXIS_H + 3 * ROW_H + ROW_H / 2 } });
      const detail = tl.locator('.tl-detail');
      await detail.locator('.tl-detail-title', { hasText: /^post \/charge$/ }).waitFor({ timeout: T });
      await detail.locator('.tl-record', { hasText: 'card declined by issuer' }).first().waitFor({ timeout: T });

      await runCommand(page, 'Notifications: Clear All Notifications');
      await page.setViewportSize({ width: 1600, height: 1000 });
      await page.waitForTimeout(300);
      await widenSideBar(page, 520);
      await page.waitForTimeout(500);
      for (const [theme, file] of [
        ['Light Modern', 'light'],
        ['Dark Modern', 'dark'],
        ['Dark High Contrast', 'hc'],
      ]) {
        await setTheme(page, theme);
        await page.waitForTimeout(600);
        await screenshot(`e2e-zipkin-timeline-${file}`);
      }
    },
  },
];
