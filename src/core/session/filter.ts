// Compiles a Filter into a predicate over record ids that reads only the index's columns, plus the message for
// text and regular-expression search and parsed field values for raw fields (resolved in the background).

import { LEVELS, levelCode } from '../model';
import { NONE, type RecordStore } from '../index/types';
import type { Filter } from './api';
import { nsToMs, type RecordTimes } from './recordTimes';

/** A filter the session cannot apply; `message` says why in words a user can act on. */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly field: keyof Filter,
  ) {
    super(message);
    this.name = 'FilterError';
  }
}

/** Normalised names that the index holds as columns; any other name is a raw key or dotted path. */
export const COLUMN_FIELDS = ['traceId', 'spanId', 'parentSpanId', 'correlationId', 'thread', 'service', 'format', 'level'] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];
export const isColumnField = (f: string): f is ColumnField => (COLUMN_FIELDS as readonly string[]).includes(f);

export function columnValue(store: RecordStore, field: ColumnField, id: number): string | null {
  let k: number;
  switch (field) {
    case 'traceId': k = store.traceKey(id); break;
    case 'spanId': k = store.spanKey(id); break;
    case 'parentSpanId': k = store.parentSpanKey(id); break;
    case 'correlationId': k = store.correlationKey(id); break;
    case 'thread': k = store.threadKey(id); break;
    case 'service': k = store.serviceKey(id); break;
    case 'format': k = store.formatKey(id); break;
    case 'level': {
      const c = store.level(id);
      return c === 0 ? null : LEVELS[c - 1] ?? null;
    }
  }
  return k === NONE ? null : store.string(k);
}

/** Parses "/pattern/flags" or a bare pattern (then case-insensitive, as a search box usually is). */
export function compileRegex(source: string): RegExp {
  const m = /^\/(.*)\/([dgimsuvy]*)$/s.exec(source);
  try {
    return m ? new RegExp(m[1]!, m[2]!.replace(/[gy]/g, '')) : new RegExp(source, 'i');
  } catch (e) {
    throw new FilterError(`Invalid regular expression ${JSON.stringify(source)}: ${(e as Error).message}`, 'regex');
  }
}

export type Verdict = 'pass' | 'fail' | 'pending';

export interface CompiledFilter {
  readonly filter: Filter;
  /** Raw fields the filter needs parsed values of. */
  readonly rawFields: string[];
  test(id: number, rawValue: (field: string, id: number) => string | null | undefined): Verdict;
}

/** Validates and compiles; throws FilterError for anything it cannot apply. */
export function compileFilter(filter: Filter, store: RecordStore, times: RecordTimes): CompiledFilter {
  const checks: ((id: number, raw: (f: string, id: number) => string | null | undefined) => Verdict)[] = [];
  const rawFields: string[] = [];

  if (filter.minLevel != null) {
    if (!LEVELS.includes(filter.minLevel)) throw new FilterError(`Unknown level ${JSON.stringify(filter.minLevel)}; use one of ${LEVELS.join(', ')}`, 'minLevel');
    const min = levelCode(filter.minLevel);
    checks.push((id) => (store.level(id) >= min ? 'pass' : 'fail'));
  }
  if (filter.levels && filter.levels.length > 0) {
    for (const l of filter.levels) if (!LEVELS.includes(l)) throw new FilterError(`Unknown level ${JSON.stringify(l)}; use one of ${LEVELS.join(', ')}`, 'levels');
    const codes = new Set(filter.levels.map(levelCode));
    checks.push((id) => (codes.has(store.level(id)) ? 'pass' : 'fail'));
  }
  if (filter.fromNs != null || filter.toNs != null) {
    if (filter.fromNs != null && filter.toNs != null && filter.fromNs > filter.toNs) throw new FilterError('Time range starts after it ends', 'fromNs');
    const from = filter.fromNs != null ? nsToMs(filter.fromNs) : null;
    const to = filter.toNs != null ? nsToMs(filter.toNs) : null;
    checks.push((id) => {
      const ms = times.effMs(id), sub = times.effSub(id);
      if (!Number.isFinite(ms)) return 'fail';
      if (from && (ms < from[0] || (ms === from[0] && sub < from[1]))) return 'fail';
      if (to && (ms > to[0] || (ms === to[0] && sub > to[1]))) return 'fail';
      return 'pass';
    });
  }
  for (const { field, value } of filter.fields ?? []) {
    if (!field) throw new FilterError('A field filter needs a field name', 'fields');
    if (isColumnField(field)) {
      // IDs are stored lower-case; compare the same way so a pasted upper-case ID still matches.
      const want = /Id$/.test(field) ? value.toLowerCase() : value;
      checks.push((id) => (columnValue(store, field, id) === want ? 'pass' : 'fail'));
    } else {
      rawFields.push(field);
      checks.push((id, raw) => {
        const v = raw(field, id);
        return v === undefined ? 'pending' : v === value ? 'pass' : 'fail';
      });
    }
  }
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    checks.push((id) => (searchableText(store, id).toLowerCase().includes(needle) ? 'pass' : 'fail'));
  }
  if (filter.regex) {
    const re = compileRegex(filter.regex);
    checks.push((id) => (re.test(searchableText(store, id)) ? 'pass' : 'fail'));
  }

  return {
    filter,
    rawFields,
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

/** What text search looks at: the message's first line and the record's identifying columns. */
function searchableText(store: RecordStore, id: number): string {
  let s = store.message(id);
  for (const k of [store.serviceKey(id), store.threadKey(id), store.correlationKey(id), store.traceKey(id)]) {
    if (k !== NONE) s += '\n' + store.string(k);
  }
  return s;
}
