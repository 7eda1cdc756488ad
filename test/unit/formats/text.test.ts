import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextRecord } from '../../../src/core/formats/text';

const base = BigInt(Date.UTC(2024, 4, 1, 8, 15, 0)) * 1_000_000n;
const view = (line: string) => {
  const r = parseTextRecord(line);
  return (
    r && {
      timeNs: r.timeNs,
      level: r.level,
      thread: r.thread,
      logger: r.logger,
      message: r.message,
      traceId: r.traceId,
      spanId: r.spanId,
      service: r.service,
      format: r.format,
    }
  );
};

test('logback default pattern', () => {
  assert.deepEqual(view('2024-05-01 08:15:00.123 [main] INFO  com.acme.App - Started in 1.2s'), {
    timeNs: base + 123_000_000n,
    level: 'info',
    thread: 'main',
    logger: 'com.acme.App',
    message: 'Started in 1.2s',
    traceId: null,
    spanId: null,
    service: null,
    format: 'text',
  });
  assert.deepEqual(parseTextRecord('2024-05-01 08:15:00.123 [main] INFO  com.acme.App - x')?.source, {
    file: 'com/acme/App.java',
    line: null,
    column: null,
    function: null,
    origin: 'logger',
  });
});

test('Spring Boot default pattern (3.x with app name; 2.x without) and Sleuth ids', () => {
  const a = view(
    '2024-05-01T10:15:00.123+02:00  INFO 12345 --- [myapp] [           main] o.s.b.StartupInfoLogger : Starting App',
  );
  assert.deepEqual(
    [a?.timeNs, a?.level, a?.thread, a?.logger, a?.message, a?.service],
    [base + 123_000_000n, 'info', 'main', 'o.s.b.StartupInfoLogger', 'Starting App', 'myapp'],
  );
  assert.equal(
    parseTextRecord('2024-05-01T10:15:00.123+02:00  INFO 1 --- [main] o.s.b.StartupInfoLogger : x')?.source,
    null,
    'abbreviated logger gives no class hint',
  );
  const b = view(
    '2024-05-01 08:15:00.123  WARN [pay,4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7,true] 12345 --- ' +
      '[exec-1] com.acme.Pay : slow',
  );
  assert.deepEqual([b?.level, b?.traceId, b?.spanId], ['warn', '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7']);
});

test('log4j and python layouts, bracketed timestamps and levels', () => {
  assert.deepEqual(view('2024-05-01 08:15:00,123 ERROR [main] com.acme.App: boom')?.message, 'boom');
  const p = view('2024-05-01 08:15:00,123 - pay - ERROR - charge failed');
  assert.deepEqual([p?.logger, p?.level, p?.message], ['pay', 'error', 'charge failed']);
  const q = view('[2024-05-01T08:15:00Z] [error] oops');
  assert.deepEqual([q?.timeNs, q?.level, q?.message], [base, 'error', 'oops']);
  assert.equal(view('2024-05-01T08:15:00Z something happened')?.level, null);
});

test('a trailing CR (CRLF files) is not part of the message', () => {
  assert.equal(parseTextRecord('2024-05-01 08:15:00,123 ERROR [main] com.acme.App: boom\r')?.message, 'boom');
});

test('syslog: no year, so no invented time', () => {
  const r = parseTextRecord('May  1 08:15:00 web-1 sshd[42]: error: auth failed');
  assert.equal(r?.timeNs, null);
  assert.equal(r?.fields.timestamp, 'May  1 08:15:00');
  assert.equal(r?.level, 'error');
  assert.equal(r?.logger, 'sshd');
});

test('logfmt (logrus/slog text handlers)', () => {
  const r = parseTextRecord(
    'time=2024-05-01T08:15:00Z level=warn msg="retry later" trace_id=4BF92F3577B34DA6A3CE929D0E0E4736 ' +
      'source=/app/x.go:12 n=3',
  );
  assert.equal(r?.format, 'logfmt');
  assert.deepEqual(
    [r?.timeNs, r?.level, r?.message, r?.traceId],
    [base, 'warn', 'retry later', '4bf92f3577b34da6a3ce929d0e0e4736'],
  );
  assert.deepEqual([r?.source?.file, r?.source?.line], ['/app/x.go', 12]);
  assert.equal(r?.fields.n, '3');
});

test('continuation-looking lines are not records', () => {
  for (const l of [
    '\tat com.acme.App.run(App.java:42)',
    '    at handler (/app/x.js:1:2)',
    'Caused by: x',
    'hello world',
    '',
    '  File "x.py", line 1, in f',
    'a=b',
  ]) {
    assert.equal(parseTextRecord(l), null, l);
  }
});
