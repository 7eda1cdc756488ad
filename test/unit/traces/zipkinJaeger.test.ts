import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipkinV2 } from '../../../src/core/formats/traces/zipkinV2';
import { zipkinV1 } from '../../../src/core/formats/traces/zipkinV1';
import { jaeger } from '../../../src/core/formats/traces/jaeger';
import { buildSpanTree } from '../../../src/core/trace/spanTree';
import { byId, collect, fixture } from './sink';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

test('Zipkin v2 from the OTel Zipkin exporter: µs → ns, parent ids, kind, error tag, annotations', () => {
  const c = collect();
  zipkinV2.import(fixture('zipkin-v2-otel.json'), c);
  assert.deepEqual(c.warnings, []);
  assert.equal(c.spans.length, 4);
  const fraud = byId(c.spans, '5fb397be34d26b51');
  assert.equal(fraud.traceId, TRACE);
  assert.equal(fraud.parentSpanId, 'b7ad6b7169203331');
  assert.equal(fraud.kind, 'CLIENT');
  assert.equal(fraud.startNs, 1714551300127000000n);
  assert.equal(fraud.endNs, 1714551300133000000n);
  assert.equal(fraud.status, 'error');
  assert.equal(fraud.statusMessage, 'upstream timeout');
  assert.equal(fraud.service, 'pay');
  assert.deepEqual(
    fraud.events.map((e) => [e.name, e.timeNs]),
    [['exception', 1714551300133000000n]],
  );
  const charge = byId(c.spans, 'b7ad6b7169203331');
  assert.equal(charge.kind, null, 'no kind = local span');
  assert.equal(charge.status, 'unset');
  const root = byId(c.spans, '00f067aa0ba902b7');
  assert.equal(root.parentSpanId, null);
  assert.equal(root.format, 'zipkin-v2');
});

test('Zipkin v2 shared server span keeps its id and hangs under the client half', () => {
  const c = collect();
  zipkinV2.import(fixture('zipkin-v2-shared.json'), c);
  const halves = c.spans.filter((s) => s.spanId === 'b7ad6b7169203331');
  assert.equal(halves.length, 2, 'both halves are kept with the exact id');
  const server = halves.find((s) => s.kind === 'SERVER')!;
  const client = halves.find((s) => s.kind === 'CLIENT')!;
  assert.equal(client.parentSpanId, '00f067aa0ba902b7');
  assert.equal(server.parentSpanId, 'b7ad6b7169203331');
  assert.equal(server.attributes['zipkin.parentId'], '00f067aa0ba902b7');
  assert.equal(server.attributes['zipkin.shared'], true);
  assert.equal(server.service, 'pay');
  assert.equal(server.statusMessage, 'declined');

  const { nodes } = buildSpanTree(c.spans, [
    { timeNs: 1714551300126000000n, spanId: 'b7ad6b7169203331', level: 'info' },
  ]);
  const shape = nodes.map((n) => `${'  '.repeat(n.depth)}${n.span.name} ${n.span.kind ?? 'LOCAL'} ${n.span.service}`);
  assert.deepEqual(shape, [
    'get /checkout SERVER shop',
    '  post /pay CLIENT shop',
    '    post /pay SERVER pay',
    '      charge LOCAL pay',
  ]);
  assert.equal(nodes[2]!.records, 1, 'a record with the shared id belongs to the server half');
  assert.ok(
    nodes.every((n) => n.span.origin === 'reported'),
    'no placeholder is invented for the shared id',
  );
});

test('Zipkin v1: cs/sr/ss/cr split into client and shared server spans; lc names a local span', () => {
  const c = collect();
  assert.equal(zipkinV2.detect(fixture('zipkin-v1.json')), false);
  assert.equal(zipkinV1.detect(fixture('zipkin-v1.json')), true);
  zipkinV1.import(fixture('zipkin-v1.json'), c);
  assert.deepEqual(c.warnings, []);
  assert.equal(c.spans.length, 3);
  const [client, server, local] = c.spans as [(typeof c.spans)[0], (typeof c.spans)[0], (typeof c.spans)[0]];
  assert.deepEqual(
    [client.kind, client.service, client.startNs, client.endNs, client.parentSpanId],
    ['CLIENT', 'shop', 1714551300120000000n, 1714551300140000000n, '00f067aa0ba902b7'],
  );
  assert.deepEqual(
    [server.kind, server.service, server.startNs, server.endNs, server.parentSpanId],
    ['SERVER', 'pay', 1714551300123456000n, 1714551300138690000n, 'b7ad6b7169203331'],
  );
  assert.equal(server.attributes['http.path'], '/pay');
  assert.deepEqual(
    server.events.map((e) => e.name),
    ['db.query'],
  );
  assert.deepEqual(client.attributes['zipkin.remoteEndpoint'], { serviceName: 'pay', ipv4: '10.0.0.5', port: 8080 });
  assert.deepEqual(
    [local.kind, local.service, local.parentSpanId, local.endNs - local.startNs],
    [null, 'pay', 'b7ad6b7169203331', 10000000n],
  );
  assert.equal(local.format, 'zipkin-v1');
});

test('Zipkin: bad spans warn with their index, good ones still import', () => {
  const c = collect();
  zipkinV2.import(
    [
      {
        traceId: TRACE,
        id: 'aaaaaaaaaaaaaaaa',
        name: 'ok',
        timestamp: 1,
        duration: 2,
        localEndpoint: { serviceName: 's' },
      },
      { traceId: TRACE, name: 'no id', timestamp: 1, kind: 'CLIENT' },
      { traceId: TRACE, id: 'bbbbbbbbbbbbbbbb', name: 'no time', kind: 'CLIENT' },
      null,
    ],
    c,
  );
  assert.deepEqual(
    c.spans.map((s) => s.name),
    ['ok'],
  );
  assert.equal(c.spans[0]!.endNs - c.spans[0]!.startNs, 2000n);
  const w = c.warnings.join('\n');
  assert.match(w, /\[1\]: span without id skipped/);
  assert.match(w, /\[2\]: span without timestamp or annotations skipped/);
  assert.match(w, /\[3\]: span is not an object/);
});

test('Jaeger: CHILD_OF is the parent, FOLLOWS_FROM a link, processes give the service, int64 tags stay exact', () => {
  const c = collect();
  assert.equal(jaeger.detect(fixture('jaeger.json')), true);
  jaeger.import(fixture('jaeger.json'), c);
  assert.deepEqual(c.warnings, []);
  assert.equal(c.spans.length, 4);
  const root = byId(c.spans, '00f067aa0ba902b7');
  assert.equal(root.traceId, '4bf92f3577b34da6', 'a 64-bit trace id is kept as written, not padded');
  assert.equal(root.service, 'shop');
  assert.equal(root.kind, 'SERVER');
  assert.equal(root.attributes['http.status_code'], 200);
  assert.equal((root.attributes['otel.resource'] as Record<string, unknown>).hostname, 'web-1');
  const pay = byId(c.spans, 'b7ad6b7169203331');
  assert.equal(pay.parentSpanId, '00f067aa0ba902b7');
  assert.equal(pay.startNs, 1714551300123456000n);
  assert.equal(pay.endNs, 1714551300138690000n);
  assert.equal(pay.status, 'error');
  assert.equal(pay.service, 'pay');
  assert.equal(pay.attributes['order.id'], '9007199254740993');
  assert.deepEqual(
    pay.events.map((e) => [e.name, e.timeNs, e.attributes.attempt]),
    [['retry', 1714551300130000000n, 2]],
  );
  const receipt = byId(c.spans, '5fb397be34d26b51');
  assert.equal(receipt.parentSpanId, null, 'FOLLOWS_FROM is not a tree edge');
  assert.deepEqual(
    receipt.links.map((l) => [l.spanId, l.attributes['jaeger.refType']]),
    [['b7ad6b7169203331', 'FOLLOWS_FROM']],
  );

  const { nodes } = buildSpanTree(c.spans);
  const placeholder = nodes.find((n) => n.span.origin === 'placeholder')!;
  assert.equal(placeholder.span.spanId, 'aaaaaaaaaaaaaaaa');
  assert.equal(placeholder.span.startNs, 1714551300125000000n);
  assert.equal(placeholder.span.endNs, 1714551300127000000n);
  assert.equal(nodes[nodes.indexOf(placeholder) + 1]!.span.name, 'db.query');
});

test('Jaeger: unknown processID and bad references warn, span kept', () => {
  const c = collect();
  jaeger.import(
    {
      data: [
        {
          spans: [
            {
              traceID: 'ab',
              spanID: 'cd',
              operationName: 'x',
              startTime: 5,
              duration: 1,
              processID: 'p9',
              references: [{ refType: 'CHILD_OF' }],
            },
          ],
          processes: {},
        },
      ],
    },
    c,
  );
  assert.equal(c.spans.length, 1);
  assert.equal(c.spans[0]!.service, null);
  const w = c.warnings.join('\n');
  assert.match(w, /processID "p9" not in processes/);
  assert.match(w, /reference without a readable spanID/);
});

test('Zipkin shared server span without its client half hangs where the client half would', () => {
  const c = collect();
  const all = fixture('zipkin-v2-shared.json') as Record<string, unknown>[];
  zipkinV2.import(
    all.filter((s) => !(s.kind === 'CLIENT')),
    c,
  );
  const { nodes } = buildSpanTree(c.spans);
  assert.deepEqual(
    nodes.map((n) => `${n.depth}:${n.span.name}:${n.span.origin}`),
    ['0:get /checkout:reported', '1:post /pay:reported', '2:charge:reported'],
  );
  assert.equal(nodes[1]!.span.kind, 'SERVER');
});

test('Zipkin /api/v2/traces answer (a list of traces) reads as one list of spans', () => {
  const traces = [fixture('zipkin-v2-otel.json'), fixture('zipkin-v2-shared.json')];
  assert.equal(zipkinV2.detect(traces), true);
  const c = collect();
  zipkinV2.import(traces, c);
  assert.equal(c.spans.length, 8);
  assert.deepEqual(c.warnings, []);
});
