// Zoom, pan, selection, search, keyboard, critical path and the two-way links, driven like a user would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launch, showTraces, debugView, xOf, barY, laneY, nextFrame, type TimelinePage } from './harness';
import { CHECKOUT } from './fixtures';

let t: TimelinePage;
before(async () => {
  t = await launch();
});
after(async () => {
  await t?.close();
});

const canvasTop = (p: Page) => p.$eval('.tl-canvas', (c) => c.getBoundingClientRect().top);
const posted = (p: Page) =>
  p.evaluate(() =>
    (window as unknown as { fakeHost: { posted: { type: string; [k: string]: unknown }[] } }).fakeHost.posted.filter(
      (m) => !('requestId' in m),
    ),
  );
const fresh = async () => {
  await t.open('dark');
  await showTraces(t.page, [CHECKOUT]);
};

test('ctrl+wheel (pinch) zooms around the pointer', async () => {
  await fresh();
  const v0 = await debugView(t.page);
  const top = await canvasTop(t.page);
  const x = Math.round(xOf(v0, 40e6));
  const t0 = v0.axis.start + ((x - v0.axis.x0) * (v0.axis.end - v0.axis.start)) / v0.axis.width;
  await t.page.mouse.move(x, top + barY(v0, 3));
  await t.page.keyboard.down('Control');
  await t.page.mouse.wheel(0, -300);
  await t.page.keyboard.up('Control');
  await nextFrame(t.page);
  const v1 = await debugView(t.page);
  assert.ok(v1.axis.end - v1.axis.start < (v0.axis.end - v0.axis.start) * 0.6, 'zoomed in');
  const tUnder = v1.axis.start + ((x - v1.axis.x0) * (v1.axis.end - v1.axis.start)) / v1.axis.width;
  assert.ok(Math.abs(tUnder - t0) < 1, `the time under the pointer stays (${t0} → ${tUnder})`);
});

test('plain wheel over the time axis zooms; keys zoom and reset', async () => {
  await fresh();
  const v0 = await debugView(t.page);
  const top = await canvasTop(t.page);
  await t.page.mouse.move(xOf(v0, 50e6), top + 10);
  await t.page.mouse.wheel(0, -200);
  await nextFrame(t.page);
  const v1 = await debugView(t.page);
  assert.ok(v1.axis.end - v1.axis.start < v0.axis.end - v0.axis.start);
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('0');
  await nextFrame(t.page);
  const v2 = await debugView(t.page);
  assert.ok(
    Math.abs(v2.axis.start - v0.axis.start) < 1 && Math.abs(v2.axis.end - v0.axis.end) < 1,
    '0 shows everything',
  );
  await t.page.keyboard.press('+');
  await nextFrame(t.page);
  assert.ok((await debugView(t.page)).axis.end - (await debugView(t.page)).axis.start < v0.axis.end - v0.axis.start);
});

test('drag pans by the distance moved; Shift+Arrow and A/D pan too', async () => {
  await fresh();
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('w');
  await t.page.keyboard.press('w');
  const v0 = await debugView(t.page);
  const top = await canvasTop(t.page);
  const scale = v0.axis.width / (v0.axis.end - v0.axis.start);
  await t.page.mouse.move(700, top + 300);
  await t.page.mouse.down();
  await t.page.mouse.move(650, top + 300, { steps: 5 });
  await t.page.mouse.up();
  await nextFrame(t.page);
  const v1 = await debugView(t.page);
  assert.ok(
    Math.abs((v1.axis.start - v0.axis.start) * scale - 50) < 1.5,
    `moved 50 px (got ${(v1.axis.start - v0.axis.start) * scale})`,
  );
  assert.equal(v1.selected, null, 'a drag is not a click');
  await t.page.keyboard.press('Shift+ArrowLeft');
  const v2 = await debugView(t.page);
  assert.ok(v2.axis.start < v1.axis.start);
  await t.page.keyboard.press('d');
  assert.ok((await debugView(t.page)).axis.start > v2.axis.start);
});

test('clicking a bar selects it, fills the detail pane and tells the host', async () => {
  await fresh();
  const v = await debugView(t.page);
  const top = await canvasTop(t.page);
  await t.page.mouse.click(xOf(v, 45e6), top + barY(v, 3));
  await t.page.waitForSelector('.tl-attrs');
  assert.deepEqual((await debugView(t.page)).selected, { group: 0, span: 2, marker: -1 });
  assert.equal(await t.page.textContent('.tl-detail-title'), 'db.query SELECT orders');
  const detail = await t.page.textContent('.tl-detail');
  for (const s of [
    'deadline exceeded',
    'db.statement',
    'SELECT * FROM orders WHERE id = $1',
    'exception',
    'TimeoutError',
    'Self time31 ms',
    'Duration35 ms',
  ])
    assert.ok(detail!.includes(s), s);
  await t.page.waitForSelector('.tl-record');
  assert.deepEqual(await t.page.$$eval('.tl-record-message', (e) => e.map((x) => x.textContent)), [
    'slow query, retrying',
    'query timeout after 30000ms',
  ]);
  const sel = (await posted(t.page)).filter((m) => m.type === 'select');
  assert.deepEqual(sel.at(-1), { type: 'select', groupId: CHECKOUT.groupId, spanIndex: 2, recordId: null });
});

test('hover shows name, service, duration and self time', async () => {
  await fresh();
  const v = await debugView(t.page);
  await t.page.mouse.move(xOf(v, 80e6), (await canvasTop(t.page)) + barY(v, 1));
  await t.page.waitForSelector('.tl-tooltip:not([hidden])');
  const tip = await t.page.textContent('.tl-tooltip');
  for (const s of ['GET /checkout', 'Service: frontend', 'Duration: 100 ms', 'Self time: 20 ms'])
    assert.ok(tip!.includes(s), s);
});

test('clicking a marker selects its record; Go to Source posts the record id', async () => {
  await fresh();
  const v = await debugView(t.page);
  const top = await canvasTop(t.page);
  await t.page.mouse.click(Math.floor(xOf(v, 58e6)) + 1, top + laneY(v, 3));
  await t.page.waitForSelector('.tl-record-marked');
  const sel = (await debugView(t.page)).selected!;
  assert.equal(sel.span, 2);
  assert.equal(await t.page.textContent('.tl-record-marked .tl-record-message'), 'query timeout after 30000ms');
  await t.page.click('.tl-record-marked vscode-icon');
  const go = (await posted(t.page)).filter((m) => m.type === 'goToSource');
  assert.deepEqual(go.at(-1), { type: 'goToSource', recordId: 2 });
  // G does the same from the keyboard.
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('g');
  assert.equal((await posted(t.page)).filter((m) => m.type === 'goToSource').length, 2);
});

test('a selected record shows in full below the list, as in the Logs view: fields, frames that open', async () => {
  await fresh();
  const v = await debugView(t.page);
  await t.page.mouse.click(Math.floor(xOf(v, 58e6)) + 1, (await canvasTop(t.page)) + laneY(v, 3));
  const view = t.page.locator('.tl-record-section .lv-record');
  await view.waitFor();
  // the shared renderer's parts: facts, message, stack as frames, fields as a tree
  const facts = await view.locator('.lv-fact-key').allTextContents();
  for (const k of ['time', 'level', 'trace', 'span', 'read from', 'source']) assert.ok(facts.includes(k), k);
  assert.equal(await view.locator('.lv-message').textContent(), 'query timeout after 30000ms');
  assert.equal(await view.locator('.lv-frame-own .lv-frame-link').count(), 1, "the application's frame");
  assert.equal(await view.locator('.lv-frame-lib .lv-frame-link').count(), 1, "the library's frame");
  assert.match((await view.locator('.lv-fields').textContent())!, /statementSELECT \* FROM orders/);
  // its links reach the host: the frame by its line, Copy, Go to Source, Show in Logs (span and record)
  await view.locator('.lv-frame-own .lv-frame-link').click();
  await view.getByText('Copy as JSON').click();
  await view.getByText('Go to Source').click();
  await view.getByText('Show in Logs').click();
  const sent = (await posted(t.page)).slice(-4);
  assert.deepEqual(sent, [
    { type: 'openFrame', recordId: 2, line: 1 },
    { type: 'copyRecord', recordId: 2 },
    { type: 'goToSource', recordId: 2 },
    { type: 'showLogs', groupId: CHECKOUT.groupId, spanIndex: 2, recordId: 2 },
  ]);
  // another record of the list replaces it; another span hides it
  await t.page.locator('.tl-record', { hasText: 'slow query, retrying' }).click();
  await t.page.locator('.tl-record-section .lv-message', { hasText: 'slow query, retrying' }).waitFor();
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('ArrowUp');
  await t.page.waitForSelector('.tl-record-section', { state: 'hidden' });
  assert.deepEqual(t.errors, []);
});

test('Show Logs: the toolbar opens the trace, the detail pane and L the selected span, with its record', async () => {
  await fresh();
  const showLogs = async () => (await posted(t.page)).filter((m) => m.type === 'showLogs');
  // nothing selected: the toolbar button names the trace alone
  await t.page.click('vscode-toolbar-button[label="Show Logs of the trace"]');
  assert.deepEqual((await showLogs()).at(-1), {
    type: 'showLogs',
    groupId: CHECKOUT.groupId,
    spanIndex: null,
    recordId: null,
  });
  // a record marker selected: the span's button in the detail pane names span and record
  const v = await debugView(t.page);
  const top = await canvasTop(t.page);
  await t.page.mouse.click(Math.floor(xOf(v, 58e6)) + 1, top + laneY(v, 3));
  await t.page.waitForSelector('.tl-record-marked');
  const button = t.page.locator('.tl-detail-actions vscode-button', { hasText: 'Show Logs' });
  await button.click();
  assert.deepEqual((await showLogs()).at(-1), {
    type: 'showLogs',
    groupId: CHECKOUT.groupId,
    spanIndex: 2,
    recordId: 2,
  });
  // the toolbar still means the whole trace, keeping the selected record
  await t.page.click('vscode-toolbar-button[label="Show Logs of the trace"]');
  assert.deepEqual((await showLogs()).at(-1), {
    type: 'showLogs',
    groupId: CHECKOUT.groupId,
    spanIndex: null,
    recordId: 2,
  });
  // from the keyboard: L on the waterfall, and the detail button takes focus and Enter
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('l');
  assert.equal((await showLogs()).length, 4);
  assert.equal((await showLogs()).at(-1)!.spanIndex, 2);
  await button.focus();
  await t.page.keyboard.press('Enter');
  assert.equal((await showLogs()).length, 5);
});

test(
  'keyboard: arrows walk rows, left/right fold and climb, ' + 'Enter zooms to the span, [ ] step through records',
  async () => {
    await fresh();
    await t.page.focus('.tl-scroll');
    await t.page.keyboard.press('ArrowDown');
    assert.equal((await debugView(t.page)).selected?.span, 0);
    await t.page.keyboard.press('ArrowRight');
    assert.equal((await debugView(t.page)).selected?.span, 1, 'right on an expanded parent goes to its first child');
    await t.page.keyboard.press('ArrowDown');
    await t.page.keyboard.press('ArrowLeft');
    assert.equal((await debugView(t.page)).rows, 7, 'left on an expanded span collapses it');
    await t.page.keyboard.press('ArrowRight');
    assert.equal((await debugView(t.page)).rows, 8);
    await t.page.keyboard.press('Enter');
    const v = await debugView(t.page);
    assert.ok(v.axis.start <= 25e6 && v.axis.end >= 60e6 && v.axis.end - v.axis.start < 50e6, 'zoomed to db.query');
    await t.page.keyboard.press(']');
    assert.deepEqual((await debugView(t.page)).selected, { group: 0, span: 2, marker: 1 });
    await t.page.keyboard.press(']');
    assert.equal((await debugView(t.page)).selected?.marker, 2);
    await t.page.keyboard.press('ArrowUp');
    await t.page.keyboard.press('ArrowLeft');
    assert.equal((await debugView(t.page)).selected?.span, 0, 'left on a leaf goes to its parent');
    assert.match((await t.page.textContent('.tl-sr-only'))!, /GET \/checkout, frontend, 100 ms/);
    assert.equal(await t.page.evaluate(() => document.activeElement?.className), 'tl-scroll');
  },
);

test('fuzzy search finds spans and records and steps through them', async () => {
  await fresh();
  await t.page.click('.tl-search');
  await t.page.keyboard.type('db.qurey');
  await t.page.waitForFunction(() => /match/.test(document.querySelector('.tl-match-count')?.textContent ?? ''));
  let v = await debugView(t.page);
  assert.ok(
    v.hits.some((h) => h.span === 2 && h.marker === -1),
    'the misspelt span name matches',
  );
  await t.page.keyboard.press('Enter');
  v = await debugView(t.page);
  assert.equal(v.selected?.span, v.hits[0]!.span);
  assert.match((await t.page.textContent('.tl-match-count'))!, /^1 \/ \d+$/);
  // A record message: the hit selects the record's marker.
  await t.page.fill('.tl-search >> input', '');
  await t.page.click('.tl-search');
  await t.page.keyboard.type('heartbeat');
  await t.page.waitForFunction(() => /1 match/.test(document.querySelector('.tl-match-count')?.textContent ?? ''));
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('n');
  v = await debugView(t.page);
  assert.deepEqual(v.selected, { group: 0, span: 6, marker: 4 });
  await t.page.keyboard.press('Escape');
  await nextFrame(t.page);
  assert.equal((await debugView(t.page)).hits.length, 0);
});

test('critical path on request: C toggles it, concurrent work stays off it', async () => {
  await fresh();
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('c');
  await t.page.waitForFunction(
    () =>
      (window as unknown as { __threadlineTimeline: { debug(): { critical: unknown } } }).__threadlineTimeline.debug()
        .critical !== null,
  );
  const spans = await t.page.evaluate(() =>
    [
      ...(
        window as unknown as { __threadlineTimeline: { debug(): { critical: { bySpan: Map<number, number[]>[] } } } }
      ).__threadlineTimeline
        .debug()
        .critical.bySpan[0]!.keys(),
    ].sort(),
  );
  assert.deepEqual(spans, [0, 1, 2, 3, 5]);
  assert.equal(await t.page.getAttribute('vscode-toolbar-button[icon="flame"]', 'aria-pressed'), 'true');
  await t.page.keyboard.press('c');
  assert.equal(await t.page.getAttribute('vscode-toolbar-button[icon="flame"]', 'aria-pressed'), 'false');
});

test('reveal from the tree selects, expands and scrolls to the span or record', async () => {
  await fresh();
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('ArrowDown');
  await t.page.keyboard.press('ArrowLeft'); // collapse the root: pool.acquire is hidden
  assert.equal((await debugView(t.page)).rows, 3);
  await t.page.evaluate(
    (g) =>
      (window as unknown as { fakeHost: { reveal(x: unknown): void } }).fakeHost.reveal({
        groupId: g,
        spanIndex: 3,
        markerIndex: null,
      }),
    CHECKOUT.groupId,
  );
  await t.page.waitForFunction(
    () =>
      (
        window as unknown as { __threadlineTimeline: { debug(): { selected: { span: number } | null } } }
      ).__threadlineTimeline.debug().selected?.span === 3,
  );
  assert.equal((await debugView(t.page)).rows, 8, 'ancestors expanded');
  await t.page.waitForFunction(() => document.querySelector('.tl-detail-title')?.textContent === 'pool.acquire');
  const marker = await t.page.evaluate(
    (g) =>
      (window as unknown as { fakeHost: { markerIndex(g: string, r: number): number } }).fakeHost.markerIndex(g, 1),
    CHECKOUT.groupId,
  );
  await t.page.evaluate(
    ({ g, m }) =>
      (window as unknown as { fakeHost: { reveal(x: unknown): void } }).fakeHost.reveal({
        groupId: g,
        spanIndex: null,
        markerIndex: m,
      }),
    { g: CHECKOUT.groupId, m: marker },
  );
  await t.page.waitForSelector('.tl-record-marked');
  assert.equal(await t.page.textContent('.tl-record-marked .tl-record-message'), 'slow query, retrying');
  // Revealing from the host must not echo a selection back to it.
  assert.equal((await posted(t.page)).filter((m) => m.type === 'select').length, 1);
});

test('every toolbar control has an accessible name', async () => {
  await fresh();
  const unnamed = await t.page.$$eval(
    'vscode-toolbar-button, vscode-textfield, vscode-button',
    (els) => els.filter((e) => !e.getAttribute('aria-label')).length,
  );
  assert.equal(unnamed, 0);
  assert.ok(await t.page.getAttribute('.tl-scroll', 'aria-label'));
  assert.equal(await t.page.getAttribute('.tl-scroll', 'tabindex'), '0');
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('?');
  assert.equal(await t.page.isVisible('.tl-help'), true);
  assert.deepEqual(t.errors, []);
});

test('the minimap shows the window and moves the view where it is clicked', async () => {
  await fresh();
  await t.page.focus('.tl-scroll');
  for (let i = 0; i < 4; i++) await t.page.keyboard.press('+');
  const v0 = await debugView(t.page);
  const mm = await t.page.$eval('.tl-minimap', (c) => {
    const r = c.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
  // Click at 75% of the trace's extent along the minimap's time strip.
  const x = mm.left + v0.labelWidth + 0.75 * (mm.width - v0.labelWidth);
  await t.page.mouse.click(x, mm.top + mm.height / 2);
  await nextFrame(t.page);
  const v1 = await debugView(t.page);
  const centre = (v1.axis.start + v1.axis.end) / 2;
  assert.ok(
    Math.abs(centre - (v1.axis.min + 0.75 * (v1.axis.max - v1.axis.min))) < (v1.axis.end - v1.axis.start) * 0.05,
    'view centred on the click',
  );
  assert.ok(Math.abs(v1.axis.end - v1.axis.start - (v0.axis.end - v0.axis.start)) < 1, 'zoom kept');
});

test('Go to Source on a span posts its first record; the host changing a group reloads it in place', async () => {
  await fresh();
  const v = await debugView(t.page);
  await t.page.mouse.click(xOf(v, 45e6), (await canvasTop(t.page)) + barY(v, 3));
  await t.page.click('vscode-button[aria-label="Go to Source"]');
  assert.deepEqual((await posted(t.page)).filter((m) => m.type === 'goToSource').at(-1), {
    type: 'goToSource',
    recordId: 1,
  });
  // A live source adds a record to db.query: the host says the group changed.
  const grown = {
    ...CHECKOUT,
    records: [...CHECKOUT.records, { span: 'a000000000000003', at: 59, level: 'fatal' as const, message: 'giving up' }],
  };
  const loaded = await t.page.evaluate(() => document.getElementById('timeline-root')!.dataset.loaded ?? '');
  await t.page.evaluate((g) => {
    const h = (window as unknown as { fakeHost: { addTraces(s: unknown): void; invalidate(g: string[]): void } })
      .fakeHost;
    h.addTraces([g]);
    h.invalidate([g.groupId]);
  }, grown);
  await t.page.waitForFunction((b) => document.getElementById('timeline-root')!.dataset.loaded !== b, loaded);
  assert.match((await t.page.textContent('.tl-stats'))!, /6 records · 3 errors/);
  const after = await debugView(t.page);
  assert.equal(after.selected?.span, 2, 'selection kept');
  assert.ok(Math.abs(after.axis.start - v.axis.start) < 1, 'view kept');
});

test("hovering a marker shows its record's level, time, message and source", async () => {
  await fresh();
  const v = await debugView(t.page);
  await t.page.mouse.move(Math.floor(xOf(v, 58e6)) + 1, (await canvasTop(t.page)) + laneY(v, 3));
  await t.page.waitForFunction(() => document.querySelector('.tl-tooltip')?.textContent?.includes('query timeout'));
  const tip = (await t.page.textContent('.tl-tooltip'))!;
  for (const s of ['ERROR record', 'at +33 ms into the span', 'query timeout after 30000ms', 'src/db.ts:91'])
    assert.ok(tip.includes(s), s);
});
