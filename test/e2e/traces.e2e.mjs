// Workbench end-to-end through the Traces table: Threadline: Show Traces opens it in an editor tab, a header sorts
// by duration, a filter keeps the failing groups, and Enter on a row opens its timeline. Screenshots in three
// themes. The table's page lives two iframes deep in the workbench (the webview host frame, then its active frame).

import { openSampleLogs, runCommand, setTheme } from './workbench.e2e.mjs';

const T = 30_000;

async function tracesFrame(page) {
  const deadline = Date.now() + T;
  while (Date.now() < deadline) {
    for (const f of page.frames()) if (await f.$('#traces-root').catch(() => null)) return f;
    await page.waitForTimeout(250);
  }
  throw new Error('no Traces table frame');
}

export const tests = [
  {
    name: 'traces table: Show Traces in a tab, sort by duration, filter errors, open a timeline, themes',
    async run({ page, screenshot }) {
      await openSampleLogs(page, ['checkout.ndjson', 'orders.log', 'traces.otlp.json']);
      await runCommand(page, 'Threadline: Show Traces');
      const tv = await tracesFrame(page);
      await tv.locator('.tv-row[aria-rowindex="2"]:not(.lv-loading)').waitFor({ timeout: T });
      await tv.locator('.tv-h-duration .tv-sort').click();
      await tv.locator('.tv-h-duration[aria-sort="descending"]').waitFor({ timeout: T });
      for (const theme of ['Dark Modern', 'Light Modern', 'Dark High Contrast']) {
        await setTheme(page, theme);
        await page.waitForTimeout(1500);
        await tv.locator('.tv-row[aria-rowindex="2"]').waitFor({ timeout: T });
        await screenshot(`e2e-traces-${theme.toLowerCase().replace(/\s+/g, '-')}`);
      }
      await setTheme(page, 'Dark Modern');
      await tv.locator('.lv-filter-input:not(.tv-field)').fill('level>=error');
      await tv.locator('.lv-filter-input:not(.tv-field)').press('Enter');
      await tv.locator('.tv-row.tv-has-errors').first().waitFor({ timeout: T });
      await tv.locator('.tv-row.tv-has-errors').first().click();
      await tv.locator('.tv-grid').press('Enter');
      // the timeline opens in a tab of its own
      await page.locator('.tab', { hasText: 'Threadline Timeline' }).first().waitFor({ timeout: T });
    },
  },
];
