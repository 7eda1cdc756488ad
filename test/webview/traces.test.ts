// The Traces table in Chromium, over the real host-side feed and generated groups: virtualisation and the scatter
// over 100,000 groups, sorting by header, the filter and its error caret, a dot's click and a drag on the
// scatter, the row actions and keyboard, live growth, hostile labels, and screenshots in the three theme kinds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchTraces, type TracesPage } from './tracesHarness';
import { root } from './harness';
import { BASE_MS, traceIdOf } from './fakeQuery';
import { parseFilter, type FilterSyntaxError } from '../../src/core/query/language';
import { STEP_MS, durationOf, errorsOf } from './tracesFake';

let t: TracesPage;
before(async () => {
  t = await launchTraces();
});
after(async () => {
  await t?.close();
});

const fake = <T>(fn: string, ...args: unknown[]) =>
  t.page.evaluate(
    ({ fn, args }) =>
      (window as unknown as { fakeTraces: Record<string, (...a: unknown[]) => unknown> }).fakeTraces[fn]!(...args),
    { fn, args },
  ) as Promise<T>;

async function typeFilter(text: string): Promise<void> {
  await t.page.fill('.tv .lv-toolbar .lv-filter-input:not(.tv-field)', text);
  await t.page.press('.tv .lv-toolbar .lv-filter-input:not(.tv-field)', 'Enter');
  await t.settle();
}

/** Page coordinates of scatter point `i`. */
async function pointOnPage(i: number): Promise<{ x: number; y: number }> {
  const at = await t.page.evaluate(
    (i) =>
      (
        window as unknown as { __threadlineTraces: { scatterView: { pointAt(i: number): { x: number; y: number } } } }
      ).__threadlineTraces.scatterView.pointAt(i),
    i,
  );
  const box = (await t.page.$('.tv-scatter-canvas'))!.boundingBox();
  const b = (await box)!;
  return { x: b.x + at.x, y: b.y + at.y };
}

const lastOf = async <T>(type: string): Promise<T> => {
  const all = await t.posted<T>(type);
  return all[all.length - 1]!;
};

test('100,000 groups: rows on screen only, the grid counts them all, the scatter has every point', async () => {
  await t.open({ groups: 100_000 });
  const d = await t.debug();
  assert.equal(d.total, 100_000);
  assert.equal(d.points, 100_000);
  assert.equal(await t.page.getAttribute('.tv-grid', 'role'), 'grid');
  assert.equal(await t.page.getAttribute('.tv-grid', 'aria-rowcount'), '100001');
  assert.ok(d.domRows < 30, `${d.domRows} rows in the DOM`);
  // start order by default: the first rows are the first groups
  assert.deepEqual(
    d.rows.slice(0, 3).map((r) => r?.id),
    [0, 1, 2].map((k) => `trace:${traceIdOf(k)}`),
  );
  // the points came as typed columns, not as an object per group
  const kinds = await t.page.evaluate(() => {
    const app = (window as unknown as { __threadlineTraces: { points: unknown } }).__threadlineTraces;
    const p = (app as unknown as { points: Record<string, unknown> }).points;
    return [p.startMs, p.durationMs, p.error].map((c) => Object.prototype.toString.call(c));
  });
  assert.deepEqual(kinds, ['[object Float64Array]', '[object Float64Array]', '[object Uint8Array]']);
  await t.page.focus('.tv-grid');
  await t.page.keyboard.press('End');
  await t.settle();
  const end = await t.debug();
  assert.equal(end.selected, 99_999);
  assert.equal(end.rows[end.rows.length - 1]?.id, `trace:${traceIdOf(99_999)}`);
  assert.ok(
    end.pages.every((p) => p >= 990),
    `pages held: ${end.pages.join(',')}`,
  );
  assert.deepEqual(t.errors, []);
});

test('a header click sorts by that column (counts largest first), again reverses; the host sorts', async () => {
  await t.open({ groups: 2000 });
  await t.page.click('.tv-h-duration .tv-sort');
  await t.settle();
  let d = await t.debug();
  assert.deepEqual([d.query.sort, d.query.descending], ['duration', true]);
  assert.equal(await t.page.getAttribute('.tv-h-duration', 'aria-sort'), 'descending');
  assert.equal(await t.page.getAttribute('.tv-h-start', 'aria-sort'), 'none');
  const longest = Math.max(...Array.from({ length: 2000 }, (_, k) => durationOf(k)));
  assert.equal(d.rows[0]?.durationMs, longest);
  const durations = d.rows.map((r) => r!.durationMs!);
  assert.deepEqual(
    durations,
    [...durations].sort((a, b) => b - a),
  );
  const asked = await lastOf<{ query: { sort: string; descending: boolean } }>('tracesPage');
  assert.deepEqual([asked.query.sort, asked.query.descending], ['duration', true]);
  await t.page.click('.tv-h-duration .tv-sort');
  await t.settle();
  d = await t.debug();
  assert.equal(await t.page.getAttribute('.tv-h-duration', 'aria-sort'), 'ascending');
  assert.equal(d.rows[0]?.durationMs, Math.min(...Array.from({ length: 2000 }, (_, k) => durationOf(k))));
  await t.page.click('.tv-h-errors .tv-sort');
  await t.settle();
  d = await t.debug();
  assert.equal(d.rows[0]?.errors, 3);
  // the sort alone does not ask for the scatter again: its points do not depend on the order
  assert.equal(d.stats.pointsRequests, 1);
  // from the keyboard: Tab reaches the header's buttons, Enter sorts (and opens nothing)
  const opened = (await t.posted('tracesOpen')).length;
  await t.page.click('#tv-row-0');
  await t.page.focus('.tv-h-records .tv-sort');
  await t.page.keyboard.press('Enter');
  await t.settle();
  d = await t.debug();
  assert.deepEqual([d.query.sort, d.query.descending], ['records', true]);
  assert.equal((await t.posted('tracesOpen')).length, opened);
  assert.deepEqual(t.errors, []);
});

test('a filter narrows rows and dots; a mistake is underlined where it is and nothing is listed', async () => {
  await t.open({ groups: 3000 });
  await typeFilter('level>=error');
  let d = await t.debug();
  const withErrors = Array.from({ length: 3000 }, (_, k) => k).filter((k) => errorsOf(k) > 0).length;
  assert.equal(d.total, withErrors);
  assert.equal(d.points, withErrors);
  assert.ok(d.rows.every((r) => r!.errors > 0));
  assert.match((await t.page.textContent('.lv-count'))!, new RegExp(`^${withErrors.toLocaleString('en-US')} traces`));
  const bad = 'service:payments level>=';
  const expected = (() => {
    try {
      parseFilter(bad);
    } catch (e) {
      return (e as FilterSyntaxError).column;
    }
    return -1;
  })();
  assert.ok(expected > 17, `the parser puts the mistake at ${expected}`);
  await typeFilter(bad);
  d = await t.debug();
  assert.ok(d.problem, 'a problem');
  assert.equal(d.problem.column, expected);
  assert.equal(d.total, 0);
  assert.equal(d.points, 0);
  assert.equal(await t.page.textContent('.lv-count'), 'invalid filter');
  assert.equal(await t.page.getAttribute('.lv-toolbar .lv-filter-input:not(.tv-field)', 'aria-invalid'), 'true');
  assert.match((await t.page.textContent('.lv-problem'))!, new RegExp(`column ${expected}`));
  const caret = await t.page.$eval('.lv-caret', (c) => ({ hidden: (c as HTMLElement).hidden, left: c.style.left }));
  assert.equal(caret.hidden, false);
  assert.ok(parseFloat(caret.left) > 60, `caret at ${caret.left}`);
  await typeFilter('');
  d = await t.debug();
  assert.equal(d.problem, null);
  assert.equal(d.total, 3000);
  assert.deepEqual(t.errors, []);
});

test('a click on a dot asks the host to open that group; the host finds it by its place in start order', async () => {
  await t.open({ groups: 60 });
  for (const k of [5, 22, 41]) {
    const at = await pointOnPage(k);
    await t.page.mouse.click(at.x, at.y);
    const m = await lastOf<{ by: unknown; target: { point: number; query: { filter: string } } }>('tracesOpen');
    assert.deepEqual(m.by, { kind: 'trace' });
    assert.equal(m.target.point, k);
    assert.deepEqual(await fake('pointGroup', k), { by: { kind: 'trace' }, id: `trace:${traceIdOf(k)}` });
  }
  // hovering names the dot (the title still names dot 41, under the last click, until the move is handled)
  const at5 = await pointOnPage(5);
  const last = await t.page.getAttribute('.tv-scatter-canvas', 'title');
  await t.page.mouse.move(at5.x, at5.y);
  await t.page
    .waitForFunction(
      (prev) => {
        const title = document.querySelector('.tv-scatter-canvas')!.getAttribute('title') ?? '';
        return title !== prev && /click to open/.test(title);
      },
      last,
      { timeout: 5000 },
    )
    .catch(() => {}); // the assertion below says what the title is instead
  const title = (await t.page.getAttribute('.tv-scatter-canvas', 'title'))!;
  // group 5 starts 5 × 37 ms after the first, lasts 2,750.3 ms and has errors
  assert.match(title, /^2\.75 s, started \d{4}-\d\d-\d\d \d\d:\d\d:00\.185, with errors: click to open/);
  // a click on nothing opens nothing
  const before = (await t.posted('tracesOpen')).length;
  const box = (await (await t.page.$('.tv-scatter-canvas'))!.boundingBox())!;
  await t.page.mouse.click(box.x + 10, box.y + 5);
  assert.equal((await t.posted('tracesOpen')).length, before);
  assert.deepEqual(t.errors, []);
});

test('a drag across the scatter sets a time range: since/until in the query, a chip that drops it', async () => {
  await t.open({ groups: 1000 });
  const a = await pointOnPage(200),
    b = await pointOnPage(400);
  await t.page.mouse.move(a.x - 0.5, a.y);
  await t.page.mouse.down();
  await t.page.mouse.move((a.x + b.x) / 2, a.y, { steps: 3 });
  await t.page.mouse.move(b.x + 0.5, a.y, { steps: 3 });
  await t.page.mouse.up();
  await t.settle();
  const d = await t.debug();
  assert.match(d.query.filter, /^since:\S+ until:\S+$/);
  const [since, until] = [...d.query.filter.matchAll(/(?:since|until):(\S+)/g)].map((m) => Date.parse(m[1]!));
  assert.ok(Math.abs(since! - (BASE_MS + 200 * STEP_MS)) <= STEP_MS, `since ${since! - BASE_MS}`);
  assert.ok(Math.abs(until! - (BASE_MS + 400 * STEP_MS)) <= STEP_MS, `until ${until! - BASE_MS}`);
  assert.ok(d.total >= 199 && d.total <= 202, `${d.total} groups in the range`);
  assert.equal(d.points, d.total);
  assert.equal(await t.page.isVisible('.lv-range'), true);
  // the same filter, range included, goes to the Logs view
  await t.page.click('.tv-logs');
  assert.deepEqual(await lastOf('tracesFilterLogs'), { type: 'tracesFilterLogs', filter: d.query.filter });
  await t.page.click('.lv-range .lv-chip-close');
  await t.settle();
  const after = await t.debug();
  assert.equal(after.query.filter, '');
  assert.equal(after.total, 1000);
  assert.equal(await t.page.isVisible('.lv-range'), false);
  assert.deepEqual(t.errors, []);
});

test('keyboard and row actions: arrows select, Enter opens the timeline, the menu and L show the logs', async () => {
  await t.open({ groups: 500 });
  await t.page.focus('.tv-grid');
  await t.page.keyboard.press('ArrowDown');
  await t.page.keyboard.press('ArrowDown');
  await t.page.keyboard.press('Enter');
  const id = `trace:${traceIdOf(1)}`;
  assert.deepEqual((await lastOf<{ target: unknown }>('tracesOpen')).target, { id });
  // the grid names the selected row for screen readers once it has drawn
  await t.page.waitForFunction(
    () => document.querySelector('.tv-grid')!.getAttribute('aria-activedescendant') === 'tv-row-1',
  );
  assert.equal(await t.page.getAttribute('#tv-row-1', 'aria-selected'), 'true');
  await t.page.waitForFunction(() =>
    (window as unknown as { fakeTraces: { posted: { type: string }[] } }).fakeTraces.posted.some(
      (m) => m.type === 'tracesSelect',
    ),
  );
  assert.deepEqual((await lastOf<{ group: unknown }>('tracesSelect')).group, { by: { kind: 'trace' }, id });
  await t.page.keyboard.press('l');
  assert.deepEqual(await lastOf('tracesShowLogs'), {
    type: 'tracesShowLogs',
    group: { by: { kind: 'trace' }, id },
    label: 'POST /api/pay',
  });
  // the context menu on another row
  await t.page.click('#tv-row-3', { button: 'right' });
  assert.equal(await t.page.isVisible('.tv-menu'), true);
  await t.page.click('.tv-menu-item:has-text("Show Logs")');
  assert.equal((await lastOf<{ group: { id: string } }>('tracesShowLogs')).group.id, `trace:${traceIdOf(3)}`);
  assert.equal(await t.page.isVisible('.tv-menu'), false);
  await t.page.click('#tv-row-4', { button: 'right' });
  await t.page.click('.tv-menu-item:has-text("Open Timeline")');
  assert.deepEqual((await lastOf<{ target: unknown }>('tracesOpen')).target, { id: `trace:${traceIdOf(4)}` });
  // double click opens too
  await t.page.dblclick('#tv-row-2');
  assert.deepEqual((await lastOf<{ target: unknown }>('tracesOpen')).target, { id: `trace:${traceIdOf(2)}` });
  assert.deepEqual(t.errors, []);
});

test('other groupings show their columns: no spans or trace ID, the group name instead of the root span', async () => {
  await t.open({ groups: 50 });
  const traceHeads = await t.page.$$eval('.lv-hcell', (h) => h.map((x) => x.textContent!.replace(/ [▲▼]$/, '')));
  assert.deepEqual(traceHeads, ['Start', 'Duration', 'Spans', 'Records', 'Errors', 'Service', 'Root span', 'Trace ID']);
  await t.page.selectOption('.tv-grouping', 'thread');
  await t.settle();
  const heads = await t.page.$$eval('.lv-hcell', (h) => h.map((x) => x.textContent!.replace(/ [▲▼]$/, '')));
  assert.deepEqual(heads, ['Start', 'Duration', 'Records', 'Errors', 'Service', 'Group']);
  assert.deepEqual((await t.debug()).query.by, { kind: 'thread' });
  await t.page.selectOption('.tv-grouping', 'field');
  await t.page.fill('.tv-field', 'http.route');
  await t.page.press('.tv-field', 'Enter');
  await t.settle();
  assert.deepEqual((await t.debug()).query.by, { field: 'http.route' });
  const asked = await lastOf<{ query: { by: unknown } }>('tracesPoints');
  assert.deepEqual(asked.query.by, { field: 'http.route' });
  assert.deepEqual(t.errors, []);
});

test('the start column fits a dated start in the editor font the theme sets, also when it changes later', async () => {
  await t.open({ groups: 50 });
  for (const size of ['12px', '16px']) {
    await t.page.evaluate(
      (size) => document.documentElement.style.setProperty('--vscode-editor-font-size', size),
      size,
    );
    await t.page.waitForFunction(
      (size) => getComputedStyle(document.querySelector('.tv-row .tv-c-start')!).fontSize === size,
      size,
    );
    await t.settle();
    const cell = await t.page.$eval('#tv-row-0 .tv-c-start', (c) => ({
      text: c.textContent!,
      scroll: c.scrollWidth,
      client: c.clientWidth,
    }));
    assert.match(cell.text, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    assert.ok(cell.scroll <= cell.client, `${size}: ${cell.scroll} px of text in ${cell.client} px`);
  }
  assert.deepEqual(t.errors, []);
});

test('live: new groups arrive, the table and the scatter follow', async () => {
  await t.open({ groups: 100 });
  await fake('append', 50);
  await t.page.waitForFunction(() => {
    const d = (
      window as unknown as { __threadlineTraces: { debug(): { total: number; points: number } } }
    ).__threadlineTraces.debug();
    return d.total === 150 && d.points === 150;
  });
  assert.equal(await t.page.getAttribute('.tv-grid', 'aria-rowcount'), '151');
  assert.deepEqual(t.errors, []);
});

const MB = 'x'.repeat(1 << 20);

test('hostile labels render as inert, bounded text', async () => {
  await t.open({ groups: 0 });
  await fake('add', [
    {
      key: '<img src=x onerror="window.__pwned=1">',
      root: `<script>window.__pwned=2</script>${MB}`,
      services: ['javascript:window.__pwned=3', 'invoice\u202Efdp.exe'],
      durationMs: 12,
      errors: 1,
    },
    {
      key: 'k2',
      root: 'bidi \u2066evil\u2069 \u202Egnp.exe <iframe src="javascript:window.__pwned=4"></iframe>',
      services: ['<svg onload="window.__pwned=5">'],
      durationMs: 3,
      errors: 0,
    },
  ]);
  await t.page.waitForFunction(() => document.querySelectorAll('.tv-row:not([hidden]):not(.lv-loading)').length === 2);
  await t.settle();
  const rowsText = await t.page.$$eval('.tv-row:not([hidden])', (r) => r.map((x) => x.textContent!));
  assert.ok(rowsText.some((x) => x.includes('<script>window.__pwned=2</script>')));
  assert.ok(rowsText.some((x) => x.includes('<img src=x onerror="window.__pwned=1">')));
  assert.ok(rowsText.some((x) => x.includes('javascript:window.__pwned=3')));
  assert.ok(rowsText.some((x) => x.includes('invoice\u2039U+202E\u203afdp.exe')));
  assert.ok(!rowsText.some((x) => /[\u202a-\u202e\u2066-\u2069]/.test(x)));
  const longest = await t.page.$$eval('.tv-c-name', (c) => Math.max(...c.map((x) => x.textContent!.length)));
  assert.ok(longest <= 501, `name cell ${longest}`);
  // nothing became an element, no script ran, the CSP saw nothing
  assert.equal(await t.page.$$eval('img, iframe, a, svg, object, embed', (e) => e.length), 0);
  assert.equal(await t.page.$$eval('script', (e) => e.length), 2);
  assert.equal(await t.page.$$eval('[onerror], [onload]', (e) => e.length), 0);
  assert.equal(await t.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null), null);
  assert.deepEqual(
    await t.page.evaluate(() => (window as unknown as { fakeTraces: { violations: string[] } }).fakeTraces.violations),
    [],
  );
  // the action on a hostile row still names it exactly (the host gets the id, not the escaped text)
  await t.page.focus('.tv-grid');
  await t.page.keyboard.press('Home');
  await t.page.keyboard.press('Enter');
  assert.deepEqual((await lastOf<{ target: unknown }>('tracesOpen')).target, {
    id: 'trace:<img src=x onerror="window.__pwned=1">',
  });
  assert.deepEqual(t.errors, []);
});

test('screenshots in light, dark and high contrast, a row selected', async () => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    await t.open({ groups: 3000, theme });
    await t.page.click('.tv-h-duration .tv-sort');
    await t.settle();
    await t.page.focus('.tv-grid');
    await t.page.keyboard.press('ArrowDown');
    await t.page.keyboard.press('ArrowDown');
    await t.settle();
    await t.page.screenshot({ path: join(root, 'test-results', `traces-${theme}.png`) });
    // error counts are the theme's error colour
    const colour = await t.page.$eval('.tv-row.tv-has-errors .tv-c-errors', (e) => getComputedStyle(e).color);
    const expected = await t.page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.color = getComputedStyle(document.documentElement).getPropertyValue(
        '--vscode-editorError-foreground',
      );
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    assert.equal(colour, expected, theme);
    // on the scatter, an error group's dot is the error colour and another's is not
    const pixel = (k: number) =>
      t.page.evaluate((k) => {
        const s = (
          window as unknown as {
            __threadlineTraces: {
              scatterView: { canvas: HTMLCanvasElement; pointAt(i: number): { x: number; y: number } };
            };
          }
        ).__threadlineTraces.scatterView;
        const at = s.pointAt(k);
        const [r, g, b] = s.canvas.getContext('2d')!.getImageData(Math.round(at.x), Math.round(at.y), 1, 1).data;
        return `rgb(${r}, ${g}, ${b})`;
      }, k);
    assert.ok(errorsOf(5) > 0);
    assert.equal(await pixel(5), expected, `${theme}: error dot`);
    assert.equal(errorsOf(0), 0);
    assert.notEqual(await pixel(0), expected, `${theme}: other dot`);
  }
  assert.deepEqual(t.errors, []);
});
