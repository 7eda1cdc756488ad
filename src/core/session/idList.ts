// A growable list of record ids in an Int32Array: a million-record group costs 4 MB, not an array of boxed numbers.

export class IdList {
  private buf: Int32Array;
  length = 0;
  /** ids [0, sortedLength) are in order (by the comparator given to pushOrdered/ensureSorted). */
  sortedLength = 0;

  constructor(capacity = 8) {
    this.buf = new Int32Array(capacity);
  }

  push(id: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = id;
  }

  /** Appends, keeping track of whether the list is still in order. */
  pushOrdered(id: number, compare: (a: number, b: number) => number): void {
    const n = this.length;
    this.push(id);
    if (this.sortedLength === n && (n === 0 || compare(this.buf[n - 1]!, id) <= 0)) this.sortedLength = n + 1;
  }

  /**
   * Puts the list in order: sorts only the unsorted tail and merges it in, so a live source that appends a
   * few out-of-order records costs O(n), not a full sort, per question.
   */
  ensureSorted(compare: (a: number, b: number) => number): void {
    const n = this.length,
      k = this.sortedLength;
    if (k >= n) return;
    const tail = this.buf.slice(k, n).sort(compare);
    if (k === 0 || compare(this.buf[k - 1]!, tail[0]!) <= 0) {
      this.buf.set(tail, k);
    } else {
      const head = this.buf.slice(0, k);
      let i = 0,
        j = 0,
        w = 0;
      while (i < head.length && j < tail.length)
        this.buf[w++] = compare(head[i]!, tail[j]!) <= 0 ? head[i++]! : tail[j++]!;
      while (i < head.length) this.buf[w++] = head[i++]!;
      while (j < tail.length) this.buf[w++] = tail[j++]!;
    }
    this.sortedLength = n;
  }

  get(i: number): number {
    return this.buf[i]!;
  }

  /** A view of the live part; valid until the next push. */
  view(): Int32Array {
    return this.buf.subarray(0, this.length);
  }

  /** Keeps only the ids the predicate accepts, in order. */
  retain(keep: (id: number) => boolean): void {
    let w = 0,
      sorted = 0;
    for (let r = 0; r < this.length; r++) {
      if (r === this.sortedLength) sorted = w;
      const id = this.buf[r]!;
      if (keep(id)) this.buf[w++] = id;
    }
    // Removing ids keeps the rest in their order: the sorted prefix is what remains of it.
    this.sortedLength = this.sortedLength >= this.length ? w : sorted;
    this.length = w;
  }
}
