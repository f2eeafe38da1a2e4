// Line and column of places in streamed text, counted only when asked (and when text is dropped): a
// cursor remembers the line it has reached, so asking again further on costs one indexOf per line end.
// As XML counts them: LF, CRLF and a lone CR end a line; columns are 1-based and count code points.
import type { XmlPosition } from './xml';

const NONE = Number.POSITIVE_INFINITY;

export class LineCounter {
  private line = 1;
  /** Offset (in the whole text) where the cursor's line starts. */
  private lineStart = 0;
  /** Every line end before this offset is counted. */
  private cursor = 0;
  /** Offsets of the next LF / CR at or after the cursor in the current text (NONE: none in it; -1: not looked). */
  private nextLf = -1;
  private nextCr = -1;
  /** The text has a CR somewhere (most do not: then CRs are never looked for). */
  private crs = false;
  /** Offsets of surrogate pairs (each one column), in order; those before `pairAt` are behind the cursor. */
  private pairs: number[] = [];
  private pairAt = 0;
  /** Pairs between lineStart and the cursor. */
  private pairsOnLine = 0;

  /** The text the cursor walks over changed (offsets stay those of the whole text). */
  rebased(): void {
    this.nextLf = -1;
    this.nextCr = -1;
  }

  sawCarriageReturn(): void {
    this.crs = true;
    this.nextCr = -1;
  }

  sawSurrogatePair(offset: number): void {
    this.pairs.push(offset);
  }

  /** Counts the line ends in `text` (which starts at offset `base`) up to offset `to`. */
  moveTo(text: string, base: number, to: number): void {
    if (to <= this.cursor) return;
    // Most moves stay on the cursor's line: no line end and no surrogate pair before `to`.
    if (to <= this.nextLf && (!this.crs || to <= this.nextCr) && this.pairAt === this.pairs.length) {
      this.cursor = to;
      return;
    }
    const startLine = this.lineStart;
    let lf = this.nextLf < 0 ? find(text, base, '\n', this.cursor) : this.nextLf;
    let cr = !this.crs ? NONE : this.nextCr < 0 ? find(text, base, '\r', this.cursor) : this.nextCr;
    while (lf < to || cr < to) {
      if (cr < lf) {
        // CRLF is one line end, counted at its LF.
        if (lf !== cr + 1) {
          this.line++;
          this.lineStart = cr + 1;
        }
        cr = find(text, base, '\r', cr + 1);
      } else {
        this.line++;
        this.lineStart = lf + 1;
        lf = find(text, base, '\n', lf + 1);
      }
    }
    this.nextLf = lf;
    this.nextCr = cr;
    if (this.lineStart !== startLine) this.pairsOnLine = 0;
    const pairs = this.pairs;
    if (this.pairAt < pairs.length) {
      while (this.pairAt < pairs.length && pairs[this.pairAt]! < to) {
        if (pairs[this.pairAt]! >= this.lineStart) this.pairsOnLine++;
        this.pairAt++;
      }
      if (this.pairAt > 4096) {
        this.pairs = pairs.slice(this.pairAt);
        this.pairAt = 0;
      }
    }
    this.cursor = to;
  }

  /** Line and column of offset `at` (at or after every offset asked before). */
  at(text: string, base: number, at: number): XmlPosition {
    this.moveTo(text, base, at);
    return { line: this.line, column: at - this.lineStart - this.pairsOnLine + 1 };
  }
}

/** Offset (in the whole text) of the next `ch` at or after offset `from`, NONE if `text` has none there. */
function find(text: string, base: number, ch: string, from: number): number {
  const k = text.indexOf(ch, from - base);
  return k < 0 ? NONE : k + base;
}
