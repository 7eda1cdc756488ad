// A collecting ImportSink and fixture loading for the trace importer tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogRecord, Span } from '../../../src/core/model';
import type { ImportSink } from '../../../src/core/formats/traces/types';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/traces');
export const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
export const fixture = (name: string): unknown => JSON.parse(fixtureText(name));

export interface Collected extends ImportSink {
  spans: Span[];
  records: LogRecord[];
  warnings: string[];
}

export function collect(): Collected {
  const c: Collected = {
    spans: [],
    records: [],
    warnings: [],
    span: (s) => void c.spans.push(s),
    record: (r) => void c.records.push(r),
    warn: (m) => void c.warnings.push(m),
  };
  return c;
}

export const byId = (spans: readonly Span[], id: string): Span => {
  const s = spans.find((x) => x.spanId === id);
  if (!s) throw new Error(`no span ${id}`);
  return s;
};
