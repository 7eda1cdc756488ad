// The benchmark workload: a generated NDJSON log of a traced service, shared by every benchmark so that
// each one can reuse the file another made. The reference generator beside the project is used when present
// (it defines the workload figures are compared on); the bundled one, of the same shape, otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/**
 * Path of `bench/data/<format>-<mb>mb.log`, generated first when missing or short (by `generator` when given).
 * Exits the process on failure.
 */
export function ensureBenchFile(mb, format, generator = undefined) {
  const dataDir = join(root, 'bench/data');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `${format}-${mb}mb.log`);
  const shared = resolve(root, '../shared/bench/gen-logs.mjs');
  generator ??= existsSync(shared) ? shared : join(root, 'bench/gen-logs.mjs');
  if (!existsSync(file) || statSync(file).size < mb * 1048576) {
    console.log(`generating ${mb} MiB (${format}) with ${generator}`);
    const g = spawnSync(process.execPath, [generator, file, '--mb', String(mb), '--format', format], {
      stdio: 'inherit',
    });
    if (g.status !== 0) process.exit(1);
  }
  return file;
}
