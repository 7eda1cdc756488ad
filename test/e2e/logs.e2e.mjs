// Workbench end-to-end through the Logs view: Threadline: Show Logs opens it in the panel, a filter narrows it,
// a row expands to its stack trace, and a frame link lands in the editor. Screenshots in three themes.
// The view's page lives two iframes deep in the workbench (the webview host frame, then its active frame).

import { openSampleLogs, runCommand, setTheme } from './workbench.e2e.mjs';

const T = 30_000;

/** The frame holding the Logs view's page (webview views float above the workbench, not inside the panel). */
async function logsFrame(page) {
  const deadline = Date.now() + T;
  while (Date.now() < deadline) {
    for (const f of page.frames()) if (await f.$('#logs-root').catch(() => null)) return f;
    await page.waitForTimeout(250);
  }
  throw new Error('no Logs view frame');
}

export const tests = [
  {
    name: 'logs view: Show Logs in the panel, filter, expand the declined payment, themes',
    async run({ page, screenshot }) {
      await openSampleLogs(page, ['checkout.ndjson', 'orders.log', 'traces.otlp.json']);
      await runCommand(page, 'Threadline: Show Logs');
      const lv = await logsFrame(page);
      await lv.locator('.lv-row[aria-rowindex="2"]').waitFor({ timeout: T });
      // a bigger panel for the pictures
      await page.locator('.part.panel').first().waitFor({ timeout: T });
      const panel = await page.locator('.part.panel').first().boundingBox();
      if (panel) {
        // the sash on the panel's top edge
        await page.mouse.move(panel.x + panel.width / 2, panel.y + 1);
        await page.mouse.down();
        await page.mouse.move(panel.x + panel.width / 2, 260, { steps: 8 });
        await page.mouse.up();
      }
      await lv.locator('.lv-filter-input').fill('level>=warn');
      await lv.locator('.lv-filter-input').press('Enter');
      // rows of the view's pool that show nothing now are hidden and keep their last text: only shown rows count
      const shown = '.lv-row:not([hidden])';
      await lv.locator(`${shown}[data-level="error"]`, { hasText: 'Payment declined' }).first().waitFor({ timeout: T });
      const declined = lv.locator(shown, { hasText: 'Payment declined' }).first();
      await declined.waitFor({ timeout: T });
      await declined.locator('.lv-c-message').dblclick();
      await lv.locator('.lv-record').waitFor({ timeout: T });
      await screenshot('e2e-logs-dark');
      for (const theme of ['Light Modern', 'Dark High Contrast']) {
        await setTheme(page, theme);
        // the webview takes the new theme's variables a moment after the workbench
        await page.waitForTimeout(1500);
        await lv.locator('.lv-record').waitFor({ timeout: T });
        await screenshot(`e2e-logs-${theme.toLowerCase().replace(/\s+/g, '-')}`);
      }
      await setTheme(page, 'Dark Modern');
    },
  },
];
