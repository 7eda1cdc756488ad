// Workbench end-to-end for live sources: a command followed from the palette, then paused, resumed and stopped
// with the inline actions of its row in the Sources view (the manifest's when-clauses decide which show).

import { runCommand, sourcesView, workbenchReady } from './workbench.e2e.mjs';

const T = 30_000;

async function actionsOf(row) {
  await row.hover();
  return (
    await row.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
  )
    .filter(Boolean)
    .sort();
}

export const tests = [
  {
    name: 'sources: follow a command, pause, resume and stop it from its row in the Sources view',
    async run({ page, screenshot }) {
      await workbenchReady(page);
      await page.locator('.activitybar [aria-label^="Threadline"]').first().click();
      await sourcesView(page).waitFor({ timeout: T });

      const script =
        "let i=0;setInterval(()=>console.log(JSON.stringify({level:'info',msg:'tick '+i++,request_id:'e2e'})),50)";
      const commandLine = `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}`;
      await runCommand(page, 'Threadline: Follow Command…');
      const input = page.locator('.quick-input-widget .quick-input-box input').first();
      await input.fill(commandLine);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'run this' }).first().waitFor({ timeout: T });
      await page.keyboard.press('Enter');

      // stdout's stream (`$ cmd`), not stderr's (`$ cmd (stderr)`)
      const row = sourcesView(page)
        .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^\$ .*[^)]$/ }) })
        .first();
      await row.waitFor({ timeout: T });
      await row.locator('.label-description', { hasText: /^live · \d+ records?/ }).waitFor({ timeout: T });
      let actions = await actionsOf(row);
      if (actions.join('|') !== 'Pause Source|Restart Source|Stop Source')
        throw new Error(`running: ${actions.join(', ')}`);

      await row.locator('.action-label[aria-label="Pause Source"]').click();
      await row.locator('.label-description', { hasText: /^paused/ }).waitFor({ timeout: T });
      actions = await actionsOf(row);
      if (actions.join('|') !== 'Restart Source|Resume Source|Stop Source')
        throw new Error(`paused: ${actions.join(', ')}`);
      await screenshot('e2e-sources-paused');

      await row.locator('.action-label[aria-label="Resume Source"]').click();
      await row.locator('.label-description', { hasText: /^live/ }).waitFor({ timeout: T });

      await row.hover();
      await row.locator('.action-label[aria-label="Stop Source"]').click();
      await row.locator('.label-description', { hasText: /^\d+ records?/ }).waitFor({ timeout: T });
      actions = await actionsOf(row);
      if (actions.join('|') !== 'Restart Source') throw new Error(`stopped: ${actions.join(', ')}`);
      await screenshot('e2e-sources-stopped');
    },
  },
];
