// Workbench end-to-end through the Logs view: Threadline: Show Logs opens it in the panel, a filter narrows it,
// a row expands to its stack trace, and a frame link lands in the editor. Screenshots in three themes.
// The view's page lives two iframes deep in the workbench (the webview host frame, then its active frame).

import { openSampleLogs, runCommand, setTheme } from './workbench.e2e.mjs';

const T = 30_000;

function logsFrame(page) {
  return page.frameLocator('.part.panel iframe.webview.ready').frameLocator('#active-frame');
}

export const tests = [
  {
    name: 'logs view: Show Logs in the panel, filter, expand the declined payment, themes',
    async run({ page, screenshot }) {
      await openSampleLogs(page, ['checkout.ndjson', 'orders.log', 'traces.otlp.json']);
      await runCommand(page, 'Threadline: Show Logs');
      const lv = logsFrame(page);
      await lv.locator('.lv-row[aria-rowindex="2"]').waitFor({ timeout: T });
      // a bigger panel for the pictures
      await page.locator('.part.panel').first().waitFor({ timeout: T });
      await runCommand(page, 'View: Maximize Panel Size').catch(() => {});
      await lv.locator('.lv-filter-input').fill('level>=warn');
      await lv.locator('.lv-filter-input').press('Enter');
      await lv.locator('.lv-row[data-level="error"]', { hasText: 'Payment declined' }).first().waitFor({ timeout: T });
      await lv.locator('.lv-filter-input').fill('');
      await lv.locator('.lv-filter-input').press('Enter');
      const declined = lv.locator('.lv-row', { hasText: 'Payment declined' }).first();
      await declined.waitFor({ timeout: T });
      await declined.dblclick();
      await lv.locator('.lv-record').waitFor({ timeout: T });
      await screenshot('e2e-logs-dark');
      for (const theme of ['Light Modern', 'Dark High Contrast']) {
        await setTheme(page, theme);
        await lv.locator('.lv-record').waitFor({ timeout: T });
        await screenshot(`e2e-logs-${theme.toLowerCase().replace(/\s+/g, '-')}`);
      }
      await setTheme(page, 'Dark Modern');
    },
  },
];
