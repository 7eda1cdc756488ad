// The WebAssembly line scanner (scan.c, built by scripts/build-wasm.mjs): one instance per thread, created on
// first use with the synchronous WebAssembly API. Its memory holds the range reader's buffer and the scanner's
// outputs; it never grows, so the views below stay valid for the thread's life. Without the module (not built, no
// SIMD support, THREADLINE_SCANNER=js) everything takes the JavaScript scanner.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WasmScanner {
  /** The module's memory: a buffer over it whose bytes lie in [bufLo, bufHi) may be scanned by `scan`. */
  readonly memory: ArrayBuffer;
  readonly bufLo: number;
  readonly bufHi: number;
  /** scan(base, s, e, expectedKeys): keys found, or -1 invalid, -2 too many keys, -3 no opening brace. */
  readonly scan: (base: number, s: number, e: number, expN: number) => number;
  readonly keyStart: Int32Array;
  readonly keyEnd: Int32Array;
  readonly valStart: Int32Array;
  readonly valEnd: Int32Array;
  readonly valType: Uint8Array;
  readonly flags: Uint8Array;
  /** After a scan: expected keys matched, whether all matched, key escapes, non-ASCII bytes (0/1). */
  readonly info: Int32Array;
  readonly expBytes: Uint8Array;
  readonly expEnds: Int32Array;
  /** The expectation whose bytes `expBytes`/`expEnds` hold (copied in when a scan brings another one). */
  expOf: Uint8Array | null;
  expEndsOf: Int32Array | null;
  /** A range reader holds the read buffer (a nested read takes a buffer of its own). */
  bufferBusy: boolean;
}

/** Where the module is looked for: next to the bundle (dist/), or the build cache when running from source. */
const here = typeof __dirname === 'string' ? __dirname : '';
const CANDIDATES = here ? [join(here, 'scan.wasm'), join(here, '../../../../.cache/wasm/scan.wasm')] : [];

let loaded: WasmScanner | null | undefined;
let loadError = '';

/** This thread's scanner, or null when the JavaScript scanner is to be used. */
export function wasmScanner(): WasmScanner | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}

/** Why `wasmScanner()` is null ('' when it is not, or when the JavaScript scanner was asked for). */
export function wasmScannerError(): string {
  wasmScanner();
  return loadError;
}

function load(): WasmScanner | null {
  if (process.env.THREADLINE_SCANNER === 'js') return null;
  let bytes: Uint8Array<ArrayBuffer> | null = null;
  for (const p of CANDIDATES) {
    try {
      bytes = new Uint8Array(readFileSync(p));
      break;
    } catch {
      // not there: the next place
    }
  }
  if (bytes === null) {
    loadError = `scan.wasm not found (${CANDIDATES.join(', ')})`;
    return null;
  }
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const x = instance.exports as Record<string, unknown>;
    const fn = (name: string) => x[name] as (...a: number[]) => number;
    const memory = (x.memory as WebAssembly.Memory).buffer;
    const keys = fn('limits')(0);
    const i32 = (ptr: string, n: number) => new Int32Array(memory, fn(ptr)(), n);
    const u8 = (ptr: string, n: number) => new Uint8Array(memory, fn(ptr)(), n);
    const bufLo = fn('buf_ptr')();
    return {
      memory,
      bufLo,
      bufHi: bufLo + fn('buf_bytes')(),
      scan: x.scan as WasmScanner['scan'],
      keyStart: i32('key_start_ptr', keys),
      keyEnd: i32('key_end_ptr', keys),
      valStart: i32('val_start_ptr', keys),
      valEnd: i32('val_end_ptr', keys),
      valType: u8('val_type_ptr', keys),
      flags: u8('flags_ptr', keys),
      info: i32('info_ptr', 4),
      expBytes: u8('exp_bytes_ptr', fn('limits')(1)),
      expEnds: i32('exp_ends_ptr', fn('limits')(2)),
      expOf: null,
      expEndsOf: null,
      bufferBusy: false,
    };
  } catch (e) {
    loadError = `scan.wasm did not load: ${(e as Error).message}`;
    return null;
  }
}

/**
 * A read buffer of `bytes` in the scanner's memory, or null (no module, already held, or too small). The
 * holder gives it back with `releaseReadBuffer`.
 */
export function claimReadBuffer(bytes: number): Buffer | null {
  const w = wasmScanner();
  if (w === null || w.bufferBusy || bytes > w.bufHi - w.bufLo) return null;
  w.bufferBusy = true;
  return Buffer.from(w.memory, w.bufLo, bytes);
}

/** The claimed read buffer made `bytes` long (its bytes stay where they are), or null when it cannot be. */
export function widenReadBuffer(bytes: number): Buffer | null {
  const w = wasmScanner();
  if (w === null || !w.bufferBusy || bytes > w.bufHi - w.bufLo) return null;
  return Buffer.from(w.memory, w.bufLo, bytes);
}

export function releaseReadBuffer(): void {
  const w = wasmScanner();
  if (w !== null) w.bufferBusy = false;
}
