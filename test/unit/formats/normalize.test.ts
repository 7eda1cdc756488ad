import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyFlatPlan,
  detectLogFormat,
  flatPlan,
  getPath,
  normalizeAny,
  normalizeLog,
} from '../../../src/core/formats/normalize';
import { logFormatByName } from '../../../src/core/formats/logs/index';
import { parseJsonLine } from '../../../src/core/json/parseLine';

const obj = (line: string) => {
  const r = parseJsonLine(line);
  assert.ok(r.ok, !r.ok ? r.reason : '');
  return r.value as Record<string, unknown>;
};

test('key paths: literal, nested, dotted, mixed; own properties only', () => {
  const o = obj(
    '{"log.origin":{"file.name":"A.java"},"log":{"level":"INFO"},"a.b":1,"a":{"b":2},"x":{"__proto__":{"y":1}}}',
  );
  assert.equal(getPath(o, ['log', 'origin', 'file', 'name']), 'A.java');
  assert.equal(getPath(o, ['log', 'level']), 'INFO');
  assert.equal(getPath(o, ['a', 'b']), 1, 'the literal dotted key wins');
  assert.equal(getPath(o, 'constructor'), undefined);
  assert.equal(getPath(o, ['x', 'toString']), undefined);
  assert.deepEqual(getPath(o, ['x', '__proto__']), { y: 1 });
});

test('user field mappings override the format and accept dotted paths', () => {
  const o = obj(
    '{"level":30,"time":1714551300123,"msg":"m","ctx":{"rid":"r-1","tid":"ABCDEF"},' +
      '"when":"2024-05-01T08:15:00Z","sev":"ERROR"}',
  );
  const r = normalizeAny(o, {
    correlationId: 'ctx.rid',
    traceId: 'ctx.tid',
    time: 'when',
    level: 'sev',
    message: 'ctx.rid',
  });
  assert.equal(r.format, 'pino');
  assert.equal(r.correlationId, 'r-1');
  assert.equal(r.traceId, 'abcdef');
  assert.equal(r.timeNs, 1714551300000000000n);
  assert.equal(r.level, 'error');
  assert.equal(r.message, 'r-1');
  const plan = flatPlan(logFormatByName('pino')!, { correlationId: 'ctx.rid' });
  assert.ok(plan?.slowKeys.includes('ctx'), 'a nested user path sends lines holding it to the slow path');
  assert.equal(
    applyFlatPlan(plan!, (k) => (Object.hasOwn(o, k) ? o[k] : undefined)),
    null,
  );
});

test('MDC aliases: root, mdc/contextMap objects, MEL Scopes arrays; core keys win over root MDC', () => {
  const a = normalizeAny(
    obj(
      '{"@timestamp":"2024-05-01T08:15:00Z","@version":"1","logger_name":"a.B","X-B3-TraceId":"ABC",' +
        '"X-B3-SpanId":"DEF","X-B3-ParentSpanId":"0123"}',
    ),
  );
  assert.deepEqual([a.traceId, a.spanId, a.parentSpanId], ['abc', 'def', '0123']);
  const b = normalizeAny(
    obj(
      '{"timestamp":"1714551300123","level":"INFO","thread":"t","logger":"a.B","message":"m",' +
        '"mdc":{"trace_id":"AA","span_id":"BB","correlationId":"c-1"}}',
    ),
  );
  assert.deepEqual([b.format, b.traceId, b.spanId, b.correlationId], ['logback-contrib', 'aa', 'bb', 'c-1']);
  const c = normalizeAny(obj('{"@t":"2024-05-01T08:15:00Z","@m":"x","@tr":"11","traceId":"22"}'));
  assert.equal(c.traceId, '11');
});

test('error objects: logback throwable with causes, pino err, zap error+stacktrace joined', () => {
  const r = normalizeAny(
    obj(
      '{"sequenceNumber":1,"timestamp":1714551300123,"nanoseconds":0,"level":"ERROR","loggerName":"a.B",' +
        '"message":"m","throwable":{"className":"x.Outer","message":"o","stepArray":[{"className":"a.B",' +
        '"methodName":"m","fileName":"B.java","lineNumber":3}],"cause":{"className":"x.Inner","message":"i",' +
        '"stepArray":[]}}}',
    ),
  );
  assert.equal(r.error, 'x.Outer: o\n\tat a.B.m(B.java:3)\nCaused by: x.Inner: i');
  assert.deepEqual([r.source?.file, r.source?.line, r.source?.origin], ['a/B.java', 3, 'stack']);
  const z = normalizeAny(
    obj('{"level":"error","ts":1,"msg":"m","error":"declined","stacktrace":"main.f\\n\\t/app/f.go:3"}'),
  );
  assert.equal(z.error, 'declined\nmain.f\n\t/app/f.go:3');
});

test('hostile input: __proto__ keys, 10k-deep values, duplicate keys, numeric 64-bit ids', () => {
  const p = normalizeAny(
    obj('{"__proto__":{"level":"fatal","msg":"evil"},"level":"info","msg":"ok","time":"2024-05-01T08:15:00Z"}'),
  );
  assert.equal(p.level, 'info');
  assert.equal(p.message, 'ok');
  assert.equal(({} as Record<string, unknown>).msg, undefined);
  assert.deepEqual(Object.keys(p.fields), ['__proto__', 'level', 'msg', 'time']);
  const only = normalizeAny(obj('{"__proto__":{"msg":"evil","level":"fatal"}}'));
  assert.deepEqual([only.format, only.message, only.level], ['generic', '', null]);

  const deep = '['.repeat(10000) + ']'.repeat(10000);
  const d = normalizeAny(obj(`{"level":50,"time":1,"msg":${deep},"err":{"message":${deep}},"traceId":${deep}}`));
  assert.equal(d.format, 'pino');
  assert.equal(typeof d.message, 'string');
  assert.equal(typeof d.error, 'string');
  assert.equal(d.traceId, null);

  assert.equal(
    normalizeAny(obj('{"level":"info","level":"error","msg":"m","time":"2024-05-01T08:15:00Z"}')).level,
    'error',
  );

  const big = normalizeAny(
    obj(
      '{"level":30,"time":1714551300123,"msg":"m","traceId":12345678901234567890,"spanId":42,"reqId":9007199254740993}',
    ),
  );
  assert.deepEqual([big.traceId, big.spanId, big.correlationId], ['12345678901234567890', '42', '9007199254740993']);
  const ns = normalizeAny(obj('{"timeUnixNano":1714551300123456789,"severityNumber":9,"body":{"stringValue":"x"}}'));
  assert.equal(ns.timeNs, 1714551300123456789n, 'a numeric ns time survives through parseJsonLine');
});

test('BOM and CRLF: a first line with a BOM and a trailing CR still detects and normalises', () => {
  const r = normalizeAny(obj('\ufeff{"level":30,"time":1714551300123,"msg":"first"}\r'));
  assert.deepEqual([r.format, r.message, r.timeNs], ['pino', 'first', 1714551300123000000n]);
});

test('detection: trace documents and non-objects are not log formats; generic only through normalizeAny', () => {
  assert.equal(detectLogFormat([1, 2]), null);
  assert.equal(detectLogFormat('x'), null);
  assert.equal(detectLogFormat(obj('{"resourceLogs":[]}')), null);
  assert.equal(detectLogFormat(obj('{"hello":"world"}')), null);
  const g = normalizeAny(obj('{"hello":"world"}'));
  assert.deepEqual([g.format, g.message, g.level, g.timeNs], ['generic', '', null, null]);
});

test('fields is the parsed object itself and normalizeLog does not mutate it', () => {
  const line = '{"level":30,"time":1714551300123,"msg":"m","err":{"stack":"Error: x\\n    at f (/a.js:1:1)"}}';
  const o = obj(line);
  const before = JSON.stringify(o);
  const r = normalizeLog(o, logFormatByName('pino')!);
  assert.equal(r.fields, o);
  assert.equal(JSON.stringify(o), before);
});
