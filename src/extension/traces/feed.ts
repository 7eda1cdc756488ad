// Answers the Traces table's requests from the session's query API. Pure (no `vscode`): the panel, the browser
// tests' fake host and the benchmark drive the same code. Every request carries its whole query.

import type { GroupQuery, GroupRef, GroupSummary, QueryApi } from '../../core/session/api';
import type { TraceRow, TracesQuery, TracesRequest, TracesResponse } from '../../shared/protocol';
import { filterProblem } from '../logs/feed';

export type TracesBackend = Pick<QueryApi, 'groupsPage' | 'groupPoints'>;

/** Rows per request at most. */
export const MAX_TRACES_PAGE = 1000;

export function groupQuery(q: TracesQuery): GroupQuery {
  return { by: q.by, filter: q.filter, sort: q.sort, descending: q.descending };
}

export function traceRow(g: GroupSummary): TraceRow {
  const start = g.startNs;
  return {
    id: g.id,
    kind: g.kind,
    key: g.key,
    startMs: start === null ? null : Number(start / 1_000_000n),
    startSubMsNs: start === null ? 0 : Number(start % 1_000_000n),
    durationMs: start === null || g.endNs === null ? null : Number(g.endNs - start) / 1e6,
    spans: g.spans,
    records: g.records,
    errors: g.errors,
    services: g.services.slice(0, 8),
    root: g.root,
  };
}

export class TracesFeed {
  constructor(private readonly backend: TracesBackend) {}

  answer(m: TracesRequest): TracesResponse {
    try {
      return this.answerOrThrow(m);
    } catch (e) {
      return { type: 'tracesError', requestId: m.requestId, message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** The group a scatter dot stands for: point `k` is offset `k` of the query's groups in start order. */
  pointGroup(q: TracesQuery, index: number): GroupRef | null {
    if (!Number.isInteger(index) || index < 0) return null;
    const page = this.backend.groupsPage(
      { ...groupQuery(q), sort: 'start', descending: false },
      { offset: index, limit: 1 },
    );
    const g = page.items[0];
    return g ? { by: q.by, id: g.id } : null;
  }

  private answerOrThrow(m: TracesRequest): TracesResponse {
    const b = this.backend;
    switch (m.type) {
      case 'tracesPage': {
        const offset = Math.max(0, Math.floor(m.offset));
        const limit = Math.max(0, Math.min(MAX_TRACES_PAGE, Math.floor(m.limit)));
        try {
          const page = b.groupsPage(groupQuery(m.query), { offset, limit });
          return {
            type: 'tracesPageResult',
            requestId: m.requestId,
            offset,
            total: page.total,
            pending: page.pending,
            rows: page.items.map(traceRow),
            problem: null,
          };
        } catch (e) {
          const problem = filterProblem(e);
          if (!problem) throw e;
          return { type: 'tracesPageResult', requestId: m.requestId, offset, total: 0, pending: 0, rows: [], problem };
        }
      }
      case 'tracesPoints': {
        try {
          const p = b.groupPoints(groupQuery(m.query));
          return { type: 'tracesPointsResult', requestId: m.requestId, ...p };
        } catch (e) {
          if (!filterProblem(e)) throw e;
          const none = { startMs: new Float64Array(0), durationMs: new Float64Array(0), error: new Uint8Array(0) };
          return { type: 'tracesPointsResult', requestId: m.requestId, ...none, pending: 0 };
        }
      }
    }
  }
}
