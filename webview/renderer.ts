// Draws the waterfall on one canvas, synchronously, from data already in memory (fetching never happens
// here). Only the rows on screen are visited; bars outside the time window are culled; markers are thinned
// to one per pixel column per lane (warn-or-worse drawn again on top so they never vanish); fills are
// batched per colour so a frame sets each colour once.

import type { TimeAxis } from './axis';
import { formatDuration, tickLabel, tickStep } from './format';
import { AXIS_H, BAR_H, BAR_TOP, INDENT, LANE_H, LANE_TOP, MARKER_W, ROW_H } from './layout';
import { lowerBound, type GroupStore, type RowList } from './store';
import type { Palette } from './theme';
import { SpanFlag } from '../src/shared/protocol';

export interface Selection {
  group: number;
  span: number;
  marker: number;
}

export interface SearchMarks {
  /** Per group: 1 where the span's name or service matches. */
  spans: Uint8Array[];
  /** Per group: matching marker indices. */
  markers: Set<number>[];
}

export interface CriticalMarks {
  /** Per group: span → its [start, end) segments on the path (flat pairs), or null when not requested. */
  bySpan: (Map<number, number[]> | null)[];
}

export interface Frame {
  groups: GroupStore[];
  rows: RowList;
  axis: TimeAxis;
  scrollTop: number;
  width: number;
  height: number;
  labelWidth: number;
  palette: Palette;
  serviceColours: string[][];
  selected: Selection | null;
  hoverRow: number;
  focused: boolean;
  search: SearchMarks | null;
  critical: CriticalMarks | null;
}

class Batch {
  private readonly rects = new Map<string, number[]>();
  add(colour: string, x: number, y: number, w: number, h: number): void {
    let a = this.rects.get(colour);
    if (!a) this.rects.set(colour, (a = []));
    a.push(x, y, w, h);
  }
  fill(ctx: CanvasRenderingContext2D): void {
    for (const [colour, a] of this.rects) {
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (let i = 0; i < a.length; i += 4) ctx.rect(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!);
      ctx.fill();
    }
    this.rects.clear();
  }
  stroke(ctx: CanvasRenderingContext2D, lineWidth: number): void {
    ctx.lineWidth = lineWidth;
    for (const [colour, a] of this.rects) {
      ctx.strokeStyle = colour;
      ctx.beginPath();
      for (let i = 0; i < a.length; i += 4) ctx.rect(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!);
      ctx.stroke();
    }
    this.rects.clear();
  }
}

/** First k in [lo, hi) with time[idx[k]] ≥ x. */
function lowerBoundIndirect(time: Float64Array, idx: Uint32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[idx[mid]!]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function visibleRowRange(f: Pick<Frame, 'scrollTop' | 'height' | 'rows'>): [number, number] {
  const first = Math.max(0, Math.floor(f.scrollTop / ROW_H));
  const last = Math.min(f.rows.length, Math.ceil((f.scrollTop + f.height - AXIS_H) / ROW_H) + 1);
  return [first, last];
}

export function rowTop(f: Pick<Frame, 'scrollTop'>, r: number): number {
  return AXIS_H + r * ROW_H - f.scrollTop;
}

export function drawFrame(ctx: CanvasRenderingContext2D, f: Frame): void {
  const { axis, palette: p, width: W, height: H, labelWidth: L } = f;
  ctx.direction = 'ltr';
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, W, H);
  const [r0, r1] = visibleRowRange(f);
  const tMin = axis.toT(L),
    tMax = axis.toT(W);
  const fills = new Batch(),
    strokes = new Batch(),
    thin = new Batch(),
    errors = new Batch();
  const dimmed = f.critical !== null;

  // Row backgrounds: header rows, selection, hover.
  for (let r = r0; r < r1; r++) {
    const y = rowTop(f, r),
      gi = f.rows.group[r]!,
      si = f.rows.span[r]!;
    if (si < 0) fills.add(p.headerBackground, 0, y, W, ROW_H);
    const sel = f.selected;
    if (sel && sel.group === gi && sel.span === si) fills.add(p.selection, 0, y, W, ROW_H);
    else if (r === f.hoverRow) fills.add(p.hover, 0, y, W, ROW_H);
    if (si >= 0 && f.search?.spans[gi]?.[si]) fills.add(p.findMatch, 0, y, L, ROW_H);
  }
  fills.fill(ctx);

  // Grid lines at the ticks, far enough apart that the widest label fits.
  ctx.font = p.font;
  const step0 = tickStep(1 / axis.scale);
  const step = tickStep(1 / axis.scale, Math.max(90, ctx.measureText(tickLabel(tMax, step0)).width + 24));
  const firstTick = Math.ceil(tMin / step) * step;
  for (let t = firstTick; t <= tMax; t += step) thin.add(p.grid, Math.round(axis.toX(t)), AXIS_H, 1, H - AXIS_H);
  thin.fill(ctx);

  // Bars.
  const critical: [number, number, number, string][] = [];
  for (let r = r0; r < r1; r++) {
    const gi = f.rows.group[r]!,
      i = f.rows.span[r]!,
      g = f.groups[gi]!,
      y = rowTop(f, r);
    if (i < 0) {
      const a = Math.max(L, axis.toX(g.axisOffset)),
        b = Math.min(W, axis.toX(g.axisOffset + g.meta.durationNs));
      if (b > a) thin.add(p.muted, a, y + ROW_H / 2 - 1, Math.max(1, b - a), 2);
      continue;
    }
    const s = g.start[i]! + g.axisOffset,
      e = s + g.duration[i]!;
    if (e < tMin || s > tMax) continue;
    const x1 = Math.max(L, axis.toX(s)),
      x2 = Math.min(W, axis.toX(e));
    const w = Math.max(1, x2 - x1);
    const flag = g.flags[i]!;
    const svc = g.service[i]!;
    const colour = flag & SpanFlag.unattached ? p.muted : (f.serviceColours[gi]?.[svc] ?? p.muted);
    if (flag & SpanFlag.placeholder) strokes.add(colour, x1 + 0.5, y + BAR_TOP + 0.5, Math.max(0, w - 1), BAR_H - 1);
    else fills.add(colour, x1, y + BAR_TOP, w, BAR_H);
    if (flag & SpanFlag.error) errors.add(p.error, x1 - 0.5, y + BAR_TOP - 0.5, w + 1, BAR_H + 1);
    if (f.search?.spans[gi]?.[i]) strokes.add(p.findBorder, x1 - 1.5, y + BAR_TOP - 1.5, w + 3, BAR_H + 3);
    const segs = f.critical?.bySpan[gi]?.get(i);
    if (segs)
      for (let k = 0; k < segs.length; k += 2)
        critical.push([y, segs[k]! + g.axisOffset, segs[k + 1]! + g.axisOffset, colour]);
  }
  // Off the path, bars fade; less so in high contrast, where faded colours would fall below legibility.
  if (dimmed) ctx.globalAlpha = p.highContrast ? 0.6 : 0.35;
  fills.fill(ctx);
  strokes.stroke(ctx, 1);
  ctx.globalAlpha = 1;
  thin.fill(ctx);
  errors.stroke(ctx, 1.5);
  if (critical.length) {
    for (const [y, a, b, colour] of critical) {
      const x1 = Math.max(L, axis.toX(a)),
        x2 = Math.min(W, axis.toX(b));
      if (x2 < L || x1 > W) continue;
      fills.add(colour, x1, y + BAR_TOP, Math.max(1, x2 - x1), BAR_H);
      thin.add(p.critical, x1, y + BAR_TOP + BAR_H, Math.max(1, x2 - x1), 2);
    }
    fills.fill(ctx);
    thin.fill(ctx);
  }

  // Log markers in the lane under each bar.
  for (let r = r0; r < r1; r++) {
    const gi = f.rows.group[r]!,
      i = f.rows.span[r]!;
    if (i < 0) continue;
    const g = f.groups[gi]!;
    const a = g.markerStart[i]!,
      b = Math.min(g.markersLoaded, a + g.markerCount[i]!);
    if (b <= a) continue;
    const y = rowTop(f, r) + LANE_TOP,
      off = g.axisOffset;
    let x = lowerBound(g.markerTime, a, b, tMin - off);
    while (x < b) {
      const t = g.markerTime[x]! + off;
      if (t > tMax) break;
      const px = Math.floor(axis.toX(t));
      fills.add(p.levels[g.markerLevel[x]!] ?? p.muted, px, y, MARKER_W, LANE_H);
      // Skip every other marker of this pixel column: one rectangle per column is all the screen can show.
      x = lowerBound(g.markerTime, x + 1, b, axis.toT(px + 1) - off);
    }
    const la = g.loudStart[i]!,
      lb = la + g.loudCount[i]!;
    if (g.markersLoaded >= g.m && lb > la) {
      let k = lowerBoundIndirect(g.markerTime, g.loud, la, lb, tMin - off);
      while (k < lb) {
        const mx = g.loud[k]!,
          t = g.markerTime[mx]! + off;
        if (t > tMax) break;
        const px = Math.floor(axis.toX(t));
        thin.add(p.levels[g.markerLevel[mx]!] ?? p.error, px, y, MARKER_W, LANE_H);
        k = lowerBoundIndirect(g.markerTime, g.loud, k + 1, lb, axis.toT(px + 1) - off);
      }
    }
  }
  fills.fill(ctx);
  thin.fill(ctx);

  // Search hits and the selected marker: rings around their markers.
  const sel = f.selected;
  if (f.search || (sel && sel.marker >= 0)) {
    for (let r = r0; r < r1; r++) {
      const gi = f.rows.group[r]!,
        i = f.rows.span[r]!;
      if (i < 0) continue;
      const g = f.groups[gi]!,
        y = rowTop(f, r) + LANE_TOP,
        set = f.search?.markers[gi];
      const a = g.markerStart[i]!,
        b = a + g.markerCount[i]!;
      const ring = (mx: number, colour: string) => {
        const px = Math.floor(axis.toX(g.markerTime[mx]! + g.axisOffset));
        if (px >= L && px <= W) strokes.add(colour, px - 2.5, y - 2.5, MARKER_W + 5, LANE_H + 5);
      };
      if (set && set.size) for (const mx of set) if (mx >= a && mx < b) ring(mx, p.findBorder);
      if (sel && sel.group === gi && sel.marker >= a && sel.marker < b) ring(sel.marker, p.focus);
    }
    strokes.stroke(ctx, 1.5);
  }

  // Label column, drawn last so it covers bars that start before the window.
  ctx.fillStyle = p.labelBackground;
  ctx.fillRect(0, AXIS_H, L, H - AXIS_H);
  for (let r = r0; r < r1; r++) {
    const y = rowTop(f, r),
      gi = f.rows.group[r]!,
      i = f.rows.span[r]!;
    if (i < 0) fills.add(p.headerBackground, 0, y, L, ROW_H);
    else if (sel && sel.group === gi && sel.span === i) fills.add(p.selection, 0, y, L, ROW_H);
    else if (r === f.hoverRow) fills.add(p.hover, 0, y, L, ROW_H);
    if (i >= 0 && f.search?.spans[gi]?.[i]) fills.add(p.findMatch, 0, y, L, ROW_H);
    if (i >= 0 && f.groups[gi]!.isError(i)) fills.add(p.error, 0, y + 2, 3, ROW_H - 4);
  }
  fills.fill(ctx);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_H, L - 4, H - AXIS_H);
  ctx.clip();
  ctx.font = p.font;
  ctx.textBaseline = 'middle';
  for (let r = r0; r < r1; r++) {
    const y = rowTop(f, r) + ROW_H / 2,
      gi = f.rows.group[r]!,
      i = f.rows.span[r]!,
      g = f.groups[gi]!;
    if (i < 0) {
      ctx.fillStyle = p.foreground;
      const loading = g.complete
        ? ''
        : ` — loading ${Math.floor((100 * (g.spansLoaded + g.markersLoaded)) / Math.max(1, g.n + g.m))}%`;
      ctx.fillText(`${g.label} · ${formatDuration(g.meta.durationNs)}${loading}`, 8, y);
      continue;
    }
    const x = 8 + g.depth[i]! * INDENT;
    if (g.hasChildren(i)) {
      ctx.fillStyle = p.muted;
      ctx.beginPath();
      if (g.collapsed.has(i)) {
        ctx.moveTo(x + 2, y - 4);
        ctx.lineTo(x + 7, y);
        ctx.lineTo(x + 2, y + 4);
      } else {
        ctx.moveTo(x, y - 3);
        ctx.lineTo(x + 8, y - 3);
        ctx.lineTo(x + 4, y + 2);
      }
      ctx.fill();
    }
    const svc = g.service[i]!;
    ctx.fillStyle = f.serviceColours[gi]?.[svc] ?? p.muted;
    ctx.fillRect(x + 12, y - 4, 3, 8);
    // on the selection's fill an error colour can fall below 4.5:1: a selected name is in the selection's text
    // colour, its error still told by the bar at the row's start
    const selected = sel !== null && sel.group === gi && sel.span === i;
    ctx.fillStyle = selected ? p.selectionForeground : g.isError(i) ? p.error : p.foreground;
    ctx.fillText(g.spanName(i), x + 19, y);
  }
  ctx.restore();

  // Durations to the right of the bars, when there is room.
  ctx.font = p.font;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = p.muted;
  for (let r = r0; r < r1; r++) {
    const gi = f.rows.group[r]!,
      i = f.rows.span[r]!;
    if (i < 0) continue;
    const g = f.groups[gi]!;
    if (g.flags[i]! & SpanFlag.unattached) continue;
    const x2 = axis.toX(g.spanEnd(i) + g.axisOffset);
    if (x2 + 4 >= L && x2 + 60 < W)
      ctx.fillText(formatDuration(g.duration[i]!), Math.max(L, x2) + 4, rowTop(f, r) + BAR_TOP + BAR_H / 2);
  }

  // Column divider and the time axis.
  ctx.fillStyle = p.grid;
  ctx.fillRect(L - 1, AXIS_H, 1, H - AXIS_H);
  ctx.fillStyle = p.headerBackground;
  ctx.fillRect(0, 0, W, AXIS_H);
  ctx.fillStyle = p.grid;
  ctx.fillRect(0, AXIS_H - 1, W, 1);
  ctx.fillStyle = p.foreground;
  ctx.textBaseline = 'middle';
  for (let t = firstTick; t <= tMax; t += step) {
    const x = Math.round(axis.toX(t));
    ctx.fillRect(x, AXIS_H - 6, 1, 5);
    const label = tickLabel(t, step);
    if (x + 3 + ctx.measureText(label).width <= W) ctx.fillText(label, x + 3, AXIS_H / 2 - 2);
  }
  ctx.fillStyle = p.headerBackground;
  ctx.fillRect(0, 0, L, AXIS_H - 1);
  ctx.fillStyle = p.muted;
  ctx.fillText(
    `${f.rows.length - f.groups.length} rows · ${formatDuration(axis.end - axis.start)} shown`,
    8,
    AXIS_H / 2,
  );

  // Focus: the keyboard's row gets the theme's focus outline (always, in high contrast, where fills are not enough).
  if (sel && (f.focused || p.selectionBorder)) {
    const r = f.rows.indexOf(sel.group, sel.span);
    if (r >= r0 && r < r1) {
      ctx.strokeStyle = f.focused ? p.focus : p.selectionBorder!;
      ctx.lineWidth = 1;
      ctx.strokeRect(0.5, rowTop(f, r) + 0.5, W - 1, ROW_H - 1);
    }
  }
  if (p.contrastBorder) {
    ctx.strokeStyle = p.contrastBorder;
    ctx.strokeRect(0.5, 0.5, W - 1, H - 1);
  }
}
