// Value decoders named in schema.ts: times to epoch ns, levels, ids, source strings, message templates.
// The index's byte scanner and the normaliser both call these, so a record decodes the same on both paths.

import { LEVELS, type Level, type SourceLocation } from '../model';
import type { IdDecode, LevelDecode, MessageDecode, SourceDecode, TimeDecode } from './schema';
import { parseFrameLine } from '../source/frames';

const hasOwn = Object.hasOwn;

// ───────────────────────────── time ─────────────────────────────

/** Out-parameter of decodeTimeParts: integral epoch ms and the nanoseconds within that ms (0 … 999,999). */
export interface TimeParts {
  ms: number;
  subMsNs: number;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Fast decode into `out` (no bigint, no allocation on the common paths). Returns false when the value
 * does not decode; `out` is then untouched. Exact to the nanosecond where the source text has it.
 */
export function decodeTimeParts(raw: unknown, how: TimeDecode, out: TimeParts): boolean {
  switch (how) {
    case 'iso':
    case 'asctime':
      return typeof raw === 'string' && isoParts(raw, out);
    case 'epochS':
      return epochParts(raw, 9, out);
    case 'epochMs':
      return epochParts(raw, 6, out);
    case 'epochUs':
      return epochParts(raw, 3, out);
    case 'epochNs':
      return epochParts(raw, 0, out);
    case 'epochAuto':
      return epochParts(raw, autoScale(raw), out);
    case 'log4jInstant': {
      if (!isObj(raw)) return false;
      return secNanosParts(raw.epochSecond, raw.nanoOfSecond, out);
    }
    case 'gcpTimestamp': {
      if (!isObj(raw)) return false;
      return secNanosParts(raw.seconds, raw.nanos ?? 0, out);
    }
  }
  return false;
}

/** Epoch nanoseconds, or null. Built on decodeTimeParts so both paths agree by construction. */
export function decodeTime(raw: unknown, how: TimeDecode): bigint | null {
  const p: TimeParts = { ms: 0, subMsNs: 0 };
  return decodeTimeParts(raw, how, p) ? partsToNs(p) : null;
}

export const partsToNs = (p: TimeParts): bigint => BigInt(p.ms) * 1_000_000n + BigInt(p.subMsNs);

/** Adds a nano-of-second (logback `nanoseconds`, GCP `timestampNanos`) to a time decoded at ms/s precision. */
export function refineNanosOfSecond(p: TimeParts, nanosRaw: unknown): boolean {
  const nanos =
    typeof nanosRaw === 'number'
      ? nanosRaw
      : typeof nanosRaw === 'string' && /^\d{1,9}$/.test(nanosRaw)
        ? Number(nanosRaw)
        : NaN;
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) return false;
  const secMs = Math.floor(p.ms / 1000) * 1000;
  p.ms = secMs + Math.floor(nanos / 1_000_000);
  p.subMsNs = nanos % 1_000_000;
  return true;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isoParts(s: string, out: TimeParts): boolean {
  const m = ISO.exec(s.length > 48 ? '' : s);
  if (!m) return false;
  const y = +m[1],
    mo = +m[2],
    d = +m[3],
    h = m[4] ? +m[4] : 0,
    mi = m[5] ? +m[5] : 0,
    sec = m[6] ? +m[6] : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60) return false;
  let ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  if (Number.isNaN(ms)) return false;
  const z = m[8];
  if (z && z !== 'Z' && z !== 'z' && z !== 'UTC') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2),
      om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return false;
    ms -= sign * (oh * 60 + om) * 60_000;
  }
  let sub = 0;
  const frac = m[7];
  if (frac) {
    const f = (frac + '000000000').slice(0, 9); // digits beyond ns are truncated
    ms += +f.slice(0, 3);
    sub = +f.slice(3, 9);
  }
  out.ms = ms;
  out.subMsNs = sub;
  return true;
}

const NUMERIC = /^\s*(-)?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/**
 * `raw` × 10^scale nanoseconds, from a number or numeric text. Numbers go through their shortest
 * round-trip text, which is exactly what zap/Go and JSON writers print for floats, so no digit the
 * writer emitted is lost to binary rounding.
 */
function epochParts(raw: unknown, scale: number, out: TimeParts): boolean {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return false;
    if (Number.isInteger(raw) && scale >= 6) {
      // the common integer ms / s case, no text
      const ms = raw * 10 ** (scale - 6);
      if (!Number.isSafeInteger(ms)) return false;
      out.ms = ms;
      out.subMsNs = 0;
      return true;
    }
    return textEpochParts(String(raw), scale, out);
  }
  if (typeof raw === 'string') return textEpochParts(raw, scale, out);
  return false;
}

function textEpochParts(text: string, scale: number, out: TimeParts): boolean {
  if (text.length > 64) return false;
  const m = NUMERIC.exec(text);
  if (!m || (!m[2] && !m[3])) return false;
  const neg = m[1] === '-';
  const intDigits = m[2] || '0',
    fracDigits = m[3] ?? '';
  const exp = (m[4] ? parseInt(m[4], 10) : 0) + scale;
  // Value in ns = 0.[intDigits fracDigits] shifted: the decimal point sits after intDigits.length + exp digits.
  const all = intDigits + fracDigits;
  const point = intDigits.length + exp;
  if (point > 30) return false;
  let nsText: string;
  if (point <= 0) nsText = '0';
  else if (point >= all.length) nsText = all + '0'.repeat(point - all.length);
  else nsText = all.slice(0, point);
  nsText = nsText.replace(/^0+(?=\d)/, '');
  const hasRemainder = point < all.length && /[1-9]/.test(all.slice(Math.max(0, point)));
  let ms: number, sub: number;
  if (nsText.length <= 6) {
    ms = 0;
    sub = +nsText;
  } else {
    ms = +nsText.slice(0, -6);
    sub = +nsText.slice(-6);
  }
  if (!Number.isSafeInteger(ms)) return false;
  if (neg) {
    // floor toward -infinity so sub stays within 0 … 999,999
    const totalSub = sub + (hasRemainder ? 1 : 0);
    if (totalSub === 0) {
      ms = -ms;
      sub = 0;
    } else {
      ms = -ms - 1;
      sub = 1_000_000 - totalSub;
      if (sub === 1_000_000) {
        ms += 1;
        sub = 0;
      }
    }
    if (Object.is(ms, -0)) ms = 0;
  }
  out.ms = ms;
  out.subMsNs = sub;
  return true;
}

function autoScale(raw: unknown): number {
  const n = typeof raw === 'number' ? Math.abs(raw) : typeof raw === 'string' ? Math.abs(parseFloat(raw)) : NaN;
  if (!(n >= 0)) return 6;
  if (n < 1e11) return 9;
  if (n < 1e14) return 6;
  if (n < 1e17) return 3;
  return 0;
}

function secNanosParts(secRaw: unknown, nanosRaw: unknown, out: TimeParts): boolean {
  const p: TimeParts = { ms: 0, subMsNs: 0 };
  if (!epochParts(secRaw, 9, p)) return false;
  if (!refineNanosOfSecond(p, nanosRaw ?? 0)) return false;
  out.ms = p.ms;
  out.subMsNs = p.subMsNs;
  return true;
}

// ───────────────────────────── levels ─────────────────────────────

const LEVEL_NAMES: Record<string, Level> = Object.assign(Object.create(null) as Record<string, Level>, {
  trace: 'trace',
  trc: 'trace',
  verbose: 'trace',
  verb: 'trace',
  vrb: 'trace',
  finest: 'trace',
  finer: 'trace',
  all: 'trace',
  debug: 'debug',
  dbg: 'debug',
  deb: 'debug',
  fine: 'debug',
  config: 'debug',
  info: 'info',
  inf: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  ntc: 'info',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  wrng: 'warn',
  error: 'error',
  err: 'error',
  eror: 'error',
  erro: 'error',
  severe: 'error',
  dpanic: 'error',
  fail: 'error',
  fatal: 'fatal',
  ftl: 'fatal',
  fatl: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  crt: 'fatal',
  alert: 'fatal',
  emergency: 'fatal',
  emerg: 'fatal',
  panic: 'fatal',
  pnc: 'fatal',
});

/** slog: DEBUG -4, INFO 0, WARN 4, ERROR 8; "INFO+2" is 2 (still info), "DEBUG-4" is -8 (below debug = trace). */
const SLOG_BASE: Record<string, number> = { debug: -4, info: 0, warn: 4, error: 8 };
const SLOG_OFFSET = /^(debug|info|warn|error)([+-]\d+)$/;

function slogLevel(n: number): Level {
  if (n < -4) return 'trace';
  if (n < 0) return 'debug';
  if (n < 4) return 'info';
  if (n < 8) return 'warn';
  return 'error';
}

export function levelFromName(raw: string): Level | null {
  const s = raw.trim().toLowerCase();
  if (s.length > 24) return null;
  const direct = LEVEL_NAMES[s];
  if (direct) return direct;
  const m = SLOG_OFFSET.exec(s);
  if (m) return slogLevel(SLOG_BASE[m[1]] + parseInt(m[2], 10));
  return null;
}

const num = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? parseInt(v, 10) : NaN;

export function decodeLevel(raw: unknown, how: LevelDecode = 'name'): Level | null {
  if (how === 'name') return typeof raw === 'string' ? levelFromName(raw) : null;
  const n = num(raw);
  if (Number.isNaN(n)) return typeof raw === 'string' ? levelFromName(raw) : null;
  switch (how) {
    case 'pino':
      return n >= 60 ? 'fatal' : n >= 50 ? 'error' : n >= 40 ? 'warn' : n >= 30 ? 'info' : n >= 20 ? 'debug' : 'trace';
    case 'syslog':
      return n < 0 || n > 7
        ? null
        : n <= 2
          ? 'fatal'
          : n === 3
            ? 'error'
            : n === 4
              ? 'warn'
              : n <= 6
                ? 'info'
                : 'debug';
    case 'otel':
      return n < 1 || n > 24 ? null : LEVELS[Math.floor((n - 1) / 4)]!;
    case 'logbackValue':
      return n >= 50000
        ? 'fatal'
        : n >= 40000
          ? 'error'
          : n >= 30000
            ? 'warn'
            : n >= 20000
              ? 'info'
              : n >= 10000
                ? 'debug'
                : 'trace';
  }
  return null;
}

// ───────────────────────────── ids ─────────────────────────────

const HEX = /^(?:0[xX])?([0-9a-fA-F]+)$/;
const ALL_ZERO = /^0+$/;
const GCP_TRACE = /^projects\/[^/]+\/traces\/([^/]+)$/;

/**
 * Ids become lower-case text. Hex loses `0x` and case; an all-zero id means "none" (a root's parent).
 * Non-hex text under a hex key is kept as written (nothing invented, nothing dropped). Integer numbers
 * are kept as their decimal text: safe ones are exact, and parseJsonLine already turned unsafe ones into
 * text; fractions, booleans and objects are refused.
 */
export function decodeId(raw: unknown, how: IdDecode = 'text'): string | null {
  let s: string;
  if (typeof raw === 'string') s = raw.trim();
  else if (typeof raw === 'number' && Number.isInteger(raw)) s = String(raw);
  else return null;
  if (s === '') return null;
  if (how === 'text') return s.length > 1024 ? s.slice(0, 1024) : s;
  if (how === 'gcpTrace') {
    const m = GCP_TRACE.exec(s);
    if (m) s = m[1];
  }
  const h = HEX.exec(s);
  if (h) return ALL_ZERO.test(h[1]) ? null : h[1].toLowerCase();
  return s.length > 1024 ? s.slice(0, 1024) : s;
}

// ───────────────────────────── source ─────────────────────────────

const CALLER = /^(.+?):(\d+)(?::(\d+))?$/;

/** zap "pkg/f.go:42", zerolog/logrus "/abs/f.go:42", "Class.java:42", pino-caller V8 frames. */
export function decodeSourceCombined(raw: unknown, how: SourceDecode = 'callerPath'): SourceLocation | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  const s = raw.trim();
  if (how === 'v8Frame') {
    const f = parseFrameLine(/^\s*at /.test(s) ? s : '    at ' + s);
    if (f && f.kind === 'node')
      return { file: f.file, line: f.line, column: f.column ?? null, function: f.function, origin: 'caller' };
  }
  const m = CALLER.exec(s);
  if (!m || /\s\(/.test(m[1])) return null;
  return { file: m[1], line: +m[2], column: m[3] ? +m[3] : null, function: null, origin: 'caller' };
}

export function decodeLine(raw: unknown): number | null {
  const n = num(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

// ───────────────────────────── messages ─────────────────────────────

/** Any JSON value as message text: strings kept, everything else as JSON. */
export function messageText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'object') return safeStringify(raw);
  return String(raw);
}

/** JSON.stringify that survives cycles-free but very deep values (it throws past V8's stack). */
export function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '[unprintable value]';
  }
}

/** OTLP AnyValue → text. Nested kvlists/arrays become JSON; no recursion here. */
export function otelBodyText(raw: unknown): string {
  if (!isObj(raw)) return messageText(raw);
  if (typeof raw.stringValue === 'string') return raw.stringValue;
  for (const k of ['intValue', 'doubleValue', 'boolValue', 'bytesValue']) if (hasOwn(raw, k)) return String(raw[k]);
  return safeStringify(raw);
}

/**
 * Fills a template: logback `{}` from an `arguments` array (`\{}` stays literal), or Serilog/MEL `{Name}`
 * holes from `props` (`{{`/`}}` escape; `@`/`$` prefixes and `,align`/`:format` suffixes accepted).
 * Serilog renders string values in quotes unless the format is `l`; so do we, to match its `@m`.
 */
export function renderTemplate(template: string, record: Record<string, unknown>, args?: unknown): string {
  if (Array.isArray(args) && template.includes('{}')) {
    let i = 0;
    return template.replace(/(\\)?\{\}/g, (whole, esc) => {
      if (esc) return '{}';
      return i < args.length ? messageText(args[i++]) : whole;
    });
  }
  return template.replace(
    /\{\{|\}\}|\{([@$]?)([A-Za-z0-9_.]+)(?:,(-?\d+))?(?::([^}]*))?\}/g,
    (whole, _op, name, _align, fmt) => {
      if (whole === '{{') return '{';
      if (whole === '}}') return '}';
      if (!hasOwn(record, name)) return whole;
      const v = record[name];
      if (typeof v === 'string') return fmt === 'l' ? v : JSON.stringify(v);
      return messageText(v);
    },
  );
}

export function decodeMessage(raw: unknown, how: MessageDecode, record: Record<string, unknown>): string | null {
  if (raw === undefined) return null;
  switch (how) {
    case 'text':
      return messageText(raw);
    case 'otelBody':
      return otelBodyText(raw);
    case 'template':
      return typeof raw === 'string' ? renderTemplate(raw, record, record.arguments) : messageText(raw);
  }
  return null;
}
