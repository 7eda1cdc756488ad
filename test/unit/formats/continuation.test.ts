// withContinuation on real output: PatternLayout records followed by a multi-line message or a raw trace
// (logback, log4j2), Python's traceback, and a printStackTrace() between LogstashEncoder JSON lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withContinuation } from '../../../src/core/formats/continuation';
import { parseTextRecord } from '../../../src/core/formats/text';
import { normalizeAny } from '../../../src/core/formats/normalize';
import { parseJsonLine } from '../../../src/core/json/parseLine';
import type { LogRecord } from '../../../src/core/model';

const root = join(import.meta.dirname, '../../..');
const read = (name: string) =>
  readFileSync(join(root, 'test/fixtures/logs', name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
const lineOf = (file: string, snippet: string) => {
  const i = readFileSync(join(root, 'scripts/fixtures', file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(snippet));
  assert.ok(i >= 0, snippet);
  return i + 1;
};

/** Groups a file the way the index does: a line that starts a record, then the lines that do not. */
function grouped(name: string): LogRecord[] {
  const out: { rec: LogRecord; cont: string[] }[] = [];
  for (const l of read(name)) {
    const p = parseJsonLine(l);
    const rec = p.ok ? normalizeAny(p.value as Record<string, unknown>) : parseTextRecord(l);
    if (rec) out.push({ rec, cont: [] });
    else out[out.length - 1].cont.push(l);
  }
  return out.map(({ rec, cont }) => (cont.length ? withContinuation(rec, cont.join('\n') + '\n') : rec));
}

for (const [name, src] of [
  ['java/logback-text.log', 'LogbackGen.java'],
  ['java/log4j2-text.log', 'Log4j2Gen.java'],
]) {
  test(`${name}: the trace is the error and gives the source; a message's second line stays in the message`, () => {
    const r = grouped(name);
    assert.equal(r.length, 5);
    assert.equal(r[1].message, 'charge failed');
    assert.match(r[1].error ?? '', /^java\.lang\.IllegalStateException: payment declined\n\tat /);
    assert.match(r[1].error ?? '', /\nCaused by: java\.io\.IOException: connection reset\n/);
    assert.deepEqual(r[1].source, {
      file: `com/acme/shop/${src}`,
      line: lineOf(`java/src/com/acme/shop/${src}`, 'throw new IllegalStateException('),
      column: null,
      function: `com.acme.shop.${src.replace('.java', '')}.charge`,
      origin: 'stack',
    });
    assert.equal(r[2].message, 'receipt:\n  total="12.50 €"\tstatus=ok');
    assert.equal(r[2].error, null);
    assert.equal(r[2].source?.origin, 'logger');
    assert.ok([0, 3, 4].every((i) => r[i].error === null));
  });
}

test('python logging text: the traceback is the error, its innermost application frame the source', () => {
  const r = grouped('python-text.log');
  assert.equal(r.length, 2);
  assert.equal(r[1].message, 'charge failed');
  assert.match(r[1].error ?? '', /^Traceback \(most recent call last\):\n[\s\S]*\nValueError: declined$/);
  assert.equal(r[1].source?.line, lineOf('gen-python.py', 'raise ValueError("declined")'));
  assert.equal(r[0].error, null);
});

test('a printStackTrace() after a JSON record: error appended, a field source is kept', () => {
  const r = grouped('java/logback-mixed.log');
  assert.equal(r.length, 5);
  assert.equal(r[3].message, 'request done');
  assert.match(r[3].error ?? '', /^java\.lang\.IllegalStateException: payment declined\n[\s\S]*\t\.\.\. 1 more$/);
  assert.equal(r[3].source?.origin, 'stack');
  // The record's own stack_trace comes first; a continuation would follow it.
  const own = r[1];
  const both = withContinuation(own, 'java.lang.Error: later\n\tat com.acme.X.y(X.java:1)\n');
  assert.ok(both.error?.startsWith(own.error ?? '\0'));
  assert.ok(both.error?.endsWith('\njava.lang.Error: later\n\tat com.acme.X.y(X.java:1)'));
  assert.deepEqual(both.source, own.source);
  const placed: LogRecord = {
    ...own,
    source: { file: 'a/B.java', line: 3, column: null, function: 'a.B.c', origin: 'field' },
  };
  assert.equal(withContinuation(placed, '\tat com.acme.X.y(X.java:1)\n').source, placed.source);
});

test('continuation without a trace: message only; blank continuation: unchanged', () => {
  const rec = parseTextRecord('2024-05-01 08:15:00.123 [main] INFO  com.acme.App - rows:');
  assert.ok(rec);
  const r = withContinuation(rec, '  id=1\r\n  id=2\r\n');
  assert.equal(r.message, 'rows:\n  id=1\n  id=2');
  assert.equal(r.error, null);
  assert.equal(withContinuation(rec, '\n'), rec);
});
