// Plain-text log lines that start a record: a leading timestamp (ISO, "2024-05-01 08:15:00,123", syslog),
// or logfmt (`time=… level=info msg="…"`). Recognises the default layouts of logback, log4j, Spring Boot
// and Python logging for thread/logger/message; anything else keeps the remainder as the message. Lines
// that do not start a record return null (the index treats them as continuation of the record above).

import type { Level, LogRecord } from '../model';
import { decodeTime, levelFromName } from './decode';
import { sourceFromLogger } from './normalize';

const TS = '(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})?)';
const LEADING_TS = new RegExp(`^\\[?${TS}\\]?\\s+(.*)$`, 's');
const SYSLOG = /^([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (\S+) ([^:[\s]+)(?:\[(\d+)\])?: (.*)$/s;
const LEVEL_WORDS = [
  'TRACE',
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARN',
  'WARNING',
  'ERROR',
  'ERR',
  'SEVERE',
  'FATAL',
  'CRITICAL',
  'CRIT',
  'PANIC',
  'trace',
  'debug',
  'info',
  'warn',
  'warning',
  'error',
  'fatal',
  'critical',
];
// A level word (captured) standing alone: after a line start, space or opening
// bracket/pipe; before a line end, space, closing bracket/pipe, colon, `>` or `-`.
const LEVEL_WORD = new RegExp(`${/(?:^|[\s[|(<])/.source}(${LEVEL_WORDS.join('|')})${/(?=$|[\s\]|):>-])/.source}`);

// logback default:   [main] INFO  com.acme.App - Started
const LOGBACK = /^\[([^\]]+)\]\s+([A-Z]+)\s+(\S+)\s+-\s(.*)$/s;
// log4j PatternLayout common:   ERROR [main] com.acme.App: Started   /   ERROR [main] com.acme.App - Started
const LOG4J = /^([A-Z]+)\s+\[([^\]]+)\]\s+(\S+?)(?::| -)\s(.*)$/s;
// Spring Boot:   INFO 12345 --- [app] [main] c.a.App : Started    (3.x; the [app] part is optional)
const SPRING = /^([A-Z]+)\s+(\d+)\s+---\s+(?:\[([^\]]*)\]\s+)?\[\s*([^\]]*?)\]\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+:\s(.*)$/s;
// Python logging:   pay - ERROR - charge failed      /   ERROR pay: charge failed
const PY_DASH = /^(?:-\s+)?(\S+) - ([A-Z]+) - (.*)$/s;

const SLEUTH = /\[([\w.-]*),([0-9a-f]{16,32}),([0-9a-f]{16})(?:,\w+)?\]/;
const TRACE_SPAN = /\[([0-9a-f]{32})-([0-9a-f]{16})\]/;

interface Parts {
  level: Level | null;
  thread: string | null;
  logger: string | null;
  message: string;
  service: string | null;
}

export function parseTextRecord(raw: string): LogRecord | null {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.length === 0 || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) return null;
  const text = line.length > 1_000_000 ? line.slice(0, 1_000_000) : line;
  const fields: Record<string, unknown> = Object.create(null);
  fields.line = line;

  let timeNs: bigint | null = null;
  let rest: string;
  const m = LEADING_TS.exec(text);
  if (m) {
    timeNs = decodeTime(m[1], 'iso');
    if (timeNs === null) return null;
    fields.timestamp = m[1];
    rest = m[2];
  } else {
    const s = SYSLOG.exec(text);
    if (s) {
      // syslog carries no year: the time is kept as text, not guessed.
      fields.timestamp = s[1];
      fields.host = s[2];
      fields.program = s[3];
      if (s[4]) fields.pid = s[4];
      const lv = LEVEL_WORD.exec(s[5].slice(0, 40));
      return record(
        null,
        { level: lv ? levelFromName(lv[1]) : null, thread: null, logger: s[3], message: s[5], service: s[3] },
        fields,
      );
    }
    return parseLogfmt(text);
  }

  const p = splitLayout(rest);
  if (p.thread) fields.thread = p.thread;
  if (p.logger) fields.logger = p.logger;
  if (p.level) fields.level = p.level;
  return record(timeNs, p, fields);
}

function splitLayout(rest: string): Parts {
  let m = SPRING.exec(rest);
  if (m)
    return { level: levelFromName(m[1]), thread: m[4] || null, logger: m[6], message: m[7], service: m[3] || null };
  m = LOGBACK.exec(rest);
  if (m && levelFromName(m[2]))
    return { level: levelFromName(m[2]), thread: m[1], logger: m[3], message: m[4], service: null };
  m = LOG4J.exec(rest);
  if (m && levelFromName(m[1]))
    return { level: levelFromName(m[1]), thread: m[2], logger: m[3], message: m[4], service: null };
  m = PY_DASH.exec(rest);
  if (m && levelFromName(m[2]))
    return { level: levelFromName(m[2]), thread: null, logger: m[1], message: m[3], service: null };
  const lv = LEVEL_WORD.exec(rest.slice(0, 64));
  if (lv) {
    const end = (lv.index ?? 0) + lv[0].length;
    const after = rest.slice(end).replace(/^[\]|):>\s-]+/, '');
    return { level: levelFromName(lv[1]), thread: null, logger: null, message: after, service: null };
  }
  return { level: null, thread: null, logger: null, message: rest, service: null };
}

function record(timeNs: bigint | null, p: Parts, fields: Record<string, unknown>, format = 'text'): LogRecord {
  let traceId: string | null = null,
    spanId: string | null = null,
    service = p.service;
  const sl = SLEUTH.exec(p.message.length > 4096 ? p.message.slice(0, 4096) : (fields.line as string));
  if (sl) {
    traceId = sl[2];
    spanId = sl[3];
    service ??= sl[1] || null;
  } else {
    const ts = TRACE_SPAN.exec(fields.line as string);
    if (ts) {
      traceId = ts[1];
      spanId = ts[2];
    }
  }
  return {
    timeNs,
    level: p.level,
    message: p.message,
    service,
    logger: p.logger,
    thread: p.thread,
    correlationId: null,
    traceId,
    spanId,
    parentSpanId: null,
    source: sourceFromLogger(p.logger),
    error: null,
    fields,
    format,
  };
}

/** Format name of a plain-text record: a line of output before the first record (a banner, a JVM warning). */
export const PLAIN_FORMAT = 'plain';

/**
 * A line of plain output as a record of its own: no time, no level, the line as the message. For what a
 * service prints before its first log record (Spring Boot's banner, JVM warnings, a start-up message), which
 * is output in order with the rest, not damage.
 */
export function plainTextRecord(raw: string): LogRecord {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const fields: Record<string, unknown> = Object.create(null);
  fields.line = line;
  return {
    timeNs: null,
    level: null,
    message: line,
    service: null,
    logger: null,
    thread: null,
    correlationId: null,
    traceId: null,
    spanId: null,
    parentSpanId: null,
    source: null,
    error: null,
    fields,
    format: PLAIN_FORMAT,
  };
}

const LOGFMT_PAIR = /([\w.@/-]+)=("(?:[^"\\]|\\.)*"|\S*)/g;

/** `time=… level=info msg="…" k=v`: needs at least a level or msg key and a time key to count as a record. */
function parseLogfmt(line: string): LogRecord | null {
  if (!/^[\w.@-]+=/.test(line) || line.length > 65536) return null;
  const fields: Record<string, unknown> = Object.create(null);
  let n = 0;
  for (const m of line.matchAll(LOGFMT_PAIR)) {
    let v = m[2];
    if (v.startsWith('"')) {
      try {
        v = JSON.parse(v) as string;
      } catch {
        v = v.slice(1, -1);
      }
    }
    fields[m[1]] = v;
    if (++n > 512) break;
  }
  const get = (...keys: string[]) => {
    for (const k of keys) if (typeof fields[k] === 'string') return fields[k] as string;
    return null;
  };
  const t = get('time', 'ts', 'timestamp', 't');
  const lv = get('level', 'lvl', 'severity');
  const msg = get('msg', 'message');
  if (t === null || (lv === null && msg === null)) return null;
  const timeNs = decodeTime(t, 'iso') ?? decodeTime(t, 'epochAuto');
  const rec = record(
    timeNs,
    {
      level: lv ? levelFromName(lv) : null,
      thread: null,
      logger: get('logger', 'component'),
      message: msg ?? '',
      service: get('service'),
    },
    fields,
    'logfmt',
  );
  rec.traceId = get('trace_id', 'traceId', 'traceID')?.toLowerCase() ?? rec.traceId;
  rec.spanId = get('span_id', 'spanId', 'spanID')?.toLowerCase() ?? rec.spanId;
  rec.correlationId = get('request_id', 'requestId', 'req_id', 'reqId');
  const src = get('source', 'caller');
  if (src) {
    const m = /^(.+?):(\d+)$/.exec(src);
    if (m) rec.source = { file: m[1], line: +m[2], column: null, function: null, origin: 'caller' };
  }
  rec.fields.line = line;
  return rec;
}
