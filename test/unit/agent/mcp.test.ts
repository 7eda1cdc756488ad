// `threadline mcp` with the SDK's own client over stdio, against the bundled cli.js: initialize, tools/list,
// every tool, and bad arguments (a tool error result; the server keeps answering).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { builtCli } from '../cli/builtCli';
import { threadLog } from '../cli/threadLog';

const root = resolve(import.meta.dirname, '../../..');
const client = new Client({ name: 'threadline-test', version: '1.0.0' });
let stderr = '';

// The answers' structured parts are read loosely here: the assertions say what each must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Result = { content: { type: string; text: string }[]; structuredContent?: Record<string, any>; isError?: boolean };
const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as Result;

before(async () => {
  const args = [builtCli(), 'mcp', '--root', root];
  const transport = new StdioClientTransport({ command: process.execPath, args, cwd: root, stderr: 'pipe' });
  transport.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  await client.connect(transport);
});

after(async () => {
  await client.close();
});

test('initialize: the server names itself and offers tools', () => {
  assert.equal(client.getServerVersion()?.name, 'threadline');
  assert.ok(client.getServerCapabilities()?.tools);
});

test('tools/list: six read-only tools with object schemas', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(
    tools.map((t) => t.name),
    ['open', 'query_logs', 'list_groups', 'get_trace', 'patterns', 'record'],
  );
  for (const t of tools) {
    assert.equal(t.inputSchema.type, 'object');
    assert.equal(t.annotations?.readOnlyHint, true);
    assert.ok(t.description && t.description.length > 40);
  }
});

test('every tool, in the order an agent would use them', async () => {
  const paths = ['test/fixtures/session/otlp-traces.ndjson', 'test/fixtures/session/logback-mdc.jsonl'];
  const opened = await call('open', { paths });
  assert.equal(opened.isError, false, opened.content[0]?.text);
  assert.deepEqual(
    opened.structuredContent!.files.map((f: { records: number }) => f.records),
    [0, 7],
  );
  assert.match(opened.content[0]!.text, /logback-mdc\.jsonl: 7 lines, 7 records/);

  const q = await call('query_logs', { query: 'level>=warn', limit: 1 });
  assert.equal(q.isError, false, q.content[0]?.text);
  assert.equal(q.structuredContent!.total, 2);
  assert.equal(q.structuredContent!.records.length, 1);
  assert.equal(q.structuredContent!.truncated, true);
  assert.match(q.content[0]!.text, /order 2 not found[\s\S]*offset 1/);

  const groups = await call('list_groups', { by: 'trace', sort: 'errors', limit: 50 });
  assert.equal(groups.isError, false, groups.content[0]?.text);
  const traceGroup = groups.structuredContent!.groups.find(
    (g: { kind: string; spans: number }) => g.kind === 'trace' && g.spans > 0,
  );
  assert.ok(traceGroup, groups.content[0]!.text);

  const trace = await call('get_trace', { id: traceGroup.key });
  assert.equal(trace.isError, false, trace.content[0]?.text);
  assert.equal(trace.structuredContent!.spans.length, traceGroup.spans);
  assert.ok(Array.isArray(trace.structuredContent!.records));
  for (const s of trace.structuredContent!.spans as { spanId: string; durationMs: number }[]) {
    assert.ok(typeof s.spanId === 'string' && s.durationMs >= 0, JSON.stringify(s));
  }

  const pats = await call('patterns', { limit: 2 });
  assert.equal(pats.isError, false, pats.content[0]?.text);
  assert.equal(pats.structuredContent!.patterns[0].template, 'GET <path> started');
  assert.equal(pats.structuredContent!.truncated, true);

  const sample = pats.structuredContent!.patterns[0].sample;
  const rec = await call('record', { id: sample });
  assert.equal(rec.isError, false, rec.content[0]?.text);
  assert.equal(rec.structuredContent!.record.message, 'GET /orders/1 started');
  assert.equal(rec.structuredContent!.record.fields.requestId, 'r-100');
  assert.equal(rec.structuredContent!.record.position.line, 1);
});

test('the record tool resolves the logged source location against --root', async () => {
  await call('open', { paths: ['test/fixtures/logs/pino-caller.jsonl'] });
  const q = await call('query_logs', { query: '', limit: 500 });
  const withSource = q.structuredContent!.records.find(
    (r: { source: string | null; at: string }) => r.source && r.at.includes('pino-caller'),
  );
  assert.ok(withSource, 'a record with a caller');
  const rec = await call('record', { id: withSource.id });
  assert.equal(rec.isError, false);
  assert.ok('resolvedSource' in rec.structuredContent!.record);
});

test('bad arguments and unknown ids are tool errors; the server keeps answering', async () => {
  const bad = [
    await call('query_logs', { limit: 'ten' }),
    await call('query_logs', { query: 'level:loud' }),
    await call('get_trace', {}),
    await call('get_trace', { id: 'ffffffffffffffffffffffffffffffff' }),
    await call('record', { id: 999999 }),
    await call('open', { paths: ['no/such/file.log'] }),
    await call('list_groups', { sort: 'sideways' }),
    await call('no_such_tool', {}),
  ];
  for (const r of bad) assert.equal(r.isError, true, JSON.stringify(r));
  assert.match(bad[0]!.content[0]!.text, /limit must be an integer/);
  assert.match(bad[1]!.content[0]!.text, /Invalid query: .*\n {2}level:loud\n {8}\^/);
  const still = await call('query_logs', { limit: 1 });
  assert.equal(still.isError, false);
  assert.equal(stderr, '');
});

test('list_groups by thread holds every record of a file whose grouping takes a while to build', async () => {
  const dir = join(root, '.cache', 'mcp-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'threads.jsonl');
  writeFileSync(file, threadLog(120_000, 97));
  const opened = await call('open', { paths: [file] });
  assert.equal(opened.isError, false, opened.content[0]?.text);
  const groups = await call('list_groups', { by: 'thread', sort: 'records', limit: 200 });
  assert.equal(groups.isError, false, groups.content[0]?.text);
  assert.equal(groups.structuredContent!.unplaced, 0);
  // (the session holds the files the tests before opened too)
  const records = groups
    .structuredContent!.groups.filter((g: { key: string }) => g.key.startsWith('exec-'))
    .map((g: { records: number }) => g.records);
  assert.equal(records.length, 97);
  assert.equal(
    records.reduce((a: number, b: number) => a + b, 0),
    120_000,
  );
});
