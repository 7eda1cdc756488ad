import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteMap, Id128Map, readHexWords, StringTable } from '../../../src/core/index/interner';

const MISSING = -1;

test('ByteMap finds every value by its bytes, at any offset, short and long', () => {
  const m = new ByteMap(4);
  const values: string[] = [];
  for (let i = 0; i < 3000; i++)
    values.push(
      i % 3 === 0
        ? `t-${i}`
        : `"com.example.C${i}","caller_method_name":"run","caller_file_name":"C${i}.java",` +
            `"caller_line_number":${i % 400}`,
    );
  values.forEach((v, i) => {
    const b = Buffer.from(' '.repeat(i % 7) + v);
    m.set(b, i % 7, b.length, i);
  });
  values.forEach((v, i) => {
    const b = Buffer.from('xy'.repeat(i % 5) + v + 'z');
    assert.equal(m.get(b, 2 * (i % 5), b.length - 1, MISSING), i, v);
  });
  const long = Buffer.from(values[1]);
  long[40] ^= 1; // differs in a byte between the first and the last 32
  assert.equal(m.get(long, 0, long.length, MISSING), MISSING);
  assert.equal(m.get(long, 0, long.length - 1, MISSING), MISSING);
  assert.equal(m.size, values.length);
});

test('ByteMap: long values alike in their first and last 32 bytes are all kept apart', () => {
  const m = new ByteMap(4);
  const head = 'a'.repeat(40),
    tail = 'b'.repeat(40);
  const key = (i: number) => Buffer.from(head + String(i).padStart(6, '0') + tail);
  for (let i = 0; i < 5000; i++) {
    const b = key(i);
    m.set(b, 0, b.length, i);
  }
  for (let i = 0; i < 5000; i++) {
    const b = key(i);
    assert.equal(m.get(b, 0, b.length, MISSING), i);
  }
  const other = key(5000);
  assert.equal(m.get(other, 0, other.length, MISSING), MISSING);
  // such values make the map hash every byte, so lookups do not walk through thousands of equal hashes
  assert.equal((m as unknown as { full: boolean }).full, true);
  m.clear();
  assert.equal((m as unknown as { full: boolean }).full, false);
  assert.equal(m.get(other, 0, other.length, MISSING), MISSING);
});

test('ByteMap: values of 14–42 bytes match at every alignment and differ at every byte', () => {
  const at = (v: Buffer, pad: number) => {
    const b = Buffer.alloc(pad + v.length + 5, 0x7a);
    v.copy(b, pad);
    return b;
  };
  for (let len = 14; len <= 42; len += 7) {
    const m = new ByteMap(4);
    const v = Buffer.from(Array.from({ length: len }, (_, i) => 97 + (i % 26)));
    for (let pad = 0; pad < 4; pad++) {
      const other = Buffer.from(v);
      other[len - 1 - pad] = 48;
      m.set(at(other, pad + 3), pad + 3, pad + 3 + len, 100 + pad);
    }
    m.set(at(v, 1), 1, 1 + len, 7);
    for (let pad = 0; pad < 8; pad++) {
      assert.equal(m.get(at(v, pad), pad, pad + len, MISSING), 7, `len ${len} at ${pad}`);
      for (let j = 0; j < len; j++) {
        const w = Buffer.from(v);
        w[j] = 33;
        assert.equal(m.get(at(w, pad), pad, pad + len, MISSING), MISSING, `len ${len} at ${pad}, byte ${j}`);
      }
      for (let q = 0; q < 4; q++) {
        const other = Buffer.from(v);
        other[len - 1 - q] = 48;
        assert.equal(m.get(at(other, pad), pad, pad + len, MISSING), 100 + q, `len ${len} at ${pad}, other ${q}`);
      }
    }
  }
});

test('readHexWords: lower-case hex only, every byte value at every position', () => {
  const out = new Uint32Array(4);
  const base = '0123456789abcdeffedcba9876543210';
  for (let pos = 0; pos < 32; pos++) {
    for (let c = 0; c < 256; c++) {
      const b = Buffer.from(base, 'latin1');
      b[pos] = c;
      const text = b.toString('latin1');
      const valid = /^[0-9a-f]{32}$/.test(text);
      assert.equal(readHexWords(b, 0, 4, out), valid ? 1 : -1, `byte ${c} at ${pos}`);
      if (valid)
        for (let w = 0; w < 4; w++)
          assert.equal(out[w], parseInt(text.slice(w * 8, w * 8 + 8), 16), `byte ${c} at ${pos}`);
    }
  }
  const zeros = Buffer.from('x' + '0'.repeat(16));
  assert.equal(readHexWords(zeros, 1, 2, out), 0);
  const ff = Buffer.from('f'.repeat(16));
  assert.equal(readHexWords(ff, 0, 2, out), 1);
  assert.deepEqual([out[0], out[1]], [0xffffffff, 0xffffffff]);
});

/** The words of a 32-hex id as the index reads them from a line. */
function wordsOf(id: string): Uint32Array {
  const w = new Uint32Array(4);
  assert.equal(readHexWords(Buffer.from(id, 'latin1'), 0, 4, w), 1);
  return w;
}

test('StringTable: a trace id held as its bits reads back as its exact text, and its text finds the same key', () => {
  const ids = [
    '0af7651916cd43dd8448eb211c80319c',
    'ffffffffffffffffffffffffffffffff',
    '00000000000000000000000000000001',
  ];
  const t = new StringTable();
  const thread = t.intern('main');
  const keys = ids.map((id) => t.internHex128(wordsOf(id)));
  assert.deepEqual(
    keys.map((k) => t.get(k)),
    ids,
  );
  assert.deepEqual(
    ids.map((id) => t.intern(id)),
    keys,
    'the same id given as text is the same key',
  );
  assert.equal(t.internHex128(wordsOf(ids[0])), keys[0]);
  assert.equal(t.get(thread), 'main');
  // an id first given as text is kept as that text; its bits then find it
  const k = t.intern('1234567890abcdef1234567890abcdef');
  assert.equal(t.internHex128(wordsOf('1234567890abcdef1234567890abcdef')), k);
});

test("StringTable: a worker's batch (ids as words) interned in another table gives keys that read the same", () => {
  const worker = new StringTable();
  worker.trackValues();
  const ids = Array.from({ length: 300 }, (_, i) => (i * 7919 + 1).toString(16).padStart(32, 'a'));
  const sent = [worker.intern('checkout'), ...ids.map((id) => worker.internHex128(wordsOf(id))), worker.intern('')];
  const batch = worker.exportSince(0);
  assert.equal(batch.hexAt.length, ids.length);
  const store = new StringTable();
  const already = store.intern(ids[5]);
  const keys: number[] = [];
  for (let i = 0; i < batch.strings.length; i++) {
    const h = Array.from(batch.hexAt).indexOf(i);
    keys.push(h >= 0 ? store.internWords(batch.hexWords, h * 4) : store.intern(batch.strings[i]));
  }
  assert.deepEqual(
    keys.map((k) => store.get(k)),
    sent.map((k) => worker.get(k)),
  );
  assert.equal(keys[6], already, 'an id the store had as text keeps its key');
  // the batch from a later base holds only what came after
  worker.internHex128(wordsOf('b'.repeat(32)));
  const next = worker.exportSince(sent.length);
  assert.deepEqual([...next.strings], ['']);
  assert.deepEqual([...next.hexAt], [0]);
});

test('StringTable.forgetValues: forgotten ids read as empty, a pinned id held as bits keeps its text', () => {
  const t = new StringTable();
  t.trackValues();
  const a = t.internHex128(wordsOf('c'.repeat(32)));
  const b = t.internHex128(wordsOf('d'.repeat(32)));
  assert.equal(t.intern('d'.repeat(32)), b);
  t.forgetValues();
  assert.equal(t.get(a), '');
  assert.equal(t.get(b), 'd'.repeat(32));
  // the forgotten id comes back under a new key
  const again = t.internHex128(wordsOf('c'.repeat(32)));
  assert.notEqual(again, a);
  assert.equal(t.get(again), 'c'.repeat(32));
});

test('Id128Map: 200,000 ids over growing shards, each found with its value, others missing', () => {
  const m = new Id128Map();
  const w = new Uint32Array(4);
  // ids alike in all but one word, and ids alike in their low bits: neither piles into one shard's slots
  const id = (i: number, out: Uint32Array) => {
    out[0] = i % 3 === 0 ? 0 : Math.imul(i, 0x9e3779b1) >>> 0;
    out[1] = 0xdeadbeef;
    out[2] = i % 3 === 1 ? 0 : i << 8;
    out[3] = i;
  };
  for (let i = 0; i < 200_000; i++) {
    id(i, w);
    assert.equal(m.get(w, -1), -1);
    assert.equal(m.set(w, i * 2), i);
  }
  for (let i = 0; i < 200_000; i++) {
    id(i, w);
    if (m.get(w, -1) !== i * 2) assert.fail(`id ${i}: ${m.get(w, -1)}`);
  }
  id(200_001, w);
  assert.equal(m.get(w, -7), -7);
  const out = new Uint32Array(4);
  m.wordsOf(123_456, out, 0);
  id(123_456, w);
  assert.deepEqual([...out], [...w]);
});

test('Id128Map: ids that share their last word (one slot of the recent entries) never answer for each other', () => {
  const m = new Id128Map();
  const w = new Uint32Array(4);
  // the same last word, ids that differ in one of the others: asked in turn, each must find its own entry
  const id = (i: number) => w.set([i & 1 ? 7 : 8, i & 2 ? 5 : 6, i & 4 ? 3 : 4, 0x1000]);
  for (let i = 0; i < 8; i++) {
    id(i);
    m.set(w, 100 + i);
  }
  for (let round = 0; round < 3; round++)
    for (let i = 7; i >= 0; i--) {
      id(i);
      assert.equal(m.get(w, -1), 100 + i);
      id(i ^ 3);
      assert.equal(m.get(w, -1), 100 + (i ^ 3));
    }
  w.set([9, 9, 9, 0x1000]);
  assert.equal(m.get(w, -1), -1, 'an id never added is missing, whatever the recent entry of its slot');
});

test('compareKeys orders keys as their texts order, ids held as bits included', () => {
  const t = new StringTable();
  const texts = ['', 'a', 'B', 'thread-1', '0000000000000000000000000000000a', 'ffffffffffffffffffffffffffffffff'];
  let seed = 7;
  const hex = () =>
    Array.from({ length: 32 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % 16)
      .map((d) => d.toString(16))
      .join('');
  for (let i = 0; i < 200; i++) texts.push(hex());
  // the same id with its first 8 digits shared, and upper-case (held as text)
  texts.push(texts[10]!.slice(0, 8) + '0'.repeat(24), texts[11]!.toUpperCase());
  const words = new Uint32Array(4);
  const keys = texts.map((s, i) => {
    if (i % 2 === 0 || !/^[0-9a-f]{32}$/.test(s)) return t.intern(s);
    for (let w = 0; w < 4; w++) words[w] = parseInt(s.slice(w * 8, w * 8 + 8), 16);
    return t.internHex128(words);
  });
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (let i = 0; i < keys.length; i++)
    for (let j = 0; j < keys.length; j++)
      assert.equal(t.compareKeys(keys[i]!, keys[j]!), byText(texts[i]!, texts[j]!), `${texts[i]} / ${texts[j]}`);
});
