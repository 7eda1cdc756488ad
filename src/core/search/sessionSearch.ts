// Fuzzy search over a session, asked through its public queries: what a person remembers about a request (part
// of a trace or request ID, a thread name, a span name, a service, words of a message). The catalogue is rebuilt
// when the session changed, at most once a second once it is big (a live source keeps changing it).

import { PRIMARY_GROUPING, UNGROUPED_GROUP_ID, type SearchHit, type SessionApi } from '../session/api';
import { SearchIndex, type KeyItem, type SearchItem } from './searchIndex';

/** Messages sampled into the search index, at most (each is read from its source). */
const SEARCH_MESSAGES = 5_000;
const SEARCH_MESSAGES_PER_GROUP = 2;
/** Records of a group looked at for its sample messages. */
const SEARCH_RECORDS_PER_GROUP = 64;
const SEARCH_SPAN_NAMES = 5_000;
const SEARCH_TRACES_PER_SPAN_NAME = 3;
const SEARCH_FUZZY_KEYS = 5_000;
/** Below this many entries the search index is rebuilt on every change; above, at most once a second. */
const SEARCH_REBUILD_FREE = 5_000;

export type SearchableSession = Pick<SessionApi, 'groupsPage' | 'spans' | 'queryIds' | 'recordSummaries' | 'stats'>;

export class SessionSearch {
  private readonly index = new SearchIndex();
  private stamp = '';
  private builtAt = 0;

  constructor(private readonly session: SearchableSession) {}

  search(query: string, limit = 50): SearchHit[] {
    const st = this.session.stats();
    const g = st.groups;
    const stamp = `${st.records}:${st.spans}:${st.evicted}:${g.trace}:${g.correlation}:${g.thread}`;
    const fresh = this.index.size < SEARCH_REBUILD_FREE || Date.now() - this.builtAt > 1000;
    if (stamp !== this.stamp && fresh) {
      const { items, keys } = this.catalogue();
      this.index.build(items, keys);
      this.stamp = stamp;
      this.builtAt = Date.now();
    }
    return this.index.search(query, limit);
  }

  private catalogue(): { items: SearchItem[]; keys: KeyItem[] } {
    const session = this.session;
    const items: SearchItem[] = [];
    const keys: KeyItem[] = [];
    const services = new Map<string, string>();
    // In start order: where the message sample runs out, the earliest groups are the ones sampled.
    const q = { by: PRIMARY_GROUPING };
    const all = session.groupsPage(q, { limit: session.groupsPage(q, { limit: 0 }).total }).items;
    const groups = all.filter((g) => g.id !== UNGROUPED_GROUP_ID);
    for (const g of groups) {
      keys.push({ key: g.key, detail: [g.kind, g.root, ...g.services].filter(Boolean).join(' · '), groupId: g.id });
      for (const svc of g.services) if (!services.has(svc)) services.set(svc, g.id);
    }
    // Request IDs and thread names are words people half-remember: fuzzy too, while there are not too many.
    const named = groups.filter((g) => g.kind !== 'trace');
    if (named.length <= SEARCH_FUZZY_KEYS) {
      for (const g of named) items.push({ kind: 'group', label: g.key, detail: g.kind, groupId: g.id });
    }
    // Span names: each distinct name once per trace, for at most a few traces (a name repeated in 10,000
    // traces is one thing to find; the hit jumps to its first traces).
    const perName = new Map<string, Set<string>>();
    for (const s of session.spans()) {
      let traces = perName.get(s.name);
      if (!traces) perName.set(s.name, (traces = new Set()));
      if (traces.has(s.traceId) || traces.size >= SEARCH_TRACES_PER_SPAN_NAME || perName.size > SEARCH_SPAN_NAMES)
        continue;
      traces.add(s.traceId);
      items.push({
        kind: 'span',
        label: s.name,
        detail: [s.service, s.traceId].filter(Boolean).join(' · '),
        groupId: `trace:${s.traceId}`,
        spanId: s.spanId,
      });
    }
    for (const [svc, gid] of services) items.push({ kind: 'service', label: svc, detail: 'service', groupId: gid });
    // Messages: the first of each group, errors first (what people search for), distinct, bounded overall.
    const seen = new Set<string>();
    let budget = SEARCH_MESSAGES;
    for (const filter of ['level>=error', '-level>=error']) {
      for (const g of all) {
        if (budget <= 0) break;
        const scope = { group: { by: PRIMARY_GROUPING, id: g.id } };
        const { ids } = session.queryIds({ scope, filter }, { limit: SEARCH_RECORDS_PER_GROUP });
        let taken = 0;
        for (const r of session.recordSummaries(ids)) {
          if (taken >= SEARCH_MESSAGES_PER_GROUP || budget <= 0) break;
          if (!r.message || seen.has(r.message)) continue;
          seen.add(r.message);
          items.push({ kind: 'record', label: r.message, detail: g.key || 'ungrouped', groupId: g.id, recordId: r.id });
          taken++;
          budget--;
        }
      }
    }
    return { items, keys };
  }
}
