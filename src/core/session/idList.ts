// A growable list of record ids in an Int32Array: a million-record group costs 4 MB, not an array of boxed numbers.
//
// A grouping holds hundreds of thousands of small lists (a trace has a handful of records). Each with an
// Int32Array of its own would cost ~200 bytes of typed-array and ArrayBuffer objects besides its ids, and keep
// the garbage collector busy with them; lists given an `IdArena` take their blocks from a few shared buffers
// instead, and move to a buffer of their own only once they are big.

/** Ids per arena buffer (4 MB). */
const SEGMENT_BITS = 20;
const SEGMENT = 1 << SEGMENT_BITS;
/**
 * Ids per chunk of a deferred list set's rows by id (see IdLists `pending`): twice the chunk before, from 64 to
 * 2^16, so the code that starts a chunk has run several times before V8 optimises the code around it (a step
 * it has not seen run would send the optimised code back to be compiled again when it first does, measured).
 */
const PENDING_CHUNK = 1 << 16;
const FIRST_PENDING_CHUNK = 64;
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
    // (a shift, not Math.floor(handle / SEGMENT): a float division on every id appended)
    return this.segments[handle >>> SEGMENT_BITS]!;
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

/**
 * Sorts ids [k, n) of the list at buf[o…] and merges them into the sorted ids [0, k): O(n) plus the tail's sort,
 * so a list that gets a few out-of-order ids costs no full sort.
 */
function sortTail(buf: Int32Array, o: number, k: number, n: number, compare: (a: number, b: number) => number): void {
  const tail = buf.slice(o + k, o + n).sort(compare);
  if (k === 0 || compare(buf[o + k - 1]!, tail[0]!) <= 0) {
    buf.set(tail, o + k);
    return;
  }
  const head = buf.slice(o, o + k);
  let i = 0,
    j = 0,
    w = o;
  while (i < head.length && j < tail.length) buf[w++] = compare(head[i]!, tail[j]!) <= 0 ? head[i++]! : tail[j++]!;
  while (i < head.length) buf[w++] = head[i++]!;
  while (j < tail.length) buf[w++] = tail[j++]!;
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
    if (this.sortedLength >= this.length) return;
    sortTail(this.buf, this.off, this.sortedLength, this.length, compare);
    this.sortedLength = this.length;
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

/**
 * Many id lists as rows of a few typed arrays (a grouping's groups: one row each), their ids in an IdArena's
 * blocks, or in a buffer of their own once big. The same lists as IdList without an object per list: a big
 * file has hundreds of thousands of groups, and an object each costs ~100 bytes and the collector's time.
 */
export class IdLists {
  /** Arena block handle of the row's ids (-1: none, or a buffer of its own in `own`). */
  private handle: Int32Array;
  /** The block's size class (-1: none, or its own buffer). */
  private cls: Int8Array;
  private len: Int32Array;
  private cap: Int32Array;
  /** ids [0, sorted) of the row are in order (by the comparator given to pushOrdered/ensureSorted). */
  private sorted: Int32Array;
  private readonly own = new Map<number, Int32Array>();
  readonly arena = new IdArena();
  /**
   * Deferred lists: 1 + the row of each id pushed so far (0: none), by id from `pendingBase`, in chunks (see
   * PENDING_CHUNK); the lists are built from them at the first look at any of them (`materialize`), and kept as usual
   * from then on. Placing a file's records then writes one number each instead of growing a list (a third of
   * placing them), for a caller that may never look: a count needs only `length`.
   */
  private pending: Int32Array[] | null;
  private pendingBase = -1;
  private pendingLast = -1;
  private pendingCompare: ((a: number, b: number) => number) | null = null;
  /** The last chunk and the id it starts at. */
  private pendingChunk: Int32Array = EMPTY;
  private pendingFirst = 0;

  /** `deferred`: the lists are built when first looked at (ids must then come in rising order, or they are built). */
  constructor(rows = 1024, deferred = false) {
    this.pending = deferred ? [] : null;
    this.handle = new Int32Array(rows).fill(-1);
    this.cls = new Int8Array(rows).fill(-1);
    this.len = new Int32Array(rows);
    this.cap = new Int32Array(rows);
    this.sorted = new Int32Array(rows);
  }

  /** Rows there is room for. */
  get rows(): number {
    return this.len.length;
  }

  /** Room for rows [0, rows). */
  ensure(rows: number): void {
    if (rows <= this.len.length) return;
    const n = Math.max(rows, Math.ceil(this.len.length * 1.5));
    const grow = <T extends Int32Array | Int8Array>(a: T, b: T, fill: number): T => {
      b.set(a);
      b.fill(fill, a.length);
      return b;
    };
    this.handle = grow(this.handle, new Int32Array(n), -1);
    this.cls = grow(this.cls, new Int8Array(n), -1);
    this.len = grow(this.len, new Int32Array(n), 0);
    this.cap = grow(this.cap, new Int32Array(n), 0);
    this.sorted = grow(this.sorted, new Int32Array(n), 0);
  }

  length(row: number): number {
    return this.len[row]!;
  }

  /** Whether the lists are still deferred (built at the first look at one). */
  get deferred(): boolean {
    return this.pending !== null;
  }

  /** The buffer holding the row's ids and where they start in it. */
  private bufOf(row: number): Int32Array {
    const h = this.handle[row]!;
    return h >= 0 ? this.arena.segmentOf(h) : (this.own.get(row) ?? EMPTY);
  }
  private offOf(row: number): number {
    const h = this.handle[row]!;
    return h >= 0 ? h % SEGMENT : 0;
  }

  push(row: number, id: number): void {
    this.materialize();
    const n = this.len[row]!;
    if (n === this.cap[row]) this.grow(row);
    const h = this.handle[row]!;
    if (h >= 0) this.arena.segmentOf(h)[(h % SEGMENT) + n] = id;
    else this.own.get(row)![n] = id;
    this.len[row] = n + 1;
  }

  private grow(row: number, want = Math.max(1 << MIN_CLASS, this.cap[row]! * 2)): void {
    const n = this.len[row]!;
    const old = this.bufOf(row),
      oldOff = this.offOf(row),
      oldHandle = this.handle[row]!,
      oldCls = this.cls[row]!;
    const k = sizeClass(want);
    let to: Int32Array, off: number;
    if (k <= MAX_CLASS) {
      const h = this.arena.alloc(k);
      to = this.arena.segmentOf(h);
      off = h % SEGMENT;
      this.handle[row] = h;
      this.cls[row] = k;
      this.cap[row] = 1 << k;
    } else {
      to = new Int32Array(want);
      off = 0;
      this.own.set(row, to);
      this.handle[row] = -1;
      this.cls[row] = -1;
      this.cap[row] = want;
    }
    // small lists (most groups) copy faster id by id than through a subarray view
    if (n <= 64) for (let i = 0; i < n; i++) to[off + i] = old[oldOff + i]!;
    else to.set(old.subarray(oldOff, oldOff + n), off);
    if (oldHandle >= 0) this.arena.release(oldHandle, oldCls);
  }

  /** Appends, keeping track of whether the row's list is still in order. */
  pushOrdered(row: number, id: number, compare: (a: number, b: number) => number): void {
    if (this.pending !== null) {
      if (id > this.pendingLast) {
        this.defer(row, id, compare);
        return;
      }
      this.materialize();
    }
    // `push` and the look at the id before, sharing one lookup of the row's buffer (a group's every record)
    const n = this.len[row]!;
    if (n === this.cap[row]) this.grow(row);
    const h = this.handle[row]!;
    const buf = h >= 0 ? this.arena.segmentOf(h) : this.own.get(row)!,
      at = h >= 0 ? h & (SEGMENT - 1) : 0;
    buf[at + n] = id;
    this.len[row] = n + 1;
    if (this.sorted[row] === n && (n === 0 || compare(buf[at + n - 1]!, id) <= 0)) this.sorted[row] = n + 1;
  }

  private defer(row: number, id: number, compare: (a: number, b: number) => number): void {
    const at = id - this.pendingFirst;
    if (at >= this.pendingChunk.length) this.deferChunk(id, compare);
    this.pendingChunk[id - this.pendingFirst] = row + 1;
    this.pendingLast = id;
    this.len[row]!++;
  }

  /** Makes the chunk for `id` the last one (the first id pushed starts the first). */
  private deferChunk(id: number, compare: (a: number, b: number) => number): void {
    const chunks = this.pending!;
    if (this.pendingBase < 0) {
      this.pendingBase = this.pendingFirst = id;
      this.pendingCompare = compare;
      chunks.push((this.pendingChunk = new Int32Array(FIRST_PENDING_CHUNK)));
    }
    while (id - this.pendingFirst >= this.pendingChunk.length) {
      this.pendingFirst += this.pendingChunk.length;
      chunks.push((this.pendingChunk = new Int32Array(Math.min(PENDING_CHUNK, this.pendingChunk.length * 2))));
    }
  }

  /**
   * Builds the deferred lists: each row's block taken once at the size its ids need, then its ids appended in
   * the order they came (so its order, and how much of it is sorted, is what pushing them one by one gave).
   */
  private materialize(): void {
    const chunks = this.pending;
    if (chunks === null) return;
    this.pending = null;
    const counts = this.len.slice();
    this.len.fill(0);
    for (let r = 0; r < counts.length; r++) if (counts[r]! > 0) this.grow(r, counts[r]!);
    const compare = this.pendingCompare!;
    let first = this.pendingBase;
    for (const rows of chunks) {
      const n = Math.min(rows.length, this.pendingLast - first + 1);
      for (let i = 0; i < n; i++) if (rows[i] !== 0) this.pushOrdered(rows[i]! - 1, first + i, compare);
      first += rows.length;
    }
  }

  /** Puts the row's list in order: sorts only the unsorted tail and merges it in (see IdList.ensureSorted). */
  ensureSorted(row: number, compare: (a: number, b: number) => number): void {
    this.materialize();
    const n = this.len[row]!;
    if (this.sorted[row]! >= n) return;
    sortTail(this.bufOf(row), this.offOf(row), this.sorted[row]!, n, compare);
    this.sorted[row] = n;
  }

  /** A view of the row's ids; valid until the row's next push. */
  view(row: number): Int32Array {
    this.materialize();
    const o = this.offOf(row);
    return this.bufOf(row).subarray(o, o + this.len[row]!);
  }

  /** Keeps only the ids the predicate accepts, in order. */
  retain(row: number, keep: (id: number) => boolean): void {
    this.materialize();
    const buf = this.bufOf(row),
      o = this.offOf(row),
      n = this.len[row]!,
      k = this.sorted[row]!;
    let w = 0,
      sorted = 0;
    for (let r = 0; r < n; r++) {
      if (r === k) sorted = w;
      const id = buf[o + r]!;
      if (keep(id)) buf[o + w++] = id;
    }
    // Removing ids keeps the rest in their order: the sorted prefix is what remains of it.
    this.sorted[row] = k >= n ? w : sorted;
    this.len[row] = w;
  }

  /** Empties the row's list and gives its block back. */
  release(row: number): void {
    this.materialize();
    const h = this.handle[row]!;
    if (h >= 0) this.arena.release(h, this.cls[row]!);
    this.own.delete(row);
    this.handle[row] = -1;
    this.cls[row] = -1;
    this.len[row] = this.cap[row] = this.sorted[row] = 0;
  }
}
