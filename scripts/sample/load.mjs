#!/usr/bin/env node
// Sends the sample shop's request mix (scripts/sample/shop.mjs REQUESTS) to a running orders service.
//   node scripts/sample/load.mjs [--url http://127.0.0.1:8081] [--count 40]
import { driveLoad, REQUESTS } from './shop.mjs';

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const url = opt('--url') ?? 'http://127.0.0.1:8081';
const count = Number(opt('--count') ?? REQUESTS.length);
if (!Number.isInteger(count) || count < 1) {
  console.error('--count must be a positive integer');
  process.exit(2);
}
try {
  const statuses = await driveLoad(url, { count });
  const tally = {};
  for (const s of statuses) tally[s] = (tally[s] ?? 0) + 1;
  console.log(`${count} requests to ${url}: ${Object.entries(tally).map(([s, n]) => `${n}× ${s}`).join(', ')}`);
} catch (e) {
  console.error(`load failed: ${e.cause?.message ?? e.message}`);
  process.exit(1);
}
