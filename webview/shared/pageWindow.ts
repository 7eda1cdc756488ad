// The pages of rows a virtualised table holds: those around what is on screen (plus a margin) are asked for,
// those far from it dropped. Each answer is stamped with the version of the query it answers, so a page that
// arrives after the query changed is not shown, and a refresh keeps the old rows on screen until new ones come.

/** Rows a page holds, rows asked for beyond either edge of the screen, and rows kept around it. */
export const PAGE = 100;
const MARGIN = 100;
const KEEP = 600;

interface Page<Row> {
  rows: Row[];
  version: number;
}

export class PageWindow<Row> {
  private readonly pages = new Map<number, Page<Row>>();
  private readonly inflight = new Map<number, number>();
  /** Bumped by every new query or refresh: pages of an older version are shown but asked for again. */
  version = 0;

  /** A new query: every page forgotten. */
  reset(): void {
    this.version++;
    this.pages.clear();
    this.inflight.clear();
  }

  /** The same query over changed data: pages stay on screen until their new answers come. */
  refresh(): void {
    this.version++;
  }

  rowAt(i: number): Row | undefined {
    return this.pages.get(Math.floor(i / PAGE))?.rows[i % PAGE];
  }

  /** The page holding row `i`. */
  pageOf(i: number): number {
    return Math.floor(Math.max(0, i) / PAGE);
  }

  /** Pages to ask for so rows first…last (of `total`) show, and drops the pages far from them. */
  missing(first: number, last: number, total: number): number[] {
    const out: number[] = [];
    const p0 = Math.floor(Math.max(0, first - MARGIN) / PAGE);
    const p1 = Math.floor(Math.min(total - 1, last + MARGIN) / PAGE);
    for (let p = p0; p <= p1; p++) {
      const page = this.pages.get(p);
      if ((!page || page.version !== this.version) && this.inflight.get(p) !== this.version) out.push(p);
    }
    const lo = Math.floor((first - KEEP) / PAGE),
      hi = Math.floor((last + KEEP) / PAGE);
    for (const p of this.pages.keys()) if (p < lo || p > hi) this.pages.delete(p);
    return out;
  }

  /** A request for page `p` goes out: the version its answer will carry. */
  asked(p: number): number {
    this.inflight.set(p, this.version);
    return this.version;
  }

  /** The answer (or failure) for page `p` asked at `version` came back; `rows` are kept unless newer ones are. */
  answered(p: number, version: number, rows?: Row[]): void {
    if (this.inflight.get(p) === version) this.inflight.delete(p);
    if (!rows) return;
    const current = this.pages.get(p);
    if (!current || current.version <= version) this.pages.set(p, { rows, version });
  }

  /** Pages held, in order (for the page's own statistics). */
  held(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }
}
