// Prints how long the trace core takes on generated input: importing 100,000 OTLP spans, building their tree,
// critical path and self times, and resolving 100,000 source locations against 100,000 workspace files.
//   node --import tsx scripts/fixtures-traces/bench-traces.ts
import { performance } from 'node:perf_hooks';
import type { LogRecord, Span } from '../../src/core/model';
import { otlpTraces } from '../../src/core/formats/traces/otlpTraces';
import { buildSpanTree, criticalPath, selfTimes } from '../../src/core/trace/spanTree';
import { createSourceResolver } from '../../src/core/source/resolve';

const N = Number(process.argv[2] ?? 100_000);
const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
const time = <T>(label: string, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  console.log(`${label.padEnd(46)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`);
  return r;
};

// A random tree: each span's parent is an earlier span, biased to recent ones (deep and wide parts).
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const raw: unknown[] = [];
const start: number[] = [];
for (let i = 0; i < N; i++) {
  const parent = i === 0 ? -1 : Math.max(0, i - 1 - Math.floor(rand() * rand() * 50));
  start[i] = parent < 0 ? 0 : start[parent]! + Math.floor(rand() * 1000);
  raw.push({
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: hex(i + 1, 16),
    parentSpanId: parent < 0 ? '' : hex(parent + 1, 16),
    name: `op ${i % 97}`,
    kind: 1 + (i % 5),
    startTimeUnixNano: String(1714551300000000000n + BigInt(start[i]!) * 1000n),
    endTimeUnixNano: String(1714551300000000000n + BigInt(start[i]! + 500 + Math.floor(rand() * 5000)) * 1000n),
    attributes: [{ key: 'i', value: { intValue: String(i) } }],
  });
}
const text = JSON.stringify({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
      scopeSpans: [{ spans: raw }],
    },
  ],
});
console.log(`${N} spans, ${(text.length / 1e6).toFixed(1)} MB of OTLP/JSON`);
const doc = time('JSON.parse', () => JSON.parse(text));
const spans: Span[] = [];
time('otlp-traces import', () =>
  otlpTraces.import(doc, { span: (s) => void spans.push(s), record: () => {}, warn: (m) => console.log(m) }),
);
const records: Pick<LogRecord, 'timeNs' | 'spanId' | 'level'>[] = spans.map((s, i) => ({
  timeNs: s.startNs,
  spanId: i % 10 === 0 ? `f${i}` : s.spanId,
  level: 'info',
}));
const tree = time(`buildSpanTree (+${records.length} records)`, () => buildSpanTree(spans, records));
console.log(`  nodes ${tree.nodes.length}, max depth ${tree.nodes.reduce((m, n) => Math.max(m, n.depth), 0)}`);
time('criticalPath', () => criticalPath(tree.nodes));
time('selfTimes', () => selfTimes(tree.nodes));
const chain = spans.map((s, i) => ({ ...s, parentSpanId: i === 0 ? null : spans[i - 1]!.spanId }));
time(`buildSpanTree (one chain of ${N})`, () => buildSpanTree(chain));

const files: string[] = [];
for (let i = 0; i < N; i++) files.push(`services/s${i % 50}/src/main/java/com/acme/m${i % 700}/C${i}.java`);
const resolver = time(`createSourceResolver (${N} files)`, () =>
  createSourceResolver(files, { pathMappings: [{ from: '/build/', to: 'services/s1/' }] }),
);
let found = 0;
time(`resolve ${N} locations`, () => {
  for (let i = 0; i < N; i++) {
    const loc =
      i % 3 === 0
        ? { file: `/app/services/s${i % 50}/src/main/java/com/acme/m${i % 700}/C${i}.java` }
        : i % 3 === 1
          ? { file: `C${i}.java`, function: `com.acme.m${i % 700}.C${i}.run` }
          : { file: `com/acme/m${i % 700}/C${i}.java` };
    if (resolver.resolve({ line: 1, function: null, origin: 'field', ...loc }).length > 0) found++;
  }
});
console.log(`  resolved ${found} / ${N}`);
