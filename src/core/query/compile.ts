// Compiles a parsed filter into a predicate over record ids. Reads the index's columns; the message (first line)
// for words, phrases, regular expressions and patterns; and parsed field values for raw field paths, which the
// session resolves in the background (a record whose value is not parsed yet is 'pending').

import { levelCode } from '../model';
import { NONE, type RecordStore } from '../index/types';
import { nsToMs, type RecordTimes } from '../session/recordTimes';
import { FilterSyntaxError, type ColumnName, type ParsedFilter, type Term, type ValueMatch } from './language';

export type Verdict = 'pass' | 'fail' | 'pending';

export interface CompileContext {
  store: RecordStore;
  times: RecordTimes;
  /** Epoch ns that relative times (`since:15m`) count back from: the newest record's time; null when none. */
  newestNs: bigint | null;
  /** The pattern a message belongs to (`patterns/`); without it, `pattern:` terms are refused. */
  patternIdOf?: (message: string) => string;
}

export interface CompiledFilter {
  readonly text: string;
  /** Raw field paths whose parsed values the filter reads. */
  readonly rawFields: string[];
  /** Whether only the time range restricts (spans, which have no level or message, can then match too). */
  readonly timeOnly: boolean;
  /** Time range bounds in epoch ns (null: open). */
  readonly fromNs: bigint | null;
  readonly toNs: bigint | null;
  /** Whether it reads relative times (its meaning moves with the newest record). */
  readonly relative: boolean;
  test(id: number, raw: (field: string, id: number) => string | null | undefined): Verdict;
}

type RawValue = (f: string, id: number) => string | null | undefined;
type Check = (id: number, raw: RawValue) => Verdict;

export function compileFilter(parsed: ParsedFilter, ctx: CompileContext): CompiledFilter {
  const { store, times } = ctx;
  const checks: Check[] = [];
  const rawFields: string[] = [];
  let fromNs: bigint | null = null,
    toNs: bigint | null = null;
  let relative = false;
  let timeOnly = true;

  // The searchable text of the record being tested, read once for all the terms that look at it.
  let textId = -1,
    textValue = '';
  const text = (id: number): string => {
    if (id !== textId) {
      textValue = searchableText(store, id);
      textId = id;
    }
    return textValue;
  };
  const prefilter = rawPrefilter(parsed.terms, store);
  if (prefilter) checks.push(prefilter);

  for (const term of parsed.terms) {
    if (term.kind === 'time') {
      let at: bigint;
      if ('agoNs' in term.at) {
        relative = true;
        if (ctx.newestNs === null) at = term.bound === 'since' ? BigInt(Number.MAX_SAFE_INTEGER) * 1_000_000n : 0n;
        else at = ctx.newestNs - term.at.agoNs;
      } else at = term.at.absNs;
      if (term.bound === 'since') fromNs = fromNs === null || at > fromNs ? at : fromNs;
      else toNs = toNs === null || at < toNs ? at : toNs;
      continue;
    }
    timeOnly = false;
    const check = termCheck(term, ctx, rawFields, text);
    checks.push(term.negate ? negate(check) : check);
  }

  if (fromNs !== null || toNs !== null) {
    const from = fromNs !== null ? nsToMs(fromNs) : null;
    const to = toNs !== null ? nsToMs(toNs) : null;
    checks.unshift((id) => {
      if (!times.hasOwnTime(id)) return 'fail';
      const ms = times.effMs(id),
        sub = times.effSub(id);
      if (from && (ms < from[0] || (ms === from[0] && sub < from[1]))) return 'fail';
      if (to && (ms > to[0] || (ms === to[0] && sub > to[1]))) return 'fail';
      return 'pass';
    });
  }

  return {
    text: parsed.text,
    rawFields,
    timeOnly,
    fromNs,
    toNs,
    relative,
    test(id, raw) {
      let pending = false;
      for (const c of checks) {
        const v = c(id, raw);
        if (v === 'fail') return 'fail';
        if (v === 'pending') pending = true;
      }
      return pending ? 'pending' : 'pass';
    },
  };
}

function negate(c: Check): Check {
  return (id, raw) => {
    const v = c(id, raw);
    return v === 'pending' ? v : v === 'pass' ? 'fail' : 'pass';
  };
}

function termCheck(
  term: Exclude<Term, { kind: 'time' }>,
  ctx: CompileContext,
  rawFields: string[],
  text: (id: number) => string,
): Check {
  const { store } = ctx;
  switch (term.kind) {
    case 'text': {
      const needle = term.text.toLowerCase();
      return (id) => (text(id).toLowerCase().includes(needle) ? 'pass' : 'fail');
    }
    case 'regex': {
      const re = new RegExp(term.source, term.flags);
      return (id) => (re.test(text(id)) ? 'pass' : 'fail');
    }
    case 'level': {
      const codes = term.levels.map(levelCode);
      const c = codes[0]!;
      switch (term.op) {
        case ':': {
          const set = new Set(codes);
          return (id) => (set.has(store.level(id)) ? 'pass' : 'fail');
        }
        // A record without a level has no place on the scale: it fails every comparison.
        case '>=':
          return (id) => {
            const l = store.level(id);
            return l !== 0 && l >= c ? 'pass' : 'fail';
          };
        case '>':
          return (id) => {
            const l = store.level(id);
            return l !== 0 && l > c ? 'pass' : 'fail';
          };
        case '<=':
          return (id) => {
            const l = store.level(id);
            return l !== 0 && l <= c ? 'pass' : 'fail';
          };
        case '<':
          return (id) => {
            const l = store.level(id);
            return l !== 0 && l < c ? 'pass' : 'fail';
          };
      }
      break;
    }
    case 'column': {
      const read = columnReader(store, term.name);
      const match = matcher(term.values);
      return (id) => (match(read(id)) ? 'pass' : 'fail');
    }
    case 'field': {
      rawFields.push(term.path);
      const match = matcher(term.values);
      const path = term.path;
      return (id, raw) => {
        const v = raw(path, id);
        return v === undefined ? 'pending' : match(v) ? 'pass' : 'fail';
      };
    }
    case 'pattern': {
      const patternIdOf = ctx.patternIdOf;
      if (!patternIdOf)
        throw new FilterSyntaxError('Message patterns are not available here', term.column, term.length);
      const ids = new Set(term.ids);
      return (id) => (ids.has(patternIdOf(store.message(id))) ? 'pass' : 'fail');
    }
  }
  throw new Error('unreachable');
}

function matcher(values: ValueMatch[]): (v: string | null) => boolean {
  if (values.length === 1 && 'exact' in values[0]!) {
    const want = values[0].exact;
    return (v) => v === want;
  }
  return (v) => {
    if (v === null) return false;
    for (const m of values) if ('exact' in m ? v === m.exact : m.glob.test(v)) return true;
    return false;
  };
}

/** Reads one of the index's columns as an interned key (NONE when absent). */
export function columnKey(store: RecordStore, name: ColumnName): (id: number) => number {
  return name === 'traceId'
    ? (id) => store.traceKey(id)
    : name === 'spanId'
      ? (id) => store.spanKey(id)
      : name === 'parentSpanId'
        ? (id) => store.parentSpanKey(id)
        : name === 'correlationId'
          ? (id) => store.correlationKey(id)
          : name === 'thread'
            ? (id) => store.threadKey(id)
            : name === 'service'
              ? (id) => store.serviceKey(id)
              : (id) => store.formatKey(id);
}

/** Reads one of the index's columns as text (null when absent). */
export function columnReader(store: RecordStore, name: ColumnName): (id: number) => string | null {
  const key = columnKey(store, name);
  return (id) => {
    const k = key(id);
    return k === NONE ? null : store.string(k);
  };
}

/**
 * Words (not negated) must appear in the message or the IDs, and those are in the record's bytes as written:
 * a record whose raw text lacks one of them fails without being parsed. Only for words that JSON writes as
 * they are (printable ASCII without quotes or backslashes), so an escape cannot hide a match.
 */
function rawPrefilter(terms: Term[], store: RecordStore): Check | null {
  const rawSync = store.rawSync?.bind(store);
  if (!rawSync) return null;
  const needles = terms
    .filter((t): t is Term & { kind: 'text' } => t.kind === 'text' && !t.negate)
    .map((t) => t.text.toLowerCase());
  if (needles.length === 0 || !needles.every((n) => /^[\x20-\x7e]+$/.test(n) && !/["\\]/.test(n))) return null;
  return (id) => {
    let raw: string;
    try {
      raw = rawSync(id).toLowerCase();
    } catch {
      return 'pass'; // unreadable here: the message check decides (it reports the record as unavailable)
    }
    for (const n of needles) if (!raw.includes(n)) return 'fail';
    return 'pass';
  };
}

/** What words and expressions look at: the message's first line and the record's identifying columns. */
export function searchableText(store: RecordStore, id: number): string {
  let s = store.message(id);
  for (const k of [store.serviceKey(id), store.threadKey(id), store.correlationKey(id), store.traceKey(id)]) {
    if (k !== NONE) s += '\n' + store.string(k);
  }
  return s;
}
