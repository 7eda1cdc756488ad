// Removes what containers and collectors wrap around a log line (formats.md §A, §L), so the line can be
// parsed as what the application wrote: kubectl --prefix / --timestamps, CRI, Docker json-file, Fluent Bit
// json output, fluentd out_file. The outer time is when it was collected: kept in meta, never the record's.

import { decodeTime } from './decode';
import { parseJsonLine } from '../json/parseLine';

export type Wrapper = 'kubectl-prefix' | 'kubectl-timestamps' | 'cri' | 'docker' | 'fluentbit' | 'fluentd';

export interface UnwrapMeta {
  /** Outermost first. */
  wrappers: Wrapper[];
  stream?: 'stdout' | 'stderr';
  /** Collection time (epoch ns) from the wrapper, if it had one. */
  collectedNs?: bigint;
  /** CRI `P` line, or a Docker chunk without its trailing newline: the text continues on the next line. */
  partial?: boolean;
  pod?: string;
  container?: string;
  /** fluentd tag. */
  tag?: string;
  /** The wrapper's other fields (Fluent Bit `kubernetes`, Docker `attrs`), for display. */
  envelope?: Record<string, unknown>;
}

export interface Unwrapped { text: string; meta?: UnwrapMeta }

const KUBECTL_PREFIX = /^\[pod\/([^/\]]+)\/([^\]]+)\] /;
const RFC3339 = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})';
const CRI = new RegExp(`^(${RFC3339}) (stdout|stderr) ([PF])(?: (.*))?$`, 's');
const TIMESTAMP_PREFIX = new RegExp(`^(${RFC3339}) `);
const FLUENTD = new RegExp(`^(${RFC3339}|\\d{10}(?:\\.\\d+)?)\\t([^\\t]+)\\t(\\{.*)$`, 's');

/** One physical line → the application's text and what wrapped it (meta absent when nothing did). */
export function unwrapLine(line: string): Unwrapped {
  let text = line;
  const meta: UnwrapMeta = { wrappers: [] };

  let m = KUBECTL_PREFIX.exec(text);
  if (m) {
    meta.wrappers.push('kubectl-prefix');
    meta.pod = m[1]; meta.container = m[2];
    text = text.slice(m[0].length);
  }

  m = CRI.exec(text);
  if (m) {
    meta.wrappers.push('cri');
    setCollected(meta, m[1]);
    meta.stream = m[2] as 'stdout' | 'stderr';
    if (m[3] === 'P') meta.partial = true;
    text = m[4] ?? '';
  } else if ((m = FLUENTD.exec(text))) {
    meta.wrappers.push('fluentd');
    setCollected(meta, m[1]);
    meta.tag = m[2];
    text = m[3];
  } else if ((m = TIMESTAMP_PREFIX.exec(text))) {
    meta.wrappers.push('kubectl-timestamps');
    setCollected(meta, m[1]);
    text = text.slice(m[0].length);
  }

  const inner = unwrapJsonEnvelope(text, meta);
  if (inner !== null) text = inner;
  return meta.wrappers.length ? { text, meta } : { text };
}

function setCollected(meta: UnwrapMeta, ts: string): void {
  const ns = /^\d/.test(ts) && !ts.includes('-') ? decodeTime(ts, 'epochS') : decodeTime(ts, 'iso');
  if (ns !== null && meta.collectedNs === undefined) meta.collectedNs = ns;
}

const DOCKER_KEYS = new Set(['log', 'stream', 'time', 'attrs']);

/** Docker json-file `{log,stream,time}` and Fluent Bit `{date,log,…}`: the payload is the `log` string. */
function unwrapJsonEnvelope(text: string, meta: UnwrapMeta): string | null {
  if (text.charCodeAt(0) !== 123 /* { */ || !text.includes('"log"')) return null;
  const r = parseJsonLine(text);
  if (!r.ok || Array.isArray(r.value)) return null;
  const o = r.value as Record<string, unknown>;
  if (typeof o.log !== 'string') return null;
  const keys = Object.keys(o);
  const isDocker = keys.every((k) => DOCKER_KEYS.has(k)) && (typeof o.stream === 'string' || typeof o.time === 'string');
  const isFluentBit = !isDocker && Object.hasOwn(o, 'date') && (typeof o.date === 'number' || typeof o.date === 'string');
  if (!isDocker && !isFluentBit) return null;
  let payload = o.log;
  if (isDocker) {
    meta.wrappers.push('docker');
    if (o.stream === 'stdout' || o.stream === 'stderr') meta.stream = o.stream;
    if (typeof o.time === 'string') setCollected(meta, o.time);
    // Docker splits long lines into chunks; only the last one ends with the newline.
    if (!payload.endsWith('\n')) meta.partial = true;
    if (isObj(o.attrs)) meta.envelope = { attrs: o.attrs };
  } else {
    meta.wrappers.push('fluentbit');
    const d = o.date;
    const ns = typeof d === 'number' || /^\d+(?:\.\d+)?$/.test(String(d)) ? decodeTime(d, 'epochAuto') : decodeTime(d, 'iso');
    if (ns !== null && meta.collectedNs === undefined) meta.collectedNs = ns;
    if (o.stream === 'stdout' || o.stream === 'stderr') meta.stream = o.stream;
    const envelope: Record<string, unknown> = Object.create(null);
    for (const k of keys) if (k !== 'log' && k !== 'date') envelope[k] = o[k];
    meta.envelope = envelope;
    if (typeof envelope.kubernetes === 'object' && envelope.kubernetes !== null) {
      const k8s = envelope.kubernetes as Record<string, unknown>;
      if (typeof k8s.pod_name === 'string') meta.pod ??= k8s.pod_name;
      if (typeof k8s.container_name === 'string') meta.container ??= k8s.container_name;
    }
  }
  if (payload.endsWith('\n')) payload = payload.slice(0, payload.endsWith('\r\n') ? -2 : -1);
  return payload;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Joins partial lines (CRI `P`, Docker chunks) for a reader going line by line. `push` returns the
 * whole text once its last part arrives, or null while parts are being held (those physical lines are
 * continuation lines of the record that completes). Partials are keyed by stream so stdout and stderr
 * chunks do not mix. `flush` returns what is left at end of input.
 */
export function createLineUnwrapper(maxPartialChars = 64 * 1024 * 1024) {
  const pending = new Map<string, { text: string; meta: UnwrapMeta }>();
  return {
    push(line: string): Unwrapped | null {
      const u = unwrapLine(line);
      if (!u.meta) return u;
      const key = `${u.meta.pod ?? ''}/${u.meta.container ?? ''}/${u.meta.stream ?? ''}`;
      const held = pending.get(key);
      if (held) {
        held.text += u.text;
        if (u.meta.partial && held.text.length < maxPartialChars) return null;
        pending.delete(key);
        const meta = { ...held.meta, partial: undefined };
        delete meta.partial;
        return { text: held.text, meta };
      }
      if (u.meta.partial) { pending.set(key, { text: u.text, meta: u.meta }); return null; }
      return u;
    },
    flush(): Unwrapped[] {
      const out = [...pending.values()].map((p) => ({ text: p.text, meta: p.meta }));
      pending.clear();
      return out;
    },
  };
}
