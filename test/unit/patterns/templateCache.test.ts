// The template cache keyed by digits made generic gives what the masker gives, message by message, whatever came
// before: on messages where a digit decides (0x, v2, log4j2, key2=), on every fixture's messages, and on numbers
// of many shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRecordStore } from '../../../src/core/index/index';
import { setWorkerScript } from '../../../src/core/index/workerPool';
import { TemplateCache, templateId, templateOf } from '../../../src/core/patterns/mask';

const root = resolve(import.meta.dirname, '../../..');

const tricky = [
  'cache at 0x7ffd12 hit 99.5%',
  'cache at 1x7ffd12 hit 99.5%',
  'cache at 5x7ffd12 hit 19.5%',
  'api v2 answered',
  'api v3 answered',
  'api v1 answered',
  'api v0 answered',
  'attempt2=5 of 7',
  'attempt3=5 of 7',
  'attempt1=5 of 7',
  'facade added to worker-12 (log4j2)',
  'facade added to worker-19 (log4j3)',
  'Order 4711 took 12ms',
  'Order 9320 took 87ms',
  'Order 1111 took 11ms',
  'Order 1 took 1ms',
  'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
  'trace 1bf11f1111b11da1a1ce111d1e1e1111 span 00f011aa1ba101b1',
  'GET /api/orders/17 from 10.0.0.12:5531',
  'GET /api/orders/29 from 192.168.3.4:80',
  'at 2024-05-01T10:15:00.123Z and 12:30:45',
  'at 2029-15-91T99:95:99.923Z and 92:90:95',
  'session 123e4567-e89b-12d3-a456-426614174000 expired',
  'id a1b2c3 and a9b9c9 and aZ3kP9xQ',
  'HTTP/1.1 200 OK',
  'HTTP/2.0 503 Unavailable',
  'x1 x2 x3',
  'x1 x1 x1',
  'calling https://pay.example.com/v1/charge?id=9 for bob@example.com',
  'calling https://pay.example.com/v2/charge?id=7 for bob@example.com',
  'calling https://pay.example.com/v1/charge?id=9 for 10.0.0.1',
  'user="a b" logged in from 10.1.2.3',
  "user='a b' logged in",
  'sku=AB-12 qty=3 at 2024-05-01',
  'sku=ZZ-99 qty=8 at 2024-05-01',
  'k=v=w and a=1,b=2;c=3)',
  'k2=v and k3=v',
  'k1=v and k1=v',
  'ratio=0x1f and 0x2e',
  '=5 bare equals 5=',
  'path=/a/b/c next /x/y/z',
];

function fixtureMessages(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(jsonl|json|log|ndjson)$/.test(n)) out.push(p);
    }
  };
  walk(join(root, 'test/fixtures'));
  return out;
}

test('cached templates and IDs are the masker’s, in any order', async () => {
  setWorkerScript(null);
  const messages = [...tricky];
  for (const f of fixtureMessages()) {
    const store = createRecordStore();
    await store.addFile(f, { workers: 0 });
    for (let id = 0; id < store.count; id++) messages.push(store.fullMessage(id));
    store.clear();
  }
  for (let n = 0; n < 3000; n++) messages.push(`value ${(n * 7919) % 100003} and ${n / 7} at v${n % 13}`);
  assert.ok(messages.length > 3200, `${messages.length} messages`);
  for (const order of [messages, [...messages].reverse()]) {
    const cache = new TemplateCache();
    for (const m of order) {
      const t = templateOf(m);
      assert.deepEqual(cache.of(m), { template: t, id: templateId(t), digits: /\d/.test(t) }, m);
    }
  }
});
