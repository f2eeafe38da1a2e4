// A streaming XML tokenizer for the scan formats: text arrives in pieces split anywhere, elements come
// out as open/close events with their attributes and own text. Only what is not yet a whole token is
// kept between pieces; scanning is indexOf and charCodeAt over the piece, slicing each value once.
// Well-formedness errors are ParseErrors at the line and column just after the character that shows
// them, the first one in the document winning. Nothing is ever declared, expanded or fetched.
import { XmlInput } from './xml-input';
import { NameCache, isSpace, matchesName, nameAt, nameStartAt } from './xml-names';
import {
  ATTR_SPECIAL,
  CONTROL_MESSAGE,
  INCOMPLETE,
  Malformed,
  ValueSpecials,
  attributeValue,
  characterData,
  commentEnd,
  doctype,
  processingInstruction,
} from './xml-syntax';

export interface TokenEvents {
  /** An element starts; its ancestors are in `path`. `end` is the offset just after its tag. */
  open(name: string, attrs: Record<string, string>, end: number): void;
  /** An element ends (its ancestors are in `path`), with its own text and CDATA. */
  close(name: string, text: string, end: number): void;
}

const TEXT = 0;
const COMMENT = 1;
const CDATA = 2;
/** Text outside the root that is not white space: an error once it is known where the run ends. */
const JUNK = 3;

export class XmlTokenizer extends XmlInput {
  /** Names of the open elements, root first. */
  readonly path: string[] = [];
  /** The text of each open element so far. */
  private readonly texts: string[] = [];
  private mode = TEXT;
  private sawRoot = false;
  private rootClosed = false;
  private sawDoctype = false;
  private readonly ref = { value: '' };
  private readonly names = new NameCache();
  /** The attribute names of the tag being read (the first 16). */
  private readonly seen: string[] = new Array<string>(16).fill('');
  private readonly special = new ValueSpecials();
  /** "nmaprun" or "a> or <b", between angle brackets in messages. */
  private readonly roots: string;

  constructor(
    private readonly events: TokenEvents,
    /** The root elements expected, for messages. */
    roots: readonly string[],
  ) {
    super();
    this.roots = roots.join('> or <');
  }

  end(): void {
    this.finish();
    const at = this.total - this.base;
    if (this.mode === JUNK) throw this.fault(this.outsideRoot(at));
    if (!this.sawRoot) throw this.fault(new Malformed(`no XML element found; expected <${this.roots}>`, at));
    const open = this.path[this.path.length - 1];
    if (open !== undefined) {
      throw this.fault(
        new Malformed(`the file ends inside <${open}>; expected its </${open}> (the file may be cut short)`, at),
      );
    }
    if (this.pos < this.buf.length || this.mode !== TEXT) {
      throw this.fault(new Malformed('the file ends inside a tag, comment or declaration; expected it complete', at));
    }
  }

  protected read(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let i = this.pos;
    while (i < len) {
      let next: number;
      if (this.mode === TEXT) {
        if (buf.charCodeAt(i) === 0x3c) next = this.markup(i);
        else next = this.path.length > 0 ? this.text(i, final) : this.outside(i, final);
      } else if (this.mode === COMMENT) next = this.comment(i);
      else if (this.mode === CDATA) next = this.cdata(i, final);
      else next = this.junk(i, final);
      if (next === INCOMPLETE) break;
      if (this.base + next > this.bad) throw new Malformed(CONTROL_MESSAGE, next);
      i = next;
    }
    this.pos = i;
  }

  protected override rebased(): void {
    super.rebased();
    this.special.forget();
  }

  private outsideRoot(at: number): Malformed {
    return new Malformed(`text outside the root element; expected an XML document whose root is <${this.roots}>`, at);
  }

  private markup(i: number): number {
    const buf = this.buf;
    if (i + 1 >= buf.length) return INCOMPLETE;
    const c = buf.charCodeAt(i + 1);
    if (c === 0x2f) return this.closeTag(i);
    if (c === 0x3f) {
      const end = processingInstruction(buf, i, this.base + i === this.docStart);
      return end === INCOMPLETE ? this.wait('>') : end;
    }
    if (c !== 0x21) return this.openTag(i);
    if (buf.startsWith('--', i + 2)) {
      this.mode = COMMENT;
      return i + 4;
    }
    if (i + 9 > buf.length) return INCOMPLETE;
    const word = buf.slice(i + 2, i + 9);
    if (word === '[CDATA[') {
      if (this.path.length === 0) throw this.outsideRoot(i + 9);
      this.mode = CDATA;
      return i + 9;
    }
    if (word !== 'DOCTYPE') {
      throw new Malformed('"<!" not followed by "--", "[CDATA[" or "DOCTYPE"; expected one of them', i + 9);
    }
    if (this.sawDoctype || this.sawRoot) {
      throw new Malformed('a DOCTYPE after the root element or after another one; expected one, first', i + 9);
    }
    const end = doctype(buf, i);
    if (end === INCOMPLETE) return this.wait('>');
    this.sawDoctype = true;
    return end;
  }

  private openTag(i: number): number {
    const buf = this.buf;
    const len = buf.length;
    const element = this.names.element(buf, i + 1);
    if (element === null) return this.wait('<>');
    const name = element.name;
    if (name === '') {
      throw new Malformed('"<" not followed by an element name; expected a tag (a "<" in text is written &lt;)', i + 2);
    }
    let k = i + 1 + name.length;
    if (this.path.length === 0) {
      if (this.rootClosed) {
        throw new Malformed(`a second root element <${name}>; expected nothing but comments after the root`, k + 1);
      }
      this.sawRoot = true;
    }
    const attrs = Object.create(NO_MEMBERS) as Record<string, string>;
    let count = 0;
    let duplicate: string | null = null;
    let c = buf.charCodeAt(k);
    if (c !== 0x20 && c !== 0x3e && c !== 0x2f && !isSpace(c)) {
      throw new Malformed(
        `a character that cannot be in the element name <${name}…>; expected a name, then ">"`,
        k + 1,
      );
    }
    for (;;) {
      while (c <= 0x20 && isSpace(c)) c = buf.charCodeAt(++k);
      if (k >= len) return this.wait('<>');
      if (c === 0x3e) return this.opened(name, attrs, duplicate, k + 1, false);
      if (c === 0x2f) {
        if (k + 1 >= len) return this.wait('<>');
        if (buf.charCodeAt(k + 1) !== 0x3e)
          throw new Malformed(`"/" in <${name}> not followed by ">"; expected "/>" to end an empty element`, k + 2);
        return this.opened(name, attrs, duplicate, k + 2, true);
      }
      const attr = this.names.attribute(buf, k, element, count++);
      if (attr === null) return this.wait('<>');
      if (attr === '')
        throw new Malformed(
          `a character that cannot start an attribute name in <${name}>; expected a name, "/>" or ">"`,
          k + 1,
        );
      k += attr.length;
      c = buf.charCodeAt(k);
      if (c !== 0x3d) {
        while (c <= 0x20 && isSpace(c)) c = buf.charCodeAt(++k);
        if (k >= len) return this.wait('<>');
        if (c !== 0x3d) {
          throw new Malformed(`attribute ${attr} of <${name}> without a value; expected ${attr}="..."`, k + 1);
        }
      }
      c = buf.charCodeAt(++k);
      if (c !== 0x22 && c !== 0x27) {
        while (c <= 0x20 && isSpace(c)) c = buf.charCodeAt(++k);
        if (k >= len) return this.wait('<>');
        if (c !== 0x22 && c !== 0x27) {
          throw new Malformed(`unquoted value of attribute ${attr} of <${name}>; expected a value in quotes`, k + 1);
        }
      }
      // Most values are short: looked at character by character for the quote and anything special;
      // a long one is found with indexOf.
      const q = c;
      let close = k + 1;
      let plain = true;
      const stop = Math.min(len, k + 33);
      for (; close < stop; close++) {
        const d = buf.charCodeAt(close);
        if (d === q) break;
        if (d < 0x3d && ATTR_SPECIAL[d] === 1) plain = false;
      }
      if (close === stop) {
        close = buf.indexOf(q === 0x22 ? '"' : "'", k + 1);
        if (close < 0) {
          // Report an error in the value so far now (a '<' always is one), or wait for its quote.
          const lt = buf.indexOf('<', k + 1);
          attributeValue(buf, k + 1, lt < 0 ? len : lt + 1, attr, this.ref);
          return this.wait(q === 0x22 ? '<"' : "<'");
        }
        plain = this.special.after(buf, k + 1, this.crs) >= close;
      }
      const value = plain ? buf.slice(k + 1, close) : attributeValue(buf, k + 1, close, attr, this.ref);
      // Names are V8's own strings (NameCache): the same name is the same string, compared at once.
      const seen = this.seen;
      let twice = false;
      if (count <= seen.length) {
        for (let j = 0; j < count - 1; j++) if (seen[j] === attr) twice = true;
        seen[count - 1] = attr;
      } else twice = attrs[attr] !== undefined;
      if (!twice) attrs[attr] = value;
      else duplicate ??= attr;
      k = close + 1;
      if (k >= len) return this.wait('<>');
      c = buf.charCodeAt(k);
      if (c !== 0x20 && c !== 0x3e && c !== 0x2f && !isSpace(c)) {
        throw new Malformed(
          nameStartAt(buf, k) > 0
            ? `no space between attributes of <${name}>; expected a space after ${attr}="..."`
            : `a character that cannot start an attribute name in <${name}>; expected a name, "/>" or ">"`,
          k + 1,
        );
      }
    }
  }

  private opened(name: string, attrs: Record<string, string>, dup: string | null, end: number, empty: boolean): number {
    if (dup !== null) throw new Malformed(`attribute ${dup} appears twice in <${name}>; expected it once`, end);
    const at = this.emitting(end);
    this.events.open(name, attrs, at);
    if (empty) this.events.close(name, '', at);
    else {
      this.path.push(name);
      this.texts.push('');
    }
    if (this.path.length === 0) this.rootClosed = true;
    return end;
  }

  private closeTag(i: number): number {
    const buf = this.buf;
    const len = buf.length;
    const open = this.path[this.path.length - 1];
    // Mostly the name is that of the open element: no need to make it again.
    const name = open !== undefined && matchesName(buf, i + 2, open) ? open : nameAt(buf, i + 2);
    if (name === null) return this.wait('>');
    let k = i + 2 + name.length;
    let c = buf.charCodeAt(k);
    while (isSpace(c)) c = buf.charCodeAt(++k);
    if (k >= len) return this.wait('>');
    if (c !== 0x3e) throw new Malformed(`a character that cannot be in the close tag </${name}>; expected ">"`, k + 1);
    const end = k + 1;
    if (name === '') throw new Malformed('"</>" without an element name; expected </name>', end);
    if (open === undefined)
      throw new Malformed(`close tag </${name}> without an open element; expected <${name}> before it`, end);
    const at = this.emitting(end);
    this.path.pop();
    this.events.close(open, this.texts.pop() ?? '', at);
    // The words saxes used: the PAN-OS reader and its tests know them.
    if (open !== name) throw new Malformed('unexpected close tag', end);
    if (this.path.length === 0) this.rootClosed = true;
    return end;
  }

  /** The offset of an event ending at `end`, once nothing forbidden comes before it. */
  private emitting(end: number): number {
    const at = this.base + end;
    if (this.bad < at) throw new Malformed(CONTROL_MESSAGE, end);
    this.now = at;
    return at;
  }

  /** Character data inside an element. */
  private text(i: number, final: boolean): number {
    const to = characterData(this.buf, i, final, this.ref);
    if (to !== INCOMPLETE) this.texts[this.texts.length - 1] += this.ref.value;
    return to;
  }

  /** Text before or after the root: white space only. */
  private outside(i: number, final: boolean): number {
    const buf = this.buf;
    let k = i;
    while (k < buf.length && isSpace(buf.charCodeAt(k))) k++;
    if (k === buf.length || buf.charCodeAt(k) === 0x3c) return k;
    this.mode = JUNK;
    return this.junk(k, final);
  }

  /** Inside text that has no place outside the root: the error is reported where the run ends. */
  private junk(i: number, final: boolean): number {
    const buf = this.buf;
    for (let k = i; k < buf.length; k++) {
      const c = buf.charCodeAt(k);
      if (c === 0x3c || c === 0x26) throw this.outsideRoot(k + 1);
    }
    if (final) throw this.outsideRoot(buf.length);
    return buf.length;
  }

  private comment(i: number): number {
    const end = commentEnd(this.buf, i);
    if (end !== INCOMPLETE) {
      this.mode = TEXT;
      return end;
    }
    // Skip what cannot hold the end of the comment; keep a last '-' (or "--" with nothing after it yet).
    const dash = this.buf.indexOf('--', i);
    const skip =
      dash >= 0 ? dash : this.buf.charCodeAt(this.buf.length - 1) === 0x2d ? this.buf.length - 1 : this.buf.length;
    return skip > i ? skip : INCOMPLETE;
  }

  private cdata(i: number, final: boolean): number {
    const buf = this.buf;
    const len = buf.length;
    const k = buf.indexOf(']]>', i);
    let to = k < 0 ? len : k;
    if (k < 0 && !final) {
      while (to > i && to > len - 2 && buf.charCodeAt(to - 1) === 0x5d) to--;
      if (to > i && buf.charCodeAt(to - 1) === 0x0d) to--;
    }
    if (to > i) {
      const piece = buf.slice(i, to);
      this.texts[this.texts.length - 1] += piece.indexOf('\r') < 0 ? piece : piece.replace(/\r\n?/g, '\n');
    }
    if (k < 0) return to > i ? to : INCOMPLETE;
    this.mode = TEXT;
    return k + 3;
  }
}

/** The prototype of attribute objects: nothing in it, so no member can pass for an attribute. */
const NO_MEMBERS: object = Object.freeze(Object.create(null));
