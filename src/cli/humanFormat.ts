// Small formatting helpers for the human-readable output.

export function formatTime(ns: bigint | null): string {
  if (ns === null) return ' '.repeat(24);
  const ms = Number(ns / 1_000_000n);
  const iso = new Date(ms).toISOString(); // 2024-05-01T08:15:00.123Z
  const micros = Number((ns % 1_000_000n) / 1000n)
    .toString()
    .padStart(3, '0');
  return iso.slice(0, 23) + micros + 'Z';
}

export function formatDuration(ns: bigint): string {
  const n = Number(ns);
  if (n < 1e3) return `${n} ns`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} µs`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} ms`;
  return `${(n / 1e9).toFixed(2)} s`;
}

export function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
