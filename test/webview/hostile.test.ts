// Log content is hostile: markup, script URLs, bidi overrides and megabyte strings must arrive as inert,
// bounded text — in the canvas, the header, the tooltip, the detail pane and the record list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, showTraces, debugView, xOf, barY, nextFrame, root, type TimelinePage } from './harness';
import type { TraceSpec } from './fakeSession';

let t: TimelinePage;
before(async () => {
  t = await launch();
});
after(async () => {
  await t?.close();
});

const MB = 'A'.repeat(1 << 20);
const HOSTILE: TraceSpec = {
  groupId: 'trace:<img src=x onerror=alert(1)>',
  traceId: 'deadbeefdeadbeefdeadbeefdeadbeef',
  epochMs: '1732540000000',
  spans: [
    {
      id: 'c1',
      name: '<script>window.__pwned=1</script>',
      service: '<b onmouseover="window.__pwned=4">svc</b>',
      start: 0,
      end: 50,
      statusMessage: '<iframe src="javascript:window.__pwned=5"></iframe>',
      status: 'error',
      attributes: {
        link: 'javascript:window.__pwned=3',
        huge: MB,
        nested: { html: '<img src=x onerror="window.__pwned=6">' },
      },
      events: [
        { at: 1, name: '<svg onload="window.__pwned=7">', attributes: { x: '<a href="javascript:void(0)">x</a>' } },
      ],
    },
    { id: 'c2', parent: 'c1', name: '<img src=x onerror="window.__pwned=2">', service: 'svc', start: 5, end: 20 },
    { id: 'c3', parent: 'c1', name: 'invoice\u202Efdp.exe', service: 'svc\u2066x', start: 22, end: 40 },
    { id: 'c4', parent: 'c1', name: MB, service: 'svc', start: 41, end: 45 },
  ],
  records: [
    {
      span: 'c1',
      at: 2,
      level: 'error',
      message: '<script>window.__pwned=8</script>',
      file: 'javascript:alert(1)',
      line: 1,
    },
    { span: 'c1', at: 3, level: 'info', message: `line one\nline two\u202E${MB}` },
  ],
};

const pwned = () => t.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null);

test('markup in names, services, attributes, events and records stays text', async () => {
  await t.open('dark');
  await showTraces(t.page, [HOSTILE]);
  const v = await debugView(t.page);
  const top = await t.page.$eval('.tl-canvas', (c) => c.getBoundingClientRect().top);
  await t.page.mouse.move(xOf(v, 30e6), top + barY(v, 1));
  await t.page.waitForSelector('.tl-tooltip:not([hidden])');
  assert.match((await t.page.textContent('.tl-tooltip'))!, /<script>window.__pwned=1<\/script>/);
  await t.page.mouse.click(xOf(v, 30e6), top + barY(v, 1));
  await t.page.waitForSelector('.tl-attrs');
  await t.page.waitForSelector('.tl-record');
  await nextFrame(t.page);
  assert.equal(await t.page.textContent('.tl-detail-title'), '<script>window.__pwned=1</script>');
  const detail = (await t.page.textContent('.tl-detail'))!;
  for (const s of [
    'javascript:window.__pwned=3',
    '<iframe src="javascript:window.__pwned=5"></iframe>',
    '<svg onload="window.__pwned=7">',
    '<script>window.__pwned=8</script>',
  ])
    assert.ok(detail.includes(s), s);
  // Nothing became an element: no images, frames, links or extra scripts anywhere in the light DOM.
  assert.equal(await t.page.$$eval('img, iframe, a, svg, object, embed', (e) => e.length), 0);
  assert.equal(await t.page.$$eval('script', (e) => e.length), 2);
  assert.equal(await t.page.$$eval('[onerror], [onload], [onmouseover]', (e) => e.length), 0);
  const legend = await t.page.$$eval('.tl-legend-item', (e) => e.map((x) => x.textContent));
  assert.ok(legend.includes('<b onmouseover="window.__pwned=4">svc</b>'));
  assert.equal(await pwned(), null);
  await t.page.mouse.move(xOf(v, 10e6), top + barY(v, 2));
  await t.page.waitForSelector('.tl-tooltip:not([hidden])');
  mkdirSync(join(root, 'test-results'), { recursive: true });
  await t.page.screenshot({ path: join(root, 'test-results', 'timeline-hostile.png') });
  const violations = await t.page.evaluate(
    () => (window as unknown as { fakeHost: { violations: string[] } }).fakeHost.violations,
  );
  assert.deepEqual(violations, [], 'the page runs under its CSP without violations');
  assert.deepEqual(t.errors, []);
});

test('bidi overrides are shown as visible escapes, never applied', async () => {
  await t.open('dark');
  await showTraces(t.page, [HOSTILE]);
  await t.page.focus('.tl-scroll');
  for (let i = 0; i < 3; i++) await t.page.keyboard.press('ArrowDown');
  await t.page.waitForFunction(() => document.querySelector('.tl-detail-title')?.textContent?.startsWith('invoice'));
  const title = (await t.page.textContent('.tl-detail-title'))!;
  assert.equal(title, 'invoice\u2039U+202E\u203afdp.exe');
  assert.ok(!title.includes('\u202E'));
  const facts = (await t.page.textContent('.tl-facts'))!;
  assert.ok(facts.includes('svc\u2039U+2066\u203ax'));
});

test('megabyte strings are clipped and the page stays responsive', async () => {
  await t.open('dark');
  await showTraces(t.page, [HOSTILE]);
  await t.page.focus('.tl-scroll');
  await t.page.keyboard.press('ArrowDown');
  await t.page.waitForSelector('.tl-attrs');
  await t.page.waitForSelector('.tl-record');
  const longest = await t.page.$$eval('.tl-detail *', (els) =>
    Math.max(...els.map((e) => (e.childElementCount === 0 ? (e.textContent?.length ?? 0) : 0))),
  );
  assert.ok(longest < 5000, `longest text node ${longest}`);
  const msgs = await t.page.$$eval('.tl-record-message', (e) => e.map((x) => x.textContent ?? ''));
  assert.ok(msgs[1]!.startsWith('line one \u23ce line two\u2039U+202E\u203aAAA'), msgs[1]!.slice(0, 40));
  assert.ok(msgs[1]!.length < 1200);
  // The megabyte span name: clipped on the wire, shorter still on the canvas.
  const name = await t.page.evaluate(() =>
    (
      window as unknown as { __threadlineTimeline: { debug(): { groups: { spanName(i: number): string }[] } } }
    ).__threadlineTimeline
      .debug()
      .groups[0]!.spanName(3),
  );
  assert.ok(name.length <= 301, `span name ${name.length}`);
  await t.page.keyboard.press('End');
  await t.page.waitForFunction(() => document.querySelector('.tl-detail-title')?.textContent?.startsWith('AAAA'));
  // Still responsive with the megabyte span selected: the next key moves the selection, frames are drawn,
  // and a pointer over the canvas still gets its tooltip.
  await t.page.keyboard.press('Home');
  const rootName = '<script>window.__pwned=1</script>';
  await t.page.waitForFunction((n) => document.querySelector('.tl-detail-title')?.textContent === n, rootName);
  await nextFrame(t.page);
  const v = await debugView(t.page);
  const top = await t.page.$eval('.tl-canvas', (c) => c.getBoundingClientRect().top);
  await t.page.mouse.move(xOf(v, 43e6), top + barY(v, 4));
  await t.page.waitForSelector('.tl-tooltip:not([hidden])');
  assert.ok((await t.page.textContent('.tl-tooltip'))!.includes('AAAA'));
  assert.equal(await pwned(), null);
  assert.deepEqual(t.errors, []);
});

test('malformed host messages are ignored without breaking the page', async () => {
  await t.open('dark');
  await t.page.evaluate(() => {
    for (const m of [
      null,
      42,
      'show',
      {},
      { type: 'bogus' },
      { type: 'openGroupResult', requestId: 99999 },
      { type: 'error', requestId: -1, message: '<b>x</b>' },
    ])
      window.postMessage(m, '*');
  });
  await nextFrame(t.page);
  await showTraces(t.page, [HOSTILE]);
  assert.equal((await debugView(t.page)).rows, 5);
  assert.deepEqual(t.errors, []);
});
