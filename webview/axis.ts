// The one affine transform between time (ns on the shared axis) and pixels: x = x0 + (t - start) * scale.
// Zoom keeps the time under the pointer fixed; pan shifts by pixels. Everything that draws or hit-tests
// goes through here, so the two can never disagree.

export class TimeAxis {
  start = 0;
  end = 1;
  x0 = 0;
  width = 1;
  /** Extent of the data the view may move over. */
  min = 0;
  max = 1;

  get scale(): number {
    return this.width / (this.end - this.start);
  }
  toX(t: number): number {
    return this.x0 + (t - this.start) * this.scale;
  }
  toT(x: number): number {
    return this.start + (x - this.x0) / this.scale;
  }

  setExtent(min: number, max: number): void {
    this.min = min;
    this.max = Math.max(max, min + 1);
  }

  fit(): void {
    const pad = (this.max - this.min) * 0.02;
    this.start = this.min - pad;
    this.end = this.max + pad;
  }

  set(start: number, end: number): void {
    this.start = start;
    this.end = end;
    this.clamp();
  }

  /** factor < 1 zooms in. */
  zoomAt(x: number, factor: number): void {
    const t = this.toT(x);
    const span = Math.max(this.end - this.start, 1e-9) * factor;
    const r = (x - this.x0) / this.width;
    this.start = t - span * r;
    this.end = this.start + span;
    this.clamp();
  }

  panPx(dx: number): void {
    const dt = dx / this.scale;
    this.start -= dt;
    this.end -= dt;
    this.clamp();
  }

  /** Show [a, b] with some margin. */
  show(a: number, b: number): void {
    const span = Math.max(b - a, 10);
    this.start = a - span * 0.05;
    this.end = b + span * 0.05;
    this.clamp();
  }

  private clamp(): void {
    const total = this.max - this.min;
    const maxSpan = total * 1.2 + 10;
    // Below a few pixels per ns nothing more can be seen.
    const minSpan = Math.min(maxSpan, Math.max(this.width / 20, 1));
    let span = this.end - this.start;
    if (!(span >= minSpan)) span = minSpan;
    if (span > maxSpan) span = maxSpan;
    const slack = total * 0.1 + 5;
    let s = this.start;
    if (s < this.min - slack) s = this.min - slack;
    if (s + span > this.max + slack) s = Math.max(this.min - slack, this.max + slack - span);
    this.start = s;
    this.end = s + span;
  }
}
