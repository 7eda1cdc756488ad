// The filter language every view, the CLI and agents share. Parsed here into terms (all of which must hold);
// compiled against a session's columns in `compile.ts`. Pure: no I/O.
//
//   checkout payment          free words: each must appear (case-insensitive) in the message or the record's IDs
//   "payment declined"        a phrase
//   -health                   any term negated with a leading '-'
//   /timeout \d+ms/i          a regular expression (refused when it could backtrack without end)
//   level:error  level>=warn  levels: trace debug info warn error fatal (comma lists: level:warn,error)
//   trace:ID span:ID corr:ID thread:NAME service:NAME logger:NAME   the record's columns ('*' wildcard)
//   http.status:500  user.id:"a b"   any field by its path in the record as written ('*' wildcard)
//   since:15m until:2024-05-01T10:00:00Z   a time range: ISO time (UTC unless it says), or a duration back from
//                                          the newest record in the session (ms, s, m, h, d)
//   pattern:ID                a message pattern (`patterns`)

import { LEVELS, type Level } from '../model';

/** A filter that cannot be parsed; `column` (1-based) and `length` point at the mistake in the text. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
    readonly length = 1,
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

/** Record columns a key names; anything else is a raw field path. */
export const KEY_COLUMNS = {
  trace: 'traceId',
  traceid: 'traceId',
  span: 'spanId',
  spanid: 'spanId',
  parent: 'parentSpanId',
  corr: 'correlationId',
  correlation: 'correlationId',
  thread: 'thread',
  service: 'service',
  format: 'format',
} as const;
export type ColumnName = (typeof KEY_COLUMNS)[keyof typeof KEY_COLUMNS];

/** The column a key or column name names (`trace`, `traceId`, `corr`, …), or undefined for a raw field. */
export function columnOf(field: string): ColumnName | undefined {
  const byKey = (KEY_COLUMNS as Record<string, ColumnName | undefined>)[field.toLowerCase()];
  if (byKey) return byKey;
  return (Object.values(KEY_COLUMNS) as string[]).includes(field) ? (field as ColumnName) : undefined;
}

export type CompareOp = ':' | '>=' | '<=' | '>' | '<';

interface TermBase {
  negate: boolean;
  /** 1-based column of the term's first character (its '-' when negated) and its length. */
  column: number;
  length: number;
}

export type Term = TermBase &
  (
    | { kind: 'text'; text: string }
    | { kind: 'regex'; source: string; flags: string }
    | { kind: 'level'; op: CompareOp; levels: Level[] }
    | { kind: 'column'; name: ColumnName; values: ValueMatch[] }
    | { kind: 'field'; path: string; values: ValueMatch[] }
    | { kind: 'time'; bound: 'since' | 'until'; at: TimeValue }
    | { kind: 'pattern'; ids: string[] }
  );

/** One accepted value: exact text, or a '*' wildcard turned into an anchored, case-insensitive pattern. */
export type ValueMatch = { exact: string } | { glob: RegExp; text: string };

export type TimeValue = { absNs: bigint } | { agoNs: bigint };

export interface ParsedFilter {
  text: string;
  terms: Term[];
}

const DURATION_NS: Record<string, bigint> = {
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};

/** More unbounded repeats than this in one expression can take seconds on a single long line. */
const MAX_UNBOUNDED_REPEATS = 3;

/** Parses a filter; an empty or blank text gives no terms (everything passes). Throws FilterSyntaxError. */
export function parseFilter(text: string): ParsedFilter {
  const terms: Term[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let negate = false;
    if (text[i] === '-' && i + 1 < n && !isSpace(text.charCodeAt(i + 1))) {
      negate = true;
      i++;
    }
    const base = (end: number): TermBase => ({ negate, column: start + 1, length: end - start });
    const c = text[i]!;
    if (c === '"') {
      const [value, end] = readQuoted(text, i);
      if (value === '') throw new FilterSyntaxError('Empty phrase ""', start + 1, end - start);
      terms.push({ ...base(end), kind: 'text', text: value });
      i = end;
      continue;
    }
    if (c === '/') {
      const { source, flags, end } = readRegex(text, i);
      terms.push({ ...base(end), kind: 'regex', source, flags });
      i = end;
      continue;
    }
    // key:value, key>=value, … or a bare word.
    const keyEnd = scanKey(text, i);
    const op = keyEnd > i ? readOp(text, keyEnd) : null;
    const key = text.slice(i, keyEnd);
    if (op && !(op.op === ':' && text.startsWith('//', keyEnd + 1))) {
      const valueAt = keyEnd + op.length;
      let value: string;
      let end: number;
      if (text[valueAt] === '"') [value, end] = readQuoted(text, valueAt);
      else {
        end = valueAt;
        while (end < n && !isSpace(text.charCodeAt(end))) end++;
        value = text.slice(valueAt, end);
      }
      if (value === '' && text[valueAt] !== '"') {
        throw new FilterSyntaxError(`Missing value after "${key}${op.op}"`, Math.min(valueAt, n - 1) + 1, 1);
      }
      terms.push(keyTerm(key, op.op, value, valueAt, base(end)));
      i = end;
      continue;
    }
    let end = i;
    while (end < n && !isSpace(text.charCodeAt(end))) end++;
    terms.push({ ...base(end), kind: 'text', text: text.slice(i, end) });
    i = end;
  }
  checkTimeRange(terms);
  return { text, terms };
}

function keyTerm(key: string, op: CompareOp, value: string, valueAt: number, base: TermBase): Term {
  const lower = key.toLowerCase();
  const at = valueAt + 1;
  if (lower === 'level') {
    const levels = value.split(',').map((v, k, all) => {
      const l = v.trim().toLowerCase();
      const found = LEVEL_NAMES[l];
      if (!found) {
        const col = at + all.slice(0, k).reduce((s, x) => s + x.length + 1, 0);
        throw new FilterSyntaxError(
          `Unknown level "${v}": use one of ${LEVELS.join(', ')}`,
          col,
          Math.max(1, v.length),
        );
      }
      return found;
    });
    if (op !== ':' && levels.length > 1) throw new FilterSyntaxError(`"level${op}" takes one level`, at, value.length);
    return { ...base, kind: 'level', op, levels };
  }
  if (op !== ':') {
    throw new FilterSyntaxError(
      `"${op}" only compares levels (level>=warn); use "${key}:" for other keys`,
      at - op.length,
      op.length,
    );
  }
  if (lower === 'since' || lower === 'until') {
    return { ...base, kind: 'time', bound: lower, at: parseTime(value, at) };
  }
  if (lower === 'pattern') return { ...base, kind: 'pattern', ids: value.split(',').filter((v) => v !== '') };
  const column = (KEY_COLUMNS as Record<string, ColumnName>)[lower];
  const values = splitValues(value, column !== undefined && column.endsWith('Id'));
  if (column) return { ...base, kind: 'column', name: column, values };
  return { ...base, kind: 'field', path: key, values };
}

const LEVEL_NAMES: Record<string, Level> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  information: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  fatal: 'fatal',
  critical: 'fatal',
};

/** Comma-separated alternatives (a quoted value is one, commas and all); IDs compare lower-case. */
function splitValues(value: string, isId: boolean): ValueMatch[] {
  const parts = value.includes(',') && !value.includes(' ') ? value.split(',').filter((v) => v !== '') : [value];
  return parts.map((p) => {
    const v = isId ? p.toLowerCase() : p;
    if (!v.includes('*')) return { exact: v };
    const re = '^' + v.split('*').map(escapeRegex).join('.*') + '$';
    return { glob: new RegExp(re, 'is'), text: v };
  });
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseTime(value: string, column: number): TimeValue {
  const rel = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value);
  if (rel) {
    const [whole, frac = ''] = rel[1]!.split('.');
    const unit = DURATION_NS[rel[2]!]!;
    const scale = 10n ** BigInt(frac.length);
    return { agoNs: (BigInt(whole! + frac) * unit) / scale };
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    // Sub-millisecond digits are kept: Date parses the rest to the millisecond.
    const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      value,
    );
    if (m) {
      const zone = m[4]
        ? m[4].toUpperCase() === 'Z'
          ? 'Z'
          : m[4].length === 5
            ? `${m[4].slice(0, 3)}:${m[4].slice(3)}`
            : m[4]
        : 'Z';
      const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${m[2] && m[2].length === 5 ? ':00' : ''}${zone}`);
      if (Number.isFinite(ms)) {
        const frac = (m[3] ?? '').padEnd(9, '0');
        return { absNs: BigInt(ms) * 1_000_000n + BigInt(frac) };
      }
    }
  }
  throw new FilterSyntaxError(
    `Cannot read time "${value}": use an ISO time (2024-05-01T10:00:00Z) or a duration back from the ` +
      `newest record (15m, 2h, 1d)`,
    column,
    Math.max(1, value.length),
  );
}

function checkTimeRange(terms: Term[]): void {
  let since: (Term & { kind: 'time' }) | null = null,
    until: (Term & { kind: 'time' }) | null = null;
  for (const t of terms) {
    if (t.kind !== 'time') continue;
    if (t.negate)
      throw new FilterSyntaxError(
        `"-${t.bound}:" cannot be negated: use ${t.bound === 'since' ? 'until' : 'since'}:`,
        t.column,
        t.length,
      );
    if (t.bound === 'since') since = t;
    else until = t;
  }
  if (since && until && 'absNs' in since.at && 'absNs' in until.at && since.at.absNs > until.at.absNs) {
    throw new FilterSyntaxError('The time range starts after it ends', until.column, until.length);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function scanKey(text: string, i: number): number {
  let j = i;
  const first = text.charCodeAt(j);
  if (!(isAlpha(first) || first === 64 /* @ */ || first === 95 /* _ */)) return i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (isAlpha(c) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 64 || c === 36) j++;
    else break;
  }
  return j;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function readOp(text: string, at: number): { op: CompareOp; length: number } | null {
  const two = text.slice(at, at + 2);
  if (two === '>=' || two === '<=') return { op: two, length: 2 };
  const one = text[at];
  if (one === ':' || one === '>' || one === '<') return { op: one, length: 1 };
  return null;
}

function readQuoted(text: string, at: number): [string, number] {
  let out = '';
  let j = at + 1;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\' && j + 1 < text.length) {
      out += text[j + 1];
      j += 2;
      continue;
    }
    if (c === '"') return [out, j + 1];
    out += c;
    j++;
  }
  throw new FilterSyntaxError('Unclosed quote: add a closing "', at + 1, text.length - at);
}

function readRegex(text: string, at: number): { source: string; flags: string; end: number } {
  let j = at + 1;
  let inClass = false;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    j++;
  }
  if (j >= text.length)
    throw new FilterSyntaxError('Unclosed regular expression: add a closing /', at + 1, text.length - at);
  const source = text.slice(at + 1, j);
  let end = j + 1;
  while (end < text.length && /[a-z]/i.test(text[end]!)) end++;
  const flags = text.slice(j + 1, end);
  if (source === '') throw new FilterSyntaxError('Empty regular expression //', at + 1, 2);
  const bad = /[^imsuv]/.exec(flags);
  if (bad)
    throw new FilterSyntaxError(
      `Unsupported regular expression flag "${bad[0]}": use i, m, s, u or v`,
      j + 2 + bad.index,
      1,
    );
  try {
    new RegExp(source, flags);
  } catch (e) {
    throw new FilterSyntaxError(`Invalid regular expression: ${(e as Error).message}`, at + 1, j + 1 - at);
  }
  const risk = backtrackRisk(source);
  if (risk) throw new FilterSyntaxError(risk.message, at + 2 + risk.index, risk.length);
  return { source, flags, end };
}

/**
 * Refuses what can make a backtracking engine run for minutes on one line: a repeated group that itself
 * repeats (`(a+)+`, `(\w*)*`), and more than a few unbounded repeats in one expression. Anything else runs over
 * at most a line's first 200 characters plus its IDs, which keeps the worst case short.
 */
export function backtrackRisk(source: string): { message: string; index: number; length: number } | null {
  const groups: { start: number; repeats: boolean }[] = [];
  let unbounded = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      groups.push({ start: i, repeats: false });
      // (?:…), (?=…), (?<name>…): the '?' is part of the group's opening, not a repeat.
      const head = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i));
      if (head) i += head[0].length - 1;
      continue;
    }
    const q = quantifierAt(source, i);
    if (c === ')') {
      const g = groups.pop();
      const after = quantifierAt(source, i + 1);
      if (g && after && after.unbounded && g.repeats) {
        return {
          message: 'A repeated group that repeats inside can backtrack without end; remove the inner or outer repeat',
          index: g.start,
          length: i + 1 + after.length - g.start,
        };
      }
      if (g && after && groups.length > 0) groups[groups.length - 1]!.repeats = true;
      if (g?.repeats && groups.length > 0) groups[groups.length - 1]!.repeats = true;
      continue;
    }
    if (q) {
      if (q.unbounded) {
        unbounded++;
        if (unbounded > MAX_UNBOUNDED_REPEATS) {
          return {
            message:
              `More than ${MAX_UNBOUNDED_REPEATS} unbounded repeats (*, +, {n,}) ` + 'can take too long on long lines',
            index: i,
            length: q.length,
          };
        }
      }
      if (groups.length > 0) groups[groups.length - 1]!.repeats = true;
      i += q.length - 1;
    }
  }
  return null;
}

function quantifierAt(source: string, i: number): { unbounded: boolean; length: number } | null {
  const c = source[i];
  if (c === '*' || c === '+') return { unbounded: true, length: source[i + 1] === '?' ? 2 : 1 };
  if (c === '?') return { unbounded: false, length: 1 };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}\??/.exec(source.slice(i));
    if (m) return { unbounded: m[2] !== undefined && m[3] === '', length: m[0].length };
  }
  return null;
}

/** The filter text a term list round-trips to, e.g. to show a scope chip's query. */
export function quoteValue(v: string): string {
  return /^[^\s"]+$/.test(v) ? v : `"${v.replace(/["\\]/g, '\\$&')}"`;
}
