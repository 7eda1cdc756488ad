import { test } from 'node:test';
import assert from 'node:assert/strict';
import { otlpTraces } from '../../../src/core/formats/traces/otlpTraces';
import { otlpLogs } from '../../../src/core/formats/traces/otlpLogs';
import { decodeId, decimalToBig } from '../../../src/core/formats/traces/common';
import { byId, collect, fixture } from './sink';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

test('OTLP traces from the OTel JS exporter: exact ids, ns times, kinds, status, events, links', () => {
  const c = collect();
  otlpTraces.import(fixture('otlp-traces.json'), c);
  assert.deepEqual(c.warnings, []);
  assert.equal(c.spans.length, 4);
  const root = byId(c.spans, '00f067aa0ba902b7');
  assert.equal(root.traceId, TRACE);
  assert.equal(root.parentSpanId, null);
  assert.equal(root.name, 'POST /pay');
  assert.equal(root.kind, 'SERVER');
  assert.equal(root.service, 'pay');
  assert.equal(root.startNs, 1714551300123456789n);
  assert.equal(root.endNs, 1714551300138690000n);
  assert.equal(root.status, 'error');
  assert.equal(root.attributes['http.response.status_code'], 502);
  assert.equal(root.attributes['order.amount'], 12.5);
  assert.equal(root.attributes['order.express'], true);
  assert.deepEqual(root.attributes['order.tags'], ['a', 'b']);
  assert.equal(root.attributes['otel.scope.name'], 'com.acme.pay');
  assert.equal((root.attributes['otel.resource'] as Record<string, unknown>)['host.name'], 'web-1');
  assert.equal(root.origin, 'reported');
  assert.equal(root.format, 'otlp-traces');

  const fraud = byId(c.spans, '5fb397be34d26b51');
  assert.equal(fraud.parentSpanId, 'b7ad6b7169203331');
  assert.equal(fraud.kind, 'CLIENT');
  assert.equal(fraud.status, 'error');
  assert.equal(fraud.statusMessage, 'upstream timeout');
  assert.equal(fraud.endNs, 1714551300133000250n);
  assert.equal(fraud.events.length, 1);
  assert.equal(fraud.events[0]!.name, 'exception');
  assert.equal(fraud.events[0]!.timeNs, 1714551300133000000n);
  assert.equal(fraud.events[0]!.attributes['exception.message'], 'upstream timeout');

  const charge = byId(c.spans, 'b7ad6b7169203331');
  assert.equal(charge.status, 'unset');
  assert.equal(charge.events[0]!.timeNs, 1714551300126000500n);

  const audit = byId(c.spans, 'e457b5a2e4d86bd1');
  assert.equal(audit.kind, 'PRODUCER');
  assert.deepEqual(
    audit.links.map((l) => [l.traceId, l.spanId, l.attributes.reason]),
    [['0af7651916cd43dd8448eb211c80319c', 'b9c7c989f97918e1', 'batch']],
  );
});

test('OTLP traces: upper-case hex, numeric int64, enum names, legacy instrumentationLibrarySpans', () => {
  const c = collect();
  otlpTraces.import(
    {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          instrumentationLibrarySpans: [
            {
              instrumentationLibrary: { name: 'lib' },
              spans: [
                {
                  traceId: '5B8EFFF798038103D269B633813FC60C',
                  spanId: 'EEE19B7EC3C1B174',
                  parentSpanId: 'EEE19B7EC3C1B173',
                  name: "I'm a server span",
                  kind: 'SPAN_KIND_CLIENT',
                  startTimeUnixNano: 1544712660000000000,
                  endTimeUnixNano: '1544712661000000000',
                  attributes: [
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'small', value: { intValue: '42' } },
                  ],
                  status: { code: 'STATUS_CODE_ERROR', message: 'x' },
                },
              ],
            },
          ],
        },
      ],
    },
    c,
  );
  assert.deepEqual(c.warnings, []);
  const s = c.spans[0]!;
  assert.equal(s.traceId, '5b8efff798038103d269b633813fc60c');
  assert.equal(s.spanId, 'eee19b7ec3c1b174');
  assert.equal(s.parentSpanId, 'eee19b7ec3c1b173');
  assert.equal(s.startNs, 1544712660000000000n);
  assert.equal(s.endNs, 1544712661000000000n);
  assert.equal(s.kind, 'CLIENT');
  assert.equal(s.status, 'error');
  assert.equal(s.attributes.big, '9007199254740993', 'an int64 past 2^53 stays exact as text');
  assert.equal(s.attributes.small, 42);
  assert.equal(s.attributes['otel.scope.name'], 'lib');
  assert.equal(s.service, 'svc');
});

test('OTLP traces: base64 ids (generic protobuf JSON) become hex', () => {
  const c = collect();
  const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
  otlpTraces.import(
    {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: b64(TRACE),
                  spanId: b64('00f067aa0ba902b7'),
                  parentSpanId: '',
                  name: 'a',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
              ],
            },
          ],
        },
      ],
    },
    c,
  );
  assert.equal(b64(TRACE).length, 24);
  assert.equal(c.spans[0]!.traceId, TRACE);
  assert.equal(c.spans[0]!.spanId, '00f067aa0ba902b7');
  assert.equal(c.spans[0]!.parentSpanId, null, 'an empty parent is a root');
});

test('OTLP traces: base64 parent ids (padded, url-safe, unpadded) become the hex of their parent', () => {
  const c = collect();
  const span = (spanId: string, parentSpanId: string, name: string) => ({
    traceId: TRACE,
    spanId,
    parentSpanId,
    name,
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
  });
  otlpTraces.import(
    {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span('APBnqgupArc=', '', 'root'),
                span('+/9+PwscLT4=', 'APBnqgupArc=', 'child'),
                span('U82a0wtkstE', '-_9-PwscLT4', 'grandchild'),
                span('U82a0wtkstI=', '+P+/+34//u8=', 'orphan'),
              ],
            },
          ],
        },
      ],
    },
    c,
  );
  assert.deepEqual(c.warnings, []);
  assert.deepEqual(
    c.spans.map((s) => [s.name, s.spanId, s.parentSpanId]),
    [
      ['root', '00f067aa0ba902b7', null],
      ['child', 'fbff7e3f0b1c2d3e', '00f067aa0ba902b7'],
      ['grandchild', '53cd9ad30b64b2d1', 'fbff7e3f0b1c2d3e'],
      ['orphan', '53cd9ad30b64b2d2', 'f8ffbffb7e3ffeef'],
    ],
  );
});

test('OTLP traces: bad spans are reported by position and the rest still import', () => {
  const c = collect();
  otlpTraces.import(
    {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE,
                  spanId: 'zz-not-an-id',
                  name: 'bad id',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
                {
                  traceId: TRACE,
                  spanId: '1111111111111111',
                  name: 'ok',
                  startTimeUnixNano: '10',
                  endTimeUnixNano: '5',
                },
                'garbage',
                { traceId: TRACE, spanId: '2222222222222222', name: 'no start' },
              ],
            },
          ],
        },
        7,
      ],
    },
    c,
  );
  assert.deepEqual(
    c.spans.map((s) => s.name),
    ['ok'],
  );
  assert.equal(c.spans[0]!.endNs, 10n, 'an end before the start is clamped to the start');
  const all = c.warnings.join('\n');
  assert.match(all, /spans\[0\]: id "zz-not-an-id" is neither hex nor base64/);
  assert.match(all, /spans\[1\]: endTimeUnixNano before startTimeUnixNano/);
  assert.match(all, /spans\[2\]: span is not an object/);
  assert.match(all, /spans\[3\]: span without a readable startTimeUnixNano/);
  assert.match(all, /resourceSpans\[1\]: resourceSpans entry is not an object/);
});

test('OTLP traces: a document without resourceSpans warns instead of throwing', () => {
  const c = collect();
  otlpTraces.import({ resourceSpans: 'nope' }, c);
  assert.equal(c.spans.length, 0);
  assert.match(c.warnings[0]!, /resourceSpans array/);
});

test(
  'OTLP logs from the OTel JS exporter: level, body, ' + 'scope as logger, code.* (old and new names), exception.*',
  () => {
    const c = collect();
    otlpLogs.import(fixture('otlp-logs.json'), c);
    assert.equal(c.records.length, 4);
    const [info, error, kv, bare] = c.records as [
      (typeof c.records)[0],
      (typeof c.records)[0],
      (typeof c.records)[0],
      (typeof c.records)[0],
    ];
    assert.equal(info.timeNs, 1714551300125000100n);
    assert.equal(info.level, 'info');
    assert.equal(info.message, 'charging card');
    assert.equal(info.service, 'pay');
    assert.equal(info.logger, 'com.acme.Pay');
    assert.equal(info.thread, 'main');
    assert.equal(info.traceId, TRACE);
    assert.equal(info.spanId, 'b7ad6b7169203331');
    assert.deepEqual(info.source, {
      file: '/app/pay.js',
      line: 20,
      column: null,
      function: 'PayService.charge',
      origin: 'field',
    });
    assert.equal(info.format, 'otlp-logs');

    assert.equal(error.level, 'error');
    assert.deepEqual(error.source, {
      file: 'src/fraud.ts',
      line: 41,
      column: 13,
      function: 'FraudClient.check',
      origin: 'field',
    });
    assert.equal(error.error, 'Error: upstream timeout\n    at check (/app/fraud.js:41:13)');

    assert.equal(kv.level, 'warn');
    assert.deepEqual(JSON.parse(kv.message), { event: 'retry scheduled', attempt: 2, delays: [100, 200] });
    assert.equal(kv.thread, '7');
    assert.equal(kv.spanId, 'cafebabecafebabe');

    assert.equal(bare.level, 'warn', 'severityText alone gives the level');
    assert.equal(bare.traceId, null);
    assert.equal(bare.source, null);
    assert.equal(bare.fields.severityText, 'WARN', 'the record is kept as-is in fields');
  },
);

test('OTLP logs: zero timeUnixNano falls back to observedTimeUnixNano; exception without stack', () => {
  const c = collect();
  otlpLogs.import(
    {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '0',
                  observedTimeUnixNano: '1714551300123456789',
                  severityNumber: 21,
                  body: { stringValue: 'x' },
                  attributes: [
                    { key: 'exception.type', value: { stringValue: 'java.lang.IllegalStateException' } },
                    { key: 'exception.message', value: { stringValue: 'boom' } },
                  ],
                },
                { severityNumber: 99, body: {} },
              ],
            },
          ],
        },
      ],
    },
    c,
  );
  assert.equal(c.records[0]!.timeNs, 1714551300123456789n);
  assert.equal(c.records[0]!.level, 'fatal');
  assert.equal(c.records[0]!.error, 'java.lang.IllegalStateException: boom');
  assert.equal(c.records[0]!.logger, null);
  assert.equal(c.records[1]!.level, null);
  assert.equal(c.records[1]!.message, '');
  assert.match(c.warnings.join('\n'), /logRecords\[1\]: log record without timeUnixNano/);
});

test('id and time decoding keep values exact', () => {
  assert.deepEqual(decodeId('0x00F067AA0BA902B7'), { id: '00f067aa0ba902b7' });
  assert.deepEqual(decodeId('0000000000000000'), { id: null });
  assert.deepEqual(decodeId(255), { id: 'ff' });
  assert.match(decodeId(2 ** 60).error!, /not exact/);
  assert.equal(decimalToBig('1714551300123456.789', 3), 1714551300123456789n);
  assert.equal(decimalToBig(1714551300123456.0, 3), 1714551300123456000n);
  assert.equal(decimalToBig('1.5e3', 3), 1500000n);
  assert.equal(decimalToBig('-2.5', 3), -2500n);
  assert.equal(decimalToBig('abc', 3), null);
});

test('hostile OTLP: __proto__ keys stay data, 10,000-deep nesting does not overflow, eventName as message', () => {
  // 2,500 kvlist levels = 10,000 levels of JSON nesting, written as text (JSON.stringify would overflow).
  const levels = 2_500;
  const deep =
    '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(levels) + '{"stringValue":"bottom"}' + '}]}}'.repeat(levels);
  const doc =
    JSON.parse(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1","eventName":"device.app.lifecycle",
    "attributes":[{"key":"__proto__","value":{"stringValue":"polluted?"}},{"key":"deep","value":${deep}}]}]}]}]}`);
  const c = collect();
  otlpLogs.import(doc, c);
  const r = c.records[0]!;
  assert.equal(r.message, 'device.app.lifecycle');
  const attrs = r.fields.attributes as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(attrs), null);
  assert.equal(attrs['__proto__'], 'polluted?');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  let d = attrs.deep as Record<string, unknown> | string,
    depth = 0;
  while (typeof d === 'object' && d !== null) {
    d = d.k as Record<string, unknown>;
    depth++;
  }
  assert.equal(d, '[nested too deep]');
  assert.ok(depth > 10 && depth < 100);
});
