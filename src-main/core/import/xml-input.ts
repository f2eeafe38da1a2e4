// The input side of the XML tokenizer: pieces of text split anywhere come in; what has been read is
// dropped and only the start of an unfinished token is kept, so nothing is rescanned or recopied whole.
// It also finds the first character XML forbids (the first error wins, wherever it is found) and turns
// offsets into lines and columns.
import { ParseError } from './types';
import type { XmlPosition } from './xml';
import { LineCounter } from './xml-lines';
import { CONTROL_MESSAGE, INCOMPLETE, Malformed } from './xml-syntax';

/** A piece longer than this is not copied behind a leftover token (see write). */
const BRIDGE = 4096;

/** XML forbids these anywhere; surrogates are checked in pairs. The first list also finds the first CR. */
const FORBIDDEN_OR_CR = /[\x00-\x08\x0B\x0C\x0D\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;

export abstract class XmlInput {
  /** Unread text, from offset `base` of the whole input; reading resumes at `pos` in it. */
  protected buf = '';
  protected pos = 0;
  protected base = 0;
  /** Length of the whole input so far. */
  protected total = 0;
  /** Offset of the first character XML forbids (anything found after it is not reported). */
  protected bad = Number.POSITIVE_INFINITY;
  /** The input has a CR somewhere. */
  protected crs = false;
  /** Offset after a byte order mark, where an XML declaration may be. */
  protected docStart = 0;
  /** Offset of the event being reported, or the end of the input between writes. */
  protected now = 0;
  /** Pieces held back while an unfinished token waits for one of `needles` (null: not waiting). */
  private needles: string | null = null;
  private held: string[] = [];
  /** A high surrogate that ended the last piece, read with the next. */
  private carry = '';
  private readonly lines = new LineCounter();

  /** Reads `buf` from `pos` as far as it can (to the end, if `final`), leaving `pos` after what it read. */
  protected abstract read(final: boolean): void;

  /** Line and column of an offset not before any asked for earlier; by default where reading is now. */
  position(offset = this.now): XmlPosition {
    // Text held back while a token waits is not in `buf` yet: its lines are counted once it is.
    return this.lines.at(this.buf, this.base, Math.min(offset, this.base + this.buf.length));
  }

  write(text: string): void {
    let piece = this.carry === '' ? text : this.carry + text;
    this.carry = '';
    // A high surrogate that ends the piece waits for the other half of its pair.
    const last = piece.charCodeAt(piece.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.carry = piece.slice(-1);
      piece = piece.slice(0, -1);
    }
    if (piece.length === 0) return;
    const start = this.total;
    this.total += piece.length;
    this.check(piece, start);
    // A CR at the end may be half of a CRLF: "now" stays before it.
    this.now = piece.charCodeAt(piece.length - 1) === 0x0d ? this.total - 1 : this.total;
    if (this.needles !== null && this.bad >= this.total && !hasAny(piece, this.needles)) {
      this.held.push(piece);
      return;
    }
    const cut = piece.indexOf('>') + 1;
    if (this.pos < this.buf.length && this.held.length === 0 && piece.length > BRIDGE && cut > 0 && cut < BRIDGE) {
      // Finish the leftover on a small string, with the piece up to its first '>'; then read the piece
      // where it lies rather than copy it behind the leftover.
      this.append(piece.slice(0, cut));
      this.run(false);
      if (this.pos < this.buf.length) {
        this.append(piece.slice(cut));
        this.run(false);
        return;
      }
      this.lines.moveTo(this.buf, this.base, this.base + this.pos);
      this.buf = piece;
      this.base = start;
      this.pos = cut;
      this.rebased();
    } else {
      this.append(piece);
      // A byte order mark is skipped (and counted in columns, as saxes did).
      if (start === 0 && piece.charCodeAt(0) === 0xfeff) this.pos = this.docStart = 1;
    }
    this.run(false);
  }

  /** No more input: reads the rest, as the end of the document. */
  protected finish(): void {
    if (this.carry !== '') {
      this.check(this.carry, this.total);
      this.total += 1;
      this.held.push(this.carry);
      this.carry = '';
    }
    this.now = this.total;
    this.append('');
    this.run(true);
  }

  /** The unfinished token waits for one of `needles` (null: for any more input) before it is read again. */
  protected wait(needles: string | null): number {
    this.needles = needles;
    return INCOMPLETE;
  }

  /** `buf` is another string now: what was found in the old one is forgotten. */
  protected rebased(): void {
    this.lines.rebased();
  }

  /** The ParseError for a Malformed found in `buf`, unless a forbidden character comes first. */
  protected fault(err: Malformed): ParseError {
    let message = err.message;
    // Just after a character: after both halves of a surrogate pair, after both of CRLF.
    const c = this.buf.charCodeAt(err.at);
    const before = this.buf.charCodeAt(err.at - 1);
    const pairCut = (before === 0x0d && c === 0x0a) || (before >= 0xd800 && before <= 0xdbff && isLow(c));
    let at = this.base + err.at + (pairCut ? 1 : 0);
    if (this.bad < at) {
      message = CONTROL_MESSAGE;
      at = this.bad + 1;
    }
    const p = this.lines.at(this.buf, this.base, at);
    return new ParseError(message, p.line, p.column);
  }

  private run(final: boolean): void {
    this.needles = null;
    try {
      this.read(final);
      // Reading found no error before the end of `buf`: a forbidden character in it is the first one.
      if (this.bad < this.base + this.buf.length) throw new Malformed(CONTROL_MESSAGE, this.buf.length);
    } catch (err) {
      throw err instanceof Malformed ? this.fault(err) : err;
    }
  }

  /** Finds the first forbidden character of a new piece (and the first CR, for the line counter). */
  private check(piece: string, start: number): void {
    if (this.bad !== Number.POSITIVE_INFINITY) return;
    let from = 0;
    for (;;) {
      const re = this.crs ? FORBIDDEN : FORBIDDEN_OR_CR;
      re.lastIndex = from;
      const m = re.exec(piece);
      if (m === null) return;
      const k = m.index;
      const c = piece.charCodeAt(k);
      from = k + 1;
      if (c === 0x0d) {
        this.crs = true;
        this.lines.sawCarriageReturn();
      } else if (c >= 0xd800 && c <= 0xdbff && isLow(piece.charCodeAt(k + 1))) {
        this.lines.sawSurrogatePair(start + k);
        from = k + 2;
      } else {
        this.bad = start + k;
        return;
      }
    }
  }

  /** Drops what was read, keeps the rest and the held pieces, and adds `piece`. */
  private append(piece: string): void {
    let keep = this.pos;
    // A CR stays with the unread text, so that a CRLF split between pieces is counted as one line end.
    if (keep > 0 && this.buf.charCodeAt(keep - 1) === 0x0d) keep--;
    this.lines.moveTo(this.buf, this.base, this.base + keep);
    const rest = keep < this.buf.length ? this.buf.slice(keep) : '';
    const held = this.held.length === 0 ? '' : this.held.join('');
    this.held = [];
    // One flat string (join builds one; + would make a rope that every read goes through).
    this.buf = rest === '' && held === '' ? piece : [rest, held, piece].join('');
    this.base += keep;
    this.pos -= keep;
    this.rebased();
  }
}

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

function hasAny(piece: string, needles: string): boolean {
  for (let n = 0; n < needles.length; n++) if (piece.indexOf(needles[n]!) >= 0) return true;
  return false;
}
