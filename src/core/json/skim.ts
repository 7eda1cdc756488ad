// Walks the top level of one JSON object in its UTF-8 bytes and notes where the values of a few keys lie,
// without building any value: what a reader that wants one field of a record (its message) needs, at a fraction
// of a parse. It is a reader for lines that were already accepted as JSON, not a validator: anything it does
// not expect (escaped keys, bad tokens, bytes after the object) makes it give up, and the caller then parses.
// Duplicate keys: the last one wins, as with JSON.parse.

/** Where a value lies: bytes [s, e) of the buffer (quotes, braces and brackets included). */
export interface ValueSpan {
  s: number;
  e: number;
}

/** Keys to look for, as their UTF-8 bytes (keys with escapes never match: the walk gives up on those). */
export class KeySet {
  readonly keys: string[];
  private readonly bytes: Buffer[];
  constructor(keys: Iterable<string>) {
    this.keys = [...new Set(keys)];
    this.bytes = this.keys.map((k) => Buffer.from(k, 'utf8'));
  }

  /** The key whose bytes are buf[s, e), or null. */
  find(buf: Uint8Array, s: number, e: number): string | null {
    const n = e - s;
    for (let k = 0; k < this.bytes.length; k++) {
      const b = this.bytes[k]!;
      if (b.length !== n) continue;
      let i = 0;
      while (i < n && b[i] === buf[s + i]) i++;
      if (i === n) return this.keys[k]!;
    }
    return null;
  }
}

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The spans of `keys`' values in the object at buf[s, e) (JSON whitespace may follow it), into `out` (cleared
 * first). False when the bytes are not an object this walk reads: the caller must then parse them.
 */
export function skimObject(buf: Uint8Array, s: number, e: number, keys: KeySet, out: Map<string, ValueSpan>): boolean {
  out.clear();
  let i = s;
  while (i < e && isWs(buf[i]!)) i++;
  if (i >= e || buf[i] !== 123 /* { */) return false;
  i++;
  while (i < e && isWs(buf[i]!)) i++;
  if (i < e && buf[i] === 125 /* } */) {
    i++;
  } else {
    for (;;) {
      if (i >= e || buf[i] !== 34 /* " */) return false;
      const ks = i + 1;
      let j = ks;
      for (; j < e; j++) {
        const c = buf[j]!;
        if (c > 34 && c !== 92) continue;
        if (c === 34) break;
        // an escaped key could spell a wanted one: leave it to the parser
        if (c === 92 || c < 32) return false;
      }
      if (j >= e) return false;
      const key = keys.find(buf, ks, j);
      i = j + 1;
      while (i < e && isWs(buf[i]!)) i++;
      if (i >= e || buf[i] !== 58 /* : */) return false;
      i++;
      while (i < e && isWs(buf[i]!)) i++;
      const vs = i;
      i = skipValue(buf, i, e);
      if (i < 0) return false;
      if (key !== null) out.set(key, { s: vs, e: i });
      while (i < e && isWs(buf[i]!)) i++;
      if (i >= e) return false;
      const c = buf[i]!;
      i++;
      if (c === 125) break;
      if (c !== 44 /* , */) return false;
      while (i < e && isWs(buf[i]!)) i++;
    }
  }
  while (i < e && isWs(buf[i]!)) i++;
  return i === e;
}

/** The end of the value starting at buf[i], or -1. Containers are skipped by depth, strings by their quotes. */
function skipValue(buf: Uint8Array, i: number, e: number): number {
  if (i >= e) return -1;
  const c = buf[i]!;
  if (c === 34) return skipString(buf, i, e);
  if (c === 123 || c === 91 /* [ */) {
    let depth = 0;
    while (i < e) {
      const d = buf[i]!;
      if (d === 34) {
        i = skipString(buf, i, e);
        if (i < 0) return -1;
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  if (c === 116 /* t */) return literal(buf, i, e, TRUE);
  if (c === 102 /* f */) return literal(buf, i, e, FALSE);
  if (c === 110 /* n */) return literal(buf, i, e, NULL);
  if (c === 45 || (c >= 48 && c <= 57)) {
    i++;
    for (; i < e; i++) {
      const d = buf[i]!;
      if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45)) break;
    }
    return i;
  }
  return -1;
}

const TRUE = [116, 114, 117, 101],
  FALSE = [102, 97, 108, 115, 101],
  NULL = [110, 117, 108, 108];

function literal(buf: Uint8Array, i: number, e: number, word: number[]): number {
  if (i + word.length > e) return -1;
  for (let k = 0; k < word.length; k++) if (buf[i + k] !== word[k]) return -1;
  return i + word.length;
}

/** The end of the string whose opening quote is buf[i] (just past its closing quote), or -1. */
export function skipString(buf: Uint8Array, i: number, e: number): number {
  for (i++; i < e; i++) {
    const c = buf[i]!;
    // most bytes are neither a quote, a backslash nor a control character: one test for them
    if (c > 34 && c !== 92) continue;
    if (c === 34) return i + 1;
    if (c === 92) i++;
    else if (c < 32) return -1;
  }
  return -1;
}

/** Whether the value at `v` is the literal null. */
export const isNull = (buf: Uint8Array, v: ValueSpan) => buf[v.s] === 110;

/**
 * The text of the string value at `v` (a span from `skimObject` starting with a quote), decoded as JSON.parse
 * decodes it; null when it is not a string or its escapes are not valid JSON.
 */
export function stringValue(buf: Buffer, v: ValueSpan): string | null {
  if (buf[v.s] !== 34) return null;
  let plain = true;
  for (let i = v.s + 1; i < v.e - 1; i++)
    if (buf[i] === 92) {
      plain = false;
      break;
    }
  if (plain) return buf.toString('utf8', v.s + 1, v.e - 1);
  try {
    const s: unknown = JSON.parse(buf.toString('utf8', v.s, v.e));
    return typeof s === 'string' ? s : null;
  } catch {
    return null;
  }
}
