// Removes what containers and collectors wrap around a log line, so the line can be
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

export interface Unwrapped {
  text: string;
  meta?: UnwrapMeta;
}

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
    meta.pod = m[1];
    meta.container = m[2];
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
  const isDocker =
    keys.every((k) => DOCKER_KEYS.has(k)) && (typeof o.stream === 'string' || typeof o.time === 'string');
  const isFluentBit =
    !isDocker && Object.hasOwn(o, 'date') && (typeof o.date === 'number' || typeof o.date === 'string');
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
    const ns =
      typeof d === 'number' || /^\d+(?:\.\d+)?$/.test(String(d)) ? decodeTime(d, 'epochAuto') : decodeTime(d, 'iso');
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

/** One wrapped line as a piece of a line the runtime may have split: its text, whether more pieces follow. */
export interface LinePiece {
  text: string;
  /** CRI `P`, or a Docker json-file entry whose `log` lacks the trailing newline: the line goes on. */
  partial: boolean;
  /** The stream the pieces of one line share (pod, container, stdout/stderr): other streams' lines interleave. */
  stream: string;
}

/**
 * A joined line is complete once it holds this many characters (a runtime that never sends the last piece
 * cannot make a reader hold the rest of the input), or when this many lines have passed since its last piece.
 */
export const MAX_JOINED_CHARS = 64 * 1024 * 1024;
export const MAX_PIECE_GAP = 1000;

const streamKey = (m: UnwrapMeta) => `${m.pod ?? ''}/${m.container ?? ''}/${m.stream ?? ''}`;

/** A wrapped line as a piece (null when nothing wrapped it). */
export function unwrapPiece(line: string): LinePiece | null {
  const u = unwrapLine(line);
  return u.meta ? { text: u.text, partial: u.meta.partial === true, stream: streamKey(u.meta) } : null;
}

/**
 * Joins a split line from its first piece and the raw lines after it (as a record's text holds them): later
 * pieces of the same stream are appended until the last one; other streams' lines are passed over. Returns the
 * joined text and the lines after the last piece. Follows the same limits as the index, so a record reads back
 * as it was indexed.
 */
export function joinPieces(
  first: LinePiece,
  lines: readonly string[],
  unwrap: (line: string) => LinePiece | null,
): { text: string; rest: string[] } {
  let text = first.text;
  let i = 0,
    last = 0;
  for (; i < lines.length && text.length < MAX_JOINED_CHARS && i - last < MAX_PIECE_GAP; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    const p = unwrap(raw);
    if (p === null || p.stream !== first.stream) continue;
    text += p.text;
    last = i + 1;
    if (!p.partial) {
      i++;
      break;
    }
  }
  return { text, rest: lines.slice(last) };
}

/**
 * The application's text of a record's continuation lines, each wrapped like the record line: lines unwrapped,
 * split lines joined (at their first piece). A split line whose last piece is not among them was read as a
 * record of its own (its first piece only falls inside this record's bytes because another stream's line
 * continued this record after it): it is left out.
 */
export function continuationText(lines: readonly string[], unwrap: (line: string) => LinePiece | null): string {
  const out: (string | null)[] = [];
  const open = new Map<string, { at: number; text: string }>();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const p = unwrap(line);
    if (p === null) {
      out.push(line);
      continue;
    }
    const held = open.get(p.stream);
    if (held === undefined) {
      if (p.partial) {
        open.set(p.stream, { at: out.length, text: p.text });
        out.push(null);
      } else out.push(p.text);
      continue;
    }
    held.text += p.text;
    if (!p.partial || held.text.length >= MAX_JOINED_CHARS) {
      out[held.at] = held.text;
      open.delete(p.stream);
    }
  }
  return out.filter((l) => l !== null).join('\n');
}
