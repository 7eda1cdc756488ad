// Cuts a byte stream at newlines so that several producers can share one sink without their partial lines
// interleaving (stdout and stderr of one command, many TCP connections). Only whole lines are handed on; the
// unfinished tail waits for its newline, up to a cap.

const NL = 0x0a;

export class LineAssembler {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  /** Lines cut off because they grew past the cap (their start was handed on when `overflow` is 'pass'). */
  overlongLines = 0;

  /**
   * `overflow`: 'pass' hands an over-long unfinished line on as it is (for a single producer that owns its
   * sink); 'drop' discards it up to its newline (for shared sinks, where passing it could splice lines).
   */
  constructor(
    private readonly emit: (wholeLines: Buffer) => void,
    readonly maxLineBytes = 16 * 1024 * 1024,
    private readonly overflow: 'pass' | 'drop' = 'pass',
  ) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.skipping) {
      const nl = buf.indexOf(NL);
      if (nl < 0) return;
      this.skipping = false;
      buf = buf.subarray(nl + 1);
    }
    const last = buf.lastIndexOf(NL);
    if (last < 0) {
      this.hold(buf);
      return;
    }
    let whole = buf.subarray(0, last + 1);
    if (this.pendingBytes > 0) {
      whole = Buffer.concat([...this.pending, whole]);
      this.pending = [];
      this.pendingBytes = 0;
    }
    if (whole.length > this.maxLineBytes && this.overflow === 'drop') whole = this.dropOverlong(whole);
    if (whole.length > 0) this.emit(whole);
    if (last + 1 < buf.length) this.hold(buf.subarray(last + 1));
  }

  /** Whole lines without those past the cap (only looked at when the block itself is past the cap). */
  private dropOverlong(whole: Buffer): Buffer {
    const keep: Buffer[] = [];
    let start = 0;
    for (let nl = whole.indexOf(NL); nl >= 0; nl = whole.indexOf(NL, start)) {
      if (nl - start > this.maxLineBytes) this.overlongLines++;
      else keep.push(whole.subarray(start, nl + 1));
      start = nl + 1;
    }
    return keep.length === 1 ? keep[0] : Buffer.concat(keep);
  }

  private hold(part: Buffer): void {
    if (part.length === 0) return;
    if (this.pendingBytes + part.length <= this.maxLineBytes) {
      this.pending.push(part);
      this.pendingBytes += part.length;
      return;
    }
    this.overlongLines++;
    if (this.overflow === 'pass') {
      this.emit(Buffer.concat([...this.pending, part]));
    } else {
      this.skipping = true;
    }
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The unfinished tail, terminated, when the producer ends (a last line without newline is still a line). */
  flush(): void {
    if (this.pendingBytes > 0) {
      this.pending.push(Buffer.from('\n'));
      this.emit(Buffer.concat(this.pending));
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  get holding(): number {
    return this.pendingBytes;
  }
}
