// A record as every view shows it: the Logs view's row and expanded row, the timeline's record list and the
// hover all come from these two functions, so one record reads the same everywhere. Pure: no `vscode`.
// Values are bounded here — a 1 MB message or a 10,000-key object must not become a 1 MB message to a webview.

import { levelCode, type LogRecord, type Position, type SourceLocation } from '../../core/model';
import type { RecordSummary } from '../../core/session/api';
import { isLibraryFrame, stackLines } from '../../core/source/frames';
import type { FieldNode, LogRow, RecordView, StackLine } from '../../shared/protocol';
import { formatTimeNs, levelLabel } from '../tree/format';

/** Longest string sent whole; longer ones are cut and say how long they were. */
export const MAX_VALUE_CHARS = 10_000;
const MAX_MESSAGE_CHARS = 100_000;
const MAX_CHILDREN = 500;
const MAX_DEPTH = 12;
const MAX_NODES = 5_000;

/** "file:line" as the log wrote it. */
export function sourceText(loc: { file: string; line: number | null } | null): string | null {
  if (!loc) return null;
  return loc.line !== null ? `${loc.file}:${loc.line}` : loc.file;
}

/** One table row: only what the columns show. */
export function logRow(r: RecordSummary): LogRow {
  const ms = r.timeNs === null ? null : r.timeNs / 1_000_000n;
  return {
    id: r.id,
    timeMs: ms === null ? null : Number(ms),
    subMsNs: r.timeNs === null ? 0 : Number(r.timeNs - ms! * 1_000_000n),
    level: levelCode(r.level),
    service: r.service,
    thread: r.thread,
    trace: r.traceId ?? r.correlationId,
    traceKind: r.traceId !== null ? 'trace' : r.correlationId !== null ? 'correlation' : null,
    source: sourceText(r.source),
    message: r.message,
  };
}

/** The whole record for an expanded row, a detail pane or a hover. */
export function recordView(id: number, r: LogRecord & { position: Position }): RecordView {
  const facts: [string, string][] = [];
  const fact = (label: string, v: string | null) => {
    if (v !== null && v !== '') facts.push([label, clip(v, 2000)]);
  };
  fact('time', r.timeNs === null ? null : formatTimeNs(r.timeNs));
  // as the rows, the tree and the hovers spell it
  fact('level', r.level === null ? null : levelLabel(r.level));
  fact('service', r.service);
  fact('logger', r.logger);
  fact('thread', r.thread);
  fact('trace', r.traceId);
  fact('span', r.spanId);
  fact('parent span', r.parentSpanId);
  fact('correlation', r.correlationId);
  fact('format', r.format);
  const budget = { nodes: MAX_NODES };
  return {
    id,
    facts,
    message: clip(r.message, MAX_MESSAGE_CHARS),
    messageLength: r.message.length,
    stack: r.error ? stackView(r.error) : null,
    fields: objectNodes(r.fields, 0, budget),
    source: sourceText(r.source),
    readFrom: `${r.position.source}:${r.position.line}`,
  };
}

/** Where frame `line` of a record's stack trace (a `stackView` index) points, or null when that line is no frame. */
export function stackFrameLocation(r: Pick<LogRecord, 'error'>, line: number): SourceLocation | null {
  const f = r.error ? stackLines(r.error)[line]?.frame : null;
  return f ? { file: f.file, line: f.line, column: f.column ?? null, function: f.function, origin: 'stack' } : null;
}

export function stackView(error: string): StackLine[] {
  return stackLines(clip(error, MAX_MESSAGE_CHARS)).map(({ text, frame }) => ({
    text: clip(text, 2000),
    frame: frame
      ? { file: frame.file, line: frame.line, function: frame.function, library: isLibraryFrame(frame) }
      : null,
  }));
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}

function objectNodes(o: Record<string, unknown> | unknown[], depth: number, budget: { nodes: number }): FieldNode[] {
  const keys = Array.isArray(o) ? o.map((_v, i) => String(i)) : Object.keys(o);
  const out: FieldNode[] = [];
  for (const k of keys) {
    if (out.length >= MAX_CHILDREN || budget.nodes <= 0) break;
    budget.nodes--;
    out.push(fieldNode(clip(k, 500), (o as Record<string, unknown>)[k], depth, budget));
  }
  return out;
}

function fieldNode(key: string, v: unknown, depth: number, budget: { nodes: number }): FieldNode {
  if (v === null || v === undefined) return { key, type: 'null', value: 'null' };
  if (typeof v === 'string') {
    return v.length > MAX_VALUE_CHARS
      ? { key, type: 'string', value: v.slice(0, MAX_VALUE_CHARS), fullLength: v.length }
      : { key, type: 'string', value: v };
  }
  if (typeof v === 'number' || typeof v === 'bigint') return { key, type: 'number', value: String(v) };
  if (typeof v === 'boolean') return { key, type: 'boolean', value: String(v) };
  if (typeof v === 'object') {
    const isArray = Array.isArray(v);
    const size = isArray ? (v as unknown[]).length : Object.keys(v as object).length;
    if (depth >= MAX_DEPTH) return { key, type: isArray ? 'array' : 'object', children: [], omitted: size };
    const children = objectNodes(v as Record<string, unknown>, depth + 1, budget);
    return {
      key,
      type: isArray ? 'array' : 'object',
      children,
      ...(children.length < size ? { omitted: size - children.length } : {}),
    };
  }
  return { key, type: 'string', value: String(v) };
}
