// Fuzzy search over what a person remembers about a request: a group key (part of a trace or request ID, a
// thread name), a span name, a service, words of a message. fuse.js does the matching; this module only decides
// what goes in and keeps the index small (messages are a bounded, de-duplicated sample).

import Fuse from 'fuse.js';
import { PRIMARY_GROUPING, type RecordId, type SearchHit } from '../session/api';

export interface SearchItem {
  kind: SearchHit['kind'];
  label: string;
  detail: string;
  /** A group of the primary grouping. */
  groupId: string;
  spanId?: string;
  recordId?: RecordId;
}

/** Hits of these kinds rank first at equal score: a group or span is a better jump target than one record. */
const KIND_RANK: Record<SearchHit['kind'], number> = { group: 0, span: 1, service: 2, record: 3 };

/**
 * Group keys (trace IDs, request IDs, thread names) are matched as substrings, not fuzzily: a pasted ID
 * fragment must find its group among 100,000 others at once, and a fuzzy match of hex IDs is only noise.
 */
export interface KeyItem {
  key: string;
  detail: string;
  groupId: string;
}

export class SearchIndex {
  private fuse: Fuse<SearchItem> | null = null;
  private items: SearchItem[] = [];
  private keys: KeyItem[] = [];
  private lowerKeys: string[] = [];

  build(items: SearchItem[], keys: KeyItem[] = []): void {
    this.keys = keys;
    this.lowerKeys = keys.map((k) => k.key.toLowerCase());
    this.items = items;
    this.fuse = new Fuse(items, {
      keys: [
        { name: 'label', weight: 0.8 },
        { name: 'detail', weight: 0.2 },
      ],
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.35,
      minMatchCharLength: 2,
    });
  }

  get size(): number {
    return this.items.length + this.keys.length;
  }

  search(query: string, limit = 50): SearchHit[] {
    const q = query.trim();
    if (q.length === 0) return [];
    const hits: SearchHit[] = [];
    const lq = q.toLowerCase();
    for (let i = 0; i < this.lowerKeys.length && hits.length < limit; i++) {
      const at = this.lowerKeys[i]!.indexOf(lq);
      if (at < 0) continue;
      const k = this.keys[i]!;
      // Whole key 1, prefix 0.95, elsewhere 0.9: always above fuzzy hits, which are ≤ 1 but rarely exact.
      const score = at === 0 ? (lq.length === k.key.length ? 1 : 0.95) : 0.9;
      hits.push({
        kind: 'group',
        label: k.key,
        detail: k.detail,
        group: { by: PRIMARY_GROUPING, id: k.groupId },
        score,
      });
    }
    if (!this.fuse) return hits.sort((a, b) => b.score - a.score);
    const found = this.fuse.search(q, { limit: Math.max(limit * 2, limit) });
    const fuzzy: SearchHit[] = found.map((r) => ({
      kind: r.item.kind,
      label: r.item.label,
      detail: r.item.detail,
      group: { by: PRIMARY_GROUPING, id: r.item.groupId },
      ...(r.item.spanId !== undefined ? { spanId: r.item.spanId } : {}),
      ...(r.item.recordId !== undefined ? { recordId: r.item.recordId } : {}),
      // fuse scores 0 = perfect; hits report 1 = perfect so callers can sort descending.
      score: 1 - (r.score ?? 1),
    }));
    hits.push(...fuzzy);
    hits.sort((a, b) => b.score - a.score || KIND_RANK[a.kind] - KIND_RANK[b.kind]);
    return hits.slice(0, limit);
  }
}
