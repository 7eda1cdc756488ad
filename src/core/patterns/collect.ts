// The patterns of the records a query selects, read through the session's public API: ids in time order, then
// each page's summaries (their first message line, level and time). Gives the event loop back between pages.

import type { QueryApi, RecordQuery, SessionApi } from '../session/api';
import { PatternCollector, type CollectorOptions, type PatternReport } from './collector';
import { settleQuery } from '../query/settle';

/** What collecting needs of a session. */
export type PatternSession = Pick<QueryApi, 'queryIds'> & Pick<SessionApi, 'recordSummaries'>;

export interface CollectOptions extends CollectorOptions {
  /** Patterns listed (default all). */
  limit?: number;
  /** Patterns with error or fatal records first. */
  errorsFirst?: boolean;
  signal?: AbortSignal;
  /** How long to wait for a filter that reads messages to decide every record (default: as long as it takes). */
  settleMs?: number;
}

const PAGE = 8192;

/** Counts the patterns of every record `q` selects. Throws the query's `FilterSyntaxError` for a bad filter. */
export async function collectPatterns(
  session: PatternSession, q: RecordQuery, opts: CollectOptions = {},
): Promise<PatternReport & { pending: number }> {
  const c = new PatternCollector(opts);
  await settleQuery(session, q, opts.settleMs ?? Infinity, opts.signal);
  const first = session.queryIds(q, { offset: 0, limit: PAGE });
  let pending = first.pending;
  let page = first;
  for (let offset = 0; ; ) {
    for (const r of session.recordSummaries(page.ids)) c.add(r.id, r.message, r.level, r.timeNs);
    offset += page.ids.length;
    if (page.ids.length < PAGE || offset >= first.total) break;
    opts.signal?.throwIfAborted();
    await new Promise((resolve) => setImmediate(resolve));
    page = session.queryIds(q, { offset, limit: PAGE });
    pending = page.pending;
  }
  return { ...c.report({ limit: opts.limit, errorsFirst: opts.errorsFirst }), pending };
}
