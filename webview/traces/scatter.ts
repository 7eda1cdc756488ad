// Duration over start time, one dot per group, on a canvas above the table: error groups in the theme's error
// colour and drawn last (on top). The points arrive as typed columns; 100,000 of them are two batched paths.
// A click near a dot opens that group; a drag across picks a time range. Colours come from the theme.

import type { TracesPointsResponse } from '../../src/shared/protocol';
import { readPalette, type Palette } from '../theme';
import { el } from '../text';
import { clockOf, count, dateOf } from '../logs/format';

const HEIGHT = 120;
const AXIS_H = 14;
const LEFT = 44;
const DOT = 3;
/** Room for the first and last dots inside the plot, and at the right edge. */
const PAD = 6;
const RIGHT = 8;
/** Room above the top decade for its label. */
const TOP = 8;
/** A click this close (px) to a dot opens it. */
const HIT_PX = 6;

export interface ScatterEvents {
  /** Point `index` of the data (its offset among the query's groups in start order) was clicked. */
  open(index: number): void;
  /** A drag picked [fromMs, toMs]. */
  range(fromMs: number, toMs: number): void;
}

type Points = Pick<TracesPointsResponse, 'startMs' | 'durationMs' | 'error'>;

export class Scatter {
  readonly root = el('div', 'tv-scatter');
  readonly canvas = el('canvas', 'tv-scatter-canvas');
  private data: Points | null = null;
  private palette: Palette | null = null;
  private drag: { x0: number; x1: number } | null = null;
  private width = 0;
  private selected = -1;
  /** Domains of the data: x in epoch ms, y in log10(ms). */
  private x0 = 0;
  private x1 = 1;
  private y0 = 0;
  private y1 = 1;
  private plotted = 0;
  /** The axes and dots as last painted (see paintLayer), and whether they still stand for the data. */
  private layer: HTMLCanvasElement | null = null;
  private layerValid = false;

  constructor(private readonly events: ScatterEvents) {
    this.canvas.setAttribute('role', 'img');
    this.canvas.style.height = `${HEIGHT}px`;
    this.root.append(this.canvas);
    this.canvas.addEventListener('pointerdown', (e) => this.onDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onHover(e));
    new ResizeObserver(() => this.resize()).observe(this.root);
  }

  set(data: Points | null): void {
    this.data = data;
    this.layerValid = false;
    this.domains();
    const errors = data ? data.error.reduce((a, b) => a + b, 0) : 0;
    this.canvas.setAttribute(
      'aria-label',
      data && this.plotted > 0
        ? `Duration over start time: ${count(this.plotted)} groups, ${count(errors)} with errors, from ` +
            `${dateOf(this.x0)} ${clockOf(this.x0)} to ${clockOf(this.x1)}`
        : 'Duration over start time: no groups with a time',
    );
    this.draw();
  }

  /** Marks one point (the selected row's group), or none with -1. */
  select(index: number): void {
    if (index === this.selected) return;
    this.selected = index;
    this.draw();
  }

  themeChanged(): void {
    this.palette = null;
    this.layerValid = false;
    this.draw();
  }

  /** Canvas position of point `i` (tests click there). */
  pointAt(i: number): { x: number; y: number } | null {
    const d = this.data;
    if (!d || i < 0 || i >= d.startMs.length || !Number.isFinite(d.startMs[i]!)) return null;
    return { x: this.xOf(d.startMs[i]!), y: this.yOf(d.durationMs[i]!) };
  }

  xOf(ms: number): number {
    const w = Math.max(1, this.width - LEFT - PAD - RIGHT);
    return LEFT + PAD + ((ms - this.x0) / Math.max(1e-9, this.x1 - this.x0)) * w;
  }

  timeAt(x: number): number {
    const w = Math.max(1, this.width - LEFT - PAD - RIGHT);
    return this.x0 + ((Math.max(LEFT + PAD, Math.min(LEFT + PAD + w, x)) - LEFT - PAD) / w) * (this.x1 - this.x0);
  }

  private yOf(durMs: number): number {
    const plotH = HEIGHT - AXIS_H - TOP - 3;
    const v = Math.log10(Math.max(durMs, 10 ** this.y0));
    return TOP + plotH - ((v - this.y0) / Math.max(1e-9, this.y1 - this.y0)) * plotH;
  }

  private domains(): void {
    const d = this.data;
    let x0 = Infinity,
      x1 = -Infinity,
      minPos = Infinity,
      max = 0,
      n = 0;
    if (d)
      for (let i = 0; i < d.startMs.length; i++) {
        const s = d.startMs[i]!,
          dur = d.durationMs[i]!;
        if (!Number.isFinite(s)) continue;
        n++;
        if (s < x0) x0 = s;
        if (s > x1) x1 = s;
        if (dur > 0 && dur < minPos) minPos = dur;
        if (dur > max) max = dur;
      }
    this.plotted = n;
    if (n === 0) {
      this.x0 = 0;
      this.x1 = 1;
      this.y0 = 0;
      this.y1 = 1;
      return;
    }
    if (x1 <= x0) x1 = x0 + 1;
    this.x0 = x0;
    this.x1 = x1;
    // Zero durations sit on the floor, a decade under the shortest non-zero one.
    const lo = Number.isFinite(minPos) ? Math.floor(Math.log10(minPos)) - (minPos === max ? 1 : 0) : -1;
    const hi = max > 0 ? Math.ceil(Math.log10(max)) : lo + 1;
    this.y0 = lo;
    this.y1 = Math.max(hi, lo + 1);
  }

  private resize(): void {
    const w = this.canvas.clientWidth;
    if (w === this.width) return;
    this.width = w;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(HEIGHT * dpr);
    this.layerValid = false;
    this.draw();
  }

  /** The axes and every dot, drawn once per data, size and theme: a drag or a selection only composes over it. */
  private paintLayer(p: Palette, dpr: number): HTMLCanvasElement {
    const layer = (this.layer ??= document.createElement('canvas'));
    layer.width = this.canvas.width;
    layer.height = this.canvas.height;
    const ctx = layer.getContext('2d', { willReadFrequently: true })!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, HEIGHT);
    const plotBottom = HEIGHT - AXIS_H;
    ctx.strokeStyle = p.grid;
    ctx.lineWidth = 1;
    ctx.fillStyle = p.muted;
    ctx.font = `10px ${p.font.replace(/^\S+\s/, '')}`;
    // duration axis: one line per decade
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const step = Math.max(1, Math.ceil((this.y1 - this.y0) / 4));
    for (let e = this.y0; e <= this.y1; e += step) {
      const y = Math.round(this.yOf(10 ** e)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(LEFT, y);
      ctx.lineTo(this.width - RIGHT, y);
      ctx.stroke();
      ctx.fillText(durationLabel(10 ** e), LEFT - 4, y);
    }
    const d = this.data;
    if (d && this.plotted > 0) {
      ctx.textBaseline = 'top';
      const span = this.x1 - this.x0;
      const ticks = Math.max(2, Math.floor((this.width - LEFT) / 140));
      for (let k = 0; k <= ticks; k++) {
        const t = this.x0 + (k / ticks) * span;
        const text = span < 60_000 ? clockOf(t).slice(3) : clockOf(t).slice(0, 8);
        ctx.textAlign = k === 0 ? 'left' : k === ticks ? 'right' : 'center';
        ctx.fillText(text, this.xOf(t), plotBottom + 2);
      }
      this.paintDots(ctx, d, p, dpr);
    }
    this.layerValid = true;
    return layer;
  }

  /**
   * Every dot written straight into the layer's pixels: 100,000 squares as a canvas path take the rasteriser
   * hundreds of milliseconds, as pixel writes a few. Errors go second, on top where they catch the eye.
   */
  private paintDots(ctx: CanvasRenderingContext2D, d: Points, p: Palette, dpr: number): void {
    const w = ctx.canvas.width,
      h = ctx.canvas.height;
    const img = ctx.getImageData(0, 0, w, h);
    const px = new Uint32Array(img.data.buffer);
    // few dots may be bigger
    const dot = this.plotted <= 2000 ? DOT + 2 : this.plotted <= 20_000 ? DOT + 1 : DOT;
    // the info colour for the rest: the focus colour is orange in high contrast, too near the error colour
    const colours = [pixelOf(p.levels[3] ?? p.focus), pixelOf(p.error)];
    for (const pass of [0, 1]) {
      const colour = colours[pass]!;
      const size = Math.max(1, Math.round((pass === 1 ? dot + 1 : dot) * dpr));
      for (let i = 0; i < d.startMs.length; i++) {
        if (d.error[i] !== pass || !Number.isFinite(d.startMs[i]!)) continue;
        const x0 = Math.round(this.xOf(d.startMs[i]!) * dpr - size / 2),
          y0 = Math.round(this.yOf(d.durationMs[i]!) * dpr - size / 2);
        const xa = Math.max(0, x0),
          xb = Math.min(w, x0 + size),
          yb = Math.min(h, y0 + size);
        for (let y = Math.max(0, y0); y < yb; y++) px.fill(colour, y * w + xa, y * w + xb);
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.width === 0) return;
    const p = (this.palette ??= readPalette());
    const dpr = window.devicePixelRatio || 1;
    const layer = this.layerValid && this.layer ? this.layer : this.paintLayer(p, dpr);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(layer, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const plotBottom = HEIGHT - AXIS_H;
    const at = this.pointAt(this.selected);
    if (at) {
      ctx.strokeStyle = p.foreground;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(at.x, at.y, 5, 0, Math.PI * 2);
      ctx.stroke();
    }
    if (this.drag) {
      const a = Math.min(this.drag.x0, this.drag.x1),
        b = Math.max(this.drag.x0, this.drag.x1);
      ctx.globalAlpha = 0.35;
      ctx.fillStyle = p.selection;
      ctx.fillRect(a, 0, b - a, plotBottom);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 1;
      ctx.strokeRect(a + 0.5, 0.5, b - a, plotBottom - 1);
    }
  }

  /** The point nearest (x, y) within HIT_PX, errors first when they overlap; -1 for none. */
  hit(x: number, y: number): number {
    const d = this.data;
    if (!d) return -1;
    let best = -1,
      bestD = HIT_PX * HIT_PX + 0.01;
    for (let i = 0; i < d.startMs.length; i++) {
      if (!Number.isFinite(d.startMs[i]!)) continue;
      const dx = this.xOf(d.startMs[i]!) - x,
        dy = this.yOf(d.durationMs[i]!) - y;
      const dd = dx * dx + dy * dy - (d.error[i] ? 0.5 : 0);
      if (dd < bestD) {
        bestD = dd;
        best = i;
      }
    }
    return best;
  }

  private hoverFrame = 0;

  /** Names the dot under the pointer in the tooltip (once a frame: a hit-test looks at every dot). */
  private onHover(e: PointerEvent): void {
    if (this.drag || this.hoverFrame) return;
    const r = this.canvas.getBoundingClientRect();
    const x = e.clientX - r.left,
      y = e.clientY - r.top;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const d = this.data;
      const i = this.hit(x, y);
      this.canvas.style.cursor = i >= 0 ? 'pointer' : '';
      if (!d || i < 0) {
        this.canvas.title = this.plotted > 0 ? 'Drag across to keep a time range; click a dot to open it' : '';
        return;
      }
      const t = d.startMs[i]!;
      this.canvas.title =
        `${durationLabel(d.durationMs[i]!)}, started ${dateOf(t)} ${clockOf(t)}` +
        `${d.error[i] ? ', with errors' : ''}: click to open its timeline`;
    });
  }

  private onDown(e: PointerEvent): void {
    if (!this.data || this.plotted === 0 || e.button !== 0) return;
    const r = this.canvas.getBoundingClientRect();
    const y = e.clientY - r.top;
    this.drag = { x0: e.clientX - r.left, x1: e.clientX - r.left };
    this.canvas.setPointerCapture(e.pointerId);
    const move = (m: PointerEvent) => {
      if (this.drag) {
        this.drag.x1 = m.clientX - r.left;
        this.draw();
      }
    };
    const up = () => {
      this.canvas.removeEventListener('pointermove', move);
      this.canvas.removeEventListener('pointerup', up);
      const dr = this.drag;
      this.drag = null;
      this.draw();
      if (!dr) return;
      if (Math.abs(dr.x1 - dr.x0) < 3) {
        const i = this.hit(dr.x0, y);
        if (i >= 0) this.events.open(i);
        return;
      }
      this.events.range(this.timeAt(Math.min(dr.x0, dr.x1)), this.timeAt(Math.max(dr.x0, dr.x1)));
    };
    this.canvas.addEventListener('pointermove', move);
    this.canvas.addEventListener('pointerup', up);
  }
}

let probe: CanvasRenderingContext2D | null = null;

/** A CSS colour as one canvas pixel (RGBA bytes in memory order, read as a little-endian word). */
function pixelOf(colour: string): number {
  probe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!probe) return 0xff888888;
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = colour;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
  return ((a! << 24) | (b! << 16) | (g! << 8) | r!) >>> 0;
}

/** "1 ms", "10 s", "100 µs": the duration axis's decades. */
export function durationLabel(ms: number): string {
  if (ms >= 60_000) return `${+(ms / 60_000).toPrecision(3)} min`;
  if (ms >= 1000) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${+ms.toPrecision(3)} ms`;
  return `${+(ms * 1000).toPrecision(3)} µs`;
}
