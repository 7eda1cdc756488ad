// The message read from a record's bytes (skimmed, messageReader.ts) against the message of the record as load()
// gives it: the same for every record of every fixture, for hostile lines, one at a time and in batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRecordStore } from '../../../src/core/index/index';
import { MessagePlan, skimRecordMessage } from '../../../src/core/index/messageReader';
import { setWorkerScript } from '../../../src/core/index/workerPool';
import { tempFile } from './helpers';

const root = join(import.meta.dirname, '../../..');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (!/\.(md|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Every record's message both ways (one at a time, in one batch, in a shuffled batch); how many were skimmed. */
async function compare(path: string, opts: Parameters<typeof createRecordStore>[0] = {}): Promise<number> {
  setWorkerScript(null);
  const store = createRecordStore(opts);
  await store.addFile(path, { workers: 0 });
  const ids = Array.from({ length: store.count }, (_, i) => i);
  const full = ids.map((id) => store.fullMessage(id));
  assert.deepEqual(
    ids.map((id) => store.message(id)),
    full,
    `${path}: one at a time`,
  );
  assert.deepEqual(store.messages(ids), full, `${path}: batch`);
  const shuffled = ids.map((id) => (id * 7919) % Math.max(1, ids.length));
  assert.deepEqual(
    store.messages(shuffled),
    shuffled.map((id) => full[id]),
    `${path}: out of order`,
  );
  let skimmed = 0;
  const plans = new Map<string, MessagePlan | null>();
  for (const id of ids) {
    const format = store.string(store.formatKey(id));
    if (!plans.has(format)) {
      const rules = store.hooks.messageRules?.(format) ?? null;
      plans.set(format, rules === null ? null : new MessagePlan(rules));
    }
    const plan = plans.get(format)!;
    const raw = Buffer.from(store.rawSync(id));
    if (plan !== null && skimRecordMessage(raw, 0, raw.length, plan) !== undefined) skimmed++;
  }
  store.clear();
  return skimmed;
}

test('every fixture: the skimmed message is the message of the loaded record', async () => {
  const files = [...filesUnder(join(root, 'test/fixtures')), join(root, 'sample')].flatMap((p) =>
    statSync(p).isDirectory() ? filesUnder(p) : [p],
  );
  assert.ok(files.length > 40, `${files.length} fixture files`);
  let skimmed = 0;
  for (const f of files) skimmed += await compare(f);
  // the skim decides most JSON records (else this test would compare the full path with itself)
  assert.ok(skimmed > 200, `${skimmed} records skimmed`);
});

test('JSON log fixtures are skimmed, text and trace fixtures are left to the full path', async () => {
  assert.ok((await compare(join(root, 'test/fixtures/logs/java/logstash-logback.jsonl'))) > 0);
  assert.ok((await compare(join(root, 'test/fixtures/logs/gcp-logging-winston.jsonl'))) > 0);
  assert.equal(await compare(join(root, 'test/fixtures/logs/java/logback-text.log')), 0);
  assert.equal(await compare(join(root, 'test/fixtures/traces/otlp-export.ndjson')), 0);
});

const hostile = [
  // escapes of every kind, surrogate pairs (escaped and raw), a lone surrogate
  String.raw`{"level":"info","message":"tab\there \"quoted\" back\\slash \u00e9 \ud83d\ude00 end"}`,
  '{"level":"info","message":"raw 😀 é ü 中文"}',
  String.raw`{"level":"info","message":"lone \ud800 surrogate"}`,
  String.raw`{"level":"info","message":"first line\nsecond line"}`,
  String.raw`{"level":"info","message":"carriage\r\nreturn"}`,
  String.raw`{"level":"info","message":"bad escape \x41"}`,
  // duplicate keys: the last one wins
  '{"level":"info","message":"first","message":"second"}',
  '{"level":"info","message":"first","message":null}',
  // a key spelled with an escape
  String.raw`{"level":"info","message":"plain","mess\u0061ge":"escaped key"}`,
  // message inside another object only, and a nested one beside the top-level one
  '{"level":"info","ctx":{"message":"nested"},"msg":"top"}',
  '{"level":"info","message":"top","ctx":{"message":"nested","arr":[1,{"message":"deep"}]}}',
  // values that are not strings
  '{"level":"info","message":42}',
  '{"level":"info","message":true}',
  '{"level":"info","message":{"text":"an object"}}',
  '{"level":"info","message":["a","b"]}',
  '{"level":"info","message":12345678901234567890}',
  '{"level":"info","message":""}',
  '{"level":"info"}',
  // huge strings
  `{"level":"info","message":"${'x'.repeat(300_000)}"}`,
  `{"level":"info","message":"${'word '.repeat(100)}\\n${'y'.repeat(5000)}"}`,
  // whitespace around tokens, odd spacing, trailing blanks
  '  {"level":"info","message":"leading blanks"}',
  '{ "level" : "info" , "message" : "spaced" }   ',
  '{"level":"info","message":"tab\tinside raw"}',
  // an envelope load() unwraps first
  '{"log":"{\\"level\\":\\"info\\",\\"message\\":\\"wrapped\\"}\\n","stream":"stdout","time":"2024-05-01T08:15:00Z"}',
  // other formats' message keys
  '{"level":30,"time":1714551300000,"pid":1,"hostname":"h","msg":"pino says hi"}',
  '{"severity":"ERROR","jsonPayload":{"message":"gcp nested"},"resource":{"type":"k8s_container"},"insertId":"a"}',
  '{"severity":"ERROR","jsonPayload.message":"gcp dotted","resource":{"type":"x"},"insertId":"b"}',
  '{"severity":"INFO","textPayload":"gcp text","resource":{"type":"x"},"insertId":"c",' +
    '"timestamp":"2024-05-01T08:15:00Z"}',
  '{"@t":"2024-05-01T08:15:00Z","@mt":"Hello {Name}","Name":"World"}',
  '{"@t":"2024-05-01T08:15:00Z","@mt":"No holes here"}',
  '{"@t":"2024-05-01T08:15:00Z","@m":"rendered","@mt":"ignored {X}"}',
  '{"timestamp":1714551300000,"level":"INFO","thread":"main","logger":"a.B","message":"Retry {} of {}",' +
    '"arguments":[1,3],"context":"default"}',
  '{"severity":"INFO","message":{"message":"winston nested","metadata":{}},"time":"2024-05-01T08:15:00Z"}',
  '{"@timestamp":"2024-05-01T08:15:00Z","log.level":"info","message":"ecs","ecs.version":"1.2.0"}',
  '{"body":{"stringValue":"otel body"},"severityText":"INFO","timeUnixNano":"1714551300000000000"}',
  // a record followed by continuation lines
  '{"level":"error","message":"failed"}\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)',
  // not JSON, and a line that almost is
  '2024-05-01 08:15:00.123 INFO  [main] a.B - text record',
  '{"level":"info","message":"unterminated',
  '{"level":"info","message":"x"} trailing',
  '{"level":"info","message":"\u0000"}',
  '\ufeff{"level":"info","message":"after a BOM"}',
];

test('hostile lines: the skimmed message is the message of the loaded record', async () => {
  const text = hostile.join('\n') + '\n';
  assert.ok((await compare(tempFile(text))) > 10);
  // CRLF line ends, and invalid UTF-8 inside and around a message
  assert.ok((await compare(tempFile(hostile.join('\r\n') + '\r\n'))) > 10);
  const bad = Buffer.concat([
    Buffer.from('{"level":"info","message":"bad '),
    Buffer.from([0xff, 0xe2, 0x28, 0xa1, 0xc3]),
    Buffer.from('"}\n{"level":"info","message":"'),
    Buffer.from([0x80, 0x80]),
    Buffer.from('x"}\n{"level":"info","message":"ok"}\n'),
  ]);
  assert.ok((await compare(tempFile(bad))) >= 2);
});

test('user field mappings: the message key the user named is skimmed', async () => {
  const text =
    '{"level":"info","message":"default key","text":"mapped key"}\n' +
    '{"level":"info","message":"only default"}\n' +
    '{"level":"info","body":{"text":"nested mapped"},"message":"m"}\n';
  for (const message of ['text', 'body.text'])
    assert.ok((await compare(tempFile(text), { fieldMappings: { message } })) > 0, message);
});

/** A deterministic generator of odd but valid JSON records (seeded: the same lines every run). */
function randomLines(n: number, seed: number): string[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const pieces = ['a', 'Order 42', ' ', '"', '\\', '\n', '\r', '\t', 'é', '😀', '\u2028', '{}', '{x}', 'log', '\u0001'];
  const str = () => Array.from({ length: Math.floor(rnd() * 6) }, () => pick(pieces)).join('');
  const keys = ['message', 'msg', 'level', 'ctx', 'jsonPayload', 'textPayload', 'short_message', '@m', '@mt', 'log'];
  const value = (depth: number): unknown => {
    const k = rnd();
    if (k < 0.5) return str();
    if (k < 0.6) return Math.floor(rnd() * 1e6) - 5e5;
    if (k < 0.65) return null;
    if (k < 0.7) return rnd() < 0.5;
    if (k < 0.85 && depth < 2) return object(depth + 1);
    if (depth < 2) return [value(depth + 1), value(depth + 1)];
    return str();
  };
  const object = (depth: number): string => {
    const parts: string[] = [];
    for (let i = Math.floor(rnd() * 5); i >= 0; i--) {
      let key = JSON.stringify(pick(keys));
      // now and then a key spelled with an escape
      if (rnd() < 0.05) key = key.replace('e', '\\u0065');
      parts.push(`${key}${rnd() < 0.1 ? ' : ' : ':'}${JSON.stringify(value(depth)) ?? 'null'}`);
    }
    return '{' + parts.join(rnd() < 0.1 ? ' , ' : ',') + '}';
  };
  return Array.from({ length: n }, () => `{"level":"${pick(['info', 'warn', 'error'])}",${object(0).slice(1)}`);
}

test('random records: the skimmed message is the message of the loaded record', async () => {
  const lines = randomLines(3000, 7);
  for (const l of lines) JSON.parse(l); // valid JSON, every one
  assert.ok((await compare(tempFile(lines.join('\n') + '\n'))) > 500);
});
