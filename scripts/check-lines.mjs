#!/usr/bin/env node
// No line over 120 characters in the project's own code (Prettier wraps code; this catches the strings,
// comments and regular expressions it leaves), in TypeScript, JavaScript, CSS and shell. Generated files, fixtures
// and prose are not code, and fixture generators in other languages keep their lines (fixtures record them).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const MAX = 120;
const CODE = /\.(ts|mts|cts|js|mjs|cjs|css|sh)$/;
const SKIP = [
  /^test\/fixtures\//,
  /^src\/core\/live\/proto\/descriptor\.ts$/,
  /(^|\/)node_modules\//,
  /^sample\/shop\/target\//,
];

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => CODE.test(f) && !SKIP.some((re) => re.test(f)));
const long = [];
for (const f of files) {
  let text;
  try {
    text = readFileSync(resolve(root, f), 'utf8');
  } catch {
    continue; // listed but deleted in the working tree
  }
  text.split('\n').forEach((line, i) => {
    if (line.length > MAX) long.push(`${f}:${i + 1}: ${line.length} characters`);
  });
}
if (long.length > 0) {
  console.error(`${long.length} line(s) over ${MAX} characters:\n${long.join('\n')}`);
  process.exit(1);
}
console.log(`${files.length} files, no line over ${MAX} characters`);
