// Waiting for a query's final answer: a filter that reads messages (text, regex, pattern) decides records in
// the background, and a page asked meanwhile counts only the decided ones (`pending` says how many are left).

import type { QueryApi, RecordQuery } from '../session/api';

/**
 * Resolves once no record is pending for `q`, or after `timeoutMs` (then with the number still pending, so the
 * caller can say the answer is partial). Throws the query's FilterSyntaxError at once.
 */
export async function settleQuery(
  session: Pick<QueryApi, 'queryIds'>,
  q: RecordQuery,
  timeoutMs = Infinity,
  signal?: AbortSignal,
): Promise<number> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const { pending } = session.queryIds(q, { offset: 0, limit: 0 });
    if (pending === 0 || performance.now() >= end) return pending;
    signal?.throwIfAborted();
    await new Promise((r) => setTimeout(r, 20));
  }
}
