// Decoding helpers shared by the trace importers: exact ids, exact times, OTLP AnyValue, levels.
// Everything here returns null (or a reason) instead of throwing, so an importer can warn and go on.

import { LEVELS, type Level } from '../../model';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A null-prototype object, so keys like `__proto__` from hostile input are plain data. */
export const bag = (): Obj => Object.create(null) as Obj;

const HEX = /^[0-9a-f]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * An id as lower-case hex, exactly as written otherwise (no padding, no truncation).
 * Accepts hex in any case with an optional `0x`, and base64 of 8 or 16 bytes (12 or 24 characters, which
 * generic protobuf-to-JSON tools emit for `bytes` ids). All-hex text is always read as hex: base64 of 8/16 bytes
 * has padding or a non-hex character in practice. Empty and all-zero ids mean "none" and give null.
 * Numbers are accepted only while exact (a safe integer), as their hex value.
 * Returns `{ id }` or `{ error }` with a reason for the warning.
 */
export function decodeId(v: unknown): { id: string | null; error?: string } {
  if (v === undefined || v === null || v === '') return { id: null };
  if (typeof v === 'bigint') return v < 0n ? { id: null, error: `negative id ${v}` } : nonZero(v.toString(16));
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0)
      return { id: null, error: `numeric id ${v} is not exact in JSON; write ids as strings` };
    return nonZero(v.toString(16));
  }
  if (typeof v !== 'string')
    return { id: null, error: `id is a ${Array.isArray(v) ? 'array' : typeof v}, not a string` };
  let s = v.trim();
  if (s.startsWith('0x') || s.startsWith('0X')) s = s.slice(2);
  const lower = s.toLowerCase();
  if (HEX.test(lower)) return nonZero(lower);
  // Base64 of 8 or 16 bytes: padded (12, 24 characters ending in '=') or unpadded (11, 22), either alphabet.
  const padded = (s.length === 12 || s.length === 24) && s.endsWith('=');
  if ((padded || s.length === 11 || s.length === 22) && BASE64.test(s))
    return nonZero(base64ToHex(s.replace(/-/g, '+').replace(/_/g, '/')));
  return {
    id: null,
    error: `id ${JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v)} is neither hex nor base64`,
  };
}

function nonZero(hex: string): { id: string | null } {
  return { id: /^0*$/.test(hex) ? null : hex };
}

export function base64ToHex(s: string): string {
  let bits = 0,
    value = 0,
    out = '';
  for (const ch of s) {
    if (ch === '=') break;
    value = (value << 6) | B64_ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += ((value >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal number (string, number or bigint) times 10^scale, truncated toward zero, as an exact bigint.
 * Numbers are read through their shortest decimal text, which is what the JSON said when it fit a double.
 * `scale` 0 reads ns, 3 reads µs, 9 reads seconds.
 */
export function decimalToBig(v: unknown, scale: number): bigint | null {
  if (typeof v === 'bigint') return v * 10n ** BigInt(scale);
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    text = String(v);
  } else if (typeof v === 'string') text = v.trim();
  else return null;
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const exp = scale + (m[4] ? Number(m[4]) : 0);
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const point = (m[2] ?? '').length + exp; // digits before the decimal point after scaling
  let whole: string;
  if (point <= 0) whole = '0';
  else if (point >= digits.length) whole = digits + '0'.repeat(point - digits.length);
  else whole = digits.slice(0, point);
  const n = BigInt(whole === '' ? '0' : whole);
  return m[1] === '-' ? -n : n;
}

export const nsFrom = (v: unknown): bigint | null => decimalToBig(v, 0);
export const usToNs = (v: unknown): bigint | null => decimalToBig(v, 3);

/** An int64 that JSON gave as string or number: a number while exact, else the decimal string. */
export function int64Value(v: unknown): number | string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v.trim();
  }
  return null;
}

/**
 * OTLP AnyValue → plain JS. int64 stays a number while exact, else its decimal string; bytes stay base64 text;
 * kvlist becomes a null-prototype object. Unknown shapes are kept as given.
 */
export function anyValue(v: unknown, depth = 0): unknown {
  if (!isObj(v)) return v ?? null;
  if (depth > 64) return '[nested too deep]';
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return int64Value(v.intValue) ?? v.intValue;
  if ('doubleValue' in v)
    return typeof v.doubleValue === 'string' && v.doubleValue !== '' && !Number.isNaN(Number(v.doubleValue))
      ? Number(v.doubleValue)
      : v.doubleValue;
  if ('bytesValue' in v) return v.bytesValue;
  if ('arrayValue' in v) {
    const values = isObj(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map((x) => anyValue(x, depth + 1));
  }
  if ('kvlistValue' in v) {
    const values = isObj(v.kvlistValue) && Array.isArray(v.kvlistValue.values) ? v.kvlistValue.values : [];
    return keyValues(values, depth + 1);
  }
  // An empty AnyValue is a legitimate "no value".
  return Object.keys(v).length === 0 ? null : v;
}

/** OTLP `attributes: [{key, value}]` → null-prototype object (later duplicates win, as in the SDKs). */
export function keyValues(list: unknown, depth = 0): Obj {
  const out = bag();
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObj(kv) && typeof kv.key === 'string') out[kv.key] = anyValue(kv.value, depth);
  }
  return out;
}

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** OTel severityNumber 1–24 in bands of four. */
export function otelSeverity(n: unknown): Level | null {
  const v = typeof n === 'string' ? (SEVERITY_ENUM[n] ?? Number(n)) : n;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 24) return null;
  return LEVELS[Math.floor((v - 1) / 4)]!;
}

const SEVERITY_ENUM: Record<string, number> = Object.fromEntries(
  ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((name, band) =>
    [1, 2, 3, 4].map((k) => [`SEVERITY_NUMBER_${name}${k === 1 ? '' : k}`, band * 4 + k]),
  ),
);

const LEVEL_NAMES: Record<string, Level> = {
  trace: 'trace',
  verbose: 'trace',
  finest: 'trace',
  finer: 'trace',
  debug: 'debug',
  fine: 'debug',
  config: 'debug',
  info: 'info',
  information: 'info',
  notice: 'info',
  default: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  severe: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
  dpanic: 'fatal',
};

/** A level name as the common libraries spell it ("WARNING", "Error", "INFO2" → info). */
export function levelFromName(v: unknown): Level | null {
  if (typeof v !== 'string') return null;
  const key = v
    .trim()
    .toLowerCase()
    .replace(/[0-9+\-\s]+$/, '');
  return LEVEL_NAMES[key] ?? null;
}

/** Short description of a value for warnings (never the whole hostile value). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Collects repeated warnings into one line per reason with a count, so a broken 100k-span file stays readable. */
export class WarningTally {
  private readonly counts = new Map<string, { n: number; first: string }>();
  add(reason: string, where: string): void {
    const c = this.counts.get(reason);
    if (c) c.n++;
    else this.counts.set(reason, { n: 1, first: where });
  }
  flush(warn: (m: string) => void): void {
    for (const [reason, { n, first }] of this.counts)
      warn(n === 1 ? `${first}: ${reason}` : `${first}: ${reason} (and ${n - 1} more like it)`);
    this.counts.clear();
  }
}
