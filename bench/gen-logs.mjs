#!/usr/bin/env node
// Fallback generator for `npm run bench` when ../shared/bench is absent: NDJSON of a traced Java service
// (logstash-logback-encoder shape with traceId/spanId MDC and caller fields) or a pino service, deterministic.
// usage: gen-logs.mjs OUT_FILE [--mb 256] [--format logback|pino] [--seed 1]
import { createWriteStream } from 'node:fs';

const argv = process.argv.slice(2);
const out = argv[0];
if (!out) {
  console.error('usage: gen-logs.mjs OUT_FILE [--mb N] [--format logback|pino] [--seed N]');
  process.exit(2);
}
const flag = (n, d) => {
  const i = argv.indexOf('--' + n);
  return i > 0 ? argv[i + 1] : d;
};
const target = Number(flag('mb', 256)) * 1048576;
const format = flag('format', 'logback');
let state = Number(flag('seed', 1)) >>> 0 || 1;
// xorshift32: cheap and reproducible
const rand = () => {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 4294967296;
};
const one = (list) => list[Math.floor(rand() * list.length)];
const hexId = (len) => {
  let s = '';
  while (s.length < len)
    s += Math.floor(rand() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, len);
};

const classes = [
  'com.shop.cart.CartController',
  'com.shop.cart.CartService',
  'com.shop.billing.InvoiceClient',
  'com.shop.stock.WarehouseRepository',
  'org.springframework.web.servlet.DispatcherServlet',
];
const texts = [
  'Handling GET /api/cart',
  'Loaded cart items=%n',
  'Invoice created id=%h',
  'Warehouse lookup sku=%h',
  'Upstream latency %nms',
  'Request finished status=200',
  'Retry %n scheduled',
];
const levels = [
  ['INFO', 20000, 30],
  ['INFO', 20000, 30],
  ['DEBUG', 10000, 20],
  ['WARN', 30000, 40],
  ['ERROR', 40000, 50],
];
const trace =
  'java.io.IOException: connection reset\n\tat com.shop.billing.InvoiceClient.send(InvoiceClient.java:64)\n' +
  '\tat com.shop.cart.CartService.checkout(CartService.java:120)';
const open = Array.from({ length: 6 }, () => ({
  trace: hexId(32),
  span: hexId(16),
  thread: 'worker-' + Math.floor(rand() * 64),
}));
let clock = Date.UTC(2026, 0, 15, 8, 0, 0),
  bytes = 0,
  count = 0;
const ws = createWriteStream(out, { highWaterMark: 1 << 20 });

function next() {
  const req = one(open);
  if (rand() < 0.1)
    Object.assign(req, { trace: hexId(32), span: hexId(16), thread: 'worker-' + Math.floor(rand() * 64) });
  else if (rand() < 0.25) req.span = hexId(16);
  clock += Math.floor(rand() * 4);
  const cls = one(classes),
    [lv, lvv, pl] = one(levels);
  const msg = one(texts)
    .replace('%n', String(Math.floor(rand() * 900)))
    .replace('%h', hexId(6));
  const file = cls.slice(cls.lastIndexOf('.') + 1);
  const line = 10 + Math.floor(rand() * 200);
  const rec =
    format === 'pino'
      ? {
          level: pl,
          time: clock,
          pid: 7,
          hostname: 'cart-1',
          name: 'cart',
          reqId: 'r-' + req.trace.slice(0, 6),
          trace_id: req.trace,
          span_id: req.span,
          caller: `lib/${file}.js:${line}`,
          msg,
        }
      : {
          '@timestamp': new Date(clock).toISOString(),
          '@version': '1',
          message: msg,
          logger_name: cls,
          thread_name: req.thread,
          level: lv,
          level_value: lvv,
          traceId: req.trace,
          spanId: req.span,
          caller_class_name: cls,
          caller_method_name: 'handle',
          caller_file_name: file + '.java',
          caller_line_number: line,
        };
  if (lv === 'ERROR') {
    if (format === 'pino') rec.err = { type: 'Error', message: 'connection reset', stack: 'Error: connection reset' };
    else rec.stack_trace = trace;
  }
  return JSON.stringify(rec) + '\n';
}

(function pump() {
  while (bytes < target) {
    const s = next();
    bytes += Buffer.byteLength(s);
    count++;
    if (!ws.write(s)) {
      ws.once('drain', pump);
      return;
    }
  }
  ws.end(() => console.error(`wrote ${count} lines, ${(bytes / 1048576).toFixed(1)} MiB to ${out}`));
})();
