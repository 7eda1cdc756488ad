// Records over time, stacked by level, on a canvas above the table. Dragging across it picks a time range;
// the rows on screen are marked as a band. Colours come from the theme (readPalette).

import type { LogsHistogramResponse } from '../../src/shared/protocol';
import { readPalette, type Palette } from '../theme';
import { el } from '../text';
import { clockOf, count, dateOf } from './format';

const HEIGHT = 56;
const AXIS_H = 14;
const SLOTS = 7;
/** Stacking order, bottom up: errors at the foot where they catch the eye. */
const STACK = [6, 5, 4, 3, 2, 1, 0];

export interface HistogramEvents {
  /** A drag picked [fromMs, toMs). */
  range(fromMs: number, toMs: number): void;
}

export class Histogram {
  readonly root = el('div', 'lv-histogram');
  private readonly canvas = el('canvas', 'lv-hist-canvas');
  private data: LogsHistogramResponse | null = null;
  private palette: Palette | null = null;
  private window: [number, number] | null = null;
  private drag: { x0: number; x1: number } | null = null;
  private width = 0;

  constructor(private readonly events: HistogramEvents) {
    this.canvas.setAttribute('role', 'img');
    this.canvas.style.height = `${HEIGHT}px`;
    this.root.append(this.canvas);
    this.canvas.addEventListener('pointerdown', (e) => this.onDown(e));
    new ResizeObserver(() => this.resize()).observe(this.root);
  }

  /** Buckets that suit the canvas's width (a bar every 4 px). */
  bucketsWanted(): number {
    return Math.max(10, Math.min(400, Math.floor((this.root.clientWidth || 400) / 4)));
  }

  set(data: LogsHistogramResponse | null): void {
    this.data = data;
    const d = data;
    this.canvas.setAttribute(
      'aria-label',
      d && d.total > 0
        ? `Records over time: ${count(d.total)} from ${dateOf(d.fromMs)} ${clockOf(d.fromMs)} ` +
            `to ${clockOf(d.fromMs + d.buckets * d.bucketMs)}`
        : 'Records over time: none',
    );
    this.draw();
  }

  /** The time span of the rows on screen. */
  setWindow(fromMs: number | null, toMs: number | null): void {
    const w: [number, number] | null =
      fromMs === null || toMs === null ? null : [Math.min(fromMs, toMs), Math.max(fromMs, toMs)];
    if (w?.[0] === this.window?.[0] && w?.[1] === this.window?.[1]) return;
    this.window = w;
    this.draw();
  }

  themeChanged(): void {
    this.palette = null;
    this.draw();
  }

  /** Canvas x of a time (tests use it to drag). */
  xOf(ms: number): number {
    const d = this.data;
    if (!d || d.buckets === 0) return 0;
    return ((ms - d.fromMs) / (d.buckets * d.bucketMs)) * this.width;
  }

  timeAt(x: number): number {
    const d = this.data;
    if (!d) return 0;
    return d.fromMs + (Math.max(0, Math.min(this.width, x)) / Math.max(1, this.width)) * d.buckets * d.bucketMs;
  }

  private resize(): void {
    const w = this.canvas.clientWidth;
    if (w === this.width) return;
    this.width = w;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(HEIGHT * dpr);
    this.draw();
  }

  draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.width === 0) return;
    const p = (this.palette ??= readPalette());
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, HEIGHT);
    const d = this.data;
    const plotH = HEIGHT - AXIS_H;
    if (d && d.buckets > 0) {
      let max = 0;
      for (let b = 0; b < d.buckets; b++) {
        let s = 0;
        for (let l = 0; l < SLOTS; l++) s += d.counts[b * SLOTS + l]!;
        if (s > max) max = s;
      }
      const bw = this.width / d.buckets;
      for (let b = 0; b < d.buckets && max > 0; b++) {
        let y = plotH;
        for (const l of STACK) {
          const c = d.counts[b * SLOTS + l]!;
          if (c === 0) continue;
          const h = Math.max(1, (c / max) * (plotH - 2));
          ctx.fillStyle = p.levels[l] ?? p.muted;
          ctx.fillRect(b * bw, y - h, Math.max(1, bw - 1), h);
          y -= h;
        }
      }
      ctx.fillStyle = p.muted;
      ctx.font = `10px ${p.font.replace(/^\S+\s/, '')}`;
      ctx.textBaseline = 'top';
      const span = d.buckets * d.bucketMs;
      const ticks = Math.max(2, Math.floor(this.width / 140));
      for (let k = 0; k <= ticks; k++) {
        const x = (k / ticks) * this.width;
        const t = d.fromMs + (k / ticks) * span;
        const text = span < 60_000 ? clockOf(t).slice(3) : clockOf(t).slice(0, 8);
        ctx.textAlign = k === 0 ? 'left' : k === ticks ? 'right' : 'center';
        ctx.fillText(text, x, plotH + 2);
      }
      // the rows on screen, unless they are (nearly) all of it: a band over everything says nothing
      if (this.window && this.xOf(this.window[1]) - this.xOf(this.window[0]) < this.width * 0.95) {
        const x0 = this.xOf(this.window[0]),
          x1 = this.xOf(this.window[1]);
        ctx.strokeStyle = p.focus;
        ctx.lineWidth = 1;
        ctx.globalAlpha = 0.15;
        ctx.fillStyle = p.focus;
        ctx.fillRect(x0, 0, Math.max(2, x1 - x0), plotH);
        ctx.globalAlpha = 1;
        ctx.strokeRect(x0 + 0.5, 0.5, Math.max(2, x1 - x0) - 1, plotH - 1);
      }
    }
    if (this.drag) {
      const a = Math.min(this.drag.x0, this.drag.x1),
        b = Math.max(this.drag.x0, this.drag.x1);
      ctx.globalAlpha = 0.35;
      ctx.fillStyle = p.selection;
      ctx.fillRect(a, 0, b - a, plotH);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = p.focus;
      ctx.strokeRect(a + 0.5, 0.5, b - a, plotH - 1);
    }
  }

  private onDown(e: PointerEvent): void {
    if (!this.data || this.data.buckets === 0 || e.button !== 0) return;
    const left = this.canvas.getBoundingClientRect().left;
    this.drag = { x0: e.clientX - left, x1: e.clientX - left };
    this.canvas.setPointerCapture(e.pointerId);
    const move = (m: PointerEvent) => {
      if (this.drag) {
        this.drag.x1 = m.clientX - left;
        this.draw();
      }
    };
    const up = () => {
      this.canvas.removeEventListener('pointermove', move);
      this.canvas.removeEventListener('pointerup', up);
      const dr = this.drag;
      this.drag = null;
      this.draw();
      if (!dr || Math.abs(dr.x1 - dr.x0) < 3) return;
      const a = this.timeAt(Math.min(dr.x0, dr.x1)),
        b = this.timeAt(Math.max(dr.x0, dr.x1));
      this.events.range(a, b);
    };
    this.canvas.addEventListener('pointermove', move);
    this.canvas.addEventListener('pointerup', up);
  }
}
