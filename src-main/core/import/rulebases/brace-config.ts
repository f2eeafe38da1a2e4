// The hierarchical text configurations of JunOS and PAN-OS, in either form: curly ("security { policies
// { ... } }") or flat ("set security policies ..."). Both become statements holding the full path of words
// from the root, so one interpreter per vendor reads either form; blocks keep their line span for the report.
import { ParseError } from '../types';

/** A `name {` ... `}` block of the curly form; its words start at `start` in each statement's words. */

/** Real JunOS / PAN-OS configurations nest a dozen levels; far deeper input is hostile or broken. */
const MAX_DEPTH = 512;
export interface Block {
  words: string[];
  start: number;
  line: number;
  endLine: number;
  /** The /* comment *\/ written just before the block header, if any (generators put descriptions there). */
  comment: string | null;
}

export interface Statement {
  /** The full path from the root: block header words, then the statement's own words; [ ] lists flattened. */
  words: string[];
  line: number;
  /** Enclosing blocks, outermost first (none in the set form). */
  blocks: Block[];
  /**
   * Where the inactive part starts, as an index into `words`: a block or statement marked `inactive:` in the
   * curly form, a path named by a `deactivate` line in the set form; null when all of it is active.
   */
  inactiveFrom: number | null;
  /** set | deactivate | delete | activate | move | ... (the first word of a set-form line; 'set' in curly). */
  verb: string;
}

/** The text of the file, kept once, to quote a rule's own lines in the report. */
export class SourceText {
  private readonly chunks: string[] = [];
  private lines: string[] | null = null;

  write(text: string): void {
    this.chunks.push(text);
    this.lines = null;
  }

  text(): string {
    const all = this.chunks.join('');
    this.chunks.length = 0;
    this.chunks.push(all);
    return all;
  }

  allLines(): string[] {
    this.lines ??= this.text().split(/\r?\n/);
    return this.lines;
  }

  /** Lines `from`..`to` (1-based, inclusive). */
  range(from: number, to: number): string {
    return this.allLines()
      .slice(from - 1, to)
      .join('\n');
  }
}

/** Control characters other than tab, CR, LF and form feed mean the input is not a text configuration. */
export function checkText(text: string, what: string): void {
  const bad = /[\u0001-\u0008\u000b\u000e-\u001f\u007f]/.exec(text);
  if (!bad) return;
  const line = text.slice(0, bad.index).split('\n').length;
  throw new ParseError(
    `a control character (0x${bad[0].charCodeAt(0).toString(16).padStart(2, '0')}); expected ${what} as text`,
    line,
    null,
  );
}

const MARKERS = new Set(['inactive:', 'replace:', 'protect:', 'unprotect:', 'active:']);

/**
 * Tokenises the curly form. `#` starts a comment where a statement starts (JunOS headers, "## SECRET-DATA"
 * after a `;`), /* *\/ comments are kept for the next block, `inactive:` marks what follows.
 */
export function parseCurly(text: string, what: string): Statement[] {
  checkText(text, what);
  const out: Statement[] = [];
  const stack: { block: Block; inactiveFrom: number | null }[] = [];
  let words: string[] = [];
  let wordsLine = 0;
  let inactiveNext = false;
  let lastComment: string | null = null;
  let line = 1;
  let i = 0;
  const n = text.length;

  // The words of all open blocks, kept incrementally: a deep file must not cost depth on every brace.
  let prefixLength = 0;
  const prefix = (): string[] => stack.flatMap((s) => s.block.words);
  const inactiveNow = (): number | null => {
    const outer = stack.length > 0 ? stack[stack.length - 1]!.inactiveFrom : null;
    return outer ?? (inactiveNext ? prefixLength : null);
  };
  const push = (w: string) => {
    if (words.length === 0) {
      if (MARKERS.has(w)) {
        if (w === 'inactive:') inactiveNext = true;
        return;
      }
      wordsLine = line;
    }
    words.push(w);
  };
  const flush = () => {
    if (words.length > 0) {
      out.push({
        words: [...prefix(), ...words],
        line: wordsLine,
        blocks: stack.map((s) => s.block),
        inactiveFrom: inactiveNow(),
        verb: 'set',
      });
    }
    words = [];
    inactiveNext = false;
    lastComment = null;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '#' && words.length === 0) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new ParseError(`a /* comment is never closed; expected "*/" (the file is cut?)`, line, null);
      const body = text.slice(i + 2, end);
      lastComment = body
        .split('\n')
        .map((l) => l.replace(/^\s*\**\s?/, '').trim())
        .filter((l) => l !== '' && !/^\$\w+:.*\$$/.test(l))
        .join(' ');
      line += body.split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      const startLine = line;
      let j = i + 1;
      let s = '';
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n) {
          j++;
        }
        if (text[j] === '\n') line++;
        s += text[j];
        j++;
      }
      if (j >= n) throw new ParseError("a quoted string is never closed; expected a closing '\"'", startLine, null);
      if (words.length === 0) wordsLine = startLine;
      words.push(s);
      i = j + 1;
    } else if (c === '{') {
      if (words.length === 0) throw new ParseError("a '{' with no name before it; expected 'name {'", line, null);
      if (stack.length >= MAX_DEPTH) {
        throw new ParseError(
          `blocks nested deeper than ${MAX_DEPTH} levels; no real configuration nests so deep`,
          line,
          null,
        );
      }
      const block: Block = { words, start: prefixLength, line: wordsLine, endLine: wordsLine, comment: lastComment };
      stack.push({ block, inactiveFrom: inactiveNow() });
      prefixLength += words.length;
      words = [];
      inactiveNext = false;
      lastComment = null;
      i++;
    } else if (c === '}') {
      // A last statement without its ';' (seen in hand-edited files) still counts.
      flush();
      const top = stack.pop();
      if (!top) throw new ParseError("a '}' closes no block; expected balanced braces", line, null);
      prefixLength -= top.block.words.length;
      top.block.endLine = line;
      i++;
    } else if (c === ';') {
      flush();
      i++;
    } else if (c === '[' || c === ']') {
      // [ a b ] lists: the members simply follow the statement's keyword.
      i++;
    } else {
      let j = i;
      while (j < n && !/[\s{};"[\]]/.test(text[j]!)) j++;
      push(text.slice(i, j));
      i = j;
    }
  }
  if (words.length > 0) {
    throw new ParseError(
      `the configuration ends inside a statement ("${words.join(' ').slice(0, 60)}"); expected ';' (the file is cut?)`,
      wordsLine,
      null,
    );
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1]!.block;
    throw new ParseError(
      `the configuration ends inside ${stack.length} open block(s); expected '}' for "${open.words.join(' ')}" opened at line ${open.line} (the file is cut?)`,
      line,
      null,
    );
  }
  return out;
}

/** Splits one set-form line into words: double quotes group, [ ] are dropped, nothing else is special. */
export function splitSetLine(text: string, line: number): string[] {
  const words: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n) j++;
        s += text[j];
        j++;
      }
      if (j >= n)
        throw new ParseError("a quoted string is never closed on its line; expected a closing '\"'", line, null);
      words.push(s);
      i = j + 1;
    } else if (c === '[' || c === ']') {
      i++;
    } else {
      let j = i;
      while (j < n && !/[\s"[\]]/.test(text[j]!)) j++;
      words.push(text.slice(i, j));
      i = j;
    }
  }
  return words;
}

/** The set form: one statement per line; `#` lines and blank lines skipped; other lines given to `other`. */
export function parseSetLines(
  text: string,
  what: string,
  verbs: ReadonlySet<string>,
  other: (line: string, lineNo: number) => void,
): Statement[] {
  checkText(text, what);
  const out: Statement[] = [];
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k]!;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const words = splitSetLine(trimmed, k + 1);
    const verb = words[0] ?? '';
    if (!verbs.has(verb)) {
      other(raw, k + 1);
      continue;
    }
    out.push({ words: words.slice(1), line: k + 1, blocks: [], inactiveFrom: null, verb });
  }
  return out;
}

/**
 * The set form has no closing brace to show a cut file: a last statement without its line end may be
 * incomplete. Returns that line's number (comments and blank lines do not count).
 */
export function openLastLine(text: string): number | null {
  if (text === '' || text.endsWith('\n')) return null;
  const lines = text.split('\n');
  const last = lines[lines.length - 1]!.trim();
  return last === '' || last.startsWith('#') ? null : lines.length;
}

/** The line span of what starts at word `index` (a policy, a rule, a term) over its statements. */
export function spanOf(stmts: readonly Statement[], index: number): { from: number; to: number } {
  let from = Infinity;
  let to = 0;
  for (const s of stmts) {
    const block = s.blocks.find((b) => b.start <= index && index < b.start + b.words.length);
    const a = block ? block.line : s.line;
    const b = block ? block.endLine : s.line;
    if (a < from) from = a;
    if (b > to) to = b;
  }
  return from === Infinity ? { from: 0, to: 0 } : { from, to };
}

/**
 * The original text of what starts at word `index`: its whole block in the curly form, or its own lines
 * in the set form (which may be scattered through the file).
 */
export function sourceOf(
  stmts: readonly Statement[],
  index: number,
  source: SourceText,
): { lineFrom: number | null; lineTo: number | null; text: string } {
  if (stmts.length === 0) return { lineFrom: null, lineTo: null, text: '' };
  const { from, to } = spanOf(stmts, index);
  const inBlocks = stmts.every((s) => s.blocks.some((b) => b.start <= index && index < b.start + b.words.length));
  if (inBlocks) return { lineFrom: from, lineTo: to, text: source.range(from, to) };
  const lines = [...new Set(stmts.map((s) => s.line))].sort((a, b) => a - b);
  const all = source.allLines();
  return { lineFrom: from, lineTo: to, text: lines.map((l) => all[l - 1] ?? '').join('\n') };
}

/** The comment written before the block that starts at word `index`, if any. */
export function blockComment(stmts: readonly Statement[], index: number): string | null {
  for (const s of stmts) {
    const block = s.blocks.find((b) => b.start === index || (b.start <= index && index < b.start + b.words.length));
    if (block?.comment) return block.comment;
  }
  return null;
}
