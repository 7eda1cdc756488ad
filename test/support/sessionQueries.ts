// Short forms of the session's query values for tests: each names its grouping explicitly (the primary one
// unless told), so a test reads like the question it asks.

import {
  PRIMARY_GROUPING,
  type GroupBy,
  type GroupMarkers,
  type GroupRef,
  type GroupSummary,
  type RecordId,
  type RecordSummary,
  type SearchHit,
  type SessionApi,
  type SpanNode,
} from '../../src/core/session/api';
import { SessionSearch, type SearchableSession } from '../../src/core/search/sessionSearch';

type Queries = Pick<SessionApi, 'groupsPage' | 'query' | 'queryIds' | 'spanTree' | 'markers' | 'groupOf'>;

export const ref = (id: string, by: GroupBy = PRIMARY_GROUPING): GroupRef => ({ by, id });

/** Every group of a grouping (filter optional), in start order, the ungrouped bucket last. */
export function groupList(s: Queries, by: GroupBy = PRIMARY_GROUPING, filter?: string): GroupSummary[] {
  const q = { by, ...(filter ? { filter } : {}) };
  return s.groupsPage(q, { limit: s.groupsPage(q, { limit: 0 }).total }).items;
}

export function records(
  s: Queries,
  groupId: string,
  opts: { spanId?: string; offset?: number; limit?: number; by?: GroupBy; filter?: string } = {},
): { total: number; items: RecordSummary[] } {
  const scope = { group: ref(groupId, opts.by), ...(opts.spanId !== undefined ? { spanId: opts.spanId } : {}) };
  const { total, items } = s.query(
    { scope, ...(opts.filter ? { filter: opts.filter } : {}) },
    { offset: opts.offset ?? 0, limit: opts.limit ?? 500 },
  );
  return { total, items };
}

export function allRecords(
  s: Queries,
  opts: { offset?: number; limit?: number; filter?: string } = {},
): { total: number; items: RecordSummary[] } {
  const { total, items } = s.query(opts.filter ? { filter: opts.filter } : {}, {
    offset: opts.offset ?? 0,
    limit: opts.limit ?? 500,
  });
  return { total, items };
}

export function allRecordIds(
  s: Queries,
  opts: { offset?: number; limit?: number } = {},
): { total: number; ids: RecordId[] } {
  const { total, ids } = s.queryIds({}, { offset: opts.offset ?? 0, limit: opts.limit ?? 500 });
  return { total, ids };
}

export function spanTree(s: Queries, groupId: string, by: GroupBy = PRIMARY_GROUPING): SpanNode[] {
  return s.spanTree(ref(groupId, by));
}

export function markers(
  s: Queries,
  groupId: string,
  by: GroupBy = PRIMARY_GROUPING,
  filter?: string,
): Promise<GroupMarkers> {
  return s.markers(ref(groupId, by), filter);
}

export function groupIdOf(s: Queries, id: RecordId, by: GroupBy = PRIMARY_GROUPING): string | null {
  return s.groupOf(id, by)?.id ?? null;
}

/** One page of a grouping's groups in start order. */
export function groupsPage(
  s: Queries,
  by: GroupBy = PRIMARY_GROUPING,
  offset = 0,
  limit = 500,
): { total: number; items: GroupSummary[] } {
  const { total, items } = s.groupsPage({ by }, { offset, limit });
  return { total, items };
}

/** Fuzzy search over a session, as the extension's Search command asks it. */
export function search(s: SearchableSession, query: string, limit?: number): SearchHit[] {
  return new SessionSearch(s).search(query, limit);
}
