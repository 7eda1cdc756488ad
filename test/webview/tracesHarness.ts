// Serves the Traces table to headless Chromium exactly as the panel does — the HTML from the host's traces/html.ts
// with its Content-Security-Policy, the bundle built with the production settings — plus the fake host script
// that stands in for VS Code. Used by the Traces table's browser tests and its benchmark.

import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { tracesHtml } from '../../src/extension/traces/html';
import { browserPage, buildBrowserBundles, root, servePage, withFakeHost } from './harness';
import type { ThemeName } from './page/themes';

const out = join(root, '.tmp', 'traces-test');
let built: Promise<void> | null = null;

export function buildTracesPage(minify = true): Promise<void> {
  built ??= buildBrowserBundles(out, minify, [
    { entry: 'webview/traces/main.ts', file: 'traces.js', loader: { '.css': 'css' } },
    { entry: 'test/webview/page/fakeTracesHost.ts', file: 'fakeTracesHost.js' },
  ]);
  return built;
}

function serve(): Promise<{ server: Server; origin: string }> {
  return servePage(out, (origin, nonce) =>
    withFakeHost(
      tracesHtml({ cspSource: origin, nonce, scriptUri: '/traces.js', styleUri: '/traces.css' }),
      nonce,
      'fakeTracesHost.js',
    ),
  );
}

export interface TracesRowDebug {
  id: string;
  startMs: number | null;
  durationMs: number | null;
  errors: number;
  root: string | null;
}

export interface TracesDebug {
  total: number;
  pending: number;
  problem: { message: string; column: number; length: number } | null;
  first: number;
  last: number;
  selected: number;
  pages: number[];
  domRows: number;
  query: { by: unknown; filter: string; sort: string; descending: boolean };
  points: number;
  pointsPending: number;
  rows: (TracesRowDebug | null)[];
  stats: { pageRequests: number; pointsRequests: number };
}

export interface TracesPage {
  browser: Browser;
  page: Page;
  errors: string[];
  open(opts?: { theme?: ThemeName; groups?: number; fresh?: boolean }): Promise<void>;
  debug(): Promise<TracesDebug>;
  /** Waits until the page has answers for its current query (rows and scatter) and has drawn them. */
  settle(): Promise<void>;
  posted<T = Record<string, unknown>>(type: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function launchTraces(opts: { width?: number; height?: number } = {}): Promise<TracesPage> {
  await buildTracesPage();
  const { server, origin } = await serve();
  const { browser, page, errors } = await browserPage(opts.width ?? 1100, opts.height ?? 560);
  const debug = () =>
    page.evaluate(() =>
      (window as unknown as { __threadlineTraces: { debug(): TracesDebug } }).__threadlineTraces.debug(),
    );
  const self: TracesPage = {
    browser,
    page,
    errors,
    debug,
    async open(o = {}) {
      await page.goto(
        `${origin}/?theme=${o.theme ?? 'dark'}&groups=${o.groups ?? 1000}${o.fresh === false ? '' : '&fresh'}`,
      );
      await page.waitForFunction(() => !!(window as unknown as { __threadlineTraces?: unknown }).__threadlineTraces);
      await self.settle();
    },
    async settle() {
      await page.waitForFunction(() => {
        const root = document.getElementById('traces-root')!;
        if (!root.dataset.loaded) return false;
        const label = root.querySelector('.lv-count');
        const app = (window as unknown as { __threadlineTraces: { debug(): { points: number } } }).__threadlineTraces;
        return (
          !!label &&
          !label.classList.contains('lv-busy') &&
          !root.querySelector('.tv-row.lv-loading:not([hidden])') &&
          app.debug().points >= 0
        );
      });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    },
    async posted<T>(type: string) {
      return page.evaluate(
        (t) =>
          (window as unknown as { fakeTraces: { posted: { type: string }[] } }).fakeTraces.posted.filter(
            (m) => m.type === t,
          ),
        type,
      ) as Promise<T[]>;
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
  return self;
}
