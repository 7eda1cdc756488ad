// `threadline receive` and `threadline follow --max-records/--quiet/--json` end to end, through the built
// command line (dist/cli.js, as `npm run build` makes it) in a child process.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';

const root = resolve(import.meta.dirname, '../../..');
const cliJs = join(root, 'dist', 'cli.js');

before(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

function start(args: string[]) {
  const child = spawn(process.execPath, [cliJs, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '',
    err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const until = async (pred: () => boolean, ms = 30_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out; out=${out.slice(-2000)} err=${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    child,
    exited,
    until,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

const line = (i: number) =>
  `{"time":"${new Date(1764000000000 + i).toISOString()}","level":"info","msg":"line ${i}",` +
  `"traceId":"${((i % 97) + 1).toString(16).padStart(32, '0')}"}\n`;

test('receive: bound ports on stderr, spans and records as NDJSON to --out, a summary on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-receive-'));
  const out = join(dir, 'telemetry.ndjson');
  const c = start(['receive', '--otlp-port', '0', '--zipkin-port', '0', '--json-lines-port', '0', '--out', out]);
  try {
    await c.until(() => /receiving;/.test(c.err));
    const port = (name: string) =>
      Number(new RegExp(`${name} on (?:http|tcp)://127\\.0\\.0\\.1:(\\d+)`).exec(c.err)![1]);
    const otlp = port('OTLP/HTTP'),
      zipkin = port('Zipkin'),
      jsonLines = port('JSON lines');
    assert.ok(otlp > 0 && zipkin > 0 && jsonLines > 0 && new Set([otlp, zipkin, jsonLines]).size === 3);

    for (const [exporter, service] of [
      [new OTLPTraceExporter({ url: `http://127.0.0.1:${otlp}/v1/traces` }), 'orders'],
      [new ZipkinExporter({ url: `http://127.0.0.1:${zipkin}/api/v2/spans`, serviceName: 'billing' }), 'billing'],
    ] as const) {
      const provider = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      });
      provider.getTracer('cli-test').startSpan(`work ${service}`).end();
      await provider.forceFlush();
      await provider.shutdown();
    }
    await new Promise<void>((r) => {
      const s = connect(jsonLines, '127.0.0.1', () => s.end(line(1) + line(2)));
      s.on('close', () => r());
    });
    // a page's forged request: refused, not written
    const refused = await new Promise<number>((r) => {
      const headers = { Origin: 'http://evil.test' };
      const opts = { host: '127.0.0.1', port: zipkin, path: '/api/v2/spans', method: 'POST', headers };
      const req = request(opts, (res) => {
        res.resume();
        r(res.statusCode!);
      });
      req.end(JSON.stringify([{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', id: '00f067aa0ba902b7', name: 'x' }]));
    });
    assert.equal(refused, 403);
    await new Promise((r) => setTimeout(r, 300));
    c.child.kill('SIGTERM');
    assert.equal(await c.exited, 0);
    const rows = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const spans = rows.filter((r) => r.type === 'span');
    const records = rows.filter((r) => r.type === 'record');
    assert.deepEqual(spans.map((s) => s.name).sort(), ['work billing', 'work orders']);
    assert.ok(spans.every((s) => /^[0-9a-f]{32}$/.test(s.traceId) && /^\d+$/.test(s.startNs)));
    assert.deepEqual(
      records.map((r) => r.message),
      ['line 1', 'line 2'],
    );
    assert.ok(!rows.some((r) => r.name === 'forged'));
    assert.match(c.err, /received 2 records and 2 spans/);
    assert.match(c.err, /1 browser requests refused/);
    assert.match(c.err, /refused a request from a web page with Origin http:\/\/evil\.test/);
  } finally {
    c.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('receive: a usage error says what is wrong', async () => {
  const c = start(['receive', '--otlp-port', 'seventy']);
  assert.equal(await c.exited, 2);
  assert.match(c.err, /--otlp-port needs a port number/);
});

test('follow - --max-records --quiet --json: keeps the newest N, summary only, every line accounted', async () => {
  const c = start(['follow', '-', '--max-records', '1000', '--quiet', '--json']);
  const n = 50_000;
  let text = '';
  // a line that starts like JSON and does not parse is a bad line
  for (let i = 0; i < n; i++) text += i % 1000 === 999 ? '{"broken\n' : line(i);
  c.child.stdin.end(text);
  assert.equal(await c.exited, 0);
  const lines = c.out.trimEnd().split('\n');
  assert.equal(lines.length, 1, 'only the summary on stdout');
  const s = JSON.parse(lines[0]!);
  assert.equal(s.lines, n);
  assert.equal(s.badLines, 50);
  assert.equal(s.records + s.badLines + s.continuationLines, s.lines);
  assert.equal(s.kept + s.evicted, s.records);
  assert.ok(s.kept <= 1000 && s.kept >= 990, `kept ${s.kept}`);
  for (const k of ['spans', 'elapsedMs', 'cpuMs', 'peakRssBytes']) assert.equal(typeof s[k], 'number', k);
  assert.ok(s.peakRssBytes > 10 * 1024 * 1024);
  assert.match(c.err, /49950 read, 50 bad lines, \d+ evicted, \d+ kept/);
});

test('follow -- CMD prints every record (buffered), then the JSON summary; SIGINT ends it', async () => {
  const script =
    'for(let i=0;i<3000;i++)process.stdout.write(JSON.stringify({time:new Date(1764000000000+i),' +
    'level:"info",msg:String(i),traceId:"0".repeat(31)+"1"})+"\\n")';
  const c = start(['follow', '--json', '--', process.execPath, '-e', script]);
  assert.equal(await c.exited, 0);
  const lines = c.out.trimEnd().split('\n');
  assert.equal(lines.length, 3001);
  assert.match(lines[0]!, /^2025-11-24T16:00:00\.000000Z INFO {2}trace 00000000…0001\s+0$/);
  assert.match(lines[2999]!, /\s2999$/);
  const s = JSON.parse(lines[3000]!);
  assert.equal(s.records, 3000);
  assert.equal(s.printed, 3000);
  assert.equal(s.evicted, 0);

  const f = start(['follow', '--json', '-']);
  f.child.stdin.write(line(1) + line(2));
  // printed means read: the signal handlers are in place before stdin is read
  await f.until(() => f.out.includes('line 2'));
  f.child.kill('SIGINT');
  assert.equal(await f.exited, 0);
  const summary = f.out.trimEnd().split('\n').pop()!;
  assert.equal(JSON.parse(summary).records, 2, 'SIGINT ends following stdin with the summary');
});

test('follow: a bad --max-records is a usage error', async () => {
  const c = start(['follow', '--max-records', '0', '-']);
  assert.equal(await c.exited, 2);
  assert.match(c.err, /--max-records needs a whole number of records, at least 1/);
});
