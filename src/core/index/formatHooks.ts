// The index's view of the format modules: JSON parsing, detection and normalisation, trace importers, and
// the fast-path compiler fed by `flatPlan`.

import type { LogRecord, Span } from '../model';
import { parseJsonLine } from '../json/parseLine';
import { detectTraceImporter } from '../formats/traces/index';
import { flatPlan, messageRules, normalizeAny, type FieldMappings } from '../formats/normalize';
import { GENERIC_FORMAT, LOG_FORMATS } from '../formats/logs/index';
import { parseTextRecord, plainTextRecord } from '../formats/text';
import { unwrapPiece } from '../formats/unwrap';
import type { IndexHooks, NormalizedValue } from './hooks';
import { compileFastShape } from './fastShape';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function importDocument(value: unknown, out: NormalizedValue): boolean {
  const imp = detectTraceImporter(value);
  if (!imp) return false;
  const warnings = new Map<string, number>();
  try {
    imp.import(value, {
      span: (s: Span) => {
        out.spans.push(s);
      },
      record: (r: LogRecord) => {
        out.records.push(r);
      },
      warn: (m: string) => {
        warnings.set(m, (warnings.get(m) ?? 0) + 1);
      },
    });
  } catch (e) {
    warnings.set(`${imp.name}: import stopped: ${(e as Error).message}`, 1);
  }
  for (const [m, n] of warnings) out.warnings.push(n > 1 ? `${m} (${n} times)` : m);
  out.document = true;
  return true;
}

export function createFormatHooks(fieldMappings?: FieldMappings): IndexHooks {
  const detectable = LOG_FORMATS.filter((d) => d !== GENERIC_FORMAT);
  return {
    parseJson: parseJsonLine,
    normalizeValue(value) {
      const out: NormalizedValue = { records: [], spans: [], document: false, warnings: [] };
      if (importDocument(value, out)) return out;
      if (Array.isArray(value)) {
        out.document = true;
        value.forEach((el, i) => {
          if (isObj(el)) out.records.push(normalizeAny(el, fieldMappings));
          else out.warnings.push(`array element ${i} is not an object (${el === null ? 'null' : typeof el}): skipped`);
        });
        return out;
      }
      if (isObj(value)) out.records.push(normalizeAny(value, fieldMappings));
      return out;
    },
    textRecord: (line) => parseTextRecord(line),
    plainRecord: (line) => plainTextRecord(line),
    unwrapPiece,
    messageRules(format) {
      const def = format === GENERIC_FORMAT.name ? GENERIC_FORMAT : detectable.find((d) => d.name === format);
      return def === undefined ? null : messageRules(def, fieldMappings);
    },
    compileShape(keys, buf, scan, record, builder) {
      const at = detectable.findIndex((d) => d.name === record.format);
      const def = at >= 0 ? detectable[at] : record.format === GENERIC_FORMAT.name ? GENERIC_FORMAT : null;
      if (def === null) return null;
      const plan = flatPlan(def, fieldMappings);
      if (plan === null) return null;
      const defs = at >= 0 ? detectable.slice(0, at + 1) : detectable;
      return compileFastShape(keys, buf, scan, defs, plan, def.name, builder);
    },
  };
}
