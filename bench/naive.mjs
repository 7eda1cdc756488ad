// Benchmark baseline: stream the file, split lines, JSON.parse each (what a straightforward reader does).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const t0 = performance.now();
let lines = 0, records = 0, bad = 0, first = 0;
const rl = createInterface({ input: createReadStream(process.argv[2], { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
for await (const line of rl) {
  lines++;
  try { JSON.parse(line); records++; if (records === 1000) first = performance.now() - t0; } catch { bad++; }
}
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, firstMs: first, records, lines, badLines: bad, maxRssKb: process.resourceUsage().maxRSS, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }) + '\n');
