// Logs of the sample shop (sample/shop: Spring Boot 3.5, Micrometer Tracing over Brave, a request-ID filter),
// written by scripts/fixtures/spring.mjs: the same events through logstash-logback-encoder 8 and Spring Boot's
// structured `ecs`, `logstash` and `gelf` formats. Trace IDs and times differ on every run, so the checks are
// relations (encoders agree, services share a trace) and call sites looked up in the sample's sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLogFormat, normalizeAny } from '../../../src/core/formats/normalize';
import { parseJsonLine } from '../../../src/core/json/parseLine';
import type { LogRecord } from '../../../src/core/model';

const root = join(import.meta.dirname, '../../..');
const JAVA = 'sample/shop/src/main/java/com/acme/shop';
function records(name: string): LogRecord[] {
  const lines = readFileSync(join(root, 'test/fixtures/logs/spring', name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  return lines.map((l) => {
    const r = parseJsonLine(l);
    assert.ok(r.ok, `${name}: ${!r.ok && r.reason}`);
    assert.ok(detectLogFormat(r.value), `${name}: no format for ${l.slice(0, 80)}`);
    return normalizeAny(r.value as Record<string, unknown>);
  });
}
/** 1-based line of the only line of a sample source holding `snippet`. */
function javaLine(file: string, snippet: string): number {
  const lines = readFileSync(join(root, JAVA, file), 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(snippet) ? [i + 1] : []));
  assert.equal(hits.length, 1, `${snippet} in ${file}`);
  return hits[0];
}

const FILES: Record<string, string> = {
  'orders.logstash.jsonl': 'logstash-logback',
  'payments.logstash.jsonl': 'logstash-logback',
  'orders.ecs.jsonl': 'ecs',
  'payments.ecs.jsonl': 'ecs',
  'payments.boot-logstash.jsonl': 'logstash-logback',
  'payments.gelf.jsonl': 'gelf',
};
/** Records written while serving a request (the filter's MDC and Micrometer Tracing's scope are set). */
const inRequest = (r: LogRecord) => /^com\.acme\.shop\.(Order|Payment)/.test(r.logger ?? '');

test('every line detected as its encoder; request records carry Micrometer Tracing ids and the request ID', () => {
  for (const [name, format] of Object.entries(FILES)) {
    const r = records(name);
    assert.ok(r.length >= 10, name);
    assert.deepEqual([...new Set(r.map((x) => x.format))], [format], name);
    const req = r.filter(inRequest);
    assert.ok(req.length >= 8, name);
    for (const x of req) {
      assert.match(x.traceId ?? '', /^[0-9a-f]{32}$/, `${name}: ${x.message}`);
      assert.match(x.spanId ?? '', /^[0-9a-f]{16}$/, `${name}: ${x.message}`);
      assert.match(x.correlationId ?? '', /^r-\d+$/, `${name}: ${x.message}`);
      assert.match(x.thread ?? '', /^http-nio-.*-exec-\d+$/);
      assert.ok(x.timeNs !== null && x.level !== null && x.message !== '');
    }
    // Start-up records on `main` have no trace.
    assert.ok(
      r.some((x) => x.thread === 'main' && x.traceId === null),
      name,
    );
  }
});

test('the four encoders of payments agree event by event (GELF keeps milliseconds)', () => {
  const lle = records('payments.logstash.jsonl');
  const ecs = records('payments.ecs.jsonl');
  const boot = records('payments.boot-logstash.jsonl');
  const gelf = records('payments.gelf.jsonl');
  assert.ok([ecs, boot, gelf].every((r) => r.length === lle.length));
  const same = (x: LogRecord) => [x.level, x.message, x.logger, x.thread, x.traceId, x.spanId, x.correlationId];
  lle.forEach((x, i) => {
    for (const other of [ecs[i], boot[i], gelf[i]]) assert.deepEqual(same(other), same(x), `event ${i}`);
    assert.equal(ecs[i].timeNs, x.timeNs);
    assert.equal(boot[i].timeNs, x.timeNs);
    assert.equal(gelf[i].timeNs, x.timeNs! - (x.timeNs! % 1_000_000n));
    assert.equal(ecs[i].service, 'payments');
    assert.equal(gelf[i].service, 'payments');
    // Both Spring Boot formats and LLE carry the same stack trace text for an error.
    assert.equal(ecs[i].error, x.error);
  });
  // logstash-logback-encoder was asked for caller data; Spring Boot's formats have none.
  assert.ok(lle.filter(inRequest).every((x) => x.source?.origin === 'field'));
  assert.ok(ecs.filter((x) => inRequest(x) && x.error === null).every((x) => x.source?.origin === 'logger'));
});

test('one trace across both services: payments records share the trace of the orders request calling them', () => {
  const orders = records('orders.logstash.jsonl').filter(inRequest);
  const payments = records('payments.logstash.jsonl').filter(inRequest);
  const byRequest = (r: LogRecord[]) => {
    const m = new Map<string, Set<string>>();
    for (const x of r) m.set(x.correlationId!, (m.get(x.correlationId!) ?? new Set()).add(`${x.traceId}/${x.spanId}`));
    return m;
  };
  const o = byRequest(orders),
    p = byRequest(payments);
  let shared = 0;
  for (const [req, ids] of p) {
    const oIds = o.get(req);
    assert.ok(oIds, `payments saw ${req}, orders did not`);
    const traces = (s: Set<string>) => new Set([...s].map((x) => x.split('/')[0]));
    assert.deepEqual(traces(ids), traces(oIds), req);
    // payments' server span is a child span: never the orders span itself
    for (const id of ids) assert.ok(!oIds.has(id), `${req}: same span in both services`);
    shared++;
  }
  assert.ok(shared >= 4);
  // Different requests, different traces.
  assert.equal(new Set(orders.map((x) => x.traceId)).size, o.size);
});

test('the failure path: the gateway failure with its root cause first, and the 500 as orders saw it', () => {
  const payments = records('payments.logstash.jsonl');
  const failed = payments.filter((x) => x.level === 'error');
  assert.equal(failed.length, 1);
  const [p] = failed;
  assert.match(p.message, /threw exception \[Request processing failed: java\.lang\.IllegalStateException: /);
  assert.match(p.message, /: gateway rejected order ord-\d+\] with root cause$/);
  assert.match(p.error ?? '', /^java\.io\.IOException: connection reset by gateway\n/);
  assert.match(p.error ?? '', /^\tat com\.acme\.shop\.PaymentGateway\.send\(PaymentGateway\.java:\d+\)$/m);
  // Tomcat logs it through JUL, so logstash-logback-encoder's caller is the bridge; ECS has no caller and takes the
  // trace's first application frame (Go to Source falls back to that frame: test/unit/source/sample.test.ts).
  assert.equal(p.source?.file, 'org/apache/juli/logging/DirectJDKLog.java');
  const ecs = records('payments.ecs.jsonl').filter((x) => x.level === 'error');
  assert.deepEqual(
    ecs.map((x) => x.source),
    [
      {
        file: 'com/acme/shop/PaymentGateway.java',
        line: javaLine('PaymentGateway.java', 'throw new IOException('),
        column: null,
        function: 'com.acme.shop.PaymentGateway.send',
        origin: 'stack',
      },
    ],
  );
  const orders = records('orders.logstash.jsonl').filter((x) => x.level === 'error');
  assert.equal(orders.length, 2);
  const http500 = /^org\.springframework\.web\.client\.HttpServerErrorException\$InternalServerError: 500/;
  assert.match(orders[0].error ?? '', http500);
  assert.deepEqual(orders[0].source, {
    file: 'com/acme/shop/PaymentsClient.java',
    line: javaLine('PaymentsClient.java', 'log.error("Payment for order {} failed'),
    column: null,
    function: 'com.acme.shop.PaymentsClient.charge',
    origin: 'field',
  });
  assert.equal(orders[1].message.replace(/ord-\d+/, 'ord-N'), 'Order ord-N failed: payments could not charge it');
  assert.equal(orders[0].traceId, orders[1].traceId);
});
