// The WebAssembly scanner against the JavaScript one, output by output: every line of every fixture, and
// hostile lines made from them (cut, bytes changed, bad escapes, control and non-ASCII bytes, deep nesting,
// numbers at the digit limit, escaped and repeated keys, expectations that part ways with the line).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LineScan } from '../../../src/core/index/scanner';
import { fixtureLines, mutate, random } from './hostileLines';
import { jsImpl, wasm, wasmImpl } from './scanImpls';

/** Everything a caller reads after a scan (the arrays only when the line was valid). */
function outputs(sc: LineScan, ok: boolean) {
  const base = { ok, expectedKeys: sc.expectedKeys, keyEscapes: sc.keyEscapes, nonAscii: sc.nonAscii };
  if (!ok) return base;
  const keys = [];
  for (let i = 0; i < sc.keys; i++)
    keys.push([sc.keyStart[i], sc.keyEnd[i], sc.valStart[i], sc.valEnd[i], sc.valType[i], sc.flags[i]]);
  return { ...base, keys, expectedMatched: sc.expectedMatched };
}

/** The key sequence of a scanned line, as the indexer hands it back as the next expectation. */
function expectationOf(b: Buffer, sc: LineScan): { bytes: Uint8Array; ends: Int32Array } {
  const ends = new Int32Array(sc.keys);
  const parts: Buffer[] = [];
  let n = 0;
  for (let i = 0; i < sc.keys; i++) {
    parts.push(b.subarray(sc.keyStart[i], sc.keyEnd[i]));
    ends[i] = n += sc.keyEnd[i] - sc.keyStart[i];
  }
  return { bytes: new Uint8Array(Buffer.concat(parts)), ends };
}

/**
 * Scans each line with both scanners (the JavaScript one on a plain buffer with spare bytes after the line, the
 * port in its memory at an offset the generator picks) with the same expectation, and compares the outputs.
 * The expectation is the key sequence of the last valid line, as in the indexer.
 */
function compareAll(lines: Buffer[], r: ReturnType<typeof random>, label: string): number {
  const js = jsImpl.make(),
    wa = wasmImpl!.make();
  let valid = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const at = r.int(64);
    const withNl = Buffer.concat([line, Buffer.from('\n')]);
    const plain = Buffer.concat([withNl, Buffer.alloc(8, 32)]);
    const placed = wasmImpl!.place(withNl, at);
    const okJs = js.scan(plain, 0, line.length);
    const okWa = wa.scan(placed, 0, line.length);
    const a = outputs(js, okJs),
      b = outputs(wa, okWa);
    if (JSON.stringify(a) !== JSON.stringify(b))
      assert.deepEqual(b, a, `${label} line ${i} at ${at}: ${JSON.stringify(line.toString('latin1').slice(0, 300))}`);
    if (okJs) {
      valid++;
      if (r.next() < 0.8) {
        const x = expectationOf(plain, js);
        js.expectBytes = wa.expectBytes = x.bytes;
        js.expectEnds = wa.expectEnds = x.ends;
      }
    }
  }
  return valid;
}

test('the WebAssembly scanner gives the JavaScript scanner’s outputs on every fixture line', (t) => {
  if (wasm === null) return t.skip('no WebAssembly scanner here');
  const lines = fixtureLines();
  assert.ok(lines.length > 1000, `fixture lines: ${lines.length}`);
  const valid = compareAll(lines, random(1), 'fixture');
  assert.ok(valid > 200, `valid fixture lines: ${valid}`);
});

test('the WebAssembly scanner gives the JavaScript scanner’s outputs on hostile lines', (t) => {
  if (wasm === null) return t.skip('no WebAssembly scanner here');
  const r = random(7);
  const seeds = fixtureLines().filter((l) => l[0] === 0x7b);
  const lines: Buffer[] = [];
  for (let i = 0; i < 30000; i++) {
    let l = r.pick(seeds);
    for (let k = 1 + r.int(3); k > 0; k--) l = mutate(l, r);
    lines.push(l);
    // the unchanged line again after it: the expectation of the mutated one against the real one
    if (r.next() < 0.3) lines.push(r.pick(seeds));
  }
  const valid = compareAll(lines, r, 'hostile');
  assert.ok(valid > 3000 && valid < lines.length - 3000, `valid hostile lines: ${valid} of ${lines.length}`);
});

test('the WebAssembly scanner leaves lines over its capacities to the JavaScript one, reads to its buffer end', (t) => {
  if (wasm === null) return t.skip('no WebAssembly scanner here');
  const many = '{' + Array.from({ length: 1500 }, (_, i) => `"k${i}":${i}`).join(',') + '}';
  const wa = wasmImpl!.make();
  const b = wasmImpl!.place(Buffer.from(many + '\n'));
  assert.ok(wa.scan(b, 0, b.length - 1));
  assert.equal(wa.keys, 1500);
  assert.equal(b.toString('latin1', wa.keyStart[1499], wa.keyEnd[1499]), 'k1499');
  assert.equal(b.toString('latin1', wa.valStart[1499], wa.valEnd[1499]), '1499');
  // then a line it takes itself: its outputs are views over the module's memory again
  const small = wasmImpl!.place(Buffer.from('{"a":"b"}\n'));
  assert.ok(wa.scan(small, 0, small.length - 1));
  assert.equal(wa.keys, 1);
  assert.equal(small.toString('latin1', wa.valStart[0], wa.valEnd[0]), 'b');
  // a line whose newline is the buffer's last byte: the 16-byte loads past it stay in the module's memory
  for (const l of ['{"a":"' + 'x'.repeat(100) + '"}', '{"a":"x\\u00e9"}', '{"a":"unterminated']) {
    const bytes = Buffer.from(l + '\n');
    const tail: Buffer = Buffer.from(wasm.memory, wasm.bufHi - bytes.length, bytes.length);
    bytes.copy(tail);
    const js = jsImpl.make();
    assert.equal(wa.scan(tail, 0, tail.length - 1), js.scan(bytes, 0, bytes.length - 1), l);
  }
});
