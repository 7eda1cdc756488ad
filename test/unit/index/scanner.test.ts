import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LineScan } from '../../../src/core/index/scanner';
import { clangAvailable, scanImpls, wasm, wasmError } from './scanImpls';

test('the WebAssembly scanner is built and loads where clang is installed', (t) => {
  if (!clangAvailable) t.skip('no clang here: the JavaScript scanner alone is tested');
  else assert.ok(wasm !== null, `clang is installed but the WebAssembly scanner did not load: ${wasmError}`);
});

/** `l` after `pad` spaces, then its newline. */
function spaced(l: string, pad: number): Buffer {
  const b = Buffer.alloc(pad + Buffer.byteLength(l) + 1, 32);
  b.write(l, pad);
  b[b.length - 1] = 10;
  return b;
}

for (const impl of scanImpls) {
  /** Lines reach the scanner with their newline after them (its end sentinel). */
  const scan = (s: string) => {
    const b = impl.place(Buffer.from(s + '\n'));
    return impl.make().scan(b, 0, b.length - 1);
  };

  test(`${impl.name}: scanner accepts exactly what JSON.parse accepts as an object`, () => {
    const cases = [
      '{}',
      '{"a":1}',
      ' { "a" : [1, {"b": [true, false, null]}], "c": "x\\"y\\u00e9" } ',
      '{"a":-0.5e+10}',
      '{"a":{}}',
      '{"a":[]}',
      '{"a":1,}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":tru}',
      '{"a":"\\x"}',
      '{"a" 1}',
      '{"a":1}}',
      '{"a":[1,]}',
      '{a:1}',
      '{"a":"\t"}',
      '{"a":1} x',
      '{"a":"\\u12"}',
      '{"a":[1 2]}',
      '{"a":{"b"}}',
      '{"a":nul}',
      '{"a":-}',
      '{"a":1e}',
      '{"a":[}',
      '[1]',
      '{"a":"b"',
    ];
    for (const c of cases) {
      let ok = true;
      try {
        const v = JSON.parse(c);
        ok = v !== null && typeof v === 'object' && !Array.isArray(v);
      } catch {
        ok = false;
      }
      assert.equal(scan(c), ok, c);
    }
  });

  test(`${impl.name}: scanner records top-level keys and value ranges, and survives 10,000-deep nesting`, () => {
    const b = impl.place(Buffer.from('{"k":"v","n":12,"o":{"x":[1]}}\n'));
    const s = impl.make();
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

  test(`${impl.name}: word-at-a-time string skipping finds specials at every alignment`, () => {
    const lines = [
      '{"m":"abcdefgh\\"ijkl","n":1}',
      '{"m":"abc\u0001defgh"}',
      '{"m":"abcdéfghijklmnop"}',
      '{"m":"abcdefghijklmno\\\\"}',
      '{"m":"abcdefghijklmnopq',
    ];
    for (const l of lines) {
      let ok = true;
      try {
        JSON.parse(l);
      } catch {
        ok = false;
      }
      for (let pad = 0; pad < 8; pad++) {
        const b = impl.place(spaced(l, pad), pad);
        assert.equal(impl.make().scan(b, pad, b.length - 1), ok, `${l} at ${pad}`);
      }
    }
  });

  test(`${impl.name}: string values end at their closing quote at every alignment (escapes, non-ASCII inside)`, () => {
    const values = ['', 'a', 'abc', 'abcd', 'abcdefgh\\"ijkl', 'abcdéfghijklmnop', 'x\\\\', 'é', 'abc\\u00e9defg'];
    for (const v of values) {
      const l = `{"m":"${v}","n":"z"}`;
      for (let pad = 0; pad < 8; pad++) {
        const b = impl.place(spaced(l, pad), pad);
        const s = impl.make();
        assert.ok(s.scan(b, pad, b.length - 1), `${l} at ${pad}`);
        assert.equal(s.keys, 2);
        assert.equal(b.toString('utf8', s.valStart[0], s.valEnd[0]), v, `${l} at ${pad}`);
        assert.equal(b.toString('utf8', s.keyStart[1], s.keyEnd[1]), 'n');
        assert.equal(b.toString('utf8', s.valStart[1], s.valEnd[1]), 'z');
      }
    }
  });

  test(`${impl.name}: keys compared with the expected key sequence: every alignment, every differing byte`, () => {
    const expected = ['@timestamp', 'a', 'level', 'thread_name', 'caller_line_number', ''];
    const setExpect = (s: LineScan, keys: string[]) => {
      s.expectBytes = Buffer.from(keys.join(''));
      let n = 0;
      s.expectEnds = Int32Array.from(keys.map((k) => (n += k.length)));
    };
    const lineOf = (keys: string[]) =>
      '{' + keys.map((k, i) => `${JSON.stringify(k)}:${i % 2 ? i : `"v${i}"`}`).join(',') + '}';
    const variants: { keys: string[]; same: boolean }[] = [{ keys: expected, same: true }];
    // every byte of every key changed, keys one byte longer and shorter, one key fewer and one more
    expected.forEach((k, i) => {
      for (let j = 0; j < k.length; j++)
        variants.push({
          keys: expected.map((x, m) => (m === i ? x.slice(0, j) + '#' + x.slice(j + 1) : x)),
          same: false,
        });
      variants.push({ keys: expected.map((x, m) => (m === i ? x + 'q' : x)), same: false });
      if (k.length > 0) variants.push({ keys: expected.map((x, m) => (m === i ? x.slice(0, -1) : x)), same: false });
    });
    variants.push({ keys: expected.slice(0, -1), same: false }, { keys: [...expected, 'extra'], same: false });
    // a key holding an escape where the expectation has plain bytes
    variants.push({ keys: expected.map((x, m) => (m === 1 ? 'a\n' : x)), same: false });
    const s = impl.make();
    setExpect(s, expected);
    for (const { keys, same } of variants) {
      const l = lineOf(keys);
      for (let pad = 0; pad < 8; pad++) {
        const b = impl.place(spaced(l, pad), pad);
        assert.ok(s.scan(b, pad, b.length - 1), `${l} at ${pad}`);
        assert.equal(s.expectedMatched, same, `${l} at ${pad}`);
        assert.equal(s.keys, keys.length);
        for (let i = 0; i < keys.length; i++) {
          assert.equal(
            JSON.parse('"' + b.toString('utf8', s.keyStart[i], s.keyEnd[i]) + '"'),
            keys[i],
            `${l} at ${pad}, key ${i}`,
          );
        }
      }
    }
    // the same expectation bytes reached again after another one (tables kept per expectation)
    setExpect(s, ['x']);
    const b1 = impl.place(Buffer.from('{"x":1}\n'));
    assert.ok(s.scan(b1, 0, b1.length - 1) && s.expectedMatched);
    setExpect(s, expected);
    const b2 = impl.place(Buffer.from(lineOf(expected) + '\n'));
    assert.ok(s.scan(b2, 0, b2.length - 1) && s.expectedMatched);
  });
}
