// `threadline query` and `threadline patterns` end to end, through the bundled cli.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBuilt } from './builtCli';
import { threadLog } from './threadLog';
import { patternIdOf } from '../../../src/core/patterns';

const MDC = 'test/fixtures/session/logback-mdc.jsonl';
const OTLP = 'test/fixtures/session/otlp-traces.ndjson';

test('query --format ndjson: the records a filter selects, in time order', () => {
  const r = runBuilt(['query', MDC, '--filter', 'level>=warn', '--format', 'ndjson']);
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    rows.map((x) => [x.level, x.message, x.correlationId]),
    [
      ['warn', 'order 2 not found', 'r-101'],
      ['error', 'GET /orders/2 failed', 'r-101'],
    ],
  );
  assert.equal(rows[0].file, MDC);
  assert.equal(typeof rows[0].timeNs, 'string');
});

test('query --format json with --limit: the total and the first records', () => {
  const r = runBuilt(['query', MDC, '--limit', '2', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.total, 7);
  const messages = doc.records.map((x: { message: string }) => x.message);
  assert.deepEqual(messages, ['GET /orders/1 started', 'GET /orders/2 started']);
});

test('query --group-by correlation --sort errors: groups, the one with errors first', () => {
  const r = runBuilt(['query', MDC, '--group-by', 'correlation', '--sort', 'errors', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const groups = doc.groups.map((g: { id: string; errors: number }) => [g.id, g.errors]).slice(0, 2);
  assert.deepEqual(groups, [
    ['correlation:r-101', 1],
    ['correlation:r-100', 0],
  ]);
});

test('query table: a readable listing with a count line', () => {
  const r = runBuilt(['query', MDC, OTLP, '--filter', 'failed']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ERROR\s.*GET \/orders\/2 failed/);
  assert.match(r.stdout, /^1 of 1 record$/m);
});

test('pattern:ID and -pattern:ID select and exclude a listed pattern', () => {
  const id = patternIdOf('GET /orders/1 started');
  const only = runBuilt(['query', MDC, '--filter', `pattern:${id}`, '--format', 'ndjson']);
  assert.equal(only.status, 0, only.stderr);
  const messages = only.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).message);
  assert.deepEqual(messages, ['GET /orders/1 started', 'GET /orders/2 started']);
  const without = runBuilt(['query', MDC, '--filter', `-pattern:${id}`, '--format', 'ndjson']);
  assert.equal(without.stdout.trim().split('\n').length, 5);
});

test('patterns --json: most frequent first, with levels, times and a sample', () => {
  const r = runBuilt(['patterns', MDC, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.records, 7);
  const first = doc.patterns[0];
  assert.deepEqual(
    [first.id, first.template, first.count, first.levels],
    [patternIdOf('GET /orders/1 started'), 'GET <path> started', 2, { info: 2 }],
  );
  assert.equal(first.firstNs, '1714551300000000000');
  assert.equal(first.lastNs, '1714551300005000000');
  assert.equal(first.sample.message, 'GET /orders/1 started');
  assert.equal(
    doc.patterns.reduce((n: number, p: { count: number }) => n + p.count, 0),
    7,
  );
  const text = runBuilt(['patterns', MDC, '--filter', 'level:error']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /1\s+[0-9a-f]{12}\s+1\s+GET <path> failed/);
});

test('a filter mistake is shown with a caret under it, exit code 2, before any file is read', () => {
  const r = runBuilt(['query', 'no-such-file.log', '--filter', 'level:loud']);
  assert.equal(r.status, 2);
  const lines = r.stderr.split('\n');
  assert.match(lines[0]!, /^threadline: invalid filter: /);
  assert.equal(lines[1], '  level:loud');
  assert.equal(lines[2]!.indexOf('^'), 2 + 'level:'.length);
  assert.equal(runBuilt(['patterns', MDC, '--filter', '/(a+)+$/']).status, 2);
});

test('usage errors exit 2; a missing file exits 1', () => {
  assert.equal(runBuilt(['query', MDC, '--sort', 'duration']).status, 2);
  assert.equal(runBuilt(['query', MDC, '--format', 'xml']).status, 2);
  assert.equal(runBuilt(['query', MDC, '--limit', '0']).status, 2);
  assert.equal(runBuilt(['patterns']).status, 2);
  const missing = runBuilt(['patterns', 'no-such-file.log']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read no-such-file\.log: no such file/);
});

test('query --group-by thread: every record is in the groups, however long the grouping takes to build', () => {
  // a grouping other than by trace is built when asked for, a slice at a time: the command waits for all of it
  const dir = mkdtempSync(join(tmpdir(), 'threadline-groups-'));
  const file = join(dir, 'threads.jsonl');
  const records = 120_000;
  writeFileSync(file, threadLog(records, 97));
  for (let run = 0; run < 2; run++) {
    const r = runBuilt(['query', file, '--group-by', 'thread', '--format', 'json', '--limit', '1000']);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.total, 97);
    const counts = doc.groups.map((g: { records: number }) => g.records);
    assert.equal(
      counts.reduce((a: number, b: number) => a + b, 0),
      records,
    );
  }
});
