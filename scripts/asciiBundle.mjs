// esbuild writes strings, templates and identifiers of a bundle in ASCII but keeps a comment's characters as they
// are, and one character past ASCII makes V8 hold the command line's whole 1.5 MB bundle as a two-byte string:
// twice the bytes to decode on every start (≈ 5 ms) and to keep. This rewrites those characters in comments as
// `\uXXXX`; one anywhere else fails the build (write it as an escape in the source).
import { readFileSync, writeFileSync } from 'node:fs';

export function asciiBundle(path) {
  const text = readFileSync(path, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) return;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!/[^\x00-\x7f]/.test(line)) return;
    if (!/^\s*(\/\/|\/\*|\*)/.test(line))
      throw new Error(`${path}:${i + 1}: a character past ASCII outside a comment: ${line.trim().slice(0, 80)}`);
    lines[i] = line.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  });
  writeFileSync(path, lines.join('\n'));
}
