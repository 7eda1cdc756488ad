// Benchmark: taking a file's records into a session alone (times, counts, the groupings), without indexing them:
// a session over a store that already holds the file, asked for its stats once everything is taken in; the first
// round cold, then warm ones. Prints figures, asserts nothing.
// Bundled as the CLI ships (tsx's transpiled modules run it ≈ 1.5× slower):
//   npx esbuild bench/ingest.ts --bundle --platform=node --outfile=.cache/ingest.js --log-level=warning
//   node .cache/ingest.js [FILE] [--rounds N]      (FILE defaults to bench/data/logback-256mb.log)
import { resolve } from 'node:path';
import { createRecordStore } from '../src/core/index/store';
import { createSessionOver, type SessionBackend } from '../src/core/session/session';
import { setWorkerScript } from '../src/core/index/workerPool';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args[at + 1]) : 12;
const file = resolve(
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds') ?? 'bench/data/logback-256mb.log',
);

async function main(): Promise<void> {
  setWorkerScript(null);
  const store = createRecordStore();
  await store.addFile(file, { workers: 0 });
  const refuse = () => {
    throw new Error('this session only reads the store it was given');
  };
  const backend: SessionBackend = { store, addFile: refuse, addStream: refuse };
  const wall: number[] = [];
  const cpu: number[] = [];
  let groups = 0;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const session = createSessionOver(() => backend, {
      maxRecords: Number.MAX_SAFE_INTEGER,
    });
    // (the session's own wait for everything appended to be taken in: not part of its API)
    await (session as unknown as { settled(): Promise<void> }).settled();
    groups = session.stats().groups.trace;
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
    session.dispose();
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!.toFixed(1);
  console.log(`${file}: ${store.count} records, ${groups} traces`);
  console.log(`cold ${wall[0]!.toFixed(1)} ms (CPU ${cpu[0]!.toFixed(1)} ms, all threads)`);
  console.log(`warm median of ${rounds - 1}: ${med(wall.slice(1))} ms (CPU ${med(cpu.slice(1))} ms)`);
}
void main();
