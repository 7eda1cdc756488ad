// Interprets LogFormatDefs on parsed JSON objects: detection by signature, then one normalised LogRecord.
// Also compiles a def into a "flat plan" for the index's byte scanner; `applyFlatPlan` is the one place that
// plan is interpreted, so the slow path (normalizeLog) and the fast path agree by construction — a test
// checks it on every sample.

import type { Level, LogRecord, SourceLocation } from '../model';
import type {
  IdDecode,
  KeyPath,
  LevelDecode,
  LogFormatDef,
  MessageDecode,
  Rule,
  Rules,
  Signature,
  SourceDecode,
  TimeDecode,
} from './schema';
import {
  decodeId,
  decodeLevel,
  decodeLine,
  decodeMessage,
  decodeSourceCombined,
  decodeTimeParts,
  messageText,
  partsToNs,
  refineNanosOfSecond,
  safeStringify,
  type TimeParts,
} from './decode';
import { firstAppFrame } from '../source/frames';
import {
  COMMON_CONTEXT,
  CORRELATION_ALIASES,
  PARENT_ALIASES,
  SERVICE_ALIASES,
  SPAN_ALIASES,
  THREAD_ALIASES,
  TRACE_ALIASES,
} from './logs/aliases';
import { GENERIC_FORMAT, LOG_FORMATS } from './logs/index';

const hasOwn = Object.hasOwn;

export type MappedField =
  | 'time'
  | 'level'
  | 'message'
  | 'service'
  | 'logger'
  | 'thread'
  | 'correlationId'
  | 'traceId'
  | 'spanId'
  | 'parentSpanId'
  | 'error';

/** User field mappings (settings): field → dotted path. They take precedence over the format's own rules. */
export type FieldMappings = Partial<Record<MappedField, string>>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

// ───────────────────────────── key paths ─────────────────────────────

/**
 * The value at `key`, or undefined. A string is one literal key. An array is a path that also matches
 * dotted spellings of any run of its segments (`["log","origin","file","name"]` finds `"log.origin":
 * {"file.name":…}` too): longer literal runs are tried first, so `"log.level"` beats `log{level}`.
 * Only own properties count, so `constructor` or `__proto__` never resolve through a prototype.
 */
export function getPath(obj: unknown, key: KeyPath): unknown {
  if (!isObj(obj)) return undefined;
  if (typeof key === 'string') return hasOwn(obj, key) ? obj[key] : undefined;
  return walk(obj, key, 0);
}

function walk(cur: unknown, segs: readonly string[], i: number): unknown {
  if (i === segs.length) return cur;
  if (!isObj(cur)) return undefined;
  for (let j = segs.length; j > i; j--) {
    const k = j === i + 1 ? segs[i] : segs.slice(i, j).join('.');
    if (hasOwn(cur, k)) {
      const r = walk(cur[k], segs, j);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

/** A user's dotted path: the literal key first, then the nested reading. */
const userKey = (path: string): KeyPath => (path.includes('.') ? path.split('.') : path);

// ───────────────────────────── detection ─────────────────────────────

type Matcher = (obj: Obj) => boolean;

function compileSignature(sig: Signature): Matcher {
  const tests: Matcher[] = [];
  const present = (k: KeyPath) => (o: Obj) => getPath(o, k) !== undefined;
  for (const k of sig.all ?? []) tests.push(present(k));
  if (sig.any && sig.any.length) {
    const any = sig.any.map(present);
    tests.push((o) => any.some((t) => t(o)));
  }
  for (const k of sig.none ?? []) {
    const p = present(k);
    tests.push((o) => !p(o));
  }
  for (const e of sig.equals ?? []) tests.push((o) => getPath(o, e.key) === e.value);
  for (const t of sig.types ?? []) {
    tests.push((o) => {
      const v = getPath(o, t.key);
      if (t.type === 'array') return Array.isArray(v);
      if (t.type === 'object') return isObj(v);
      return typeof v === t.type;
    });
  }
  for (const m of sig.matches ?? []) {
    const re = new RegExp(m.pattern);
    tests.push((o) => {
      const v = getPath(o, m.key);
      return typeof v === 'string' && v.length < 256 && re.test(v);
    });
  }
  return (o) => {
    for (const t of tests) if (!t(o)) return false;
    return true;
  };
}

let compiled: { def: LogFormatDef; match: Matcher }[] | null = null;
const compiledFor = () =>
  (compiled ??= LOG_FORMATS.filter((d) => d !== GENERIC_FORMAT).map((def) => ({
    def,
    match: compileSignature(def.signature),
  })));

/** The first format (by priority) whose signature the object matches; null when only the generic fallback would. */
export function detectLogFormat(obj: unknown): LogFormatDef | null {
  if (!isObj(obj)) return null;
  for (const c of compiledFor()) if (c.match(obj)) return c.def;
  return null;
}

// ───────────────────────────── rule evaluation ─────────────────────────────

function firstTime(obj: Obj, rules: Rules<TimeDecode> | undefined, out: TimeParts): boolean {
  for (const r of rules ?? []) {
    const v = getPath(obj, r.key);
    if (v !== undefined && decodeTimeParts(v, r.decode ?? 'iso', out)) return true;
  }
  return false;
}

function firstLevel(obj: Obj, rules: Rules<LevelDecode> | undefined): Level | null {
  for (const r of rules ?? []) {
    const v = getPath(obj, r.key);
    if (v === undefined) continue;
    const l = decodeLevel(v, r.decode ?? 'name');
    if (l) return l;
  }
  return null;
}

function firstId(obj: Obj, rules: Rules<IdDecode> | undefined, dflt: IdDecode): string | null {
  for (const r of rules ?? []) {
    const v = getPath(obj, r.key);
    if (v === undefined) continue;
    const id = decodeId(v, r.decode ?? dflt);
    if (id !== null) return id;
  }
  return null;
}

function firstString(obj: Obj, rules: Rules | undefined): string | null {
  for (const r of rules ?? []) {
    const v = getPath(obj, r.key);
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
}

function firstLine(obj: Obj, rules: Rules | undefined): number | null {
  for (const r of rules ?? []) {
    const v = getPath(obj, r.key);
    if (v === undefined) continue;
    const n = decodeLine(v);
    if (n !== null) return n;
  }
  return null;
}

/** Looks for alias keys at the root, then inside each context object (arrays of objects: each element in order). */
function aliasId(obj: Obj, aliases: Rules<IdDecode>, contexts: readonly KeyPath[], dflt: IdDecode): string | null {
  const hit = firstId(obj, aliases, dflt);
  if (hit !== null) return hit;
  for (const c of contexts) {
    const ctx = getPath(obj, c);
    if (isObj(ctx)) {
      const id = firstId(ctx, aliases, dflt);
      if (id !== null) return id;
    } else if (Array.isArray(ctx)) {
      for (let i = 0; i < ctx.length && i < 64; i++) {
        const el = ctx[i];
        if (!isObj(el)) continue;
        const id = firstId(el, aliases, dflt);
        if (id !== null) return id;
      }
    }
  }
  return null;
}

// ───────────────────────────── source ─────────────────────────────

const JAVA_CLASS = /^(?:[a-z_][\w]*\.)+[A-Z][\w$]*$/;
const CALLER_SUFFIX = /^(.+?):(\d+)(?::\d+)?$/;

/**
 * Explicit source fields → location. A bare Java file name gets its class's package path
 * (`Orders.java` + `com.acme.Orders` → `com/acme/Orders.java`) so resolution can use folders; a file
 * value carrying `:line` is split. Shared by both paths.
 */
export function sourceFromParts(
  file: string | null,
  line: number | null,
  fn: string | null,
  cls: string | null,
): SourceLocation | null {
  if (!file && !cls) return null;
  let f = file;
  let l = line;
  if (f && l === null) {
    const m = CALLER_SUFFIX.exec(f);
    if (m && !/\s\(/.test(m[1])) {
      f = m[1];
      l = +m[2];
    }
  }
  if (cls && JAVA_CLASS.test(cls)) {
    const outer = cls.split('$')[0];
    const pkg = outer.slice(0, outer.lastIndexOf('.')).replace(/\./g, '/');
    if (!f) f = outer.replace(/\./g, '/') + '.java';
    else if (!/[\\/]/.test(f) && /\.(java|kt|scala|groovy)$/.test(f)) f = `${pkg}/${f}`;
  }
  if (!f) return null;
  const func = cls && fn ? `${cls}.${fn}` : fn;
  return { file: f, line: l, column: null, function: func ?? null, origin: 'field' };
}

/** A Java logger name as a hint: `com.acme.Pay` → `com/acme/Pay.java`, no line. */
export function sourceFromLogger(logger: string | null): SourceLocation | null {
  if (!logger || logger.length > 512 || !JAVA_CLASS.test(logger)) return null;
  // Abbreviated loggers (`o.s.b.StartupInfoLogger`) would point at folders that do not exist.
  if (logger.split('.').some((seg) => seg.length === 1)) return null;
  return {
    file: logger.split('$')[0].replace(/\./g, '/') + '.java',
    line: null,
    column: null,
    function: null,
    origin: 'logger',
  };
}

function fieldSource(obj: Obj, def: LogFormatDef): SourceLocation | null {
  const s = def.source;
  if (!s) return null;
  const fromFields = sourceFromParts(
    firstString(obj, s.file),
    firstLine(obj, s.line),
    firstString(obj, s.function),
    firstString(obj, s.className),
  );
  if (fromFields) return fromFields;
  for (const r of s.combined ?? []) {
    const v = getPath(obj, r.key);
    if (v === undefined) continue;
    const loc = decodeSourceCombined(v, r.decode ?? 'callerPath');
    if (loc) {
      if (loc.function === null) loc.function = firstString(obj, s.function);
      return loc;
    }
  }
  return null;
}

// ───────────────────────────── errors ─────────────────────────────

/** Exception objects as text: logback `throwable`, log4j2 `thrown`, pino/bunyan `err`, ECS-style `{type,message}`. */
export function errorText(v: unknown): string | null {
  if (v === null || v === undefined || v === false) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (!isObj(v)) return Array.isArray(v) ? safeStringify(v) : String(v);
  if (typeof v.stack === 'string' && v.stack) return v.stack;
  if (typeof v.stack_trace === 'string' && v.stack_trace) return v.stack_trace;
  // log4j2 JsonLayout stacktraceAsString="true": the whole printed trace, causes included.
  if (typeof v.extendedStackTrace === 'string' && v.extendedStackTrace) return v.extendedStackTrace;
  const parts: string[] = [];
  let cur: unknown = v;
  for (let depth = 0; isObj(cur) && depth < 16; depth++) {
    const name = cur.className ?? cur.name ?? cur.type ?? cur.exception_class;
    const msg = cur.message ?? cur.exception_message;
    let head = typeof name === 'string' ? name : '';
    if (msg !== undefined && msg !== null) head += (head ? ': ' : '') + messageText(msg);
    if (depth > 0) head = 'Caused by: ' + head;
    if (!head) break;
    parts.push(head);
    const steps = Array.isArray(cur.stepArray)
      ? cur.stepArray
      : Array.isArray(cur.extendedStackTrace)
        ? cur.extendedStackTrace
        : null;
    if (steps) {
      for (let i = 0; i < steps.length && i < 200; i++) {
        const st = steps[i];
        if (!isObj(st)) continue;
        const cls = st.className ?? st.class,
          m = st.methodName ?? st.method,
          f = st.fileName ?? st.file,
          ln = st.lineNumber ?? st.line;
        parts.push(`\tat ${cls}.${m}(${f ?? 'Unknown Source'}${typeof ln === 'number' && ln >= 0 ? ':' + ln : ''})`);
      }
    }
    cur = cur.cause;
  }
  return parts.length ? parts.join('\n') : safeStringify(v);
}

function collectError(obj: Obj, rules: Rules | undefined): string | null {
  // Every present error key is kept (zap writes `error` and `stacktrace` apart); a value already contained
  // in what was collected (pino's err.message inside err.stack) is not repeated.
  let out: string | null = null;
  for (const r of rules ?? []) {
    const t = errorText(getPath(obj, r.key));
    if (t === null) continue;
    if (out === null) out = t;
    else if (!out.includes(t)) out += '\n' + t;
  }
  return out;
}

// ───────────────────────────── normalise ─────────────────────────────

const prepend = <D extends string>(path: string | undefined, rules: Rules<D> | undefined, decode?: D): Rules<D> =>
  path ? [{ key: userKey(path), ...(decode ? { decode } : {}) } as Rule<D>, ...(rules ?? [])] : (rules ?? []);

const USER_TIME: Rules<TimeDecode> = ['iso', 'epochAuto', 'log4jInstant', 'gcpTimestamp'].map((d) => ({
  key: '',
  decode: d as TimeDecode,
}));
const userTimeRules = (path: string | undefined, rules: Rules<TimeDecode> | undefined): Rules<TimeDecode> =>
  path ? [...USER_TIME.map((r) => ({ ...r, key: userKey(path) })), ...(rules ?? [])] : (rules ?? []);

const contextsOf = (def: LogFormatDef): KeyPath[] => {
  const out: KeyPath[] = [...(def.context ?? [])];
  for (const c of COMMON_CONTEXT) if (!out.includes(c)) out.push(c);
  return out;
};

/** One parsed JSON object → LogRecord, using `def`'s rules, then the common aliases, then user mappings on top. */
export function normalizeLog(obj: Obj, def: LogFormatDef, userMappings?: FieldMappings): LogRecord {
  const u = userMappings ?? {};
  const contexts = contextsOf(def);

  const tp: TimeParts = { ms: 0, subMsNs: 0 };
  let timeNs: bigint | null = null;
  if (firstTime(obj, userTimeRules(u.time, def.time), tp)) {
    if (def.timeNanosOfSecond !== undefined) {
      const n = getPath(obj, def.timeNanosOfSecond);
      if (n !== undefined) refineNanosOfSecond(tp, n);
    }
    timeNs = partsToNs(tp);
  }

  const level =
    firstLevel(
      obj,
      u.level
        ? [{ key: userKey(u.level), decode: 'name' }, { key: userKey(u.level), decode: 'pino' }, ...(def.level ?? [])]
        : def.level,
    ) ??
    def.defaultLevel ??
    null;

  let message: string | null = null;
  for (const r of messageRules(def, u)) {
    const v = getPath(obj, r.key);
    if (v === undefined || v === null) continue;
    message = decodeMessage(v, r.decode ?? 'text', obj);
    if (message !== null) break;
  }

  const logger = firstId(obj, prepend(u.logger, def.logger), 'text');
  const service = firstId(obj, prepend(u.service, def.service), 'text') ?? firstId(obj, SERVICE_ALIASES, 'text');
  const thread = firstId(obj, prepend(u.thread, def.thread), 'text') ?? aliasId(obj, THREAD_ALIASES, contexts, 'text');
  const correlationId =
    firstId(obj, prepend(u.correlationId, def.correlationId), 'text') ??
    aliasId(obj, CORRELATION_ALIASES, contexts, 'text');
  const traceId = firstId(obj, prepend(u.traceId, def.traceId), 'hex') ?? aliasId(obj, TRACE_ALIASES, contexts, 'hex');
  const spanId = firstId(obj, prepend(u.spanId, def.spanId), 'hex') ?? aliasId(obj, SPAN_ALIASES, contexts, 'hex');
  const parentSpanId =
    firstId(obj, prepend(u.parentSpanId, def.parentSpanId), 'hex') ?? aliasId(obj, PARENT_ALIASES, contexts, 'hex');
  const error = collectError(obj, prepend(u.error, def.error));

  const source = fieldSource(obj, def) ?? (error ? firstAppFrame(error) : null) ?? sourceFromLogger(logger);

  return {
    timeNs,
    level,
    message: message ?? '',
    service,
    logger,
    thread,
    correlationId,
    traceId,
    spanId,
    parentSpanId,
    source,
    error,
    fields: obj,
    format: def.name,
  };
}

/** The rules that decide a record's message under `def`: the user's mapping first, then the def's own. */
export function messageRules(def: LogFormatDef, userMappings?: FieldMappings): Rules<MessageDecode> {
  return prepend(userMappings?.message, def.message);
}

/** Detect, then normalise; objects no format claims go through the generic well-known-keys format. */
export function normalizeAny(obj: Obj, userMappings?: FieldMappings): LogRecord {
  return normalizeLog(obj, detectLogFormat(obj) ?? GENERIC_FORMAT, userMappings);
}

// ───────────────────────────── flat plan (index fast path) ─────────────────────────────

export interface FlatRule<D extends string = never> {
  key: string;
  decode: D;
}

/**
 * What the index's byte scanner needs from a def, as TOP-LEVEL keys only. Contract (applyFlatPlan is the
 * reference): if any of `slowKeys` holds a non-empty object or array at the top level of a line, that line must take
 * the slow path (parse + normalizeLog) because a nested or context rule could decide a field. A slow key holding
 * a string, number, boolean or null cannot: nested paths and context lookups only descend into objects (and
 * context arrays), and the object-valued time decoders refuse anything else. Otherwise, per field, the
 * first rule whose key is present and whose value decodes (with the named decoder from decode.ts) wins.
 */
export interface FlatPlan {
  time: FlatRule<TimeDecode>[];
  /** Nano-of-second key refining the time (logback `nanoseconds`). */
  timeNanosOfSecond: string | null;
  level: FlatRule<LevelDecode>[];
  defaultLevel: Level | null;
  traceId: FlatRule<IdDecode>[];
  spanId: FlatRule<IdDecode>[];
  parentSpanId: FlatRule<IdDecode>[];
  correlationId: FlatRule<IdDecode>[];
  thread: FlatRule<IdDecode>[];
  service: FlatRule<IdDecode>[];
  sourceFile: FlatRule<'text'>[];
  sourceLine: FlatRule<'text'>[];
  sourceFunction: FlatRule<'text'>[];
  sourceClass: FlatRule<'text'>[];
  sourceCombined: FlatRule<SourceDecode>[];
  /** Keys whose presence marks a record carrying an error (for `hasError`); values are not decoded here. */
  errorKeys: string[];
  /** Containers: a line holding an object or array under one of these takes the slow path. */
  slowKeys: string[];
}

/**
 * Whether a slow key's value sends the line to the slow path: only a container with something in it can hide a
 * nested value (Monolog writes `"context":[]` on most lines).
 */
export const isContainer = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);

/** Top-level literal spellings of a key path and the container keys that could hide a nested spelling. */
function flatten(key: KeyPath, slow: Set<string>): string {
  if (typeof key === 'string') return key;
  for (let j = 1; j < key.length; j++) slow.add(key.slice(0, j).join('.'));
  return key.join('.');
}

const OBJECT_DECODES = new Set<string>(['log4jInstant', 'gcpTimestamp']);

/**
 * Compiles `def` (+ the common aliases, + user mappings) into a FlatPlan; null when every line the def
 * matches would need the slow path anyway (its signature requires a slow key).
 */
export function flatPlan(def: LogFormatDef, userMappings?: FieldMappings): FlatPlan | null {
  const u = userMappings ?? {};
  const slow = new Set<string>();
  const flat = <D extends string>(rules: Rules<D> | undefined, dflt: D): FlatRule<D>[] =>
    (rules ?? []).map((r) => {
      const decode = (r.decode ?? dflt) as D;
      const key = flatten(r.key, slow);
      if (OBJECT_DECODES.has(decode)) slow.add(key);
      return { key, decode };
    });
  const ids = (
    own: Rules<IdDecode> | undefined,
    user: string | undefined,
    aliases: Rules<IdDecode> | null,
    dflt: IdDecode,
  ) => flat([...prepend(user, own), ...(aliases ?? [])], dflt);

  const plan: FlatPlan = {
    time: flat(userTimeRules(u.time, def.time), 'iso'),
    timeNanosOfSecond: def.timeNanosOfSecond === undefined ? null : flatten(def.timeNanosOfSecond, slow),
    level: flat(
      u.level
        ? ([
            { key: userKey(u.level), decode: 'name' },
            { key: userKey(u.level), decode: 'pino' },
            ...(def.level ?? []),
          ] as Rules<LevelDecode>)
        : def.level,
      'name',
    ),
    defaultLevel: def.defaultLevel ?? null,
    traceId: ids(def.traceId, u.traceId, TRACE_ALIASES, 'hex'),
    spanId: ids(def.spanId, u.spanId, SPAN_ALIASES, 'hex'),
    parentSpanId: ids(def.parentSpanId, u.parentSpanId, PARENT_ALIASES, 'hex'),
    correlationId: ids(def.correlationId, u.correlationId, CORRELATION_ALIASES, 'text'),
    thread: ids(def.thread, u.thread, THREAD_ALIASES, 'text'),
    service: ids(def.service, u.service, SERVICE_ALIASES, 'text'),
    sourceFile: flat(def.source?.file, 'text'),
    sourceLine: flat(def.source?.line, 'text'),
    sourceFunction: flat(def.source?.function, 'text'),
    sourceClass: flat(def.source?.className, 'text'),
    sourceCombined: flat(def.source?.combined, 'callerPath'),
    // Presence is all hasError needs, so a nested error path counts by its top-level container (never slow).
    errorKeys: [...new Set(prepend(u.error, def.error).map((r) => (typeof r.key === 'string' ? r.key : r.key[0])))],
    slowKeys: [],
  };
  for (const c of contextsOf(def)) slow.add(typeof c === 'string' ? c : c[0]);
  plan.slowKeys = [...slow];
  for (const k of def.signature.all ?? []) if (typeof k === 'string' ? slow.has(k) : true) return null;
  return plan;
}

/** Result of the fast path for one record; `source` only from explicit fields or caller strings. */
export interface FlatResult {
  time: TimeParts | null;
  level: Level | null;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  correlationId: string | null;
  thread: string | null;
  service: string | null;
  source: SourceLocation | null;
}

/**
 * Interprets a FlatPlan over a top-level value getter (`get(key)` → the parsed JSON value or undefined).
 * Returns null when a slow key holds an object or array: normalise that record with normalizeLog instead.
 */
export function applyFlatPlan(plan: FlatPlan, get: (key: string) => unknown): FlatResult | null {
  const slow = plan.slowKeys;
  for (let i = 0; i < slow.length; i++) if (isContainer(get(slow[i]))) return null;
  let time: TimeParts | null = null;
  const p: TimeParts = { ms: 0, subMsNs: 0 };
  for (let i = 0; i < plan.time.length; i++) {
    const r = plan.time[i];
    const v = get(r.key);
    if (v !== undefined && decodeTimeParts(v, r.decode, p)) {
      time = p;
      break;
    }
  }
  if (time && plan.timeNanosOfSecond !== null) {
    const n = get(plan.timeNanosOfSecond);
    if (n !== undefined) refineNanosOfSecond(time, n);
  }
  let level: Level | null = null;
  for (let i = 0; i < plan.level.length && level === null; i++) {
    const r = plan.level[i];
    const v = get(r.key);
    if (v !== undefined) level = decodeLevel(v, r.decode);
  }
  level ??= plan.defaultLevel;
  return {
    time,
    level,
    traceId: flatId(plan.traceId, get),
    spanId: flatId(plan.spanId, get),
    parentSpanId: flatId(plan.parentSpanId, get),
    correlationId: flatId(plan.correlationId, get),
    thread: flatId(plan.thread, get),
    service: flatId(plan.service, get),
    source: flatSource(plan, get),
  };
}

function flatId(rules: FlatRule<IdDecode>[], get: (key: string) => unknown): string | null {
  for (let i = 0; i < rules.length; i++) {
    const v = get(rules[i].key);
    if (v === undefined) continue;
    const d = decodeId(v, rules[i].decode);
    if (d !== null) return d;
  }
  return null;
}

function flatString(rules: FlatRule<'text'>[], get: (key: string) => unknown): string | null {
  for (let i = 0; i < rules.length; i++) {
    const v = get(rules[i].key);
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
}

function flatSource(plan: FlatPlan, get: (key: string) => unknown): SourceLocation | null {
  let line: number | null = null;
  for (let i = 0; i < plan.sourceLine.length && line === null; i++) {
    const v = get(plan.sourceLine[i].key);
    if (v !== undefined) line = decodeLine(v);
  }
  const fn = flatString(plan.sourceFunction, get);
  const source = sourceFromParts(flatString(plan.sourceFile, get), line, fn, flatString(plan.sourceClass, get));
  if (source) return source;
  for (let i = 0; i < plan.sourceCombined.length; i++) {
    const r = plan.sourceCombined[i];
    const v = get(r.key);
    if (v === undefined) continue;
    const loc = decodeSourceCombined(v, r.decode);
    if (loc) {
      if (loc.function === null) loc.function = fn;
      return loc;
    }
  }
  return null;
}
