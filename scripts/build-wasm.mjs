#!/usr/bin/env node
// Compiles the index's WebAssembly line scanner (src/core/index/wasm/scan.c) with clang for wasm32 + SIMD128
// into .cache/wasm/scan.wasm (loaded when running from source) and `--out DIR` (dist/ by default; the bundles
// load it from their own folder). Without clang it says so in one line and the product uses the JavaScript
// scanner. A module newer than its source is not compiled again.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? resolve(args[outAt + 1]) : join(root, 'dist');
const source = join(root, 'src/core/index/wasm/scan.c');
const cached = join(root, '.cache/wasm/scan.wasm');

/** Whether clang can build the module here (the tests insist on it when it can). */
export function clangAvailable() {
  return spawnSync('clang', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function buildWasm(dest = out) {
  if (!existsSync(cached) || statSync(cached).mtimeMs < statSync(source).mtimeMs) {
    if (!clangAvailable()) {
      console.log('build-wasm: clang not found; the index uses the JavaScript line scanner');
      return false;
    }
    mkdirSync(join(root, '.cache/wasm'), { recursive: true });
    const flags = ['--target=wasm32', '-O3', '-msimd128', '-mbulk-memory', '-nostdlib', '-ffreestanding'];
    const r = spawnSync('clang', [...flags, '-Wl,--no-entry', '-o', cached, source], { encoding: 'utf8' });
    if (r.status !== 0) {
      // a compiler that cannot target wasm32 (no lld) is the same as none; a compile error is not
      if (/wasm-ld|unable to execute|unknown target/i.test(r.stderr)) {
        console.log(`build-wasm: clang cannot link wasm32 (${r.stderr.trim().split('\n')[0]}); JavaScript scanner`);
        return false;
      }
      throw new Error(`build-wasm: clang failed:\n${r.stderr}`);
    }
  }
  mkdirSync(dest, { recursive: true });
  copyFileSync(cached, join(dest, 'scan.wasm'));
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (buildWasm()) console.log(`built ${join(out, 'scan.wasm')}`);
}
