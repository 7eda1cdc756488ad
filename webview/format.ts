// Durations and axis ticks from nanoseconds to seconds, on a 1-2-5 ladder so labels stay round.

const UNITS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  const a = Math.abs(ns);
  if (a >= 60e9) {
    const m = Math.floor(a / 60e9),
      s = (a - m * 60e9) / 1e9;
    return `${ns < 0 ? '-' : ''}${m} min ${Number(s.toFixed(s < 10 ? 1 : 0))} s`;
  }
  for (const [f, u] of UNITS) {
    if (a >= f || f === 1) {
      const v = ns / f;
      const digits = Math.abs(v) >= 100 || f === 1 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
      return `${Number(v.toFixed(digits))} ${u}`;
    }
  }
  return `${ns} ns`;
}

/** Smallest step of the 1-2-5 ladder that keeps ticks at least `minPx` apart. */
export function tickStep(nsPerPx: number, minPx = 90): number {
  const raw = Math.max(nsPerPx * minPx, 1e-3);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return Math.max(1, m * mag);
  return 10 * mag;
}

/** Tick label for time `t` (ns from the axis origin), in the unit that suits the step. */
export function tickLabel(t: number, step: number): string {
  // The largest unit in which the step needs at most one decimal: 0.5 s steps read "1.5 s", not "1500 ms".
  const [f, u] = UNITS.find(([f]) => step >= f / 10) ?? UNITS[UNITS.length - 1]!;
  const decimals = Math.max(0, Math.min(3, -Math.floor(Math.log10(step / f) + 1e-9)));
  return `${(t / f).toFixed(decimals)} ${u}`;
}
