import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionOver } from '../../../src/core/session/session';
import { FilterError } from '../../../src/core/session/filter';
import { MemoryStore, memoryBackend } from './memoryStore';

const ms = (n: number) => BigInt(n) * 1_000_000n;

function setup() {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  const store = stores[0]!;
  store.append([
    { timeNs: ms(1), level: 'debug', traceId: 'aa', service: 'pay', message: 'opening connection', fields: { tenant: 'acme' } },
    { timeNs: ms(2), level: 'info', traceId: 'aa', service: 'pay', message: 'charge accepted', fields: { tenant: 'acme' } },
    { timeNs: ms(3), level: 'error', traceId: 'bb', service: 'cart', message: 'Payment declined for order 42', fields: { tenant: 'globex' } },
    { timeNs: ms(4), level: null, thread: 'main', message: 'plain text line' },
    { timeNs: ms(5), level: 'warn', traceId: 'bb', service: 'cart', message: 'retrying order 42', fields: { tenant: 'globex' } },
  ]);
  return { session, store };
}

const counts = (s: ReturnType<typeof setup>['session']) => Object.fromEntries(s.groups({ kind: 'trace' }).map((g) => [g.id, g.records]));

test('minimum level: records at or above pass; records without a level do not', () => {
  const { session } = setup();
  session.setFilter({ minLevel: 'warn' });
  assert.deepEqual(counts(session), { 'trace:bb': 2 });
  assert.deepEqual(session.records('trace:bb').items.map((r) => r.level), ['error', 'warn']);
  const g = session.groups({ kind: 'trace' })[0]!;
  assert.equal(g.errors, 1);
  assert.equal(g.startNs, ms(3));
});

test('explicit levels, time range and field = value combine with AND', () => {
  const { session } = setup();
  session.setFilter({ levels: ['debug', 'error'] });
  assert.deepEqual(counts(session), { 'trace:aa': 1, 'trace:bb': 1 });
  session.setFilter({ fromNs: ms(2), toNs: ms(4) });
  assert.deepEqual(counts(session), { 'trace:aa': 1, 'trace:bb': 1, 'thread:main': 1 });
  session.setFilter({ fields: [{ field: 'service', value: 'pay' }], fromNs: ms(2) });
  assert.deepEqual(counts(session), { 'trace:aa': 1 });
  // IDs compare case-insensitively: they are stored lower-case.
  session.setFilter({ fields: [{ field: 'traceId', value: 'BB' }] });
  assert.deepEqual(counts(session), { 'trace:bb': 2 });
});

test('a raw-field filter parses records in the background, then applies', async () => {
  const { session } = setup();
  session.setFilter({ fields: [{ field: 'tenant', value: 'globex' }] });
  session.groups({ kind: 'trace' });
  const end = Date.now() + 2000;
  while (Object.keys(counts(session)).length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(counts(session), { 'trace:bb': 2 });
});

test('text search is case-insensitive over the message; regex honours /pattern/flags', () => {
  const { session } = setup();
  session.setFilter({ text: 'ORDER 42' });
  assert.deepEqual(counts(session), { 'trace:bb': 2 });
  session.setFilter({ regex: '^charge|^plain' });
  assert.deepEqual(counts(session), { 'trace:aa': 1, 'thread:main': 1 });
  session.setFilter({ regex: '/^payment/' });
  assert.deepEqual(counts(session), {}, 'case-sensitive when written with slashes');
  session.setFilter({ regex: '/^payment/i' });
  assert.deepEqual(counts(session), { 'trace:bb': 1 });
  assert.equal(session.allRecords().total, 1);
});

test('an invalid regex throws a FilterError naming the problem and keeps the previous filter', () => {
  const { session } = setup();
  session.setFilter({ minLevel: 'error' });
  assert.throws(
    () => session.setFilter({ regex: 'order (42' }),
    (e: unknown) => e instanceof FilterError && e.field === 'regex' && /Invalid regular expression "order \(42"/.test(e.message),
  );
  assert.deepEqual(session.filter(), { minLevel: 'error' });
  assert.deepEqual(counts(session), { 'trace:bb': 1 });
  assert.throws(() => session.setFilter({ minLevel: 'loud' as never }), FilterError);
  assert.throws(() => session.setFilter({ fromNs: ms(5), toNs: ms(1) }), /starts after it ends/);
});

test('clearing the filter restores every group', () => {
  const { session } = setup();
  session.setFilter({ text: 'nothing matches this' });
  assert.deepEqual(counts(session), {});
  session.setFilter(null);
  assert.equal(session.filter(), null);
  assert.deepEqual(counts(session), { 'trace:aa': 2, 'trace:bb': 2, 'thread:main': 1 });
});

test('fuzzy search finds groups by part of a key, spans by name, services, and messages', () => {
  const { session, store } = setup();
  store.append([], [{ traceId: 'bb', spanId: 's1', name: 'POST /checkout', service: 'cart', startNs: ms(3), endNs: ms(6) }]);
  const span = session.search('checkout')[0]!;
  assert.equal(span.kind, 'span');
  assert.equal(span.groupId, 'trace:bb');
  assert.equal(span.spanId, 's1');
  const msg = session.search('declined').find((h) => h.kind === 'record')!;
  assert.equal(msg.label, 'Payment declined for order 42');
  assert.equal(msg.recordId, 2);
  assert.equal(msg.groupId, 'trace:bb');
  assert.ok(session.search('cart').some((h) => h.kind === 'service' && h.label === 'cart'));
  // A typo still finds it: that is why search is fuzzy.
  assert.ok(session.search('chekout').some((h) => h.spanId === 's1'));
  assert.deepEqual(session.search('zzzzqqqq'), []);
  assert.deepEqual(session.search(''), []);
});

test('recordsAtSource matches by path suffix on segment boundaries and groups by line', () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  stores[0]!.append([
    { timeNs: ms(1), message: 'a', source: { file: '/app/routes/pay.js', line: 41, function: 'pay', origin: 'field' } },
    { timeNs: ms(2), message: 'b', source: { file: '/app/routes/pay.js', line: 41, function: 'pay', origin: 'field' } },
    { timeNs: ms(3), message: 'c', source: { file: '/app/routes/pay.js', line: 7, function: null, origin: 'stack' } },
    { timeNs: ms(4), message: 'd', source: { file: '/app/lib/pay.js', line: 3, function: null, origin: 'field' } },
    { timeNs: ms(5), message: 'e', source: { file: '/app/routes/repay.js', line: 41, function: null, origin: 'field' } },
  ]);
  const hits = session.recordsAtSource('routes/pay.js');
  assert.deepEqual([...hits.keys()].sort((a, b) => a - b), [7, 41]);
  assert.deepEqual(hits.get(41)!.map((r) => r.message), ['a', 'b']);
  // The editor may know a longer path than the log wrote.
  stores[0]!.append([{ timeNs: ms(6), message: 'f', source: { file: 'Pay.java', line: 9, function: null, origin: 'logger' } }]);
  assert.deepEqual(session.recordsAtSource('/home/me/src/main/java/acme/Pay.java').get(9)!.map((r) => r.message), ['f']);
  assert.equal(session.recordsAtSource('nothing.js').size, 0);
});

test('search finds a group by any fragment of its key, best match first', () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  stores[0]!.append([
    { timeNs: ms(1), traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
    { timeNs: ms(2), traceId: '00f067aa0ba902b74bf92f35aaaaaaaa' },
    { timeNs: ms(3), traceId: 'ffffffffffffffffffffffffffffffff' },
  ]);
  const hits = session.search('4BF92F35').filter((h) => h.kind === 'group');
  assert.deepEqual(hits.map((h) => h.groupId), ['trace:4bf92f3577b34da6a3ce929d0e0e4736', 'trace:00f067aa0ba902b74bf92f35aaaaaaaa']);
  assert.ok(hits[0]!.score > hits[1]!.score, 'a prefix ranks above a match inside the key');
});

test('a filter over many records completes in the background and then counts every record', async () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  const n = 60_000;
  stores[0]!.append(Array.from({ length: n }, (_, i) => ({ timeNs: ms(i), thread: `t${i % 4}`, message: i % 7 === 0 ? `slow query ${i}` : `ok ${i}` })));
  stores[0]!.messageCostUs = 20; // 60,000 records ≈ 1.2 s of reading: more than one query may block for
  let notified = 0;
  session.onDidChange(() => notified++);
  session.setFilter({ text: 'SLOW QUERY' });
  session.groups({ kind: 'trace' });
  // The query answered from what a short budget could evaluate; the rest is left to the background.
  assert.ok(session.filterPending() > 0);
  const end = Date.now() + 20_000;
  while (session.filterPending() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.equal(session.filterPending(), 0);
  const expected = Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 === 0);
  assert.equal(session.allRecords({ limit: 0 }).total, expected.length);
  const perThread = Object.fromEntries(session.groups({ kind: 'trace' }).map((g) => [g.key, g.records]));
  for (let t = 0; t < 4; t++) assert.equal(perThread[`t${t}`], expected.filter((i) => i % 4 === t).length);
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(notified >= 1, 'listeners hear about the progress');
  session.dispose();
});

test('the filter stays in force across clear() and applies to what is read next', () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  session.setFilter({ minLevel: 'warn' });
  session.clear();
  stores[1]!.append([
    { timeNs: ms(1), level: 'info', thread: 'a' },
    { timeNs: ms(2), level: 'error', thread: 'b' },
  ]);
  assert.deepEqual(counts(session), { 'thread:b': 1 });
});
