// A grouping's groups made up from their index, for the Traces table's browser tests and benchmark: the real
// filter parser (so errors carry the real columns) and a plain evaluator of its terms over each group's summary.
// 100,000 groups cost one summary each when listed, and typed columns for the scatter.

import { LEVELS } from '../../src/core/model';
import type { GroupPage, GroupPoints, GroupQuery, GroupSummary, PageRequest } from '../../src/core/session/api';
import { parseFilter, type Term } from '../../src/core/query/language';
import type { TracesBackend } from '../../src/extension/traces/feed';
import { BASE_MS, traceIdOf } from './fakeQuery';

const SERVICES = ['checkout', 'payments', 'inventory', 'gateway'];
const ROOTS = ['GET /api/cart', 'POST /api/pay', 'GET /api/items', 'GET /health'];
/** Group k starts this far after the one before. */
export const STEP_MS = 37;

export interface ExtraGroup {
  key: string;
  root: string | null;
  services: string[];
  durationMs: number;
  errors: number;
}

/** Duration of generated group k (ms): spread over four decades, so a log scale has something to show. */
export const durationOf = (k: number): number => Math.round(((k * 7919) % 1000) ** 1.6) / 10 + 1;
export const errorsOf = (k: number): number => (k % 17 === 5 ? 1 + (k % 3) : 0);

export class FakeGroups implements TracesBackend {
  private readonly extra: ExtraGroup[] = [];
  constructor(private generated: number) {}

  get size(): number {
    return this.generated + this.extra.length;
  }

  append(n: number): void {
    this.generated += n;
  }

  add(groups: ExtraGroup[]): void {
    this.extra.push(...groups);
  }

  summary(k: number): GroupSummary {
    const startMs = BASE_MS + k * STEP_MS;
    const startNs = BigInt(startMs) * 1_000_000n;
    if (k >= this.generated) {
      const x = this.extra[k - this.generated]!;
      return {
        id: `trace:${x.key}`,
        kind: 'trace',
        key: x.key,
        records: 3,
        spans: 1,
        errors: x.errors,
        startNs,
        endNs: startNs + BigInt(Math.round(x.durationMs * 1e6)),
        root: x.root,
        services: x.services,
      };
    }
    const key = traceIdOf(k);
    return {
      id: `trace:${key}`,
      kind: 'trace',
      key,
      records: 3 + (k % 11),
      spans: 1 + (k % 9),
      errors: errorsOf(k),
      startNs,
      endNs: startNs + BigInt(Math.round(durationOf(k) * 1e6)),
      root: ROOTS[k % 4]!,
      services: [SERVICES[k % 4]!],
    };
  }

  private selected(q: GroupQuery): number[] {
    const terms = parseFilter(q.filter ?? '').terms;
    const tests = terms.map((t) => {
      const f = termTest(t, this);
      return t.negate ? (k: number) => !f(k) : f;
    });
    const out: number[] = [];
    for (let k = 0; k < this.size; k++) if (tests.every((f) => f(k))) out.push(k);
    return out;
  }

  private order(q: GroupQuery): number[] {
    const ks = this.selected(q);
    const sort = q.sort ?? 'start';
    const desc = q.descending ?? ['duration', 'errors', 'records', 'spans'].includes(sort);
    if (sort === 'start' && !desc) return ks;
    const key = (k: number): number | string | null => {
      const s = this.summary(k);
      switch (sort) {
        case 'start':
          return Number(s.startNs! / 1000n);
        case 'duration':
          return Number(s.endNs! - s.startNs!);
        case 'errors':
          return s.errors;
        case 'records':
          return s.records;
        case 'spans':
          return s.spans;
        case 'service':
          return s.services[0] ?? null;
        case 'root':
          return s.root;
      }
    };
    const keys = new Map(ks.map((k) => [k, key(k)]));
    const dir = desc ? -1 : 1;
    return ks.slice().sort((a, b) => {
      const x = keys.get(a)!,
        y = keys.get(b)!;
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return dir * (x < y ? -1 : x > y ? 1 : 0);
    });
  }

  private cache: { key: string; size: number; order: number[] } | null = null;
  private cached(q: GroupQuery): number[] {
    const key = JSON.stringify(q);
    if (this.cache?.key === key && this.cache.size === this.size) return this.cache.order;
    const order = this.order(q);
    this.cache = { key, size: this.size, order };
    return order;
  }

  groupsPage(q: GroupQuery, page: PageRequest = {}): GroupPage {
    const order = this.cached(q);
    const from = Math.min(order.length, page.offset ?? 0);
    const to = Math.min(order.length, from + (page.limit ?? 500));
    return { total: order.length, pending: 0, items: order.slice(from, to).map((k) => this.summary(k)) };
  }

  groupPoints(q: GroupQuery): GroupPoints {
    const ks = this.selected({ by: q.by, ...(q.filter !== undefined ? { filter: q.filter } : {}) });
    const startMs = new Float64Array(ks.length),
      durationMs = new Float64Array(ks.length),
      error = new Uint8Array(ks.length);
    ks.forEach((k, i) => {
      const s = this.summary(k);
      startMs[i] = Number(s.startNs! / 1_000_000n);
      durationMs[i] = Number(s.endNs! - s.startNs!) / 1e6;
      error[i] = s.errors > 0 ? 1 : 0;
    });
    return { startMs, durationMs, error, pending: 0 };
  }
}

function termTest(t: Term, g: FakeGroups): (k: number) => boolean {
  switch (t.kind) {
    case 'text': {
      const w = t.text.toLowerCase();
      return (k) => {
        const s = g.summary(k);
        return (s.root ?? '').toLowerCase().includes(w) || s.services.some((x) => x.toLowerCase().includes(w));
      };
    }
    case 'level': {
      // a group "has" an error level when it counts errors: the rest of the levels are not modelled
      const wantsErrors = t.levels.some((l) => LEVELS.indexOf(l) >= LEVELS.indexOf('error'));
      return (k) => (wantsErrors ? g.summary(k).errors > 0 : true);
    }
    case 'column':
      return (k) => {
        const s = g.summary(k);
        const v = t.name === 'service' ? (s.services[0] ?? null) : t.name === 'traceId' ? s.key : null;
        return (
          v !== null &&
          t.values.some((m) => ('exact' in m ? m.exact.toLowerCase() === v.toLowerCase() : m.glob.test(v)))
        );
      };
    case 'time': {
      const newest = BASE_MS + (g.size - 1) * STEP_MS;
      const at = 'absNs' in t.at ? Number(t.at.absNs / 1_000_000n) : newest - Number(t.at.agoNs / 1_000_000n);
      return (k) => {
        const s = Number(g.summary(k).startNs! / 1_000_000n);
        return t.bound === 'since' ? s >= at : s < at;
      };
    }
    default:
      return () => false;
  }
}
