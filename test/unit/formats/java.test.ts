// Java fixtures written by the Debian-packaged libraries (log4j-core 2.19, logback 1.2.11,
// logstash-logback-encoder 7.2; scripts/fixtures/java/run.sh). Expected call sites and throw sites are looked up
// in the generator sources, so each check is "this record points at the line of Java that logged or threw".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLogFormat, normalizeAny } from '../../../src/core/formats/normalize';
import { parseJsonLine } from '../../../src/core/json/parseLine';
import { parseTextRecord } from '../../../src/core/formats/text';
import { firstAppFrame } from '../../../src/core/source/frames';
import { createRecordStore } from '../../../src/core/index/index';
import { setWorkerScript } from '../../../src/core/index/workerPool';
import type { LogRecord } from '../../../src/core/model';

const root = join(import.meta.dirname, '../../..');
const fixturePath = (name: string) => join(root, 'test/fixtures/logs/java', name);
const fixture = (name: string) =>
  readFileSync(fixturePath(name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

/** 1-based line of the only line holding `snippet` in a generator source, searching from the line holding `after`. */
function javaLine(file: 'Log4j2Gen.java' | 'LogbackGen.java', snippet: string, after?: string): number {
  const lines = readFileSync(join(root, 'scripts/fixtures/java/src/com/acme/shop', file), 'utf8').split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  assert.ok(from >= 0, `${after} not in ${file}`);
  const hits = lines.map((l, i) => (i >= from && l.includes(snippet) ? i + 1 : 0)).filter((n) => n > 0);
  assert.ok(hits.length >= 1, `${snippet} not in ${file}`);
  if (after === undefined) assert.equal(hits.length, 1, `${snippet} is not unique in ${file}`);
  return hits[0];
}

function records(name: string): LogRecord[] {
  return fixture(name).map((l) => {
    const r = parseJsonLine(l);
    assert.ok(r.ok, `${name}: ${!r.ok && r.reason}`);
    return normalizeAny(r.value as Record<string, unknown>);
  });
}

async function indexed(name: string) {
  setWorkerScript(null);
  const store = createRecordStore();
  const r = await store.addFile(fixturePath(name), { workers: 0 });
  const recs: LogRecord[] = [];
  for (let id = 0; id < store.count; id++) recs.push(await store.load(id));
  return { store, summary: r.summary, recs };
}

// Event k of every generator run is stamped 2024-05-01T08:15:00.123456789Z + k ms (FixedClock / FixedTime).
const T_NS = 1714551300123456789n;
const T_MS = 1714551300123000000n;
const MS = 1_000_000n;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const MESSAGES = [
  /^order placed (id|orderId)=9007199254740993$/,
  /^charge failed$/,
  /^receipt:\n {2}total="12\.50 €"\tstatus=ok$/,
  /^request done$/,
  /^shutting down, 3 orders pending$/,
];
const THREADS = [
  'http-nio-8080-exec-1',
  'http-nio-8080-exec-1',
  'http-nio-8080-exec-1',
  'http-nio-8080-exec-1',
  'main',
];
const LEVELS = ['info', 'error', 'debug', 'info', 'warn'];

/** What every generator logged, in order: the same five events through every layout. */
function assertEvents(r: LogRecord[], format: string, logger: string, times: bigint[]): void {
  assert.deepEqual(
    r.map((x) => x.format),
    Array(5).fill(format),
  );
  assert.deepEqual(
    r.map((x) => x.timeNs),
    times,
  );
  assert.deepEqual(
    r.map((x) => x.level),
    LEVELS,
  );
  r.forEach((x, i) => assert.match(x.message, MESSAGES[i]));
  assert.deepEqual(
    r.map((x) => x.thread),
    THREADS,
  );
  assert.ok(r.every((x) => x.logger === logger));
  // The MDC / ThreadContext is set for the first three events and cleared before the fourth.
  assert.deepEqual(
    r.map((x) => x.traceId),
    [TRACE, TRACE, TRACE, null, null],
  );
  assert.deepEqual(
    r.map((x) => x.spanId),
    [SPAN, SPAN, SPAN, null, null],
  );
  assert.deepEqual(
    r.map((x) => x.correlationId),
    ['r-17', 'r-17', 'r-17', null, null],
  );
  assert.deepEqual(
    r.map((x) => x.parentSpanId),
    Array(5).fill(null),
  );
  assert.deepEqual(
    r.map((x) => x.error !== null),
    [false, true, false, false, false],
  );
}

/** The two-exception trace of charge(): IllegalStateException caused by IOException, at the generator's lines. */
function assertChargeTrace(error: string, file: 'Log4j2Gen.java' | 'LogbackGen.java', cls: string): void {
  const l = error.split('\n');
  assert.equal(l[0], 'java.lang.IllegalStateException: payment declined');
  assert.match(
    l[1],
    new RegExp(`^\\tat ${cls}\\.charge\\(${file}:${javaLine(file, 'throw new IllegalStateException(')}\\)`),
  );
  assert.match(
    l[2],
    new RegExp(`^\\tat ${cls}\\.handle\\(${file}:${javaLine(file, 'charge();', 'static void handle()')}\\)`),
  );
  assert.match(l[3], /^\tat (java\.base\/)?java\.lang\.Thread\.run\(Thread\.java:\d+\)/);
  assert.equal(l[4], 'Caused by: java.io.IOException: connection reset');
  assert.match(l[5], new RegExp(`^\\tat ${cls}\\.gateway\\(${file}:${javaLine(file, 'throw new IOException(')}\\)`));
  assert.match(l[6], new RegExp(`^\\tat ${cls}\\.charge\\(${file}:${javaLine(file, 'gateway();')}\\)`));
}

const L4J = 'com.acme.shop.Log4j2Gen';
const L4J_FILE = 'com/acme/shop/Log4j2Gen.java';
const LB = 'com.acme.shop.LogbackGen';
const LB_FILE = 'com/acme/shop/LogbackGen.java';
const l4jCalls = () => [
  javaLine('Log4j2Gen.java', 'log.info("order placed'),
  javaLine('Log4j2Gen.java', 'log.error("charge failed"'),
  javaLine('Log4j2Gen.java', 'log.debug("receipt:'),
  javaLine('Log4j2Gen.java', 'log.info("request done")'),
  javaLine('Log4j2Gen.java', 'log.warn("shutting down'),
];
const lbCalls = () => [
  javaLine('LogbackGen.java', 'log.info("order placed'),
  javaLine('LogbackGen.java', 'log.error("charge failed"'),
  javaLine('LogbackGen.java', 'log.debug("receipt:'),
  javaLine('LogbackGen.java', 'log.info("request done")'),
  javaLine('LogbackGen.java', 'log.warn("shutting down'),
];
const nsTimes = (base: bigint) => [0n, 1n, 2n, 3n, 4n].map((k) => base + k * MS);

test(
  'log4j2 JsonLayout compact+eventEol: instant to the ns, ' + 'contextMap ids, locationInfo source, thrown with cause',
  () => {
    const r = records('log4j2-json-compact.jsonl');
    assertEvents(r, 'log4j2-json', L4J, nsTimes(T_NS));
    // additionalField <KeyValuePair key="service"> lands at the root, where the service aliases find it.
    assert.ok(r.every((x) => x.service === 'shop'));
    const calls = l4jCalls();
    r.forEach((x, i) =>
      assert.deepEqual(x.source, {
        file: L4J_FILE,
        line: calls[i],
        column: null,
        function: `${L4J}.${i === 4 ? 'main' : 'handle'}`,
        origin: 'field',
      }),
    );
    assertChargeTrace(r[1].error ?? '', 'Log4j2Gen.java', L4J);
    // The `{}` argument was a long beyond 2^53: formatted by log4j2 as its exact digits.
    assert.equal(r[0].message, 'order placed id=9007199254740993');
  },
);

test(
  'log4j2 JsonLayout defaults (pretty, one object over many lines, ' + 'CRLF after each): the index reads documents',
  async () => {
    const text = readFileSync(fixturePath('log4j2-json-pretty.json'), 'utf8');
    const lines = text.split('\n');
    assert.ok(lines.length > 100, 'the pretty fixture is multi-line');
    // Jackson's pretty printer ends lines with \n; log4j2 ends each event with \r\n.
    assert.equal(lines.filter((l) => l === '}\r').length, 5);
    const { store, summary, recs } = await indexed('log4j2-json-pretty.json');
    assert.deepEqual(summary.badLines, []);
    assert.equal(summary.records, 5);
    assert.equal(summary.recordLines + summary.continuationLines, summary.lines);
    assert.deepEqual(summary.formats, { 'log4j2-json': 5 });
    const starts = lines.flatMap((l, i) => (l === '{' ? [i + 1] : []));
    assert.deepEqual(
      recs.map((_, id) => store.position(id).line),
      starts,
    );
    // Same events, same normalised values as the compact layout (which adds only the service field).
    const compact = records('log4j2-json-compact.jsonl');
    recs.forEach((x, i) => {
      const { fields: _a, service: s1, ...pretty } = x;
      const { fields: _b, service: s2, ...one } = compact[i];
      assert.deepEqual(pretty, one);
      assert.equal(s1, null);
      assert.equal(s2, 'shop');
    });
    assert.deepEqual(
      recs.map((_, id) => store.hasError(id)),
      [false, true, false, false, false],
    );
  },
);

test('log4j2 JsonLayout timeMillis + stacktraceAsString: ms time, the string trace kept whole, source from it', () => {
  const r = records('log4j2-json-millis.jsonl');
  assertEvents(r, 'log4j2-json', L4J, nsTimes(T_MS));
  // A string extendedStackTrace holds the whole printed trace, log4j2's "~[jar:version]" suffixes included.
  const err = r[1].error ?? '';
  assert.equal(err, (r[1].fields.thrown as Record<string, unknown>).extendedStackTrace);
  assertChargeTrace(err, 'Log4j2Gen.java', L4J);
  assert.match(err, / ~\[classes\/:\?\]\n/);
  // No locationInfo: the error's first application frame, else the logger name as a class hint.
  assert.deepEqual(r[1].source, {
    file: L4J_FILE,
    line: javaLine('Log4j2Gen.java', 'throw new IllegalStateException('),
    column: null,
    function: `${L4J}.charge`,
    origin: 'stack',
  });
  assert.deepEqual(r[0].source, { file: L4J_FILE, line: null, column: null, function: null, origin: 'logger' });
});

test('log4j2 GelfLayout: its own def (_thread, _logger, stack in full_message), ms time, syslog levels', () => {
  const r = records('log4j2-gelf.jsonl');
  assertEvents(r, 'log4j2-gelf', L4J, nsTimes(T_MS));
  assertChargeTrace(r[1].error ?? '', 'Log4j2Gen.java', L4J);
  assert.equal(r[1].source?.origin, 'stack');
  assert.equal(r[1].source?.line, javaLine('Log4j2Gen.java', 'throw new IllegalStateException('));
  assert.equal(r[0].source?.origin, 'logger');
});

test(
  'logstash-logback-encoder 7.2: offset timestamp, ' + 'root MDC ids, caller data, stack_trace, exact big argument',
  () => {
    const r = records('logstash-logback.jsonl');
    assert.match(r[0].fields['@timestamp'] as string, /\+02:00$/);
    assertEvents(r, 'logstash-logback', LB, nsTimes(T_MS));
    const calls = lbCalls();
    r.forEach((x, i) =>
      assert.deepEqual(x.source, {
        file: LB_FILE,
        line: calls[i],
        column: null,
        function: `${LB}.${i === 4 ? 'main' : 'handle'}`,
        origin: 'field',
      }),
    );
    assertChargeTrace(r[1].error ?? '', 'LogbackGen.java', LB);
    assert.match(r[1].error ?? '', /\n\t\.\.\. 2 common frames omitted\n$/);
    // StructuredArguments.kv wrote the long as a JSON number: kept as its exact text.
    assert.equal(r[0].fields.orderId, '9007199254740993');
  },
);

for (const [name, logger] of [
  ['logback-text.log', LB],
  ['log4j2-text.log', L4J],
] as const) {
  test(`${name}: PatternLayout records, the raw Java trace and message lines as continuations`, async () => {
    const lines = fixture(name);
    const heads = lines.map(parseTextRecord);
    assert.deepEqual(
      heads.map((h) => h !== null),
      lines.map((l) => /^\d{4}-/.test(l)),
    );
    const { store, summary, recs } = await indexed(name);
    assert.deepEqual(summary.badLines, []);
    assert.deepEqual(summary.formats, { text: 5 });
    assert.equal(summary.continuationLines, lines.length - 5);
    recs.forEach((x, i) => {
      assert.equal(x.timeNs, T_MS + BigInt(i) * MS);
      assert.equal(x.level, LEVELS[i]);
      assert.equal(x.thread, THREADS[i]);
      assert.equal(x.logger, logger);
    });
    assert.equal(recs[1].message, 'charge failed');
    assert.equal(store.position(1).line, 2);
    const file = name.startsWith('logback') ? 'LogbackGen.java' : 'Log4j2Gen.java';
    assertChargeTrace(recs[1].error ?? '', file, logger);
    // The continuation trace is enough to find the throw site.
    assert.equal(firstAppFrame(recs[1].error ?? '')?.line, javaLine(file, 'throw new IllegalStateException('));
  });
}

test('stdout of a logback app: LogstashEncoder JSON lines with a printStackTrace() between them', async () => {
  const lines = fixture('logback-mixed.log');
  const { store, summary, recs } = await indexed('logback-mixed.log');
  assert.deepEqual(summary.badLines, []);
  assert.deepEqual(summary.formats, { 'logstash-logback': 5 });
  const json = lines.flatMap((l, i) => (l.startsWith('{') ? [i + 1] : []));
  assert.equal(json.length, 5);
  assert.equal(summary.continuationLines, lines.length - 5);
  assert.deepEqual(
    recs.map((_, id) => store.position(id).line),
    json,
  );
  // The encoder's own timestamp uses the JVM zone (UTC in run.sh): `Z`.
  assert.deepEqual(
    recs.map((x) => x.timeNs),
    nsTimes(T_MS),
  );
  assert.equal(recs[1].source?.origin, 'stack');
  // The raw trace belongs to the record printed before it.
  const raw = await store.raw(3);
  assert.match(raw, /"message":"request done"/);
  assert.match(
    raw,
    new RegExp(
      `\\n\\tat ${LB}\\.main\\(LogbackGen\\.java:` +
        `${javaLine('LogbackGen.java', 'charge();', 'public static void main')}\\)\\n`,
    ),
  );
  assert.match(raw, /\t\.\.\. 1 more\n$/);
  for (const l of lines) {
    const p = parseJsonLine(l);
    if (p.ok) assert.equal(detectLogFormat(p.value)?.name, 'logstash-logback');
    else assert.equal(parseTextRecord(l), null, l);
  }
});

// The same generators built by Maven against current libraries (scripts/fixtures/java/run-maven.sh): logback 1.5,
// logstash-logback-encoder 8, log4j2 2.25 JsonTemplateLayout and google-cloud-logging-logback.
const msTimes = (base: bigint) => [0n, 1n, 2n, 3n, 4n].map((k) => base + k * MS);

test('logback 1.5 JsonEncoder: ms + nanoseconds, mdc ids, {} template filled, throwable with cause', () => {
  const r = records('logback-json.jsonl');
  assertEvents(r, 'logback-json', LB, msTimes(T_MS));
  // No caller data in this encoder: the logger names the class; an error's first application frame gives the line.
  assert.deepEqual(r[0].source, { file: LB_FILE, line: null, column: null, function: null, origin: 'logger' });
  assert.deepEqual(r[1].source, {
    file: LB_FILE,
    line: javaLine('LogbackGen.java', 'throw new IllegalStateException('),
    column: null,
    function: `${LB}.charge`,
    origin: 'stack',
  });
  assertChargeTrace(r[1].error ?? '', 'LogbackGen.java', LB);
  assert.equal(r[0].message, 'order placed orderId=9007199254740993');
});

test('logstash-logback-encoder 8: the same fields as 7.2, caller data to the line', () => {
  const r = records('logstash-logback-8.jsonl');
  assertEvents(r, 'logstash-logback', LB, msTimes(T_MS));
  const calls = lbCalls();
  r.forEach((x, i) =>
    assert.deepEqual(x.source, {
      file: LB_FILE,
      line: calls[i],
      column: null,
      function: `${LB}.${i === 4 ? 'main' : 'handle'}`,
      origin: 'field',
    }),
  );
  assertChargeTrace(r[1].error ?? '', 'LogbackGen.java', LB);
  assert.equal(r[0].fields.orderId, '9007199254740993');
});

test('log4j2 JsonTemplateLayout EcsLayout.json: dotted ECS keys, MDC at the root, error.stack_trace', () => {
  const r = records('log4j2-template-ecs.jsonl');
  assertEvents(r, 'ecs', L4J, msTimes(T_MS));
  assert.ok(r.every((x) => x.service === 'shop'));
  assertChargeTrace(r[1].error ?? '', 'Log4j2Gen.java', L4J);
  assert.equal(r[1].source?.line, javaLine('Log4j2Gen.java', 'throw new IllegalStateException('));
});

test('log4j2 JsonTemplateLayout LogstashJsonEventLayoutV1.json: location fields, mdc, exception.stacktrace', () => {
  const r = records('log4j2-template-logstash.jsonl');
  assertEvents(r, 'log4j2-logstash-v1', L4J, msTimes(T_MS));
  const calls = l4jCalls();
  r.forEach((x, i) =>
    assert.deepEqual(x.source, {
      file: L4J_FILE,
      line: calls[i],
      column: null,
      function: `${L4J}.${i === 4 ? 'main' : 'handle'}`,
      origin: 'field',
    }),
  );
  assertChargeTrace(r[1].error ?? '', 'Log4j2Gen.java', L4J);
});

test('log4j2 JsonTemplateLayout GcpLayout.json: seconds + nanos exact, labels, logger/thread, sourceLocation', () => {
  const r = records('log4j2-template-gcp.jsonl');
  // The template repeats the trace after the message, as Error Reporting wants it: event 1 is checked below.
  const [one] = r.splice(1, 1, { ...r[1], message: 'charge failed' });
  assertEvents(r, 'gcp-structured', L4J, nsTimes(T_NS));
  const calls = l4jCalls();
  r.forEach((x, i) =>
    assert.deepEqual(x.source, {
      file: 'Log4j2Gen.java',
      line: calls[i],
      column: null,
      function: `${L4J}.${i === 4 ? 'main' : 'handle'}`,
      origin: 'field',
    }),
  );
  assertChargeTrace(r[1].error ?? '', 'Log4j2Gen.java', L4J);
  assert.equal(one.message, `charge failed\n${one.error}`);
});

test('log4j2 JsonTemplateLayout GelfLayout.json: _logger/_thread, MDC as _ fields, seconds with nine digits', () => {
  const r = records('log4j2-template-gelf.jsonl');
  assert.deepEqual(
    r.map((x) => x.format),
    Array(5).fill('log4j2-gelf'),
  );
  assert.deepEqual(
    r.map((x) => x.level),
    LEVELS,
  );
  assert.deepEqual(
    r.map((x) => x.thread),
    THREADS,
  );
  assert.deepEqual(
    r.map((x) => x.traceId),
    [TRACE, TRACE, TRACE, null, null],
  );
  assert.deepEqual(
    r.map((x) => x.correlationId),
    ['r-17', 'r-17', 'r-17', null, null],
  );
  assertChargeTrace(r[1].error ?? '', 'Log4j2Gen.java', L4J);
  // `timestamp` is printed with nine fraction digits; a JSON number of 19 significant digits comes through a double,
  // which keeps about 0.2 µs of it: checked to the microsecond.
  r.forEach((x, i) => {
    const diff = (x.timeNs ?? 0n) - nsTimes(T_NS)[i];
    assert.ok(diff > -1000n && diff < 1000n, `event ${i}: ${x.timeNs}`);
  });
});

test('google-cloud-logging-logback to stdout: severity, ISO time, labels, the diagnostic entry', () => {
  const r = records('gcp-logback.jsonl');
  assert.ok(r.every((x) => x.format === 'gcp-structured'));
  // The appender's first write adds a diagnostic entry (its instrumentation version): no time, no message.
  const diag = r.findIndex((x) => x.fields['logging.googleapis.com/diagnostic'] !== undefined);
  assert.equal(diag, 1);
  assert.equal(r[diag].timeNs, null);
  assert.equal(r[diag].message, '');
  const ev = r.filter((_, i) => i !== diag);
  assert.deepEqual(
    ev.map((x) => x.timeNs),
    msTimes(T_MS),
  );
  assert.deepEqual(
    ev.map((x) => x.level),
    LEVELS,
  );
  const withTrace = /^charge failed\njava\.lang\.IllegalStateException/;
  ev.forEach((x, i) => assert.match(x.message, i === 1 ? withTrace : MESSAGES[i]));
  assert.ok(ev.every((x) => x.logger === LB && x.thread === null));
  assert.deepEqual(
    ev.map((x) => x.traceId),
    [TRACE, TRACE, TRACE, null, null],
  );
  assert.deepEqual(
    ev.map((x) => x.spanId),
    [SPAN, SPAN, SPAN, null, null],
  );
  assert.deepEqual(
    ev.map((x) => x.correlationId),
    ['r-17', 'r-17', 'r-17', null, null],
  );
  // Only some entries carry sourceLocation (function without its class); the others fall back to the logger.
  const located = ev.filter((x) => x.source?.origin === 'field');
  for (const x of located) assert.equal(x.source?.file, 'LogbackGen.java');
  assert.ok(ev.filter((x) => x.source?.origin !== 'field').every((x) => x.source?.file === LB_FILE));
});

test('Spring Cloud Sleuth 3.1 MDC keys (logstash-logback-encoder 7.2): 64-bit traceId, child spanId', () => {
  // scripts/fixtures/java/sleuth/run.sh: the IDs and times are the run's own, so the checks are relations.
  const r = records('sleuth-logstash.jsonl');
  assert.ok(r.every((x) => x.format === 'logstash-logback' && x.thread === 'main'));
  assert.ok(r.every((x) => x.logger === 'com.acme.sleuth.SleuthGen'));
  const [before, placed, failed, done] = r;
  assert.deepEqual([before.traceId, done.traceId, done.spanId], [null, null, null]);
  assert.match(placed.traceId ?? '', /^[0-9a-f]{16}$/);
  // the root span's ID is its trace ID; the child keeps the trace and has its own span ID
  assert.equal(placed.spanId, placed.traceId);
  assert.equal(failed.traceId, placed.traceId);
  assert.match(failed.spanId ?? '', /^[0-9a-f]{16}$/);
  assert.notEqual(failed.spanId, placed.spanId);
  const frame = /\n\tat com\.acme\.sleuth\.SleuthGen\.lambda\$run\$0\(SleuthGen\.java:\d+\)/;
  assert.match(failed.error ?? '', /^java\.lang\.IllegalStateException: payment declined\n/);
  assert.match(failed.error ?? '', frame);
  assert.equal(failed.source?.file, 'com/acme/sleuth/SleuthGen.java');
  assert.ok(r.every((x, i) => i === 0 || x.timeNs! >= r[i - 1].timeNs!));
});
