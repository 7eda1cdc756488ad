// String tables for the index. Values such as thread names, services and trace IDs repeat across millions of
// lines: each distinct value is stored once and records hold a 32-bit key.
//
// `ByteMap` looks values up by their raw bytes, so the scanner never builds a string for a value it has seen
// before; `StringTable` holds the decoded texts the keys stand for.

export class StringTable {
  readonly strings: string[] = [];
  private readonly byText = new Map<string, number>();
  /** 32-hex-digit texts (W3C trace ids, the bulk of distinct strings) are found by their 128 bits instead. */
  private byHex = new Id128Map();
  private readonly words = new Uint32Array(4);
  /** With `trackValues()`: keys made by `internValue`/`internHex128` (forgettable) and keys `intern` gave out (kept). */
  private forgettable: number[] | null = null;
  private pinned: Set<number> | null = null;

  /** The key of a 32-hex id read into four words from buf[s, s + 32). */
  internHex128(words: Uint32Array, buf: Uint8Array, s: number): number {
    let k = this.byHex.get(words, -1);
    if (k < 0) {
      k = this.strings.length;
      this.strings.push((buf as Buffer).toString('latin1', s, s + 32));
      this.byHex.set(words, k);
      this.forgettable?.push(k);
    }
    return k;
  }

  /** A key whose text stays readable with `get` for good (format names, anything the slow path interns). */
  intern(s: string): number {
    const k = this.lookup(s, false);
    this.pinned?.add(k);
    return k;
  }

  /** A record value's key (IDs, threads, services): a worker may forget it after sending its range. */
  internValue(s: string): number {
    return this.lookup(s, true);
  }

  private lookup(s: string, value: boolean): number {
    if (s.length === 32 && hexWordsOf(s, this.words)) {
      let k = this.byHex.get(this.words, -1);
      if (k < 0) {
        k = this.strings.length;
        this.strings.push(s);
        this.byHex.set(this.words, k);
        if (value) this.forgettable?.push(k);
      }
      return k;
    }
    let k = this.byText.get(s);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(s);
      this.byText.set(s, k);
      if (value) this.forgettable?.push(k);
    }
    return k;
  }

  /** Lets `forgetValues` drop record values (a worker's tables, which would otherwise hold every value of the file). */
  trackValues(): void {
    this.forgettable ??= [];
    this.pinned ??= new Set();
  }

  /**
   * Drops the record values interned since the last call, except keys `intern` gave out: their keys stay
   * taken and `get` gives '' for them; the same value interned again gets a new key. A worker does this after
   * sending a range (with `ShapeCache.forget`, so no cached key of a dropped value is used again): IDs seldom
   * outlive a range, and the store dedups what is sent twice.
   */
  forgetValues(): void {
    if (this.forgettable === null || this.pinned === null) return;
    for (const k of this.forgettable) {
      if (this.pinned.has(k)) continue;
      const s = this.strings[k];
      if (this.byText.get(s) === k) this.byText.delete(s);
      this.strings[k] = '';
    }
    this.forgettable = [];
    // pinned 32-hex texts lose their lookup too (they are then interned again under a new key: still correct)
    this.byHex = new Id128Map();
  }

  get(key: number): string {
    return this.strings[key] ?? '';
  }

  get size(): number {
    return this.strings.length;
  }
}

/** Reads 32 lower-case hex digits of `s` into four words; false when `s` is not such an id. */
function hexWordsOf(s: string, out: Uint32Array): boolean {
  for (let w = 0; w < 4; w++) {
    let v = 0;
    for (let i = w * 8; i < w * 8 + 8; i++) {
      const c = s.charCodeAt(i);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (d < 0) return false;
      v = v * 16 + d;
    }
    out[w] = v;
  }
  return true;
}

/** A multiplicative hash over a byte range, four bytes per step. */
export function hashBytes(buf: Uint8Array, s: number, e: number): number {
  return hashRange(buf, s, e, (0x811c9dc5 ^ (e - s)) | 0);
}

function hashRange(buf: Uint8Array, s: number, e: number, h: number): number {
  let i = s;
  for (const e4 = e - 3; i < e4; i += 4) {
    h = Math.imul(h ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)), 0x01000193);
    h ^= h >>> 15;
  }
  for (; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return (h ^ (h >>> 13)) >>> 0;
}

const bufferCompare = Buffer.prototype.compare;
const NATIVE_COMPARE_BYTES = 48;

/** Open-addressing map from byte strings to int32 values; keys are copied into an arena. */
export class ByteMap {
  private table: Int32Array;
  private mask: number;
  private count = 0;
  private hashes = new Uint32Array(64);
  private offs = new Int32Array(64);
  private lens = new Int32Array(64);
  private vals = new Int32Array(64);
  private arena = new Uint8Array(1024);
  private used = 0;

  private readonly initial: number;

  constructor(capacity = 256) {
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.initial = c;
    this.table = new Int32Array(c);
    this.mask = c - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Empties the map and gives its memory back. */
  clear(): void {
    this.table = new Int32Array(this.initial);
    this.mask = this.initial - 1;
    this.count = 0;
    this.hashes = new Uint32Array(64);
    this.offs = new Int32Array(64);
    this.lens = new Int32Array(64);
    this.vals = new Int32Array(64);
    this.arena = new Uint8Array(1024);
    this.used = 0;
  }

  /** The value stored for buf[s, e), or `missing`. */
  get(buf: Uint8Array, s: number, e: number, missing: number): number {
    const h = hashBytes(buf, s, e);
    const len = e - s;
    let i = h & this.mask;
    for (;;) {
      const slot = this.table[i];
      if (slot === 0) return missing;
      const k = slot - 1;
      if (this.hashes[k] === h && this.lens[k] === len && this.same(k, buf, s, len)) return this.vals[k];
      i = (i + 1) & this.mask;
    }
  }

  set(buf: Uint8Array, s: number, e: number, value: number): void {
    const h = hashBytes(buf, s, e);
    const len = e - s;
    let i = h & this.mask;
    for (;;) {
      const slot = this.table[i];
      if (slot === 0) break;
      const k = slot - 1;
      if (this.hashes[k] === h && this.lens[k] === len && this.same(k, buf, s, len)) { this.vals[k] = value; return; }
      i = (i + 1) & this.mask;
    }
    const k = this.count++;
    if (k === this.hashes.length) this.growEntries();
    if (this.used + len > this.arena.length) {
      let n = this.arena.length * 2;
      while (n < this.used + len) n *= 2;
      const a = new Uint8Array(n);
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    this.arena.set(buf.subarray(s, e), this.used);
    this.hashes[k] = h;
    this.offs[k] = this.used;
    this.lens[k] = len;
    this.vals[k] = value;
    this.used += len;
    this.table[i] = k + 1;
    if (this.count * 2 > this.table.length) this.rehash();
  }

  private same(k: number, buf: Uint8Array, s: number, len: number): boolean {
    const a = this.arena;
    const o = this.offs[k];
    // long keys (a source location's neighbouring values: ≈ 130 bytes) compare faster in native memcmp
    if (len >= NATIVE_COMPARE_BYTES) return bufferCompare.call(buf, a, o, o + len, s, s + len) === 0;
    for (let j = 0; j < len; j++) if (a[o + j] !== buf[s + j]) return false;
    return true;
  }

  private growEntries(): void {
    const n = this.hashes.length * 2;
    const h = new Uint32Array(n); h.set(this.hashes); this.hashes = h;
    const o = new Int32Array(n); o.set(this.offs); this.offs = o;
    const l = new Int32Array(n); l.set(this.lens); this.lens = l;
    const v = new Int32Array(n); v.set(this.vals); this.vals = v;
  }

  private rehash(): void {
    const n = this.table.length * 2;
    const t = new Int32Array(n);
    const mask = n - 1;
    for (let k = 0; k < this.count; k++) {
      let i = this.hashes[k] & mask;
      while (t[i] !== 0) i = (i + 1) & mask;
      t[i] = k + 1;
    }
    this.table = t;
    this.mask = mask;
  }
}

/** Hex-digit values for lower-case hex, 255 for anything else (upper case goes through the decoder). */
const HEXV = new Uint8Array(256).fill(255);
for (let c = 48; c <= 57; c++) HEXV[c] = c - 48;
for (let c = 97; c <= 102; c++) HEXV[c] = c - 87;

/**
 * Reads `words` 32-bit words of lower-case hex from buf[s…] into out[0…]. Returns 1 for a valid non-zero id,
 * 0 for all zeros, -1 when a byte is not lower-case hex.
 */
export function readHexWords(buf: Uint8Array, s: number, words: number, out: Uint32Array): number {
  let any = 0;
  for (let w = 0; w < words; w++) {
    let v = 0;
    for (let p = s + w * 8, e = p + 8; p < e; p++) {
      const d = HEXV[buf[p]];
      if (d === 255) return -1;
      v = v * 16 + d;
    }
    out[w] = v;
    any |= v;
  }
  return any === 0 ? 0 : 1;
}

/** Map from 128-bit ids (four words, e.g. 32-hex trace IDs) to int32 values. */
export class Id128Map {
  private table: Int32Array;
  private mask: number;
  private words = new Uint32Array(256);
  private vals = new Int32Array(64);
  /** Each entry's hash, so growing the table does not hash every id again. */
  private hashes = new Uint32Array(64);
  private count = 0;

  constructor() {
    this.table = new Int32Array(1024);
    this.mask = 1023;
  }

  private static hash(w: Uint32Array): number {
    let h = Math.imul(w[0] ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ w[1] ^ (h >>> 15), 0xc2b2ae35);
    h = Math.imul(h ^ w[2] ^ (h >>> 13), 0x85ebca6b);
    h = Math.imul(h ^ w[3] ^ (h >>> 16), 0xc2b2ae35);
    return (h ^ (h >>> 15)) >>> 0;
  }

  get(w: Uint32Array, missing: number): number {
    let i = Id128Map.hash(w) & this.mask;
    const ws = this.words;
    for (;;) {
      const slot = this.table[i];
      if (slot === 0) return missing;
      const k = (slot - 1) * 4;
      if (ws[k] === w[0] && ws[k + 1] === w[1] && ws[k + 2] === w[2] && ws[k + 3] === w[3]) return this.vals[slot - 1];
      i = (i + 1) & this.mask;
    }
  }

  set(w: Uint32Array, value: number): void {
    const k = this.count++;
    if (k === this.vals.length) {
      const v = new Int32Array(k * 2); v.set(this.vals); this.vals = v;
      const h = new Uint32Array(k * 2); h.set(this.hashes); this.hashes = h;
      const ws = new Uint32Array(k * 8); ws.set(this.words); this.words = ws;
    }
    const ws = this.words, o = k * 4;
    ws[o] = w[0]; ws[o + 1] = w[1]; ws[o + 2] = w[2]; ws[o + 3] = w[3];
    this.vals[k] = value;
    this.hashes[k] = Id128Map.hash(w);
    if (this.count * 2 > this.table.length) this.rehash();
    else this.place(this.table, this.mask, k);
  }

  private place(t: Int32Array, mask: number, k: number): void {
    let i = this.hashes[k] & mask;
    while (t[i] !== 0) i = (i + 1) & mask;
    t[i] = k + 1;
  }

  private rehash(): void {
    const n = this.table.length * 2;
    const t = new Int32Array(n);
    for (let k = 0; k < this.count; k++) this.place(t, n - 1, k);
    this.table = t;
    this.mask = n - 1;
  }
}
