// The scan-ahead thread (aheadWorker.ts) made slow: every read of the file waits 3 ms first, so the calling
// thread keeps finding the thread still on the chunk it wants (tests of what it does while it waits).
import fs from 'node:fs';

const readSync = fs.readSync;
const pause = new Int32Array(new SharedArrayBuffer(4));
(fs as { readSync: typeof readSync }).readSync = ((...args: Parameters<typeof readSync>) => {
  Atomics.wait(pause, 0, 0, 3);
  return readSync(...args);
}) as typeof readSync;

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../../src/core/index/wasm/aheadWorker');
