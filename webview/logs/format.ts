// Times for the table and the histogram: UTC, as the rest of Threadline shows them.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2024-05-01" */
export function dateOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "10:00:01.123" (+ the sub-millisecond digits when a record has them). */
export function clockOf(ms: number, subMsNs = 0): string {
  const d = new Date(ms);
  const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const base = `${hms}.${pad(d.getUTCMilliseconds(), 3)}`;
  return subMsNs > 0 ? base + String(subMsNs).padStart(6, '0').replace(/0+$/, '') : base;
}

/** ISO time for a `since:` / `until:` term, to the millisecond. */
export function isoOf(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
