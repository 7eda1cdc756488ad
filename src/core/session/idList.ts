// A growable list of record ids in an Int32Array: a million-record group costs 4 MB, not an array of boxed numbers.
//
// A grouping holds hundreds of thousands of small lists (a trace has a handful of records). Each with an
// Int32Array of its own would cost ~200 bytes of typed-array and ArrayBuffer objects besides its ids, and keep
// the garbage collector busy with them; lists given an `IdArena` take their blocks from a few shared buffers
// instead, and move to a buffer of their own only once they are big.

/** Ids per arena buffer (4 MB). */
const SEGMENT = 1 << 20;
/** Smallest and largest arena block, as powers of two (4 and 4,096 ids). */
const MIN_CLASS = 2;
const MAX_CLASS = 12;
const EMPTY = new Int32Array(0);

/** Blocks of 2^k ids carved from shared buffers, for many small IdLists; a freed block is reused by size. */
export class IdArena {
  private readonly segments: Int32Array[] = [];
  private used = SEGMENT;
  /** Free blocks per size class, each as segment * SEGMENT + offset. */
  private readonly free: number[][] = Array.from({ length: MAX_CLASS + 1 }, () => []);

  /** A block of 2^k ids, as a handle: segment * SEGMENT + offset (no object per block). */
  alloc(k: number): number {
    const f = this.free[k]!;
    if (f.length > 0) return f.pop()!;
    const size = 1 << k;
    if (this.used + size > SEGMENT) {
      this.segments.push(new Int32Array(SEGMENT));
      this.used = 0;
    }
    const off = this.used;
    this.used += size;
    return (this.segments.length - 1) * SEGMENT + off;
  }

  /** The buffer a block handle lies in (its offset there is `handle % SEGMENT`). */
  segmentOf(handle: number): Int32Array {
    return this.segments[Math.floor(handle / SEGMENT)]!;
  }

  release(handle: number, k: number): void {
    this.free[k]!.push(handle);
  }

  /** Bytes of the shared buffers (for memory figures). */
  get bytes(): number {
    return this.segments.length * SEGMENT * 4;
  }
}

/** The handle of the arena block a list holds, from its `block` field and offset. */
function handleOf(block: number, off: number): number {
  return Math.floor(block / 16) * SEGMENT + off;
}

function sizeClass(capacity: number): number {
  let k = MIN_CLASS;
  while (1 << k < capacity) k++;
  return k;
}

export class IdList {
  /** The ids are buf[off, off + length); buf is an arena buffer while the list is small and has one. */
  private buf: Int32Array;
  private off = 0;
  private cap: number;
  /**
   * The arena block held, as its size class + 16 × its segment (-1: none, the buffer is the list's own): one
   * field, for hundreds of thousands of lists.
   */
  private block = -1;
  length = 0;
  /** ids [0, sortedLength) are in order (by the comparator given to pushOrdered/ensureSorted). */
  sortedLength = 0;

  constructor(
    capacity = 8,
    private readonly arena: IdArena | null = null,
  ) {
    // an arena list takes its first block with its first id (a group made and dropped at once costs none)
    this.buf = arena ? EMPTY : new Int32Array(capacity);
    this.cap = arena ? 0 : capacity;
  }

  push(id: number): void {
    if (this.length === this.cap) this.grow();
    this.buf[this.off + this.length++] = id;
  }

  private grow(): void {
    const want = Math.max(1 << MIN_CLASS, this.cap * 2);
    const old = this.buf,
      oldOff = this.off,
      oldBlock = this.block;
    const k = sizeClass(want);
    if (this.arena !== null && k <= MAX_CLASS) {
      const h = this.arena.alloc(k);
      this.buf = this.arena.segmentOf(h);
      this.off = h % SEGMENT;
      this.cap = 1 << k;
      this.block = k + Math.floor(h / SEGMENT) * 16;
    } else {
      this.buf = new Int32Array(want);
      this.off = 0;
      this.cap = want;
      this.block = -1;
    }
    const n = this.length;
    // small lists (most groups) copy faster id by id than through a subarray view
    if (n <= 64) for (let i = 0, to = this.buf, o = this.off; i < n; i++) to[o + i] = old[oldOff + i]!;
    else this.buf.set(old.subarray(oldOff, oldOff + n), this.off);
    if (oldBlock >= 0) this.arena!.release(handleOf(oldBlock, oldOff), oldBlock & 15);
  }

  /** Appends, keeping track of whether the list is still in order. */
  pushOrdered(id: number, compare: (a: number, b: number) => number): void {
    const n = this.length;
    this.push(id);
    if (this.sortedLength === n && (n === 0 || compare(this.buf[this.off + n - 1]!, id) <= 0))
      this.sortedLength = n + 1;
  }

  /**
   * Puts the list in order: sorts only the unsorted tail and merges it in, so a live source that appends a
   * few out-of-order records costs O(n), not a full sort, per question.
   */
  ensureSorted(compare: (a: number, b: number) => number): void {
    const n = this.length,
      k = this.sortedLength,
      o = this.off,
      buf = this.buf;
    if (k >= n) return;
    const tail = buf.slice(o + k, o + n).sort(compare);
    if (k === 0 || compare(buf[o + k - 1]!, tail[0]!) <= 0) {
      buf.set(tail, o + k);
    } else {
      const head = buf.slice(o, o + k);
      let i = 0,
        j = 0,
        w = o;
      while (i < head.length && j < tail.length) buf[w++] = compare(head[i]!, tail[j]!) <= 0 ? head[i++]! : tail[j++]!;
      while (i < head.length) buf[w++] = head[i++]!;
      while (j < tail.length) buf[w++] = tail[j++]!;
    }
    this.sortedLength = n;
  }

  get(i: number): number {
    return this.buf[this.off + i]!;
  }

  /** A view of the live part; valid until the next push. */
  view(): Int32Array {
    return this.buf.subarray(this.off, this.off + this.length);
  }

  /** Keeps only the ids the predicate accepts, in order. */
  retain(keep: (id: number) => boolean): void {
    const o = this.off,
      buf = this.buf;
    let w = 0,
      sorted = 0;
    for (let r = 0; r < this.length; r++) {
      if (r === this.sortedLength) sorted = w;
      const id = buf[o + r]!;
      if (keep(id)) buf[o + w++] = id;
    }
    // Removing ids keeps the rest in their order: the sorted prefix is what remains of it.
    this.sortedLength = this.sortedLength >= this.length ? w : sorted;
    this.length = w;
  }

  /** Empties the list and gives an arena block back (a dropped group's list). */
  release(): void {
    if (this.block >= 0) this.arena!.release(handleOf(this.block, this.off), this.block & 15);
    this.buf = EMPTY;
    this.off = 0;
    this.cap = 0;
    this.block = -1;
    this.length = 0;
    this.sortedLength = 0;
  }
}
