// Service colours: the services of one trace get colours that are clearly apart in every test theme — on the
// canvas itself (pixels read back) and in what the palette gives out — and a name keeps its colour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, showTraces, debugView, pixel, xOf, barY, type TimelinePage } from './harness';
import { MANY_SERVICES, SERVICES } from './fixtures';
import { THEMES, type ThemeName } from './page/themes';
import {
  MIN_HUE_DIFFERENCE,
  MIN_SERVICE_DISTANCE,
  SERVICE_HUE_VARS,
  assignServiceColours,
  colourDistance,
  hueDifference,
  parseColour,
  serviceColourTiers,
  type Rgb,
} from '../../webview/serviceColours';

const themes = Object.keys(THEMES) as ThemeName[];

function tiersOf(theme: ThemeName): string[][] {
  const vars = THEMES[theme].vars;
  const bg = parseColour(vars['editor-background']!)!;
  const hues = SERVICE_HUE_VARS.flatMap((n) => (vars[n] ? [parseColour(vars[n], bg)!] : []));
  return serviceColourTiers({
    hues,
    background: bg,
    foreground: parseColour(vars['editor-foreground']!, bg)!,
    highContrast: theme === 'high-contrast',
  });
}

function pairs<T>(xs: T[]): [T, T][] {
  return xs.flatMap((a, i) => xs.slice(i + 1).map((b) => [a, b] as [T, T]));
}

let t: TimelinePage;
before(async () => {
  t = await launch();
});
after(async () => {
  await t?.close();
});

for (const theme of themes) {
  test(`${theme}: the services of one trace are drawn in clearly different colours`, async () => {
    await t.open(theme);
    await showTraces(t.page, [MANY_SERVICES]);
    const v = await debugView(t.page);
    // Every bar covers 10–60 ms: read each service's bar there.
    const drawn = new Map<string, Rgb>();
    for (const [k, service] of SERVICES.entries())
      drawn.set(service, await pixel(t.page, xOf(v, 40e6), barY(v, k + 1)));
    const bg = parseColour(THEMES[theme].vars['editor-background']!)!;
    for (const [name, c] of drawn)
      assert.ok(colourDistance(c, bg) >= MIN_SERVICE_DISTANCE, `${name} stands out from the background (${c})`);
    const [checkout, orders] = [drawn.get('checkout')!, drawn.get('orders')!];
    assert.ok(
      colourDistance(checkout, orders) >= MIN_SERVICE_DISTANCE,
      `checkout ${checkout} and orders ${orders} differ`,
    );
    for (const [a, b] of pairs([...drawn.keys()])) {
      const d = colourDistance(drawn.get(a)!, drawn.get(b)!),
        h = hueDifference(drawn.get(a)!, drawn.get(b)!);
      assert.ok(
        d >= MIN_SERVICE_DISTANCE,
        `${a} ${drawn.get(a)} and ${b} ${drawn.get(b)} are only ${d.toFixed(3)} apart`,
      );
      assert.ok(
        h >= MIN_HUE_DIFFERENCE,
        `${a} ${drawn.get(a)} and ${b} ${drawn.get(b)} have nearly one hue (${h.toFixed(3)})`,
      );
    }
    // The legend tells the same colours as the bars.
    const legend = await t.page.$$eval('.tl-legend-item', (items) =>
      items.map((i) => [i.textContent, getComputedStyle(i.querySelector('.tl-swatch')!).backgroundColor]),
    );
    for (const [name, css] of legend) assert.deepEqual(parseColour(css!), drawn.get(name!), `legend of ${name}`);
    assert.deepEqual(t.errors, []);
  });

  test(`${theme}: the first tier holds different hues, enough for a typical trace; later tiers stay apart`, () => {
    const tiers = tiersOf(theme);
    assert.ok(tiers[0]!.length >= SERVICES.length, `${tiers[0]!.length} colours`);
    for (const [a, b] of pairs(tiers[0]!.map((c) => parseColour(c)!))) {
      assert.ok(
        colourDistance(a, b) >= MIN_SERVICE_DISTANCE && hueDifference(a, b) >= MIN_HUE_DIFFERENCE,
        `${a} vs ${b}`,
      );
    }
    // Every tier but the side-by-side fallback is clearly apart from everything before it.
    const strict = tiers
      .slice(0, -1)
      .flat()
      .map((c) => parseColour(c)!);
    for (const [a, b] of pairs(strict)) assert.ok(colourDistance(a, b) >= MIN_SERVICE_DISTANCE, `${a} vs ${b}`);
    assert.equal(new Set(tiers.flat()).size, tiers.flat().length, 'no colour twice');
    // The first tier is the theme's own values, untouched.
    const own = new Set(Object.values(THEMES[theme].vars).map((c) => c.toLowerCase()));
    for (const c of tiers[0]!) assert.ok(own.has(c), `${c} is a theme value`);
  });
}

test('Dark Modern: charts-green and terminal-ansiBrightGreen are never both in the first tier', () => {
  const first = tiersOf('dark')[0]!;
  assert.ok(
    !(
      first.includes(THEMES.dark.vars['charts-green']!) && first.includes(THEMES.dark.vars['terminal-ansiBrightGreen']!)
    ),
  );
});

test('any first-tier-sized set of services gets clearly different colours, and keeps them whatever the order', () => {
  for (const theme of themes) {
    const tiers = tiersOf(theme);
    const n = tiers[0]!.length;
    for (let trial = 0; trial < 50; trial++) {
      const names = Array.from({ length: n }, (_, i) => `svc-${trial}-${(i * 7919 + trial * 104729).toString(36)}`);
      const one = assignServiceColours(names, tiers);
      const again = assignServiceColours([...names].reverse(), tiers);
      assert.deepEqual([...one].sort(), [...again].sort(), 'arrival order does not matter');
      for (const [a, b] of pairs(names)) {
        const [x, y] = [parseColour(one.get(a)!)!, parseColour(one.get(b)!)!];
        assert.ok(
          colourDistance(x, y) >= MIN_SERVICE_DISTANCE && hueDifference(x, y) >= MIN_HUE_DIFFERENCE,
          `${theme}: ${a} / ${b}`,
        );
      }
    }
    // Beyond the first tier, later tiers before any sharing.
    const many = Array.from({ length: tiers.flat().length }, (_, i) => `service-${i}`);
    assert.equal(
      new Set(assignServiceColours(many, tiers).values()).size,
      many.length,
      `${theme}: ${many.length} services, no two alike`,
    );
  }
});

test('a service alone keeps its colour from trace to trace', () => {
  const tiers = tiersOf('dark');
  const alone = assignServiceColours(['checkout'], tiers).get('checkout');
  assert.equal(
    assignServiceColours(['checkout', 'zzz'], tiers).get('checkout'),
    alone,
    'a later name does not move it',
  );
  assert.ok(tiers[0]!.includes(alone!));
});

test('theme colour syntax: hex with alpha is composited over the background, rgb() as canvases give it back', () => {
  assert.deepEqual(parseColour('#ff000080', [0, 0, 255]), [128, 0, 127]);
  assert.deepEqual(parseColour('#abc'), [170, 187, 204]);
  assert.deepEqual(parseColour('rgba(10, 20, 30, 0.5)', [0, 0, 0]), [5, 10, 15]);
  assert.deepEqual(parseColour('rgb(1 2 3)'), [1, 2, 3]);
  assert.equal(parseColour('var(--x)'), null);
  assert.equal(parseColour('#12345'), null);
});
