// A trace search typed as one line, for the editor's search box and anyone scripting it:
//   service=checkout span="get /checkout" http.status_code=500 error minDuration=100ms lookback=1h limit=20
// Known keys fill the query's fields; any other `key=value` asks for that tag, a bare word for a tag's presence.
// Values with spaces go in double quotes.

import type { TraceQuery } from './traceStore';

/** "90s", "15m", "1h", "2d", "500ms", "250us" (a bare number is milliseconds) → milliseconds; null if unreadable. */
export function parseDurationMs(text: string, bareUnit: 'ms' | 's' = 'ms'): number | null {
  // (µ as \u00b5: the bundles stay ASCII, see scripts/asciiBundle.mjs)
  const m = /^(\d+(?:\.\d+)?)\s*(us|\u00b5s|ms|s|m|min|h|d)?$/.exec(text.trim());
  if (!m) return null;
  const unit: Record<string, number> = {
    us: 0.001,
    µs: 0.001,
    ms: 1,
    s: 1000,
    m: 60_000,
    min: 60_000,
    h: 3_600_000,
    d: 86_400_000,
  };
  const ms = Number(m[1]) * unit[m[2] ?? bareUnit]!;
  return Number.isFinite(ms) ? ms : null;
}

export class QueryTextError extends Error {}

const KEYS = {
  service: 'service',
  span: 'spanName',
  spanName: 'spanName',
  minDuration: 'minDurationMs',
  maxDuration: 'maxDurationMs',
  lookback: 'lookbackMs',
  limit: 'limit',
} as const;

export function parseQueryText(text: string): TraceQuery {
  const q: TraceQuery = {};
  const tags: { key: string; value?: string }[] = [];
  const token = /\s*([^\s="]+)(?:=(?:"([^"]*)"|([^\s"]*)(?!")))?/y;
  let at = 0;
  const rest = text.trim();
  if ((rest.match(/"/g)?.length ?? 0) % 2 === 1) throw new QueryTextError('a double quote is not closed');
  while (at < rest.length) {
    token.lastIndex = at;
    const m = token.exec(rest);
    if (!m) {
      const unread = JSON.stringify(rest.slice(at).trimStart().slice(0, 20));
      throw new QueryTextError(`cannot read the search at ${unread} (quote values with spaces)`);
    }
    at = token.lastIndex;
    const key = m[1]!;
    const value = m[2] ?? m[3];
    const field = (KEYS as Record<string, (typeof KEYS)[keyof typeof KEYS]>)[key];
    if (!field) {
      tags.push(value === undefined ? { key } : { key, value });
      continue;
    }
    if (value === undefined || value === '')
      throw new QueryTextError(`${key} needs a value, e.g. ${key}=${example(field)}`);
    if (field === 'service' || field === 'spanName') q[field] = value;
    else if (field === 'limit') {
      if (!/^[1-9]\d*$/.test(value))
        throw new QueryTextError(`limit needs a whole number of 1 or more, not ${JSON.stringify(value)}`);
      q.limit = Number(value);
    } else {
      const ms = parseDurationMs(value);
      if (ms === null || (field === 'lookbackMs' && ms <= 0))
        throw new QueryTextError(`${key} needs a duration such as ${example(field)}, not ${JSON.stringify(value)}`);
      q[field] = ms;
    }
  }
  if (tags.length > 0) q.tags = tags;
  return q;
}

function example(field: string): string {
  return field === 'lookbackMs' ? '1h' : field === 'limit' ? '20' : field.endsWith('Ms') ? '100ms' : 'checkout';
}

/** The query as the line `parseQueryText` reads back (for showing a search and editing it again). */
export function queryText(q: TraceQuery): string {
  const quote = (v: string) => (/[\s"=]/.test(v) || v === '' ? `"${v.replace(/"/g, '')}"` : v);
  const ms = (v: number) =>
    v % 3_600_000 === 0
      ? `${v / 3_600_000}h`
      : v % 60_000 === 0
        ? `${v / 60_000}m`
        : v % 1000 === 0
          ? `${v / 1000}s`
          : `${v}ms`;
  const parts: string[] = [];
  if (q.service) parts.push(`service=${quote(q.service)}`);
  if (q.spanName) parts.push(`span=${quote(q.spanName)}`);
  for (const t of q.tags ?? []) parts.push(t.value === undefined ? t.key : `${t.key}=${quote(t.value)}`);
  if (q.minDurationMs !== undefined) parts.push(`minDuration=${ms(q.minDurationMs)}`);
  if (q.maxDurationMs !== undefined) parts.push(`maxDuration=${ms(q.maxDurationMs)}`);
  if (q.lookbackMs !== undefined) parts.push(`lookback=${ms(q.lookbackMs)}`);
  if (q.limit !== undefined) parts.push(`limit=${q.limit}`);
  return parts.join(' ');
}
