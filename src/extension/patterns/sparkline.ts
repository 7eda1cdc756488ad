// A time series as a line of block characters, for a tree item's description. Pure (no `vscode`).

const BLOCKS = '▁▂▃▄▅▆▇█';

/** `width` characters at most (buckets are summed to fit); empty buckets are the lowest block. */
export function sparkline(series: readonly number[], width = 16): string {
  if (series.length === 0) return '';
  const per = Math.ceil(series.length / width);
  const cells: number[] = [];
  for (let i = 0; i < series.length; i += per) cells.push(series.slice(i, i + per).reduce((a, b) => a + b, 0));
  const max = Math.max(...cells);
  if (max === 0) return BLOCKS[0]!.repeat(cells.length);
  return cells.map((c) => BLOCKS[c === 0 ? 0 : Math.max(1, Math.round((c / max) * (BLOCKS.length - 1)))]).join('');
}
