// Workbench end-to-end: a user's path through Threadline in code-server, driven by clicks and keys.
// scripts/test-vscode.mjs opens the page on a copy of sample/ with Threadline loaded and calls run().

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const T = 30_000;

export async function workbenchReady(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar').waitFor({ timeout: T });
  // the extension host is up once the Threadline container is in the activity bar
  await page.locator('.activitybar [aria-label^="Threadline"]').first().waitFor({ timeout: 60_000 });
}

export async function explorerRow(page, name) {
  return page.locator('.explorer-folders-view').getByRole('treeitem', { name, exact: true }).first();
}

/** Selects the files in the Explorer (Ctrl+click adds to the selection), then runs the context-menu item. */
export async function openFromExplorer(page, names) {
  let row;
  for (const [i, name] of names.entries()) {
    row = await explorerRow(page, name);
    await row.waitFor({ timeout: T });
    await row.click({ modifiers: i === 0 ? [] : ['Control'] });
  }
  // a Ctrl+click that lands while the first file's preview editor opens can be lost: check, and add it again
  for (let attempt = 0; attempt < 3; attempt++) {
    let missing = null;
    for (const name of names) {
      if ((await (await explorerRow(page, name)).getAttribute('aria-selected')) !== 'true') {
        missing = name;
        break;
      }
    }
    if (!missing) break;
    await page.waitForTimeout(200);
    await (await explorerRow(page, missing)).click({ modifiers: ['Control'] });
  }
  await row.click({ button: 'right' });
  const item = page.locator('.context-view .monaco-menu .action-label', { hasText: 'Open in Threadline' }).first();
  await item.waitFor({ timeout: T });
  // the menu ignores a click that comes too soon after it opened: hover, then choose with Enter
  await item.hover();
  await page.keyboard.press('Enter');
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: T });
}

export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor({ timeout: T });
  await input.fill(`>${title}`);
  // the exact command, not the best fuzzy match ("Color Theme" also matches "Browse Color Themes…")
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first();
  await row.waitFor({ timeout: T });
  await row.click();
}

export function groupsView(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Groups/i }) }).first();
}

/** The editor cursor's line from the status bar, read again for a while until it says `expected` (it follows the
 * reveal). */
export async function cursorLine(page, expected) {
  const cursor = page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
  let line = 0;
  for (let i = 0; i < 50 && line !== expected; i++) {
    await cursor.waitFor({ timeout: T });
    line = Number(/Ln (\d+)/.exec((await cursor.textContent()) ?? '')?.[1]);
    if (line !== expected) await page.waitForTimeout(100);
  }
  return line;
}

/** 1-based number of the first line of the sample file `rel` that contains `text`. */
export function lineOf(folder, rel, text) {
  const n =
    readFileSync(join(folder, rel), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1;
  if (n < 1) throw new Error(`the sample's ${rel} has no line with ${text}`);
  return n;
}

/** The Groups row whose label (not description) matches. */
export async function treeRow(page, label, level = null) {
  const rows = groupsView(page).locator(
    level === null ? '.monaco-list-row' : `.monaco-list-row[aria-level="${level}"]`,
  );
  const row = rows.filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  await row.waitFor({ timeout: T });
  return row;
}

/** A trace's row: labelled by its root span, with the trace ID's first digits in the description. */
export async function traceRow(page, traceId) {
  const row = groupsView(page)
    .locator('.monaco-list-row[aria-level="1"]', {
      has: page.locator('.label-description', { hasText: traceId.slice(0, 8) }),
    })
    .first();
  await row.waitFor({ timeout: T });
  return row;
}

export async function expand(row) {
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
}

/** Drags the side bar's edge so labels and descriptions are readable in screenshots. */
export async function widenSideBar(page, width = 560) {
  const sidebar = await page.locator('.part.sidebar').first().boundingBox();
  if (!sidebar) return;
  // the sash on the side bar's right edge
  let box = null;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const b = await sash.boundingBox();
    if (b && Math.abs(b.x + b.width / 2 - (sidebar.x + sidebar.width)) < 6 && b.height > 200) {
      box = b;
      break;
    }
  }
  if (!box) return;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(width, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

export async function setTheme(page, name) {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.fill(name);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.getByText(name, { exact: true }) })
    .first();
  await row.waitFor({ timeout: T });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: T });
}

/** Expands a folder in the Explorer until `child` shows. A click that lands while the Explorer is still restoring
 * its tree can be undone by the restore, or toggle a folder it had already opened: read the state, and try again. */
async function expandExplorerFolder(page, folder, child) {
  const row = await explorerRow(page, folder);
  await row.waitFor({ timeout: T });
  const deadline = Date.now() + T;
  for (;;) {
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    const shown = await (await explorerRow(page, child)).waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    if (Date.now() > deadline) throw new Error(`the Explorer did not show ${folder}/${child}`);
  }
}

/** The workbench ready, the sample's `logs` folder expanded in the Explorer, these files opened in Threadline. */
export async function openSampleLogs(page, names, sideBarWidth) {
  await workbenchReady(page);
  await page.keyboard.press('Control+Shift+E');
  await expandExplorerFolder(page, 'logs', names[0]);
  await openFromExplorer(page, names);
  // on a loaded machine the Explorer's multi-selection can lose a file before the menu opens: open what is missing
  // (the first look waits longer: the first command also activates the extension, which can take seconds)
  for (let attempt = 0; attempt < 3; attempt++) {
    const missing = [];
    for (const name of names) {
      const row = sourcesView(page).locator('.monaco-list-row', { hasText: name }).first();
      if (
        !(await row.waitFor({ timeout: attempt === 0 ? 20_000 : 5_000 }).then(
          () => true,
          () => false,
        ))
      )
        missing.push(name);
    }
    if (missing.length === 0) break;
    // opening showed Threadline's side bar: the Explorer comes back first, its folder open
    await page.keyboard.press('Control+Shift+E');
    await expandExplorerFolder(page, 'logs', missing[0]);
    await openFromExplorer(page, missing);
  }
  await widenSideBar(page, sideBarWidth);
}

/** The Threadline Sources view. */
export function sourcesView(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Sources/i }) }).first();
}

export const tests = [
  {
    name: "open logs from the Explorer, expand a trace, search from the palette, open a record's source",
    async run({ page, folder, screenshot }) {
      await openSampleLogs(page, ['checkout.ndjson', 'orders.log', 'traces.otlp.json']);

      // the Groups view lists the traces by root span, the short key beside it: find the one whose payment was declined
      const declined = readFileSync(join(folder, 'logs/orders.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((l) => l.message.startsWith('Payment declined'));
      const trace = await traceRow(page, declined.traceId);
      const traceText = await trace.textContent();
      if (!/checkout, orders/.test(traceText) || !/\d+ errors?/.test(traceText))
        throw new Error(`trace row lacks services or errors: ${traceText}`);
      await screenshot('e2e-1-groups');

      // expand the trace down to the orders service's span and its records; the trace's row stands for its only
      // root span (POST /checkout), so the root's children sit right under it
      await expand(trace);
      await expand(await treeRow(page, /^POST orders\/orders$/, 2));
      await expand(await treeRow(page, /^POST \/orders$/, 3));
      await treeRow(page, /^Payment declined/);
      await screenshot('e2e-2-expanded');

      // fuzzy search from the palette jumps to the record and shows it in full
      await runCommand(page, 'Threadline: Search…');
      await page.locator('.quick-input-widget .quick-input-box input').first().fill('payment declined');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: /declined/i })
        .first()
        .waitFor({ timeout: T });
      await screenshot('e2e-3-search');
      await page.keyboard.press('Enter');
      const recordTab = page.locator('.tabs-container .tab', { hasText: /record-\d+\.json/ }).first();
      await recordTab.waitFor({ timeout: T });
      await page.locator('.monaco-editor .view-lines', { hasText: 'Payment declined' }).first().waitFor({ timeout: T });
      await groupsView(page)
        .locator('.monaco-list-row.selected', { hasText: 'Payment declined' })
        .first()
        .waitFor({ timeout: T });
      await screenshot('e2e-4-record');

      // Go to Source from the record's editor title lands in OrderService.java on the logging line
      await runCommand(page, 'Threadline: Go to Source');
      const javaTab = page.locator('.tabs-container .tab', { hasText: 'OrderService.java' }).first();
      await javaTab.waitFor({ timeout: T });
      const expected = lineOf(folder, 'src/main/java/com/acme/orders/OrderService.java', 'log.error("Payment declined');
      const source = await page
        .locator('.monaco-editor .view-line', { hasText: 'log.error("Payment declined' })
        .first();
      await source.waitFor({ timeout: T });
      const line = await cursorLine(page, expected);
      await screenshot('e2e-5-source');
      if (line !== expected) throw new Error(`expected OrderService.java:${expected}, the cursor is on line ${line}`);
    },
  },
  {
    name: 'themes: the tree, hints and status bar in light, dark and high-contrast themes',
    async run({ page, folder, screenshot }) {
      await openSampleLogs(page, ['orders.log', 'traces.otlp.json']);
      const declined = readFileSync(join(folder, 'logs/orders.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((l) => l.message.startsWith('Payment declined'));
      const trace = await traceRow(page, declined.traceId);
      await expand(trace);
      await expand(await treeRow(page, /^POST orders\/orders$/, 2));
      await expand(await treeRow(page, /^POST \/orders$/, 3));
      await (await treeRow(page, /^Payment declined/)).click();
      await page
        .locator('.tabs-container .tab', { hasText: /record-\d+\.json/ })
        .first()
        .waitFor({ timeout: T });
      await runCommand(page, 'Threadline: Go to Source');
      await page.locator('.tabs-container .tab', { hasText: 'OrderService.java' }).first().waitFor({ timeout: T });
      await page
        .locator('.monaco-editor .codelens-decoration', { hasText: /records? \(/ })
        .first()
        .waitFor({ timeout: T });
      for (const [theme, file] of [
        ['Light Modern', 'light'],
        ['Dark Modern', 'dark'],
        ['Dark High Contrast', 'high-contrast'],
        ['Light High Contrast', 'high-contrast-light'],
      ]) {
        await setTheme(page, theme);
        await page.waitForTimeout(300);
        await screenshot(`e2e-theme-${file}`);
      }
    },
  },
];
