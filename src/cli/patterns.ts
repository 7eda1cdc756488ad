// `threadline patterns`: the message templates of the records a filter selects, most frequent first; --json
// prints {patterns: [{id, template, count, levels, firstNs, lastNs, sample}]}.

import { collectPatterns } from '../core/patterns/collect';
import { json, type Output } from './output';
import { parseLimit, readOptions, type QuerySession } from './query';

export interface PatternsArgs {
  files: string[];
  filter: string;
  json: boolean;
  limit: number | null;
  errorsFirst: boolean;
}

export const PATTERNS_USAGE = `Usage: threadline patterns FILE... [--filter EXPR] [--limit N] [--errors-first] [--json]
`;

export function parsePatternsArgs(argv: readonly string[]): PatternsArgs {
  const { values, flags, files } = readOptions(argv, 'patterns', ['filter', 'limit'], ['json', 'errors-first']);
  return {
    files,
    filter: values.get('filter') ?? '',
    json: flags.has('json'),
    limit: parseLimit(values.get('limit')),
    errorsFirst: flags.has('errors-first'),
  };
}

export async function runPatterns(session: QuerySession, a: PatternsArgs, out: Output): Promise<void> {
  const opts = { limit: a.limit ?? undefined, errorsFirst: a.errorsFirst };
  const report = await collectPatterns(session, { filter: a.filter }, opts);
  const samples = new Map(session.recordSummaries(report.patterns.map((p) => p.sample)).map((r) => [r.id, r]));
  if (a.json) {
    const patterns = report.patterns.map((p) => {
      const s = samples.get(p.sample);
      return {
        id: p.id,
        template: p.template,
        count: p.count,
        levels: p.levels,
        firstNs: p.firstNs === null ? null : p.firstNs.toString(),
        lastNs: p.lastNs === null ? null : p.lastNs.toString(),
        sample: {
          id: p.sample,
          message: s?.message ?? null,
          file: s?.position.source ?? null,
          line: s?.position.line ?? null,
        },
      };
    });
    const { records, distinct, overflow } = report;
    await out.write(json({ records, distinct, overflow, patterns }) + '\n');
    return;
  }
  const countWidth = Math.max(5, ...report.patterns.map((p) => String(p.count).length));
  let text = `${'COUNT'.padStart(countWidth)}  ${'PATTERN'.padEnd(12)}  ${'ERRORS'.padStart(6)}  TEMPLATE\n`;
  for (const p of report.patterns) {
    text += `${String(p.count).padStart(countWidth)}  ${p.id}  ${String(p.errors).padStart(6)}  ${p.template}\n`;
  }
  const shown = report.patterns.length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  text +=
    `${plural(report.records, 'record')}, ${plural(report.distinct, 'pattern')}` +
    (shown < report.distinct ? ` (${shown} shown)` : '') +
    (report.overflow > 0 ? `, ${report.overflow} records past the pattern cap` : '') +
    '\n';
  await out.write(text);
}
