// The core must run under plain Node (CLI, workers, benchmarks): nothing under src/core may reach `vscode`,
// and the webview may reach the host only through the shared protocol module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

const importsOf = (text: string): string[] =>
  [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);

test('src/core imports neither vscode nor extension or webview code', () => {
  const offenders: string[] = [];
  for (const file of sources(join(root, 'src/core'))) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec === 'vscode' || /(^|\/)(extension|webview)(\/|$)/.test(spec))
        offenders.push(`${file.slice(root.length + 1)} → ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the webview imports from src/ only the shared protocol', () => {
  const offenders: string[] = [];
  for (const file of sources(join(root, 'webview'))) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (
        spec === 'vscode' ||
        (spec.startsWith('.') && /(^|\/)src\//.test(spec) && !/\/src\/shared\/protocol(\.ts)?$/.test(spec))
      ) {
        offenders.push(`${file.slice(root.length + 1)} → ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

/**
 * The core's layers, lowest first: a module may import its own layer and those below, never one above.
 * model ← json ← formats, trace, source ← index ← session, query, patterns ← live, search, remote, agent.
 */
const LAYERS: Record<string, number> = {
  'model.ts': 0,
  model: 0,
  json: 1,
  formats: 2,
  trace: 2,
  source: 2,
  index: 3,
  session: 4,
  query: 4,
  patterns: 4,
  live: 5,
  search: 5,
  remote: 5,
  agent: 5,
};

function layerOf(pathInCore: string): { name: string; rank: number } | null {
  const name = pathInCore.split('/')[0]!;
  const rank = LAYERS[name];
  return rank === undefined ? null : { name, rank };
}

test('src/core layers point one way: each folder is in the layer table and imports nothing above it', () => {
  const core = join(root, 'src/core');
  const offenders: string[] = [];
  for (const file of sources(core)) {
    const rel = file
      .slice(core.length + 1)
      .split(sep)
      .join('/');
    const own = layerOf(rel);
    if (!own) {
      offenders.push(`${rel}: not in the layer table`);
      continue;
    }
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = relative(core, resolve(dirname(file), spec))
        .split(sep)
        .join('/');
      if (target.startsWith('..')) {
        offenders.push(`${rel} → ${spec} (outside src/core)`);
        continue;
      }
      const t = layerOf(target);
      if (!t) offenders.push(`${rel} → ${spec} (not in the layer table)`);
      else if (t.rank > own.rank) offenders.push(`${rel} (${own.name}) → ${spec} (${t.name}, a higher layer)`);
    }
  }
  assert.deepEqual(offenders, []);
});
