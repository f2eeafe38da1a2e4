// FortiOS CLI configuration text as statements: `config PATH` / `edit NAME` / `set KEY VALUE...` /
// `append` / `unset` / `next` / `end`, with "double" and 'single' quoting (backslash escapes) and quoted
// values that run over several lines (certificates, replacement messages).
import { lineParser } from '../lines';
import { ParseError, type StreamParser } from '../types';

export interface Statement {
  words: string[];
  line: number;
  /** The statement's text as written (one or more lines). */
  text: string;
}

/** A quoted value longer than this is not configuration but junk or an unclosed quote. */
const MAX_STATEMENT = 1024 * 1024;

/** Splits one statement into words; `open` is true when a quote is still open at the end. */
export function splitWords(text: string): { words: string[]; open: boolean } {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else if (ch === quote) quote = null;
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return { words, open: quote !== null };
}

/** Streams statements (comment lines starting with '#' included as words ['#...']). */
export function statementParser(onStatement: (s: Statement) => void, onEnd: () => void): StreamParser {
  let pending: { text: string; line: number } | null = null;
  return lineParser(
    (raw, no) => {
      const text = pending ? `${pending.text}\n${raw}` : raw;
      const line = pending ? pending.line : no;
      if (!pending && /^\s*#/.test(raw)) {
        onStatement({ words: [raw.trim()], line: no, text: raw });
        return;
      }
      const { words, open } = splitWords(text);
      if (open) {
        if (text.length > MAX_STATEMENT) {
          throw new ParseError(`a quoted value opened on line ${line} is not closed within 1 MiB`, line, null);
        }
        pending = { text, line };
        return;
      }
      pending = null;
      if (words.length > 0) onStatement({ words, line, text });
    },
    () => {
      if (pending) {
        throw new ParseError(
          `the file ends inside a quoted value opened on line ${pending.line}; expected its closing quote — the file looks cut`,
          pending.line,
          null,
        );
      }
      onEnd();
    },
  );
}
