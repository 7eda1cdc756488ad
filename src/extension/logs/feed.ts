// Answers the Logs view's requests from the session's query API. Pure (no `vscode`): the view provider, the
// browser tests' fake host and the benchmark drive the same code. Every request carries its whole query, so
// nothing here remembers what the view asked before.

import type { LogRecord, Position } from '../../core/model';
import { levelCode, type Level } from '../../core/model';
import type { QueryApi, RecordQuery, RecordId } from '../../core/session/api';
import { quoteValue } from '../../core/query/language';
import type { FilterProblem, LogsQuery, LogsRequest, LogsResponse } from '../../shared/protocol';
import { logRow, recordView } from '../detail/recordView';

export type LogsBackend = Pick<QueryApi, 'query' | 'locate' | 'histogram' | 'distinct'> & {
  record(id: RecordId): Promise<LogRecord & { position: Position }>;
};

/** Rows per request at most: a page reads each row's message from its source. */
export const MAX_PAGE = 1000;
const MAX_BUCKETS = 2000;

export function recordQuery(q: LogsQuery): RecordQuery {
  return {
    filter: q.filter,
    scope: q.scope
      ? { group: q.scope.group, ...(q.scope.spanId !== undefined ? { spanId: q.scope.spanId } : {}) }
      : { all: true },
  };
}

/** A `FilterSyntaxError` (by shape: the session may be a copy of the core bundled elsewhere), else null. */
export function filterProblem(e: unknown): FilterProblem | null {
  if (e instanceof Error && e.name === 'FilterSyntaxError') {
    const x = e as Error & { column?: unknown; length?: unknown };
    if (typeof x.column === 'number')
      return { message: e.message, column: x.column, length: typeof x.length === 'number' ? x.length : 1 };
  }
  return null;
}

export class LogsFeed {
  constructor(private readonly backend: LogsBackend) {}

  async answer(m: LogsRequest): Promise<LogsResponse> {
    try {
      return await this.answerOrThrow(m);
    } catch (e) {
      return { type: 'logsError', requestId: m.requestId, message: e instanceof Error ? e.message : String(e) };
    }
  }

  private async answerOrThrow(m: LogsRequest): Promise<LogsResponse> {
    const b = this.backend;
    switch (m.type) {
      case 'logsPage': {
        const offset = Math.max(0, Math.floor(m.offset));
        const limit = Math.max(0, Math.min(MAX_PAGE, Math.floor(m.limit)));
        try {
          const page = b.query(recordQuery(m.query), { offset, limit });
          return {
            type: 'logsPageResult',
            requestId: m.requestId,
            offset,
            total: page.total,
            pending: page.pending,
            rows: page.items.map(logRow),
            problem: null,
          };
        } catch (e) {
          const problem = filterProblem(e);
          if (!problem) throw e;
          return { type: 'logsPageResult', requestId: m.requestId, offset, total: 0, pending: 0, rows: [], problem };
        }
      }
      case 'logsHistogram': {
        const h = b.histogram(recordQuery(m.query), {
          buckets: Math.max(1, Math.min(MAX_BUCKETS, Math.floor(m.buckets))),
        });
        return {
          type: 'logsHistogramResult',
          requestId: m.requestId,
          fromMs: Number(h.fromNs / 1_000_000n) + Number(h.fromNs % 1_000_000n) / 1e6,
          bucketMs: Number(h.bucketNs) / 1e6,
          buckets: h.buckets,
          counts: h.counts,
          total: h.total,
          untimed: h.untimed,
          pending: h.pending,
        };
      }
      case 'logsLevels': {
        const d = b.distinct(recordQuery(m.query), 'level', 16);
        const counts = [0, 0, 0, 0, 0, 0, 0];
        for (const v of d.values) {
          const code = levelCode(v.value as Level | null);
          counts[code] = (counts[code] ?? 0) + v.count;
        }
        return { type: 'logsLevelsResult', requestId: m.requestId, counts, pending: d.pending };
      }
      case 'logsRecord': {
        let record: LogRecord & { position: Position };
        try {
          record = await b.record(m.id);
        } catch {
          // evicted or its source is gone: the row says so instead of failing
          return { type: 'logsRecordResult', requestId: m.requestId, record: null };
        }
        return { type: 'logsRecordResult', requestId: m.requestId, record: recordView(m.id, record) };
      }
      case 'logsLocate':
        return { type: 'logsLocateResult', requestId: m.requestId, offset: b.locate(recordQuery(m.query), m.id) };
      case 'logsContext': {
        const r = await b.record(m.id);
        let filter: string | null = null;
        if (m.by === 'thread' && r.thread !== null) filter = `thread:${quoteValue(r.thread)}`;
        else if (m.by === 'trace' && r.traceId !== null) filter = `trace:${quoteValue(r.traceId)}`;
        else if (m.by === 'trace' && r.correlationId !== null) filter = `corr:${quoteValue(r.correlationId)}`;
        return { type: 'logsContextResult', requestId: m.requestId, filter };
      }
    }
  }
}
