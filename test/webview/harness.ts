// Serves the timeline webview to headless Chromium exactly as the panel does — the HTML from the host's
// html.ts with its Content-Security-Policy, the bundle built with the production settings — plus the fake
// host script that stands in for VS Code. Used by the browser tests and the benchmark.

import * as esbuild from 'esbuild';
import { createServer, type Server } from 'node:http';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { timelineHtml } from '../../src/extension/timeline/html';
import type { TraceSpec } from './fakeSession';
import type { ThemeName } from './page/themes';

export const root = resolve(import.meta.dirname, '../..');
const out = join(root, '.tmp', 'webview-test');
let built: Promise<void> | null = null;

/** One bundle of a test page: its entry point, the file it is written to, and esbuild loaders beyond JS. */
export interface BrowserBundle {
  entry: string;
  file: string;
  loader?: Record<string, esbuild.Loader>;
}

/**
 * Builds a page's bundles into `dir` with the browser sandbox's settings: the tests' own copy, so a concurrent
 * `npm run build` cannot swap files under a running test.
 */
export async function buildBrowserBundles(dir: string, minify: boolean, bundles: BrowserBundle[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await Promise.all(
    bundles.map((b) =>
      esbuild.build({
        platform: 'browser',
        target: 'chrome120',
        format: 'iife',
        bundle: true,
        minify,
        logLevel: 'warning',
        absWorkingDir: root,
        entryPoints: [b.entry],
        outfile: join(dir, b.file),
        ...(b.loader ? { loader: b.loader } : {}),
      }),
    ),
  );
}

/** A page's HTML with the fake host's script (the stand-in for VS Code) loaded before the page's own. */
export function withFakeHost(html: string, nonce: string, script: string): string {
  return html.replace('<script nonce=', `<script nonce="${nonce}" src="/${script}"></script>\n<script nonce=`);
}

export function buildPage(minify = false): Promise<void> {
  built ??= (async () => {
    await buildBrowserBundles(out, minify, [
      { entry: 'webview/main.ts', file: 'webview.js', loader: { '.css': 'css', '.ttf': 'file' } },
      { entry: 'test/webview/page/fakeHost.ts', file: 'fakeHost.js' },
    ]);
    for (const f of ['codicon.css', 'codicon.ttf'])
      copyFileSync(join(root, 'node_modules/@vscode/codicons/dist', f), join(out, f));
  })();
  return built;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/**
 * A loopback server for one webview page: `/` is the page's HTML for the request's origin and a fresh nonce
 * (`html`), anything else a file of `dir` by plain name.
 */
export function servePage(
  dir: string,
  html: (origin: string, nonce: string) => string,
): Promise<{ server: Server; origin: string }> {
  return new Promise((res) => {
    const server = createServer((req, resp) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const nonce = `n${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
        resp.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        resp.end(html(`http://${req.headers.host}`, nonce));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        resp.writeHead(204).end();
        return;
      }
      const name = url.pathname.replace(/^\/+/, '');
      if (!/^[\w.-]+$/.test(name)) {
        resp.writeHead(404).end();
        return;
      }
      try {
        const body = readFileSync(join(dir, name));
        resp.writeHead(200, {
          'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        resp.end(body);
      } catch {
        resp.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      res({ server, origin: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
    });
  });
}

export function serve(): Promise<{ server: Server; origin: string }> {
  return servePage(out, (origin, nonce) =>
    withFakeHost(
      timelineHtml({
        cspSource: origin,
        nonce,
        scriptUri: '/webview.js',
        styleUri: '/webview.css',
        codiconUri: '/codicon.css',
      }),
      nonce,
      'fakeHost.js',
    ),
  );
}

export interface TimelinePage {
  browser: Browser;
  page: Page;
  origin: string;
  errors: string[];
  /** Load the page; `fresh` (default) forgets the state a previous load saved. */
  open(theme?: ThemeName, fresh?: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with one page of the given size whose errors (thrown or logged) are collected. */
export async function browserPage(
  width: number,
  height: number,
): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { browser, page, errors };
}

export async function launch(opts: { width?: number; height?: number } = {}): Promise<TimelinePage> {
  await buildPage();
  const { server, origin } = await serve();
  const { browser, page, errors } = await browserPage(opts.width ?? 1280, opts.height ?? 760);
  return {
    browser,
    page,
    origin,
    errors,
    async open(theme = 'dark', fresh = true) {
      await page.goto(`${origin}/?theme=${theme}${fresh ? '&fresh' : ''}`);
      await page.waitForFunction(
        () => !!(window as unknown as { __threadlineTimeline?: unknown }).__threadlineTimeline,
      );
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Adds traces to the fake session and shows them; resolves when every chunk is in and drawn. */
export async function showTraces(
  page: Page,
  specs: TraceSpec[],
  groupIds = specs.map((s) => s.groupId),
): Promise<void> {
  const before = await page.evaluate(() => document.getElementById('timeline-root')!.dataset.loaded ?? '');
  await page.evaluate(
    ({ specs, groupIds }) => {
      const h = (window as unknown as { fakeHost: { addTraces(s: unknown): void; show(g: string[]): void } }).fakeHost;
      h.addTraces(specs);
      h.show(groupIds);
    },
    { specs, groupIds },
  );
  await waitLoaded(page, before);
}

export async function waitLoaded(page: Page, before: string): Promise<void> {
  await page.waitForFunction((b) => {
    const l = document.getElementById('timeline-root')!.dataset.loaded;
    return !!l && l !== b;
  }, before);
  await nextFrame(page);
}

export async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export interface DebugView {
  axis: { start: number; end: number; x0: number; width: number; min: number; max: number };
  labelWidth: number;
  scrollTop: number;
  selected: { group: number; span: number; marker: number } | null;
  hits: { group: number; span: number; marker: number }[];
  hitIndex: number;
  openMs: number;
  rows: number;
}

export function debugView(page: Page): Promise<DebugView> {
  return page.evaluate(() => {
    const d = (
      window as unknown as {
        __threadlineTimeline: {
          debug(): Record<string, unknown> & { axis: DebugView['axis']; rows: { length: number } };
        };
      }
    ).__threadlineTimeline.debug();
    const a = d.axis;
    return {
      axis: { start: a.start, end: a.end, x0: a.x0, width: a.width, min: a.min, max: a.max },
      labelWidth: d.labelWidth as number,
      scrollTop: d.scrollTop as number,
      selected: d.selected as DebugView['selected'],
      hits: d.hits as DebugView['hits'],
      hitIndex: d.hitIndex as number,
      openMs: d.openMs as number,
      rows: d.rows.length,
    };
  });
}

/** Colour of one canvas pixel (CSS pixels from the waterfall canvas's top-left). */
export function pixel(page: Page, x: number, y: number, selector = '.tl-canvas'): Promise<[number, number, number]> {
  return page.evaluate(
    ({ x, y, selector }) => {
      const c = document.querySelector(selector) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(Math.round(x), Math.round(y), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!] as [number, number, number];
    },
    { x, y, selector },
  );
}

export function hexRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function near(a: number[], b: number[], tol = 3): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tol);
}

/** Canvas x of time `t` (ns on the shared axis), from the axis state alone. */
export function xOf(v: DebugView, t: number): number {
  return v.axis.x0 + ((t - v.axis.start) * v.axis.width) / (v.axis.end - v.axis.start);
}

export const AXIS_H = 26;
export const ROW_H = 22;
/** Centre of a row's bar / marker lane, in canvas pixels. */
export const barY = (v: DebugView, row: number) => AXIS_H + row * ROW_H - v.scrollTop + 8;
export const laneY = (v: DebugView, row: number) => AXIS_H + row * ROW_H - v.scrollTop + 18;
