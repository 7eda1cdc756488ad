// Inputs and outputs that are not plain files: gzip, a reader that leaves early (`| head`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli, fixture } from './runCli';

test('a gzipped file gives the same records as the plain one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-cli-'));
  try {
    const gz = join(dir, 'logback-mdc.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('logback-mdc.jsonl'))));
    const plain = JSON.parse(runCli(['inspect', fixture('logback-mdc.jsonl'), '--json']).stdout);
    const r = runCli(['inspect', gz, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const zipped = JSON.parse(r.stdout);
    const strip = (recs: { file: string }[]) => recs.map(({ file: _f, ...rest }) => rest);
    assert.deepEqual(strip(zipped.records), strip(plain.records));
    assert.deepEqual(zipped.groups, plain.groups);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when the reader stops early (| head), inspect exits 0 without an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-cli-'));
  try {
    const big = join(dir, 'many.jsonl');
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({
        level: 30,
        time: 1714551300000 + i,
        reqId: `r-${i % 50}`,
        msg: `message ${i} ${'x'.repeat(80)}`,
      }),
    );
    writeFileSync(big, lines.join('\n') + '\n');
    for (const args of [
      ['inspect', big, '--json'],
      ['inspect', big],
    ]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        cwd: resolve(import.meta.dirname, '../../..'),
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
      assert.equal(stderr, '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
