// The whole of every shown trace in a strip above the waterfall, with the visible window outlined. The
// overview is rendered once into an offscreen canvas whenever data, collapsing or the theme change: rows are
// folded into pixel rows and bars of one colour that touch in a pixel row are merged into one run, so
// 100,000 spans cost a few thousand rectangles. Each frame only copies it and draws the window.

import type { TimeAxis } from './axis';
import type { GroupStore, RowList } from './store';
import type { Palette } from './theme';

export class Minimap {
  private readonly overview = document.createElement('canvas');
  private dirty = true;

  invalidate(): void {
    this.dirty = true;
  }

  draw(
    ctx: CanvasRenderingContext2D,
    o: {
      width: number;
      height: number;
      dpr: number;
      groups: GroupStore[];
      rows: RowList;
      axis: TimeAxis;
      palette: Palette;
      serviceColours: string[][];
      scrollTop: number;
      viewRows: number;
      labelWidth: number;
    },
  ): void {
    const { width: W, height: H, palette: p, axis, labelWidth: L } = o;
    if (this.dirty || this.overview.width !== Math.round(W * o.dpr) || this.overview.height !== Math.round(H * o.dpr)) {
      this.render(o);
      this.dirty = false;
    }
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, W, H);
    ctx.drawImage(this.overview, 0, 0, W, H);
    // The visible window: time range across, row range down.
    const fx = (t: number) => L + ((t - axis.min) / (axis.max - axis.min)) * (W - L);
    const x1 = Math.max(L, fx(axis.start)),
      x2 = Math.min(W, fx(axis.end));
    const rows = Math.max(1, o.rows.length);
    const y1 = (o.scrollTop / 22 / rows) * H,
      y2 = Math.min(H, y1 + (o.viewRows / rows) * H);
    ctx.fillStyle = p.selection;
    ctx.globalAlpha = 0.35;
    ctx.fillRect(x1, 0, Math.max(2, x2 - x1), H);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = p.focus;
    ctx.lineWidth = 1;
    ctx.strokeRect(x1 + 0.5, Math.max(0.5, y1 + 0.5), Math.max(2, x2 - x1) - 1, Math.max(2, y2 - y1) - 1);
    ctx.fillStyle = p.muted;
    ctx.font = p.font;
    ctx.textBaseline = 'middle';
    ctx.fillText('Overview', 8, H / 2);
    ctx.fillStyle = p.grid;
    ctx.fillRect(0, H - 1, W, 1);
  }

  private render(o: {
    width: number;
    height: number;
    dpr: number;
    groups: GroupStore[];
    rows: RowList;
    axis: TimeAxis;
    palette: Palette;
    serviceColours: string[][];
    labelWidth: number;
  }): void {
    const c = this.overview;
    c.width = Math.max(1, Math.round(o.width * o.dpr));
    c.height = Math.max(1, Math.round(o.height * o.dpr));
    const ctx = c.getContext('2d')!;
    const W = c.width,
      H = c.height,
      L = Math.round(o.labelWidth * o.dpr);
    ctx.clearRect(0, 0, W, H);
    const span = o.axis.max - o.axis.min;
    const cols = Math.max(1, W - L);
    const rows = Math.max(1, o.rows.length);
    // occupancy[colour][pixelRow * cols + col]
    const colours = new Map<string, Uint8Array>();
    for (let r = 0; r < o.rows.length; r++) {
      const gi = o.rows.group[r]!,
        i = o.rows.span[r]!;
      if (i < 0) continue;
      const g = o.groups[gi]!;
      const colour = g.isError(i) ? o.palette.error : (o.serviceColours[gi]?.[g.service[i]!] ?? o.palette.muted);
      let occ = colours.get(colour);
      if (!occ) colours.set(colour, (occ = new Uint8Array(H * cols)));
      const py0 = Math.min(H - 1, Math.floor((r / rows) * H));
      const py1 = Math.min(H - 1, Math.max(py0, Math.floor(((r + 1) / rows) * H) - 2));
      const s = g.start[i]! + g.axisOffset;
      const a = Math.max(0, Math.floor(((s - o.axis.min) / span) * cols));
      const b = Math.min(cols - 1, Math.max(a, Math.floor(((s + g.duration[i]! - o.axis.min) / span) * cols)));
      for (let py = py0; py <= py1; py++) occ.fill(1, py * cols + a, py * cols + b + 1);
    }
    for (const [colour, occ] of colours) {
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (let y = 0; y < H; y++) {
        const row = y * cols;
        for (let x = 0; x < cols; x++) {
          if (!occ[row + x]) continue;
          let e = x;
          while (e + 1 < cols && occ[row + e + 1]) e++;
          ctx.rect(L + x, y, e - x + 1, 1);
          x = e;
        }
      }
      ctx.fill();
    }
  }
}
