// A log of many records over a fixed set of threads: a grouping by thread takes many slices to build over it.

/** `count` logstash-style lines (newline-terminated), records i on thread `exec-${(i * 7) % threads}`. */
export function threadLog(count: number, threads: number): string {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      '@timestamp': new Date(1768464000000 + i).toISOString(),
      level: 'INFO',
      thread_name: `exec-${(i * 7) % threads}`,
      message: `m ${i}`,
    }),
  );
  return lines.join('\n') + '\n';
}
