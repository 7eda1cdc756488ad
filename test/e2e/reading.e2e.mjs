// Workbench end-to-end through reading a trace: a one-span group lists its records right under it, and the
// timeline's Show Logs opens the Logs view on the selected span with the selected record chosen there, its record
// shown in full in the timeline's detail pane. Screenshots in light, dark and high-contrast themes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expand, groupsView, openSampleLogs, runCommand, setTheme, traceRow, widenSideBar } from './workbench.e2e.mjs';

const T = 30_000;
const AXIS_H = 26;
const ROW_H = 22;
const THEMES = [
  ['Light Modern', 'light'],
  ['Dark Modern', 'dark'],
  ['Dark High Contrast', 'high-contrast'],
];

/** The frame of the webview whose page holds `selector` (the timeline and the Logs view are both open). */
async function frameWith(page, selector) {
  const deadline = Date.now() + T;
  while (Date.now() < deadline) {
    for (const f of page.frames()) if (await f.$(selector).catch(() => null)) return f;
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector}`);
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

async function pickGrouping(page, label) {
  await runCommand(page, 'Threadline: Group By…');
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.getByText(label, { exact: true }) })
    .first();
  await row.waitFor({ timeout: T });
  await row.click();
}

export const tests = [
  {
    name: 'reading: a one-span group lists its records; Show Logs from the timeline opens the span at its record',
    async run({ page, folder, screenshot }) {
      await page.setViewportSize({ width: 1600, height: 1000 });
      await openSampleLogs(page, ['checkout.ndjson', 'orders.log', 'traces.otlp.json'], 520);

      // Group By… is in the palette once records are read
      await groupsView(page).locator('.monaco-list-row[aria-level="1"]').first().waitFor({ timeout: T });
      // by correlation ID each request is one derived span: its records sit right under the group's row
      await pickGrouping(page, 'Correlation ID');
      const group = groupsView(page).locator('.monaco-list-row[aria-level="1"]').first();
      await group.waitFor({ timeout: T });
      await expand(group);
      const records = groupsView(page).locator('.monaco-list-row[aria-level="2"]');
      await records.first().waitFor({ timeout: T });
      // a record row has a level icon and the record's time · level in its description, a span row does not
      const first = await records.first().locator('.label-description').textContent();
      if (!/\d\d:\d\d:\d\d\.\d{3} · (INFO|WARN|ERROR|DEBUG)/.test(first ?? ''))
        throw new Error(`the group's first child is no record: ${first}`);
      for (const [theme, file] of THEMES) {
        await setTheme(page, theme);
        await page.waitForTimeout(600);
        await screenshot(`e2e-reading-group-${file}`);
      }
      await setTheme(page, 'Dark Modern');
      await pickGrouping(page, 'Trace');

      // the declined trace's timeline; its POST /orders span; the declined record in the list
      const declined = readFileSync(join(folder, 'logs/orders.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((l) => l.message.startsWith('Payment declined'));
      const trace = await traceRow(page, declined.traceId);
      await trace.hover();
      await trace.locator('.action-label[aria-label="Show Timeline"]').click();
      const tl = await frameWith(page, '.tl-scroll');
      await tl.locator('.tl-title').filter({ hasText: 'POST /checkout' }).first().waitFor({ timeout: T });
      const names = preorderNames(folder, declined.traceId);
      const row = names.indexOf('POST /orders');
      if (row < 0) throw new Error(`no POST /orders span in ${names.join(', ')}`);
      // row 0 of the waterfall is the trace's header row
      await tl.locator('.tl-scroll').click({ position: { x: 90, y: AXIS_H + (row + 1) * ROW_H + ROW_H / 2 } });
      const detail = tl.locator('.tl-detail');
      await detail.locator('.tl-detail-title', { hasText: /^POST \/orders$/ }).waitFor({ timeout: T });
      await detail.locator('.tl-record', { hasText: 'Payment declined' }).first().locator('.tl-record-message').click();
      await detail.locator('.tl-record-section .lv-message', { hasText: 'Payment declined' }).waitFor({ timeout: T });

      // the detail pane's Show Logs: the Logs view, scoped to the span, the declined record selected
      await detail.locator('.tl-detail-actions vscode-button', { hasText: 'Show Logs' }).click();
      const lv = await frameWith(page, '#logs-root');
      await lv.locator('.lv-scope', { hasText: 'POST /orders' }).waitFor({ timeout: T });
      await lv.locator('.lv-row.lv-selected', { hasText: 'Payment declined' }).waitFor({ timeout: T });
      await widenSideBar(page, 420);
      // the detail pane scrolled down to the selected record in full, for the pictures
      await tl.locator('.tl-detail-body').evaluate((b) => b.scrollTo(0, b.scrollHeight));
      for (const [theme, file] of THEMES) {
        await setTheme(page, theme);
        await page.waitForTimeout(1500);
        await screenshot(`e2e-reading-timeline-logs-${file}`);
      }
      await setTheme(page, 'Dark Modern');

      // another record picked on the timeline is chosen in the open Logs view too
      await detail.locator('.tl-record', { hasText: 'Placing order' }).first().locator('.tl-record-message').click();
      await lv.locator('.lv-row.lv-selected', { hasText: 'Placing order' }).waitFor({ timeout: T });
    },
  },
];
