// Throttles change notifications to at most one per interval: the first change fires at once, changes inside
// the interval coalesce into one trailing call, so a live stream at 100,000 lines/s costs listeners 10 calls/s.

export class ChangeNotifier {
  private readonly listeners = new Set<() => void>();
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly intervalMs = 100) {}

  on(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) this.emit();
    else {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.emit();
      }, wait);
      // A pending notification must not keep a CLI process alive.
      this.timer.unref?.();
    }
  }

  private emit(): void {
    this.last = Date.now();
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // One failing listener must not starve the others.
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
