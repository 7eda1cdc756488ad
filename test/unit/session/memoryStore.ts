// An in-memory RecordStore for session tests: the test states each record's normalised fields directly, so the
// grouping, filtering and paging rules are tested apart from parsing (fixture files test them end to end).

import type { LogRecord, Position, Span } from '../../../src/core/model';
import { levelCode } from '../../../src/core/model';
import { NONE, readColumnsOneByOne, type RecordColumns, type RecordStore } from '../../../src/core/index/types';
import type { SourceSummary, StreamSink } from '../../../src/core/session/api';
import type { SessionBackend } from '../../../src/core/session/session';

export type Rec = Partial<Omit<LogRecord, 'timeNs'>> & { timeNs?: bigint | number | null; source_?: string };

export class MemoryStore implements RecordStore {
  private readonly recs: (LogRecord & { position: Position })[] = [];
  readonly spans: Span[] = [];
  private readonly strings: string[] = [];
  private readonly keys = new Map<string, number>();
  private readonly listeners = new Set<(from: number, to: number) => void>();
  private readonly linesPerSource = new Map<string, number>();
  loads = 0;
  /** Microseconds each message() spends, to stand in for reading a record's bytes from a big file. */
  messageCostUs = 0;

  get count(): number {
    return this.recs.length;
  }

  append(recs: Rec[], spans: Partial<Span>[] = []): void {
    const from = this.recs.length;
    for (const r of recs) {
      const t = r.timeNs;
      const source = r.source_ ?? 'mem.log';
      const line = (this.linesPerSource.get(source) ?? 0) + 1;
      this.linesPerSource.set(source, line);
      this.recs.push({
        timeNs: t === undefined || t === null ? null : BigInt(t),
        level: r.level ?? null,
        message: r.message ?? '',
        service: r.service ?? null,
        logger: r.logger ?? null,
        thread: r.thread ?? null,
        correlationId: r.correlationId ?? null,
        traceId: r.traceId ?? null,
        spanId: r.spanId ?? null,
        parentSpanId: r.parentSpanId ?? null,
        source: r.source ?? null,
        error: r.error ?? null,
        fields: r.fields ?? {},
        format: r.format ?? 'test',
        position: { source, line, offset: 0 },
      });
    }
    for (const s of spans) {
      this.spans.push({
        traceId: s.traceId!,
        spanId: s.spanId!,
        parentSpanId: s.parentSpanId ?? null,
        name: s.name ?? s.spanId!,
        service: s.service ?? null,
        kind: null,
        startNs: s.startNs!,
        endNs: s.endNs!,
        status: s.status ?? 'unset',
        statusMessage: null,
        attributes: {},
        events: [],
        links: [],
        origin: 'reported',
        format: 'test',
      });
    }
    for (const l of this.listeners) l(from, this.recs.length);
  }

  private key(s: string | null): number {
    if (s === null) return NONE;
    let k = this.keys.get(s);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(s);
      this.keys.set(s, k);
    }
    return k;
  }

  timeMs(id: number): number {
    const t = this.recs[id]!.timeNs;
    return t === null ? NaN : Number(t / 1_000_000n);
  }
  timeSubMsNs(id: number): number {
    const t = this.recs[id]!.timeNs;
    return t === null ? 0 : Number(t % 1_000_000n);
  }
  level(id: number): number {
    return levelCode(this.recs[id]!.level);
  }
  traceKey(id: number): number {
    return this.key(this.recs[id]!.traceId);
  }
  spanKey(id: number): number {
    return this.key(this.recs[id]!.spanId);
  }
  parentSpanKey(id: number): number {
    return this.key(this.recs[id]!.parentSpanId);
  }
  correlationKey(id: number): number {
    return this.key(this.recs[id]!.correlationId);
  }
  threadKey(id: number): number {
    return this.key(this.recs[id]!.thread);
  }
  serviceKey(id: number): number {
    return this.key(this.recs[id]!.service);
  }
  formatKey(id: number): number {
    return this.key(this.recs[id]!.format);
  }
  string(key: number): string {
    return this.strings[key]!;
  }
  findString(s: string): number {
    return this.keys.get(s) ?? NONE;
  }
  readColumns(from: number, to: number, out: RecordColumns): void {
    readColumnsOneByOne(this, from, to, out);
  }

  source(id: number) {
    return this.recs[id]!.source;
  }
  hasError(id: number): boolean {
    const r = this.recs[id]!;
    return r.error !== null || levelCode(r.level) >= levelCode('error');
  }
  position(id: number): Position {
    return this.recs[id]!.position;
  }
  message(id: number): string {
    if (this.messageCostUs > 0) {
      const until = performance.now() + this.messageCostUs / 1000;
      while (performance.now() < until);
    }
    return this.recs[id]!.message.split('\n')[0]!.slice(0, 200);
  }
  async load(id: number): Promise<LogRecord> {
    this.loads++;
    const { position: _p, ...rec } = this.recs[id]!;
    return rec;
  }
  async raw(id: number): Promise<string> {
    return JSON.stringify(this.recs[id]!.fields);
  }
  /** Sources to list in `sources()` by name (others are not listed), e.g. to say which ones are files. */
  readonly kinds = new Map<string, 'file' | 'stream'>();
  sources(): SourceSummary[] {
    return [...this.kinds].map(([name, kind]) => ({
      name,
      kind,
      lines: this.linesPerSource.get(name) ?? 0,
      recordLines: 0,
      records: 0,
      spans: 0,
      continuationLines: 0,
      badLines: [],
      formats: {},
      bytes: 0,
      bytesDone: 0,
      done: true,
      error: null,
      elapsedMs: 0,
    }));
  }
  onAppend(listener: (from: number, to: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A backend over a MemoryStore; `stores` collects every store created (a new one after `clear()`). */
export function memoryBackend(stores: MemoryStore[] = []) {
  return (): SessionBackend => {
    const store = new MemoryStore();
    stores.push(store);
    return {
      store,
      addFile: () => Promise.reject(new Error('memory store reads no files')),
      addStream: (): StreamSink => {
        throw new Error('memory store has no streams');
      },
    };
  };
}
