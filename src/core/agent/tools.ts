// Tools an agent (an MCP client, a language model in the editor) uses to read the logs of a session: each with
// a JSON schema, a text answer sized for a model's context, and the same answer as structured data. Read-only:
// no tool writes a file or runs anything. Shared by `threadline mcp` and the editor's language-model tools.

import type { Level, LogRecord, Position, SourceLocation } from '../model';
import type { GroupBy, GroupSortKey, SessionApi, SourceSummary } from '../session/api';
import { collectPatterns } from '../patterns/collect';
import { settleGroups, settleQuery } from '../query/settle';
import { validateArgs, type JsonSchema } from './schema';
import {
  cut,
  fail,
  FILTER_HELP,
  filterError,
  iso,
  lineSuffix,
  moreNote,
  ok,
  recordLine,
  recordRow,
  type ToolResult,
} from './answer';

export type { ToolResult } from './answer';

export type AgentSession = SessionApi;

export interface SourceCandidate {
  path: string;
  line: number | null;
  column?: number | null;
  reason?: string;
}

export interface AgentContext {
  session: AgentSession;
  /** Reads files into the session (only where the host allows it: the command line's server does). */
  open?: (paths: string[]) => Promise<SourceSummary[]>;
  /** Workspace files a logged source location may be (best first). */
  resolveSource?: (loc: SourceLocation) => Promise<SourceCandidate[]>;
}

export interface AgentTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  run(args: Record<string, unknown>, ctx: AgentContext): Promise<ToolResult>;
}

const MAX_RECORD_JSON = 16_000;
/** How long a tool waits for a filter that reads messages before answering with what is decided. */
const SETTLE_MS = 10_000;

const clamp = (v: unknown, dflt: number, max: number) =>
  Math.min(max, Math.max(1, typeof v === 'number' ? Math.floor(v) : dflt));

function groupByOf(by: string): GroupBy {
  return by === 'trace' || by === 'correlation' || by === 'thread' ? { kind: by } : { field: by };
}

const openTool: AgentTool = {
  name: 'open',
  title: 'Open log files',
  description:
    'Reads log or trace files (.log, .json, .jsonl, .ndjson, .gz) into the session, so the other tools ' +
    'can query them. Returns what each file held: lines, records, spans, formats, unreadable lines.',
  inputSchema: {
    type: 'object',
    properties: {
      paths: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        description: "File paths (absolute, or relative to the server's directory).",
      },
    },
    required: ['paths'],
    additionalProperties: false,
  },
  async run(args, ctx) {
    if (!ctx.open) return fail('Opening files is not available here: the logs open in the editor are the session.');
    const summaries = await ctx.open(args.paths as string[]);
    const files = summaries.map((s) => ({
      path: s.name,
      lines: s.lines,
      records: s.records,
      spans: s.spans,
      badLines: s.badLines.length,
      formats: s.formats,
      error: s.error,
    }));
    const text = files
      .map((f) => {
        if (f.error) return `${f.path}: ${f.error}`;
        const formats =
          Object.entries(f.formats)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || 'none';
        return (
          `${f.path}: ${f.lines} lines, ${f.records} records, ${f.spans} spans, ${f.badLines} unreadable lines; ` +
          `formats ${formats}`
        );
      })
      .join('\n');
    const { records, spans, errors } = ctx.session.stats();
    return ok(`${text}\nSession: ${records} records, ${spans} spans, ${errors} with errors.`, {
      files,
      session: { records, spans, errors },
    });
  },
};

const queryTool: AgentTool = {
  name: 'query_logs',
  title: 'Query log records',
  description:
    'Finds the log records that match a query, oldest first. Returns how many match in all and the ' +
    `first \`limit\` of them. ${FILTER_HELP}`,
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'A filter, e.g. "level>=error since:1h" or "checkout -health".' },
      limit: { type: 'integer', minimum: 1, maximum: 500, description: 'Records to return (default 50, at most 500).' },
      offset: { type: 'integer', minimum: 0, description: 'Skip this many matches first (to page through more).' },
      order: { type: 'string', enum: ['asc', 'desc'], description: 'asc: oldest first (default); desc: newest first.' },
    },
    additionalProperties: false,
  },
  async run(args, ctx) {
    const filter = (args.query as string | undefined) ?? '';
    const limit = clamp(args.limit, 50, 500);
    const offset = typeof args.offset === 'number' ? Math.floor(args.offset) : 0;
    const order = (args.order as 'asc' | 'desc' | undefined) ?? 'asc';
    let page;
    try {
      await settleQuery(ctx.session, { filter }, SETTLE_MS);
      page = ctx.session.query({ filter, order }, { offset, limit });
    } catch (e) {
      return filterError(e, filter);
    }
    const records = page.items.map(recordRow);
    const shown = records.length,
      end = offset + shown;
    const more =
      page.total > end
        ? `Showing ${offset + 1}–${end} of ${page.total}: ask again with offset ${end} for more, or narrow the query.`
        : `${page.total} match${page.total === 1 ? '' : 'es'}.`;
    const pending =
      page.pending > 0 ? ` ${page.pending} records are still being checked; ask again for the final count.` : '';
    const text = `${records.map(recordLine).join('\n')}${shown ? '\n' : ''}${more}${pending}`;
    const truncated = page.total > end;
    return ok(text, { total: page.total, pending: page.pending, offset, returned: shown, truncated, records });
  },
};

const groupsTool: AgentTool = {
  name: 'list_groups',
  title: 'List traces and request groups',
  description:
    'Lists groups of records: by trace ID (spans with their logs; records without one fall back to their ' +
    'correlation ID, then thread), by correlation ID, by thread, or by the value of any field. Each with its record, ' +
    'span and error counts, start time and duration.',
  inputSchema: {
    type: 'object',
    properties: {
      by: {
        type: 'string',
        description: 'trace (default), correlation, thread, or a field name such as service or http.route.',
      },
      sort: {
        type: 'string',
        enum: ['start', 'duration', 'errors', 'records', 'spans'],
        description: 'Default: errors first.',
      },
      query: { type: 'string', description: 'Only groups with a record that matches this filter.' },
      limit: { type: 'integer', minimum: 1, maximum: 200, description: 'Groups to return (default 20, at most 200).' },
    },
    additionalProperties: false,
  },
  async run(args, ctx) {
    const by = (args.by as string | undefined) || 'trace';
    const sort = ((args.sort as string | undefined) ?? 'errors') as GroupSortKey;
    const filter = (args.query as string | undefined) ?? '';
    const limit = clamp(args.limit, 20, 200);
    let page, unplaced;
    try {
      const started = performance.now();
      unplaced = await settleGroups(ctx.session, groupByOf(by), SETTLE_MS);
      if (filter) await settleQuery(ctx.session, { filter }, Math.max(0, SETTLE_MS - (performance.now() - started)));
      page = ctx.session.groupsPage({ by: groupByOf(by), filter: filter || undefined, sort }, { offset: 0, limit });
    } catch (e) {
      return filterError(e, filter);
    }
    const groups = page.items.map((g) => ({
      id: g.id,
      kind: g.kind,
      key: g.key,
      records: g.records,
      spans: g.spans,
      errors: g.errors,
      start: iso(g.startNs),
      durationMs: g.startNs !== null && g.endNs !== null ? Number(g.endNs - g.startNs) / 1e6 : null,
      root: g.root,
      services: g.services,
    }));
    const lines = groups.map(
      (g) =>
        `${g.id}  ${g.records} records, ${g.spans} spans, ${g.errors} errors, start ${g.start ?? '-'}` +
        (g.durationMs === null ? '' : `, ${g.durationMs} ms`) +
        (g.root ? `, root "${g.root}"` : '') +
        (g.services.length ? ` [${g.services.join(', ')}]` : ''),
    );
    const more = moreNote(groups.length, page.total, 'groups', 'raise limit (at most 200) or filter with query');
    const truncated = page.total > groups.length;
    const partial = unplaced > 0 ? ` ${unplaced} records are not in these groups yet; ask again for all of them.` : '';
    return ok(`${lines.join('\n')}${lines.length ? '\n' : ''}${more} Open one with get_trace {id}.${partial}`, {
      total: page.total,
      pending: page.pending,
      unplaced,
      truncated,
      groups,
    });
  },
};

const MAX_SPANS = 300;

const traceTool: AgentTool = {
  name: 'get_trace',
  title: 'Get a trace',
  description:
    'One trace (or any group from list_groups) in full: its span tree (name, service, duration, status, ' +
    'parent) and its log records in time order.',
  inputSchema: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
        description: 'A trace ID, or a group id from list_groups such as "correlation:r-17" or "thread:main".',
      },
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: 500,
        description: 'Records to return (default 100, at most 500).',
      },
    },
    required: ['id'],
    additionalProperties: false,
  },
  async run(args, ctx) {
    const raw = (args.id as string).trim();
    const m = /^(trace|correlation|thread|field):/.exec(raw);
    const groupId = m ? raw : `trace:${raw.toLowerCase()}`;
    const kind = m ? m[1]! : 'trace';
    const by: GroupBy = kind === 'field' ? { field: raw.split(':')[1] ?? '' } : { kind: kind as 'trace' };
    const ref = { by, id: groupId };
    const summary = ctx.session.group(ref);
    if (!summary) {
      return fail(`No group ${groupId} in the session. list_groups lists the ids; a trace ID is 32 hex digits.`);
    }
    const limit = clamp(args.limit, 100, 500);
    const nodes = ctx.session.spanTree(ref);
    const spans = nodes.slice(0, MAX_SPANS).map((n) => ({
      spanId: n.span.spanId,
      parentSpanId: n.span.parentSpanId,
      name: n.span.name,
      service: n.span.service,
      depth: n.depth,
      start: iso(n.span.startNs),
      durationMs: Number(n.span.endNs - n.span.startNs) / 1e6,
      status: n.span.status,
      statusMessage: n.span.statusMessage,
      origin: n.span.origin,
      records: n.records,
      errors: n.errors,
    }));
    const page = ctx.session.query({ scope: { group: ref } }, { offset: 0, limit });
    const records = page.items.map(recordRow);
    const spanLines = spans.map(
      (s) =>
        `${'  '.repeat(s.depth)}${s.name} (${s.service ?? '-'}) ${s.durationMs} ms` +
        (s.status === 'error' ? ' ERROR' : '') +
        (s.statusMessage ? `: ${s.statusMessage}` : '') +
        ` span=${s.spanId}`,
    );
    const notes = [
      nodes.length > spans.length ? `${nodes.length - spans.length} more spans not shown.` : '',
      page.total > records.length
        ? `Showing ${records.length} of ${page.total} records: query_logs with "trace:${summary.key}" and offset ` +
          'pages through all.'
        : '',
    ]
      .filter(Boolean)
      .join(' ');
    const text =
      `${groupId}: ${summary.records} records, ${summary.spans} spans, ${summary.errors} errors, ` +
      `start ${iso(summary.startNs) ?? '-'}\n` +
      (spanLines.length ? `Spans:\n${spanLines.join('\n')}\n` : '') +
      `Records:\n${records.map(recordLine).join('\n')}${notes ? `\n${notes}` : ''}`;
    return ok(text, {
      id: groupId,
      records: records,
      spans,
      totalSpans: nodes.length,
      totalRecords: page.total,
      truncated: nodes.length > spans.length || page.total > records.length,
    });
  },
};

const patternsTool: AgentTool = {
  name: 'patterns',
  title: 'Message patterns',
  description:
    'Groups the messages of the matching records into templates (numbers, IDs, paths, quoted values and ' +
    'key=value values masked), most frequent first, with counts per level and first/last time. Filter to one with ' +
    `the query pattern:ID, exclude it with -pattern:ID. ${FILTER_HELP}`,
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'Only records that match this filter (default: all).' },
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: 200,
        description: 'Patterns to return (default 30, at most 200).',
      },
      errorsFirst: { type: 'boolean', description: 'List patterns with error records first.' },
    },
    additionalProperties: false,
  },
  async run(args, ctx) {
    const filter = (args.query as string | undefined) ?? '';
    const limit = clamp(args.limit, 30, 200);
    let report;
    try {
      const errorsFirst = args.errorsFirst === true;
      report = await collectPatterns(ctx.session, { filter }, { limit, errorsFirst, settleMs: SETTLE_MS });
    } catch (e) {
      return filterError(e, filter);
    }
    const patterns = report.patterns.map((p) => ({
      id: p.id,
      template: cut(p.template),
      count: p.count,
      levels: p.levels,
      first: iso(p.firstNs),
      last: iso(p.lastNs),
      sample: p.sample,
    }));
    const lines = patterns.map((p) => {
      const levels = Object.entries(p.levels)
        .map(([l, n]) => `${l} ${n}`)
        .join(', ');
      return `${p.id} ${String(p.count).padStart(8)}  ${p.template}  [${levels}]`;
    });
    const notes = [
      moreNote(patterns.length, report.distinct, 'patterns', 'raise limit (at most 200) or narrow the query'),
      report.overflow > 0 ? `${report.overflow} records belong to patterns past the cap and are not listed.` : '',
      report.pending > 0
        ? `${report.pending} records were not decided by the filter yet: ask again for the final counts.`
        : '',
    ]
      .filter(Boolean)
      .join(' ');
    const { records, distinct, overflow, pending } = report;
    return ok(
      `${lines.join('\n')}${lines.length ? '\n' : ''}${records} records. ${notes} ` +
        'sample is a record id for the record tool.',
      { records, distinct, overflow, pending, truncated: distinct > patterns.length, patterns },
    );
  },
};

const recordTool: AgentTool = {
  name: 'record',
  title: 'Get one record',
  description:
    'One log record in full (every field as written, the error or stack trace), where it was read, and ' +
    'the workspace file and line that logged it when that can be found.',
  inputSchema: {
    type: 'object',
    properties: {
      id: {
        type: 'integer',
        minimum: 0,
        description: 'A record id (#id in query_logs and get_trace, sample in patterns).',
      },
    },
    required: ['id'],
    additionalProperties: false,
  },
  async run(args, ctx) {
    const id = args.id as number;
    let rec: LogRecord & { position: Position };
    try {
      if (ctx.session.recordSummaries([id]).length === 0) throw new Error('no such record');
      rec = await ctx.session.record(id);
    } catch (e) {
      return fail(`No record #${id} (${(e as Error).message}); ids come from query_logs, get_trace and patterns.`);
    }
    const candidates = rec.source && ctx.resolveSource ? await ctx.resolveSource(rec.source) : [];
    const best = candidates[0];
    const resolved = best
      ? { path: best.path, line: best.line, column: best.column ?? null, reason: best.reason ?? null }
      : null;
    let fields = JSON.stringify(rec.fields, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    const fieldsCut = fields.length > MAX_RECORD_JSON;
    if (fieldsCut) fields = cut(fields, MAX_RECORD_JSON);
    const record = {
      id,
      time: iso(rec.timeNs),
      timeNs: rec.timeNs?.toString() ?? null,
      level: rec.level as Level | null,
      message: cut(rec.message, 8000),
      service: rec.service,
      logger: rec.logger,
      thread: rec.thread,
      traceId: rec.traceId,
      spanId: rec.spanId,
      parentSpanId: rec.parentSpanId,
      correlationId: rec.correlationId,
      error: rec.error === null ? null : cut(rec.error, 8000),
      format: rec.format,
      position: rec.position,
      source: rec.source,
      resolvedSource: resolved,
      fields: fieldsCut ? fields : rec.fields,
    };
    const where = resolved
      ? `${resolved.path}${lineSuffix(resolved.line)}`
      : rec.source
        ? `${rec.source.file}${lineSuffix(rec.source.line)} (not found in the workspace)`
        : 'not logged';
    const text =
      `#${id} ${record.time ?? '-'} ${(rec.level ?? '-').toUpperCase()} ${record.message}\n` +
      `read from ${rec.position.source}:${rec.position.line} (${rec.format}); logged at ${where}\n` +
      (record.error ? `error:\n${record.error}\n` : '') +
      `fields: ${fields}`;
    const plain = JSON.parse(JSON.stringify(record, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    return ok(text, { record: plain });
  },
};

/** Every tool; hosts that cannot open files leave `open` out. */
export const AGENT_TOOLS: readonly AgentTool[] = [openTool, queryTool, groupsTool, traceTool, patternsTool, recordTool];

/** Runs a tool by name: bad arguments and unknown tools give an error result, never an exception. */
export async function runTool(name: string, args: unknown, ctx: AgentContext): Promise<ToolResult> {
  const tool = AGENT_TOOLS.find((t) => t.name === name);
  if (!tool) return fail(`Unknown tool ${name}. Tools: ${AGENT_TOOLS.map((t) => t.name).join(', ')}.`);
  const problem = validateArgs(tool.inputSchema, args ?? {});
  if (problem) return fail(`Invalid arguments for ${name}: ${problem}.`);
  try {
    return await tool.run((args ?? {}) as Record<string, unknown>, ctx);
  } catch (e) {
    return fail(`${name} failed: ${(e as Error).message}`);
  }
}
