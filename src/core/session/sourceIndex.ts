// Records by the source file that logged them, for editor hints. Built lazily on the first question and extended
// as records append; keyed by base name so a lookup by any path suffix only checks records of that file name.
// Reading a record's location can cost a lookup (the index defers them), so a million records are taken in over
// several turns: a question answers from what is indexed and the rest follows in the background.

import type { RecordStore } from '../index/types';

const baseName = (p: string): string => {
  const s = p.replace(/\\/g, '/');
  return s.slice(s.lastIndexOf('/') + 1);
};
const normal = (p: string): string => p.replace(/\\/g, '/');
/** Indexing per turn of the event loop. */
const SLICE_MS = 15;

export class SourceIndex {
  private readonly byBase = new Map<string, number[]>();
  private upTo = 0;
  private from = 0;
  private timer: ReturnType<typeof setImmediate> | null = null;

  constructor(
    private readonly store: RecordStore,
    /** Told when records indexed in the background change what a lookup answers. */
    private readonly onProgress: () => void = () => {},
  ) {}

  /** Records not indexed yet (a lookup does not see them). */
  pending(): number {
    return Math.max(0, this.store.count - Math.max(this.upTo, this.from));
  }

  /** Indexes appended records until the deadline; true when none is left. */
  private catchUp(deadline: number): boolean {
    const n = this.store.count;
    // The store may have freed the columns below `from`.
    let id = Math.max(this.upTo, this.from);
    for (; id < n; id++) {
      if ((id & 1023) === 0 && performance.now() > deadline) break;
      const src = this.store.source(id);
      if (!src || !src.file) continue;
      const b = baseName(src.file);
      let list = this.byBase.get(b);
      if (!list) this.byBase.set(b, (list = []));
      list.push(id);
    }
    this.upTo = id;
    return id >= n;
  }

  private continueLater(): void {
    if (this.timer) return;
    this.timer = setImmediate(() => {
      this.timer = null;
      if (this.catchUp(performance.now() + SLICE_MS)) this.onProgress();
      else this.continueLater();
    });
  }

  stop(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
  }

  /** Record ids whose source file ends with `pathSuffix` on a path-segment boundary, by 1-based line. */
  lookup(pathSuffix: string, live: (id: number) => boolean): Map<number, number[]> {
    if (!this.catchUp(performance.now() + SLICE_MS)) this.continueLater();
    const out = new Map<number, number[]>();
    const suffix = normal(pathSuffix);
    const list = this.byBase.get(baseName(suffix));
    if (!list) return out;
    for (const id of list) {
      if (!live(id)) continue;
      const src = this.store.source(id)!;
      const file = normal(src.file);
      if (!endsOnSegment(file, suffix) && !endsOnSegment(suffix, file)) continue;
      const line = src.line ?? 0;
      let at = out.get(line);
      if (!at) out.set(line, (at = []));
      at.push(id);
    }
    return out;
  }

  /** Drops evicted records (not live, or below firstLive). */
  evict(live: (id: number) => boolean, firstLive: number): void {
    this.from = Math.max(this.from, firstLive);
    for (const [k, list] of this.byBase) {
      const kept = list.filter((id) => id >= firstLive && live(id));
      if (kept.length === 0) this.byBase.delete(k);
      else this.byBase.set(k, kept);
    }
  }

  reset(): void {
    this.byBase.clear();
    this.upTo = 0;
    this.from = 0;
  }
}

/**
 * `a` ends with `b` at a path boundary. Either way round: the editor knows the absolute workspace path and the log
 * may hold a shorter relative one ("pay.js", "routes/pay.js"), or the log holds a container path ("/app/routes/pay.js")
 * and the caller asks with a workspace-relative suffix.
 */
function endsOnSegment(a: string, b: string): boolean {
  if (!a.endsWith(b)) return false;
  return a.length === b.length || a[a.length - b.length - 1] === '/' || b.startsWith('/');
}
