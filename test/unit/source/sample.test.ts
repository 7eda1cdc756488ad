// Go to Source on the sample shop's own logs (test/fixtures/logs/spring, written by scripts/fixtures/spring.mjs):
// every record the shop's code wrote resolves, with the project's resolver over the files of sample/, to the
// shop's Java source, at a line that logs or throws. Records logged through a bridge (Tomcat's JUL adapter)
// resolve through their error's first application frame, as the navigator does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { normalizeAny } from '../../../src/core/formats/normalize';
import { parseJsonLine } from '../../../src/core/json/parseLine';
import { navigableLocation } from '../../../src/core/source/frames';
import { createSourceResolver } from '../../../src/core/source/resolve';
import type { LogRecord } from '../../../src/core/model';

const root = join(import.meta.dirname, '../../..');
const sample = join(root, 'sample');
const SHOP = 'shop/src/main/java/com/acme/shop/';

/** The workspace as the extension lists it: every file of sample/ but build output and logs. */
function workspaceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return ['target', 'logs', 'node_modules'].includes(e.name) ? [] : workspaceFiles(p);
    return [relative(sample, p).split('\\').join('/')];
  });
}
function records(name: string): LogRecord[] {
  const lines = readFileSync(join(root, 'test/fixtures/logs/spring', name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  return lines.map((l) => {
    const r = parseJsonLine(l);
    assert.ok(r.ok);
    return normalizeAny(r.value as Record<string, unknown>);
  });
}
const lineText = (path: string, line: number) => readFileSync(join(sample, path), 'utf8').split('\n')[line - 1] ?? '';

const files = workspaceFiles(sample);
const resolver = createSourceResolver(files);

test('sample/ holds the shop beside the orders sample, no Java file name twice (Go to Source never asks)', () => {
  assert.ok(files.includes(`${SHOP}PaymentsClient.java`));
  assert.ok(files.includes('src/main/java/com/acme/orders/PaymentClient.java'));
  const names = files.filter((f) => f.endsWith('.java')).map((f) => f.slice(f.lastIndexOf('/') + 1));
  assert.equal(new Set(names).size, names.length);
});

for (const name of ['orders.logstash.jsonl', 'payments.logstash.jsonl']) {
  test(`${name}: caller data of every shop record lands on the logging line in sample/shop`, () => {
    // (Spring Boot logs the start-up lines under the application's class name, from its own code.)
    const own = records(name).filter((x) => x.source?.origin === 'field' && x.source.file.startsWith('com/acme/shop/'));
    assert.equal(own.length, records(name).filter((x) => x.traceId !== null).length, 'every traced record');
    for (const x of own) {
      const [best] = resolver.resolve(x.source!);
      assert.ok(best, `${x.message}: no candidate`);
      assert.equal(best.path, `${SHOP}${x.source!.file.split('/').pop()}`, x.message);
      assert.equal(best.line, x.source!.line);
      // The line holds the logging call whose level the record has.
      const level = x.level === 'warn' ? 'warn' : x.level;
      assert.match(lineText(best.path, best.line!), new RegExp(`\\blog\\.${level}\\(`), `${best.path}:${best.line}`);
    }
  });
}

for (const name of ['orders.ecs.jsonl', 'payments.ecs.jsonl']) {
  test(`${name}: without caller data, the logger names the class file; an error's frame gives the line`, () => {
    const own = records(name).filter((x) => x.logger?.startsWith('com.acme.shop.'));
    for (const x of own) {
      const [best] = resolver.resolve(x.source!);
      assert.equal(best?.path, `${SHOP}${x.logger!.split('.').pop()}.java`, x.message);
    }
    for (const x of records(name).filter((r) => r.source?.origin === 'stack')) {
      const [best] = resolver.resolve(x.source!);
      assert.ok(best?.path.startsWith(SHOP));
      const at = `${best.path}:${best.line}`;
      assert.match(lineText(best.path, best.line!), /throw new |\.retrieve\(\)|\.body\(|http\.post\(\)/, at);
    }
  });
}

test("a record logged through Tomcat's JUL bridge: its caller is no workspace file, its first app frame is", () => {
  const [failed] = records('payments.logstash.jsonl').filter((x) => x.level === 'error');
  assert.deepEqual(resolver.resolve(failed.source!), []);
  const resolves = (l: Parameters<typeof resolver.resolve>[0]) => resolver.resolve(l).length > 0;
  const frame = navigableLocation(failed.source, failed.error, resolves);
  assert.equal(frame?.origin, 'stack');
  const [best] = resolver.resolve(frame!);
  assert.equal(best.path, `${SHOP}PaymentGateway.java`);
  assert.match(lineText(best.path, best.line!), /throw new IOException\(/);
  // a record whose own location resolves keeps it, even with an error
  const [client] = records('orders.logstash.jsonl').filter((x) => x.level === 'error' && x.error !== null);
  assert.equal(navigableLocation(client.source, client.error, resolves), client.source);
  // and with nothing of the workspace in its trace either, the record's own location stays
  assert.equal(
    navigableLocation(failed.source, 'java.lang.Error: x\n\tat org.x.Y.z(Y.java:1)', resolves),
    failed.source,
  );
});
