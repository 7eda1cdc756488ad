import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeId,
  decodeLevel,
  decodeSourceCombined,
  decodeTime,
  decodeTimeParts,
  renderTemplate,
  type TimeParts,
} from '../../../src/core/formats/decode';
import type { TimeDecode } from '../../../src/core/formats/schema';

const base = BigInt(Date.UTC(2024, 4, 1, 8, 15, 0)) * 1_000_000n;

test('ISO times: fraction digits 0–9 exact, offsets, comma, space, no zone = UTC', () => {
  assert.equal(decodeTime('2024-05-01T08:15:00Z', 'iso'), base);
  assert.equal(decodeTime('2024-05-01T08:15:00.1Z', 'iso'), base + 100_000_000n);
  assert.equal(decodeTime('2024-05-01T08:15:00.123456789Z', 'iso'), base + 123_456_789n);
  assert.equal(decodeTime('2024-05-01T08:15:00.1234567891Z', 'iso'), base + 123_456_789n);
  assert.equal(decodeTime('2024-05-01T10:15:00.123+02:00', 'iso'), base + 123_000_000n);
  assert.equal(decodeTime('2024-05-01T03:45:00-0430', 'iso'), base);
  assert.equal(decodeTime('2024-05-01 08:15:00,123', 'asctime'), base + 123_000_000n);
  assert.equal(decodeTime('2024-05-01', 'iso'), base - BigInt(8 * 3600 + 15 * 60) * 1_000_000_000n);
  for (const badIso of ['2024-13-01T00:00:00Z', '2024-05-01T25:00:00Z', 'yesterday', '', '2024-05-01T08:15:00+99:00']) {
    assert.equal(decodeTime(badIso, 'iso'), null, badIso);
  }
});

test('epoch numbers and numeric text: s, ms, µs, ns, auto — exact from the digits written', () => {
  assert.equal(decodeTime(1714551300.1234567, 'epochS'), base + 123_456_700n);
  assert.equal(decodeTime('1714551300.123456789', 'epochS'), base + 123_456_789n);
  assert.equal(decodeTime(1714551300123, 'epochMs'), base + 123_000_000n);
  assert.equal(decodeTime('1714551300123', 'epochMs'), base + 123_000_000n);
  assert.equal(decodeTime(1714551300123456, 'epochUs'), base + 123_456_000n);
  assert.equal(decodeTime('1714551300123456789', 'epochNs'), base + 123_456_789n);
  assert.equal(decodeTime('1.7145513001234568e9', 'epochS'), base + 123_456_800n);
  assert.equal(decodeTime(1714551300, 'epochAuto'), base);
  assert.equal(decodeTime(1714551300123, 'epochAuto'), base + 123_000_000n);
  assert.equal(decodeTime(1714551300123456, 'epochAuto'), base + 123_456_000n);
  assert.equal(decodeTime('1714551300123456789', 'epochAuto'), base + 123_456_789n);
  assert.equal(decodeTime(-1.5, 'epochS'), -1_500_000_000n);
  assert.equal(decodeTime('abc', 'epochMs'), null);
  assert.equal(decodeTime(true, 'epochMs'), null);
  assert.equal(decodeTime(Number.NaN, 'epochMs'), null);
});

test('object times: log4j2 instant and GCP {seconds,nanos}', () => {
  assert.equal(decodeTime({ epochSecond: 1714551300, nanoOfSecond: 123456789 }, 'log4jInstant'), base + 123_456_789n);
  assert.equal(decodeTime({ seconds: '1714551300', nanos: 5 }, 'gcpTimestamp'), base + 5n);
  assert.equal(decodeTime({ seconds: 1714551300 }, 'gcpTimestamp'), base);
  assert.equal(decodeTime({ epochSecond: 1714551300, nanoOfSecond: 2e9 }, 'log4jInstant'), null);
  assert.equal(decodeTime('x', 'log4jInstant'), null);
});

test('decodeTimeParts fills ms + nanos-within-ms and leaves out untouched on failure', () => {
  const out: TimeParts = { ms: -1, subMsNs: -1 };
  assert.equal(decodeTimeParts('nope', 'iso', out), false);
  assert.deepEqual(out, { ms: -1, subMsNs: -1 });
  const cases: [unknown, TimeDecode][] = [
    ['2024-05-01T08:15:00.123456789Z', 'iso'],
    [1714551300.1234567, 'epochS'],
    ['1714551300123456789', 'epochNs'],
    [1714551300123, 'epochMs'],
    [{ epochSecond: 1714551300, nanoOfSecond: 999999999 }, 'log4jInstant'],
  ];
  for (const [raw, how] of cases) {
    assert.ok(decodeTimeParts(raw, how, out));
    assert.ok(Number.isInteger(out.ms) && out.subMsNs >= 0 && out.subMsNs < 1_000_000);
    assert.equal(BigInt(out.ms) * 1_000_000n + BigInt(out.subMsNs), decodeTime(raw, how));
  }
});

test('levels: every library alias and numeric scale', () => {
  const names: [string, string | null][] = [
    ['TRACE', 'trace'],
    ['Verbose', 'trace'],
    ['finest', 'trace'],
    ['DEBUG', 'debug'],
    ['fine', 'debug'],
    ['info', 'info'],
    ['Information', 'info'],
    ['NOTICE', 'info'],
    ['warn', 'warn'],
    ['warning', 'warn'],
    ['WARNING', 'warn'],
    ['error', 'error'],
    ['ERR', 'error'],
    ['SEVERE', 'error'],
    ['dpanic', 'error'],
    ['panic', 'fatal'],
    ['fatal', 'fatal'],
    ['Critical', 'fatal'],
    ['CRITICAL', 'fatal'],
    ['ALERT', 'fatal'],
    ['EMERGENCY', 'fatal'],
    ['INFO+2', 'info'],
    ['INFO+4', 'warn'],
    ['WARN-1', 'info'],
    ['ERROR+3', 'error'],
    ['DEBUG-4', 'trace'],
    ['DEFAULT', null],
    ['banana', null],
  ];
  for (const [n, l] of names) assert.equal(decodeLevel(n, 'name'), l, n);
  assert.deepEqual(
    [10, 20, 30, 35, 40, 50, 60, 70].map((n) => decodeLevel(n, 'pino')),
    ['trace', 'debug', 'info', 'info', 'warn', 'error', 'fatal', 'fatal'],
  );
  assert.equal(decodeLevel('warn', 'pino'), 'warn');
  assert.deepEqual(
    [0, 2, 3, 4, 5, 6, 7, 8].map((n) => decodeLevel(n, 'syslog')),
    ['fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug', null],
  );
  assert.deepEqual(
    [0, 1, 5, 9, 13, 17, 21, 24, 25].map((n) => decodeLevel(n, 'otel')),
    [null, 'trace', 'debug', 'info', 'warn', 'error', 'fatal', 'fatal', null],
  );
  assert.deepEqual(
    [5000, 10000, 20000, 30000, 40000].map((n) => decodeLevel(n, 'logbackValue')),
    ['trace', 'debug', 'info', 'warn', 'error'],
  );
  assert.equal(decodeLevel(30, 'name'), null);
});

test('ids: hex lower-cased without 0x, gcp trace prefix, all-zero = none, numbers as decimal text', () => {
  assert.equal(decodeId('0x4BF92F3577B34DA6', 'hex'), '4bf92f3577b34da6');
  assert.equal(
    decodeId('projects/acme/traces/4BF92F3577B34DA6A3CE929D0E0E4736', 'gcpTrace'),
    '4bf92f3577b34da6a3ce929d0e0e4736',
  );
  assert.equal(decodeId('0000000000000000', 'hex'), null);
  assert.equal(decodeId('', 'hex'), null);
  assert.equal(decodeId('abc-123', 'hex'), 'abc-123');
  assert.equal(decodeId(12345, 'hex'), '12345');
  assert.equal(decodeId('12345678901234567890', 'hex'), '12345678901234567890');
  assert.equal(decodeId(1.5, 'hex'), null);
  assert.equal(decodeId({ a: 1 }, 'text'), null);
  assert.equal(decodeId(' r-17 ', 'text'), 'r-17');
});

test('combined source strings: zap, zerolog/logrus, Java, V8 frames', () => {
  const s = (raw: string, how: 'callerPath' | 'v8Frame' = 'callerPath') => {
    const l = decodeSourceCombined(raw, how);
    return l && [l.file, l.line, l.column ?? null, l.function];
  };
  assert.deepEqual(s('pkg/f.go:42'), ['pkg/f.go', 42, null, null]);
  assert.deepEqual(s('/abs/f.go:42:7'), ['/abs/f.go', 42, 7, null]);
  assert.deepEqual(s('Class.java:42'), ['Class.java', 42, null, null]);
  assert.deepEqual(s('C:\\src\\f.go:42'), ['C:\\src\\f.go', 42, null, null]);
  assert.deepEqual(s('handler (/app/x.js:41:13)', 'v8Frame'), ['/app/x.js', 41, 13, 'handler']);
  assert.deepEqual(s('/app/x.js:6:8', 'v8Frame'), ['/app/x.js', 6, 8, null]);
  assert.deepEqual(s('async run (file:///app/x.mjs:1:2)', 'v8Frame'), ['/app/x.mjs', 1, 2, 'run']);
  assert.deepEqual(s('src/Pay.ts:88', 'v8Frame'), ['src/Pay.ts', 88, null, null]);
  assert.equal(s('no line here'), null);
});

test('templates: logback {} with arguments, Serilog {Name} with quoting rules', () => {
  assert.equal(renderTemplate('Retry {} of {}', {}, ['1', 3]), 'Retry 1 of 3');
  assert.equal(renderTemplate('a \\{} b {} c {}', {}, ['x']), 'a {} b x c {}');
  const props = { Amount: 12.5, OrderId: 'o-9', User: { id: 1 } };
  assert.equal(renderTemplate('Charged {Amount} for {OrderId}', props), 'Charged 12.5 for "o-9"');
  assert.equal(renderTemplate('{OrderId:l} {@User} {Missing} {{lit}}', props), 'o-9 {"id":1} {Missing} {lit}');
  assert.equal(renderTemplate('{Amount,8:F2}', props), '12.5');
  assert.equal(renderTemplate('{constructor}', Object.create(null)), '{constructor}');
});
