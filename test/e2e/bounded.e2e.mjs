// Workbench end-to-end for bounded live sources: with threadline.maxRecords at 1,000 in the workspace settings,
// a command that prints 3,000 records leaves its Sources row reading "… records kept · … evicted". Screenshots
// of that row in light, dark and high-contrast themes.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, setTheme, sourcesView, widenSideBar, workbenchReady } from './workbench.e2e.mjs';

const T = 30_000;

export const tests = [
  {
    name: 'sources: a command past threadline.maxRecords shows kept and evicted on its row',
    async run({ page, folder, screenshot }) {
      const dir = join(folder, '.vscode');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'settings.json');
      // the sample's settings are JSON with comments: the key goes in after the opening brace
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '{}';
      writeFileSync(file, text.replace('{', '{\n  "threadline.maxRecords": 1000,'));

      await workbenchReady(page);
      await page.locator('.activitybar [aria-label^="Threadline"]').first().click();
      await sourcesView(page).waitFor({ timeout: T });
      await widenSideBar(page);

      // a short command line (the row's label), so the row's description shows beside it
      writeFileSync(
        join(folder, 'gen.js'),
        'for(let i=0;i<3000;i++)' + "console.log(JSON.stringify({level:'info',msg:'n '+i,request_id:'r'+(i%40)}))\n",
      );
      await runCommand(page, 'Threadline: Follow Command…');
      const input = page.locator('.quick-input-widget .quick-input-box input').first();
      await input.fill('node gen.js');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'run this' }).first().waitFor({ timeout: T });
      await page.keyboard.press('Enter');

      const stdout = page.locator('.label-name', { hasText: /^\$ .*[^)]$/ });
      const row = sourcesView(page).locator('.monaco-list-row', { has: stdout }).first();
      const kept = /^[\d,]+ records kept · [\d,]+ evicted/;
      await row.locator('.label-description', { hasText: kept }).waitFor({ timeout: T });
      const themes = [
        ['Light Modern', 'light'],
        ['Dark Modern', 'dark'],
        ['Dark High Contrast', 'high-contrast'],
      ];
      for (const [theme, name] of themes) {
        await setTheme(page, theme);
        await page.waitForTimeout(1000);
        await screenshot(`e2e-bounded-${name}`);
      }
    },
  },
];
