// Micro-benchmark of the line scanner alone: the JavaScript scanner and the WebAssembly port over every line of a
// file, chunk by chunk in the same run (each chunk read into the port's memory and into a plain buffer, then
// scanned by one and the other, in alternating order), with the key expectation the indexer would set. Prints
// the CPU milliseconds of each and their ratio, and checks that both gave the same outputs on every line.
//   node --import tsx bench/scanMicro.ts [FILE] [--rounds N]
// FILE defaults to bench/data/logback-256mb.log (npm run bench generates it).
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineScan } from '../src/core/index/scanner';
import { wasmScanner, wasmScannerError } from '../src/core/index/wasm/wasmScan';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
const file = resolve(
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds') ?? 'bench/data/logback-256mb.log',
);
const w = wasmScanner();
if (w === null) {
  console.error(`scanMicro: no WebAssembly scanner (${wasmScannerError()}); run scripts/build-wasm.mjs`);
  process.exit(2);
}

const CHUNK = 1 << 20;
const shared = Buffer.from(w.memory, w.bufLo, CHUNK);
const plain = Buffer.allocUnsafe(CHUNK);
const js = new LineScan(null),
  wa = new LineScan(w);

/** CPU microseconds of this process (this benchmark is single-threaded). */
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Scans every line start..newline of buf[0, len) with `sc`; returns the valid lines and a digest of outputs. */
function pass(sc: LineScan, buf: Buffer, len: number, digest: Int32Array): number {
  let valid = 0,
    s = 0,
    h = 0;
  for (;;) {
    const nl = buf.indexOf(10, s);
    if (nl < 0 || nl >= len) break;
    if (sc.scan(buf, s, nl)) {
      valid++;
      h = Math.imul(h ^ sc.keys, 31) ^ sc.expectedKeys ^ (sc.expectedMatched ? 1 << 20 : 0);
      for (let i = 0; i < sc.keys; i++)
        h = Math.imul(h ^ sc.keyEnd[i] ^ (sc.valEnd[i] << 8) ^ (sc.flags[i] << 24) ^ sc.valType[i], 16777619);
      if (sc.expectBytes === null) expect(sc, buf);
    }
    s = nl + 1;
  }
  digest[0] ^= h;
  return valid;
}

/** The first valid line's keys become the expectation (the indexer sets the last shape seen). */
function expect(sc: LineScan, buf: Buffer): void {
  const ends = new Int32Array(sc.keys);
  const parts: Buffer[] = [];
  for (let i = 0, n = 0; i < sc.keys; i++) {
    parts.push(Buffer.from(buf.subarray(sc.keyStart[i], sc.keyEnd[i])));
    ends[i] = n += sc.keyEnd[i] - sc.keyStart[i];
  }
  sc.expectBytes = Buffer.concat(parts);
  sc.expectEnds = ends;
}

const fd = openSync(file, 'r');
const totals = { js: 0, wasm: 0, lines: 0, bytes: 0 };
let mismatched = 0;
for (let round = 1; round <= rounds; round++) {
  let pos = 0,
    jsUs = 0,
    waUs = 0,
    lines = 0;
  for (let k = 0; ; k++) {
    const n = readSync(fd, shared, 0, CHUNK, pos);
    if (n === 0) break;
    const len = shared.lastIndexOf(10, n - 1) + 1;
    if (len === 0) break;
    shared.copy(plain, 0, 0, len);
    pos += len;
    const dj = new Int32Array(1),
      dw = new Int32Array(1);
    let vj = 0,
      vw = 0;
    // alternate which goes first, so neither always runs on a warmer cache
    for (const which of k % 2 === 0 ? ['js', 'wasm'] : ['wasm', 'js']) {
      const t0 = cpu();
      if (which === 'js') vj = pass(js, plain, len, dj);
      else vw = pass(wa, shared, len, dw);
      const dt = cpu() - t0;
      if (which === 'js') jsUs += dt;
      else waUs += dt;
    }
    if (vj !== vw || dj[0] !== dw[0]) mismatched++;
    lines += vj;
  }
  console.log(
    `round ${round}: ${lines} valid lines, ${(pos / 2 ** 20).toFixed(0)} MiB: ` +
      `JavaScript ${(jsUs / 1000).toFixed(0)} ms, ` +
      `WebAssembly ${(waUs / 1000).toFixed(0)} ms CPU (${(waUs / jsUs).toFixed(2)}×)`,
  );
  if (round > 1 || rounds === 1) {
    totals.js += jsUs;
    totals.wasm += waUs;
    totals.lines += lines;
    totals.bytes += pos;
  }
}
closeSync(fd);
const counted = rounds > 1 ? rounds - 1 : 1;
console.log(
  `scan CPU per pass (rounds after the first): JavaScript ${(totals.js / 1000 / counted).toFixed(0)} ms, ` +
    `WebAssembly ${(totals.wasm / 1000 / counted).toFixed(0)} ms, ratio ${(totals.wasm / totals.js).toFixed(2)}; ` +
    `${(totals.bytes / counted / 2 ** 20 / (totals.wasm / 1e6 / counted)).toFixed(0)} MiB/s WebAssembly, ` +
    `${(totals.bytes / counted / 2 ** 20 / (totals.js / 1e6 / counted)).toFixed(0)} MiB/s JavaScript`,
);
if (mismatched > 0) {
  console.error(`scanMicro: the two scanners disagreed on ${mismatched} chunks`);
  process.exit(1);
}
console.log('outputs: identical on every chunk');
