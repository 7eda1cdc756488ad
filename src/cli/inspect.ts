// `threadline inspect`: every record, span and group of the inputs — one JSON object with --json (streamed,
// record by record), else a readable listing by group.

import type { GroupSummary, SessionApi, SourceSummary } from '../core/session/api';
import { PRIMARY_GROUPING, UNGROUPED_GROUP_ID } from '../core/session/api';
import { recordJson } from '../core/json/recordJson';
import { json, type Output } from './output';
import { formatDuration, formatTime } from './humanFormat';

const PAGE = 512;

export interface InspectInput {
  path: string;
  summary: SourceSummary;
}

export function fileJson(i: InspectInput) {
  const s = i.summary;
  return {
    path: i.path,
    lines: s.lines,
    records: s.records,
    continuationLines: s.continuationLines,
    badLines: s.badLines.map((b) => b.line),
    formats: s.formats,
  };
}

const hexId = (v: string | null): string | null => (v === null ? null : v.toLowerCase());

export { recordJson };

export function groupJson(g: GroupSummary) {
  return {
    kind: g.kind,
    key: g.key,
    records: g.records,
    spans: g.spans,
    startNs: g.startNs === null ? null : g.startNs.toString(),
    endNs: g.endNs === null ? null : g.endNs.toString(),
    root: g.root,
  };
}

/** Where a reported span came from: the file always, the line when the index records it. */
export type SpanPositionOf = (index: number) => { source: string; line: number | null } | null;

export async function inspectJson(
  session: SessionApi,
  inputs: InspectInput[],
  out: Output,
  spanPosition: SpanPositionOf,
): Promise<void> {
  await out.write('{"files":[');
  await out.write(inputs.map((i) => json(fileJson(i))).join(','));
  await out.write('],\n"records":[');
  let first = true;
  const total = session.queryIds({}, { limit: 0 }).total;
  for (let offset = 0; offset < total && !out.isClosed; offset += PAGE) {
    const { ids } = session.queryIds({}, { offset, limit: PAGE });
    const recs = await Promise.all(ids.map((id) => session.record(id)));
    for (const r of recs) {
      await out.write((first ? '\n' : ',\n') + json(recordJson(r)));
      first = false;
    }
  }
  await out.write('],\n"spans":[');
  const spans = session.spans();
  for (let i = 0; i < spans.length && !out.isClosed; i++) {
    const s = spans[i]!;
    const pos = spanPosition(i);
    const o = {
      traceId: hexId(s.traceId),
      spanId: hexId(s.spanId),
      parentSpanId: hexId(s.parentSpanId),
      name: s.name,
      service: s.service,
      startNs: s.startNs.toString(),
      endNs: s.endNs.toString(),
      file: pos?.source ?? null,
      line: pos?.line ?? null,
    };
    await out.write((i === 0 ? '\n' : ',\n') + json(o));
  }
  await out.write('],\n"groups":[');
  // The ungrouped bucket is not a group of any kind: its records are in records[] with no trace, correlation or thread.
  const groups = allGroups(session).filter((g) => g.id !== UNGROUPED_GROUP_ID);
  for (let i = 0; i < groups.length; i++) await out.write((i === 0 ? '\n' : ',\n') + json(groupJson(groups[i]!)));
  await out.write(']}\n');
  await out.flush();
}

export async function inspectText(session: SessionApi, inputs: InspectInput[], out: Output): Promise<void> {
  for (const i of inputs) {
    const s = i.summary;
    const bad = s.badLines.length
      ? `, ${s.badLines.length} bad (lines ${s.badLines
          .slice(0, 5)
          .map((b) => b.line)
          .join(', ')}${s.badLines.length > 5 ? ', …' : ''})`
      : '';
    await out.write(`${i.path}: ${s.lines} lines, ${s.records} records, ${s.spans} spans${bad}\n`);
  }
  for (const g of allGroups(session)) {
    if (out.isClosed) return;
    const head = g.id === UNGROUPED_GROUP_ID ? 'ungrouped' : `${g.kind} ${g.key}`;
    const dur = g.startNs !== null && g.endNs !== null ? `, ${formatDuration(g.endNs - g.startNs)}` : '';
    const extra = [g.root ? `root "${g.root}"` : '', g.services.length ? `services ${g.services.join(', ')}` : '']
      .filter(Boolean)
      .join('  ');
    await out.write(
      `\n${head}  (${g.records} records, ${g.spans} spans, ${g.errors} errors${dur})${extra ? '  ' + extra : ''}\n`,
    );
    for (let offset = 0; offset < g.records; offset += PAGE) {
      for (const r of session.query({ scope: { group: { by: PRIMARY_GROUPING, id: g.id } } }, { offset, limit: PAGE })
        .items) {
        const lvl = (r.level ?? '-').toUpperCase().padEnd(5);
        const who = [r.service, r.thread].filter(Boolean).join('/');
        await out.write(`  ${formatTime(r.timeNs)} ${lvl} ${who ? who + ' ' : ''}${r.message}\n`);
      }
    }
  }
  await out.flush();
}

/** Every group of the primary grouping in start order, the ungrouped bucket last. */
function allGroups(session: SessionApi): GroupSummary[] {
  const q = { by: PRIMARY_GROUPING };
  return session.groupsPage(q, { limit: session.groupsPage(q, { limit: 0 }).total }).items;
}
