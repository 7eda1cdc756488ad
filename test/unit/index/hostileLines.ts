// Lines for comparing the two scanners: every line of the fixtures, and hostile variants of them (cut, bytes
// changed, bad escapes, control and non-ASCII bytes, deep nesting, numbers at the digit limit, escaped and repeated
// keys, whitespace everywhere), from a seeded generator so every run sees the same lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const fixtures = resolve(__dirname, '../../fixtures');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Every line of every fixture file, as bytes without its line break. */
export function fixtureLines(): Buffer[] {
  const lines: Buffer[] = [];
  for (const f of filesUnder(fixtures)) {
    const b = readFileSync(f);
    let s = 0;
    for (;;) {
      const nl = b.indexOf(10, s);
      const e = nl < 0 ? b.length : nl;
      if (e > s) lines.push(b.subarray(s, e > s && b[e - 1] === 13 ? e - 1 : e));
      if (nl < 0) break;
      s = nl + 1;
    }
  }
  return lines;
}

/** A small deterministic generator (mulberry32): the same hostile lines on every run. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)] };
}

const SPECIALS = [0x22, 0x5c, 0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1f, 0x20, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x7f, 0x80];
const INSERTS = [
  '\\x',
  '\\u12',
  '\\u12G4',
  '\\uABCD',
  '\\',
  '\\"',
  '\\\\',
  'é',
  '\u{1F600}',
  '\xff',
  '123456789012345',
  '1234567890123456',
  '-0',
  '01',
  '1.',
  '1e',
  '1e+',
  '-',
  'tru',
  'nul',
  'fals',
  'true',
  ' ',
  '\t',
  '\r',
];

export function mutate(line: Buffer, r: ReturnType<typeof random>): Buffer {
  const at = r.int(line.length + 1);
  switch (r.int(8)) {
    case 0: // cut
      return line.subarray(0, at);
    case 1: {
      // one byte replaced
      const b = Buffer.from(line);
      if (b.length > 0) b[Math.min(at, b.length - 1)] = r.next() < 0.5 ? r.pick(SPECIALS) : r.int(256);
      return b;
    }
    case 2: // text inserted
      return Buffer.concat([line.subarray(0, at), Buffer.from(r.pick(INSERTS), 'latin1'), line.subarray(at)]);
    case 3: {
      // a nested value, balanced or not, replacing the first value
      const d = 1 + r.int(2000);
      const open = r.next() < 0.5 ? '['.repeat(d) : '{"a":'.repeat(d);
      const close = open[0] === '[' ? ']'.repeat(d - r.int(2)) : '}'.repeat(d - r.int(2));
      const colon = line.indexOf(':');
      if (colon < 0) return Buffer.from(`{"n":${open}${close}}`);
      const comma = line.indexOf(',', colon);
      const rest = comma < 0 ? '}' : line.subarray(comma).toString('latin1');
      return Buffer.concat([line.subarray(0, colon + 1), Buffer.from(open + close + rest, 'latin1')]);
    }
    case 4: {
      // a number near the digit limit as a new first key
      const digits = 13 + r.int(5);
      let n = String(1 + r.int(9));
      while (n.length < digits) n += String(r.int(10));
      const num = r.pick([n, '-' + n, n + '.5', n + 'e3', '0.' + n]);
      return Buffer.concat([Buffer.from(`{"num":${num},`), line.subarray(1)]);
    }
    case 5: // an escaped or repeated key
      return Buffer.concat([
        Buffer.from(r.pick(['{"a\\u0062":1,', '{"a":1,"a":2,', '{"\\"":0,', '{"é":0,'])),
        line.subarray(1),
      ]);
    case 6: // whitespace around the tokens
      return Buffer.from(
        line.toString('latin1').replace(/([,:{}[\]])/g, (m) => (r.next() < 0.3 ? ` ${m}\t` : m)),
        'latin1',
      );
    default: {
      // a long string value with a special byte near a 16-byte boundary
      const len = 14 + r.int(40);
      const s = Buffer.alloc(len, 0x61);
      s[r.int(len)] = r.pick(SPECIALS);
      return Buffer.concat([Buffer.from('{"s":"'), s, Buffer.from('",'), line.subarray(1)]);
    }
  }
}
