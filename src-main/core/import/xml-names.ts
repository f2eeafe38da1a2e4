// XML 1.0 (fifth edition) character classes for the tokenizer: which code units may start or continue a
// Name, and which characters a document may contain at all. ASCII is a table lookup; the rest are ranges.

const NAME_START_ASCII = new Uint8Array(128);
const NAME_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  NAME_START_ASCII[c] = letter || c === 0x3a || c === 0x5f ? 1 : 0;
  NAME_ASCII[c] = NAME_START_ASCII[c] || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e ? 1 : 0;
}

/** NameStartChar for a code unit of the Basic Multilingual Plane that is not a surrogate. */
function isNameStartBmp(c: number): boolean {
  if (c < 0x80) return NAME_START_ASCII[c] === 1;
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNameBmp(c: number): boolean {
  if (c < 0x80) return NAME_ASCII[c] === 1;
  return isNameStartBmp(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/**
 * How many code units of `s` at `i` make one NameStartChar (1, or 2 for a surrogate pair in
 * #x10000-#xEFFFF), 0 if the character there is not one, -1 if `s` ends inside a surrogate pair.
 */
export function nameStartAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x80) return NAME_START_ASCII[c]!;
  return c >= 0xd800 && c <= 0xdfff ? astralName(s, i, c) : isNameStartBmp(c) ? 1 : 0;
}

/** The end of the run of NameChars in `s` from `i`; `s.length` also when `s` ends inside a surrogate pair. */
export function nameEnd(s: string, i: number): number {
  const len = s.length;
  while (i < len) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (NAME_ASCII[c] === 0) return i;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const n = astralName(s, i, c);
      if (n === -1) return len;
      if (n === 0) return i;
      i += 2;
    } else if (isNameBmp(c)) i++;
    else return i;
  }
  return i;
}

/** A surrogate at `i` in a Name: 2 for a pair in #x10000-#xEFFFF, -1 if `s` ends after the high half, else 0. */
function astralName(s: string, i: number, c: number): number {
  if (c > 0xdb7f) return 0;
  if (i + 1 >= s.length) return -1;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 0;
}

/** A whole string is an XML Name. */
export function isName(s: string): boolean {
  return s.length > 0 && nameStartAt(s, 0) > 0 && nameEnd(s, 0) === s.length;
}

/** XML 1.0 Char: what a character reference may produce. */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** White space as XML's S production: space, tab, line feed, carriage return. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** The run of NameChars from `s[i]` (the caller checks how it starts), or null if `s` ends before it does. */
export function nameAt(s: string, i: number): string | null {
  const end = nameEnd(s, i);
  return end >= s.length ? null : s.slice(i, end);
}

/** An element name met before, and the names its attributes had (in the order last seen). */
export interface KnownElement {
  readonly name: string;
  readonly attrs: string[];
}

/**
 * Names repeat: an element name is looked for among those met before that start with the same two
 * characters, an attribute name first where the element had it last time. A known name costs one
 * comparison and no new string, and V8 takes it as a property key without looking it up again. The
 * strings kept are V8's own copies (never a slice holding a whole piece of input), and only so many.
 */
export class NameCache {
  private readonly byStart: (KnownElement[] | undefined)[] = new Array<KnownElement[] | undefined>(4096);

  /** The element name at `s[i]`: null if `s` ends first, '' if no Name starts there. */
  element(s: string, i: number): KnownElement | null {
    const key = ((s.charCodeAt(i) & 63) << 6) | (s.charCodeAt(i + 1) & 63);
    const list = this.byStart[key];
    if (list !== undefined) {
      for (let c = 0; c < list.length; c++) if (matchesName(s, i, list[c]!.name)) return list[c]!;
    }
    const first = nameStartAt(s, i);
    if (first <= 0) return first < 0 ? null : NOT_A_NAME;
    const raw = nameAt(s, i);
    if (raw === null) return null;
    const known: KnownElement = { name: internal(raw), attrs: [] };
    if (list === undefined) this.byStart[key] = [known];
    else if (list.length < 8) list.push(known);
    else list[raw.length % 8] = known;
    return known;
  }

  /** The name of the `n`th attribute of `el` at `s[i]`: null if `s` ends first, '' if no Name starts there. */
  attribute(s: string, i: number, el: KnownElement, n: number): string | null {
    const attrs = el.attrs;
    if (n < attrs.length && matchesName(s, i, attrs[n]!)) return attrs[n]!;
    for (let j = 0; j < attrs.length; j++) {
      const known = attrs[j]!;
      if (j === n || !matchesName(s, i, known)) continue;
      // Expect it here next time.
      if (n < attrs.length) {
        attrs[j] = attrs[n]!;
        attrs[n] = known;
      }
      return known;
    }
    const first = nameStartAt(s, i);
    if (first <= 0) return first < 0 ? null : '';
    const raw = nameAt(s, i);
    if (raw === null) return null;
    const name = internal(raw);
    if (attrs.length >= 32) attrs[n % 32] = name;
    else if (n < attrs.length) {
      attrs.push(attrs[n]!);
      attrs[n] = name;
    } else attrs.push(name);
    return name;
  }
}

const NOT_A_NAME: KnownElement = { name: '', attrs: [] };

/** `name` is the whole Name at `s[i]` (and `s` goes on after it). */
export function matchesName(s: string, i: number, name: string): boolean {
  const n = name.length;
  if (i + n >= s.length) return false;
  let j = 0;
  while (j < n && name.charCodeAt(j) === s.charCodeAt(i + j)) j++;
  if (j < n) return false;
  const t = s.charCodeAt(i + n);
  return t < 0x80 ? NAME_ASCII[t] === 0 : nameEnd(s, i + n) === i + n;
}

/** The string V8 keeps for a property key: its own flat copy, compared and read without indirection. */
const internal = (raw: string): string => Object.keys({ [raw]: 0 })[0]!;
