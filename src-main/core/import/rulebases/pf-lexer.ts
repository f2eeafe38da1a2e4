// pf.conf lexing: lines into statements (a backslash before the newline continues the line, as pfctl's
// lexer removes "\\\n"; a newline inside { } is only a separator), "#" comments outside quotes, macro
// expansion ($name, outside quotes, as pfctl does) and tokens.
import { ParseError } from '../types';

export interface PfStatement {
  text: string;
  /** The comment lines right above the statement and comments on its own lines, or null. */
  comment: string | null;
  /** The original lines, for the rule's text. */
  original: string;
  lineFrom: number;
  lineTo: number;
}

export interface PfToken {
  text: string;
  quoted: boolean;
  /** 1-based column in the statement text (after continuation lines were joined). */
  column: number;
}

/** Collects statements from lines; `push` returns a statement when one is complete. */
export class PfStatementBuilder {
  private parts: string[] = [];
  private original: string[] = [];
  private depth = 0;
  private start = 0;
  private continued = false;
  private comments: string[] = [];

  push(raw: string, lineNo: number): PfStatement | null {
    const { code, opens, comment } = stripComment(raw, lineNo);
    const between = this.parts.length === 0 && !this.continued;
    if (between && code.trim() === '') {
      // Comment lines gather above the next statement; a blank line ends the block.
      if (comment !== null) this.comments.push(comment);
      else this.comments = [];
      return null;
    }
    if (comment !== null && comment !== '') this.comments.push(comment);
    if (between) this.start = lineNo;
    this.original.push(raw);
    this.depth += opens;
    let text = code;
    this.continued = /\\\s*$/.test(text);
    if (this.continued) text = text.replace(/\\\s*$/, '');
    // A continued line is glued to the next (pfctl drops "\\\n"); lines inside braces are separated.
    this.parts.push(text);
    if (this.continued || this.depth > 0) {
      if (!this.continued) this.parts.push(' ');
      return null;
    }
    const stmt: PfStatement = {
      text: this.parts.join(''),
      comment: this.comments.filter((c) => c !== '').join('\n') || null,
      original: this.original.join('\n'),
      lineFrom: this.start,
      lineTo: lineNo,
    };
    if (this.depth < 0) throw new ParseError('a "}" with no "{" before it; expected balanced braces', lineNo, null);
    this.parts = [];
    this.original = [];
    this.comments = [];
    this.depth = 0;
    return stmt;
  }

  /** At the end of the file: nothing may be left open. */
  finish(lastLine: number): void {
    if (this.depth > 0) {
      throw new ParseError(
        `the statement starting on line ${this.start} has a "{" that is never closed; expected "}" before the end of the file`,
        this.start,
        null,
      );
    }
    if (this.continued) {
      throw new ParseError(
        'the file ends with a "\\" continuation; expected the rest of the statement',
        lastLine,
        null,
      );
    }
  }
}

/** The line without its comment, the comment's text, and the brace balance; a quote left open is an error. */
function stripComment(line: string, lineNo: number): { code: string; opens: number; comment: string | null } {
  let quote = false;
  let opens = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quote = !quote;
    else if (!quote && c === '#') return { code: line.slice(0, i), opens, comment: line.slice(i + 1).trim() };
    else if (!quote && c === '{') opens++;
    else if (!quote && c === '}') opens--;
  }
  if (quote) throw new ParseError("a quoted string is not closed on its line; expected a closing '\"'", lineNo, null);
  return { code: line, opens, comment: null };
}

/** Expands $macros outside quotes; an unknown macro is reported through `unknown` and left as written. */
export function expandMacros(
  text: string,
  macros: ReadonlyMap<string, string>,
  unknown: (name: string, column: number) => void,
): string {
  let out = '';
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') quote = !quote;
    if (c === '$' && !quote) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (m) {
        const value = macros.get(m[0]);
        if (value === undefined) {
          unknown(m[0], i + 1);
          out += `$${m[0]}`;
        } else {
          // Definitions are stored already expanded (pfctl expands a macro's value when it is defined).
          out += value;
        }
        i += m[0].length;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const PUNCT = new Set(['{', '}', '(', ')']);

/** Words, quoted strings, braces and parentheses, "<table>" names and the operators != <= >= <> >< < > = !. */
export function tokenize(text: string, lineNo: number): PfToken[] {
  const out: PfToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/[\s,]/.test(c)) {
      i++;
      continue;
    }
    const column = i + 1;
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new ParseError("a quoted string is not closed; expected '\"'", lineNo, column);
      out.push({ text: text.slice(i + 1, end), quoted: true, column });
      i = end + 1;
      continue;
    }
    if (PUNCT.has(c)) {
      out.push({ text: c, quoted: false, column });
      i++;
      continue;
    }
    const table = /^<[A-Za-z0-9_.:-]+>/.exec(text.slice(i));
    if (table) {
      out.push({ text: table[0], quoted: false, column });
      i += table[0].length;
      continue;
    }
    const op = /^(!=|<=|>=|<>|><|<|>|=|!)/.exec(text.slice(i));
    if (op) {
      out.push({ text: op[0], quoted: false, column });
      i += op[0].length;
      continue;
    }
    const word = /^[^\s,{}()"!<>=]+/.exec(text.slice(i)) as RegExpExecArray;
    out.push({ text: word[0], quoted: false, column });
    i += word[0].length;
  }
  return out;
}
