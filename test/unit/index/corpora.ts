// Test corpora of the line batches and what reads ahead of them: logback lines (logstash-logback-encoder's keys)
// with edge-case values mixed in, and the fixtures' lines with hostile variants of them among runs of those.
import { fixtureLines, mutate, random } from './hostileLines';

const TIMES: unknown[] = [
  '2026-11-25T09:00:00.001Z',
  '2026-11-25T09:00:00Z',
  '2026-11-25T09:00:00.123456789Z',
  '2026-11-25T09:00:00.1234567891234Z',
  '2026-11-25T09:00:00.5+05:30',
  '2026-11-25T09:00:00.5-0800',
  '2026-11-25T09:00:00+01',
  '2026-11-25T09:00:00.250-00:00',
  '2026-11-25T09:00:00,250Z',
  '2026-11-25t09:00:00Z',
  '2026-11-25 09:00:00Z',
  '2026-11-25T09:00:60Z',
  '2026-11-25T24:00:00Z',
  '2026-11-25T25:00:00Z',
  '2026-02-30T09:00:00Z',
  '2024-02-29T23:59:59.999999Z',
  '2026-13-01T09:00:00Z',
  '2026-00-01T09:00:00Z',
  '0099-01-01T00:00:00Z',
  '0100-03-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '1600-02-29T12:00:00Z',
  '9999-12-31T23:59:59.999999999+14:00',
  '2026-11-25T09:00:00.001z',
  '2026-11-25T09:00:00.001+24:00',
  '2026-11-25T09:00:00.001+05:60',
  '2026-11-25T09:00:00.001+05:',
  '2026-11-25T09:00:00.Z',
  '2026-11-25T09:00:00.001 Z',
  '2026-11-25T09:00:00.001UTC',
  '2026-11-25T09:00:00.001+05:30:00',
  '2026-11-25T09:00:00.001+0',
  '2026-11-25',
  '2026-11-25T09:00',
  '2026-11-25T09:00:00.' + '1'.repeat(40) + 'Z',
  '２０２６-11-25T09:00:00Z',
  'not a time',
  '',
  1764061200001,
  null,
  true,
];
const LEVELS: unknown[] = ['INFO', 'WARN', 'ERROR', 'DEBUG', 'TRACE', 'FATAL', 'info', 'Warning', 'x', '', 5, null];
const HEX = '0123456789abcdef';
/** Byte sequences (as latin1 text) that isUtf8 rejects, and some it accepts. */
const BAD_UTF8 = [
  '\xc3',
  '\xc3(',
  '\xed\xa0\x80',
  '\xf4\x90\x80\x80',
  '\xc0\xaf',
  '\xe0\x80\xaf',
  '\xf0\x80\x80\xaf',
  '\xf8\x88\x80\x80\x80',
  '\xff',
  '\xe2\x82',
  '\xf0\x9f\x98',
  '\xe2\x82\xac',
  '\xf0\x9f\x98\x80',
  '\xed\x9f\xbf',
  '\xf4\x8f\xbf\xbf',
];

/** Logback lines (logstash-logback-encoder's keys) with edge cases mixed in, a few shapes, CRLF and odd lines. */
export function corpus(seed: number, n: number): Buffer {
  const r = random(seed);
  const hex = (len: number) => Array.from({ length: len }, () => HEX[Math.floor(r.next() * 16)]).join('');
  const rare = (p: number) => r.next() < p;
  const traces = Array.from({ length: 40 }, () => hex(32));
  const out: Buffer[] = [];
  let ms = 1764061200000;
  for (let i = 0; i < n; i++) {
    ms += Math.floor(r.next() * 3000);
    const o: Record<string, unknown> = {};
    o['@timestamp'] = rare(0.06) ? r.pick(TIMES) : new Date(ms).toISOString().replace('Z', rare(0.3) ? '123Z' : 'Z');
    o['@version'] = '1';
    o.message = rare(0.02) ? 'x'.repeat(5000 + Math.floor(r.next() * 9000)) : rare(0.05) ? 'héllo wörld' : `m ${i}`;
    o.logger_name = 'com.example.App';
    o.thread_name = rare(0.03) ? 'exec "q" \\ 1' : rare(0.02) ? 'exec-ü' : `exec-${Math.floor(r.next() * 30)}`;
    o.level = rare(0.05) ? r.pick(LEVELS) : r.pick(['INFO', 'WARN', 'ERROR', 'DEBUG']);
    o.level_value = rare(0.05) ? null : 20000;
    if (!rare(0.02)) {
      o.traceId = rare(0.05)
        ? r.pick<unknown>([
            hex(32).toUpperCase(),
            '0'.repeat(32),
            hex(31),
            hex(16),
            '',
            null,
            12,
            hex(33),
            'g' + hex(31),
          ])
        : r.pick(traces);
      o.spanId = rare(0.03)
        ? r.pick<unknown>([hex(16).toUpperCase(), '0'.repeat(16), hex(8), null, 'z' + hex(15)])
        : hex(16);
    }
    o.service = rare(0.03) ? r.pick<unknown>([null, '', 'svc "x"', 7]) : r.pick(['orders', 'payments', 'gateway']);
    if (!rare(0.03)) {
      o.caller_class_name = 'com.example.App';
      o.caller_method_name = 'run';
      o.caller_file_name = rare(0.05) ? 'Ä.java' : 'App.java';
      o.caller_line_number = rare(0.05) ? '12' : 12 + (i % 50);
    }
    if (rare(0.1)) o.stack_trace = r.pick<unknown>(['java.lang.X: boom\n\tat a.b(C.java:1)', '', null, false]);
    if (rare(0.01)) o.mdc = r.pick<unknown>([{}, { a: 1 }, [], [1]]);
    if (rare(0.01)) o.parentSpanId = rare(0.5) ? hex(16) : 'nope';
    let line = JSON.stringify(o);
    if (rare(0.02)) line = line.replace('"@timestamp":"2', '"@timestamp":"\\u0032');
    if (rare(0.02)) line = line.replace(/"level":"/, '"level":"\\u0049N');
    if (rare(0.01)) line = '  \t' + line;
    let bytes = Buffer.from(line);
    // bytes that are not UTF-8 (a lone lead byte, a surrogate, past U+10FFFF, overlong forms) in a message
    if (rare(0.03)) bytes = Buffer.from(bytes.toString('latin1').replace('"m ', `"${r.pick(BAD_UTF8)} `), 'latin1');
    out.push(bytes);
    out.push(Buffer.from(rare(0.1) ? '\r\n' : '\n'));
    if (rare(0.01))
      out.push(Buffer.from(r.pick(['\n', '\tat com.example.App.run(App.java:3)\n', '{"cut": \n', 'text\r\n'])));
  }
  return Buffer.concat(out);
}

/** The fixtures' lines, then runs of logback lines and fixture lines with hostile variants among them. */
export function hostile(seed: number): Buffer {
  const r = random(seed);
  const lines = fixtureLines();
  const logback = corpus(seed, 400).toString('latin1').split('\n');
  const seeds = [...lines.filter((l) => l[0] === 0x7b), ...logback.map((l) => Buffer.from(l, 'latin1'))];
  const out: Buffer[] = [...lines];
  for (let i = 0; i < 3000; i++) {
    const l = r.pick(seeds);
    for (let k = Math.floor(r.next() * 8); k >= 0; k--) out.push(r.next() < 0.8 ? l : mutate(l, r));
  }
  return Buffer.concat(out.flatMap((l) => [l, Buffer.from('\n')]));
}
