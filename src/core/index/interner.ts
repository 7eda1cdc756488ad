// String tables for the index. Values such as thread names, services and trace IDs repeat across millions of
// lines: each distinct value is stored once and records hold a 32-bit key.
//
// `ByteMap` looks values up by their raw bytes, so the scanner never builds a string for a value it has seen
// before; `StringTable` holds the decoded texts the keys stand for.

export class StringTable {
  /** Texts by key; '' for a 32-hex id held only as its 128 bits (see `lazyHex`) and for forgotten values. */
  readonly strings: string[] = [];
  private readonly byText = new Map<string, number>();
  /** 32-hex-digit texts (W3C trace ids, the bulk of distinct strings) are found by their 128 bits instead. */
  private byHex = new Id128Map();
  /**
   * Per key, 1 + its entry in `byHex` when its text is made from the id's bits when asked (`internHex128`,
   * `internWords`): a trace id costs 16 bytes here instead of a 32-character string, and crosses from an index
   * worker as four words, not as a string to re-parse.
   */
  private lazyHex = new Int32Array(256);
  private readonly words = new Uint32Array(4);
  /**
   * With `trackValues()`: keys made by `internValue`/`internHex128` (forgettable) and keys `intern` gave out (kept).
   */
  private forgettable: number[] | null = null;
  private pinned: Set<number> | null = null;

  /** The key of a 32-hex id read into four words (lower-case digits; its text is made from them when asked). */
  internHex128(words: Uint32Array): number {
    return this.internWords(words, 0, true);
  }

  /** The key of the 32-hex id in words[at, at + 4) (as `exportSince` gives them). */
  internWords(words: Uint32Array, at: number, value = false): number {
    let k = this.byHex.get(words, -1, at);
    if (k < 0) {
      k = this.strings.length;
      this.strings.push('');
      const entry = this.byHex.set(words, k, at);
      if (k >= this.lazyHex.length) {
        const g = new Int32Array(Math.max(k + 1, this.lazyHex.length * 2));
        g.set(this.lazyHex);
        this.lazyHex = g;
      }
      this.lazyHex[k] = entry + 1;
      if (value) this.forgettable?.push(k);
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

  /** The key `s` was interned under, or -1 (nothing is interned). */
  find(s: string): number {
    if (s.length === 32 && hexWordsOf(s, this.words)) return this.byHex.get(this.words, -1);
    return this.byText.get(s) ?? -1;
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
      if (s !== '' && this.byText.get(s) === k) this.byText.delete(s);
      this.strings[k] = '';
      if (k < this.lazyHex.length) this.lazyHex[k] = 0;
    }
    this.forgettable = [];
    // pinned 32-hex texts lose their lookup too (they are then interned again under a new key: still correct);
    // one held as bits keeps its text
    for (const k of this.pinned) if (k < this.lazyHex.length && this.lazyHex[k] !== 0) this.strings[k] = this.get(k);
    this.lazyHex.fill(0);
    this.byHex = new Id128Map();
  }

  /**
   * The order of the texts of two keys, as `<` orders them; two ids held as bits compare by their words (the
   * same order: lower-case hex of equal length), so sorting groups by id makes no strings.
   */
  compareKeys(a: number, b: number): number {
    if (a === b) return 0;
    const lazy = this.lazyHex;
    const ea = a < lazy.length ? lazy[a] : 0,
      eb = b < lazy.length ? lazy[b] : 0;
    if (ea !== 0 && eb !== 0) {
      const w = this.pair;
      this.byHex.wordsOf(ea - 1, w, 0);
      this.byHex.wordsOf(eb - 1, w, 4);
      for (let i = 0; i < 4; i++) if (w[i] !== w[4 + i]) return w[i] < w[4 + i] ? -1 : 1;
      return 0;
    }
    const sa = this.get(a),
      sb = this.get(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  private readonly pair = new Uint32Array(8);

  get(key: number): string {
    const s = this.strings[key];
    if (s !== '') return s ?? '';
    const e = key < this.lazyHex.length ? this.lazyHex[key] : 0;
    return e === 0 ? '' : this.byHex.text(e - 1);
  }

  get size(): number {
    return this.strings.length;
  }

  /**
   * The keys from `base` on, as a worker sends them: their texts, with the ids held as bits sent as their words
   * instead ('' in `strings`; `hexAt` lists their places, `hexWords` their four words each, in the same order).
   */
  exportSince(base: number): StringBatch {
    const strings = this.strings.slice(base);
    const at: number[] = [];
    const lazy = this.lazyHex;
    for (let k = base; k < this.strings.length && k < lazy.length; k++) if (lazy[k] !== 0) at.push(k - base);
    const hexWords = new Uint32Array(at.length * 4);
    for (let j = 0; j < at.length; j++) this.byHex.wordsOf(lazy[base + at[j]] - 1, hexWords, j * 4);
    return { strings, hexAt: Int32Array.from(at), hexWords };
  }
}

/** New keys of a string table as they cross from a worker (see `StringTable.exportSince`). */
export interface StringBatch {
  strings: string[];
  hexAt: Int32Array;
  hexWords: Uint32Array;
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

/**
 * Long values (a source location's neighbouring values: ≈ 130 bytes) are hashed by their length and their
 * first and last 32 bytes: they differ there in practice, and lookups compare all bytes anyway. Values built
 * to collide there switch their map to `hashBytes` (see `ByteMap.hashFully`).
 */
const SAMPLED_ABOVE = 64;
const SAMPLE_BYTES = 32;
/** Same hash and length but other bytes, in one lookup: more than this and the map hashes every byte. */
const MAX_CLASHES = 8;

function hashEnds(buf: Uint8Array, s: number, e: number): number {
  return hashRange(buf, e - SAMPLE_BYTES, e, hashRange(buf, s, s + SAMPLE_BYTES, (0x811c9dc5 ^ (e - s)) | 0) | 0);
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
    this.full = false;
  }

  /** Whether long values are hashed in full (after values that clash on their sampled bytes). */
  private full = false;

  private hash(buf: Uint8Array, s: number, e: number): number {
    return this.full || e - s <= SAMPLED_ABOVE ? hashBytes(buf, s, e) : hashEnds(buf, s, e);
  }

  /** The value stored for buf[s, e), or `missing`. */
  get(buf: Uint8Array, s: number, e: number, missing: number): number {
    const h = this.hash(buf, s, e);
    const len = e - s;
    let i = h & this.mask;
    let clashes = 0;
    for (;;) {
      const slot = this.table[i];
      if (slot === 0) return missing;
      const k = slot - 1;
      if (this.hashes[k] === h && this.lens[k] === len) {
        if (this.same(k, buf, s, len)) return this.vals[k];
        if (++clashes > MAX_CLASHES && !this.full) {
          this.hashFully();
          return this.get(buf, s, e, missing);
        }
      }
      i = (i + 1) & this.mask;
    }
  }

  set(buf: Uint8Array, s: number, e: number, value: number): void {
    const h = this.hash(buf, s, e);
    const len = e - s;
    let i = h & this.mask;
    let clashes = 0;
    for (;;) {
      const slot = this.table[i];
      if (slot === 0) break;
      const k = slot - 1;
      if (this.hashes[k] === h && this.lens[k] === len) {
        if (this.same(k, buf, s, len)) {
          this.vals[k] = value;
          return;
        }
        if (++clashes > MAX_CLASHES && !this.full) {
          this.hashFully();
          this.set(buf, s, e, value);
          return;
        }
      }
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
    const h = new Uint32Array(n);
    h.set(this.hashes);
    this.hashes = h;
    const o = new Int32Array(n);
    o.set(this.offs);
    this.offs = o;
    const l = new Int32Array(n);
    l.set(this.lens);
    this.lens = l;
    const v = new Int32Array(n);
    v.set(this.vals);
    this.vals = v;
  }

  /** Hashes every stored value in full from now on (values that clash on their sampled bytes). */
  private hashFully(): void {
    this.full = true;
    for (let k = 0; k < this.count; k++)
      this.hashes[k] = hashBytes(this.arena, this.offs[k], this.offs[k] + this.lens[k]);
    this.rehash(this.table.length);
  }

  private rehash(n = this.table.length * 2): void {
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

/**
 * Reads `words` 32-bit words of lower-case hex from buf[s…] into out[0…]. Returns 1 for a valid non-zero id,
 * 0 for all zeros, -1 when a byte is not lower-case hex (upper case goes through the decoder).
 */
export function readHexWords(buf: Uint8Array, s: number, words: number, out: Uint32Array): number {
  let any = 0;
  for (let w = 0; w < words; w++) {
    const p = s + w * 8;
    const a = hex4(buf, p),
      b = hex4(buf, p + 4);
    if ((a | b) < 0) return -1;
    const v = ((a << 16) | b) >>> 0;
    out[w] = v;
    any |= v;
  }
  return any === 0 ? 0 : 1;
}

/** Four lower-case hex digits at buf[p, p + 4) as 16 bits, or -1: all four bytes tested and converted at once. */
function hex4(buf: Uint8Array, p: number): number {
  const w = buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24);
  if ((w & 0x80808080) !== 0) return -1;
  // bytes below 0x80: adding 0x80 - lo sets a byte's high bit exactly when it is ≥ lo, with no carry out of it
  const ge0 = w + 0x50505050,
    ge10 = w + 0x46464646,
    geA = w + 0x1f1f1f1f,
    geG = w + 0x19191919;
  if ((((ge0 & ~ge10) | (geA & ~geG)) & 0x80808080) !== (0x80808080 | 0)) return -1;
  // '0'–'9' → low nibble; 'a'–'f' → low nibble + 9 (bit 6 set)
  const v = (w & 0x0f0f0f0f) + ((w >>> 6) & 0x01010101) * 9;
  return ((v & 0xff) << 12) | (((v >>> 8) & 0xff) << 8) | (((v >>> 16) & 0xff) << 4) | (v >>> 24);
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const HEX_SCRATCH = Buffer.alloc(32);

/** Shards of an Id128Map's table: growing one rehashes a sixteenth of the ids (a million ids: ~3 ms, not ~50). */
const ID_SHARD_BITS = 4;
const ID_SHARDS = 1 << ID_SHARD_BITS;

/** Entries of `Id128Map.recent` (a power of two). */
const RECENT = 4096;

/** Map from 128-bit ids (four words, e.g. 32-hex trace IDs) to int32 values. */
export class Id128Map {
  /** Open-addressing tables, one per shard (the hash's top bits): 1 + entry number, 0 empty. */
  private readonly tables: Int32Array[] = Array.from({ length: ID_SHARDS }, () => new Int32Array(64));
  private readonly used = new Int32Array(ID_SHARDS);
  private words = new Uint32Array(256);
  private vals = new Int32Array(64);
  /** Each entry's hash, so growing a table does not hash every id again. */
  private hashes = new Uint32Array(64);
  private count = 0;
  /**
   * 1 + the entry of an id asked for lately, by its last word's low bits (ids are random or counted: those
   * bits differ). A log's trace comes back within a few thousand records: this table (16 KB) stays in the
   * processor's cache, and a hit skips the hash and the shard's table, which on a big file do not.
   */
  private readonly recent = new Int32Array(RECENT);

  private static hash(w0: number, w1: number, w2: number, w3: number): number {
    let h = Math.imul(w0 ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ w1 ^ (h >>> 15), 0xc2b2ae35);
    h = Math.imul(h ^ w2 ^ (h >>> 13), 0x85ebca6b);
    h = Math.imul(h ^ w3 ^ (h >>> 16), 0xc2b2ae35);
    return (h ^ (h >>> 15)) >>> 0;
  }

  /** The value of the id in w[at, at + 4), or `missing`. */
  get(w: Uint32Array, missing: number, at = 0): number {
    const ws = this.words,
      recent = this.recent;
    const w0 = w[at]!,
      w1 = w[at + 1]!,
      w2 = w[at + 2]!,
      w3 = w[at + 3]!;
    const r = w3 & (RECENT - 1);
    let e = recent[r]! - 1;
    if (e < 0 || !Id128Map.holds(ws, e * 4, w0, w1, w2, w3)) {
      e = this.find(w, at);
      if (e < 0) return missing;
    }
    recent[r] = e + 1;
    return this.vals[e]!;
  }

  /**
   * The entry of the id in w[at, at + 4) in its shard's table, or -1. (Each step of `get` and this runs whether
   * the id is found or not: V8 optimises them from what each step saw, and a step seen nowhere yet, such as a
   * match found past the recent entries, would send the optimised code back for a recompile when it first
   * happens. The words are read here, not passed: most are past a small integer, and each would be boxed.)
   */
  private find(w: Uint32Array, at: number): number {
    const w0 = w[at]!,
      w1 = w[at + 1]!,
      w2 = w[at + 2]!,
      w3 = w[at + 3]!;
    const ws = this.words,
      h = Id128Map.hash(w0, w1, w2, w3);
    const t = this.tables[h >>> (32 - ID_SHARD_BITS)]!;
    const mask = t.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = t[i]!;
      if (slot === 0 || Id128Map.holds(ws, (slot - 1) * 4, w0, w1, w2, w3)) return slot - 1;
    }
  }

  /** Whether ws[k, k + 4) is the id. */
  private static holds(ws: Uint32Array, k: number, w0: number, w1: number, w2: number, w3: number): boolean {
    return ws[k] === w0 && ws[k + 1] === w1 && ws[k + 2] === w2 && ws[k + 3] === w3;
  }

  /** Adds the id in w[at, at + 4) (not present yet); returns its entry number. */
  set(w: Uint32Array, value: number, at = 0): number {
    const k = this.count++;
    if (k === this.vals.length) {
      const v = new Int32Array(k * 2);
      v.set(this.vals);
      this.vals = v;
      const h = new Uint32Array(k * 2);
      h.set(this.hashes);
      this.hashes = h;
      const ws = new Uint32Array(k * 8);
      ws.set(this.words);
      this.words = ws;
    }
    const ws = this.words,
      o = k * 4;
    const w3 = w[at + 3];
    ws[o] = w[at];
    ws[o + 1] = w[at + 1];
    ws[o + 2] = w[at + 2];
    ws[o + 3] = w3;
    this.vals[k] = value;
    this.recent[w3 & (RECENT - 1)] = k + 1;
    const h = (this.hashes[k] = Id128Map.hash(ws[o], ws[o + 1], ws[o + 2], w3));
    const shard = h >>> (32 - ID_SHARD_BITS);
    if (++this.used[shard] * 2 > this.tables[shard].length) this.grow(shard);
    else this.place(this.tables[shard], k);
    return k;
  }

  /** Entry `k`'s four words, into out[at, at + 4). */
  wordsOf(k: number, out: Uint32Array, at: number): void {
    const o = k * 4;
    out[at] = this.words[o];
    out[at + 1] = this.words[o + 1];
    out[at + 2] = this.words[o + 2];
    out[at + 3] = this.words[o + 3];
  }

  /** Entry `k` as 32 lower-case hex digits (one flat string: written as bytes, then decoded once). */
  text(k: number): string {
    const o = k * 4,
      out = HEX_SCRATCH;
    for (let j = 0; j < 4; j++) {
      const w = this.words[o + j];
      for (let d = 0; d < 8; d++) out[j * 8 + d] = HEX_DIGITS[(w >>> (28 - d * 4)) & 15];
    }
    return out.toString('latin1', 0, 32);
  }

  private place(t: Int32Array, k: number): void {
    const mask = t.length - 1;
    let i = this.hashes[k] & mask;
    while (t[i] !== 0) i = (i + 1) & mask;
    t[i] = k + 1;
  }

  /** Doubles one shard's table, placing again only the ids that are in it. */
  private grow(shard: number): void {
    const old = this.tables[shard];
    const t = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.place(t, old[i] - 1);
    // the id just added is not in the old table yet
    this.place(t, this.count - 1);
    this.tables[shard] = t;
  }
}
