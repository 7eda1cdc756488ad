// The panel survives hiding and reloading: the view comes back from getState() alone, with no `show` from
// the host — as when VS Code restores a panel through the serializer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, showTraces, debugView, nextFrame, waitLoaded, type TimelinePage } from './harness';
import { CHECKOUT, SECOND } from './fixtures';

let t: TimelinePage;
before(async () => {
  t = await launch();
});
after(async () => {
  await t?.close();
});

test('groups, zoom, scroll, selection, collapsed spans, search and critical path are restored', async () => {
  await t.open('dark');
  await showTraces(t.page, [CHECKOUT, SECOND]);
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('ArrowDown');
  await t.page.keyboard.press('ArrowDown');
  await t.page.keyboard.press('ArrowDown'); // db.query
  await t.page.keyboard.press('ArrowLeft'); // collapse it
  await t.page.keyboard.press('w');
  await t.page.keyboard.press('w');
  await t.page.keyboard.press('c');
  await t.page.click('.tl-search');
  await t.page.keyboard.type('render');
  await t.page.waitForFunction(() => /match/.test(document.querySelector('.tl-match-count')?.textContent ?? ''));
  await t.page.waitForTimeout(400); // state is saved a moment after the last change
  const before = await debugView(t.page);

  // The script reloads; the fake host keeps the state the page saved, and sends nothing.
  await t.open('dark', false);
  await waitLoaded(t.page, '');
  await t.page.waitForFunction(() => /match/.test(document.querySelector('.tl-match-count')?.textContent ?? ''));
  await nextFrame(t.page);
  const after = await debugView(t.page);
  assert.equal(after.rows, before.rows, 'same rows, db.query still collapsed');
  assert.equal(after.rows, 10);
  assert.ok(
    Math.abs(after.axis.start - before.axis.start) < 1 && Math.abs(after.axis.end - before.axis.end) < 1,
    'same zoom',
  );
  assert.deepEqual(after.selected, before.selected);
  assert.equal(
    await t.page.evaluate(() => (document.querySelector('.tl-search') as unknown as { value: string }).value),
    'render',
  );
  assert.equal(after.hits.length, before.hits.length);
  assert.equal(await t.page.getAttribute('vscode-toolbar-button[icon="flame"]', 'aria-pressed'), 'true');
  await t.page.waitForFunction(
    () => document.querySelector('.tl-detail-title')?.textContent === 'db.query SELECT orders',
  );
  const hostSent = await t.page.evaluate(() =>
    (window as unknown as { fakeHost: { posted: { type: string }[] } }).fakeHost.posted.map((m) => m.type),
  );
  assert.ok(hostSent.includes('openGroup'), 'the restored page asked for its groups itself');
  assert.deepEqual(t.errors, []);
});

test('a fresh show replaces the restored view', async () => {
  await t.open('dark', false);
  await waitLoaded(t.page, '');
  const loaded = await t.page.evaluate(() => document.getElementById('timeline-root')!.dataset.loaded ?? '');
  await t.page.evaluate(
    (g) =>
      (window as unknown as { fakeHost: { addTraces(s: unknown): void; show(g: string[]): void } }).fakeHost.show([g]),
    SECOND.groupId,
  );
  await waitLoaded(t.page, loaded);
  const v = await debugView(t.page);
  assert.equal(v.rows, 3);
  assert.equal(v.selected, null);
});
