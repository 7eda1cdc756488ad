// Lines a container runtime split (CRI `P` pieces up to the `F` one, Docker json-file entries whose `log` lacks
// its newline), held per stream until their last piece so the line indexer reads the joined text as one line.
// Other streams' lines interleave with the pieces and are read meanwhile.

import { MAX_JOINED_CHARS, MAX_PIECE_GAP, type LinePiece } from '../formats/unwrap';

/** The pieces of a split line read so far. */
export interface HeldPieces {
  text: string;
  /** Line number and offset of the first piece. */
  line: number;
  offset: number;
  /** Offset after the last piece's line break. */
  next: number;
  /** Line numbers of the later pieces. */
  pieces: number[];
  /** Records the indexer had appended when the first piece came. */
  records: number;
}

export class SplitLines {
  private readonly held = new Map<string, HeldPieces>();

  /** Some split line is waiting for its last piece. */
  get open(): boolean {
    return this.held.size > 0;
  }

  /**
   * Takes a wrapped line. Returns the whole split line when this was its last piece, null while it is held, and
   * undefined for a line that is no piece (nothing held for its stream, and not partial): read it as usual.
   */
  add(p: LinePiece, lineNo: number, offset: number, next: number, records: number): HeldPieces | null | undefined {
    const held = this.held.get(p.stream);
    if (held === undefined) {
      if (!p.partial) return undefined;
      this.held.set(p.stream, { text: p.text, line: lineNo, offset, next, pieces: [], records });
      return null;
    }
    held.text += p.text;
    held.pieces.push(lineNo);
    held.next = next;
    if (p.partial && held.text.length < MAX_JOINED_CHARS) return null;
    this.held.delete(p.stream);
    return held;
  }

  /**
   * Split lines whose last piece has not come within MAX_PIECE_GAP lines before `lineNo` (all of them at the end
   * of input: Infinity), oldest first: they are read as far as they got.
   */
  expired(lineNo: number): HeldPieces[] {
    const out: HeldPieces[] = [];
    for (const [k, h] of this.held) {
      const last = h.pieces.length > 0 ? h.pieces[h.pieces.length - 1] : h.line;
      if (lineNo - last <= MAX_PIECE_GAP) continue;
      this.held.delete(k);
      out.push(h);
    }
    return out.sort((a, b) => a.line - b.line);
  }
}
