// The core must run under plain Node (CLI, workers, benchmarks): nothing under src/core may reach `vscode`,
// and the webview may reach the host only through the shared protocol module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
      if (spec === 'vscode' || /(^|\/)(extension|webview)(\/|$)/.test(spec)) offenders.push(`${file.slice(root.length + 1)} → ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the webview imports from src/ only the shared protocol and pure core modules', () => {
  const offenders: string[] = [];
  for (const file of sources(join(root, 'webview'))) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec === 'vscode' || /\/extension\//.test(spec)) offenders.push(`${file.slice(root.length + 1)} → ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});
