import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionOver } from '../../../src/core/session/session';
import { LEVEL_SLOTS, PRIMARY_GROUPING, type SessionApi } from '../../../src/core/session/api';
import { FilterSyntaxError } from '../../../src/core/query/language';
import { MemoryStore, memoryBackend } from './memoryStore';
import { allRecords, groupList, records, search } from '../../support/sessionQueries';

const ms = (n: number) => BigInt(n) * 1_000_000n;

function setup() {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  const store = stores[0]!;
  store.append([
    {
      timeNs: ms(1),
      level: 'debug',
      traceId: 'aa',
      service: 'pay',
      message: 'opening connection',
      fields: { tenant: 'acme' },
    },
    {
      timeNs: ms(2),
      level: 'info',
      traceId: 'aa',
      service: 'pay',
      message: 'charge accepted',
      fields: { tenant: 'acme' },
    },
    {
      timeNs: ms(3),
      level: 'error',
      traceId: 'bb',
      service: 'cart',
      message: 'Payment declined for order 42',
      fields: { tenant: 'globex' },
    },
    { timeNs: ms(4), level: null, thread: 'main', message: 'plain text line' },
    {
      timeNs: ms(5),
      level: 'warn',
      traceId: 'bb',
      service: 'cart',
      message: 'retrying order 42',
      fields: { tenant: 'globex' },
    },
  ]);
  return { session, store };
}

const counts = (s: SessionApi, filter?: string) =>
  Object.fromEntries(groupList(s, PRIMARY_GROUPING, filter).map((g) => [g.id, g.records]));
const messages = (s: SessionApi, filter: string) => allRecords(s, { filter }).items.map((r) => r.message);

test('levels: level>=warn passes records at or above; records without a level never compare', () => {
  const { session } = setup();
  assert.deepEqual(counts(session, 'level>=warn'), { 'trace:bb': 2 });
  assert.deepEqual(
    records(session, 'trace:bb', { filter: 'level>=warn' }).items.map((r) => r.level),
    ['error', 'warn'],
  );
  const g = groupList(session, PRIMARY_GROUPING, 'level>=warn')[0]!;
  assert.equal(g.errors, 1);
  assert.equal(g.startNs, ms(3));
  assert.deepEqual(counts(session, 'level:debug,error'), { 'trace:aa': 1, 'trace:bb': 1 });
  assert.deepEqual(messages(session, 'level<info'), ['opening connection']);
  assert.deepEqual(messages(session, '-level:info level<=info'), ['opening connection']);
});

test('time range, columns and raw fields combine with AND; IDs compare case-insensitively', async () => {
  const { session } = setup();
  const at = (n: number) => new Date(n).toISOString();
  assert.deepEqual(counts(session, `since:${at(2)} until:${at(4)}`), {
    'trace:aa': 1,
    'trace:bb': 1,
    'thread:main': 1,
  });
  assert.deepEqual(counts(session, `service:pay since:${at(2)}`), { 'trace:aa': 1 });
  assert.deepEqual(counts(session, 'trace:BB'), { 'trace:bb': 2 });
  assert.deepEqual(counts(session, 'service:ca*'), { 'trace:bb': 2 });
  // Relative times count back from the newest record (5 ms): the last 2 ms hold records at 3, 4 and 5 ms.
  assert.deepEqual(messages(session, 'since:2ms'), [
    'Payment declined for order 42',
    'plain text line',
    'retrying order 42',
  ]);
  // A raw field is parsed in the background; the answer says how much is still pending, then completes.
  const end = Date.now() + 5000;
  while (session.query({ filter: 'tenant:globex' }).pending > 0 && Date.now() < end)
    await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(counts(session, 'tenant:globex'), { 'trace:bb': 2 });
  assert.deepEqual(counts(session, '-tenant:globex'), { 'trace:aa': 2, 'thread:main': 1 });
});

test('words, phrases, negation and regular expressions', () => {
  const { session } = setup();
  assert.deepEqual(counts(session, 'ORDER 42'), { 'trace:bb': 2 });
  assert.deepEqual(counts(session, '"order 42" -retrying'), { 'trace:bb': 1 });
  assert.deepEqual(counts(session, '/^charge|^plain/'), { 'trace:aa': 1, 'thread:main': 1 });
  assert.deepEqual(counts(session, '/^payment/'), {}, 'case-sensitive unless the i flag says otherwise');
  assert.deepEqual(counts(session, '/^payment/i'), { 'trace:bb': 1 });
  assert.equal(session.query({ filter: '/^payment/i' }).total, 1);
});

test('a filter with a mistake throws a FilterSyntaxError that points at the column; checkFilter says the same', () => {
  const { session } = setup();
  const cases: [string, number, RegExp][] = [
    ['level>=loud', 8, /Unknown level "loud"/],
    ['order /(42/', 7, /Invalid regular expression/],
    ['x /(a+)+$/', 4, /backtrack/],
    ['"unclosed', 1, /Unclosed quote/],
    ['service:', 8, /Missing value/],
    ['since:2024-05-02 until:2024-05-01', 18, /starts after it ends/],
    ['since:yesterday', 7, /Cannot read time/],
    ['pattern:abc', 1, /patterns are not available/],
  ];
  for (const [text, column, message] of cases) {
    assert.throws(
      () => session.query({ filter: text }),
      (e: unknown) => e instanceof FilterSyntaxError && e.column === column && message.test(e.message),
      text,
    );
    const checked = session.checkFilter(text);
    assert.ok(checked instanceof FilterSyntaxError && checked.column === column, text);
  }
  assert.equal(session.checkFilter('level>=warn "order 42" -retrying /x/i trace:aa since:5m'), null);
});

test('a group reference names its grouping: the same id answers the same whatever was asked before', () => {
  for (const order of [
    ['trace', 'correlation'],
    ['correlation', 'trace'],
  ] as const) {
    const stores: MemoryStore[] = [];
    const session = createSessionOver(memoryBackend(stores));
    stores[0]!.append([
      { timeNs: ms(1), correlationId: 'c1', traceId: 't1', message: 'with a trace' },
      { timeNs: ms(2), correlationId: 'c1', message: 'only the request ID' },
      { timeNs: ms(3), correlationId: 'c1', message: 'again' },
    ]);
    for (const kind of order) groupList(session, { kind });
    const inCorrelation = { group: { by: { kind: 'correlation' as const }, id: 'correlation:c1' } };
    const inPrimary = { group: { by: PRIMARY_GROUPING, id: 'correlation:c1' } };
    assert.equal(session.query({ scope: inCorrelation }).total, 3, `by correlation, after ${order.join(' then ')}`);
    assert.equal(session.query({ scope: inPrimary }).total, 2, `by trace, after ${order.join(' then ')}`);
    assert.equal(session.group(inCorrelation.group)?.records, 3);
    assert.equal(session.group(inPrimary.group)?.records, 2);
    assert.deepEqual(session.groupOf(0, { kind: 'correlation' }), inCorrelation.group);
    assert.deepEqual(session.groupOf(0, PRIMARY_GROUPING), { by: PRIMARY_GROUPING, id: 'trace:t1' });
  }
});

test('queries with different filters at once do not disturb each other', () => {
  const { session } = setup();
  const a = { filter: 'level>=warn' },
    b = { filter: 'service:pay' };
  assert.equal(session.query(a).total, 2);
  assert.equal(session.query(b).total, 2);
  assert.equal(session.query({}).total, 5);
  assert.deepEqual(
    session.query(a).items.map((r) => r.message),
    ['Payment declined for order 42', 'retrying order 42'],
  );
  assert.deepEqual(
    session.query(b, { offset: 1, limit: 1 }).items.map((r) => r.message),
    ['charge accepted'],
  );
});

test('order, paging and locate agree', () => {
  const { session } = setup();
  const asc = session.query({}).items.map((r) => r.id);
  const desc = session.query({ order: 'desc' }).items.map((r) => r.id);
  assert.deepEqual(desc, asc.slice().reverse());
  assert.deepEqual(session.queryIds({ order: 'desc' }, { offset: 1, limit: 2 }).ids, desc.slice(1, 3));
  for (const [i, id] of asc.entries()) assert.equal(session.locate({}, id), i);
  assert.equal(session.locate({ order: 'desc' }, asc[0]!), 4);
  assert.equal(session.locate({ filter: 'level>=warn' }, 0), -1);
  assert.equal(session.locate({ filter: 'level>=warn' }, 4), 1);
});

test('histogram: buckets over the matching records, stacked by level code', () => {
  const { session } = setup();
  const h = session.histogram({}, { buckets: 5 });
  assert.equal(h.fromNs, ms(1));
  assert.equal(h.buckets, 5);
  assert.equal(h.total, 5);
  const perBucket = Array.from({ length: 5 }, (_, b) => [...h.counts.subarray(b * LEVEL_SLOTS, (b + 1) * LEVEL_SLOTS)]);
  // One record per millisecond, 1 … 5 ms: debug (2), info (3), error (5), none (0), warn (4).
  assert.deepEqual(
    perBucket.map((c) => c.findIndex((n) => n > 0)),
    [2, 3, 5, 0, 4],
  );
  const warn = session.histogram({ filter: 'level>=warn' }, { buckets: 2, fromNs: ms(0), toNs: ms(10) });
  assert.equal(warn.bucketNs, ms(5));
  assert.deepEqual([...warn.counts], [0, 0, 0, 0, 0, 1, 0, /* second bucket */ 0, 0, 0, 0, 1, 0, 0]);
});

test('distinct values of columns and raw fields over a query, most frequent first', async () => {
  const { session } = setup();
  assert.deepEqual(
    session.distinct({}, 'level').values.map((v) => [v.value, v.count]),
    [
      ['debug', 1],
      ['error', 1],
      ['info', 1],
      ['warn', 1],
      [null, 1],
    ],
  );
  assert.deepEqual(session.distinct({}, 'service'), {
    values: [
      { value: 'cart', count: 2 },
      { value: 'pay', count: 2 },
      { value: null, count: 1 },
    ],
    distinct: 3,
    pending: 0,
  });
  assert.deepEqual(session.distinct({ filter: 'order' }, 'trace').values, [{ value: 'bb', count: 2 }]);
  const end = Date.now() + 5000;
  while (session.distinct({}, 'tenant').pending > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(session.distinct({}, 'tenant', 1), {
    values: [{ value: 'acme', count: 2 }],
    distinct: 3,
    pending: 0,
  });
});

test('groups sort by duration, errors and records; the ungrouped bucket stays last', () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  stores[0]!.append([
    { timeNs: ms(1), traceId: 'short', message: 'a' },
    { timeNs: ms(2), traceId: 'short', message: 'b', level: 'error' },
    { timeNs: ms(3), traceId: 'long', message: 'c' },
    { timeNs: ms(30), traceId: 'long', message: 'd' },
    { timeNs: ms(4), traceId: 'one', message: 'e' },
    { timeNs: ms(5), message: 'nothing to group by' },
  ]);
  const ids = (sort?: 'duration' | 'errors' | 'records' | 'start', descending?: boolean, filter?: string) =>
    session
      .groupsPage({
        by: PRIMARY_GROUPING,
        ...(sort ? { sort } : {}),
        ...(descending !== undefined ? { descending } : {}),
        ...(filter ? { filter } : {}),
      })
      .items.map((g) => g.id);
  assert.deepEqual(ids(), ['trace:short', 'trace:long', 'trace:one', 'ungrouped']);
  assert.deepEqual(ids('duration'), ['trace:long', 'trace:short', 'trace:one', 'ungrouped']);
  assert.deepEqual(ids('duration', false), ['trace:one', 'trace:short', 'trace:long', 'ungrouped']);
  assert.deepEqual(ids('errors'), ['trace:short', 'trace:long', 'trace:one', 'ungrouped']);
  assert.deepEqual(ids('start', true), ['trace:one', 'trace:long', 'trace:short', 'ungrouped']);
  // Filtered: durations of what passes (without "c", trace long is one record at 30 ms: it starts after one).
  assert.deepEqual(ids('duration', true, '-c'), ['trace:short', 'trace:one', 'trace:long', 'ungrouped']);
  assert.deepEqual(
    session.groupsPage({ by: PRIMARY_GROUPING, sort: 'records' }, { offset: 1, limit: 1 }).items.map((g) => g.id),
    ['trace:long'],
  );
});

test('groups without a time sort after every duration ascending and before them descending, filtered or not', () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  stores[0]!.append([
    { timeNs: null, traceId: 'untimed', message: 'a' },
    { timeNs: ms(1), traceId: 'long', message: 'b' },
    { timeNs: ms(9), traceId: 'long', message: 'c' },
    { timeNs: null, traceId: 'untimed2', message: 'd' },
    { timeNs: ms(2), traceId: 'short', message: 'e' },
    { timeNs: ms(3), traceId: 'short', message: 'f' },
  ]);
  const ids = (descending: boolean, filter?: string) =>
    session
      .groupsPage({ by: PRIMARY_GROUPING, sort: 'duration', descending, ...(filter ? { filter } : {}) }, {})
      .items.map((g) => g.id);
  assert.deepEqual(ids(false), ['trace:short', 'trace:long', 'trace:untimed', 'trace:untimed2']);
  assert.deepEqual(ids(true), ['trace:untimed', 'trace:untimed2', 'trace:long', 'trace:short']);
  assert.deepEqual(ids(false, '-z'), ['trace:short', 'trace:long', 'trace:untimed', 'trace:untimed2']);
  assert.deepEqual(ids(true, '-z'), ['trace:untimed', 'trace:untimed2', 'trace:long', 'trace:short']);
});

test('groupPoints gives every listed group as start, duration and error columns, in groupsPage start order', () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  stores[0]!.append([
    { timeNs: ms(1), traceId: 'short', message: 'a' },
    { timeNs: ms(2), traceId: 'short', message: 'b', level: 'error' },
    { timeNs: ms(3), traceId: 'long', message: 'c' },
    { timeNs: ms(30), traceId: 'long', message: 'd' },
    { timeNs: ms(4), traceId: 'one', message: 'e' },
    { timeNs: ms(5), message: 'nothing to group by' },
  ]);
  const q = { by: PRIMARY_GROUPING };
  const p = session.groupPoints(q);
  // the ungrouped bucket has no place on a scatter: three points for four listed groups
  assert.deepEqual([...p.startMs], [1, 3, 4]);
  assert.deepEqual([...p.durationMs], [1, 27, 0]);
  assert.deepEqual([...p.error], [1, 0, 0]);
  assert.equal(p.pending, 0);
  const listed = session.groupsPage({ ...q, sort: 'duration' }, {}).items;
  const byStart = session.groupsPage({ ...q, sort: 'start', descending: false }, { offset: 1, limit: 1 }).items[0]!;
  assert.equal(byStart.id, 'trace:long');
  assert.equal(listed[0]!.id, 'trace:long');
  // filtered: the points are the filtered summaries (trace long without "d" lasts nothing)
  const f = session.groupPoints({ ...q, filter: '-d -b' });
  assert.deepEqual([...f.startMs], [1, 3, 4]);
  assert.deepEqual([...f.durationMs], [0, 0, 0]);
  assert.deepEqual([...f.error], [0, 0, 0]);
  const errs = session.groupPoints({ ...q, filter: 'level:error' });
  assert.deepEqual([...errs.startMs], [2]);
  assert.deepEqual([...errs.error], [1]);
  assert.throws(() => session.groupPoints({ ...q, filter: 'level>=' }), FilterSyntaxError);
});

test('fuzzy search finds groups by part of a key, spans by name, services, and messages', () => {
  const { session, store } = setup();
  store.append(
    [],
    [{ traceId: 'bb', spanId: 's1', name: 'POST /checkout', service: 'cart', startNs: ms(3), endNs: ms(6) }],
  );
  const span = search(session, 'checkout')[0]!;
  assert.equal(span.kind, 'span');
  assert.deepEqual(span.group, { by: PRIMARY_GROUPING, id: 'trace:bb' });
  assert.equal(span.spanId, 's1');
  const msg = search(session, 'declined').find((h) => h.kind === 'record')!;
  assert.equal(msg.label, 'Payment declined for order 42');
  assert.equal(msg.recordId, 2);
  assert.equal(msg.group.id, 'trace:bb');
  assert.ok(search(session, 'cart').some((h) => h.kind === 'service' && h.label === 'cart'));
  // A typo still finds it: that is why search is fuzzy.
  assert.ok(search(session, 'chekout').some((h) => h.spanId === 's1'));
  assert.deepEqual(search(session, 'zzzzqqqq'), []);
  assert.deepEqual(search(session, ''), []);
});

test('recordsAtSource matches by path suffix on segment boundaries and groups by line', () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  stores[0]!.append([
    { timeNs: ms(1), message: 'a', source: { file: '/app/routes/pay.js', line: 41, function: 'pay', origin: 'field' } },
    { timeNs: ms(2), message: 'b', source: { file: '/app/routes/pay.js', line: 41, function: 'pay', origin: 'field' } },
    { timeNs: ms(3), message: 'c', source: { file: '/app/routes/pay.js', line: 7, function: null, origin: 'stack' } },
    { timeNs: ms(4), message: 'd', source: { file: '/app/lib/pay.js', line: 3, function: null, origin: 'field' } },
    {
      timeNs: ms(5),
      message: 'e',
      source: { file: '/app/routes/repay.js', line: 41, function: null, origin: 'field' },
    },
  ]);
  const hits = session.recordsAtSource('routes/pay.js');
  assert.deepEqual(
    [...hits.keys()].sort((a, b) => a - b),
    [7, 41],
  );
  assert.deepEqual(
    hits.get(41)!.map((r) => r.message),
    ['a', 'b'],
  );
  // The editor may know a longer path than the log wrote.
  stores[0]!.append([
    { timeNs: ms(6), message: 'f', source: { file: 'Pay.java', line: 9, function: null, origin: 'logger' } },
  ]);
  assert.deepEqual(
    session
      .recordsAtSource('/home/me/src/main/java/acme/Pay.java')
      .get(9)!
      .map((r) => r.message),
    ['f'],
  );
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
  const hits = search(session, '4BF92F35').filter((h) => h.kind === 'group');
  assert.deepEqual(
    hits.map((h) => h.group.id),
    ['trace:4bf92f3577b34da6a3ce929d0e0e4736', 'trace:00f067aa0ba902b74bf92f35aaaaaaaa'],
  );
  assert.ok(hits[0]!.score > hits[1]!.score, 'a prefix ranks above a match inside the key');
});

test('a filter over many records completes in the background and then counts every record', async () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  const n = 60_000;
  stores[0]!.append(
    Array.from({ length: n }, (_, i) => ({
      timeNs: ms(i),
      thread: `t${i % 4}`,
      message: i % 7 === 0 ? `slow query ${i}` : `ok ${i}`,
    })),
  );
  stores[0]!.messageCostUs = 20; // 60,000 records ≈ 1.2 s of reading: more than one query may block for
  let notified = 0;
  session.onDidChange(() => notified++);
  const q = { filter: 'SLOW QUERY' };
  // The query answered from what a short budget could decide; the rest is left to the background.
  assert.ok(session.query(q, { limit: 0 }).pending > 0);
  const end = Date.now() + 30_000;
  while (session.query(q, { limit: 0 }).pending > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.equal(session.query(q, { limit: 0 }).pending, 0);
  const expected = Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 === 0);
  assert.equal(session.query(q, { limit: 0 }).total, expected.length);
  const perThread = Object.fromEntries(groupList(session, PRIMARY_GROUPING, q.filter).map((g) => [g.key, g.records]));
  for (let t = 0; t < 4; t++) assert.equal(perThread[`t${t}`], expected.filter((i) => i % 4 === t).length);
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(notified >= 1, 'listeners hear about the progress');
  session.dispose();
});

test('a filter asked again after clear() applies to what is read next', () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  assert.deepEqual(counts(session, 'level>=warn'), {});
  session.clear();
  stores[1]!.append([
    { timeNs: ms(1), level: 'info', thread: 'a' },
    { timeNs: ms(2), level: 'error', thread: 'b' },
  ]);
  assert.deepEqual(counts(session, 'level>=warn'), { 'thread:b': 1 });
});

test(
  'words over an indexed file: ' + 'the raw-bytes prefilter keeps the meaning (message and IDs only; escapes)',
  async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { createSession } = await import('../../../src/core/session/session');
    const dir = mkdtempSync(join(tmpdir(), 'threadline-words-'));
    const file = join(dir, 'app.log');
    writeFileSync(
      file,
      [
        { time: 1, level: 'info', msg: 'payment declined for order 7', tenant: 'acme' },
        { time: 2, level: 'info', msg: 'order shipped', tenant: 'acme', note: 'payment declined earlier' },
        { time: 3, level: 'info', msg: 'he said "payment \\ declined"', traceId: 'abc123' },
        { time: 4, level: 'info', msg: 'nothing here' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    const session = createSession({ workers: 0 });
    try {
      await session.addFile(file);
      const matches = async (filter: string) => {
        while (session.query({ filter }, { limit: 0 }).pending > 0) await new Promise((r) => setTimeout(r, 5));
        return session.query({ filter }).items.map((r) => r.message);
      };
      assert.deepEqual(await matches('payment declined'), [
        'payment declined for order 7',
        'he said "payment \\ declined"',
      ]);
      // In the bytes of the second record, but not in its message: the message decides.
      assert.deepEqual(await matches('earlier'), []);
      assert.deepEqual(await matches('"payment \\\\ declined"'), ['he said "payment \\ declined"']);
      assert.deepEqual(await matches('ABC123'), ['he said "payment \\ declined"'], 'IDs are searched too');
      assert.deepEqual(await matches('acme'), []);
    } finally {
      session.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('a filtered group list over many groups is built in slices and ends complete and sorted', async () => {
  const stores: MemoryStore[] = [];
  const session = createSessionOver(memoryBackend(stores));
  const n = 40_000;
  stores[0]!.append(
    Array.from({ length: n }, (_, i) => ({
      timeNs: ms(i),
      traceId: `t${i % 20_000}`,
      level: i % 3 === 0 ? ('warn' as const) : ('info' as const),
      message: `m${i}`,
    })),
  );
  const q = { by: PRIMARY_GROUPING, filter: 'level>=warn', sort: 'records' as const };
  let page = session.groupsPage(q, { limit: 0 });
  const end = Date.now() + 60_000;
  while (page.pending > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 5));
    page = session.groupsPage(q, { limit: 0 });
  }
  assert.equal(page.pending, 0);
  // Traces t0 … t19999 each hold records i and i + 20000; a warn every third record.
  const expected = new Map<string, number>();
  for (let i = 0; i < n; i += 3) expected.set(`trace:t${i % 20_000}`, (expected.get(`trace:t${i % 20_000}`) ?? 0) + 1);
  const all = session.groupsPage(q, { limit: page.total }).items;
  assert.equal(all.length, expected.size);
  for (const g of all) assert.equal(g.records, expected.get(g.id), g.id);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.records >= all[i]!.records, 'most records first');
  session.dispose();
});
