// Benchmark child: indexes one file with Threadline's indexer and prints one JSON line of figures.
// `--workers N` (0: this thread only), `--chunk BYTES` (read size), `--range BYTES` (worker range size).
// Also watches this thread's event loop (1 ms resolution): the longest time indexing kept it from running.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { indexFile } from '../src/core/index/index';

async function main(): Promise<void> {
  const file = process.argv[2];
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const workers = arg('--workers');
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let progressEvents = 0;
  const t0 = performance.now();
  const r = await indexFile(file, {
    workers,
    chunkSize: arg('--chunk'),
    rangeBytes: arg('--range'),
    onProgress: () => {
      progressEvents++;
    },
  });
  const ms = performance.now() - t0;
  loop.disable();
  const s = r.summary;
  process.stdout.write(
    JSON.stringify({
      ms,
      firstMs: r.firstRecordsMs,
      bytes: s.bytes,
      records: s.records,
      lines: s.lines,
      badLines: s.badLines.length,
      continuationLines: s.continuationLines,
      fastLines: r.fastLines,
      slowLines: r.slowLines,
      workers: r.workersUsed,
      aheadChunks: r.aheadChunks,
      maxRssKb: process.resourceUsage().maxRSS,
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      error: s.error,
      // the first records are read synchronously by design; the delay histogram includes that block too
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      progressEvents,
    }) + '\n',
  );
}
void main();
