// Message patterns: the masker on its own, the accuracy against a generator that knows its templates, and the
// real-library fixtures (no pattern may join messages whose words differ).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSession } from '../../../src/core/session/session';
import { collectPatterns, PatternCollector, patternIdOf, templateOf, templateId } from '../../../src/core/patterns';

const root = resolve(import.meta.dirname, '../../..');

test('variable parts are masked; words are kept', () => {
  const cases: [string, string][] = [
    ['Order 42 placed in 35ms by user=alice', 'Order <num> placed in <dur> by user=<*>'],
    ['parsed in 850µs', 'parsed in <dur>'],
    ['trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7', 'trace <hex> span <hex>'],
    ['session 123e4567-e89b-12d3-a456-426614174000 expired', 'session <uuid> expired'],
    ['GET /api/orders/17 from 10.0.0.12:5531', 'GET <path> from <ip>'],
    ['reading src/app/orders.ts failed: "no such file"', 'reading <path> failed: <str>'],
    ['cache at 0x7ffd12 hit 99.5% at 2024-05-01T10:15:00.123Z', 'cache at <hex> hit <num> at <time>'],
    ['calling https://pay.example.com/v1/charge?id=9 for bob@example.com', 'calling <url> for <email>'],
    ["don't retry 'payment declined'", "don't retry <str>"],
    ['facade added to worker-12 (log4j2)', 'facade added to worker-<num> (log4j2)'],
  ];
  for (const [message, template] of cases) assert.equal(templateOf(message), template, message);
});

test('the ID depends on the template only: same template same ID, anywhere; first line only', () => {
  assert.equal(patternIdOf('Order 1 placed'), patternIdOf('Order 99817 placed'));
  assert.notEqual(patternIdOf('Order 1 placed'), patternIdOf('Order 1 cancelled'));
  assert.equal(patternIdOf('Order 1 placed'), templateId('Order <num> placed'));
  assert.match(patternIdOf('x'), /^[0-9a-f]{12}$/);
  assert.equal(patternIdOf('boom 1\n\tat a.b(C.java:1)'), patternIdOf('boom 2'));
  // A message cut at 200 characters (as summaries list it) and the full text agree.
  const long = 'word '.repeat(80);
  assert.equal(patternIdOf(long), patternIdOf(long.slice(0, 199) + '…'));
});

test('bounded: past the pattern cap records are counted as overflow, listed patterns keep their counts', () => {
  const c = new PatternCollector({ maxPatterns: 2, buckets: 4 });
  c.add(0, 'alpha 1', 'info', 1_000_000n);
  c.add(1, 'beta 2', 'error', 2_000_000n);
  c.add(2, 'gamma 3', 'info', 3_000_000n);
  c.add(3, 'alpha 7', null, 9_000_000n);
  const r = c.report();
  assert.equal(r.records, 4);
  assert.equal(r.overflow, 1);
  assert.deepEqual(
    r.patterns.map((p) => [p.template, p.count, p.levels, p.sample, p.firstNs, p.lastNs]),
    [
      ['alpha <num>', 2, { info: 1, none: 1 }, 0, 1_000_000n, 9_000_000n],
      ['beta <num>', 1, { error: 1 }, 1, 2_000_000n, 2_000_000n],
    ],
  );
  // Every timed record is in exactly one bucket of the shared range.
  assert.equal(
    r.patterns.reduce((n, p) => n + p.series.reduce((a, b) => a + b, 0), 0),
    3,
  );
  const s = r.series!;
  assert.ok(s.fromNs <= 1_000_000n && s.fromNs + s.bucketNs * BigInt(s.buckets) > 9_000_000n);
  assert.deepEqual(
    c.report({ errorsFirst: true }).patterns.map((p) => p.template),
    ['beta <num>', 'alpha <num>'],
  );
});

/** The message templates a generator script writes: its string arrays holding printf-style holes (%n, %s, …). */
function generatorTemplates(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/const\s+\w+\s*=\s*\[([^\]]*)\]/g)) {
    const strings = [...m[1]!.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((s) => s[1]!);
    if (strings.length > 1 && strings.some((s) => /%[a-z]/.test(s))) out.push(...strings);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function checkGenerator(generator: string, format: string): Promise<void> {
  const templates = generatorTemplates(readFileSync(generator, 'utf8'));
  assert.ok(templates.length >= 5, `templates found in ${generator}: ${templates.length}`);
  const file = join(mkdtempSync(join(tmpdir(), 'threadline-patterns-')), `${format}.log`);
  const g = spawnSync(process.execPath, [generator, file, '--mb', '3', '--format', format], { encoding: 'utf8' });
  assert.equal(g.status, 0, g.stderr);
  const matchers = templates.map(
    (t) =>
      new RegExp(
        '^' +
          t
            .split(/%[a-z]/)
            .map(escape)
            .join('.+?') +
          '$',
      ),
  );
  const s = createSession({ maxRecords: Number.MAX_SAFE_INTEGER });
  try {
    await s.addFile(file);
    const { ids } = s.queryIds({}, { limit: Number.MAX_SAFE_INTEGER });
    const c = new PatternCollector();
    const idsOfTemplate = templates.map(() => new Set<string>());
    for (const r of s.recordSummaries(ids)) {
      const k = matchers.findIndex((m) => m.test(r.message));
      assert.ok(k >= 0, `a message of no template: ${r.message}`);
      idsOfTemplate[k]!.add(patternIdOf(r.message));
      c.add(r.id, r.message, r.level, r.timeNs);
    }
    const report = c.report();
    // Each template is one pattern, and no two templates share one.
    idsOfTemplate.forEach((set, k) => assert.equal(set.size, 1, `${templates[k]}: ${set.size} patterns`));
    assert.equal(new Set(idsOfTemplate.map((set) => [...set][0])).size, templates.length);
    assert.equal(report.distinct, templates.length);
    assert.equal(
      report.patterns.reduce((n, p) => n + p.count, 0),
      ids.length,
    );
    // collecting through the session (messages read alone, batches) gives the same report as the summaries
    const { pending, ...collected } = await collectPatterns(s, {});
    assert.equal(pending, 0);
    assert.deepEqual(collected, report);
  } finally {
    s.dispose();
  }
}

// THREADLINE_REFERENCE_GENERATOR=path checks another generator of the same kind too.
const reference = process.env.THREADLINE_REFERENCE_GENERATOR;
const generators = [join(root, 'bench/gen-logs.mjs'), ...(reference ? [reference] : [])];
for (const generator of generators) {
  for (const format of ['logback', 'pino']) {
    const name = generator.startsWith(root) ? generator.slice(root.length + 1) : generator;
    test(`each message template of ${name} (${format}) is one pattern`, () => checkGenerator(generator, format));
  }
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(jsonl|json|log|ndjson)$/.test(n) ? [p] : [];
  });
}

test('real-library fixtures: messages whose words differ never share a pattern', async () => {
  const words = (m: string) =>
    m
      .split(/\s+/)
      .filter((w) => /^[A-Za-z]+[.:,;!?]?$/.test(w))
      .join(' ');
  const byId = new Map<string, Set<string>>();
  let messages = 0;
  for (const file of [...files(join(root, 'test/fixtures/logs')), ...files(join(root, 'test/fixtures/session'))]) {
    const s = createSession({ maxRecords: Number.MAX_SAFE_INTEGER });
    try {
      await s.addFile(file);
      for (const r of s.recordSummaries(s.queryIds({}, { limit: 100_000 }).ids)) {
        if (!byId.has(patternIdOf(r.message))) byId.set(patternIdOf(r.message), new Set());
        byId.get(patternIdOf(r.message))!.add(r.message);
        messages++;
      }
    } finally {
      s.dispose();
    }
  }
  assert.ok(messages > 50, `fixture messages: ${messages}`);
  for (const [id, set] of byId) assert.equal(new Set([...set].map(words)).size, 1, `${id}: ${[...set].join(' | ')}`);
  // Messages that differ only in a number do share one (logback-mdc: GET /orders/1 started, GET /orders/2 started).
  assert.ok([...byId.values()].some((set) => set.size > 1));
});
