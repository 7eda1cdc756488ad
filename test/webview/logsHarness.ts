// Serves the Logs view to headless Chromium exactly as the view does — the HTML from the host's logs/html.ts with
// its Content-Security-Policy, the bundle built with the production settings — plus the fake host script that
// stands in for VS Code. Used by the Logs view's browser tests and its benchmark.

import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { logsHtml } from '../../src/extension/logs/html';
import { browserPage, buildBrowserBundles, root, servePage, withFakeHost } from './harness';
import type { ThemeName } from './page/themes';

const out = join(root, '.tmp', 'logs-test');
let built: Promise<void> | null = null;

export function buildLogsPage(minify = true): Promise<void> {
  built ??= buildBrowserBundles(out, minify, [
    { entry: 'webview/logs/main.ts', file: 'logs.js', loader: { '.css': 'css' } },
    { entry: 'test/webview/page/fakeLogsHost.ts', file: 'fakeLogsHost.js' },
  ]);
  return built;
}

function serve(): Promise<{ server: Server; origin: string }> {
  return servePage(out, (origin, nonce) =>
    withFakeHost(
      logsHtml({ cspSource: origin, nonce, scriptUri: '/logs.js', styleUri: '/logs.css' }),
      nonce,
      'fakeLogsHost.js',
    ),
  );
}

export interface LogsDebug {
  total: number;
  pending: number;
  problem: { message: string; column: number; length: number } | null;
  first: number;
  last: number;
  selected: number;
  expanded: number;
  follow: boolean;
  pages: number[];
  domRows: number;
  query: { filter: string; scope: unknown };
  rowHeight: number;
  levelCounts: number[];
  stats: { pageRequests: number; histogramRequests: number };
}

export interface LogsPage {
  browser: Browser;
  page: Page;
  errors: string[];
  /** Load the page over a session of `records` generated records. */
  open(opts?: { theme?: ThemeName; records?: number; fresh?: boolean }): Promise<void>;
  debug(): Promise<LogsDebug>;
  /** Waits until the page has answers for its current query and has drawn them. */
  settle(): Promise<void>;
  posted<T = Record<string, unknown>>(type: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function launchLogs(opts: { width?: number; height?: number } = {}): Promise<LogsPage> {
  await buildLogsPage();
  const { server, origin } = await serve();
  const { browser, page, errors } = await browserPage(opts.width ?? 1100, opts.height ?? 520);
  const debug = () =>
    page.evaluate(() => (window as unknown as { __threadlineLogs: { debug(): LogsDebug } }).__threadlineLogs.debug());
  const self: LogsPage = {
    browser,
    page,
    errors,
    debug,
    async open(o = {}) {
      await page.goto(
        `${origin}/?theme=${o.theme ?? 'dark'}&records=${o.records ?? 1000}${o.fresh === false ? '' : '&fresh'}`,
      );
      await page.waitForFunction(() => !!(window as unknown as { __threadlineLogs?: unknown }).__threadlineLogs);
      await self.settle();
    },
    async settle() {
      await page.waitForFunction(() => {
        const root = document.getElementById('logs-root')!;
        if (!root.dataset.loaded) return false;
        const label = root.querySelector('.lv-count');
        return (
          !!label && !label.classList.contains('lv-busy') && !root.querySelector('.lv-row.lv-loading:not([hidden])')
        );
      });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    },
    async posted<T>(type: string) {
      return page.evaluate(
        (t) =>
          (window as unknown as { fakeLogs: { posted: { type: string }[] } }).fakeLogs.posted.filter(
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
