// A message's template: its first line with the variable parts masked, and the template's stable ID.
//
// The ID depends on the message alone (mask, then hash the masked text), so `pattern:ID` can be decided for one
// record without knowing what else was read, and the same message gets the same ID in every file and every run.
// Pure: no I/O.

/** What replaces each kind of variable part; the order of `MASKS` matters (a UUID before its hex runs). */
export const PLACEHOLDERS = {
  quoted: '<str>',
  uuid: '<uuid>',
  time: '<time>',
  url: '<url>',
  email: '<email>',
  ip: '<ip>',
  path: '<path>',
  hex: '<hex>',
  id: '<id>',
  duration: '<dur>',
  number: '<num>',
  value: '<*>',
} as const;

/** The longest first line considered, as the index lists messages (`RecordSummary.message`). */
const MAX_LINE = 200;
/** Tokens kept per template; the rest of a longer message is one `…` (so its ID ignores what follows). */
export const MAX_TOKENS = 48;

interface Mask {
  re: RegExp;
  /** The replacement, as `String.replace` reads it (`$1`: the first group); a string, so no call per match. */
  to: string;
  /** A cheap test on the line: when false the expression cannot match, and is not run (most lines skip most). */
  may: (line: string, digits: boolean) => boolean;
}

const has =
  (...chars: string[]) =>
  (line: string) =>
    chars.some((c) => line.includes(c));
const digits = (_line: string, d: boolean) => d;

const P = PLACEHOLDERS;
// `TemplateCache` relies on this: no mask tells one digit from another, but for the `0` of `0x`.
const MASKS: Mask[] = [
  // URLs before key=value, which would take their query strings apart.
  { re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, to: P.url, may: has('://') },
  // key=value first: a value after '=' is variable whatever it looks like (sku=abcdef, sku=123456, user="a b").
  { re: /(\b[\w.-]+=)(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;)\]}]+)/g, to: '$1' + P.value, may: has('=') },
  // "…" and '…' opened at a word's start (an apostrophe inside a word, as in don't, is not a quote).
  { re: /(?<![\w])"(?:[^"\\]|\\.)*"|(?<![\w])'[^'\s][^']*'(?![\w])/g, to: P.quoted, may: has('"', "'") },
  { re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, to: P.uuid, may: has('-') },
  {
    // Dates with an optional time and zone, and clock times on their own.
    re: new RegExp(
      String.raw`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b` +
        String.raw`|\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b`,
      'g',
    ),
    to: P.time,
    may: (l, d) => d && has('-', ':')(l),
  },
  { re: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, to: P.email, may: has('@') },
  {
    re: /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b|\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b/gi,
    to: P.ip,
    may: has('.', ':'),
  },
  // Absolute paths (/a/b, ~/a, C:\a) and relative ones with at least two separators (src/app/x.ts).
  {
    re: /(?<![\w.~/\\-])(?:~?\/[\w.@%+~-]+(?:\/[\w.@%+~-]*)*|[A-Za-z]:\\[^\s"'<>|]+|[\w.-]+\/[\w.-]+\/[\w.@%+/~-]+)/g,
    to: P.path,
    may: has('/', '\\'),
  },
  { re: /\b0x[0-9a-f]+\b/gi, to: P.hex, may: digits },
  // Hex runs that hold a digit (a1b2c3, trace and span IDs); all-letter words (facade, added) stay words.
  { re: /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, to: P.hex, may: digits },
  // Other generated IDs: a long letter-digit mix (aZ3kP9xQ, req7Fh2k9).
  { re: /\b(?=[A-Za-z0-9_]*\d[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{8,}\b/g, to: P.id, may: digits },
  // (µ as \u00b5: the bundles stay ASCII, see scripts/asciiBundle.mjs)
  {
    re: /(?<![\w.])\d+(?:\.\d+)?(?:ns|us|\u00b5s|ms|s|sec|secs|m|min|mins|h|hr|hrs|d)\b/g,
    to: P.duration,
    may: digits,
  },
  {
    re: /(?<![A-Za-z_])[-+]?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?(?:%|[kKMGT]i?B|B)?(?![A-Za-z_])/g,
    to: P.number,
    may: digits,
  },
];

/** The first line of a message, cut as the index cuts it (so a stored summary and the full text agree). */
export function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  let first = nl >= 0 ? message.slice(0, nl) : message;
  if (first.endsWith('\r')) first = first.slice(0, -1);
  return first.length > MAX_LINE ? first.slice(0, MAX_LINE - 1) + '…' : first;
}

/** Masks at the head of `MASKS` that replace whole values (URLs, then key=value); their tests read no digits. */
const VALUE_MASKS = 2;

/**
 * A first line after the value masks, as `templateOf` has it after them. The masks after those each either
 * cannot match (their test on the line fails: the characters they need are not there) or run on this text,
 * so the template depends on this text alone.
 */
function valuesMasked(line: string): string {
  let t = line;
  for (let k = 0; k < VALUE_MASKS; k++) {
    const m = MASKS[k]!;
    if (m.may(line, false)) t = t.replace(m.re, m.to);
  }
  return t;
}

/** The template of a message: its first line, variable parts masked, whitespace runs as one space, bounded length. */
export function templateOf(message: string): string {
  const line = firstLine(message);
  // Masks only take characters away (placeholders hold none of the characters the tests look for), so the
  // tests on the original line stay true supersets.
  const d = /\d/.test(line);
  let t = line;
  for (const m of MASKS) if (m.may(line, d)) t = t.replace(m.re, m.to);
  const tokens = t.split(/\s+/).filter((s) => s !== '');
  if (tokens.length > MAX_TOKENS) {
    tokens.length = MAX_TOKENS;
    tokens.push('…');
  }
  return tokens.join(' ');
}

/** The ID of a template: 48 bits of a hash of its text, as 12 lower-case hex digits. */
export function templateId(template: string): string {
  // cyrb53-style: two 32-bit lanes mixed; deterministic everywhere JavaScript runs.
  let h1 = 0xdeadbeef ^ template.length,
    h2 = 0x41c6ce57 ^ template.length;
  for (let i = 0; i < template.length; i++) {
    const c = template.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return ((h2 >>> 0) & 0xffff).toString(16).padStart(4, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** Messages remembered by `PatternIds` before it starts over (a bound on memory, not on correctness). */
const CACHE_LIMIT = 20_000;

const NON_ZERO_DIGIT = /[1-9]/g;

/**
 * `templateOf` with a cache keyed by the first line with its values masked (URLs, key=value: `id=4f2a` and
 * `id=9c01` are one key) and its digits made generic (`Order 4711 took 12ms` and `Order 9320 took 87ms` share
 * one masking). Exact: the template depends on the value-masked line alone (see `valuesMasked`), and the
 * masks treat every ASCII digit alike (`\d`, `\w`, `[0-9a-f]`) except the literal `0` of `0x`, so 0 stays and
 * 1–9 become 1: two lines with one key are masked at the same places and differ only in digits outside the
 * masked parts. A template that kept such a digit (`v2`) is therefore only reused for the very same text.
 */
export class TemplateCache {
  private cache = new Map<string, { template: string; id: string; digits: boolean }>();

  /** The template of `message` and its ID. */
  of(message: string): { template: string; id: string } {
    const values = valuesMasked(firstLine(message));
    const key = values.replace(NON_ZERO_DIGIT, '1');
    const hit = this.cache.get(key);
    if (hit !== undefined && (!hit.digits || key === values)) return hit;
    const template = templateOf(message);
    const entry = { template, id: templateId(template), digits: /\d/.test(template) };
    // a template that kept a digit is remembered only under its own text
    if (!entry.digits || key === values) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, entry);
    }
    return entry;
  }
}

/**
 * `idOf(message)` with a cache of recent messages: log lines repeat word for word (constant messages, the same
 * retry), so most calls skip the masking. The answer never depends on the cache.
 */
export class PatternIds {
  private cache = new Map<string, string>();
  private readonly templates = new TemplateCache();

  idOf(message: string): string {
    let id = this.cache.get(message);
    if (id === undefined) {
      id = this.templates.of(message).id;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(message, id);
    }
    return id;
  }
}

const shared = new PatternIds();

/** The pattern a message belongs to: what `pattern:ID` filters compare with, and what `patterns` lists. */
export function patternIdOf(message: string): string {
  return shared.idOf(message);
}
