import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonLine, quoteLongIntegers, locateJsonError } from '../../../src/core/json/parseLine';

const ok = (text: string) => {
  const r = parseJsonLine(text);
  assert.ok(r.ok, !r.ok ? r.reason : '');
  return r.value as Record<string, unknown>;
};
const bad = (text: string) => {
  const r = parseJsonLine(text);
  assert.equal(r.ok, false);
  return (r as { reason: string }).reason;
};

test('integers beyond 2^53 stay exact as text; safe ones and floats stay numbers', () => {
  const v = ok(
    '{"id":12345678901234567890,"neg":-9007199254740993,"safe":9007199254740991,"f":1714551300.1234567,' +
      '"e":1e21,"s":"12345678901234567890123"}',
  );
  assert.equal(v.id, '12345678901234567890');
  assert.equal(v.neg, '-9007199254740993');
  assert.equal(v.safe, 9007199254740991);
  assert.equal(v.f, 1714551300.1234567);
  assert.equal(v.e, 1e21);
  assert.equal(v.s, '12345678901234567890123');
});

test('long digit runs inside strings (with escapes) are not rewritten', () => {
  const src = '{"a":"x\\"12345678901234567890\\"","b":[1,18446744073709551615]}';
  assert.equal(quoteLongIntegers(src), '{"a":"x\\"12345678901234567890\\"","b":[1,"18446744073709551615"]}');
  assert.deepEqual(ok(src).b, [1, '18446744073709551615']);
});

test('specific reasons with the column in the original text', () => {
  assert.equal(bad('{"a":1,}'), 'invalid JSON at column 8: Expected double-quoted property name');
  assert.match(bad('{"a":'), /^invalid JSON at column 6: Unexpected end of JSON input/);
  // after the big-int rewrite the column still refers to what the user sees
  assert.match(bad('{"x":12345678901234567890,}'), /^invalid JSON at column 27:/);
  assert.match(bad('\ufeff{"a" 1}'), /^invalid JSON at column 7:/);
  assert.equal(bad('123'), 'not an object: a JSON number');
  assert.equal(bad('"str"'), 'not an object: a JSON string');
  assert.equal(bad('null'), 'not an object: a JSON null');
  assert.equal(bad('   '), 'empty line');
  assert.match(bad('\u0000\u0001binary'), /^invalid JSON at column 1:/);
});

test('BOM is skipped; arrays are accepted as documents', () => {
  assert.deepEqual({ ...ok('\ufeff{"a":1}') }, { a: 1 });
  const r = parseJsonLine('[{"traceId":"a"}]');
  assert.ok(r.ok && Array.isArray(r.value));
});

test('__proto__ is an own key of a null-prototype object and pollutes nothing', () => {
  const v = ok('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"a":1}');
  assert.equal(Object.getPrototypeOf(v), null);
  assert.deepEqual(Object.keys(v), ['__proto__', 'constructor', 'a']);
  assert.deepEqual(v['__proto__'], { polluted: true });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((v as { polluted?: unknown }).polluted, undefined);
});

test('duplicate keys: the last one wins', () => {
  assert.equal(ok('{"level":"info","level":"error"}').level, 'error');
});

test('10,000-deep nesting parses; the error locator does not recurse', () => {
  const deep = '{"a":' + '['.repeat(10000) + ']'.repeat(10000) + '}';
  assert.ok(Array.isArray(ok(deep).a));
  const broken = '{"a":' + '['.repeat(100000) + '}';
  assert.match(bad(broken), /^invalid JSON at column \d+:/);
  assert.equal(locateJsonError('['.repeat(50000) + ']'.repeat(50000)), null);
  assert.equal(locateJsonError('{"a":[1,2,}'), 10);
});
