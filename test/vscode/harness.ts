// A small test runner for the extension host (node:test's runner cannot be loaded there): tests run in
// order, each with a timeout; results are written as JSON after every test so the outside runner sees
// how far it got even if the host dies.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

interface TestCase {
  name: string;
  fn: () => unknown;
  timeoutMs: number;
}

const cases: TestCase[] = [];

export function test(name: string, fn: () => unknown, timeoutMs = 30_000): void {
  cases.push({ name, fn, timeoutMs });
}

function withTimeout(p: Promise<unknown>, ms: number, name: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function runAll(resultsFile: string, filter?: RegExp): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const write = (done: boolean) => {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify({ done, results }, null, 2));
  };
  write(false);
  for (const c of cases) {
    if (filter && !filter.test(c.name)) continue;
    const start = Date.now();
    try {
      await withTimeout(Promise.resolve().then(c.fn), c.timeoutMs, c.name);
      results.push({ name: c.name, ok: true, ms: Date.now() - start });
    } catch (err) {
      results.push({
        name: c.name,
        ok: false,
        ms: Date.now() - start,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    }
    write(false);
  }
  write(true);
  return results;
}
