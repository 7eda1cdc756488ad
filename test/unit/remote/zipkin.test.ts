// The Zipkin trace store against a real Zipkin server (scripts/zipkin/server.mjs runs the pinned jar with
// in-memory storage): spans posted by the OpenTelemetry Zipkin exporter are searched, fetched with exact IDs,
// and merged into a session with local logs of the same trace. Then every failure a user can meet.
// Without Java or the jar this fails: it never skips.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startZipkin, type RunningZipkin } from '../../../scripts/zipkin/server.mjs';
import { ZipkinTraceStore, zipkinQuery } from '../../../src/core/remote/zipkin';
import { mergeRemoteTrace } from '../../../src/core/remote/merge';
import { RemoteTraceError, type RemoteErrorKind } from '../../../src/core/remote/traceStore';
import { createSession } from '../../../src/core/session/session';
import { closedPortUrl, htmlServer, otherJsonServer, serve, silentServer } from './hostileServers';
import { localLogLines, postCheckoutTrace, untilStored, type PostedTrace } from './zipkinTraces.mjs';

let zipkin: RunningZipkin;
let posted: PostedTrace;

before(async () => {
  zipkin = await startZipkin();
  posted = await postCheckoutTrace(zipkin.url);
  await untilStored(zipkin.url, posted.traceId, 3);
});
after(async () => {
  await zipkin?.stop();
});

async function rejectsWith(p: Promise<unknown>, kind: RemoteErrorKind, message: RegExp): Promise<RemoteTraceError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RemoteTraceError, `expected a RemoteTraceError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

test('a trace fetched by ID has the reported spans with exact IDs, services, parents and status', async () => {
  const store = new ZipkinTraceStore(zipkin.url);
  const t = await store.trace(posted.traceId.toUpperCase());
  assert.equal(t.traceId, posted.traceId);
  assert.equal(t.spans.length, 3);
  const byService = (svc: string, kind: string) => t.spans.find((s) => s.service === svc && s.kind === kind)!;
  const root = byService('checkout', 'SERVER');
  const call = byService('checkout', 'CLIENT');
  const server = byService('payments', 'SERVER');
  assert.equal(root.spanId, posted.rootSpanId);
  assert.equal(root.parentSpanId, null);
  assert.equal(call.spanId, posted.callSpanId);
  assert.equal(call.parentSpanId, posted.rootSpanId);
  assert.equal(server.spanId, posted.serverSpanId);
  assert.equal(server.parentSpanId, posted.callSpanId);
  assert.equal(server.status, 'error');
  assert.equal(root.startNs, BigInt(posted.startS) * 1_000_000_000n);
  assert.equal(root.endNs - root.startNs, 120_000_000n);
  assert.equal(server.attributes['card.kind'], 'visa');
  assert.deepEqual(t.warnings, []);
});

test('services, span names and a search by service list the posted trace, summarised', async () => {
  const store = new ZipkinTraceStore(`${zipkin.url}/zipkin/`);
  assert.equal(store.url, zipkin.url);
  assert.deepEqual((await store.services()).sort(), ['checkout', 'payments']);
  assert.deepEqual((await store.spanNames('checkout')).sort(), ['get /checkout', 'post /charge']);
  const hits = await store.search({ service: 'checkout', lookbackMs: 3_600_000, limit: 10 });
  const hit = hits.find((h) => h.traceId === posted.traceId);
  assert.ok(hit, `trace ${posted.traceId} in ${JSON.stringify(hits.map((h) => h.traceId))}`);
  assert.equal(hit.root, 'get /checkout');
  assert.equal(hit.rootService, 'checkout');
  assert.deepEqual(hit.services, ['checkout', 'payments']);
  assert.equal(hit.spans, 3);
  assert.equal(hit.errors, 1);
  assert.equal(hit.durationNs, 120_000_000n);
});

test('search filters reach Zipkin: tags, span name and durations narrow the result', async () => {
  const store = new ZipkinTraceStore(zipkin.url);
  const ids = async (q: Parameters<typeof store.search>[0]) =>
    (await store.search({ lookbackMs: 3_600_000, ...q })).map((h) => h.traceId);
  assert.ok((await ids({ service: 'payments', tags: [{ key: 'card.kind', value: 'visa' }] })).includes(posted.traceId));
  assert.deepEqual(await ids({ service: 'payments', tags: [{ key: 'card.kind', value: 'amex' }] }), []);
  assert.ok((await ids({ service: 'payments', tags: [{ key: 'error' }] })).includes(posted.traceId));
  assert.ok((await ids({ service: 'checkout', spanName: 'get /checkout' })).includes(posted.traceId));
  assert.deepEqual(await ids({ service: 'checkout', spanName: 'post /refund' }), []);
  assert.ok((await ids({ service: 'checkout', minDurationMs: 100 })).includes(posted.traceId));
  assert.deepEqual(await ids({ service: 'checkout', minDurationMs: 500 }), []);
  assert.deepEqual(
    await ids({ service: 'checkout', minDurationMs: 1, maxDurationMs: 50 }).then((l) => l.includes(posted.traceId)),
    false,
  );
});

test('the query maps to Zipkin parameters and refuses what Zipkin cannot express', () => {
  assert.deepEqual(
    zipkinQuery(
      {
        service: 'a',
        tags: [{ key: 'http.method', value: 'GET' }, { key: 'error' }],
        minDurationMs: 1.5,
        lookbackMs: 60_000,
        limit: 5,
      },
      'u',
    ),
    {
      serviceName: 'a',
      annotationQuery: 'http.method=GET and error',
      minDuration: '1500',
      lookback: '60000',
      limit: '5',
    },
  );
  assert.throws(() => zipkinQuery({ maxDurationMs: 5 }, 'u'), /minimum duration/);
  assert.throws(() => zipkinQuery({ tags: [{ key: 'a', value: 'x and y' }] }, 'u'), /" and "/);
  assert.throws(() => zipkinQuery({ limit: 0 }, 'u'), /limit/);
});

test('merged into a session, the trace group holds the Zipkin spans and the local records on them', async () => {
  const session = createSession({ workers: 0 });
  try {
    const logs = session.addStream('checkout.log');
    logs.write(localLogLines(posted));
    logs.end();
    const store = new ZipkinTraceStore(zipkin.url);
    const first = mergeRemoteTrace(session, store, await store.trace(posted.traceId));
    const group = { by: { kind: 'trace' as const }, id: `trace:${posted.traceId}` };
    assert.deepEqual(first, {
      groupId: group.id,
      group,
      added: 3,
      alreadyHeld: 0,
      sourceName: `Zipkin ${zipkin.url.slice(7)} trace ${posted.traceId}`,
    });
    const nodes = session.spanTree(group);
    const reported = nodes.filter((n) => n.span.origin === 'reported');
    assert.equal(reported.length, 3);
    const server = nodes.find((n) => n.span.spanId === posted.serverSpanId && n.span.service === 'payments')!;
    assert.equal(server.records, 1);
    const onRoot = session.query({ scope: { group, spanId: posted.rootSpanId } }).items.map((r) => r.message);
    assert.deepEqual(onRoot, ['checkout started for cart 42', 'checkout failed: payment declined']);
    assert.equal(session.group(group)?.records, 3);

    const again = mergeRemoteTrace(session, store, await store.trace(posted.traceId));
    assert.deepEqual(again, { groupId: group.id, group, added: 0, alreadyHeld: 3, sourceName: null });
    assert.equal(session.spans().filter((s) => s.traceId === posted.traceId).length, 3);
    assert.equal(session.sources().length, 2);
  } finally {
    session.dispose();
  }
});

test('a trace Zipkin does not have is "not found", after Zipkin showed it is Zipkin', async () => {
  const store = new ZipkinTraceStore(zipkin.url);
  const e = await rejectsWith(
    store.trace('00000000000000000000000000abcdef'),
    'not-found',
    /trace 00000000000000000000000000abcdef not found in Zipkin/,
  );
  assert.equal(e.status, 404);
});

test('a malformed trace ID or URL is refused before any request', async () => {
  const s = await serve((_q, r) => r.end('[]'));
  try {
    const store = new ZipkinTraceStore(s.url);
    await rejectsWith(store.trace('not-a-trace'), 'invalid-request', /not a trace ID/);
    await rejectsWith(store.trace('0000000000000000'), 'invalid-request', /not all zero/);
    assert.deepEqual(s.requests, []);
    assert.throws(() => new ZipkinTraceStore('ftp://example.com'), /use http:\/\/ or https:\/\//);
    assert.throws(() => new ZipkinTraceStore('http://user:pw@127.0.0.1:9411'), /credentials/);
  } finally {
    await s.close();
  }
});

test('nothing listening on the port: "unreachable", connection refused', async () => {
  const store = new ZipkinTraceStore(await closedPortUrl());
  await rejectsWith(store.trace(posted.traceId), 'unreachable', /cannot reach .* connection refused/);
  await rejectsWith(store.search({ service: 'checkout' }), 'unreachable', /connection refused/);
});

test('a web server that is not Zipkin: "not a Zipkin API", for a 404 page, a 200 page and other JSON', async () => {
  const html = await htmlServer();
  const json = await otherJsonServer();
  try {
    await rejectsWith(
      new ZipkinTraceStore(html.url).trace(posted.traceId),
      'not-a-trace-store',
      /is not a Zipkin API: HTTP 404 with text\/html/,
    );
    assert.deepEqual(html.requests, [`/api/v2/trace/${posted.traceId}`, '/api/v2/services']);
    await rejectsWith(
      new ZipkinTraceStore(json.url).trace(posted.traceId),
      'not-a-trace-store',
      /JSON of another shape/,
    );
    await rejectsWith(new ZipkinTraceStore(json.url).search({}), 'not-a-trace-store', /a list of traces/);
    await rejectsWith(new ZipkinTraceStore(json.url).services(), 'not-a-trace-store', /a list of names/);
  } finally {
    await html.close();
    await json.close();
  }
});

test('a server that never answers: "timeout" once the limit passes, and the request had been sent', async () => {
  const silent = await silentServer();
  try {
    const store = new ZipkinTraceStore(silent.url, { timeoutMs: 300 });
    await rejectsWith(store.trace(posted.traceId), 'timeout', /did not answer within 0\.3 s/);
    assert.deepEqual(silent.requests, [`/api/v2/trace/${posted.traceId}`]);
  } finally {
    await silent.close();
  }
});

test('a caller can cancel a request: its AbortError comes back, not a store error', async () => {
  const silent = await silentServer();
  try {
    const abort = new AbortController();
    const pending = new ZipkinTraceStore(silent.url).trace(posted.traceId, { signal: abort.signal });
    while (silent.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
  } finally {
    await silent.close();
  }
});

test('an answer over the size limit is refused as "too large"; HTTP errors carry the status', async () => {
  const store = new ZipkinTraceStore(zipkin.url, { maxBytes: 200 });
  await rejectsWith(store.trace(posted.traceId), 'too-large', /answered more than 0 MiB/);
  const failing = await serve((_q, r) => {
    r.writeHead(503, { 'content-type': 'text/plain' });
    r.end('storage down');
  });
  try {
    const e = await rejectsWith(
      new ZipkinTraceStore(failing.url).search({}),
      'http-error',
      /answered HTTP 503: storage down/,
    );
    assert.equal(e.status, 503);
  } finally {
    await failing.close();
  }
});

test('a redirect is not followed (credentials stay with their address): an HTTP error naming the target', async () => {
  const target = await serve((_q, r) => r.end('[]'));
  const redirecting = await serve((_q, r) => {
    r.writeHead(302, { location: `${target.url}/api/v2/services` });
    r.end();
  });
  try {
    const store = new ZipkinTraceStore(redirecting.url, { headers: { authorization: 'Bearer secret' } });
    await rejectsWith(
      store.services(),
      'http-error',
      /answered HTTP 302: redirects to http:\/\/127\.0\.0\.1:\d+\/api\/v2\/services/,
    );
    assert.deepEqual(target.requests, []);
  } finally {
    await redirecting.close();
    await target.close();
  }
});

test('spans the session read from a Zipkin file are not added again by a fetch of the same trace', async () => {
  const session = createSession({ workers: 0 });
  try {
    const store = new ZipkinTraceStore(zipkin.url);
    const fetched = await store.trace(posted.traceId);
    const exported = session.addStream('export.json');
    exported.write(`${JSON.stringify(fetched.document([0, 1, 2]))}\n`);
    exported.end();
    assert.equal(session.spans().length, 3);
    const merged = mergeRemoteTrace(session, store, fetched);
    assert.deepEqual(
      { added: merged.added, alreadyHeld: merged.alreadyHeld, source: merged.sourceName },
      {
        added: 0,
        alreadyHeld: 3,
        source: null,
      },
    );
    assert.equal(session.spans().length, 3);
    assert.deepEqual(
      session.sources().map((s) => s.name),
      ['export.json'],
    );
  } finally {
    session.dispose();
  }
});
