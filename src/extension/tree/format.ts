// Text for labels and tooltips: shortened keys, durations, times. Pure functions (no `vscode`) so they stay
// trivially testable and shared by the tree, the status bar and the hints.

import type { Level } from '../../core/model';

/** Long hex IDs (traces, spans) are unreadable in a narrow view; the first 8 digits identify them in practice. */
export function shortKey(key: string, max = 12): string {
  if (key.length <= max) return key;
  if (/^[0-9a-f]+$/i.test(key)) return `${key.slice(0, 8)}…`;
  return `${key.slice(0, max - 1)}…`;
}

export function formatDurationNs(ns: bigint | null): string {
  if (ns === null || ns < 0n) return '';
  const n = Number(ns);
  if (n < 1_000) return `${n} ns`;
  if (n < 1_000_000) return `${trim(n / 1_000)} µs`;
  if (n < 1_000_000_000) return `${trim(n / 1_000_000)} ms`;
  if (n < 60_000_000_000) return `${trim(n / 1_000_000_000)} s`;
  const s = Math.round(n / 1_000_000_000);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${r} s`;
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function durationBetween(start: bigint | null, end: bigint | null): bigint | null {
  return start === null || end === null ? null : end - start;
}

/** ISO time with the sub-millisecond digits the model keeps (epoch ns → "2024-05-01T08:15:00.123456789Z"). */
export function formatTimeNs(ns: bigint | null): string {
  if (ns === null) return '';
  const ms = ns / 1_000_000n;
  const sub = ns % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  if (sub === 0n) return iso;
  return `${iso.slice(0, -1)}${sub.toString().padStart(6, '0').replace(/0+$/, '')}Z`;
}

/** Wall-clock time of day for compact labels ("08:15:00.123"). */
export function formatClockNs(ns: bigint | null): string {
  if (ns === null) return '';
  return new Date(Number(ns / 1_000_000n)).toISOString().slice(11, 23);
}

/** One formatter for every count: `toLocaleString` makes a new one per call (≈ 5 µs; a tree page has thousands). */
const COUNT = new Intl.NumberFormat('en-US');

/** A count with thousands separators (1,234,567). */
export function count(n: number): string {
  return n < 1000 && n > -1000 && Number.isInteger(n) ? String(n) : COUNT.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function levelLabel(level: Level | null): string {
  return level === null ? '—' : level.toUpperCase();
}

/** QuickPick and tree labels render `$(name)` as an icon: log text must not be able to do that. */
export function noIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/** One line, bounded: labels never carry control characters or a 1 MB message. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
