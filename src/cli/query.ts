// `threadline query`: the records (or groups) a filter selects, as a table, NDJSON or one JSON document; the
// same filter language as the editor's views. A filter mistake is shown with a caret under it (exit code 2).

import type { GroupBy, GroupSortKey, GroupSummary, RecordSummary, SessionApi } from '../core/session/api';
import { FilterSyntaxError, parseFilter } from '../core/query/language';
import { json, type Output } from './output';
import { formatDuration, formatTime, table } from './humanFormat';
import { UsageError } from './args';
import { settleGroups, settleQuery } from '../core/query/settle';

export type QuerySession = SessionApi;

export interface QueryArgs {
  files: string[];
  filter: string;
  groupBy: GroupBy | null;
  sort: 'time' | 'duration' | 'errors';
  limit: number | null;
  format: 'table' | 'ndjson' | 'json';
}

export const QUERY_USAGE = `Usage: threadline query FILE... [--filter EXPR] [--group-by trace|correlation|thread|FIELD]
                       [--sort time|duration|errors] [--limit N] [--format table|ndjson|json]
`;

/** Reads `--name value` and `--name=value` options; the rest are files (`--` ends the options). */
export function readOptions(
  argv: readonly string[],
  command: string,
  valued: readonly string[],
  flags: readonly string[] = [],
) {
  const values = new Map<string, string>();
  const set = new Set<string>();
  const files: string[] = [];
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (onlyFiles || a === '-' || !a.startsWith('-')) {
      files.push(a);
      continue;
    }
    if (a === '--') {
      onlyFiles = true;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      values.set(name, v);
    } else if (flags.includes(name) && eq < 0) set.add(name);
    else throw new UsageError(`unknown option '${a}' for ${command}`);
  }
  if (files.length === 0) throw new UsageError(`${command} needs at least one FILE (or - for stdin)`);
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
  return { values, flags: set, files };
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

export function parseLimit(v: string | undefined): number | null {
  if (v === undefined) return null;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError('--limit must be a positive whole number');
  return Number(v);
}

export function parseQueryArgs(argv: readonly string[]): QueryArgs {
  const { values, files } = readOptions(argv, 'query', ['filter', 'group-by', 'sort', 'limit', 'format']);
  const by = values.get('group-by');
  if (by === '') throw new UsageError('--group-by needs a grouping: trace, correlation, thread or a field name');
  const kind = by === 'trace' || by === 'correlation' || by === 'thread' ? by : null;
  const groupBy: GroupBy | null = by === undefined ? null : kind ? { kind } : { field: by };
  const sort = oneOf('sort', values.get('sort'), ['time', 'duration', 'errors'] as const, 'time');
  if (sort !== 'time' && !groupBy) throw new UsageError(`--sort ${sort} sorts groups: add --group-by`);
  return {
    files,
    filter: values.get('filter') ?? '',
    groupBy,
    sort,
    limit: parseLimit(values.get('limit')),
    format: oneOf('format', values.get('format'), ['table', 'ndjson', 'json'] as const, 'table'),
  };
}

/** The filter's mistake, the filter, and a caret under the column (what a terminal user needs to fix it). */
export function filterErrorText(e: FilterSyntaxError, filter: string): string {
  const width = Math.max(1, Math.min(e.length, filter.length - e.column + 1));
  const caret = ' '.repeat(Math.max(0, e.column - 1)) + '^'.repeat(width);
  return `threadline: invalid filter: ${e.message}\n  ${filter}\n  ${caret}\n`;
}

/** Throws the FilterSyntaxError before any file is read. */
export function checkFilterText(filter: string): void {
  parseFilter(filter);
}

export function recordOut(r: RecordSummary) {
  return {
    id: r.id,
    timeNs: r.timeNs === null ? null : r.timeNs.toString(),
    level: r.level,
    message: r.message,
    service: r.service,
    thread: r.thread,
    correlationId: r.correlationId,
    traceId: r.traceId,
    spanId: r.spanId,
    source: r.source ? { file: r.source.file, line: r.source.line, function: r.source.function } : null,
    file: r.position.source,
    line: r.position.line,
  };
}

function groupOut(g: GroupSummary) {
  return {
    id: g.id,
    kind: g.kind,
    key: g.key,
    records: g.records,
    spans: g.spans,
    errors: g.errors,
    startNs: g.startNs === null ? null : g.startNs.toString(),
    endNs: g.endNs === null ? null : g.endNs.toString(),
    durationNs: g.startNs !== null && g.endNs !== null ? (g.endNs - g.startNs).toString() : null,
    root: g.root,
    services: g.services,
  };
}

const PAGE = 2048;

/** One listed item: a line of NDJSON, or an element of the JSON document's array. */
const item = (format: QueryArgs['format'], index: number, text: string) =>
  format === 'ndjson' ? `${text}\n` : index > 0 ? `,${text}` : text;
const SORT: Record<QueryArgs['sort'], GroupSortKey> = { time: 'start', duration: 'duration', errors: 'errors' };

export async function runQuery(session: QuerySession, a: QueryArgs, out: Output): Promise<void> {
  if (a.groupBy) return runGroups(session, a, a.groupBy, out);
  const q = { filter: a.filter };
  await settleQuery(session, q);
  const first = session.queryIds(q, { offset: 0, limit: 1 });
  const total = first.total;
  const wanted = Math.min(total, a.limit ?? total);
  if (a.format === 'json') await out.write(`{"total":${total},"records":[`);
  const rows: string[][] = [['TIME', 'LEVEL', 'SERVICE', 'TRACE', 'MESSAGE']];
  for (let offset = 0, n = 0; offset < wanted && !out.isClosed; offset += PAGE) {
    const page = session.query(q, { offset, limit: Math.min(PAGE, wanted - offset) });
    for (const r of page.items) {
      if (a.format === 'table') {
        const key = r.traceId ?? r.correlationId ?? r.thread ?? '';
        const level = (r.level ?? '-').toUpperCase();
        rows.push([formatTime(r.timeNs).trim() || '-', level, r.service ?? '', key, r.message]);
        if (rows.length > 512) {
          await out.write(leftTable(rows.splice(0)));
        }
      } else await out.write(item(a.format, n++, json(recordOut(r))));
    }
    if (page.items.length === 0) break;
  }
  if (a.format === 'json') await out.write(`]}\n`);
  if (a.format === 'table') {
    if (rows.length > 0) await out.write(leftTable(rows));
    await out.write(`${wanted} of ${total} record${total === 1 ? '' : 's'}\n`);
  }
}

/** Columns left-aligned but the last (a message) not padded. */
function leftTable(rows: string[][]): string {
  const cols = rows[0]!.length;
  const widths = Array.from({ length: cols - 1 }, (_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c < cols - 1 ? cell.padEnd(widths[c]!) : cell))
      .join('  ')
      .trimEnd();
  return rows.map(line).join('\n') + '\n';
}

async function runGroups(session: QuerySession, a: QueryArgs, by: GroupBy, out: Output): Promise<void> {
  const q = { by, filter: a.filter || undefined, sort: SORT[a.sort] };
  // Every record placed in the grouping, and (groups pass when a record does) decided by the filter, first.
  await settleGroups(session, by);
  if (a.filter) await settleQuery(session, { filter: a.filter });
  const first = session.groupsPage(q, { offset: 0, limit: 1 });
  const total = first.total;
  const wanted = Math.min(total, a.limit ?? total);
  const groups: GroupSummary[] = [];
  if (a.format === 'json') await out.write(`{"total":${total},"groups":[`);
  for (let offset = 0, n = 0; offset < wanted && !out.isClosed; offset += PAGE) {
    const page = session.groupsPage(q, { offset, limit: Math.min(PAGE, wanted - offset) });
    for (const g of page.items) {
      if (a.format === 'table') groups.push(g);
      else await out.write(item(a.format, n++, json(groupOut(g))));
    }
    if (page.items.length === 0) break;
  }
  if (a.format === 'json') await out.write(`]}\n`);
  if (a.format === 'table') {
    const rows = [['GROUP', 'RECORDS', 'SPANS', 'ERRORS', 'START', 'DURATION']];
    for (const g of groups) {
      rows.push([
        g.id,
        String(g.records),
        String(g.spans),
        String(g.errors),
        formatTime(g.startNs).trim() || '-',
        g.startNs !== null && g.endNs !== null ? formatDuration(g.endNs - g.startNs) : '-',
      ]);
    }
    await out.write(table(rows) + `${wanted} of ${total} group${total === 1 ? '' : 's'}\n`);
  }
}
