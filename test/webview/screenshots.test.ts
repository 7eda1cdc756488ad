// Screenshots in light, dark and high-contrast themes under test-results/, with a check per theme that the
// canvas really follows the theme (background and an error marker read back in the theme's colours).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  launch,
  showTraces,
  debugView,
  pixel,
  hexRgb,
  near,
  xOf,
  laneY,
  nextFrame,
  root,
  type TimelinePage,
} from './harness';
import { CHECKOUT, SECOND } from './fixtures';
import { THEMES, type ThemeName } from './page/themes';

let t: TimelinePage;
before(async () => {
  t = await launch({ width: 1280, height: 720 });
});
after(async () => {
  await t?.close();
});

for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
  test(`screenshot in ${theme} theme`, async () => {
    await t.open(theme);
    await showTraces(t.page, [CHECKOUT, SECOND]);
    const vars = THEMES[theme].vars;
    // Select the failing query through the keyboard, search for a record, show the critical path.
    await t.page.focus('.tl-scroll');
    for (let i = 0; i < 3; i++) await t.page.keyboard.press('ArrowDown');
    await t.page.keyboard.press('c');
    await t.page.click('.tl-search');
    await t.page.keyboard.type('timeout');
    await t.page.waitForFunction(() => document.querySelector('.tl-match-count')?.textContent?.includes('match'));
    await t.page.focus('.tl-scroll');
    await t.page.waitForSelector('.tl-record');
    await t.page.mouse.move(700, 150);
    await nextFrame(t.page);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await t.page.screenshot({ path: join(root, 'test-results', `timeline-${theme}.png`) });
    const v = await debugView(t.page);
    const h = await t.page.evaluate(() => document.querySelector<HTMLCanvasElement>('.tl-canvas')!.height);
    assert.ok(
      near(await pixel(t.page, v.labelWidth + 5, h - 4), hexRgb(vars['editor-background']!)),
      'canvas background follows the theme',
    );
    // The error record of db.query (row 3) at 58 ms, in the theme's error colour.
    const x = Math.floor(xOf(v, 58e6));
    assert.ok(
      near(await pixel(t.page, x + 1, laneY(v, 3)), hexRgb(vars['editorError-foreground']!)),
      'error marker in the theme error colour',
    );
    assert.deepEqual(t.errors, []);
  });
}

test('switching the theme while open recolours the canvas', async () => {
  await t.open('dark');
  await showTraces(t.page, [CHECKOUT]);
  const h = await t.page.evaluate(() => document.querySelector<HTMLCanvasElement>('.tl-canvas')!.height);
  const v = await debugView(t.page);
  assert.ok(near(await pixel(t.page, v.labelWidth + 5, h - 4), hexRgb(THEMES.dark.vars['editor-background']!)));
  await t.page.evaluate(() =>
    (window as unknown as { fakeHost: { setTheme(n: string): void } }).fakeHost.setTheme('light'),
  );
  await nextFrame(t.page);
  assert.ok(near(await pixel(t.page, v.labelWidth + 5, h - 4), hexRgb(THEMES.light.vars['editor-background']!)));
});
