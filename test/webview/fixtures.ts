// Small traces whose geometry the tests know: times in ms from the trace start.
import type { TraceSpec } from './fakeSession';

export const CHECKOUT: TraceSpec = {
  groupId: 'trace:4bf92f3577b34da6a3ce929d0e0e4736',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  epochMs: '1732540000000',
  spans: [
    {
      id: 'a000000000000001',
      name: 'GET /checkout',
      service: 'frontend',
      start: 0,
      end: 100,
      attributes: { 'http.method': 'GET', 'http.route': '/checkout' },
    },
    { id: 'a000000000000002', parent: 'a000000000000001', name: 'auth.verify', service: 'auth', start: 5, end: 20 },
    {
      id: 'a000000000000003',
      parent: 'a000000000000001',
      name: 'db.query SELECT orders',
      service: 'db',
      start: 25,
      end: 60,
      status: 'error',
      statusMessage: 'deadline exceeded',
      attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM orders WHERE id = $1' },
      events: [{ at: 59, name: 'exception', attributes: { 'exception.type': 'TimeoutError' } }],
    },
    { id: 'a000000000000004', parent: 'a000000000000003', name: 'pool.acquire', service: 'db', start: 26, end: 30 },
    {
      id: 'a000000000000005',
      parent: 'a000000000000001',
      name: 'cache.get cart',
      service: 'cache',
      start: 28,
      end: 35,
    },
    { id: 'a000000000000006', parent: 'a000000000000001', name: 'render', service: 'frontend', start: 65, end: 95 },
  ],
  records: [
    {
      span: 'a000000000000002',
      at: 10,
      level: 'info',
      message: 'token verified for user 42',
      file: 'src/auth.ts',
      line: 17,
    },
    { span: 'a000000000000003', at: 40, level: 'warn', message: 'slow query, retrying', file: 'src/db.ts', line: 88 },
    {
      span: 'a000000000000003',
      at: 58,
      level: 'error',
      message: 'query timeout after 30000ms',
      file: 'src/db.ts',
      line: 91,
      fields: { msg: 'query timeout after 30000ms', db: { statement: 'SELECT * FROM orders', timeoutMs: 30000 } },
      error:
        'TimeoutError: query timeout after 30000ms\n' +
        '    at Pool.query (/app/src/db.ts:91:11)\n' +
        '    at Client.query (/app/node_modules/pg/lib/client.js:526:17)',
    },
    {
      span: 'a000000000000006',
      at: 70,
      level: 'debug',
      message: 'rendering cart template',
      file: 'src/render.ts',
      line: 5,
    },
    { span: null, at: 50, level: 'info', message: 'background heartbeat', file: 'src/heartbeat.ts', line: 3 },
  ],
};

/** Pre-order rows of CHECKOUT (row 0 is the group header). */
export const CHECKOUT_ROWS = [
  'header',
  'GET /checkout',
  'auth.verify',
  'db.query SELECT orders',
  'pool.acquire',
  'cache.get cart',
  'render',
  '(records without a span)',
];

export const SECOND: TraceSpec = {
  groupId: 'trace:00f067aa0ba902b700f067aa0ba902b7',
  traceId: '00f067aa0ba902b700f067aa0ba902b7',
  epochMs: '1732540000150',
  spans: [
    { id: 'b000000000000001', name: 'POST /orders', service: 'frontend', start: 0, end: 40 },
    {
      id: 'b000000000000002',
      parent: 'b000000000000001',
      name: 'payments.charge',
      service: 'payments',
      start: 4,
      end: 36,
    },
  ],
  records: [{ span: 'b000000000000002', at: 20, level: 'info', message: 'charged card', file: 'src/pay.ts', line: 12 }],
};

/**
 * One span per service, each on its own row (row k + 1 for service k), side by side in time: as many services
 * as the smallest first tier of the test themes, starting with the sample's two (checkout, orders).
 */
export const SERVICES = ['checkout', 'orders', 'payments', 'inventory', 'shipping', 'notifications'];
export const MANY_SERVICES: TraceSpec = {
  groupId: 'trace:5ed711a6957165140629c474c2444ea6',
  traceId: '5ed711a6957165140629c474c2444ea6',
  epochMs: '1732540001000',
  spans: SERVICES.map((service, k) => ({
    id: `c00000000000000${k + 1}`,
    parent: k === 0 ? null : 'c000000000000001',
    name: `${service}.handle`,
    service,
    start: k === 0 ? 0 : 2 + k,
    end: k === 0 ? 80 : 70 + k,
  })),
  records: [],
};
