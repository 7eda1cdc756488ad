// The two line scanners the index has, for running the same tests against both: the JavaScript one (on plain
// buffers) and the WebAssembly port (on copies placed in its memory, where the range reader puts its lines).
import { spawnSync } from 'node:child_process';
import { LineScan } from '../../../src/core/index/scanner';
import { wasmScanner, wasmScannerError } from '../../../src/core/index/wasm/wasmScan';

export interface ScanImpl {
  name: string;
  make(): LineScan;
  /** `b`'s bytes where this scanner reads them, `at` bytes into its memory (the WebAssembly one). */
  place(b: Buffer, at?: number): Buffer;
}

export const wasm = wasmScanner();
export const wasmError = wasmScannerError();
/** Where clang is installed the module must have been built (so CI, which installs it, runs the port's tests). */
export const clangAvailable = spawnSync('clang', ['--version'], { stdio: 'ignore' }).status === 0;

export const jsImpl: ScanImpl = { name: 'js', make: () => new LineScan(null), place: (b) => b };

export const wasmImpl: ScanImpl | null =
  wasm === null
    ? null
    : {
        name: 'wasm',
        make: () => new LineScan(wasm),
        place(b, at = 0) {
          const view = Buffer.from(wasm.memory, wasm.bufLo + at, b.length);
          b.copy(view);
          return view;
        },
      };

export const scanImpls: ScanImpl[] = wasmImpl === null ? [jsImpl] : [jsImpl, wasmImpl];
