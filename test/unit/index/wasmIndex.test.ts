// Indexing with the WebAssembly scanner gives what indexing with the JavaScript one gives: the same records, line
// accounting and fast-path counts, over the fixtures' lines and hostile variants of them, at read sizes that put
// line and buffer boundaries everywhere (and lines longer than the read buffer, which grows in place).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columns, indexText } from './helpers';
import { fixtureLines, mutate, random } from './hostileLines';
import { wasm } from './scanImpls';

function corpus(): Buffer {
  const r = random(11);
  const lines = fixtureLines();
  const seeds = lines.filter((l) => l[0] === 0x7b);
  const out: Buffer[] = [...lines];
  for (let i = 0; i < 4000; i++) {
    const l = r.pick(seeds);
    out.push(r.next() < 0.5 ? l : mutate(l, r));
  }
  return Buffer.concat(out.flatMap((l) => [l, Buffer.from('\n')]));
}

test('indexing with the WebAssembly scanner gives the records and counts of the JavaScript scanner', async (t) => {
  if (wasm === null) return t.skip('no WebAssembly scanner here');
  const text = corpus();
  // counts the port's scans, to be sure the lines went through it
  const w = wasm as { scan: typeof wasm.scan };
  const scan = w.scan;
  let scans = 0;
  w.scan = (base, s, e, expN) => (scans++, scan(base, s, e, expN));
  t.after(() => {
    w.scan = scan;
  });
  for (const chunkSize of [undefined, 4096, 777]) {
    scans = 0;
    const a = await indexText(text, { chunkSize, jsScanner: true });
    assert.equal(scans, 0);
    scans = 0;
    const b = await indexText(text, { chunkSize });
    assert.ok(scans > 3000, `lines the WebAssembly scanner took: ${scans}`);
    assert.ok(a.summary.records > 2000, `records: ${a.summary.records}`);
    assert.ok(a.fastLines > 1000, `fast lines: ${a.fastLines}`);
    assert.deepEqual(
      { ...b.summary, name: '', elapsedMs: 0 },
      { ...a.summary, name: '', elapsedMs: 0 },
      `summary, chunk ${chunkSize}`,
    );
    assert.equal(b.fastLines, a.fastLines, `fast lines, chunk ${chunkSize}`);
    assert.equal(b.slowLines, a.slowLines, `slow lines, chunk ${chunkSize}`);
    assert.deepEqual(columns(b.store), columns(a.store), `records, chunk ${chunkSize}`);
  }
});
