// `threadline stats`: the index's summary of the inputs, from the same session and index the extension uses.

import type { SessionApi, SessionStats } from '../core/session/api';
import { LEVELS } from '../core/model';
import type { InspectInput } from './inspect';
import { json, type Output } from './output';
import { table } from './humanFormat';

export interface StatsReport {
  files: {
    path: string;
    bytes: number;
    lines: number;
    records: number;
    spans: number;
    continuationLines: number;
    badLines: number;
    formats: Record<string, number>;
    elapsedMs: number;
  }[];
  lines: number;
  records: number;
  spans: number;
  continuationLines: number;
  badLines: number;
  groups: SessionStats['groups'];
  levels: SessionStats['levels'];
  formats: Record<string, number>;
  /** Wall time from the first file opened to the summary, as the caller measured it. */
  elapsedMs: number;
}

export function statsReport(session: SessionApi, inputs: InspectInput[], elapsedMs: number): StatsReport {
  const st = session.stats();
  const formats: Record<string, number> = {};
  const files = inputs.map(({ path, summary: s }) => {
    for (const [k, v] of Object.entries(s.formats)) formats[k] = (formats[k] ?? 0) + v;
    return {
      path,
      bytes: s.bytes,
      lines: s.lines,
      records: s.records,
      spans: s.spans,
      continuationLines: s.continuationLines,
      badLines: s.badLines.length,
      formats: s.formats,
      elapsedMs: Math.round(s.elapsedMs),
    };
  });
  const sum = (k: 'lines' | 'records' | 'spans' | 'continuationLines' | 'badLines') =>
    files.reduce((n, f) => n + f[k], 0);
  return {
    files,
    lines: sum('lines'),
    records: sum('records'),
    spans: sum('spans'),
    continuationLines: sum('continuationLines'),
    badLines: sum('badLines'),
    groups: st.groups,
    levels: st.levels,
    formats,
    elapsedMs: Math.round(elapsedMs),
  };
}

export async function printStats(report: StatsReport, asJson: boolean, out: Output): Promise<void> {
  if (asJson) {
    await out.write(json(report) + '\n');
    return out.flush();
  }
  const rows = [['file', 'lines', 'records', 'spans', 'continuation', 'bad', 'ms']];
  for (const f of report.files)
    rows.push([f.path, ...[f.lines, f.records, f.spans, f.continuationLines, f.badLines, f.elapsedMs].map(String)]);
  if (report.files.length > 1)
    rows.push([
      'total',
      ...[report.lines, report.records, report.spans, report.continuationLines, report.badLines, report.elapsedMs].map(
        String,
      ),
    ]);
  let text = table(rows);
  const g = report.groups;
  text +=
    `\ngroups: ${g.trace} traces, ${g.correlation} correlation IDs, ${g.thread} threads; ` +
    `${g.ungroupedRecords} records in none\n`;
  const lv = [...LEVELS, 'none' as const].filter((l) => report.levels[l] > 0).map((l) => `${l} ${report.levels[l]}`);
  text += `levels: ${lv.join(', ') || 'none'}\n`;
  const fm = Object.entries(report.formats)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`);
  text += `formats: ${fm.join(', ') || 'none'}\n`;
  text += `elapsed: ${report.elapsedMs} ms\n`;
  await out.write(text);
  await out.flush();
}
