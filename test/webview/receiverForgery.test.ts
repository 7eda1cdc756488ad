// A web page the developer has open must not be able to write into the session through the telemetry
// receiver. A real Chromium page, served from another local origin, tries what a page can send without a
// CORS preflight (a no-cors POST with an untyped Blob to Zipkin, a POST to the JSON-lines TCP port, text/plain
// to OTLP) and what needs one (application/json): nothing reaches the session and each try is counted. A page
// whose origin the user allowed gets CORS answers and its spans in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startReceiver, type Receiver } from '../../src/core/live/receiver/index';
import { createSession } from '../../src/core/session/session';
import type { SessionApi } from '../../src/core/session/api';

let browser: Browser;
let page: Page;
let pageServer: Server;
let pageOrigin: string;
let session: SessionApi;
let receiver: Receiver;
let allowed = new Set<string>();

const SPAN = (id: string) =>
  JSON.stringify([
    {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      id,
      name: 'forged',
      timestamp: 1714551300000000,
      duration: 1000,
      localEndpoint: { serviceName: 'attacker' },
    },
  ]);
const OTLP = JSON.stringify({
  resourceSpans: [
    {
      scopeSpans: [
        {
          spans: [
            {
              traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
              spanId: '00f067aa0ba902b7',
              name: 'forged',
              startTimeUnixNano: '1714551300000000000',
              endTimeUnixNano: '1714551300001000000',
            },
          ],
        },
      ],
    },
  ],
});

before(async () => {
  session = createSession({ workers: 0 });
  receiver = await startReceiver({
    otlpPort: 0,
    zipkinPort: 0,
    jsonLinesPort: 0,
    sinkFor: (kind, port) => session.addStream(`${kind} :${port}`),
    allowedOrigins: () => allowed,
  });
  pageServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>some page</title><p>hello</p>');
  });
  await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', () => r()));
  const a = pageServer.address();
  pageOrigin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  page = await browser.newPage();
  await page.goto(pageOrigin + '/');
});

after(async () => {
  await browser?.close();
  await receiver?.close();
  await new Promise((r) => pageServer?.close(r));
  session?.dispose();
});

/** Runs fetch in the page; answers what the page can see (an opaque answer shows status 0). */
function pageFetch(url: string, init: { mode: 'cors' | 'no-cors'; body: string; type?: string; blob?: boolean }) {
  return page.evaluate(
    async ({ url, init }) => {
      const body = init.blob ? new Blob([init.body]) : init.body;
      const headers: Record<string, string> = init.type ? { 'Content-Type': init.type } : {};
      try {
        // a listener that takes the request in without answering must not hang the test
        const r = await fetch(url, {
          method: 'POST',
          mode: init.mode,
          body,
          headers,
          signal: AbortSignal.timeout(5000),
        });
        const text = r.type === 'opaque' ? '' : await r.text();
        return { status: r.status, type: r.type, text, error: null as string | null };
      } catch (e) {
        return { status: -1, type: 'error', text: '', error: String(e) };
      }
    },
    { url, init },
  );
}

async function settle() {
  await new Promise((r) => setTimeout(r, 300));
}

test('forged requests from a page on another origin are refused; nothing reaches the session', async () => {
  const z = `http://127.0.0.1:${receiver.ports.zipkin}/api/v2/spans`;
  const o = `http://127.0.0.1:${receiver.ports.otlp}/v1/traces`;
  const j = `http://127.0.0.1:${receiver.ports.jsonLines}/`;
  // 1. no-cors POST of an untyped Blob: no Content-Type, no preflight
  const blob = await pageFetch(z, { mode: 'no-cors', body: SPAN('00f067aa0ba902b7'), blob: true });
  assert.equal(blob.type, 'opaque');
  // 2. the JSON-lines TCP port, with the body a valid log line
  await pageFetch(j, { mode: 'no-cors', body: '{"level":"error","msg":"forged record"}\n', type: 'text/plain' });
  // 3. text/plain to OTLP (a "simple" request) and application/json (needs a preflight, which is refused)
  await pageFetch(o, { mode: 'no-cors', body: OTLP, type: 'text/plain' });
  const cors = await pageFetch(o, { mode: 'cors', body: OTLP, type: 'application/json' });
  assert.equal(cors.type, 'error', 'the preflight is not answered for an origin that is not allowed');
  await settle();

  assert.equal(session.stats().records, 0, 'no record from the page');
  assert.equal(session.spans().length, 0, 'no span from the page');
  for (const s of session.sources()) assert.equal(s.lines, 0, `${s.name} took no line`);
  const st = receiver.stats();
  assert.equal(st.zipkin!.browserRefused, 1);
  assert.equal(st.jsonLines!.browserRefused, 1);
  // the text/plain POST and the preflight of the JSON one
  assert.equal(st.otlp!.browserRefused, 2);
});

test('an allowed origin gets CORS answers and its spans in', async () => {
  allowed = new Set([pageOrigin]);
  try {
    const z = `http://127.0.0.1:${receiver.ports.zipkin}/api/v2/spans`;
    const o = `http://127.0.0.1:${receiver.ports.otlp}/v1/traces`;
    const zr = await pageFetch(z, { mode: 'cors', body: SPAN('00f067aa0ba902b8'), type: 'application/json' });
    assert.equal(zr.status, 202, JSON.stringify(zr));
    const or = await pageFetch(o, { mode: 'cors', body: OTLP, type: 'application/json' });
    assert.equal(or.status, 200, JSON.stringify(or));
    assert.equal(or.text, '{}', 'the page reads the OTLP answer');
    await settle();
    assert.equal(session.spans().length, 2);
    // another origin is still refused
    const other = await browser.newPage();
    try {
      await other.goto(pageOrigin.replace('127.0.0.1', 'localhost') + '/');
      const r = await other.evaluate(async (url) => {
        try {
          return (await fetch(url, { method: 'POST', mode: 'no-cors', body: new Blob(['[]']) })).type;
        } catch (e) {
          return String(e);
        }
      }, z);
      assert.equal(r, 'opaque');
      await settle();
      assert.equal(receiver.stats().zipkin!.browserRefused, 2);
      assert.equal(session.spans().length, 2);
    } finally {
      await other.close();
    }
  } finally {
    allowed = new Set();
  }
});
