// Workbench end-to-end for the Patterns view: the sample logs' message templates with counts and sparklines,
// the inline Hide action on a row, in light, dark and high-contrast themes.

import { openSampleLogs, setTheme } from './workbench.e2e.mjs';

const T = 30_000;

function patternsView(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Patterns/i }) }).first();
}

export const tests = [
  {
    name: "patterns: the sample logs' templates by count, with sparklines and a Hide action, in every theme",
    async run({ page, screenshot }) {
      await openSampleLogs(page, ['checkout.ndjson', 'orders.log', 'traces.otlp.json']);
      const view = patternsView(page);
      await view.waitFor({ timeout: T });
      const header = view.locator('.pane-header').first();
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      const row = view.locator('.monaco-list-row').first();
      await row.waitFor({ timeout: T });
      const description = await row.locator('.label-description').first().textContent();
      const shape = /^\d+\s+[▁▂▃▄▅▆▇█]+$/;
      if (!shape.test((description ?? '').trim())) throw new Error(`row description: ${description}`);
      await row.hover();
      await row.locator('.action-label[aria-label="Hide Pattern"]').waitFor({ timeout: T });
      const themes = [
        ['Light Modern', 'light'],
        ['Dark Modern', 'dark'],
        ['Dark High Contrast', 'high-contrast'],
      ];
      for (const [theme, file] of themes) {
        await setTheme(page, theme);
        await row.hover();
        await page.waitForTimeout(300);
        await screenshot(`e2e-patterns-${file}`);
      }
    },
  },
];
