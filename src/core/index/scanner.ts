// The index's fast path: a validating byte scanner over one JSON object line. It never builds strings or
// objects; it records, for each top-level key, where the key and its value lie in the buffer, and a
// fingerprint of the key sequence (the line's "shape").
//
// It accepts exactly the texts JSON.parse accepts (full grammar: literals, number syntax, escapes, control
// characters, nesting): when it says "valid", the slow path would have parsed the line too, so the two
// paths cannot disagree about what is a record. Anything it cannot vouch for returns false and the line
// goes to the slow path, which also produces the precise error message. Nesting is tracked with an explicit
// stack, so a 10,000-deep line costs a loop, not a recursion.
//
// A buffer that lies in the WebAssembly scanner's memory (the range reader's, see wasm/wasmScan.ts) is scanned by
// the port in wasm/scan.c, 16 bytes at a time; its outputs are then views over that memory. Every other buffer,
// and every line the port cannot hold (over 1,024 keys, a huge expectation), takes the scanner below.

import { wasmScanner, type WasmScanner } from './wasm/wasmScan';

export const VT_STRING = 1;
export const VT_NUMBER = 2;
export const VT_TRUE = 3;
export const VT_FALSE = 4;
export const VT_NULL = 5;
export const VT_OBJECT = 6;
export const VT_ARRAY = 7;

/** Numbers with more integer digits than this may not survive a double: the slow path decides. */
const SAFE_DIGITS = 15;

export class LineScan {
  /**
   * @param wasm the WebAssembly scanner for buffers in its memory (default: this thread's, when it loaded);
   *   null: this scanner always runs in JavaScript.
   */
  constructor(private readonly wasm: WasmScanner | null = wasmScanner()) {}
  /** Where the scanned line starts in the buffer (set by the caller: leading blanks belong to the line). */
  lineStart = 0;
  /** Number of top-level keys found. */
  keys = 0;
  keyStart: Int32Array = new Int32Array(64);
  keyEnd: Int32Array = new Int32Array(64);
  valStart: Int32Array = new Int32Array(64);
  valEnd: Int32Array = new Int32Array(64);
  valType: Uint8Array = new Uint8Array(64);
  /** Bit 1: value string holds escapes; bit 2: number too long for a double; bit 4: key holds escapes. */
  flags: Uint8Array = new Uint8Array(64);
  /**
   * FNV-1a over the key sequence (key bytes and separators),
   * computed on demand: most lines match a recent shape by bytes.
   */
  keyHash(buf: Uint8Array): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < this.keys; i++) {
      for (let p = this.keyStart[i], e = this.keyEnd[i]; p < e; p++) h = Math.imul(h ^ buf[p], 16777619);
      h = Math.imul(h ^ 0xff, 16777619);
    }
    return h & 0x3fffffff;
  }
  keyEscapes = false;
  /**
   * The key sequence this line is expected to have (the last shape seen), as its key bytes back to back and
   * the end of each key in them; only plain ASCII keys (no escape, control or non-ASCII byte). Each key is
   * then compared against its expected bytes while it is scanned, instead of scanned byte class by byte
   * class and compared again afterwards; `expectedMatched` says whether the whole sequence matched.
   */
  expectBytes: Uint8Array | null = null;
  expectEnds: Int32Array | null = null;
  expectedMatched = false;
  /** How many leading keys of the line equal the expected ones (byte for byte). */
  expectedKeys = 0;
  /**
   * `expectBytes` as 32-bit words for comparing against the buffer's aligned words: for key n and start
   * alignment a (0–3), words expIdx[4n + a] up to expIdx[4n + a + 1] hold a padding bytes, the key and its
   * closing quote; `expMasks` keeps only the key's and quote's bytes of each word.
   */
  private expWordsOf: Uint8Array | null = null;
  private expIdx: Int32Array = new Int32Array(1);
  private expVals: Int32Array = new Int32Array(0);
  private expMasks: Int32Array = new Int32Array(0);

  /** Word tables of the expectations seen (lines alternating between shapes switch back and forth). */
  private readonly expTables = new WeakMap<Uint8Array, { idx: Int32Array; vals: Int32Array; masks: Int32Array }>();

  private expectWords(exp: Uint8Array, ends: Int32Array): void {
    this.expWordsOf = exp;
    const t = this.expTables.get(exp);
    if (t !== undefined) {
      this.expIdx = t.idx;
      this.expVals = t.vals;
      this.expMasks = t.masks;
      return;
    }
    const n = ends.length;
    const idx = new Int32Array(n * 4 + 1);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const len = ends[i] - (i === 0 ? 0 : ends[i - 1]);
      for (let a = 0; a < 4; a++) {
        idx[i * 4 + a] = total;
        total += (a + len + 1 + 3) >> 2;
      }
    }
    idx[n * 4] = total;
    const vals = new Int32Array(total),
      masks = new Int32Array(total);
    for (let i = 0; i < n; i++) {
      const ks = i === 0 ? 0 : ends[i - 1],
        len = ends[i] - ks;
      for (let a = 0; a < 4; a++) {
        for (let j = 0; j <= len; j++) {
          const pos = a + j,
            k = idx[i * 4 + a] + (pos >> 2),
            sh = (pos & 3) << 3;
          vals[k] |= (j < len ? exp[ks + j] : 34) << sh;
          masks[k] |= 0xff << sh;
        }
      }
    }
    this.expIdx = idx;
    this.expVals = vals;
    this.expMasks = masks;
    this.expTables.set(exp, { idx, vals, masks });
  }

  /** Whether any string held a byte ≥ 0x80 (the line's UTF-8 must then be checked). */
  nonAscii = false;
  private stack = new Uint8Array(256);

  private grow(): void {
    const n = this.keyStart.length * 2;
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    this.keyStart = g32(this.keyStart);
    this.keyEnd = g32(this.keyEnd);
    this.valStart = g32(this.valStart);
    this.valEnd = g32(this.valEnd);
    this.valType = g8(this.valType);
    this.flags = g8(this.flags);
  }

  /**
   * Scans buf[s, e) (one line without its line break) as a JSON object. Returns false when the text is not
   * exactly one valid JSON object (the slow path then decides what it is).
   */
  /** A 32-bit view of the current buffer (when it starts 4-byte aligned), for skipping string bytes in words. */
  private words: Uint32Array | null = null;
  private wordsOf: Uint8Array | null = null;

  scan(buf: Uint8Array, s: number, e: number): boolean {
    if (buf !== this.checkedBuf) {
      const w = this.wasm;
      this.checkedBuf = buf;
      this.checkedBase = buf.byteOffset;
      this.inWasm =
        w !== null && buf.buffer === w.memory && buf.byteOffset >= w.bufLo && buf.byteOffset + buf.length <= w.bufHi;
    }
    if (this.inWasm) {
      const r = this.scanWasm(this.wasm!, buf, s, e);
      if (r !== RESCAN) return r;
    }
    if (this.wasmArrays !== null) this.ownArrays();
    return this.scanJs(buf, s, e);
  }

  /** The last buffer scanned, and whether it lies in the WebAssembly scanner's buffer. */
  private checkedBuf: Uint8Array | null = null;
  private inWasm = false;
  private checkedBase = 0;

  /** This scanner's own output arrays while its fields are views over the WebAssembly memory, else null. */
  private wasmArrays: [Int32Array, Int32Array, Int32Array, Int32Array, Uint8Array, Uint8Array] | null = null;

  private ownArrays(): void {
    [this.keyStart, this.keyEnd, this.valStart, this.valEnd, this.valType, this.flags] = this.wasmArrays!;
    this.wasmArrays = null;
  }

  /** The WebAssembly port on a buffer in its memory; RESCAN when the line is beyond its fixed capacities. */
  private scanWasm(w: WasmScanner, buf: Uint8Array, s: number, e: number): boolean | typeof RESCAN {
    if (e >= buf.length || buf[e] >= 32) return false;
    const expN = this.wasmExpectation(w);
    if (expN === -2) return RESCAN;
    const n = w.scan(this.checkedBase, s, e, expN);
    if (n === -3) return false;
    if (n === -2) return RESCAN;
    const info = w.info;
    this.expectedKeys = info[0];
    this.keyEscapes = info[2] !== 0;
    this.nonAscii = info[3] !== 0;
    if (n < 0) return false;
    if (this.wasmArrays === null) {
      this.wasmArrays = [this.keyStart, this.keyEnd, this.valStart, this.valEnd, this.valType, this.flags];
      this.keyStart = w.keyStart;
      this.keyEnd = w.keyEnd;
      this.valStart = w.valStart;
      this.valEnd = w.valEnd;
      this.valType = w.valType;
      this.flags = w.flags;
    }
    this.keys = n;
    this.expectedMatched = info[1] !== 0;
    return true;
  }

  /**
   * Puts the expectation into the WebAssembly scanner's memory (when it is not there already). Returns its key
   * count, -1 without one, or -2 when it does not fit (the JavaScript scanner then takes the line).
   */
  wasmExpectation(w: WasmScanner): number {
    const exp = this.expectBytes;
    if (exp === null) return -1;
    const ends = this.expectEnds;
    const expN = ends === null ? 0 : ends.length;
    if (w.expOf !== exp || w.expEndsOf !== ends) {
      if (exp.length > w.expBytes.length || expN > w.expEnds.length) return -2;
      w.expBytes.set(exp);
      if (ends !== null) w.expEnds.set(ends);
      w.expOf = exp;
      w.expEndsOf = ends;
    }
    return expN;
  }

  /** The JavaScript scanner (the reference the WebAssembly port follows). */
  private scanJs(buf: Uint8Array, s: number, e: number): boolean {
    if (buf !== this.wordsOf) {
      this.wordsOf = buf;
      this.words =
        LITTLE_ENDIAN && (buf.byteOffset & 3) === 0
          ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2)
          : null;
    }
    // The string loops below stop at a control byte instead of checking the end on every byte: the byte at
    // `e` must be one (the line's `\n` or `\r`). Lines without one take the slow path.
    if (e >= buf.length || CLS[buf[e]] !== 3) return false;
    let p = s;
    while (p < e && isWs(buf[p])) p++;
    if (p >= e || buf[p] !== 123 /* { */) return false;
    p++;

    let n = 0;
    let matched = 0;
    this.expectedKeys = 0;
    this.keyEscapes = false;
    this.nonAscii = false;
    let exp = this.expectBytes;
    const ends = this.expectEnds;
    const u = this.words;
    if (exp !== null && u !== null && exp !== this.expWordsOf) this.expectWords(exp, ends!);
    const expN = ends === null ? 0 : ends.length;
    while (p < e && isWs(buf[p])) p++;
    if (p < e && buf[p] === 125 /* } */) {
      p++;
    } else {
      for (;;) {
        if (p >= e || buf[p] !== 34) return false;
        if (n === this.keyStart.length) this.grow();
        const ks = ++p;
        let fl = 0;
        if (exp !== null) {
          // the expected key, then its closing quote: all its bytes are plain, so nothing else to check
          const es = n === 0 ? 0 : ends![n - 1],
            len = n < expN ? ends![n] - es : -1;
          if (len < 0) exp = null;
          else if (u !== null) {
            // compared a word at a time: the key's expected words for this start alignment, masked at both ends
            const vals = this.expVals,
              masks = this.expMasks;
            const k0 = (n << 2) + (p & 3);
            let k = this.expIdx[k0];
            const kEnd = this.expIdx[k0 + 1];
            let wi = p >> 2;
            if (wi + kEnd - k > u.length) exp = null;
            else {
              for (; k < kEnd; k++, wi++) if ((u[wi] & masks[k]) !== vals[k]) break;
              if (k === kEnd) p += len;
              else exp = null;
            }
          } else {
            let j = 0;
            while (j < len && buf[p + j] === exp[es + j]) j++;
            if (j === len && buf[p + len] === 34) p += len;
            else exp = null;
          }
        }
        if (exp !== null) matched++;
        else {
          for (;;) {
            const c = buf[p];
            const k = CLS[c];
            if (k === 0) {
              p++;
              continue;
            }
            if (k === 1) break;
            if (k === 2) {
              const q = skipEscape(buf, p, e);
              if (q < 0) return false;
              fl |= 4;
              this.keyEscapes = true;
              p = q;
              continue;
            }
            if (k !== 4 || p >= e) return false;
            this.nonAscii = true;
            p++;
          }
          if (p >= e) return false;
        }
        this.keyStart[n] = ks;
        this.keyEnd[n] = p;
        p++;
        while (p < e && isWs(buf[p])) p++;
        if (p >= e || buf[p] !== 58 /* : */) return false;
        p++;
        while (p < e && isWs(buf[p])) p++;
        if (p >= e) return false;
        const c = buf[p];
        if (c === 34) {
          const vs = p + 1;
          const q = this.skipString(buf, p, e);
          if (q < 0) return false;
          this.valStart[n] = vs;
          this.valEnd[n] = q - 1;
          this.valType[n] = VT_STRING;
          fl |= this.strEsc ? 1 : 0;
          p = q;
        } else if (c === 123 || c === 91) {
          const q = this.skipNested(buf, p, e);
          if (q < 0) return false;
          this.valStart[n] = p;
          this.valEnd[n] = q;
          this.valType[n] = c === 123 ? VT_OBJECT : VT_ARRAY;
          p = q;
        } else if (c === 45 || (c >= 48 && c <= 57)) {
          const q = skipNumber(buf, p, e);
          if (q < 0) return false;
          this.valStart[n] = p;
          this.valEnd[n] = q;
          this.valType[n] = VT_NUMBER;
          if (numberDigits > SAFE_DIGITS) fl |= 2;
          p = q;
        } else {
          const q = skipLiteral(buf, p, e);
          if (q < 0) return false;
          this.valStart[n] = p;
          this.valEnd[n] = q;
          this.valType[n] = c === 116 ? VT_TRUE : c === 102 ? VT_FALSE : VT_NULL;
          p = q;
        }
        this.flags[n] = fl;
        n++;
        while (p < e && isWs(buf[p])) p++;
        if (p >= e) return false;
        if (buf[p] === 44 /* , */) {
          p++;
          while (p < e && isWs(buf[p])) p++;
          continue;
        }
        if (buf[p] === 125) {
          p++;
          break;
        }
        return false;
      }
    }
    while (p < e && isWs(buf[p])) p++;
    if (p !== e) return false;
    this.keys = n;
    this.expectedMatched = exp !== null && n === expN;
    this.expectedKeys = matched;

    return true;
  }

  /** Set by skipString: whether the string held a backslash escape. */
  strEsc = false;

  /** buf[p] is the opening quote; returns the index after the closing quote, or -1. */
  skipString(buf: Uint8Array, p: number, e: number): number {
    p++;
    let esc = false;
    const u = this.words;
    for (;;) {
      // Four plain bytes at a time (no quote, backslash, control or non-ASCII byte), when aligned.
      if (u !== null && (p & 3) === 0) {
        while (p + 4 <= e) {
          const w = u[p >> 2];
          const q = w ^ 0x22222222,
            b = w ^ 0x5c5c5c5c;
          const x = (((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b) | ((w - 0x20202020) & ~w) | w) & 0x80808080;
          if (x !== 0) {
            p += (31 - Math.clz32(x & -x)) >> 3;
            break;
          }
          p += 4;
        }
      }
      const k = CLS[buf[p]];
      if (k === 0) {
        p++;
        continue;
      }
      if (k === 1) {
        if (p >= e) return -1;
        this.strEsc = esc;
        return p + 1;
      }
      if (k === 2) {
        const q = skipEscape(buf, p, e);
        if (q < 0) return -1;
        esc = true;
        p = q;
        continue;
      }
      if (k !== 4 || p >= e) return -1;
      this.nonAscii = true;
      p++;
    }
  }

  /** buf[p] is `{` or `[`; returns the index after the matching close, or -1 when the text is not valid JSON. */
  skipNested(buf: Uint8Array, p: number, e: number): number {
    let d = 0;
    let stack = this.stack;
    // Each iteration starts where a value is expected.
    for (;;) {
      while (p < e && isWs(buf[p])) p++;
      if (p >= e) return -1;
      let c = buf[p];
      if (c === 123 || c === 91) {
        if (d === stack.length) {
          const b = new Uint8Array(d * 2);
          b.set(stack);
          stack = this.stack = b;
        }
        stack[d++] = c;
        p++;
        while (p < e && isWs(buf[p])) p++;
        if (p >= e) return -1;
        if (c === 123) {
          if (buf[p] === 125) {
            p++;
            d--;
          } else {
            if (buf[p] !== 34) return -1;
            p = this.skipString(buf, p, e);
            if (p < 0) return -1;
            while (p < e && isWs(buf[p])) p++;
            if (p >= e || buf[p] !== 58) return -1;
            p++;
            continue;
          }
        } else {
          if (buf[p] === 93) {
            p++;
            d--;
          } else continue;
        }
      } else if (c === 34) {
        p = this.skipString(buf, p, e);
        if (p < 0) return -1;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        p = skipNumber(buf, p, e);
        if (p < 0) return -1;
      } else {
        p = skipLiteral(buf, p, e);
        if (p < 0) return -1;
      }
      // after a value: close containers, or a comma leads to the next value
      for (;;) {
        if (d === 0) return p;
        while (p < e && isWs(buf[p])) p++;
        if (p >= e) return -1;
        c = buf[p];
        const top = stack[d - 1];
        if (c === 44) {
          p++;
          if (top === 123) {
            while (p < e && isWs(buf[p])) p++;
            if (p >= e || buf[p] !== 34) return -1;
            p = this.skipString(buf, p, e);
            if (p < 0) return -1;
            while (p < e && isWs(buf[p])) p++;
            if (p >= e || buf[p] !== 58) return -1;
            p++;
          }
          break;
        }
        if ((c === 125 && top === 123) || (c === 93 && top === 91)) {
          p++;
          d--;
          continue;
        }
        return -1;
      }
    }
  }
}

/** The WebAssembly port could not take the line (more keys or expected bytes than its memory holds). */
const RESCAN = 2;

/** The word loop finds the first flagged byte by its bit position, which assumes the lowest address is the low byte. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Byte classes inside strings: 0 plain, 1 quote, 2 backslash, 3 control (invalid), 4 non-ASCII. */
const CLS = new Uint8Array(256);
for (let c = 0; c < 32; c++) CLS[c] = 3;
CLS[34] = 1;
CLS[92] = 2;
for (let c = 128; c < 256; c++) CLS[c] = 4;

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** buf[p] is a backslash; returns the index after the escape, or -1. */
function skipEscape(buf: Uint8Array, p: number, e: number): number {
  if (p + 1 >= e) return -1;
  const c = buf[p + 1];
  if (c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) return p + 2;
  if (c === 117) {
    if (p + 5 >= e) return -1;
    if (!isHex(buf[p + 2]) || !isHex(buf[p + 3]) || !isHex(buf[p + 4]) || !isHex(buf[p + 5])) return -1;
    return p + 6;
  }
  return -1;
}

/** Integer digits of the last number skipped. */
let numberDigits = 0;

function skipNumber(buf: Uint8Array, p: number, e: number): number {
  if (buf[p] === 45) p++;
  if (p >= e) return -1;
  const ds = p;
  if (buf[p] === 48) p++;
  else if (buf[p] >= 49 && buf[p] <= 57) {
    p++;
    while (p < e && buf[p] >= 48 && buf[p] <= 57) p++;
  } else return -1;
  numberDigits = p - ds;
  if (p < e && buf[p] === 46) {
    p++;
    const fs = p;
    while (p < e && buf[p] >= 48 && buf[p] <= 57) p++;
    if (p === fs) return -1;
  }
  if (p < e && (buf[p] === 101 || buf[p] === 69)) {
    p++;
    if (p < e && (buf[p] === 43 || buf[p] === 45)) p++;
    const xs = p;
    while (p < e && buf[p] >= 48 && buf[p] <= 57) p++;
    if (p === xs) return -1;
  }
  return p;
}

function skipLiteral(buf: Uint8Array, p: number, e: number): number {
  const c = buf[p];
  if (c === 116) return p + 3 < e && buf[p + 1] === 114 && buf[p + 2] === 117 && buf[p + 3] === 101 ? p + 4 : -1;
  if (c === 110) return p + 3 < e && buf[p + 1] === 117 && buf[p + 2] === 108 && buf[p + 3] === 108 ? p + 4 : -1;
  if (c === 102)
    return p + 4 < e && buf[p + 1] === 97 && buf[p + 2] === 108 && buf[p + 3] === 115 && buf[p + 4] === 101
      ? p + 5
      : -1;
  return -1;
}
