// Text from imports and from people reaches the PDF only through these functions: control characters,
// bidirectional overrides and other invisible formatting are shown as visible [U+XXXX] marks (so a
// right-to-left override cannot reorder what the reader sees), and very long tokens get break
// opportunities so they wrap instead of running off the page. Nothing is ever interpreted as markup.

/** Invisible characters that change how text reads: bidi controls, zero-width joiners, BOM, separators. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
/** C0 (except tab and newline) and C1 control characters, and DEL. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Lone surrogates cannot be encoded; they become the replacement character. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Longest run without a break opportunity before one is added (a SHA-256 is 64 and stays whole). */
const MAX_TOKEN = 72;
const ZERO_WIDTH_SPACE = '\u200b';

function mark(c: string): string {
  return `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
}

function breakLongTokens(s: string): string {
  if (s.length <= MAX_TOKEN) return s;
  return s.replace(new RegExp(`[^\\s]{${MAX_TOKEN + 1},}`, 'g'), (token) => {
    const parts: string[] = [];
    for (let i = 0; i < token.length; i += MAX_TOKEN) parts.push(token.slice(i, i + MAX_TOKEN));
    return parts.join(ZERO_WIDTH_SPACE);
  });
}

/** Multi-line text (notes, justifications): newlines kept, tabs as spaces, everything else visible. */
export function safeText(input: string | null | undefined): string {
  if (input === null || input === undefined) return '';
  const visible = input
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(INVISIBLE, mark)
    .replace(CONTROL, mark);
  return breakLongTokens(visible);
}

/** One-line text (names, titles, table cells): newlines become spaces. */
export function safeLine(input: string | null | undefined): string {
  return safeText(input).replace(/\n+/g, ' ');
}

/** Caps text at `max` characters, saying how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${(text.length - max).toLocaleString('en')} more characters]`;
}

/** "1 host", "3 hosts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
