// Benchmark baseline: what a straightforward reader does to group a log by trace: stream the file, split lines
// (readline), JSON.parse each, and keep the record numbers of each trace in a Map by traceId.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const t0 = performance.now();
let lines = 0,
  records = 0,
  bad = 0,
  first = 0;
const byTrace = new Map();
const input = createReadStream(process.argv[2], { highWaterMark: 1 << 20 });
const rl = createInterface({ input, crlfDelay: Infinity });
for await (const line of rl) {
  lines++;
  let rec;
  try {
    rec = JSON.parse(line);
  } catch {
    bad++;
    continue;
  }
  records++;
  if (records === 1000) first = performance.now() - t0;
  const trace = rec?.traceId ?? rec?.trace_id;
  if (typeof trace !== 'string') continue;
  const ids = byTrace.get(trace);
  if (ids === undefined) byTrace.set(trace, [records]);
  else ids.push(records);
}
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - t0,
    firstMs: first,
    records,
    lines,
    badLines: bad,
    traces: byTrace.size,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }) + '\n',
);
