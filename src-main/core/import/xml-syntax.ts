// The small grammars inside an XML document for the tokenizer: references (&amp; &#xa;), character
// data, attribute values, declarations, processing instructions and the DOCTYPE. Each reads a string
// from an index and returns where its construct ends (INCOMPLETE if the string stops first) or throws
// Malformed.
import { isName, isSpace, isXmlChar, nameEnd, nameStartAt } from './xml-names';

export const INCOMPLETE = -1;

export const CONTROL_MESSAGE =
  'a character that XML does not allow (a control character); expected well-formed XML: the file is damaged or was not written as XML';

/** A well-formedness error found just before index `at` of the text being read. */
export class Malformed extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const PREDEFINED = new Map<string, string>([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
  // The character references nmap writes in every script output, answered without parsing them.
  ['#xa', '\n'],
  ['#10', '\n'],
  ['#x9', '\t'],
  ['#9', '\t'],
]);

/** A name from the input, cut short for a message. */
const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * The reference at `s[a]` ('&'): sets `out.value` to what it stands for and returns the index after its
 * ';'. Only the five predefined entities and character references exist; nothing is ever declared.
 */
export function reference(s: string, a: number, out: { value: string }): number {
  let k = a + 1;
  if (s.charCodeAt(k) === 0x23) k++;
  k = nameEnd(s, k);
  if (k >= s.length) return INCOMPLETE;
  const ref = s.slice(a + 1, k);
  if (s.charCodeAt(k) !== 0x3b) {
    throw new Malformed(
      `"&${shown(ref)}" is not a reference; expected &name; or &#number; (a literal & is written &amp;)`,
      k + 1,
    );
  }
  const known = PREDEFINED.get(ref);
  if (known !== undefined) out.value = known;
  else if (ref.charCodeAt(0) === 0x23) out.value = character(ref, k + 1);
  else if (ref === '') throw new Malformed('"&;" names nothing; expected an entity name or a character number', k + 1);
  else if (!isName(ref)) throw new Malformed(`"&${shown(ref)};" is not a valid entity name`, k + 1);
  else {
    throw new Malformed(
      `undeclared entity &${shown(ref)}; expected only &lt; &gt; &amp; &quot; &apos; or a character reference (entities are never declared or expanded)`,
      k + 1,
    );
  }
  return k + 1;
}

/** A character reference "#65" or "#x41" (without & and ;). */
function character(ref: string, at: number): string {
  const hex = ref.charCodeAt(1) === 0x78;
  const from = hex ? 2 : 1;
  let cp = ref.length > from ? 0 : Number.NaN;
  for (let j = from; j < ref.length && !Number.isNaN(cp); j++) {
    const c = ref.charCodeAt(j);
    let d = c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
    if (hex && d < 0) d = c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    cp = d < 0 ? Number.NaN : Math.min(cp * (hex ? 16 : 10) + d, 0x110000);
  }
  if (isXmlChar(cp)) return String.fromCodePoint(cp);
  if (Number.isNaN(cp) || cp > 0x10ffff) {
    throw new Malformed(`"&${shown(ref)};" is not a character reference; expected &#decimal; or &#xhex;`, at);
  }
  throw new Malformed(CONTROL_MESSAGE, at);
}

/** Characters that make an attribute value need more than a slice: tab, LF, CR, '&', '<'. */
export const ATTR_SPECIAL = new Uint8Array(0x3d);
for (const c of [0x09, 0x0a, 0x0d, 0x26, 0x3c]) ATTR_SPECIAL[c] = 1;

/**
 * The value of attribute `name` between its quotes (s[from..to)): references replaced, and each literal
 * tab, line end (CRLF counts once) turned into a space, as XML normalises attribute values.
 */
export function attributeValue(s: string, from: number, to: number, name: string, ref: { value: string }): string {
  let k = from;
  while (k < to) {
    const c = s.charCodeAt(k);
    if (c < 0x3d && ATTR_SPECIAL[c] === 1) break;
    k++;
  }
  if (k === to) return s.slice(from, to);
  let out = '';
  let start = from;
  for (; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x3d || ATTR_SPECIAL[c] === 0) continue;
    if (c === 0x3c) {
      throw new Malformed(
        `"<" inside the value of attribute ${name}; expected its closing quote first (a "<" in a value is written &lt;)`,
        k + 1,
      );
    }
    out += s.slice(start, k);
    if (c === 0x26) {
      start = reference(s, k, ref);
      if (start === INCOMPLETE) return out;
      out += ref.value;
      k = start - 1;
      continue;
    }
    out += ' ';
    if (c === 0x0d && s.charCodeAt(k + 1) === 0x0a) k++;
    start = k + 1;
  }
  return out + s.slice(start, to);
}

/** Characters that make a text run need more than a slice: '&', CR and '>' (for "]]>"). */
const TEXT_SPECIAL = new Uint8Array(0x3f);
for (const c of [0x26, 0x0d, 0x3e]) TEXT_SPECIAL[c] = 1;

const textRef = { value: '' };

/**
 * Character data from `s[i]` to the next '<', or as far as it is whole when `s` ends first (a reference,
 * a CR or a "]]" cut short waits, unless `final`): sets `out.value` to the text, with references
 * replaced and CRLF or CR made LF, and returns where it stops (INCOMPLETE if nothing is whole yet).
 */
export function characterData(s: string, i: number, final: boolean, out: { value: string }): number {
  const len = s.length;
  const lt = s.indexOf('<', i);
  let to = lt < 0 ? len : lt;
  let text = '';
  let start = i;
  for (let k = i; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x3f || TEXT_SPECIAL[c] === 0) continue;
    if (c === 0x26) {
      const r = reference(s, k, textRef);
      if (r === INCOMPLETE) {
        to = k;
        break;
      }
      text += s.slice(start, k) + textRef.value;
      start = r;
      k = r - 1;
    } else if (c === 0x0d) {
      if (k + 1 === len && !final) {
        to = k;
        break;
      }
      text += s.slice(start, k) + '\n';
      if (s.charCodeAt(k + 1) === 0x0a) k++;
      start = k + 1;
    } else if (k - 2 >= i && s.charCodeAt(k - 1) === 0x5d && s.charCodeAt(k - 2) === 0x5d) {
      throw new Malformed('"]]>" in text; expected it only to end a CDATA section (write ]]&gt;)', k + 1);
    }
  }
  // "]" or "]]" at the end may be the start of "]]>": they wait for the next piece.
  if (lt < 0 && !final) while (to > start && to > len - 2 && s.charCodeAt(to - 1) === 0x5d) to--;
  if (to <= i) return INCOMPLETE;
  out.value = text + s.slice(start, to);
  return to;
}

/**
 * Where the next character is that keeps an attribute value from being a plain slice: '&', '<', LF, tab,
 * and CR if the input has any. Each is found by indexOf and remembered until reading passes it, so a
 * value costs a few comparisons, not a look at each of its characters.
 */
export class ValueSpecials {
  private amp = -1;
  private lt = -1;
  private lf = -1;
  private tab = -1;
  private cr = -1;

  /** The string read is another one now. */
  forget(): void {
    this.amp = this.lt = this.lf = this.tab = this.cr = -1;
  }

  /** The offset of the first of them in `s` from `from` on (Infinity if none). */
  after(s: string, from: number, crs: boolean): number {
    if (this.amp < from) this.amp = found(s.indexOf('&', from));
    if (this.lt < from) this.lt = found(s.indexOf('<', from));
    if (this.lf < from) this.lf = found(s.indexOf('\n', from));
    if (this.tab < from) this.tab = found(s.indexOf('\t', from));
    let first = Math.min(this.amp, this.lt, this.lf, this.tab);
    if (crs) {
      if (this.cr < from) this.cr = found(s.indexOf('\r', from));
      first = Math.min(first, this.cr);
    }
    return first;
  }
}

/** An indexOf answer as an offset to compare with: none is past everything. */
const found = (k: number) => (k < 0 ? Number.POSITIVE_INFINITY : k);

const XML_DECL =
  /^\s+version\s*=\s*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:\s+encoding\s*=\s*(?:"[A-Za-z][\w.-]*"|'[A-Za-z][\w.-]*'))?(?:\s+standalone\s*=\s*(?:"(?:yes|no)"|'(?:yes|no)'))?\s*$/;

/**
 * The processing instruction at `s[i]` ("<?"), skipped; the XML declaration is checked, and allowed only
 * where `declarationHere` says the document starts.
 */
export function processingInstruction(s: string, i: number, declarationHere: boolean): number {
  if (i + 2 >= s.length) return INCOMPLETE;
  const first = nameStartAt(s, i + 2);
  if (first < 0) return INCOMPLETE;
  if (first === 0) {
    const c = s.charCodeAt(i + 2);
    throw new Malformed(
      c === 0x3f || isSpace(c)
        ? 'processing instruction without a target; expected <?target ...?>'
        : 'a character that cannot start a processing instruction target; expected <?target ...?>',
      i + 3,
    );
  }
  const t = nameEnd(s, i + 2 + first);
  if (t >= s.length) return INCOMPLETE;
  const c = s.charCodeAt(t);
  if (c !== 0x3f && !isSpace(c)) {
    throw new Malformed(
      'a character that cannot be in a processing instruction target; expected <?target ...?>',
      t + 1,
    );
  }
  const target = s.slice(i + 2, t);
  const isDeclaration = target.length === 3 && target.toLowerCase() === 'xml';
  if (isDeclaration && !declarationHere) {
    throw new Malformed(
      'an XML declaration (<?xml ...?>) that is not at the very start of the document; expected it first or not at all',
      t + 1,
    );
  }
  if (!isDeclaration) {
    const end = s.indexOf('?>', t);
    return end < 0 ? INCOMPLETE : end + 2;
  }
  // A declaration holds no '>' but its last: the first one ends it, well-formed or not.
  const gt = s.indexOf('>', t);
  if (gt < 0) return INCOMPLETE;
  if (target !== 'xml' || s.charCodeAt(gt - 1) !== 0x3f || !XML_DECL.test(s.slice(t, gt - 1))) {
    throw new Malformed(
      'malformed XML declaration; expected <?xml version="1.x" encoding="..." standalone="yes|no"?>',
      gt + 1,
    );
  }
  return gt + 1;
}

/** The end of a comment whose text starts at `s[i]` (after "<!--"), INCOMPLETE if `s` stops first. */
export function commentEnd(s: string, i: number): number {
  const k = s.indexOf('--', i);
  if (k < 0 || k + 2 >= s.length) return INCOMPLETE;
  if (s.charCodeAt(k + 2) !== 0x3e) {
    throw new Malformed('"--" inside a comment; expected "-->" to end it (a comment may not contain "--")', k + 3);
  }
  return k + 3;
}

/** The DOCTYPE declaration at `s[i]` ("<!DOCTYPE"), skipped: quoted strings, an internal subset, its end. */
export function doctype(s: string, i: number): number {
  const len = s.length;
  let k = i + 9;
  while (k < len) {
    const c = s.charCodeAt(k);
    if (c === 0x22 || c === 0x27) {
      k = afterQuoted(s, k);
      if (k < 0) return INCOMPLETE;
    } else if (c === 0x5b) {
      k = internalSubset(s, k + 1);
      if (k < 0) return INCOMPLETE;
    } else if (c === 0x3e) {
      if (/<!ENTITY/i.test(s.slice(i, k))) {
        throw new Malformed(
          'the DOCTYPE declares entities; entity declarations are refused (entity expansion / external entity attacks)',
          k + 1,
        );
      }
      return k + 1;
    } else k++;
  }
  return INCOMPLETE;
}

/** The index after the quoted string that starts at `s[k]` (a quote), or INCOMPLETE. */
function afterQuoted(s: string, k: number): number {
  const e = s.indexOf(s.charCodeAt(k) === 0x22 ? '"' : "'", k + 1);
  return e < 0 ? INCOMPLETE : e + 1;
}

/** The index after the "]" that ends an internal DTD subset starting at `s[k]`. */
function internalSubset(s: string, k: number): number {
  const len = s.length;
  while (k < len) {
    const c = s.charCodeAt(k);
    if (c === 0x22 || c === 0x27) {
      k = afterQuoted(s, k);
      if (k < 0) return INCOMPLETE;
    } else if (c === 0x5d) return k + 1;
    else if (c === 0x3c && s.startsWith('<!--', k)) {
      k = commentEnd(s, k + 4);
      if (k < 0) return INCOMPLETE;
    } else if (c === 0x3c && s.charCodeAt(k + 1) === 0x3f) {
      const e = s.indexOf('?>', k + 2);
      if (e < 0) return INCOMPLETE;
      k = e + 2;
    } else if (c === 0x3c && k + 4 > len) return INCOMPLETE;
    else k++;
  }
  return INCOMPLETE;
}
