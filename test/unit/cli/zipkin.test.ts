// `threadline inspect --zipkin` against a real Zipkin server (the pinned jar, in memory, on loopback) holding
// spans the OpenTelemetry Zipkin exporter posted: the listing, the merged JSON, and an exit code and one line
// for each failure. The CLI runs as a child process; the servers it talks to stay responsive meanwhile.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startZipkin, type RunningZipkin } from '../../../scripts/zipkin/server.mjs';
import { closedPortUrl, htmlServer, silentServer } from '../remote/hostileServers';
import { localLogLines, postCheckoutTrace, untilStored, type PostedTrace } from '../remote/zipkinTraces.mjs';

const root = resolve(import.meta.dirname, '../../..');
let zipkin: RunningZipkin;
let posted: PostedTrace;
let dir: string;
let logFile: string;

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '',
      stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

before(async () => {
  zipkin = await startZipkin();
  posted = await postCheckoutTrace(zipkin.url);
  await untilStored(zipkin.url, posted.traceId, 3);
  dir = mkdtempSync(join(tmpdir(), 'threadline-zipkin-'));
  logFile = join(dir, 'checkout.log');
  writeFileSync(logFile, localLogLines(posted));
});
after(async () => {
  await zipkin?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'inspect FILE --zipkin --trace --json: the same JSON shape, with the Zipkin spans and the local records in ' +
    'one group',
  async () => {
    const r = await cli(['inspect', logFile, '--zipkin', zipkin.url, '--trace', posted.traceId, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['files', 'records', 'spans', 'groups']);
    const source = `Zipkin ${zipkin.url.replace('http://', '')} trace ${posted.traceId}`;
    assert.deepEqual(
      out.files.map((f: { path: string }) => f.path),
      [logFile, source],
    );
    assert.deepEqual(out.files[1].formats, { 'zipkin-v2': 3 });
    const spans = out.spans as {
      spanId: string;
      parentSpanId: string | null;
      service: string;
      file: string;
      startNs: string;
    }[];
    assert.deepEqual(
      spans.map((s) => `${s.service} ${s.spanId} ← ${s.parentSpanId}`).sort(),
      [
        `checkout ${posted.callSpanId} ← ${posted.rootSpanId}`,
        `checkout ${posted.rootSpanId} ← null`,
        `payments ${posted.serverSpanId} ← ${posted.callSpanId}`,
      ].sort(),
    );
    assert.ok(spans.every((s) => s.file === source));
    assert.equal(spans.find((s) => s.spanId === posted.rootSpanId)!.startNs, `${posted.startS}000000000`);
    const group = out.groups.find((g: { key: string }) => g.key === posted.traceId);
    assert.deepEqual(
      { records: group.records, spans: group.spans, root: group.root },
      { records: 3, spans: 3, root: 'get /checkout' },
    );
  },
);

test('inspect --zipkin --trace without files prints the trace for people', async () => {
  const r = await cli(['inspect', '--zipkin', zipkin.url, '--trace', posted.traceId]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    new RegExp(
      `trace ${posted.traceId}  \\(0 records, 3 spans, 1 errors, 120\\.0 ms\\)  root "get /checkout"  ` +
        `services checkout, payments`,
    ),
  );
});

test('inspect --zipkin --service lists recent traces, as text and as JSON', async () => {
  const text = await cli([
    'inspect',
    '--zipkin',
    zipkin.url,
    '--service',
    'payments',
    '--lookback',
    '1h',
    '--limit',
    '5',
  ]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(
    text.stdout,
    new RegExp(
      `^${posted.traceId}  \\S+  +120\\.0 ms  checkout: get /checkout  \\(3 spans, 1 error; checkout, payments\\)$`,
      'm',
    ),
  );
  const asJson = await cli(['inspect', '--zipkin', zipkin.url, '--service', 'checkout', '--json']);
  assert.equal(asJson.status, 0, asJson.stderr);
  const hit = JSON.parse(asJson.stdout).traces.find((t: { traceId: string }) => t.traceId === posted.traceId);
  assert.deepEqual(hit, {
    traceId: posted.traceId,
    root: 'get /checkout',
    rootService: 'checkout',
    services: ['checkout', 'payments'],
    startNs: `${posted.startS}000000000`,
    durationNs: '120000000',
    spans: 3,
    errors: 1,
  });
  const none = await cli(['inspect', '--zipkin', zipkin.url, '--service', 'nobody']);
  assert.equal(none.status, 0);
  assert.match(none.stdout, /^no traces of nobody in Zipkin at /);
});

test('a trace Zipkin does not hold: exit 3, one line', async () => {
  const r = await cli(['inspect', logFile, '--zipkin', zipkin.url, '--trace', 'abcdef0123456789']);
  assert.equal(r.status, 3);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `threadline: trace abcdef0123456789 not found in Zipkin at ${zipkin.url}\n`);
});

test('nothing listening: exit 4, connection refused', async () => {
  const url = await closedPortUrl();
  const r = await cli(['inspect', '--zipkin', url, '--trace', posted.traceId]);
  assert.equal(r.status, 4);
  assert.match(
    r.stderr,
    /^threadline: cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/v2\/trace\/\w+: connection refused.*\n$/,
  );
});

test('a server that never answers: exit 5 with the time limit given', async () => {
  const silent = await silentServer();
  try {
    const r = await cli(['inspect', '--zipkin', silent.url, '--service', 'checkout', '--timeout', '500ms']);
    assert.equal(r.status, 5);
    assert.equal(r.stderr, `threadline: ${silent.url}/api/v2/traces did not answer within 0.5 s\n`);
    assert.equal(silent.requests.length, 1);
  } finally {
    await silent.close();
  }
});

test('a web server that is not Zipkin: exit 6, saying so', async () => {
  const html = await htmlServer();
  try {
    const r = await cli(['inspect', '--zipkin', html.url, '--trace', posted.traceId]);
    assert.equal(r.status, 6);
    assert.match(
      r.stderr,
      /^threadline: http:\/\/127\.0\.0\.1:\d+\/api\/v2\/trace\/\w+ is not a Zipkin API: HTTP 404 with text\/html/,
    );
  } finally {
    await html.close();
  }
});

for (const [args, pattern] of [
  [['inspect', '--zipkin', 'http://127.0.0.1:9'], /--zipkin needs --trace ID .* or --service NAME/],
  [['inspect', 'x.log', '--trace', 'abc'], /--trace needs --zipkin URL/],
  [['inspect', '--zipkin', 'http://127.0.0.1:9', '--trace', 'xyz'], /"xyz" is not a trace ID/],
  [['inspect', '--zipkin', 'ftp://h', '--trace', 'abc'], /ftp: URLs are not supported/],
  [
    ['inspect', '--zipkin', 'http://127.0.0.1:9', '--service', 's', '--lookback', 'soon'],
    /--lookback needs a duration/,
  ],
  [['inspect', '--zipkin', 'http://127.0.0.1:9', '--service', 's', '--limit', '0'], /--limit needs a whole number/],
  [['stats', 'x.log', '--zipkin', 'http://127.0.0.1:9'], /--zipkin is an option of inspect/],
] as const) {
  test(`usage: threadline ${args.join(' ')} → exit 2, nothing sent`, async () => {
    const r = await cli([...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
  });
}
