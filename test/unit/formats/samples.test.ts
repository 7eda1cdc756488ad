// Every format's own samples: detection picks that format, normalisation gives the expected fields, and the
// index's flat path (FlatPlan over top-level keys) agrees with the slow path wherever it does not defer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOG_FORMATS } from '../../../src/core/formats/logs/index';
import {
  applyFlatPlan,
  detectLogFormat,
  flatPlan,
  isContainer,
  normalizeLog,
  normalizeAny,
} from '../../../src/core/formats/normalize';
import { parseJsonLine } from '../../../src/core/json/parseLine';
import { partsToNs } from '../../../src/core/formats/decode';
import type { LogRecord } from '../../../src/core/model';
import type { LogFormatDef } from '../../../src/core/formats/schema';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function parse(line: string): Record<string, unknown> {
  const r = parseJsonLine(line);
  assert.ok(r.ok, `sample does not parse: ${!r.ok && r.reason}`);
  return r.value as Record<string, unknown>;
}

function view(rec: LogRecord) {
  return {
    timeNs: rec.timeNs === null ? null : rec.timeNs.toString(),
    level: rec.level,
    message: rec.message,
    service: rec.service,
    logger: rec.logger,
    thread: rec.thread,
    correlationId: rec.correlationId,
    traceId: rec.traceId,
    spanId: rec.spanId,
    parentSpanId: rec.parentSpanId,
    error: rec.error,
    source: rec.source && { file: rec.source.file, line: rec.source.line, function: rec.source.function },
  };
}

test('formats are sorted by priority and named uniquely', () => {
  const names = LOG_FORMATS.map((d) => d.name);
  assert.equal(new Set(names).size, names.length);
  for (let i = 1; i < LOG_FORMATS.length; i++)
    assert.ok((LOG_FORMATS[i - 1].priority ?? 100) <= (LOG_FORMATS[i].priority ?? 100));
  assert.equal(LOG_FORMATS[LOG_FORMATS.length - 1].name, 'generic');
});

for (const def of LOG_FORMATS) {
  test(`${def.name}: samples detect and normalise as declared`, () => {
    assert.ok(def.samples.length > 0, 'a format needs at least one sample');
    assert.ok(def.spec.length > 0);
    for (const s of def.samples) {
      const obj = parse(s.line);
      const detected = detectLogFormat(obj);
      if (def.name === 'generic') assert.equal(detected, null, `generic sample claimed by ${detected?.name}`);
      else assert.equal(detected?.name, def.name, `detected ${detected?.name} for ${s.line.slice(0, 80)}`);
      const rec = normalizeLog(obj, def);
      assert.equal(rec.format, def.name);
      assert.equal(rec.fields, obj, 'fields is the parsed object as-is');
      const got = view(rec) as Record<string, unknown>;
      for (const [k, v] of Object.entries(s.expect))
        assert.deepEqual(got[k], v, `${def.name}.${k} of ${s.line.slice(0, 60)}…`);
      assert.deepEqual(view(normalizeAny(obj)), got);
    }
  });

  test(`${def.name}: flat plan agrees with normalizeLog`, () => {
    for (const s of def.samples) assertFlatAgrees(def, parse(s.line));
  });
}

/** The equivalence contract between the index's fast path and the normaliser, for one record. */
function assertFlatAgrees(def: LogFormatDef, obj: Record<string, unknown>): boolean {
  const plan = flatPlan(def);
  if (plan === null) return false;
  const fast = applyFlatPlan(plan, (k) => (Object.hasOwn(obj, k) ? obj[k] : undefined));
  const slowNeeded = plan.slowKeys.some((k) => Object.hasOwn(obj, k) && isContainer(obj[k]));
  assert.equal(fast === null, slowNeeded);
  if (fast === null) return false;
  const rec = normalizeLog(obj, def);
  assert.equal(fast.time ? partsToNs(fast.time) : null, rec.timeNs);
  assert.equal(fast.level, rec.level);
  for (const k of ['traceId', 'spanId', 'parentSpanId', 'correlationId', 'thread', 'service'] as const)
    assert.equal(fast[k], rec[k], k);
  const slowSource =
    rec.source && (rec.source.origin === 'field' || rec.source.origin === 'caller') ? rec.source : null;
  assert.deepEqual(fast.source, slowSource);
  return true;
}

test('flat plan agrees with normalizeLog on every real-library fixture line', () => {
  const dir = join(import.meta.dirname, '../../fixtures/logs');
  let fast = 0,
    total = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line) continue;
      const obj = parse(line);
      const def = detectLogFormat(obj);
      assert.ok(def, `${f}: ${line.slice(0, 60)}`);
      total++;
      if (assertFlatAgrees(def, obj)) fast++;
    }
  }
  // Most real lines must take the fast path, or the index gains nothing from it.
  assert.ok(fast > total / 2, `${fast} of ${total} lines on the fast path`);
});
