// Reads pixels back from the canvas: bars where the axis puts them, in their service's theme colour; log
// markers in their level's colour; collapsed subtrees gone; stacked traces on one axis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  showTraces,
  debugView,
  pixel,
  hexRgb,
  near,
  xOf,
  barY,
  laneY,
  nextFrame,
  type TimelinePage,
} from './harness';
import { CHECKOUT, SECOND } from './fixtures';
import { THEMES } from './page/themes';

let t: TimelinePage;
before(async () => {
  t = await launch();
});
after(async () => {
  await t?.close();
});

const dark = THEMES.dark.vars;
/** The colour the legend shows for a service: the bars must match what the user is told. */
const serviceRgb = (name: string) =>
  t.page.evaluate((n) => {
    const item = [...document.querySelectorAll('.tl-legend-item')].find((e) => e.textContent === n)!;
    const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(getComputedStyle(item.querySelector('.tl-swatch')!).backgroundColor)!;
    return [Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number];
  }, name);

test('header shows duration, services, spans, records and errors', async () => {
  await t.open('dark');
  await showTraces(t.page, [CHECKOUT]);
  assert.equal(await t.page.textContent('.tl-title'), 'GET /checkout');
  assert.equal(await t.page.textContent('.tl-stats'), '100 ms · 4 services · 6 spans · 5 records · 2 errors');
  const legend = await t.page.$$eval('.tl-legend-item', (e) => e.map((x) => x.textContent));
  assert.deepEqual(legend, ['frontend', 'auth', 'db', 'cache']);
  const swatches = await t.page.$$eval('.tl-swatch', (e) => e.map((x) => getComputedStyle(x).backgroundColor));
  assert.equal(new Set(swatches).size, 4, 'four services, four colours');
  const themeColours = Object.values(dark).map((c) => c.toLowerCase());
  for (const c of swatches) {
    const [r, g, b] = /\d+/g[Symbol.match](c)!.map(Number);
    assert.ok(
      themeColours.includes(`#${[r, g, b].map((x) => x!.toString(16).padStart(2, '0')).join('')}`),
      `${c} comes from the theme`,
    );
  }
});

test('bars sit at their times in their service colour, with nothing beyond their ends', async () => {
  await t.open('dark');
  await showTraces(t.page, [CHECKOUT]);
  const v = await debugView(t.page);
  // Row 3 is db.query (25–60 ms, service db, error); row 5 cache.get (28–35 ms).
  const db = await serviceRgb('db');
  const mid = xOf(v, 45e6);
  assert.ok(near(await pixel(t.page, mid, barY(v, 3)), db), 'inside db.query');
  assert.ok(near(await pixel(t.page, xOf(v, 25e6) + 3, barY(v, 3)), db), 'just after its start');
  assert.ok(!near(await pixel(t.page, xOf(v, 25e6) - 4, barY(v, 3)), db), 'not before its start');
  assert.ok(!near(await pixel(t.page, xOf(v, 60e6) + 4, barY(v, 3)), db), 'not after its end');
  assert.ok(near(await pixel(t.page, xOf(v, 31e6), barY(v, 5)), await serviceRgb('cache')), 'cache.get');
  // db.query has error status: outlined in the theme's error colour just above the bar.
  assert.ok(
    near(await pixel(t.page, mid, barY(v, 3) - 6), hexRgb(dark['editorError-foreground']!), 12),
    'error outline',
  );
  assert.ok(
    !near(await pixel(t.page, xOf(v, 31e6), barY(v, 5) - 6), hexRgb(dark['editorError-foreground']!), 12),
    'no outline on a healthy span',
  );
});

test("log markers are drawn in their level colour on their span's row", async () => {
  await t.open('dark');
  await showTraces(t.page, [CHECKOUT]);
  const v = await debugView(t.page);
  const at = async (ms: number, row: number) => pixel(t.page, Math.floor(xOf(v, ms * 1e6)) + 1, laneY(v, row));
  assert.ok(near(await at(40, 3), hexRgb(dark['editorWarning-foreground']!)), 'warn marker');
  assert.ok(near(await at(58, 3), hexRgb(dark['editorError-foreground']!)), 'error marker');
  assert.ok(near(await at(10, 2), hexRgb(dark['charts-blue']!)), 'info marker on auth.verify');
  assert.ok(near(await at(50, 7), hexRgb(dark['charts-blue']!)), 'record without a span on its own row');
  assert.ok(!near(await at(45, 3), hexRgb(dark['editorError-foreground']!)), 'no marker where there is no record');
});

test('collapsing a span removes its subtree rows and expanding restores them', async () => {
  await t.open('dark');
  await showTraces(t.page, [CHECKOUT]);
  const before = await debugView(t.page);
  // Click the chevron of db.query (row 3, depth 1).
  await t.page.mouse.click(
    8 + 12 + 4,
    26 + 3 * 22 + 11 + (await t.page.$eval('.tl-canvas', (c) => c.getBoundingClientRect().top)),
  );
  await nextFrame(t.page);
  const after1 = await debugView(t.page);
  assert.equal(after1.rows, before.rows - 1, 'pool.acquire hidden');
  // Row 4 now holds cache.get.
  assert.ok(near(await pixel(t.page, xOf(after1, 31e6), barY(after1, 4)), await serviceRgb('cache')));
  await t.page.keyboard.press('Space');
  await nextFrame(t.page);
  assert.equal((await debugView(t.page)).rows, before.rows);
});

test('several traces stack on one time axis, at their real offsets or aligned', async () => {
  await t.open('dark');
  await showTraces(t.page, [CHECKOUT, SECOND]);
  const v = await debugView(t.page);
  assert.equal(v.rows, 8 + 3);
  assert.equal(v.axis.max, 190e6, 'second trace starts 150 ms after the first and lasts 40 ms');
  // payments.charge (4–36 ms of the second trace) is row 10, at 154–186 ms on the shared axis.
  const pay = await serviceRgb('payments');
  assert.ok(near(await pixel(t.page, xOf(v, 170e6), barY(v, 10)), pay));
  await t.page.click('vscode-toolbar-button[icon="git-compare"]');
  await nextFrame(t.page);
  const a = await debugView(t.page);
  assert.equal(a.axis.max, 100e6, 'aligned at their starts, the longest is 100 ms');
  assert.ok(near(await pixel(t.page, xOf(a, 20e6), barY(a, 10)), pay));
});

test('time axis labels adapt from nanoseconds to seconds', async () => {
  const { tickLabel, tickStep, formatDuration } = await import('../../webview/format');
  assert.equal(formatDuration(850), '850 ns');
  assert.equal(formatDuration(1250), '1.25 µs');
  assert.equal(formatDuration(12.34e6), '12.3 ms');
  assert.equal(formatDuration(1.5e9), '1.5 s');
  assert.equal(formatDuration(125e9), '2 min 5 s');
  assert.equal(tickStep(1), 100);
  assert.equal(tickStep(1e6 / 90), 1e6);
  assert.equal(tickLabel(2e6, 1e6), '2 ms');
  assert.equal(tickLabel(250, 50), '250 ns');
  assert.equal(tickLabel(1.5e9, 5e8), '1.5 s');
});
