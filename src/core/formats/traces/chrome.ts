// Chrome Trace Event Format (a JSON array of events, or {traceEvents: [...]}) as written by Chrome tracing,
// Perfetto's JSON export, `node --trace-events-enabled` and many profilers. Spec: Google doc "Trace Event
// Format" (1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU). `ts`/`dur` are microseconds, may be
// fractional, and are often relative to boot rather than the epoch: they are kept as given.
//
// The format has no trace or span ids, so they are made from the input: one trace per process
// (`chrome-pid-<pid>`), and a span's id is `e<index>` of the event that opened it in the document.
// Duration events (X, and B/E paired per pid+tid) nest by time on their thread; async events (b/e, legacy
// S/F) nest per cat+id. Instants (i/I/R, and n on an async span) become events of the span around them, or log
// records when no span encloses them. Counters, flows, samples and object snapshots are counted in a warning.

import type { LogRecord, Span, SpanEvent } from '../../model';
import { bag, describe, isObj, str, usToNs, WarningTally, type Obj } from './common';
import type { ImportSink, TraceImporter } from './types';

interface Open {
  index: number;
  ev: Obj;
  start: bigint;
  end: bigint;
  pid: string;
  tid: string;
  args: Obj;
  unfinished: boolean;
  parent: string | null;
  events: SpanEvent[];
  async: boolean;
}

const eventsOf = (v: unknown): unknown[] | null =>
  Array.isArray(v) ? v : isObj(v) && Array.isArray(v.traceEvents) ? v.traceEvents : null;

const idText = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
const copy = (v: unknown): Obj => {
  const o = bag();
  if (isObj(v)) for (const [k, x] of Object.entries(v)) o[k] = x;
  return o;
};
const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

export const chromeTrace: TraceImporter = {
  name: 'chrome-trace',
  spec: 'Google doc "Trace Event Format" (docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU)',
  detect(v) {
    if (isObj(v) && Array.isArray(v.traceEvents)) return true;
    return (
      Array.isArray(v) && v.length > 0 && v.slice(0, 8).some((e) => isObj(e) && typeof e.ph === 'string' && 'pid' in e)
    );
  },
  import(value, sink: ImportSink) {
    const events = eventsOf(value);
    if (!events) {
      sink.warn('Chrome trace: expected an array of events or {traceEvents: [...]}');
      return;
    }
    const tally = new WarningTally();
    const processNames = new Map<string, string>();
    const threadNames = new Map<string, string>();
    for (const ev of events) {
      if (!isObj(ev) || ev.ph !== 'M' || !isObj(ev.args) || typeof ev.args.name !== 'string') continue;
      if (ev.name === 'process_name') processNames.set(idText(ev.pid), ev.args.name);
      if (ev.name === 'thread_name') threadNames.set(`${idText(ev.pid)}:${idText(ev.tid)}`, ev.args.name);
    }

    const spans: Open[] = [];
    const byThread = new Map<string, Open[]>(); // duration spans per pid:tid
    const bStacks = new Map<string, Open[]>();
    const asyncStacks = new Map<string, Open[]>();
    const asyncByKey = new Map<string, Open[]>(); // every async span per key, in begin order
    const instants: { index: number; ev: Obj; t: bigint; key: string; asyncKey: string | null }[] = [];
    const lastTs = new Map<string, bigint>();
    const skipped = new Map<string, number>();

    events.forEach((ev, index) => {
      const where = `event ${index}`;
      if (!isObj(ev)) {
        tally.add('event is not an object', where);
        return;
      }
      const ph = ev.ph;
      if (ph === 'M') return;
      if (typeof ph !== 'string') {
        tally.add(`event without a phase (ph is ${describe(ph)}) skipped`, where);
        return;
      }
      const t = usToNs(ev.ts);
      if (t === null) {
        tally.add(`event with ph ${JSON.stringify(ph)} without a readable ts skipped`, where);
        return;
      }
      const pid = idText(ev.pid),
        tid = idText(ev.tid);
      const key = `${pid}:${tid}`;
      const prev = lastTs.get(key);
      if (prev === undefined || t > prev) lastTs.set(key, t);
      const open = (end: bigint, isAsync: boolean): Open => ({
        index,
        ev,
        start: t,
        end,
        pid,
        tid,
        args: copy(ev.args),
        unfinished: false,
        parent: null,
        events: [],
        async: isAsync,
      });
      const asyncKey = () => asyncKeyFor(ev, pid);
      switch (ph) {
        case 'X': {
          const d = ev.dur === undefined ? 0n : usToNs(ev.dur);
          if (d === null || d < 0n) tally.add('complete event (X) with unreadable dur: ends at its start', where);
          const s = open(t + (d !== null && d > 0n ? d : 0n), false);
          if (s.end > (lastTs.get(key) ?? s.end - 1n)) lastTs.set(key, s.end);
          spans.push(s);
          push(byThread, key, s);
          return;
        }
        case 'B': {
          const s = open(t, false);
          spans.push(s);
          push(byThread, key, s);
          push(bStacks, key, s);
          return;
        }
        case 'E': {
          const s = bStacks.get(key)?.pop();
          if (!s) {
            tally.add('end event (E) without a matching begin (B) on its thread skipped', where);
            return;
          }
          s.end = t < s.start ? s.start : t;
          if (isObj(ev.args)) Object.assign(s.args, copy(ev.args)); // E's args are merged into B's, per the spec
          return;
        }
        case 'b':
        case 'S': {
          const k = asyncKey();
          const stack = asyncStacks.get(k);
          const s = open(t, true);
          s.parent = stack && stack.length > 0 ? `e${stack[stack.length - 1]!.index}` : null;
          spans.push(s);
          push(asyncStacks, k, s);
          push(asyncByKey, k, s);
          return;
        }
        case 'e':
        case 'F': {
          const stack = asyncStacks.get(asyncKey());
          if (!stack || stack.length === 0) {
            tally.add(`async end (${ph}) without a matching begin skipped`, where);
            return;
          }
          let at = stack.length - 1;
          for (let i = stack.length - 1; i >= 0; i--)
            if (stack[i]!.ev.name === ev.name) {
              at = i;
              break;
            }
          const [s] = stack.splice(at, 1);
          s!.end = t < s!.start ? s!.start : t;
          if (isObj(ev.args)) Object.assign(s!.args, copy(ev.args));
          return;
        }
        case 'i':
        case 'I':
        case 'R':
        case 'n':
        case 'T':
        case 'p':
          instants.push({ index, ev, t, key, asyncKey: ph === 'n' || ph === 'T' || ph === 'p' ? asyncKey() : null });
          return;
        default:
          skipped.set(ph, (skipped.get(ph) ?? 0) + 1);
      }
    });

    for (const stack of [...bStacks.values(), ...asyncStacks.values()]) {
      for (const s of stack) {
        s.unfinished = true;
        s.end = lastTs.get(`${s.pid}:${s.tid}`) ?? s.start;
        if (s.end < s.start) s.end = s.start;
        tally.add(
          `${s.async ? 'async begin' : 'begin (B)'} without an end: span ends at the last time seen on its thread`,
          `event ${s.index}`,
        );
      }
    }

    // Nest duration spans by time on each thread: sorted by start, longer first, a stack of open ancestors.
    for (const list of byThread.values()) {
      list.sort((a, b) => cmpBig(a.start, b.start) || cmpBig(b.end, a.end) || a.index - b.index);
      const stack: Open[] = [];
      for (const s of list) {
        while (stack.length > 0 && stack[stack.length - 1]!.end <= s.start && stack[stack.length - 1]!.start < s.start)
          stack.pop();
        s.parent = stack.length > 0 ? `e${stack[stack.length - 1]!.index}` : null;
        stack.push(s);
      }
    }

    // Instants go to the innermost span around them (async instants to their async span), else become records.
    const records: LogRecord[] = [];
    instants.sort((a, b) => cmpBig(a.t, b.t) || a.index - b.index);
    const cursor = new Map<string, { i: number; stack: Open[] }>();
    for (const inst of instants) {
      let host: Open | undefined;
      if (inst.asyncKey !== null) {
        const cands = asyncByKey.get(inst.asyncKey) ?? [];
        for (let i = cands.length - 1; i >= 0 && !host; i--)
          if (cands[i]!.start <= inst.t && inst.t <= cands[i]!.end) host = cands[i];
      } else if ((inst.ev.s ?? 't') === 't') {
        const list = byThread.get(inst.key) ?? [];
        let c = cursor.get(inst.key);
        if (!c) {
          c = { i: 0, stack: [] };
          cursor.set(inst.key, c);
        }
        while (c.i < list.length && list[c.i]!.start <= inst.t) c.stack.push(list[c.i++]!);
        // Ancestors end no earlier than descendants here, so popping ended spans from the top is enough.
        while (c.stack.length > 0 && c.stack[c.stack.length - 1]!.end < inst.t) c.stack.pop();
        host = c.stack[c.stack.length - 1];
      }
      const name = str(inst.ev.name) ?? '';
      if (host) {
        host.events.push({ timeNs: inst.t, name, attributes: copy(inst.ev.args) });
        continue;
      }
      records.push({
        timeNs: inst.t,
        level: null,
        message: name,
        service: processNames.get(idText(inst.ev.pid)) ?? `pid ${idText(inst.ev.pid)}`,
        logger: str(inst.ev.cat),
        thread: threadNames.get(inst.key) ?? (inst.ev.tid === undefined ? null : idText(inst.ev.tid)),
        correlationId: null,
        traceId: `chrome-pid-${idText(inst.ev.pid)}`,
        spanId: null,
        parentSpanId: null,
        source: null,
        error: null,
        fields: copy(inst.ev),
        format: 'chrome-trace',
      });
    }
    for (const s of spans) {
      const attributes = s.args;
      const ev = s.ev;
      attributes['chrome.ph'] = ev.ph;
      if (ev.cat !== undefined) attributes['chrome.cat'] = ev.cat;
      attributes['chrome.pid'] = ev.pid;
      if (ev.tid !== undefined) attributes['chrome.tid'] = ev.tid;
      if (ev.id !== undefined) attributes['chrome.id'] = ev.id;
      if (ev.id2 !== undefined) attributes['chrome.id2'] = ev.id2;
      const thread = threadNames.get(`${s.pid}:${s.tid}`);
      if (thread !== undefined) attributes['thread.name'] = thread;
      if (s.unfinished) attributes['chrome.unfinished'] = true;
      const span: Span = {
        traceId: `chrome-pid-${s.pid}`,
        spanId: `e${s.index}`,
        parentSpanId: s.parent,
        name: str(ev.name) ?? '',
        service: processNames.get(s.pid) ?? `pid ${s.pid}`,
        kind: null,
        startNs: s.start,
        endNs: s.end,
        status: 'unset',
        statusMessage: null,
        attributes,
        events: s.events,
        links: [],
        origin: 'reported',
        format: 'chrome-trace',
      };
      sink.span(span);
    }
    for (const r of records) sink.record(r);
    if (skipped.size > 0) {
      const parts = [...skipped].map(([ph, n]) => `${n} × ph ${JSON.stringify(ph)}`).join(', ');
      sink.warn(`Chrome trace: events not shown as spans or records (counters, flows, samples, objects): ${parts}`);
    }
    tally.flush((m) => sink.warn(`Chrome trace: ${m}`));
  },
};

/** Async events pair by category, scope and id; ids are per process unless given as id2.global. */
function asyncKeyFor(ev: Obj, pid: string): string {
  const id2 = isObj(ev.id2) ? ev.id2 : null;
  const local = !(id2 && id2.global !== undefined);
  const id = id2 ? idText(id2.local ?? id2.global) : idText(ev.id);
  return `${local ? pid : ''}\u0000${idText(ev.cat)}\u0000${idText(ev.scope)}\u0000${id}`;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
