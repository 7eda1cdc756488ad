// A query API over generated records, for the Logs view's browser tests and benchmark: the real filter parser
// (so errors carry the real columns), a plain evaluator for its terms, and records made up from their index —
// a million of them cost a few arrays, not a million objects. Hand-made records (hostile ones, stack traces)
// are added on top.

import { LEVELS, levelCode, type Level, type LogRecord, type Position } from '../../src/core/model';
import type {
  DistinctValues,
  Histogram,
  HistogramOptions,
  PageRequest,
  RecordPage,
  RecordQuery,
  RecordSummary,
} from '../../src/core/session/api';
import { parseFilter, type Term, type ValueMatch } from '../../src/core/query/language';
import type { LogsBackend } from '../../src/extension/logs/feed';

export interface ExtraRecord {
  level: Level | null;
  message: string;
  service?: string | null;
  thread?: string | null;
  traceId?: string | null;
  error?: string | null;
  fields?: Record<string, unknown>;
  source?: { file: string; line: number | null } | null;
}

export const BASE_MS = 1_764_000_000_000;
const SERVICES = ['checkout', 'payments', 'inventory', 'gateway'];
const PATHS = ['/api/cart', '/api/pay', '/api/items', '/health'];
/** Level of generated record i: mostly info, some debug, warn every 50th, error every 200th. */
export const levelOf = (i: number): Level =>
  i % 200 === 7 ? 'error' : i % 50 === 3 ? 'warn' : i % 5 === 1 ? 'debug' : 'info';

export class FakeQuery implements LogsBackend {
  private generated = 0;
  private readonly extra: ExtraRecord[] = [];
  /** Epoch ms of the newest record (since:15m counts back from it). */
  private readonly stepMs = 10;

  constructor(generated = 0) {
    this.generated = generated;
  }

  get size(): number {
    return this.generated + this.extra.length;
  }

  append(n: number): void {
    this.generated += n;
  }

  add(records: ExtraRecord[]): number[] {
    // hand-made records come after the generated ones in time
    const first = this.size;
    this.extra.push(...records);
    return records.map((_r, k) => first + k);
  }

  timeMs(id: number): number {
    return BASE_MS + id * this.stepMs;
  }

  summary(id: number): RecordSummary {
    const timeNs = BigInt(this.timeMs(id)) * 1_000_000n + BigInt((id * 37) % 1000);
    if (id >= this.generated) {
      const x = this.extra[id - this.generated]!;
      return {
        id,
        timeNs,
        level: x.level,
        message: firstLine(x.message),
        traceId: x.traceId ?? null,
        spanId: null,
        thread: x.thread ?? null,
        correlationId: null,
        service: x.service ?? null,
        source: x.source ? { ...x.source, function: null, origin: 'field' } : null,
        position: { source: 'fake.log', line: id + 1, offset: 0 },
      };
    }
    return {
      id,
      timeNs,
      level: levelOf(id),
      message: `${PATHS[id % 4]} request ${id} took ${(id * 7) % 900} ms`,
      traceId: traceIdOf(Math.floor(id / 10)),
      spanId: null,
      thread: `worker-${id % 8}`,
      correlationId: null,
      service: SERVICES[id % 4]!,
      source: { file: 'src/app/Handler.java', line: 40 + (id % 20), function: null, origin: 'field' },
      position: { source: 'fake.log', line: id + 1, offset: 0 },
    };
  }

  async record(id: number): Promise<LogRecord & { position: Position }> {
    if (id < 0 || id >= this.size) throw new Error(`no record ${id}`);
    const s = this.summary(id);
    const x = id >= this.generated ? this.extra[id - this.generated]! : null;
    return {
      timeNs: s.timeNs,
      level: s.level,
      message: x ? x.message : s.message,
      service: s.service,
      logger: 'com.acme.Handler',
      thread: s.thread,
      correlationId: null,
      traceId: s.traceId,
      spanId: null,
      parentSpanId: null,
      source: s.source,
      error: x?.error ?? null,
      fields: x?.fields ?? {
        msg: s.message,
        level: s.level,
        http: { method: 'GET', status: 200, path: PATHS[id % 4] },
      },
      format: 'fake',
      position: s.position,
    };
  }

  private matcher(q: RecordQuery): (id: number) => boolean {
    const terms = parseFilter(q.filter ?? '').terms;
    const newest = this.timeMs(this.size - 1);
    const tests = terms.map((t) => {
      const f = termTest(t, this, newest);
      return t.negate ? (id: number) => !f(id) : f;
    });
    const scope = q.scope && 'group' in q.scope ? q.scope.group.id.replace(/^trace:/, '') : null;
    return (id) => (scope === null || this.summary(id).traceId === scope) && tests.every((f) => f(id));
  }

  private matching(q: RecordQuery): number[] | null {
    if (!(q.filter ?? '').trim() && !(q.scope && 'group' in q.scope)) return null;
    const m = this.matcher(q);
    const out: number[] = [];
    for (let id = 0; id < this.size; id++) if (m(id)) out.push(id);
    return out;
  }

  private cache: { key: string; size: number; ids: number[] | null } | null = null;
  private ids(q: RecordQuery): number[] | null {
    const key = JSON.stringify(q);
    if (this.cache?.key === key && this.cache.size === this.size) return this.cache.ids;
    const ids = this.matching(q);
    this.cache = { key, size: this.size, ids };
    return ids;
  }

  query(q: RecordQuery, page: PageRequest = {}): RecordPage {
    const ids = this.ids(q);
    const total = ids ? ids.length : this.size;
    const offset = page.offset ?? 0,
      limit = page.limit ?? 500;
    const items: RecordSummary[] = [];
    for (let k = offset; k < Math.min(total, offset + limit); k++) items.push(this.summary(ids ? ids[k]! : k));
    return { total, pending: 0, items };
  }

  locate(q: RecordQuery, id: number): number {
    const ids = this.ids(q);
    if (!ids) return id < this.size ? id : -1;
    return ids.indexOf(id);
  }

  /** Level code of a record without building its summary (histograms and counts over a million stay cheap). */
  private levelCodeOf(id: number): number {
    return id < this.generated ? levelCode(levelOf(id)) : levelCode(this.extra[id - this.generated]!.level);
  }

  histogram(q: RecordQuery, opts: HistogramOptions = {}): Histogram {
    const ids = this.ids(q);
    const total = ids ? ids.length : this.size;
    const buckets = opts.buckets ?? 100;
    const first = total === 0 ? 0 : ids ? ids[0]! : 0,
      last = total === 0 ? 0 : ids ? ids[total - 1]! : this.size - 1;
    const fromMs = this.timeMs(first),
      toMs = this.timeMs(last) + 1;
    const bucketNs = BigInt(Math.max(1, Math.ceil(((toMs - fromMs) * 1e6) / buckets)));
    const fromNs = BigInt(fromMs) * 1_000_000n;
    const counts = new Uint32Array(buckets * 7);
    const bucketMs = Number(bucketNs) / 1e6;
    for (let k = 0; k < total; k++) {
      const id = ids ? ids[k]! : k;
      const b = Math.min(buckets - 1, Math.floor((this.timeMs(id) - fromMs) / bucketMs));
      counts[b * 7 + this.levelCodeOf(id)]!++;
    }
    return {
      fromNs,
      toNs: fromNs + bucketNs * BigInt(buckets),
      bucketNs,
      buckets,
      counts,
      total,
      untimed: 0,
      pending: 0,
    };
  }

  distinct(q: RecordQuery, field: string): DistinctValues {
    const ids = this.ids(q);
    const total = ids ? ids.length : this.size;
    const counts = new Map<string | null, number>();
    if (field === 'level') {
      const byCode = new Array<number>(7).fill(0);
      for (let k = 0; k < total; k++) byCode[this.levelCodeOf(ids ? ids[k]! : k)]!++;
      byCode.forEach((c, code) => {
        if (c > 0) counts.set(code === 0 ? null : LEVELS[code - 1]!, c);
      });
    } else {
      for (let k = 0; k < total; k++) {
        const s = this.summary(ids ? ids[k]! : k);
        const v = field === 'service' ? s.service : s.thread;
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
    }
    const values = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
    return { values, distinct: values.length, pending: 0 };
  }
}

/** A made-up 32-digit hex trace ID per group of ten records. */
export function traceIdOf(group: number): string {
  let h = '';
  for (let k = 0; k < 4; k++)
    h += ((Math.imul(group + 1, 2654435761) ^ Math.imul(k + 1, 40503)) >>> 0).toString(16).padStart(8, '0');
  return h;
}

function firstLine(s: string): string {
  const nl = s.indexOf('\n');
  return (nl < 0 ? s : s.slice(0, nl)).slice(0, 200);
}

function valueMatches(v: string | null, values: ValueMatch[]): boolean {
  if (v === null) return false;
  return values.some((m) => ('exact' in m ? m.exact.toLowerCase() === v.toLowerCase() : m.glob.test(v)));
}

function termTest(t: Term, q: FakeQuery, newestMs: number): (id: number) => boolean {
  switch (t.kind) {
    case 'text': {
      const w = t.text.toLowerCase();
      return (id) => q.summary(id).message.toLowerCase().includes(w);
    }
    case 'regex': {
      const re = new RegExp(t.source, t.flags);
      return (id) => re.test(q.summary(id).message);
    }
    case 'level': {
      const codes = t.levels.map((l) => LEVELS.indexOf(l) + 1);
      return (id) => {
        const c = levelCode(q.summary(id).level);
        if (t.op === ':') return codes.includes(c);
        const x = codes[0]!;
        return c !== 0 && (t.op === '>=' ? c >= x : t.op === '<=' ? c <= x : t.op === '>' ? c > x : c < x);
      };
    }
    case 'column':
      return (id) =>
        valueMatches((q.summary(id) as unknown as Record<string, string | null>)[t.name] ?? null, t.values);
    case 'field':
      return () => false;
    case 'time': {
      const at = 'absNs' in t.at ? Number(t.at.absNs / 1_000_000n) : newestMs - Number(t.at.agoNs / 1_000_000n);
      return t.bound === 'since' ? (id) => q.timeMs(id) >= at : (id) => q.timeMs(id) < at;
    }
    case 'pattern':
      return () => false;
  }
}
