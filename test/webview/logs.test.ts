// The Logs view in Chromium, over the real host-side feed and a generated session: virtualisation, the filter
// and its error caret, level chips, the histogram brush, expansion with stack frames, keyboard, live follow, the
// scope chip, hostile records, and screenshots in the three theme kinds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchLogs, type LogsPage } from './logsHarness';
import { contrastsOf, rgbaIn } from './page/contrast';
import { root } from './harness';
import { BASE_MS, levelOf, traceIdOf } from './fakeQuery';

let t: LogsPage;
before(async () => {
  t = await launchLogs();
});
after(async () => {
  await t?.close();
});

const fake = <T>(fn: string, ...args: unknown[]) =>
  t.page.evaluate(
    ({ fn, args }) =>
      (window as unknown as { fakeLogs: Record<string, (...a: unknown[]) => unknown> }).fakeLogs[fn]!(...args),
    { fn, args },
  ) as Promise<T>;

async function typeFilter(text: string): Promise<void> {
  await t.page.fill('.lv-filter-input', text);
  await t.page.press('.lv-filter-input', 'Enter');
  await t.settle();
}

const expectedLevels = (n: number, keep: (l: string) => boolean) => {
  let c = 0;
  for (let i = 0; i < n; i++) if (keep(levelOf(i))) c++;
  return c;
};

test('a million records: only the rows on screen are in the DOM, and the grid says how many there are', async () => {
  await t.open({ records: 1_000_000 });
  const d = await t.debug();
  assert.equal(d.total, 1_000_000);
  assert.equal(await t.page.getAttribute('.lv-grid', 'role'), 'grid');
  assert.equal(await t.page.getAttribute('.lv-grid', 'aria-rowcount'), '1000001');
  const viewRows = Math.ceil(520 / d.rowHeight);
  assert.ok(d.domRows <= viewRows + 1, `${d.domRows} rows in the DOM`);
  assert.equal(await t.page.getAttribute('.lv-row:not([hidden])', 'aria-rowindex'), '2');
  // jump to the end: the last record's row is there, and pages far away were dropped
  await t.page.focus('.lv-grid');
  await t.page.keyboard.press('End');
  await t.settle();
  const end = await t.debug();
  assert.equal(end.selected, 999_999);
  assert.equal(end.last, 999_999);
  assert.ok(await t.page.$('.lv-row[aria-rowindex="1000001"]'));
  assert.ok(
    end.pages.every((p) => p >= 9990),
    `pages held: ${end.pages.join(',')}`,
  );
  // the middle, through the scrollbar (scaled: the content is taller than a browser lets an element be)
  await t.page.$eval('.lv-scroll', (s) => {
    s.scrollTop = (s.scrollHeight - s.clientHeight) / 2;
  });
  await t.settle();
  const mid = await t.debug();
  assert.ok(mid.first > 490_000 && mid.first < 510_000, `first row ${mid.first}`);
  const firstText = await t.page.$eval('.lv-row[aria-rowindex]:not([hidden]) .lv-c-message', (e) => e.textContent);
  assert.match(firstText!, /request \d+ took/);
  assert.deepEqual(t.errors, []);
});

test('typing a filter narrows the table and the count; the level chips count what the filter selects', async () => {
  await t.open({ records: 10_000 });
  await typeFilter('level>=warn');
  const d = await t.debug();
  assert.equal(
    d.total,
    expectedLevels(10_000, (l) => l === 'warn' || l === 'error'),
  );
  assert.match((await t.page.textContent('.lv-count'))!, new RegExp(d.total.toLocaleString('en-US')));
  const rows = await t.page.$$eval('.lv-row:not([hidden])', (r) => r.map((x) => (x as HTMLElement).dataset.level));
  assert.ok(rows.length > 0 && rows.every((l) => l === 'warn' || l === 'error'), rows.join());
  // chips count per level over the filter; pressing one narrows further
  await typeFilter('');
  const errorChip = '.lv-level-chip[data-level="error"]';
  assert.equal(
    await t.page.textContent(`${errorChip} .lv-chip-count`),
    expectedLevels(10_000, (l) => l === 'error').toLocaleString('en-US'),
  );
  await t.page.click(errorChip);
  await t.settle();
  assert.equal(
    (await t.debug()).total,
    expectedLevels(10_000, (l) => l === 'error'),
  );
  assert.equal(await t.page.getAttribute(errorChip, 'aria-pressed'), 'true');
  await t.page.click(errorChip);
  await t.settle();
  assert.equal((await t.debug()).total, 10_000);
});

test('an invalid filter says what is wrong and underlines the place, instead of an empty table', async () => {
  await t.open({ records: 1000 });
  const text = 'checkout level:loud';
  await typeFilter(text);
  const d = await t.debug();
  assert.ok(d.problem);
  assert.equal(d.problem.column, text.indexOf('loud') + 1);
  assert.match((await t.page.textContent('.lv-problem'))!, /Unknown level "loud".*column 16/);
  assert.equal(await t.page.getAttribute('.lv-filter-input', 'aria-invalid'), 'true');
  assert.equal(await t.page.textContent('.lv-count'), 'invalid filter');
  // the caret sits under "loud": where the input's text puts those characters
  const { caretLeft, caretWidth, expectLeft, expectWidth } = await t.page.evaluate(
    (pre) => {
      const input = document.querySelector('.lv-filter-input') as HTMLInputElement;
      const caret = document.querySelector('.lv-caret') as HTMLElement;
      const style = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const x0 = input.getBoundingClientRect().left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
      const r = caret.getBoundingClientRect();
      return {
        caretLeft: r.left,
        caretWidth: r.width,
        expectLeft: x0 + ctx.measureText(pre).width,
        expectWidth: ctx.measureText('loud').width,
      };
    },
    text.slice(0, text.indexOf('loud')),
  );
  assert.ok(Math.abs(caretLeft - expectLeft) < 1.5, `caret at ${caretLeft}, text at ${expectLeft}`);
  assert.ok(Math.abs(caretWidth - expectWidth) < 1.5);
  // fixing it clears the message
  await typeFilter('checkout level:warn');
  assert.equal((await t.debug()).problem, null);
  assert.ok(await t.page.$eval('.lv-caret', (c) => (c as HTMLElement).hidden));
  // a regex that could backtrack without end is refused by the parser, with the same treatment
  await typeFilter('/(a+)+$/');
  assert.match((await t.debug()).problem!.message, /repeat/);
});

test('dragging across the histogram sets a time range that the table follows; the chip removes it', async () => {
  await t.open({ records: 10_000 });
  const box = (await t.page.$('.lv-hist-canvas'))!;
  const r = (await box.boundingBox())!;
  await t.page.mouse.move(r.x + r.width * 0.25, r.y + 20);
  await t.page.mouse.down();
  await t.page.mouse.move(r.x + r.width * 0.5, r.y + 20, { steps: 5 });
  await t.page.mouse.up();
  await t.settle();
  const d = await t.debug();
  const m = /since:(\S+) until:(\S+)/.exec(d.query.filter);
  assert.ok(m, d.query.filter);
  const from = Date.parse(m[1]!),
    to = Date.parse(m[2]!);
  const span = 10_000 * 10;
  assert.ok(Math.abs(from - (BASE_MS + span * 0.25)) < span * 0.02, `from ${from - BASE_MS}`);
  assert.ok(Math.abs(to - (BASE_MS + span * 0.5)) < span * 0.02, `to ${to - BASE_MS}`);
  // records are 10 ms apart from BASE_MS: the count is the ids whose time falls in [from, to)
  const expected = Math.ceil((to - BASE_MS) / 10) - Math.ceil((from - BASE_MS) / 10);
  assert.equal(d.total, expected);
  assert.ok(!(await t.page.$eval('.lv-range', (e) => (e as HTMLElement).hidden)));
  await t.page.click('.lv-range .lv-chip-close');
  await t.settle();
  assert.equal((await t.debug()).total, 10_000);
});

const STACK = [
  'java.lang.IllegalStateException: card declined',
  '\tat com.acme.shop.PaymentService.charge(PaymentService.java:42)',
  '\tat org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:186)',
  '\tat com.acme.shop.CheckoutController.checkout(CheckoutController.java:17)',
  'Caused by: java.io.IOException: timeout',
  '\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)',
].join('\n');

test('Enter expands a row in place: facts, fields as a tree, the stack as frames that link to the source', async () => {
  await t.open({ records: 50 });
  const [id] = await fake<number[]>('add', [
    {
      level: 'error',
      message: 'payment failed',
      service: 'payments',
      thread: 'http-1',
      traceId: 'abc123',
      error: STACK,
      fields: { order: { id: 'o-1', items: [1, 2, 3] }, long: 'x'.repeat(5000) },
      source: { file: 'PaymentService.java', line: 42 },
    },
  ]);
  await fake('changed');
  await t.settle();
  await t.page.focus('.lv-grid');
  await t.page.keyboard.press('End');
  await t.page.keyboard.press('Enter');
  await t.page.waitForSelector('.lv-record');
  const d = await t.debug();
  assert.equal(d.expanded, 50);
  assert.equal(await t.page.getAttribute('.lv-row[aria-rowindex="52"]', 'aria-expanded'), 'true');
  const frames = await t.page.$$eval('.lv-frame', (f) => f.map((x) => ({ cls: x.className, text: x.textContent })));
  assert.equal(frames.length, 6);
  assert.deepEqual(
    frames.map((f) => (/own/.test(f.cls) ? 'own' : /lib/.test(f.cls) ? 'lib' : 'text')),
    ['text', 'own', 'lib', 'own', 'text', 'lib'],
  );
  // the detail sits between its row and the next, and the table below moved down by its height
  const detailBox = (await (await t.page.$('.lv-detail'))!.boundingBox())!;
  const rowBox = (await (await t.page.$('.lv-row[aria-rowindex="52"]'))!.boundingBox())!;
  assert.ok(Math.abs(detailBox.y - (rowBox.y + rowBox.height)) < 1.5);
  // a frame link asks the host to open that line of the stack
  await t.page.click('.lv-frame-own .lv-frame-link >> nth=1');
  const opened = await t.posted<{ id: number; line: number }>('logsOpenFrame');
  assert.deepEqual(
    opened.map((o) => [o.id, o.line]),
    [[id, 3]],
  );
  // fields: nested objects are collapsible, long strings folded until asked
  assert.match((await t.page.textContent('.lv-fields'))!, /order \{2\}/);
  const folded = await t.page.$eval('.lv-fields .lv-leaf:has(.lv-more) .lv-value', (v) => v.textContent!.length);
  assert.ok(folded <= 300, `folded value ${folded}`);
  await t.page.click('.lv-fields .lv-more');
  // unfolded: the whole 5,000 characters
  assert.equal(
    await t.page.$$eval('.lv-fields .lv-value', (vs) => Math.max(...vs.map((x) => x.textContent!.length))),
    5000,
  );
  await t.page.click('.lv-go-source');
  assert.deepEqual(
    (await t.posted<{ id: number }>('logsGoToSource')).map((m) => m.id),
    [id],
  );
  // Escape folds it again
  await t.page.focus('.lv-grid');
  await t.page.keyboard.press('Escape');
  await t.settle();
  assert.equal((await t.debug()).expanded, -1);
});

test('keyboard: arrows, pages, Home/End, / focuses the filter, c copies; selections reach the host', async () => {
  await t.open({ records: 5000 });
  await t.page.focus('.lv-grid');
  await t.page.keyboard.press('ArrowDown');
  await t.page.keyboard.press('ArrowDown');
  assert.equal((await t.debug()).selected, 1);
  await t.page.keyboard.press('PageDown');
  const afterPage = (await t.debug()).selected;
  assert.ok(afterPage > 10, `PageDown went to ${afterPage}`);
  await t.page.keyboard.press('PageUp');
  assert.equal((await t.debug()).selected, 1);
  await t.page.keyboard.press('End');
  await t.settle();
  assert.equal((await t.debug()).selected, 4999);
  await t.page.keyboard.press('Home');
  await t.settle();
  const d = await t.debug();
  assert.equal(d.selected, 0);
  assert.equal(d.first, 0);
  assert.equal(await t.page.getAttribute('.lv-grid', 'aria-activedescendant'), 'lv-row-0');
  await t.page.keyboard.press('c');
  assert.deepEqual(
    (await t.posted<{ id: number }>('logsCopy')).map((m) => m.id),
    [0],
  );
  await t.page.waitForFunction(() =>
    (window as unknown as { fakeLogs: { posted: { type: string; id: number }[] } }).fakeLogs.posted.some(
      (m) => m.type === 'logsSelect' && m.id === 0,
    ),
  );
  await t.page.keyboard.press('/');
  assert.equal(await t.page.evaluate(() => document.activeElement?.className), 'lv-filter-input');
  // clicking a trace ID filters by it
  await t.page.click('.lv-row[aria-rowindex="2"] .lv-c-trace');
  await t.settle();
  assert.equal((await t.debug()).query.filter, `trace:${traceIdOf(0)}`);
  assert.equal((await t.debug()).total, 10);
});

test('a record selected elsewhere is found in the current query and scrolled into view, with no echo', async () => {
  await t.open({ records: 100_000 });
  const before = (await t.posted('logsSelect')).length;
  await fake('reveal', 76_543);
  await t.page.waitForFunction(
    () =>
      (window as unknown as { __threadlineLogs: { debug(): { selected: number } } }).__threadlineLogs.debug()
        .selected === 76_543,
  );
  await t.settle();
  const d = await t.debug();
  assert.ok(d.first <= 76_543 && d.last >= 76_543);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await t.posted('logsSelect')).length, before);
  // under a filter that leaves it out, the view says so
  await typeFilter('level:error');
  await fake('reveal', 76_544);
  await t.page.waitForSelector('.lv-notice:not([hidden])');
  assert.match((await t.page.textContent('.lv-notice'))!, /not among/);
});

test('live: follow keeps the newest rows in view until the user scrolls up', async () => {
  await t.open({ records: 2000 });
  await t.page.click('.lv-toggle:has-text("Follow")');
  await t.settle();
  assert.equal((await t.debug()).last, 1999);
  await fake('append', 500);
  await t.page.waitForFunction(
    () =>
      (window as unknown as { __threadlineLogs: { debug(): { last: number } } }).__threadlineLogs.debug().last === 2499,
  );
  assert.equal((await t.debug()).follow, true);
  await t.page.mouse.move(500, 300);
  await t.page.mouse.wheel(0, -600);
  await t.page.waitForFunction(
    () =>
      !(window as unknown as { __threadlineLogs: { debug(): { follow: boolean } } }).__threadlineLogs.debug().follow,
  );
  await fake('append', 500);
  await t.page.waitForFunction(
    () =>
      (window as unknown as { __threadlineLogs: { debug(): { total: number } } }).__threadlineLogs.debug().total ===
      3000,
  );
  await t.settle();
  assert.ok((await t.debug()).last < 2999);
});

test('a scope from the tree shows as a chip; removing it shows every record again', async () => {
  await t.open({ records: 1000 });
  await fake('show', '', { group: { by: { kind: 'trace' }, id: `trace:${traceIdOf(3)}` }, label: 'POST /checkout' });
  await t.settle();
  assert.equal((await t.debug()).total, 10);
  assert.match((await t.page.textContent('.lv-scope'))!, /Scope: POST \/checkout/);
  await t.page.click('.lv-scope .lv-chip-close');
  await t.settle();
  assert.equal((await t.debug()).total, 1000);
  // columns hide from the menu
  await t.page.click('.lv-columns-button');
  await t.page.uncheck('input[data-column="thread"]');
  assert.equal(await t.page.$eval('.lv-header .lv-c-thread', (e) => getComputedStyle(e).display), 'none');
  assert.equal(await t.page.$eval('.lv-row:not([hidden]) .lv-c-thread', (e) => getComputedStyle(e).display), 'none');
});

const MB = 'A'.repeat(1 << 20);

test('hostile records render as inert, bounded text', async () => {
  await t.open({ records: 10 });
  await fake('add', [
    {
      level: 'error',
      message: `<img src=x onerror="window.__pwned=1">${MB}`,
      service: '<script>window.__pwned=2</script>',
      thread: 'invoice\u202Efdp.exe',
    },
    {
      level: 'warn',
      message: 'bidi \u2066evil\u2069 \u202Egnp.exe',
      fields: {
        link: 'javascript:window.__pwned=3',
        html: '<iframe src="javascript:window.__pwned=4"></iframe>',
        nested: { a: '<svg onload="window.__pwned=5">' },
      },
      error: '<b onmouseover="window.__pwned=6">x</b>\n\tat javascript:alert(1)',
      source: { file: 'javascript:alert(1)', line: 1 },
    },
    {
      level: 'info',
      message: 'binary \u0000\u0001\u0007\u001b[31m\ufffd\ufffd junk',
      fields: { bin: '\u0000\u0001\u0002\u00ff' },
    },
  ]);
  await fake('changed');
  await t.settle();
  const rowsText = await t.page.$$eval('.lv-row:not([hidden])', (r) => r.map((x) => x.textContent!));
  await t.page.focus('.lv-grid');
  await t.page.keyboard.press('End');
  await t.page.keyboard.press('ArrowUp');
  await t.page.keyboard.press('Enter');
  await t.page.waitForSelector('.lv-record');
  assert.ok(rowsText.some((x) => x.includes('<img src=x onerror="window.__pwned=1">')));
  assert.ok(rowsText.some((x) => x.includes('<script>window.__pwned=2</script>')));
  // bidi overrides and control characters show as visible escapes
  assert.ok(rowsText.some((x) => x.includes('invoice\u2039U+202E\u203afdp.exe')));
  assert.ok(
    rowsText.some((x) => x.includes('\u2039U+0000\u203a')),
    JSON.stringify(rowsText.map((x) => x.slice(0, 200))),
  );
  assert.ok(!rowsText.some((x) => /[\u202a-\u202e\u2066-\u2069\u0000]/.test(x)));
  // a megabyte message is not a megabyte of DOM
  const longest = await t.page.$$eval('.lv-c-message', (c) => Math.max(...c.map((x) => x.textContent!.length)));
  assert.ok(longest <= 2001, `message cell ${longest}`);
  const detail = (await t.page.textContent('.lv-detail'))!;
  assert.ok(
    detail.includes('javascript:window.__pwned=3') &&
      detail.includes('<iframe src="javascript:window.__pwned=4"></iframe>'),
  );
  assert.ok(detail.includes('<b onmouseover="window.__pwned=6">x</b>'));
  // nothing became an element, no script ran, the CSP saw nothing
  assert.equal(await t.page.$$eval('img, iframe, a, svg, object, embed, b', (e) => e.length), 0);
  assert.equal(await t.page.$$eval('script', (e) => e.length), 2);
  assert.equal(await t.page.$$eval('[onerror], [onload], [onmouseover]', (e) => e.length), 0);
  assert.equal(await t.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null), null);
  assert.deepEqual(
    await t.page.evaluate(() => (window as unknown as { fakeLogs: { violations: string[] } }).fakeLogs.violations),
    [],
  );
  // expand the megabyte one: folded, and it stays text when unfolded
  await t.page.focus('.lv-grid');
  await t.page.keyboard.press('ArrowUp');
  await t.page.keyboard.press('Enter');
  await t.page.waitForFunction(() => document.querySelector('.lv-record .lv-more'));
  const shown = await t.page.$eval('.lv-record .lv-message', (m) => m.textContent!.length);
  assert.ok(shown <= 2100, `folded message ${shown}`);
  await t.page.click('.lv-record .lv-more');
  assert.match((await t.page.textContent('.lv-record'))!, /Cut at 100,000 of 1,048,6\d\d characters/);
  assert.equal(await t.page.$$eval('img, iframe, a, svg, object, embed', (e) => e.length), 0);
  assert.equal(await t.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null), null);
  assert.deepEqual(t.errors, []);
});

const contrasts = (selector: string) => contrastsOf(t.page, selector);
const rgbaOf = (cssExpression: string) => rgbaIn(t.page, cssExpression);

test('screenshots in light, dark and high contrast, a row expanded', async () => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    await t.open({ records: 3000, theme });
    await fake('add', [
      {
        level: 'error',
        message: 'payment failed: card declined',
        service: 'payments',
        thread: 'http-nio-8080-exec-3',
        traceId: 'abc123def456',
        error: STACK,
        fields: { order: { id: 'o-1', total: 129.5, items: [{ sku: 'A-1', qty: 2 }] }, user: 'ada' },
        source: { file: 'PaymentService.java', line: 42 },
      },
    ]);
    await fake('changed');
    await t.settle();
    await t.page.focus('.lv-grid');
    await t.page.keyboard.press('End');
    await t.settle();
    await t.page.keyboard.press('Enter');
    await t.page.waitForSelector('.lv-record');
    await t.settle();
    await t.page.screenshot({ path: join(root, 'test-results', `logs-${theme}.png`) });
    // the selected row (the expanded error record, grid focused): level and message read at WCAG AA (4.5:1)
    for (const cell of ['.lv-c-level', '.lv-c-message', '.lv-c-time']) {
      const [c] = await contrasts(`.lv-row.lv-selected ${cell}`);
      assert.ok(c, `a selected ${cell}`);
      assert.ok(
        c.ratio >= 4.5,
        `${theme}: selected row ${cell} "${c.text}" ${c.colour} on ${c.background}: ${c.ratio}`,
      );
    }
    // every level's text: on the level chips (one a level) and on unselected rows
    const chips = await contrasts('.lv-level-chip');
    assert.ok(chips.length >= 5, `a chip a level: ${chips.map((r) => r.text)}`);
    const rows = [...chips, ...(await contrasts('.lv-row:not(.lv-selected) .lv-c-level'))];
    for (const c of rows) assert.ok(c.ratio >= 4.5, `${theme}: ${c.text} ${c.colour} on ${c.background}: ${c.ratio}`);
    // the colours are the theme's: in dark and high contrast an error level is exactly its error colour
    if (theme !== 'light') {
      const colour = await rgbaOf(`getComputedStyle(document.querySelector('.lv-level-chip.lv-l-error')).color`);
      const expected = await rgbaOf(
        `getComputedStyle(document.documentElement).getPropertyValue('--vscode-editorError-foreground')`,
      );
      assert.deepEqual(colour, expected, theme);
    }
  }
  assert.deepEqual(t.errors, []);
});
