// Workbench end-to-end for Zipkin as a remote source: a trace reported by the OpenTelemetry Zipkin exporter to the
// real Zipkin server the harness runs, and local log lines of the same trace in a file. Connect to Zipkin… from
// the palette, search from the Zipkin node's inline action, open the result: the timeline shows the Zipkin spans
// with the local records as markers. Screenshots in light, dark and high-contrast themes.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localLogLines, postCheckoutTrace, untilStored } from '../unit/remote/zipkinTraces.mjs';
import { openSampleLogs, setTheme, sourcesView, traceRow, widenSideBar } from './workbench.e2e.mjs';

const T = 30_000;
// webview/layout.ts: the time axis strip, then fixed-height rows (row 0 is the trace's header row)
const AXIS_H = 26;
const ROW_H = 22;

function sourcesRow(page, label, text) {
  const rows = sourcesView(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) });
  return (text ? rows.filter({ hasText: text }) : rows).first();
}

function timelineFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Runs a palette command; a palette that closes at once (focus taken by an editor still opening) is opened again. */
async function command(page, title) {
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  let open = false;
  for (let attempt = 0; attempt < 3 && !open; attempt++) {
    await page.keyboard.press('F1');
    open = await input.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (!open) await page.keyboard.press('Escape');
  }
  if (!open) throw new Error(`the command palette did not open for ${title}`);
  await input.fill(`>${title}`);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first();
  await row.waitFor({ timeout: T });
  await row.click();
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
      // the file is read (its trace is in the tree) before the palette is used
      await traceRow(page, trace.traceId);
      await page.keyboard.press('Escape');

      await command(page, 'Threadline: Connect to Zipkin…');
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

      // this test's trace: the same Zipkin may hold the extension-host suite's one too
      const result = sourcesRow(page, 'checkout: get /checkout', trace.traceId.slice(0, 8));
      await result.waitFor({ timeout: T });
      // a click that lands while the view redraws the row (the search just finished) reaches no command: again
      const tl = timelineFrame(page);
      const title = tl.locator('.tl-title').filter({ hasText: 'get /checkout' }).first();
      for (let attempt = 0; attempt < 3; attempt++) {
        await result.click();
        if (
          await title.waitFor({ timeout: 10_000 }).then(
            () => true,
            () => false,
          )
        )
          break;
      }
      await title.waitFor({ timeout: T });
      await result.locator('.label-description', { hasText: /loaded/ }).waitFor({ timeout: T });

      // the payments span (pre-order row 2: get /checkout, its client call, the server span) and its local record
      const waterfall = tl.locator('.tl-scroll');
      await waterfall.click({ position: { x: 90, y: AXIS_H + 3 * ROW_H + ROW_H / 2 } });
      const detail = tl.locator('.tl-detail');
      await detail.locator('.tl-detail-title', { hasText: /^post \/charge$/ }).waitFor({ timeout: T });
      await detail.locator('.tl-record', { hasText: 'card declined by issuer' }).first().waitFor({ timeout: T });

      await command(page, 'Notifications: Clear All Notifications');
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
