// JSON inputs. Whole documents (assessor reports) are buffered up to a bound and parsed once, with the
// error position turned into line and column; JSON Lines are parsed line by line.
import { lineParser } from './lines';
import { ParseError, type StreamParser } from './types';

export const MAX_JSON_DOCUMENT = 256 * 1024 * 1024;

export function positionToLineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: pos - lastNl };
}

export function parseJsonText(text: string, what: string): unknown {
  if (text.trim() === '') throw new ParseError(`the file is empty; expected ${what}`, 1, 1);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const m = /position (\d+)/.exec(message);
    const pos = m ? Number(m[1]) : text.length;
    const { line, column } = positionToLineColumn(text, pos);
    throw new ParseError(
      `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')}); expected ${what}`,
      line,
      column,
    );
  }
}

/** Buffers the whole document (bounded) and hands the parsed value to `onDocument` at the end. */
export function jsonDocumentParser(what: string, onDocument: (doc: unknown) => void): StreamParser {
  const parts: string[] = [];
  let size = 0;
  return {
    write(text) {
      size += text.length;
      if (size > MAX_JSON_DOCUMENT) {
        throw new ParseError(
          `the JSON document is larger than ${MAX_JSON_DOCUMENT / 1024 / 1024} MiB; expected ${what}`,
        );
      }
      parts.push(text);
    },
    end() {
      onDocument(parseJsonText(parts.join(''), what));
    },
  };
}

/** One JSON value per non-blank line. */
export function jsonLinesParser(what: string, onValue: (value: unknown, lineNo: number) => void): StreamParser {
  return lineParser((line, lineNo) => {
    const t = line.trim();
    if (t === '') return;
    try {
      onValue(JSON.parse(t), lineNo);
    } catch (err) {
      if (err instanceof ParseError) throw err;
      throw new ParseError(`not valid JSON (${(err as Error).message}); expected ${what}`, lineNo, null);
    }
  });
}
