// The patterns of the records a query selects, read through the session's public API: ids in time order, then
// their messages (first line, read alone from the source), levels and times a batch at a time, giving the event
// loop back every few ms.

import type { QueryApi, RecordQuery, SessionApi } from '../session/api';
import { PatternCollector, type CollectorOptions, type PatternReport } from './collector';
import { settleQuery } from '../query/settle';

/** What collecting needs of a session. */
export type PatternSession = Pick<QueryApi, 'queryIds'> &
  Pick<SessionApi, 'recordSummaries'> &
  Partial<Pick<SessionApi, 'recordMessages'>>;

export interface CollectOptions extends CollectorOptions {
  /** Patterns listed (default all). */
  limit?: number;
  /** Patterns with error or fatal records first. */
  errorsFirst?: boolean;
  signal?: AbortSignal;
  /** How long to wait for a filter that reads messages to decide every record (default: as long as it takes). */
  settleMs?: number;
}

/** Records read at a time, and how long a turn may run before the event loop gets a turn (the editor's host). */
const BATCH = 1024;
const SLICE_MS = 8;

/** Counts the patterns of every record `q` selects. Throws the query's `FilterSyntaxError` for a bad filter. */
export async function collectPatterns(
  session: PatternSession,
  q: RecordQuery,
  opts: CollectOptions = {},
): Promise<PatternReport & { pending: number }> {
  const c = new PatternCollector(opts);
  await settleQuery(session, q, opts.settleMs ?? Infinity, opts.signal);
  // One snapshot of the ids: records arriving meanwhile (a live source) would shift later pages.
  const { ids, pending } = session.queryIds(q, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const read = session.recordMessages?.bind(session) ?? session.recordSummaries.bind(session);
  let turn = performance.now();
  for (let i = 0; i < ids.length; i += BATCH) {
    for (const r of read(ids.slice(i, i + BATCH))) c.add(r.id, r.message, r.level, r.timeNs);
    if (performance.now() - turn > SLICE_MS) {
      opts.signal?.throwIfAborted();
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
  }
  return { ...c.report({ limit: opts.limit, errorsFirst: opts.errorsFirst }), pending };
}
