// How the agent tools answer: text for the model plus the same facts as structured data, with times as ISO
// strings, long texts cut (saying by how much) and filter mistakes pointed at.

import type { RecordSummary } from '../session/api';
import { FilterSyntaxError } from '../query/language';

export interface ToolResult {
  text: string;
  structured: Record<string, unknown>;
  isError: boolean;
}

/** Longest message or field text put in an answer; longer ones end with a note of how much was cut. */
export const MAX_TEXT = 2000;

export const FILTER_HELP =
  'Filter language: free words, "phrases", -negation, /regex/, level>=warn, trace:ID, corr:ID, thread:NAME, ' +
  'service:NAME, any.field:value, since:15m, until:ISO-TIME, pattern:ID. Empty: every record.';

export const ok = (text: string, structured: Record<string, unknown>): ToolResult => ({
  text,
  structured,
  isError: false,
});
export const fail = (text: string): ToolResult => ({ text, structured: { error: text }, isError: true });

/** Epoch nanoseconds as an ISO time with all nine fraction digits; null for none. */
export function iso(ns: bigint | null): string | null {
  if (ns === null) return null;
  const d = new Date(Number(ns / 1_000_000n));
  if (Number.isNaN(d.getTime())) return null;
  const frac = ((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  return `${d.toISOString().slice(0, 19)}.${frac.toString().padStart(9, '0')}Z`;
}

export function cut(s: string, max = MAX_TEXT): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [${s.length - max} more characters]`;
}

export const lineSuffix = (line: number | null) => (line === null ? '' : `:${line}`);

export type RecordRow = ReturnType<typeof recordRow>;

export function recordRow(r: RecordSummary) {
  return {
    id: r.id,
    time: iso(r.timeNs),
    level: r.level,
    message: cut(r.message),
    traceId: r.traceId,
    spanId: r.spanId,
    correlationId: r.correlationId,
    thread: r.thread,
    service: r.service,
    source: r.source ? `${r.source.file}${lineSuffix(r.source.line)}` : null,
    at: `${r.position.source}:${r.position.line}`,
  };
}

export function recordLine(r: RecordRow): string {
  const ids = [r.traceId && `trace=${r.traceId}`, r.correlationId && `corr=${r.correlationId}`].filter(Boolean);
  const service = r.service ? `[${r.service}] ` : '';
  const tail = ids.length ? `  (${ids.join(' ')})` : '';
  return `#${r.id} ${r.time ?? '-'} ${(r.level ?? '-').toUpperCase()} ${service}${r.message}${tail}`;
}

/** The filter's mistake as a tool error: the message and a caret under it. Rethrows anything else. */
export function filterError(e: unknown, filter: string): ToolResult {
  if (!(e instanceof FilterSyntaxError)) throw e;
  const caret = `${' '.repeat(Math.max(0, e.column - 1))}^`;
  return fail(`Invalid query: ${e.message} (column ${e.column})\n  ${filter}\n  ${caret}\n${FILTER_HELP}`);
}

/** What to say after a cut list: how many were shown and how to ask for the rest. */
export function moreNote(shown: number, total: number, noun: string, how: string): string {
  return total > shown ? `Showing ${shown} of ${total} ${noun}: ${how}.` : `${total} ${noun}.`;
}
