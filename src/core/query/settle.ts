// Waiting for a query's final answer: a filter that reads messages (text, regex, pattern) decides records in
// the background, and a page asked meanwhile counts only the decided ones (`pending` says how many are left).
// A grouping made when first asked for (by correlation ID, thread, a field) likewise places the records in the
// background, and its groups hold only those placed so far (`groupsPending`).

import type { GroupBy, QueryApi, RecordQuery, SessionApi } from '../session/api';

/**
 * Resolves once no record is pending for `q`, or after `timeoutMs` (then with the number still pending, so the
 * caller can say the answer is partial). Throws the query's FilterSyntaxError at once.
 */
export function settleQuery(
  session: Pick<QueryApi, 'queryIds'>,
  q: RecordQuery,
  timeoutMs = Infinity,
  signal?: AbortSignal,
): Promise<number> {
  const pending = () => session.queryIds(q, { offset: 0, limit: 0 }).pending;
  return settle(pending, timeoutMs, signal, () => new Promise((r) => setTimeout(r, 20)));
}

/**
 * Resolves once every record is placed in the grouping `by`, or after `timeoutMs` (then with the number still to
 * place, so the caller can say the groups are partial).
 */
export function settleGroups(
  session: Pick<SessionApi, 'groupsPending'>,
  by: GroupBy,
  timeoutMs = Infinity,
  signal?: AbortSignal,
): Promise<number> {
  // (each ask places a slice; the rest goes on between the asks)
  return settle(
    () => session.groupsPending(by),
    timeoutMs,
    signal,
    () => new Promise((r) => setImmediate(r)),
  );
}

async function settle(
  pending: () => number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  pause: () => Promise<unknown>,
): Promise<number> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const left = pending();
    if (left === 0 || performance.now() >= end) return left;
    signal?.throwIfAborted();
    await pause();
  }
}
