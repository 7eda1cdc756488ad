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
  barY,
  nextFrame,
  root,
  type TimelinePage,
} from './harness';
import { CHECKOUT, SECOND } from './fixtures';
import { THEMES, type ThemeName } from './page/themes';
import { contrastsOf } from './page/contrast';

/** "rgb(1, 2, 3)" or "color(srgb 0.1 0.2 0.3)" (how Chromium gives back a color-mix) as bytes. */
function rgbOf(css: string): [number, number, number] {
  const rgb = /rgba?\((\d+), (\d+), (\d+)/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(css);
  assert.ok(srgb, `a colour: ${css}`);
  return [1, 2, 3].map((i) => Math.round(Number(srgb[i]) * 255)) as [number, number, number];
}

/** `a` mixed with `b` in sRGB, `share` of `a` (CSS color-mix). */
function mix(a: string, b: string, share: number): [number, number, number] {
  const [x, y] = [hexRgb(a), hexRgb(b)];
  return [0, 1, 2].map((i) => Math.round(x[i]! * share + y[i]! * (1 - share))) as [number, number, number];
}

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
    // The error record of db.query (row 3) at 58 ms, in the error level's colour (levels.css), the same as its
    // level text in the record list: the theme's error colour, mixed toward the text colour in light themes.
    const x = Math.floor(xOf(v, 58e6));
    const levelError = await t.page.$eval('.tl-record .tl-level-error', (e) => getComputedStyle(e).color);
    const marker = await pixel(t.page, x + 1, laneY(v, 3));
    assert.ok(near(marker, rgbOf(levelError)), `error marker ${marker} in the error level's colour ${levelError}`);
    if (theme !== 'light')
      assert.ok(near(marker, hexRgb(vars['editorError-foreground']!)), 'which is the theme error colour');
    else assert.ok(near(marker, mix(vars['editorError-foreground']!, vars.foreground!, 0.8), 2), 'mixed 80/20');
    if (theme === 'high-contrast') {
      // the selected row (db.query, row 3) is outlined, not filled with the theme's white editor selection
      const under = await pixel(t.page, v.labelWidth + 2, laneY(v, 3) - 6);
      assert.ok(near(under, hexRgb(vars['editor-background']!)), `selected row unfilled: ${under}`);
    }
    assert.deepEqual(t.errors, []);
  });
}

for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
  test(`${theme}: a selected record in full in the detail pane; its list row and the pane read at 4.5:1`, async () => {
    await t.open(theme);
    await showTraces(t.page, [CHECKOUT]);
    const v = await debugView(t.page);
    const top = await t.page.$eval('.tl-canvas', (c) => c.getBoundingClientRect().top);
    await t.page.mouse.click(Math.floor(xOf(v, 58e6)) + 1, top + laneY(v, 3));
    await t.page.locator('.tl-record-section .lv-record').waitFor();
    await t.page.mouse.move(5, 700);
    await t.page.evaluate(() => document.querySelector('.tl-detail-body')!.scrollTo(0, 1e6));
    await nextFrame(t.page);
    await t.page.screenshot({ path: join(root, 'test-results', `timeline-record-${theme}.png`) });
    for (const sel of [
      '.tl-record-marked .tl-level',
      '.tl-record-marked .tl-record-message',
      '.tl-record-marked .tl-record-time',
      '.tl-record:not(.tl-record-marked) .tl-level',
      '.tl-record-section .lv-fact-value',
      '.tl-record-section .lv-message',
    ]) {
      const found = await contrastsOf(t.page, sel);
      assert.ok(found.length > 0, sel);
      for (const c of found)
        assert.ok(c.ratio >= 4.5, `${theme}: ${sel} "${c.text}" ${c.colour} on ${c.background}: ${c.ratio}`);
    }
    assert.deepEqual(t.errors, []);
  });
}

for (const theme of ['light', 'dark'] as ThemeName[]) {
  test(`${theme}: a selected failed span is named in the selection's text colour, not in red`, async () => {
    await t.open(theme);
    await showTraces(t.page, [CHECKOUT]);
    const vars = THEMES[theme].vars;
    const v0 = await debugView(t.page);
    const top = await t.page.$eval('.tl-canvas', (c) => c.getBoundingClientRect().top);
    // db.query (row 3) failed: its name is red until it is selected
    const colours = async () => {
      const v = await debugView(t.page);
      return t.page.evaluate(
        ({ x0, x1, y0 }) => {
          const c = document.querySelector<HTMLCanvasElement>('.tl-canvas')!;
          const d = c.getContext('2d')!.getImageData(x0, y0, x1 - x0, 14).data;
          const out: number[][] = [];
          for (let k = 0; k < d.length; k += 4) out.push([d[k]!, d[k + 1]!, d[k + 2]!]);
          return out;
        },
        { x0: 30, x1: Math.floor(v.labelWidth) - 6, y0: Math.round(barY(v, 3) - 4) },
      );
    };
    const red = hexRgb(vars['editorError-foreground']!);
    assert.ok(
      (await colours()).some((c) => near(c, red, 24)),
      'unselected, the failed span is named in red',
    );
    await t.page.mouse.click(40, top + barY(v0, 3));
    await nextFrame(t.page);
    assert.equal((await debugView(t.page)).selected?.span, 2);
    const drawn = await colours();
    assert.ok(!drawn.some((c) => near(c, red, 24)), 'selected, no red text on the selection');
    const text = hexRgb(vars['list-activeSelectionForeground']!);
    assert.ok(
      drawn.some((c) => near(c, text, 24)),
      'the name in the selection text colour',
    );
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
