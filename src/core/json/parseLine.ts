// Parses one line of JSON without losing what a double cannot hold and without trusting its keys.
//
// - Integers outside ±(2^53-1) (64-bit ids, epoch nanoseconds) come back as their exact decimal TEXT (a string):
//   a cheap scan for a run of ≥16 digits guards a string-aware rewrite, so ordinary lines pay nothing.
// - The top-level object gets a null prototype: `fields.__proto__` is then just a key, and no lookup can
//   reach `Object.prototype` (`constructor`, `toString`). Nested objects are JSON.parse's own (keys are own
//   properties, so `__proto__` is harmless as long as nobody spreads them; lookups use Object.hasOwn).
// - Duplicate keys: the last one wins (JSON.parse semantics).
// - Deep nesting: V8's JSON.parse is iterative; nothing here recurses.

export type JsonLineResult = { ok: true; value: unknown } | { ok: false; reason: string };

const LONG_DIGITS = /\d{16}/;

/**
 * Parses `text` as one JSON document. Objects and arrays are accepted (arrays are whole documents such
 * as a Zipkin export on one line); a bare string, number, boolean or null is refused as "not an object".
 */
export function parseJsonLine(text: string): JsonLineResult {
  let src = text;
  if (src.charCodeAt(0) === 0xfeff) src = src.slice(1);
  if (LONG_DIGITS.test(src)) src = quoteLongIntegers(src);
  let value: unknown;
  try {
    value = JSON.parse(src);
  } catch (e) {
    return { ok: false, reason: describeJsonError(text, src, e) };
  }
  if (value === null || typeof value !== 'object') {
    return { ok: false, reason: `not an object: a JSON ${value === null ? 'null' : typeof value}` };
  }
  if (Array.isArray(value)) return { ok: true, value };
  return { ok: true, value: nullProto(value as Record<string, unknown>) };
}

/** Copies own keys into a null-prototype object (assignment there makes `__proto__` an ordinary own key). */
export function nullProto(obj: Record<string, unknown>): Record<string, unknown> {
  if (Object.getPrototypeOf(obj) === null) return obj;
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(obj)) out[k] = obj[k];
  return out;
}

/**
 * Quotes integer literals (outside strings) whose value a double cannot hold exactly. Fractions and
 * exponents are left alone: they are floats by nature, and their shortest text round-trips anyway.
 */
export function quoteLongIntegers(src: string): string {
  let out = '';
  let last = 0;
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = src.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      if (c === 45) i++;
      const digitsStart = i;
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      const digits = i - digitsStart;
      const next = i < n ? src.charCodeAt(i) : 0;
      const isFloat = next === 46 /* . */ || next === 101 /* e */ || next === 69; /* E */
      if (!isFloat && digits >= 16) {
        const literal = src.slice(start, i);
        if (!Number.isSafeInteger(Number(literal))) {
          out += src.slice(last, start) + '"' + literal + '"';
          last = i;
        }
      }
      while (
        i < n &&
        (isDigit(src.charCodeAt(i)) ||
          src.charCodeAt(i) === 46 ||
          src.charCodeAt(i) === 101 ||
          src.charCodeAt(i) === 69 ||
          src.charCodeAt(i) === 43 ||
          src.charCodeAt(i) === 45)
      )
        i++;
      continue;
    }
    i++;
  }
  return last === 0 ? src : out + src.slice(last);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** "invalid JSON at column N: …" with the column in the caller's text (1-based, in UTF-16 units). */
function describeJsonError(original: string, parsed: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // V8 quotes a snippet of the input after the first comma; the position (if any) is what matters.
  const head = msg.replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/s, '');
  const short = head.length > 120 ? head.slice(0, 117) + '…' : head;
  if (original.trim() === '') return 'empty line';
  let pos: number | null = null;
  const m = /at position (\d+)/.exec(msg);
  if (m) pos = Number(m[1]);
  else if (/Unexpected end of JSON input|Unterminated string/.test(msg)) pos = parsed.length;
  else pos = locateJsonError(parsed);
  if (pos === null) return `invalid JSON: ${short}`;
  // The rewrite only inserts quotes; map the position back by counting them before pos.
  const shift = parsed.length - original.length + (original.charCodeAt(0) === 0xfeff ? 1 : 0);
  const col = Math.max(
    1,
    Math.min(
      original.length + 1,
      pos + 1 - (shift > 0 ? countInserted(original, parsed, pos) : 0) + (original.charCodeAt(0) === 0xfeff ? 1 : 0),
    ),
  );
  return `invalid JSON at column ${col}: ${short}`;
}

function countInserted(original: string, parsed: string, pos: number): number {
  // Walk both strings; every mismatch in `parsed` is an inserted quote.
  const o = original.charCodeAt(0) === 0xfeff ? original.slice(1) : original;
  let i = 0,
    j = 0,
    inserted = 0;
  while (j < pos && j < parsed.length) {
    if (i < o.length && o.charCodeAt(i) === parsed.charCodeAt(j)) {
      i++;
      j++;
    } else {
      inserted++;
      j++;
    }
  }
  return inserted;
}

/**
 * Finds where a JSON text first goes wrong, for messages only (V8 does not always say). A flat scanner
 * with an explicit stack: never recursion, so a 10,000-deep line cannot overflow it.
 */
export function locateJsonError(s: string): number | null {
  const stack: number[] = []; // 1 = object, 2 = array
  let i = 0;
  const n = s.length;
  const ws = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const str = (): boolean => {
    if (s[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // state: expecting a value
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      if (i >= n) return i;
      const c = s[i];
      if (c === '{') {
        stack.push(1);
        i++;
        ws();
        if (s[i] === '}') {
          i++;
          stack.pop();
          expectValue = false;
          continue;
        }
        if (!str()) return i;
        ws();
        if (s[i] !== ':') return i;
        i++;
        continue;
      }
      if (c === '[') {
        stack.push(2);
        i++;
        ws();
        if (s[i] === ']') {
          i++;
          stack.pop();
          expectValue = false;
          continue;
        }
        continue;
      }
      if (c === '"') {
        if (!str()) return i;
        expectValue = false;
        continue;
      }
      if (!scalar()) return i;
      expectValue = false;
      continue;
    }
    if (stack.length === 0) return i < n ? i : null;
    const top = stack[stack.length - 1];
    if (i >= n) return i;
    if (s[i] === ',') {
      i++;
      ws();
      if (top === 1) {
        if (!str()) return i;
        ws();
        if (s[i] !== ':') return i;
        i++;
      }
      expectValue = true;
      continue;
    }
    if ((top === 1 && s[i] === '}') || (top === 2 && s[i] === ']')) {
      i++;
      stack.pop();
      continue;
    }
    return i;
  }
}
