import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineScan } from '../../../src/core/index/scanner';

/** Lines reach the scanner with their newline after them (its end sentinel). */
const scan = (s: string) => { const b = Buffer.from(s + '\n'); return new LineScan().scan(b, 0, b.length - 1); };

test('scanner accepts exactly what JSON.parse accepts as an object', () => {
  const cases = [
    '{}', '{"a":1}', ' { "a" : [1, {"b": [true, false, null]}], "c": "x\\"y\\u00e9" } ', '{"a":-0.5e+10}', '{"a":{}}', '{"a":[]}',
    '{"a":1,}', '{"a":01}', '{"a":1.}', '{"a":tru}', '{"a":"\\x"}', '{"a" 1}', '{"a":1}}', '{"a":[1,]}', '{a:1}', '{"a":"\t"}',
    '{"a":1} x', '{"a":"\\u12"}', '{"a":[1 2]}', '{"a":{"b"}}', '{"a":nul}', '{"a":-}', '{"a":1e}', '{"a":[}', '[1]', '{"a":"b"',
  ];
  for (const c of cases) {
    let ok = true;
    try { const v = JSON.parse(c); ok = v !== null && typeof v === 'object' && !Array.isArray(v); } catch { ok = false; }
    assert.equal(scan(c), ok, c);
  }
});

test('scanner records top-level keys and value ranges, and survives 10,000-deep nesting', () => {
  const b = Buffer.from('{"k":"v","n":12,"o":{"x":[1]}}\n');
  const s = new LineScan();
  assert.ok(s.scan(b, 0, b.length - 1));
  assert.equal(s.scan(b, 0, b.length), false, 'no sentinel after the line: slow path');
  assert.equal(s.keys, 3);
  assert.equal(b.toString('utf8', s.keyStart[2], s.keyEnd[2]), 'o');
  assert.equal(b.toString('utf8', s.valStart[0], s.valEnd[0]), 'v');
  assert.equal(b.toString('utf8', s.valStart[1], s.valEnd[1]), '12');
  const deep = '{"d":' + '['.repeat(10000) + ']'.repeat(10000) + '}';
  assert.equal(scan(deep), true);
  assert.equal(scan('{"d":' + '['.repeat(10000) + ']'.repeat(9999) + '}'), false);
});

test('word-at-a-time string skipping finds specials at every alignment', () => {
  const lines = ['{"m":"abcdefgh\\"ijkl","n":1}', '{"m":"abc\u0001defgh"}', '{"m":"abcdéfghijklmnop"}', '{"m":"abcdefghijklmno\\\\"}', '{"m":"abcdefghijklmnopq'];
  for (const l of lines) {
    let ok = true;
    try { JSON.parse(l); } catch { ok = false; }
    for (let pad = 0; pad < 8; pad++) {
      const b = Buffer.alloc(pad + Buffer.byteLength(l) + 1, 32);
      b.write(l, pad);
      b[b.length - 1] = 10;
      assert.equal(new LineScan().scan(b, pad, b.length - 1), ok, `${l} at ${pad}`);
    }
  }
});
