// Compiles the fast path for one key shape (the ordered list of a line's top-level keys).
//
// Exactness, by construction where possible:
// - The format is the one detection chose for the shape's first line. Detection looks at key presence
//   (fixed by the shape) and at a few values (`equals`, `types`, `matches`): those value tests are re-checked
//   per line against the first line's outcome, and a line that differs takes the slow path.
// - Per field, only the flat plan's rules whose keys are in the shape can apply. Levels, IDs, threads,
//   services and source locations (unless deferred: `LOCATION_DEFERRED`) are cached by the raw JSON bytes of
//   those keys' values; a cache miss calls the formats module's own `applyFlatPlan` with a getter that sees
//   only those keys, so the decoded value is what the slow path computes. Time differs on every line and is
//   decoded directly with `decodeTimeParts`, following the plan's rule order.

import type { LogFormatDef, KeyPath, Signature } from '../formats/schema';
import { decodeId, decodeTimeParts, refineNanosOfSecond, type TimeParts } from '../formats/decode';
import { applyFlatPlan, type FlatPlan, type FlatResult, type FlatRule } from '../formats/normalize';
import { ERROR_LEVEL_CODE, isErrorLevelCode, levelCode } from '../model';
import { deferredLocation, type ChunkBuilder, type Row } from './builder';
import { F_ERROR, F_PARENT_PACKED, F_PARENT_TEXT, F_SPAN_PACKED, F_SPAN_TEXT } from './columns';
import type { FastShape } from './hooks';
import { ByteMap, readHexWords } from './interner';
import { IsoTimeCache } from './isoCache';
import { VT_ARRAY, VT_FALSE, VT_NULL, VT_NUMBER, VT_OBJECT, VT_STRING, VT_TRUE, type LineScan } from './scanner';
import { NONE } from './types';
import { clearBatchTables, encodeBatchPlan, type BatchCheck, type BatchPlan, type ResolveLeft } from './wasm/batchPlan';

const MISSING = -2;
const NULL_VALUE = -3;

/** The parsed value of top-level key `i` of the scanned line, as parseJsonLine would give it. */
export function valueAt(buf: Uint8Array, sc: LineScan, i: number): unknown {
  return valueOf(buf, sc.valStart[i], sc.valEnd[i], sc.valType[i], sc.flags[i]);
}

/** The parsed value at buf[s, e) of scan type `type` with scan flags `flags` (see `valueAt`). */
function valueOf(buf: Uint8Array, s: number, e: number, type: number, flags: number): unknown {
  const b = buf as Buffer;
  switch (type) {
    case VT_STRING:
      return flags & 1 ? JSON.parse(b.toString('utf8', s - 1, e + 1)) : b.toString('utf8', s, e);
    case VT_NUMBER: {
      const text = b.toString('latin1', s, e);
      const n = Number(text);
      // parseJsonLine keeps integers a double cannot hold as their text
      if (flags & 2 && !/[.eE]/.test(text) && !Number.isSafeInteger(n)) return text;
      return n;
    }
    case VT_TRUE:
      return true;
    case VT_FALSE:
      return false;
    case VT_NULL:
      return null;
    default:
      return JSON.parse(b.toString('utf8', s, e));
  }
}

/** Start and end of the value's raw JSON text (strings with their quotes, so "1" and 1 differ). */
const rawStart = (sc: LineScan, i: number) => (sc.valType[i] === VT_STRING ? sc.valStart[i] - 1 : sc.valStart[i]);
const rawEnd = (sc: LineScan, i: number) => (sc.valType[i] === VT_STRING ? sc.valEnd[i] + 1 : sc.valEnd[i]);

type Field = keyof Pick<FlatResult, 'traceId' | 'spanId' | 'parentSpanId' | 'correlationId' | 'thread' | 'service'>;

/** A field computed from a few keys, cached by their raw values. */
class CachedField {
  readonly cache = new ByteMap(64);
  private scratch = Buffer.allocUnsafe(256);
  /**
   * When the keys are neighbours in the shape, the bytes from the first value to the last are the cache key (no copy).
   */
  readonly first: number;
  readonly last: number;
  constructor(
    readonly idx: number[],
    readonly names: string[],
  ) {
    const sorted = [...idx].sort((a, b) => a - b);
    const adjacent = sorted.every((v, j) => j === 0 || v === sorted[j - 1] + 1);
    this.first = adjacent ? sorted[0] : -1;
    this.last = adjacent ? sorted[sorted.length - 1] : -1;
  }

  /** Key bytes of this line's values: one range when the keys are neighbours, else a copy joined by NUL bytes. */
  lookup(buf: Uint8Array, sc: LineScan): number {
    if (this.first >= 0) return this.cache.get(buf, rawStart(sc, this.first), rawEnd(sc, this.last), MISSING);
    const n = this.join(buf, sc);
    return this.cache.get(this.scratch, 0, n, MISSING);
  }

  store(buf: Uint8Array, sc: LineScan, value: number): void {
    if (this.first >= 0) {
      this.cache.set(buf, rawStart(sc, this.first), rawEnd(sc, this.last), value);
      return;
    }
    const n = this.join(buf, sc);
    this.cache.set(this.scratch, 0, n, value);
  }

  private join(buf: Uint8Array, sc: LineScan): number {
    let n = 0;
    for (const i of this.idx) {
      const s = rawStart(sc, i),
        e = rawEnd(sc, i);
      if (n + e - s + 1 > this.scratch.length) {
        const b = Buffer.allocUnsafe((n + e - s + 1) * 2);
        this.scratch.copy(b, 0, 0, n);
        this.scratch = b;
      }
      const out = this.scratch;
      for (let p = s; p < e; p++) out[n++] = buf[p];
      out[n++] = 0;
    }
    return n;
  }

  /** A getter that sees only this field's keys, for applyFlatPlan. */
  getter(buf: Uint8Array, sc: LineScan): (key: string) => unknown {
    return (key) => {
      const j = this.names.indexOf(key);
      return j < 0 ? undefined : valueAt(buf, sc, this.idx[j]);
    };
  }
}

const SAMPLE16 = '0123456789abcdef';
const SAMPLE32 = '0123456789abcdef0123456789abcdef';

function hexIdentity32(decode: string): boolean {
  return decodeId(SAMPLE32, decode as 'hex') === SAMPLE32 && decodeId('0'.repeat(32), decode as 'hex') === null;
}

/** Whether decodeId keeps 16 lower-case hex digits as they are (and drops all-zero ones) for this decode. */
function hexIdentity(decode: string): boolean {
  return decodeId(SAMPLE16, decode as 'hex') === SAMPLE16 && decodeId('0000000000000000', decode as 'hex') === null;
}

/** Signature tests that look at values, for keys the shape has at its top level. */
interface ValueCheck {
  idx: number;
  test: (buf: Uint8Array, sc: LineScan, i: number) => boolean;
  expect: boolean;
  /** The test as data, for line batches. */
  spec: BatchCheck;
}

/** Keys of a signature part, and whether any is a nested path touching the shape. */
function nestedTouches(k: KeyPath, keys: Set<string>): boolean {
  if (typeof k === 'string') return false;
  for (let j = 1; j <= k.length; j++) if (keys.has(k.slice(0, j).join('.'))) return true;
  return false;
}

function valueChecks(
  sig: Signature,
  keyIndex: Map<string, number>,
  buf: Uint8Array,
  sc: LineScan,
): ValueCheck[] | null {
  const keys = new Set(keyIndex.keys());
  for (const k of [...(sig.all ?? []), ...(sig.any ?? []), ...(sig.none ?? [])])
    if (nestedTouches(k, keys)) return null;
  const checks: ValueCheck[] = [];
  type Spec =
    | { kind: 'equals'; want: Uint8Array }
    | { kind: 'types'; types: number[]; number: boolean }
    | { kind: 'matches'; cache: ByteMap };
  const add = (key: KeyPath, test: ValueCheck['test'], spec: Spec): boolean => {
    if (typeof key !== 'string') return !nestedTouches(key, keys);
    const idx = keyIndex.get(key);
    if (idx === undefined) return true;
    const expect = test(buf, sc, idx);
    checks.push({ idx, test, expect, spec: { ...spec, idx, expect } });
    return true;
  };
  for (const e of sig.equals ?? []) {
    const want = Buffer.from(JSON.stringify(e.value));
    if (
      !add(
        e.key,
        (b, s, i) => {
          const st = rawStart(s, i),
            en = rawEnd(s, i);
          if (en - st !== want.length) return false;
          for (let j = 0; j < want.length; j++) if (b[st + j] !== want[j]) return false;
          return true;
        },
        { kind: 'equals', want },
      )
    )
      return null;
  }
  for (const t of sig.types ?? []) {
    const vt = {
      string: [VT_STRING],
      number: [VT_NUMBER],
      boolean: [VT_TRUE, VT_FALSE],
      object: [VT_OBJECT],
      array: [VT_ARRAY],
    }[t.type];
    const number = t.type === 'number';
    const test: ValueCheck['test'] = (_b, s, i) => vt.includes(s.valType[i]) && !(number && s.flags[i] & 2);
    if (!add(t.key, test, { kind: 'types', types: vt, number })) return null;
  }
  for (const m of sig.matches ?? []) {
    const re = new RegExp(m.pattern);
    const cache = new ByteMap(16);
    if (
      !add(
        m.key,
        (b, s, i) => {
          const st = rawStart(s, i),
            en = rawEnd(s, i);
          let r = cache.get(b, st, en, MISSING);
          if (r === MISSING) {
            const v = valueAt(b, s, i);
            r = typeof v === 'string' && v.length < 256 && re.test(v) ? 1 : 0;
            cache.set(b, st, en, r);
          }
          return r === 1;
        },
        { kind: 'matches', cache },
      )
    )
      return null;
  }
  return checks;
}

/**
 * Builds the fast path for a shape, or null. `defs` are the log formats in detection order (up to and
 * including the chosen one); `plan` is flatPlan(chosen).
 */
export function compileFastShape(
  keys: readonly string[],
  buf: Uint8Array,
  sc: LineScan,
  defs: readonly LogFormatDef[],
  plan: FlatPlan,
  formatName: string,
  builder: ChunkBuilder,
): FastShape | null {
  const keyIndex = new Map<string, number>();
  keys.forEach((k, i) => keyIndex.set(k, i));
  // A slow key holding an object or array sends the line to the slow path (applyFlatPlan's contract).
  const containerIdx = plan.slowKeys.filter((k) => keyIndex.has(k)).map((k) => keyIndex.get(k)!);

  // Detection must land on the same format for every line of this shape.
  const checks: ValueCheck[] = [];
  for (const d of defs) {
    const c = valueChecks(d.signature, keyIndex, buf, sc);
    if (c === null) return null;
    checks.push(...c);
  }

  const present = <D extends string>(rules: FlatRule<D>[]) => rules.filter((r) => keyIndex.has(r.key));
  const strings = builder.strings;
  const format = strings.intern(formatName);

  const timeRules = present(plan.time).map((r) => ({
    idx: keyIndex.get(r.key)!,
    decode: r.decode,
    iso: r.decode === 'iso' ? new IsoTimeCache() : null,
  }));
  const nanosIdx = plan.timeNanosOfSecond === null ? -1 : (keyIndex.get(plan.timeNanosOfSecond) ?? -1);

  const fieldOf = (rules: FlatRule<string>[]): CachedField | null => {
    const names = [...new Set(present(rules).map((r) => r.key))];
    return names.length === 0
      ? null
      : new CachedField(
          names.map((n) => keyIndex.get(n)!),
          names,
        );
  };
  const levelF = fieldOf(plan.level);
  // Level rules grouped by key (all rules of one key together) and no default level: each key can be cached
  // on its own, and the first key whose value decodes wins, so most lines look up one short value.
  const levelKeys = present(plan.level).map((r) => r.key);
  const grouped = levelKeys.every((k, j) => j === 0 || k === levelKeys[j - 1] || !levelKeys.slice(0, j).includes(k));
  const levelParts =
    levelF !== null && plan.defaultLevel === null && grouped && levelF.idx.length > 1
      ? levelF.names.map((n) => new CachedField([keyIndex.get(n)!], [n]))
      : null;
  const constLevel = levelF === null ? levelCode(plan.defaultLevel) : 0;
  const ids: [Field, CachedField | null][] = [
    ['traceId', fieldOf(plan.traceId)],
    ['correlationId', fieldOf(plan.correlationId)],
    ['thread', fieldOf(plan.thread)],
    ['service', fieldOf(plan.service)],
  ];
  const [traceF, corrF, threadF, serviceF] = ids.map((x) => x[1]);
  const spanF = fieldOf(plan.spanId),
    parentF = fieldOf(plan.parentSpanId);
  const spanQuick =
    spanF !== null && spanF.idx.length === 1 && present(plan.spanId).every((r) => hexIdentity(r.decode));
  const parentQuick =
    parentF !== null && parentF.idx.length === 1 && present(plan.parentSpanId).every((r) => hexIdentity(r.decode));
  const sourceF = fieldOf([
    ...plan.sourceFile,
    ...plan.sourceLine,
    ...plan.sourceFunction,
    ...plan.sourceClass,
    ...plan.sourceCombined,
  ]);
  const errorIdx = [...new Set(plan.errorKeys)].filter((k) => keyIndex.has(k)).map((k) => keyIndex.get(k)!);
  const tp: TimeParts = { ms: 0, subMsNs: 0 };
  const words = new Uint32Array(4);
  // Cache misses run applyFlatPlan on a plan holding only the rules of the field asked for: the same
  // interpreter, without walking every alias rule of every other field (first records come sooner).
  const none: FlatPlan = {
    time: [],
    timeNanosOfSecond: null,
    level: [],
    defaultLevel: null,
    traceId: [],
    spanId: [],
    parentSpanId: [],
    correlationId: [],
    thread: [],
    service: [],
    sourceFile: [],
    sourceLine: [],
    sourceFunction: [],
    sourceClass: [],
    sourceCombined: [],
    errorKeys: [],
    slowKeys: [],
  };
  const levelPlan: FlatPlan = { ...none, level: plan.level, defaultLevel: plan.defaultLevel };
  const idPlans: Record<Field, FlatPlan> = {
    traceId: { ...none, traceId: plan.traceId },
    spanId: { ...none, spanId: plan.spanId },
    parentSpanId: { ...none, parentSpanId: plan.parentSpanId },
    correlationId: { ...none, correlationId: plan.correlationId },
    thread: { ...none, thread: plan.thread },
    service: { ...none, service: plan.service },
  };
  const sourcePlan: FlatPlan = {
    ...none,
    sourceFile: plan.sourceFile,
    sourceLine: plan.sourceLine,
    sourceFunction: plan.sourceFunction,
    sourceClass: plan.sourceClass,
    sourceCombined: plan.sourceCombined,
  };
  // 32 lower-case hex digits (W3C trace ids) are interned by their 128 bits, without hashing text
  const trace32 =
    traceF !== null && traceF.idx.length === 1 && present(plan.traceId).every((r) => hexIdentity32(r.decode));

  const idKey = (f: CachedField, field: Field, buf: Uint8Array, sc: LineScan): number => {
    let k = f.lookup(buf, sc);
    if (k === MISSING) {
      const v = applyFlatPlan(idPlans[field], f.getter(buf, sc))?.[field] ?? null;
      k = v === null ? NULL_VALUE : strings.internValue(v);
      f.store(buf, sc, k);
    }
    return k === NULL_VALUE ? NONE : k;
  };

  /** Span and parent: packed words when the value is 16 hex digits, else the decoded text's key. */
  const spanLike = (
    f: CachedField,
    field: 'spanId' | 'parentSpanId',
    quick: boolean,
    buf: Uint8Array,
    sc: LineScan,
    r: Row,
    packed: number,
    text: number,
  ): void => {
    const i = f.idx[0];
    if (
      quick &&
      sc.valType[i] === VT_STRING &&
      sc.valEnd[i] - sc.valStart[i] === 16 &&
      readHexWords(buf, sc.valStart[i], 2, words) === 1
    ) {
      if (packed === F_SPAN_PACKED) {
        r.spanHi = words[0];
        r.spanLo = words[1];
      } else {
        r.parentHi = words[0];
        r.parentLo = words[1];
      }
      r.idFlags |= packed;
      return;
    }
    const k = idKey(f, field, buf, sc);
    if (k === NONE) return;
    const v = strings.get(k);
    if (/^[0-9a-f]{16}$/.test(v)) {
      const hi = parseInt(v.slice(0, 8), 16),
        lo = parseInt(v.slice(8), 16);
      if (packed === F_SPAN_PACKED) {
        r.spanHi = hi;
        r.spanLo = lo;
      } else {
        r.parentHi = hi;
        r.parentLo = lo;
      }
      r.idFlags |= packed;
    } else {
      if (packed === F_SPAN_PACKED) r.spanLo = k;
      else r.parentLo = k;
      r.idFlags |= text;
    }
  };

  const deferLocation = builder.deferLocations;
  const locationOf = (f: CachedField, buf: Uint8Array, sc: LineScan): number => {
    let k = f.lookup(buf, sc);
    if (k === MISSING) {
      const loc = applyFlatPlan(sourcePlan, f.getter(buf, sc))?.source ?? null;
      k = loc === null ? NULL_VALUE : builder.locations.intern(loc);
      f.store(buf, sc, k);
    }
    return k === NULL_VALUE ? NONE : k;
  };
  const valueCaches = [traceF, corrF, threadF, serviceF, spanF, parentF].filter((f): f is CachedField => f !== null);

  // A value a batch left to its caller: what `idKey` computes on a cache miss, from the value's place alone
  // (the batch leaves only fields of one key).
  const leftFields: [Field, CachedField | null][] = [
    ['traceId', traceF],
    ['correlationId', corrF],
    ['thread', threadF],
    ['service', serviceF],
  ];
  const resolveLeft: ResolveLeft = (field, mem, key, keyLen, buf, start, end, type, flags) => {
    const [name, f] = leftFields[field];
    let k = f!.cache.get(mem, key, key + keyLen, MISSING);
    if (k === MISSING) {
      const only = f!.names[0];
      const v = applyFlatPlan(idPlans[name], (n) => (n === only ? valueOf(buf, start, end, type, flags) : undefined));
      const text = v?.[name] ?? null;
      k = text === null ? NULL_VALUE : strings.internValue(text);
      f!.cache.set(mem, key, key + keyLen, k);
    }
    return k;
  };

  // The same steps as `extract` below, for scan.c's line batches, when it can do every one of them exactly.
  const adjacent = (f: CachedField | null) => f === null || f.first >= 0;
  const levelPartsB = levelParts ?? (levelF === null ? [] : [levelF]);
  const batch: BatchPlan | null =
    nanosIdx < 0 &&
    levelPartsB.every(adjacent) &&
    [traceF, corrF, threadF, serviceF].every(adjacent) &&
    (spanF === null || spanQuick) &&
    (parentF === null || parentQuick) &&
    (sourceF === null || (deferLocation && sourceF.first >= 0))
      ? encodeBatchPlan({
          keys: keys.length,
          format,
          errorLevel: ERROR_LEVEL_CODE,
          containers: containerIdx,
          checks: checks.map((c) => c.spec),
          times: timeRules.map((t) => ({ idx: t.idx, decode: t.decode })),
          levelParts: levelPartsB,
          levelConst: constLevel,
          trace: traceF,
          trace32,
          correlation: corrF,
          thread: threadF,
          service: serviceF,
          span: spanF === null ? -1 : spanF.idx[0],
          parent: parentF === null ? -1 : parentF.idx[0],
          locFirst: sourceF === null ? -1 : sourceF.first,
          locLast: sourceF === null ? -1 : sourceF.last,
          errorKeys: errorIdx,
          resolve: resolveLeft,
        })
      : null;
  return {
    batch,
    forget(): void {
      for (const f of valueCaches) f.cache.clear();
      // the batch tables copy entries of these caches
      if (batch !== null) clearBatchTables();
    },
    extract(buf: Uint8Array, sc: LineScan, r: Row): boolean {
      for (let c = 0; c < containerIdx.length; c++) {
        const i = containerIdx[c],
          vt = sc.valType[i];
        // `{}` and `[]` hold nothing a nested rule could find
        if ((vt === VT_OBJECT || vt === VT_ARRAY) && sc.valEnd[i] - sc.valStart[i] !== 2) return false;
      }
      for (let c = 0; c < checks.length; c++) {
        const ch = checks[c];
        if (ch.test(buf, sc, ch.idx) !== ch.expect) return false;
      }
      r.format = format;
      // time: the first rule whose value decodes
      for (let t = 0; t < timeRules.length; t++) {
        const tr = timeRules[t];
        const vt = sc.valType[tr.idx];
        if (vt !== VT_STRING && vt !== VT_NUMBER) {
          if (vt === VT_OBJECT || vt === VT_ARRAY) return false;
          continue;
        }
        let ok: boolean | null = null;
        if (tr.iso !== null && vt === VT_STRING && (sc.flags[tr.idx] & 1) === 0)
          ok = tr.iso.decode(buf, sc.valStart[tr.idx], sc.valEnd[tr.idx], tp);
        if (ok === null) ok = decodeTimeParts(valueAt(buf, sc, tr.idx), tr.decode, tp);
        if (ok) {
          if (nanosIdx >= 0) refineNanosOfSecond(tp, valueAt(buf, sc, nanosIdx));
          r.timeMs = tp.ms;
          r.subNs = tp.subMsNs;
          break;
        }
      }
      if (levelParts !== null) {
        let code = 0;
        for (let j = 0; j < levelParts.length && code === 0; j++) {
          const f = levelParts[j];
          code = f.lookup(buf, sc);
          if (code === MISSING) {
            code = levelCode(applyFlatPlan(levelPlan, f.getter(buf, sc))?.level ?? null);
            f.store(buf, sc, code);
          }
        }
        r.level = code;
      } else if (levelF !== null) {
        let k = levelF.lookup(buf, sc);
        if (k === MISSING) {
          k = levelCode(applyFlatPlan(levelPlan, levelF.getter(buf, sc))?.level ?? null);
          levelF.store(buf, sc, k);
        }
        r.level = k;
      } else r.level = constLevel;
      if (traceF !== null) {
        const i = traceF.idx[0];
        if (
          trace32 &&
          sc.valType[i] === VT_STRING &&
          sc.valEnd[i] - sc.valStart[i] === 32 &&
          readHexWords(buf, sc.valStart[i], 4, words) === 1
        ) {
          r.trace = strings.internHex128(words);
        } else r.trace = idKey(traceF, 'traceId', buf, sc);
      }
      if (corrF !== null) r.correlation = idKey(corrF, 'correlationId', buf, sc);
      if (threadF !== null) r.thread = idKey(threadF, 'thread', buf, sc);
      if (serviceF !== null) r.service = idKey(serviceF, 'service', buf, sc);
      if (spanF !== null) spanLike(spanF, 'spanId', spanQuick, buf, sc, r, F_SPAN_PACKED, F_SPAN_TEXT);
      if (parentF !== null) spanLike(parentF, 'parentSpanId', parentQuick, buf, sc, r, F_PARENT_PACKED, F_PARENT_TEXT);
      if (sourceF !== null) {
        // deferred: where the raw bytes lie (neighbouring keys only, as one range), else looked up now
        let k = NONE;
        if (deferLocation && sourceF.first >= 0) {
          const s = rawStart(sc, sourceF.first);
          k = deferredLocation(s - sc.lineStart, rawEnd(sc, sourceF.last) - s);
        }
        r.location = k === NONE ? locationOf(sourceF, buf, sc) : k;
      }
      let err = isErrorLevelCode(r.level);
      for (let j = 0; !err && j < errorIdx.length; j++) {
        const i = errorIdx[j],
          vt = sc.valType[i];
        // errorText: null, false and "" carry no error; anything else does
        err = !(vt === VT_NULL || vt === VT_FALSE || (vt === VT_STRING && sc.valEnd[i] === sc.valStart[i]));
      }
      if (err) r.idFlags |= F_ERROR;
      return true;
    },
  };
}
